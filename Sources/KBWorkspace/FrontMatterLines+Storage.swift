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

    /// The inverse of `encoded`; nil for text it did not produce.
    init?(encoded text: String) {
        let parts = text.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 4, let bodyLine = Int(parts[3]) else { return nil }
        func position(_ text: Substring) -> TextPosition? {
            let numbers = text.split(separator: ":")
            guard numbers.count == 2, let line = Int(numbers[0]), let column = Int(numbers[1]) else { return nil }
            return TextPosition(line: line, column: column)
        }
        func positions(_ part: Substring) -> [TextPosition]? {
            var result: [TextPosition] = []
            for piece in part.split(separator: " ") {
                guard let value = position(piece) else { return nil }
                result.append(value)
            }
            return result
        }
        var fields: [String: TextPosition] = [:]
        for pair in parts[0].split(separator: " ") {
            guard let equals = pair.firstIndex(of: "="), let value = position(pair[pair.index(after: equals)...]) else { return nil }
            fields[String(pair[..<equals])] = value
        }
        guard let related = positions(parts[1]), let symptoms = positions(parts[2]) else { return nil }
        self.init()
        self.fields = fields
        self.related = related
        self.symptoms = symptoms
        self.bodyLine = bodyLine
    }
}
