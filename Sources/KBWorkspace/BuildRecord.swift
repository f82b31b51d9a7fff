import Foundation
import KBCore
import KBSite
import KBText

/// What the last successful build was made from and what it wrote, kept beside the index
/// (`<index>.build.json`). A build that finds the same inputs and its outputs still in place has
/// nothing to do: it answers from this record without reading an article back, opening the index
/// or rendering a page (10,000 articles: a directory walk instead of seconds of work).
///
/// Inputs are compared by digest: every entry under `content/` by path, size, modification and
/// status-change time and inode (a rewritten file changes its status-change time even when its
/// size and modification time are put back); kb.yml, the query-words files and every file under
/// `site/` by content; the kb program by size, time and inode; the day freshness is judged on.
/// Outputs by the status of the published index and of the site's manifest: a build that
/// replaced either and did not finish leaves them different from the record.
struct BuildRecord: Equatable {
    static let currentVersion = 1

    /// The record's fields but the diagnostics, stored as one line of JSON.
    struct Header: Codable, Equatable {
        var version = BuildRecord.currentVersion
        /// Digest of the inputs (`inputs(_:listing:day:)`).
        var inputs: String
        /// The site folder the build wrote, nil for `--no-site`.
        var site: String?
        /// Digest of the outputs' file status after the build.
        var outputs: String
        var articleCount: Int
        /// Files of the site, when it was built.
        var siteFiles: Int
    }

    var header: Header
    /// The diagnostics the build reported (warnings: it succeeded), sorted for display.
    var diagnostics: [Diagnostic]

    var inputs: String { header.inputs }
    var site: String? { header.site }
    var outputs: String { header.outputs }
    var articleCount: Int { header.articleCount }
    var siteFiles: Int { header.siteFiles }

    init(inputs: String, site: String?, outputs: String, articleCount: Int, diagnostics: [Diagnostic], siteFiles: Int) {
        header = Header(inputs: inputs, site: site, outputs: outputs, articleCount: articleCount, siteFiles: siteFiles)
        self.diagnostics = diagnostics
    }

    static func path(for base: KnowledgeBase) -> String { base.indexPath + ".build.json" }

    /// The record, or nil. With `inputs`, nil also when it was made from other inputs: then its
    /// 30,000 diagnostics (10,000 articles) are not decoded for nothing.
    static func read(_ base: KnowledgeBase, inputs: String? = nil) -> BuildRecord? {
        guard let data = FileManager.default.contents(atPath: path(for: base)) else { return nil }
        let bytes = [UInt8](data)
        let end = bytes.firstIndex(of: 0x0A) ?? bytes.count
        guard let header = try? JSONDecoder().decode(Header.self, from: Data(bytes[..<end])),
              header.version == currentVersion, inputs == nil || header.inputs == inputs,
              let diagnostics = DiagnosticLines.decode(bytes[min(end + 1, bytes.count)...]) else { return nil }
        return BuildRecord(header: header, diagnostics: diagnostics)
    }

    private init(header: Header, diagnostics: [Diagnostic]) {
        self.header = header
        self.diagnostics = diagnostics
    }

    /// Removed before a build changes anything: if it stops half-way, the next one must not
    /// trust a record of outputs it may have replaced.
    static func forget(_ base: KnowledgeBase) {
        unlink(path(for: base))
    }

    /// Written last, through a temporary file renamed over the old record.
    func write(_ base: KnowledgeBase) {
        let target = Self.path(for: base)
        let temporary = target + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard var data = try? encoder.encode(header), let lines = DiagnosticLines.encode(diagnostics) else { return }
        data.append(0x0A)
        data.append(contentsOf: lines)
        guard FileManager.default.createFile(atPath: temporary, contents: data), rename(temporary, target) == 0 else {
            // Without a record the next build does the full incremental work: slower, never wrong.
            unlink(temporary)
            return
        }
    }

    /// True when a build with these inputs and options has nothing to do.
    func covers(inputs: String, site: String?, base: KnowledgeBase) -> Bool {
        guard inputs == self.inputs else { return false }
        // A build without the site is covered by one that also wrote the site.
        if let site, site != self.site { return false }
        return outputs == Self.outputs(base, site: self.site)
    }

    // MARK: Digests

    /// The status of the published index and of the site's manifest (written last by a site build).
    static func outputs(_ base: KnowledgeBase, site: String?) -> String {
        var text = stamp(base.indexPath)
        if let site { text += stamp(site + "/" + siteManifestName) }
        return ContentHash.hex(of: text)
    }

    static let siteManifestName = SiteGenerator.manifestName

    /// `settings` (computed once by the caller), the day, and every entry under `content/`.
    static func inputs(settings: String, listing: ContentListing, day: Day) -> String {
        ContentHash.hex(of: "settings \(settings)\nday \(day)\n" + listing.stamps)
    }

    /// Everything but the content a build is made from: the kb program, kb.yml, the query-words
    /// files and every file under `site/`. The site generator keys article pages with it too.
    static func settings(_ base: KnowledgeBase) -> String {
        var text = "kb \(programStamp())\n"
        for file in [base.root.appendingPathComponent(Configuration.fileName)] + SynonymTable.Role.allCases.map(base.queryWordsFile) {
            text += file.lastPathComponent + " " + contentDigest(file.path) + "\n"
        }
        for (path, digest) in siteDigests(base.siteDirectory) { text += "site/\(path) \(digest)\n" }
        return ContentHash.hex(of: text)
    }

    /// Every file under `site/` (hidden ones too: being thorough costs nothing here) by content.
    private static func siteDigests(_ folder: URL) -> [(String, String)] {
        let root = folder.resolvingSymlinksInPath().path
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var found: [(String, String)] = []
        while let path = enumerator.nextObject() as? String {
            let full = root + "/" + path
            guard let status = FileStatus(path: full), status.kind == .regular else { continue }
            found.append((path, contentDigest(full)))
        }
        return found.sorted { $0.0 < $1.0 }
    }

    private static func contentDigest(_ path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "-" }
        return ContentHash.hex(of: data)
    }

    /// Size, times and inode of a file, or `-` when it does not exist.
    private static func stamp(_ path: String) -> String {
        guard let status = FileStatus(path: path) else { return "-\n" }
        return "\(status.size) \(status.modified) \(status.changed) \(status.identity.device) \(status.identity.inode)\n"
    }

    /// The running program: a new kb may lay out the index or the site differently.
    private static func programStamp() -> String {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return path + " " + stamp(path)
    }
}

/// Diagnostics as text: fields separated by U+001F, diagnostics by U+001E. Tens of thousands of
/// warnings (duplicate symptoms at 10,000 articles) decode in milliseconds, where JSONDecoder took
/// most of a build with nothing to do.
enum DiagnosticLines {
    static let field: UInt8 = 0x1F
    static let record: UInt8 = 0x1E

    /// Nil when a field holds a separator (content with control characters fails its build, so
    /// this is not expected; such a build is simply not recorded).
    static func encode(_ diagnostics: [Diagnostic]) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(diagnostics.count * 220)
        for d in diagnostics {
            let fields = [d.severity.rawValue, d.location.path, String(d.location.line), String(d.location.column),
                          d.rule, d.message, d.hint.map { "+" + $0 } ?? "-"]
            for (index, text) in fields.enumerated() {
                if index > 0 { out.append(field) }
                // Scanned and copied as the string's own buffer: through `utf8`'s iterator, byte by
                // byte, this was 3 % of an edit build at 10,000 articles (31,576 warnings).
                var text = text
                let clean = text.withUTF8 { bytes in
                    guard !bytes.contains(where: { $0 == field || $0 == record }) else { return false }
                    out.append(contentsOf: bytes)
                    return true
                }
                if !clean { return nil }
            }
            out.append(record)
        }
        return out
    }

    static func decode(_ bytes: ArraySlice<UInt8>) -> [Diagnostic]? {
        var diagnostics: [Diagnostic] = []
        for entry in bytes.split(separator: record) {
            let parts = entry.split(separator: field, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            guard parts.count == 7, let severity = Diagnostic.Severity(rawValue: parts[0]),
                  let line = Int(parts[2]), let column = Int(parts[3]) else { return nil }
            let hint: String? = parts[6].hasPrefix("+") ? String(parts[6].dropFirst()) : nil
            diagnostics.append(Diagnostic(severity, SourceLocation(path: parts[1], line: line, column: column),
                                          rule: parts[4], parts[5], hint: hint))
        }
        return diagnostics
    }
}
