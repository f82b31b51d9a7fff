import KBCore

/// `【待填写：…】`: text an editor still has to write (`kb new` leaves one wherever the article
/// needs its own words). `kb check` reports each one as an error, so a skeleton is never published.
public enum Placeholder {
    public static let opening = "【待填写"
    public static let closing: Character = "】"

    public static func make(_ instruction: String) -> String { "\(opening)：\(instruction)\(closing)" }

    /// A plain byte search: every article is scanned, and almost none has a placeholder.
    static func mayContain(_ text: String) -> Bool {
        var text = text
        let needle = Array(opening.utf8)
        return text.withUTF8 { bytes in
            guard bytes.count >= needle.count else { return false }
            var index = 0
            let last = bytes.count - needle.count
            while index <= last {
                if bytes[index] == needle[0] {
                    var matched = 1
                    while matched < needle.count && bytes[index + matched] == needle[matched] { matched += 1 }
                    if matched == needle.count { return true }
                }
                index += 1
            }
            return false
        }
    }

    /// Every placeholder left in a file, as errors at its line and column.
    static func find(in text: String, path: String) -> [Diagnostic] {
        guard mayContain(text) else { return [] }
        var diagnostics: [Diagnostic] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            var column = 1
            while let range = rest.range(of: opening) {
                column += rest.distance(from: rest.startIndex, to: range.lowerBound)
                let tail = rest[range.lowerBound...]
                let end = tail.firstIndex(of: closing).map { tail.index(after: $0) } ?? tail.endIndex
                var marker = String(tail[..<end])
                if marker.count > 40 { marker = String(marker.prefix(39)) + "…" }
                diagnostics.append(.error(SourceLocation(path: path, line: index + 1, column: column), .placeholder,
                                          "placeholder left to fill: \(marker)", hint: "replace it with the article's own text"))
                column += tail.distance(from: tail.startIndex, to: end)
                rest = tail[end...]
            }
        }
        return diagnostics
    }
}
