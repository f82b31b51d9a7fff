import KBCore
import Yams

/// A Markdown file split into its YAML header and body, with line numbers kept.
struct SplitSource {
    /// The YAML text between the `---` lines.
    var yaml: String
    /// File line of the YAML's first line.
    var yamlLine: Int
    var body: String
    /// File line where the body starts (the one after the closing `---`).
    var bodyLine: Int

    /// File line of the closing `---`, where a missing field would be added.
    var closingLine: Int { bodyLine - 1 }
}

/// File positions of front matter values and list items, so cross-article checks can point at them.
public struct FrontMatterLines: Sendable, Equatable {
    /// Position of each field's value (of its key when the value is empty).
    public var fields: [String: TextPosition] = [:]
    /// Position of each `related` id, parallel to `FrontMatter.related`.
    public var related: [TextPosition] = []
    /// Position of each symptom, parallel to `FrontMatter.symptoms`.
    public var symptoms: [TextPosition] = []
    /// Line where the body starts.
    public var bodyLine = 1

    public init() {}

    public func field(_ name: String) -> TextPosition { fields[name] ?? TextPosition(line: 1) }
}

/// Reads and validates front matter against the schema of `content-spec.md`, reporting every
/// problem at the line (and column) where it is, and never stopping at the first one.
enum FrontMatterReader {
    static let fields = ["title", "category", "products", "symptoms", "summary", "related", "tags", "updated"]
    static let requiredFields = ["title", "category", "products", "summary", "updated"]

    /// Splits `---` front matter from the body. Walks lines only up to the closing delimiter and
    /// slices the rest, so a long body is not split and joined again.
    static func split(_ text: String, path: String) -> Result<SplitSource, Diagnostic> {
        var rest = text[...]
        if rest.unicodeScalars.first == "\u{FEFF}" { rest = rest.dropFirst() }
        let utf8 = rest.utf8
        /// The line starting at `start`, without its line break, and where the next line starts.
        func line(from start: String.Index) -> (Substring, next: String.Index?) {
            guard let newline = utf8[start...].firstIndex(of: UInt8(ascii: "\n")) else { return (rest[start...], nil) }
            return (rest[start..<newline], utf8.index(after: newline))
        }
        func isDelimiter(_ line: Substring, _ marks: [String]) -> Bool {
            let trimmed = line.utf8.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
            return marks.contains { $0.utf8.elementsEqual(trimmed.reversed()) }
        }
        let (first, afterFirst) = line(from: rest.startIndex)
        guard isDelimiter(first, ["---"]) else {
            return .failure(.error(SourceLocation(path: path, line: 1), .frontMatterMissing,
                                   "the file does not start with front matter",
                                   hint: "begin the file with a line `---`, the YAML fields, and another `---`"))
        }
        var number = 2
        var cursor = afterFirst
        while let start = cursor {
            let (current, next) = line(from: start)
            if isDelimiter(current, ["---", "..."]) {
                // Windows line ends become "\n": in Swift "\r\n" is one Character, which line splitting would miss.
                func unixLines(_ text: Substring) -> String {
                    text.utf8.contains(0x0D) ? text.replacingOccurrences(of: "\r\n", with: "\n") : String(text)
                }
                let body = next.map { unixLines(rest[$0...]) } ?? ""
                return .success(SplitSource(yaml: unixLines(rest[afterFirst!..<start]), yamlLine: 2, body: body, bodyLine: number + 1))
            }
            number += 1
            cursor = next
        }
        return .failure(.error(SourceLocation(path: path, line: 1), .frontMatterUnclosed,
                               "front matter opened here is never closed",
                               hint: "add a line `---` after the last field"))
    }

    /// Parses and validates. Returns nil front matter when an error makes it unusable.
    static func read(_ source: SplitSource, path: String, folderCategory: Category?)
        -> (FrontMatter?, FrontMatterLines, [Diagnostic])
    {
        var reader = FieldReader(source: source, path: path)
        let frontMatter = reader.read(folderCategory: folderCategory)
        return (frontMatter, reader.lines, reader.diagnostics)
    }

    /// Levenshtein distance, for "did you mean".
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        for i in 1...x.count {
            var current = [i] + Array(repeating: 0, count: y.count)
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[y.count]
    }

    /// The candidate closest to `word`, if it is close enough to be a typo of it.
    static func suggestion(for word: String, among candidates: [String], within limit: Int = 2) -> String? {
        let best = candidates.min { distance($0, word) < distance($1, word) }
        return best.flatMap { distance($0, word) <= limit ? $0 : nil }
    }
}

/// One pass over one article's front matter, collecting values, positions and diagnostics.
private struct FieldReader {
    let source: SplitSource
    let path: String
    var lines = FrontMatterLines()
    var diagnostics: [Diagnostic] = []
    private var values: [String: Node] = [:]
    private var keyMarks: [String: Mark] = [:]

    init(source: SplitSource, path: String) {
        self.source = source
        self.path = path
        lines.bodyLine = source.bodyLine
    }

    private func position(_ mark: Mark?) -> TextPosition {
        TextPosition(line: (mark?.line ?? 1) + source.yamlLine - 1, column: mark?.column ?? 1)
    }

    private mutating func report(_ mark: Mark?, _ rule: CheckRule, _ message: String, hint: String) {
        diagnostics.append(.error(position(mark).location(in: path), rule, message, hint: hint))
    }

    private mutating func warn(_ mark: Mark?, _ rule: CheckRule, _ message: String, hint: String) {
        diagnostics.append(.warning(position(mark).location(in: path), rule, message, hint: hint))
    }

    mutating func read(folderCategory: Category?) -> FrontMatter? {
        let root: Node?
        do {
            // The encoding given explicitly: Yams' default reads the whole environment on every call.
            root = try Yams.compose(yaml: source.yaml, .default, .default, .utf8)
        } catch {
            let problem = YAMLProblem(error, yaml: source.yaml)
            let at = TextPosition(line: problem.position.line + source.yamlLine - 1, column: problem.position.column)
            if let (key, _) = problem.duplicateKey {
                diagnostics.append(.error(at.location(in: path), .duplicateField, "field `\(key)` appears twice",
                                          hint: problem.duplicateHint(lineOffset: source.yamlLine - 1)))
            } else {
                diagnostics.append(.error(at.location(in: path), .yamlSyntax,
                                          "front matter is not valid YAML: \(problem.message)", hint: problem.hint))
            }
            return nil
        }
        if let root, root.mapping == nil {
            report(root.mark, .frontMatterNotMapping, "front matter must be `field: value` lines",
                   hint: "for example `title: 网络信号不好导致不到账`")
            return nil
        }
        collectFields(root?.mapping)

        let title = text("title")
        let summary = text("summary")
        let category = readCategory(folderCategory: folderCategory)
        let products = readProducts()
        let symptoms = readSymptoms(category: category)
        let related = readRelated()
        let tags = (list("tags") ?? []).map(\.text)
        let updated = readDate()

        guard let title, let summary, let category, let updated, !products.isEmpty,
              !diagnostics.hasErrors else { return nil }
        return FrontMatter(title: title, category: category, products: products, symptoms: symptoms,
                           summary: summary, related: related, tags: tags, updated: updated)
    }

    private mutating func collectFields(_ mapping: Node.Mapping?) {
        let pairs: [(Node, Node)] = mapping.map { $0.map { ($0.key, $0.value) } } ?? []
        for (keyNode, value) in pairs {
            guard let key = keyNode.scalar?.string else {
                report(keyNode.mark, .frontMatterKey, "a field name must be plain text, not a list or mapping",
                       hint: "write `name: value`; allowed names: \(FrontMatterReader.fields.joined(separator: ", "))")
                continue
            }
            guard FrontMatterReader.fields.contains(key) else {
                let hint = FrontMatterReader.suggestion(for: key, among: FrontMatterReader.fields).map { "did you mean `\($0)`?" }
                    ?? "allowed fields: \(FrontMatterReader.fields.joined(separator: ", "))"
                report(keyNode.mark, .unknownField, "unknown field `\(key)`", hint: hint)
                continue
            }
            values[key] = value
            keyMarks[key] = keyNode.mark
            lines.fields[key] = position(isNull(value) ? keyNode.mark : value.mark)
        }
        let closing = TextPosition(line: source.closingLine)
        for field in FrontMatterReader.requiredFields where values[field] == nil {
            diagnostics.append(.error(closing.location(in: path), .missingField, "missing required field `\(field)`",
                                      hint: "add it before this line, e.g. `\(field): \(Self.example(field))`"))
        }
    }

    static func example(_ field: String) -> String {
        switch field {
        case "title": "网络信号不好导致交易不到账"
        case "category": Category.allCases.map(\.rawValue).joined(separator: " | ")
        case "products": "[e-sign, traditional, smart]"
        case "summary": "一到两句话，说明这篇文章回答什么问题"
        default: "2026-11-20"
        }
    }

    private func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// A one-line text value, or nil (reported) when it is not text or is empty.
    private mutating func text(_ field: String) -> String? {
        guard let node = values[field] else { return nil }
        guard let scalar = node.scalar else {
            report(node.mark, .wrongType, "`\(field)` must be text, not a list or mapping",
                   hint: "write it on one line after the colon: `\(field): \(Self.example(field))`")
            return nil
        }
        let value = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        if value.isEmpty || isNull(node) {
            report(isNull(node) ? keyMarks[field] : node.mark, .emptyField, "`\(field)` is empty",
                   hint: "write it after the colon, e.g. `\(field): \(Self.example(field))`")
            return nil
        }
        if value.contains("\n") {
            report(node.mark, .wrongType, "`\(field)` must be a single line", hint: "join the lines into one")
            return nil
        }
        return value
    }

    /// Items of a list field; nil when the field is absent or not a list (reported).
    private mutating func list(_ field: String) -> [(text: String, mark: Mark?)]? {
        guard let node = values[field] else { return nil }
        if isNull(node) { return [] }
        guard let sequence = node.sequence else {
            report(node.mark, .wrongType, "`\(field)` must be a list",
                   hint: "write `\(field): [\(field == "products" ? "e-sign, smart" : "a, b")]` or one `  - item` per line")
            return nil
        }
        var items: [(String, Mark?)] = []
        for item in sequence {
            guard let scalar = item.scalar else {
                report(item.mark ?? node.mark, .wrongType, "an item of `\(field)` is a list or mapping, not text",
                       hint: "`: ` (a colon and a space) makes a mapping: use the full-width colon `：` or quote the item")
                continue
            }
            guard !scalar.string.trimmingCharacters(in: .whitespaces).isEmpty, !isNull(item) else {
                report(item.mark ?? node.mark, .wrongType, "an item of `\(field)` is empty", hint: "remove the empty item")
                continue
            }
            items.append((scalar.string.trimmingCharacters(in: .whitespaces), item.mark))
        }
        return items
    }

    private mutating func readCategory(folderCategory: Category?) -> Category? {
        guard let raw = text("category") else { return nil }
        let names = Category.allCases.map(\.rawValue)
        guard let category = Category(rawValue: raw) else {
            let guess = FrontMatterReader.suggestion(for: raw, among: names) ?? folderCategory?.rawValue
            report(values["category"]?.mark, .invalidCategory, "category `\(raw)` is not one of \(names.joined(separator: ", "))",
                   hint: guess.map { "did you mean `\($0)`?" } ?? "the folder decides it: guides → guide, causes → cause, fixes → fix")
            return nil
        }
        if let folderCategory, category != folderCategory {
            report(values["category"]?.mark, .categoryFolderMismatch,
                   "category `\(raw)` does not match the folder `\(folderCategory.folder)/`",
                   hint: "use `category: \(folderCategory.rawValue)` or move the file to `\(category.folder)/`")
        }
        return category
    }

    private mutating func readProducts() -> [Product] {
        guard let items = list("products") else { return [] }
        let names = Product.allCases.map(\.rawValue)
        if items.isEmpty {
            report(values["products"]?.mark ?? keyMarks["products"], .emptyField, "`products` lists no product",
                   hint: "list the terminals it applies to: [\(names.joined(separator: ", "))]")
        }
        var products: [Product] = []
        for (raw, mark) in items {
            guard let product = Product(rawValue: raw) else {
                let guess = FrontMatterReader.suggestion(for: raw.lowercased(), among: names, within: 3)
                report(mark, .invalidProduct, "product `\(raw)` is not one of \(names.joined(separator: ", "))",
                       hint: guess.map { "did you mean `\($0)`?" } ?? "e-sign is 电签POS, traditional 传统POS, smart 智能POS")
                continue
            }
            if products.contains(product) {
                warn(mark, .duplicateProduct, "product `\(raw)` is listed twice", hint: "remove one")
            } else {
                products.append(product)
            }
        }
        return products
    }

    private mutating func readSymptoms(category: Category?) -> [String] {
        let items = list("symptoms") ?? []
        lines.symptoms = items.map { position($0.mark) }
        let wrongType = values["symptoms"].map { $0.sequence == nil && !isNull($0) } ?? false
        if let category, category.requiresSymptoms, items.isEmpty, !wrongType {
            let at = values["symptoms"] != nil ? lines.field("symptoms") : TextPosition(line: source.closingLine)
            diagnostics.append(.error(at.location(in: path), .missingSymptoms,
                                      "a \(category.rawValue) needs `symptoms`: the phrases merchants type for this problem",
                                      hint: "list 5 to 10 colloquial phrases, one `  - 刷卡成功钱没到` per line"))
        }
        return items.map(\.text)
    }

    private mutating func readRelated() -> [ArticleID] {
        var related: [ArticleID] = []
        var positions: [TextPosition] = []
        for (raw, mark) in list("related") ?? [] {
            let id = ArticleID(raw.hasSuffix(".md") ? String(raw.dropLast(3)) : raw)
            guard id.isWellFormed else {
                let cleaned = raw.split(separator: "/").filter { $0 != ".." && $0 != "." }.joined(separator: "/")
                let guess = ArticleID(cleaned.hasSuffix(".md") ? String(cleaned.dropLast(3)) : cleaned)
                report(mark, .invalidRelatedID, "related id `\(raw)` is not an article id",
                       hint: guess.isWellFormed ? "write only the id: `\(guess)`" : "ids look like `fixes/check-network`: no `../`, no `.md`")
                continue
            }
            related.append(id)
            positions.append(position(mark))
        }
        lines.related = positions
        return related
    }

    private mutating func readDate() -> Day? {
        guard let raw = text("updated") else { return nil }
        guard let day = Day(iso: raw) else {
            report(values["updated"]?.mark, .invalidDate, "`updated` must be a date like 2026-11-20, not `\(raw)`",
                   hint: "write year-month-day with a real day of that month, in digits: YYYY-MM-DD")
            return nil
        }
        return day
    }
}
