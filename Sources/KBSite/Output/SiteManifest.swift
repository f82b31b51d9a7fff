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

    /// The same, given the last manifest and the paths of it that went: usually the same files as
    /// last time (an edit rewrites some, adds and removes a few), so its order less the paths that
    /// went, merged with the few new paths sorted, costs a pass instead of sorting 67,000 paths.
    static func sortedPaths(_ paths: Dictionary<String, String>.Keys, previous: SiteManifest, gone: [String]) -> [String] {
        let order = previous.order
        guard order.count == previous.files.count, zip(order, order.dropFirst()).allSatisfy({ utf8Less($0, $1) }) else {
            return sortedPaths(paths)
        }
        let removed = Set(gone)
        let kept = removed.isEmpty ? order : order.filter { !removed.contains($0) }
        guard kept.count != paths.count else { return kept }
        let added = sortedPaths(paths.filter { previous.files[$0] == nil })
        var merged: [String] = []
        merged.reserveCapacity(paths.count)
        var (i, j) = (0, 0)
        while i < kept.count || j < added.count {
            if j == added.count || (i < kept.count && utf8Less(kept[i], added[j])) {
                merged.append(kept[i])
                i += 1
            } else {
                merged.append(added[j])
                j += 1
            }
        }
        return merged
    }

    func encoded(sortedPaths: [String]? = nil) throws -> Data {
        var text = Self.header + "\n"
        // 67,000 lines: one buffer grown once, not a String appended to line by line.
        text.reserveCapacity(files.count * 110)
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
        for path in sortedPaths ?? Self.sortedPaths(files.keys) {
            guard let fingerprint = files[path] else { continue }
            text += "f\t"
            text += Self.escape(path)
            text += "\t"
            text += fingerprint
            if let key = keys[path] {
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
