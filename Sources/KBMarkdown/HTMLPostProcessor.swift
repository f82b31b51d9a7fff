/// Small, safe edits to cmark's HTML output. Safe mode guarantees that every `<hN>` in the output
/// comes from a Markdown heading (text is escaped), so matching tags is reliable here.
public enum HTMLPostProcessor {
    static func process(_ html: String, headingAnchors: [String]) -> String {
        var output = ""
        output.reserveCapacity(html.utf8.count + headingAnchors.count * 24)
        var headingIndex = 0
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            output += rest[..<open]
            rest = rest[open...]
            if let level = headingLevel(at: rest), headingIndex < headingAnchors.count {
                output += "<h\(level) id=\"\(escapeAttribute(headingAnchors[headingIndex]))\">"
                headingIndex += 1
                rest = rest.dropFirst(4)
            } else if let close = rest.firstIndex(of: ">") {
                output += replacingAlign(rest[...close])
                rest = rest[rest.index(after: close)...]
            } else {
                output += rest
                rest = ""
            }
        }
        output += rest
        return output
    }

    /// `<h2>` → 2, for the exact opening tags cmark writes.
    private static func headingLevel(at text: Substring) -> Int? {
        let bytes = Array(text.utf8.prefix(4))
        guard bytes.count == 4, bytes[0] == UInt8(ascii: "<"), bytes[1] == UInt8(ascii: "h"),
              (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(bytes[2]), bytes[3] == UInt8(ascii: ">") else { return nil }
        return Int(bytes[2] - UInt8(ascii: "0"))
    }

    /// HTML5 made `align` on table cells obsolete; the same alignment as a style is valid.
    private static func replacingAlign(_ tag: Substring) -> String {
        guard tag.hasPrefix("<th") || tag.hasPrefix("<td") else { return String(tag) }
        var result = String(tag)
        for alignment in ["left", "center", "right"] {
            result = result.replacingOccurrences(of: " align=\"\(alignment)\"", with: " style=\"text-align: \(alignment)\"")
        }
        return result
    }

    /// Escapes `& " < >`: safe in element text and in double-quoted attribute values.
    public static func escapeAttribute(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "\"": escaped += "&quot;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

import Foundation
