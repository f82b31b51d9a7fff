import KBCore

/// How an article's body links are stored in `articles.links`: one link per line, fields separated
/// by tabs, with `\`, tab and newline escaped. A fifth of the size of the JSON it replaces, and
/// read without a JSON decoder on every incremental build.
///
///     kind  line  column  destination  target  [value  [anchor]]
///     l     14    27      ../fixes/a.md  a     fixes/a
enum LinkRows {
    static func encode(_ links: [BodyLink]) -> String {
        links.map { link in
            var fields = [link.kind == .image ? "i" : "l", String(link.line), String(link.column), link.destination]
            switch link.target {
            case let .article(id, anchor):
                fields += anchor.map { ["A", id.rawValue, $0] } ?? ["a", id.rawValue]
            case let .sameArticle(anchor): fields += ["s", anchor]
            case let .file(path): fields += ["f", path]
            case let .external(text): fields += ["e", text]
            }
            return fields.map(escape).joined(separator: "\t")
        }.joined(separator: "\n")
    }

    /// The inverse of `encode`; nil for text it did not produce.
    static func decode(_ text: String) -> [BodyLink]? {
        guard !text.isEmpty else { return [] }
        var links: [BodyLink] = []
        // Split on the bytes: newline and tab are single bytes in UTF-8, and splitting a String by
        // Character walks grapheme boundaries (a third of reading every stored article back).
        var text = text
        return text.withUTF8 { bytes -> [BodyLink]? in
            for record in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
                // Fields made from the bytes at once: a String of a UTF-8 view slice is built a
                // byte at a time.
                let fields = record.split(separator: 0x09, omittingEmptySubsequences: false).map {
                    unescape(String(decoding: UnsafeBufferPointer(rebasing: $0), as: UTF8.self))
                }
                guard let link = link(fields) else { return nil }
                links.append(link)
            }
            return links
        }
    }

    /// One link from its fields; nil when they are not what `encode` writes.
    private static func link(_ fields: [String]) -> BodyLink? {
        guard fields.count >= 5, let line = Int(fields[1]), let column = Int(fields[2]) else { return nil }
        let kind: BodyLink.Kind
        switch fields[0] {
        case "l": kind = .link
        case "i": kind = .image
        default: return nil
        }
        let target: BodyLink.Target
        switch (fields[4], fields.count) {
        case ("a", 6): target = .article(ArticleID(fields[5]), anchor: nil)
        case ("A", 7): target = .article(ArticleID(fields[5]), anchor: fields[6])
        case ("s", 6): target = .sameArticle(anchor: fields[5])
        case ("f", 6): target = .file(fields[5])
        case ("e", 6): target = .external(fields[5])
        default: return nil
        }
        return BodyLink(kind: kind, destination: fields[3], target: target, line: line, column: column)
    }

    private static func escape(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A }) else { return field }
        var escaped = ""
        for character in field.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\t": escaped += "\\t"
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    private static func unescape(_ field: String) -> String {
        guard field.utf8.contains(0x5C) else { return field }
        var result = ""
        var escaping = false
        for character in field.unicodeScalars {
            if escaping {
                switch character {
                case "t": result += "\t"
                case "n": result += "\n"
                default: result.unicodeScalars.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.unicodeScalars.append(character)
            }
        }
        return result
    }
}
