/// File lines of front matter fields and list items, so cross-article checks can point at them.
/// Stored in the index with the article, so that a build need not read unchanged files again.
public struct FrontMatterLines: Sendable, Equatable {
    public var fields: [String: Int] = [:]
    /// Line of each `related` id, parallel to `FrontMatter.related`; empty when unknown.
    public var related: [Int] = []
    /// Line of each symptom, parallel to `FrontMatter.symptoms`.
    public var symptoms: [Int] = []

    public init() {}

    public init(fields: [String: Int], related: [Int], symptoms: [Int]) {
        self.fields = fields
        self.related = related
        self.symptoms = symptoms
    }

    public func field(_ name: String) -> Int { fields[name] ?? 1 }
}

extension FrontMatterLines {
    /// `title=2 category=3;5 6;8 9`: fields, then related lines, then symptom lines. Compact and
    /// readable in `sqlite3`.
    public var encoded: String {
        let fieldPart = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return [fieldPart, related.map(String.init).joined(separator: " "), symptoms.map(String.init).joined(separator: " ")]
            .joined(separator: ";")
    }

    /// The inverse of `encoded`; nil for text it did not produce.
    public init?(encoded text: String) {
        let parts = text.split(separator: ";", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var fields: [String: Int] = [:]
        for pair in parts[0].split(separator: " ") {
            guard let equals = pair.firstIndex(of: "="), let line = Int(pair[pair.index(after: equals)...]) else { return nil }
            fields[String(pair[..<equals])] = line
        }
        func numbers(_ part: Substring) -> [Int]? {
            var result: [Int] = []
            for piece in part.split(separator: " ") {
                guard let value = Int(piece) else { return nil }
                result.append(value)
            }
            return result
        }
        guard let related = numbers(parts[1]), let symptoms = numbers(parts[2]) else { return nil }
        self.init(fields: fields, related: related, symptoms: symptoms)
    }
}
