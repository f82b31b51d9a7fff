import KBCore

extension FrontMatterLines {
    /// `title=2:8 category=3:11|5:3 6:3|8:5 9:5|12`: field positions, related positions, symptom
    /// positions and the body line. Stored with the article in the index, so that a build can
    /// point at an unchanged file's fields without reading it again.
    var encoded: String {
        func position(_ p: TextPosition) -> String { "\(p.line):\(p.column)" }
        let fieldPart = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\(position($0.value))" }.joined(separator: " ")
        return [fieldPart, related.map(position).joined(separator: " "), symptoms.map(position).joined(separator: " "),
                String(bodyLine)].joined(separator: "|")
    }

    /// The inverse of `encoded`; nil for text it did not produce. Read on the bytes (every
    /// separator is ASCII): a build with 31,000 warnings decodes the positions of every article.
    init?(encoded text: String) {
        var text = text
        guard let decoded = text.withUTF8({ Self.decode($0) }) else { return nil }
        self = decoded
    }

    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> FrontMatterLines? {
        let parts = bytes.split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false)
        guard parts.count == 4, let bodyLine = number(parts[3]) else { return nil }
        func number(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
            guard !digits.isEmpty, digits.count <= 18 else { return nil }
            var value = 0
            for byte in digits {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        func position(_ text: Slice<UnsafeBufferPointer<UInt8>>) -> TextPosition? {
            let numbers = text.split(separator: UInt8(ascii: ":"))
            guard numbers.count == 2, let line = number(numbers[0]), let column = number(numbers[1]) else { return nil }
            return TextPosition(line: line, column: column)
        }
        func positions(_ part: Slice<UnsafeBufferPointer<UInt8>>) -> [TextPosition]? {
            var result: [TextPosition] = []
            for piece in part.split(separator: UInt8(ascii: " ")) {
                guard let value = position(piece) else { return nil }
                result.append(value)
            }
            return result
        }
        var fields: [String: TextPosition] = [:]
        for pair in parts[0].split(separator: UInt8(ascii: " ")) {
            guard let equals = pair.firstIndex(of: UInt8(ascii: "=")), let value = position(pair[(equals + 1)...]) else { return nil }
            fields[String(decoding: UnsafeBufferPointer(rebasing: pair[..<equals]), as: UTF8.self)] = value
        }
        guard let related = positions(parts[1]), let symptoms = positions(parts[2]) else { return nil }
        var lines = FrontMatterLines()
        lines.fields = fields
        lines.related = related
        lines.symptoms = symptoms
        lines.bodyLine = bodyLine
        return lines
    }
}
