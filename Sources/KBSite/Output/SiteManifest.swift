import Foundation

/// What the last build wrote into the output folder (`SitePaths.manifest`), as lines that are
/// cheap to read and write: a build with one edited article reads and writes it whole, and at
/// 10,000 articles it lists 67,000 files. (As one JSON document, decoding and encoding it were
/// a tenth of such a build.)
///
/// ```
/// kb-site 3
/// s	{search index state as JSON, without its documents}
/// d	NUMBER	CONTENT-HASH             one per document of the browser index
/// f	PATH	FINGERPRINT[	KEY]      one per file, sorted by path (bytes)
/// ```
///
/// Fields are separated by tabs; a path's `%`, tab, line feed and carriage return are written
/// `%25`, `%09`, `%0A`, `%0D`. Lines are sorted, so the same site gives the same bytes.
struct SiteManifest: Equatable {
    static let header = "kb-site 3"
    /// Output path → fingerprint of the inputs it was made from.
    var files: [String: String] = [:]
    /// What the browser index's incremental writer needs to know about the last build.
    var search: SearchIndexState?
    /// Output path → key of the inputs of a page that can be checked without building it
    /// (`PageKeys`).
    var keys: [String: String] = [:]
    /// The paths of `files` in the order the manifest listed them (sorted), when it was decoded.
    var order: [String] = []

    /// The paths of `files`, sorted by their UTF-8 bytes.
    static func sortedPaths<S: Sequence>(_ paths: S) -> [String] where S.Element == String {
        paths.sorted(by: utf8Less)
    }

    /// One file of a manifest: its path, fingerprint and page key.
    struct Line: Equatable {
        var path: String
        var fingerprint: String
        var key: String?
    }

    /// The manifest of the build after this one, as sorted lines: the files of `current`, and those
    /// of this manifest that `retained` says are carried over (with their fingerprints here); with
    /// this manifest's paths that went. Usually the same files as last time (an edit rewrites
    /// some, adds and removes a few), so this manifest's order, less what went and merged with
    /// the few new paths sorted, costs one pass instead of sorting 67,000 paths, and the 56,000
    /// carried index files are never inserted into `current`.
    func carried(into current: SiteManifest, retained: (String) -> Bool) -> (lines: [Line], gone: [String]) {
        var gone: [String] = []
        guard order.count == files.count, zip(order, order.dropFirst()).allSatisfy({ utf8Less($0, $1) }) else {
            // No usable order (a manifest of an earlier version): collect, then sort.
            var all = current.files
            for (path, fingerprint) in files where current.files[path] == nil {
                if retained(path) { all[path] = fingerprint } else { gone.append(path) }
            }
            let lines = Self.sortedPaths(all.keys).map { Line(path: $0, fingerprint: all[$0]!, key: current.keys[$0]) }
            return (lines, gone.sorted(by: utf8Less))
        }
        var kept: [Line] = []
        kept.reserveCapacity(order.count)
        for path in order {
            if let fingerprint = current.files[path] {
                kept.append(Line(path: path, fingerprint: fingerprint, key: current.keys[path]))
            } else if retained(path), let fingerprint = files[path] {
                kept.append(Line(path: path, fingerprint: fingerprint, key: current.keys[path]))
            } else {
                gone.append(path)
            }
        }
        let added = Self.sortedPaths(current.files.keys.filter { files[$0] == nil })
        guard !added.isEmpty else { return (kept, gone) }
        var merged: [Line] = []
        merged.reserveCapacity(kept.count + added.count)
        var (i, j) = (0, 0)
        while i < kept.count || j < added.count {
            if j == added.count || (i < kept.count && utf8Less(kept[i].path, added[j])) {
                merged.append(kept[i])
                i += 1
            } else {
                merged.append(Line(path: added[j], fingerprint: current.files[added[j]]!, key: current.keys[added[j]]))
                j += 1
            }
        }
        return (merged, gone)
    }

    func encoded() throws -> Data {
        let lines = Self.sortedPaths(files.keys).map { Line(path: $0, fingerprint: files[$0]!, key: keys[$0]) }
        return try Self.encode(search: search, lines: lines)
    }

    /// The manifest's bytes: the search state, then `lines` (sorted by path).
    static func encode(search: SearchIndexState?, lines: [Line]) throws -> Data {
        var text = Self.header + "\n"
        // 67,000 lines: one buffer grown once, not a String appended to line by line.
        text.reserveCapacity(lines.count * 110)
        if var search {
            let documents = search.documents
            search.documents = [:]
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            text += "s\t" + String(decoding: try encoder.encode(search), as: UTF8.self) + "\n"
            for (number, hash) in documents.map({ (Int($0.key) ?? -1, $0.value) }).sorted(by: { $0.0 < $1.0 }) {
                text += "d\t"
                text += String(number)
                text += "\t"
                text += hash
                text += "\n"
            }
        }
        for line in lines {
            text += "f\t"
            text += escape(line.path)
            text += "\t"
            text += line.fingerprint
            if let key = line.key {
                text += "\t"
                text += key
            }
            text += "\n"
        }
        return Data(text.utf8)
    }

    /// Nil when `data` is not a manifest of this version.
    static func decode(_ data: Data) -> SiteManifest? {
        var manifest = SiteManifest()
        var documents: [String: String] = [:]
        var state: SearchIndexState?
        let valid: Bool = data.withUnsafeBytes { raw -> Bool in
            let bytes = raw.bindMemory(to: UInt8.self)
            var lineStart = 0
            var first = true
            manifest.files.reserveCapacity(bytes.count / 60)
            manifest.order.reserveCapacity(bytes.count / 60)
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
                let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
                lineStart = lineEnd + 1
                if first {
                    guard String(decoding: line, as: UTF8.self) == header else { return false }
                    first = false
                    continue
                }
                guard line.count >= 2, line[1] == 0x09 else { return false }
                var fields: [String] = []
                var fieldStart = 2
                for index in 2...line.count where index == line.count || line[index] == 0x09 {
                    fields.append(String(decoding: UnsafeBufferPointer(rebasing: line[fieldStart..<index]), as: UTF8.self))
                    fieldStart = index + 1
                    if line[0] == UInt8(ascii: "s") { break }
                }
                switch line[0] {
                case UInt8(ascii: "f"):
                    guard fields.count == 2 || fields.count == 3 else { return false }
                    let path = fields[0].utf8.contains(UInt8(ascii: "%")) ? unescape(fields[0]) : fields[0]
                    manifest.files[path] = fields[1]
                    manifest.order.append(path)
                    if fields.count == 3 { manifest.keys[path] = fields[2] }
                case UInt8(ascii: "d"):
                    guard fields.count == 2 else { return false }
                    documents[fields[0]] = fields[1]
                case UInt8(ascii: "s"):
                    let json = String(decoding: UnsafeBufferPointer(rebasing: line[2...]), as: UTF8.self)
                    guard let decoded = try? JSONDecoder().decode(SearchIndexState.self, from: Data(json.utf8)) else { return false }
                    state = decoded
                default:
                    return false
                }
            }
            return !first
        }
        guard valid else { return nil }
        if var state {
            state.documents = documents
            manifest.search = state
        }
        return manifest
    }

    static func escape(_ path: String) -> String {
        guard path.utf8.contains(where: { $0 == 0x25 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return path }
        var escaped = ""
        for scalar in path.unicodeScalars {
            switch scalar {
            case "%": escaped += "%25"
            case "\t": escaped += "%09"
            case "\n": escaped += "%0A"
            case "\r": escaped += "%0D"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    static func unescape(_ path: String) -> String {
        path.replacingOccurrences(of: "%09", with: "\t").replacingOccurrences(of: "%0A", with: "\n")
            .replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%25", with: "%")
    }
}
