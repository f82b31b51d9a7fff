import KBCore

/// A stable digest of a page's inputs: the template context (dictionaries, arrays, strings,
/// numbers, booleans) serialised with sorted keys. Equal digests mean an identical page.
enum Fingerprint {
    static func of(_ parts: Any...) -> String {
        var text = ""
        for part in parts { serialize(part, into: &text) }
        return ContentHash.hex(of: text)
    }

    private static func serialize(_ value: Any, into text: inout String) {
        switch value {
        case let dictionary as [String: Any]:
            text += "{"
            for key in dictionary.keys.sorted() {
                text += key.count.description + ":" + key + "="
                serialize(dictionary[key]!, into: &text)
                text += ";"
            }
            text += "}"
        case let array as [Any]:
            text += "["
            for element in array {
                serialize(element, into: &text)
                text += ","
            }
            text += "]"
        case let string as String:
            text += "s" + string.utf8.count.description + ":" + string
        case let bool as Bool:
            text += bool ? "T" : "F"
        case let int as Int:
            text += "i" + int.description
        case let int64 as Int64:
            text += "i" + int64.description
        case let double as Double:
            text += "d" + double.description
        default:
            text += "?" + String(describing: value)
        }
    }
}
