/// Text with `{name}` placeholders, as editors write them in kb's editable defaults (the site's
/// words, the skeletons of `kb new`). A placeholder is a brace, lowercase ASCII letters or
/// underscores, a brace; any other brace is text.
public struct TextTemplate: Sendable, Equatable {
    public struct Placeholder: Sendable, Equatable {
        public var name: String
        /// Line and column (from 1, in characters) of its opening brace.
        public var line: Int
        public var column: Int
    }

    public let text: String
    public let placeholders: [Placeholder]

    public init(_ text: String) {
        self.text = text
        var found: [Placeholder] = []
        var line = 1, column = 1
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "{", let name = Self.name(at: index, in: text) {
                found.append(Placeholder(name: name, line: line, column: column))
            }
            if text[index] == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index = text.index(after: index)
        }
        placeholders = found
    }

    /// The placeholders whose names are not in `known`, in order.
    public func unknown(_ known: Set<String>) -> [Placeholder] {
        placeholders.filter { !known.contains($0.name) }
    }

    /// The text with each placeholder replaced by its value; placeholders without one stay as written.
    public func filled(_ values: [String: String]) -> String {
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "{", let name = Self.name(at: index, in: text), let value = values[name] {
                result += value
                index = text.index(index, offsetBy: name.count + 2)
            } else {
                result.append(text[index])
                index = text.index(after: index)
            }
        }
        return result
    }

    private static func name(at brace: String.Index, in text: String) -> String? {
        var name = ""
        var index = text.index(after: brace)
        while index < text.endIndex, let ascii = text[index].asciiValue, ascii == UInt8(ascii: "_") || (97...122).contains(ascii) {
            name.append(text[index])
            index = text.index(after: index)
        }
        guard !name.isEmpty, index < text.endIndex, text[index] == "}" else { return nil }
        return name
    }
}
