import Foundation
import KBCore

/// What the content checks found for each article in the last successful build, kept beside the
/// index (`<index>.checks`). At 10,000 generated articles a build reports some 31,000
/// duplicate-symptom warnings; making them again for one edited article (every article's
/// front-matter positions decoded, every message formatted) was a tenth of the build.
///
/// An article's entry is reused only when its dependency digest is the same (its bytes and path,
/// and what its checks read of other articles, `ContentChecker.dependency`); the whole file only
/// when its context is (the kb program, kb.yml, `site/`, the day and the content's other files,
/// see `Builder`). Anything else, or a file that cannot be read, and the checks run as before.
/// It is written after a successful build, through a temporary file renamed over the old one, so
/// a build that stops keeps the last one, whose entries stay true of the content they name.
struct CheckState: Equatable {
    static let header = "kb-checks 1\n"

    struct Entry: Equatable {
        /// Of the article the entry was made from: the keys below hold while it does.
        var contentHash: String
        /// `Tokenizer.normalizedKey` of the title and of each symptom, in order.
        var titleKey: String
        var symptomKeys: [String]
        /// Digest of everything the article's diagnostics were made from.
        var dependency: String
        /// The article's diagnostics (`DiagnosticLines`), copied into the next state as they are.
        var diagnostics: [UInt8]
    }

    /// Digest of what every entry depends on besides the content of articles.
    var context: String
    /// In the order of the build's articles (the file is written in that order).
    var entries: [(id: ArticleID, entry: Entry)] = []

    static func == (a: CheckState, b: CheckState) -> Bool {
        a.context == b.context && a.entries.elementsEqual(b.entries) { $0.id == $1.id && $0.entry == $1.entry }
    }

    /// What every entry depends on besides the articles: the settings (the kb program, kb.yml,
    /// the query-words files, `site/`), the day freshness is judged on, and the content's files
    /// that are not articles (links to them are checked).
    static func context(settings: String, listing: ContentListing, day: Day) -> String {
        ContentHash.hex(of: "checks \(header)settings \(settings)\nday \(day)\n" + listing.assets.sorted().joined(separator: "\n"))
    }

    static func path(for base: KnowledgeBase) -> String { base.indexPath + ".checks" }

    /// The state the last build left, when it was made in `context`; nil otherwise.
    static func read(_ base: KnowledgeBase, context: String) -> CheckState? {
        guard let data = FileManager.default.contents(atPath: path(for: base)) else { return nil }
        return decode([UInt8](data), context: context)
    }

    /// Best effort: without the file the next build runs every check, which is slower, never wrong.
    func write(_ base: KnowledgeBase) {
        let target = Self.path(for: base)
        let temporary = target + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(encoded())), rename(temporary, target) == 0 else {
            unlink(temporary)
            return
        }
    }

    /// Removed when a build cannot vouch for what it would keep (see `Builder`).
    static func forget(_ base: KnowledgeBase) {
        unlink(path(for: base))
    }

    // MARK: Encoding

    /// The header line, then length-prefixed fields (`LENGTH:BYTES`): the context, then per
    /// article its id, content hash, title key, symptom count, symptom keys, dependency and
    /// diagnostics. Lengths, not separators: titles and messages may hold any character.
    func encoded() -> [UInt8] {
        var out = Array(Self.header.utf8)
        out.reserveCapacity(entries.reduce(0) { $0 + $1.entry.diagnostics.count + 200 })
        func field<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
            out += String(bytes.count).utf8
            out.append(UInt8(ascii: ":"))
            out += bytes
        }
        field(context.utf8)
        for (id, entry) in entries {
            field(id.rawValue.utf8)
            field(entry.contentHash.utf8)
            field(entry.titleKey.utf8)
            field(String(entry.symptomKeys.count).utf8)
            for key in entry.symptomKeys { field(key.utf8) }
            field(entry.dependency.utf8)
            field(entry.diagnostics)
        }
        return out
    }

    /// Nil for bytes `encoded` did not make, or made in another context.
    static func decode(_ bytes: [UInt8], context: String) -> CheckState? {
        let header = Array(Self.header.utf8)
        guard bytes.starts(with: header) else { return nil }
        var reader = FieldReader(bytes: bytes, position: header.count)
        guard let stored = reader.text(), stored == context else { return nil }
        var state = CheckState(context: context)
        while !reader.atEnd {
            guard let id = reader.text(), let contentHash = reader.text(), let titleKey = reader.text(),
                  let count = reader.text().flatMap({ Int($0) }), count >= 0, count <= bytes.count else { return nil }
            var symptomKeys: [String] = []
            for _ in 0..<count {
                guard let key = reader.text() else { return nil }
                symptomKeys.append(key)
            }
            guard let dependency = reader.text(), let diagnostics = reader.field() else { return nil }
            state.entries.append((ArticleID(id), Entry(contentHash: contentHash, titleKey: titleKey, symptomKeys: symptomKeys,
                                                        dependency: dependency, diagnostics: Array(diagnostics))))
        }
        return state
    }

    private struct FieldReader {
        let bytes: [UInt8]
        var position: Int
        var atEnd: Bool { position >= bytes.count }

        mutating func field() -> ArraySlice<UInt8>? {
            var length = 0
            var digits = 0
            while position < bytes.count, bytes[position] != UInt8(ascii: ":") {
                let byte = bytes[position]
                guard byte >= 0x30, byte <= 0x39, digits < 12 else { return nil }
                length = length * 10 + Int(byte - 0x30)
                digits += 1
                position += 1
            }
            guard digits > 0, position < bytes.count, bytes.count - position - 1 >= length else { return nil }
            let start = position + 1
            position = start + length
            return bytes[start..<position]
        }

        mutating func text() -> String? {
            field().map { String(decoding: $0, as: UTF8.self) }
        }
    }
}
