import KBCore
import Yams

/// A Markdown file split into its YAML header and body, with line numbers kept.
struct SplitSource {
    /// The YAML text between the `---` lines.
    var yaml: String
    /// File line of the YAML's first line.
    var yamlLine: Int
    var body: String
    /// File line where the body starts.
    var bodyLine: Int
}

/// Reads and validates front matter against the schema of `content-spec.md`, reporting every
/// problem at the line (and column) where it is, and never stopping at the first one.
enum FrontMatterReader {
    static let fields = ["title", "category", "products", "symptoms", "summary", "related", "tags", "updated"]
    static let requiredFields = ["title", "category", "products", "summary", "updated"]

    /// Splits `---` front matter from the body. Works on UTF-8 bytes and looks at lines only until
    /// the closing `---`, with the same line rules as splitting the text into `Character` lines:
    /// a line ends at a line feed that does not follow a carriage return (`\r\n` is one
    /// `Character`), and a carriage return ending the text is dropped.
    static func split(_ text: String, path: String) -> Result<SplitSource, Diagnostic> {
        let utf8 = text.utf8
        var lineStart = utf8.startIndex
        // The next line's end (exclusive, before its line feed) and the start of the line after.
        func nextLine(from start: String.Index) -> (end: String.Index, next: String.Index?) {
            var index = start
            var previous: UInt8 = 0
            while index < utf8.endIndex {
                let byte = utf8[index]
                if byte == 0x0A && previous != 0x0D { return (index, utf8.index(after: index)) }
                previous = byte
                index = utf8.index(after: index)
            }
            return (index, nil)
        }
        var (end, next) = nextLine(from: lineStart)
        var first = text[lineStart..<end]
        if next == nil, first.utf8.last == 0x0D { first = first.dropLast() }
        if first.hasPrefix("\u{FEFF}") { first = first.dropFirst() }
        guard isMarker(first, "---") else {
            return .failure(.error(SourceLocation(path: path, line: 1), rule: "front-matter-missing",
                                   "the file does not start with front matter",
                                   hint: "begin the file with a line `---`, the YAML fields, and another `---`"))
        }
        let yamlStart = next ?? utf8.endIndex
        var lineNumber = 1
        while let start = next {
            lineStart = start
            (end, next) = nextLine(from: lineStart)
            lineNumber += 1
            var line = text[lineStart..<end]
            if next == nil, line.utf8.last == 0x0D { line = line.dropLast() }
            guard isMarker(line, "---") || isMarker(line, "...") else { continue }
            // The lines between the markers, and those after, joined by line feeds as they were.
            let yaml = lineStart > yamlStart ? String(text[yamlStart..<utf8.index(before: lineStart)]) : ""
            var body = next.map { text[$0...] } ?? ""
            if body.utf8.last == 0x0D { body = body.dropLast() }
            return .success(SplitSource(yaml: yaml, yamlLine: 2, body: String(body), bodyLine: lineNumber + 1))
        }
        return .failure(.error(SourceLocation(path: path, line: 1), rule: "front-matter-unclosed",
                               "front matter is not closed", hint: "add a line `---` after the last field"))
    }

    /// `line` is `marker` apart from surrounding white space (Unicode space separators and tabs, as
    /// Foundation's `CharacterSet.whitespaces`).
    private static func isMarker(_ line: Substring, _ marker: String) -> Bool {
        let scalars = line.unicodeScalars
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
        }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) }) else { return false }
        return scalars[first...last].elementsEqual(marker.unicodeScalars)
    }

    /// Parses and validates. Returns nil front matter when an error makes it unusable.
    static func read(_ source: SplitSource, path: String, folderCategory: Category?)
        -> (FrontMatter?, FrontMatterLines, [Diagnostic])
    {
        var diagnostics: [Diagnostic] = []
        var lines = FrontMatterLines()
        func location(_ mark: Mark?) -> SourceLocation {
            SourceLocation(path: path, line: (mark?.line ?? 1) + source.yamlLine - 1, column: mark?.column ?? 1)
        }
        func report(_ mark: Mark?, _ rule: String, _ message: String, hint: String? = nil) {
            diagnostics.append(.error(location(mark), rule: rule, message, hint: hint))
        }

        let root: Node?
        do {
            // The encoding given explicitly: Yams' default reads the whole environment on every call.
            root = try Yams.compose(yaml: source.yaml, .default, .default, .utf8)
        } catch let yamlError as YamlError {
            let (mark, problem) = describe(yamlError)
            report(mark, "yaml-syntax", "front matter is not valid YAML: \(problem)")
            return (nil, lines, diagnostics)
        } catch {
            report(nil, "yaml-syntax", "front matter is not valid YAML: \(error)")
            return (nil, lines, diagnostics)
        }
        guard let mapping = root?.mapping else {
            report(root?.mark, "front-matter-not-mapping", "front matter must be `field: value` lines",
                  hint: "for example `title: 网络信号不好导致不到账`")
            return (nil, lines, diagnostics)
        }

        var values: [String: Node] = [:]
        var keyMarks: [String: Mark] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                report(keyNode.mark, "front-matter-key", "a field name must be plain text")
                continue
            }
            if values[key] != nil {
                report(keyNode.mark, "duplicate-field", "field `\(key)` appears twice")
                continue
            }
            guard fields.contains(key) else {
                let suggestion = fields.min { distance($0, key) < distance($1, key) }.flatMap { distance($0, key) <= 2 ? $0 : nil }
                report(keyNode.mark, "unknown-field", "unknown field `\(key)`",
                      hint: suggestion.map { "did you mean `\($0)`?" } ?? "allowed: \(fields.joined(separator: ", "))")
                continue
            }
            values[key] = value
            keyMarks[key] = keyNode.mark
            lines.fields[key] = location(keyNode.mark).line
        }

        for field in requiredFields where values[field] == nil {
            report(mapping.mark, "missing-field", "missing required field `\(field)`")
        }

        func text(_ field: String) -> String? {
            guard let node = values[field] else { return nil }
            guard let scalar = node.scalar else {
                report(node.mark, "wrong-type", "`\(field)` must be text, not a list or mapping")
                return nil
            }
            let value = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
            if value.isEmpty || (scalar.style == .plain && ["~", "null"].contains(value)) {
                report(node.mark ?? keyMarks[field], "empty-field", "`\(field)` is empty")
                return nil
            }
            return value
        }
        func list(_ field: String) -> [(String, Mark?)]? {
            guard let node = values[field] else { return nil }
            if let scalar = node.scalar, scalar.style == .plain, ["", "~", "null"].contains(scalar.string) { return [] }
            guard let sequence = node.sequence else {
                report(node.mark, "wrong-type", "`\(field)` must be a list", hint: "write `\(field): [a, b]` or one `- item` per line")
                return nil
            }
            var items: [(String, Mark?)] = []
            for item in sequence {
                guard let scalar = item.scalar, !scalar.string.trimmingCharacters(in: .whitespaces).isEmpty else {
                    report(item.mark, "wrong-type", "every item of `\(field)` must be non-empty text")
                    continue
                }
                items.append((scalar.string.trimmingCharacters(in: .whitespaces), item.mark))
            }
            return items
        }

        let title = text("title")
        let summary = text("summary")

        var category: Category?
        if let raw = text("category") {
            category = Category(rawValue: raw)
            if category == nil {
                report(values["category"]?.mark, "invalid-category",
                      "category `\(raw)` is not one of \(Category.allCases.map(\.rawValue).joined(separator: ", "))")
            } else if let folderCategory, category != folderCategory {
                report(values["category"]?.mark, "category-folder-mismatch",
                      "category `\(raw)` does not match the folder `\(folderCategory.folder)/`",
                      hint: "use `category: \(folderCategory.rawValue)` or move the file to `\(category!.folder)/`")
            }
        }

        var products: [Product] = []
        if let items = list("products") {
            var seen = Set<Product>()
            for (raw, mark) in items {
                guard let product = Product(rawValue: raw) else {
                    report(mark, "invalid-product",
                          "product `\(raw)` is not one of \(Product.allCases.map(\.rawValue).joined(separator: ", "))")
                    continue
                }
                if !seen.insert(product).inserted {
                    report(mark, "duplicate-product", "product `\(raw)` is listed twice")
                } else {
                    products.append(product)
                }
            }
            if items.isEmpty { report(values["products"]?.mark, "empty-field", "`products` lists no product") }
        }

        let symptomItems = list("symptoms") ?? []
        let symptoms = symptomItems.map(\.0)
        lines.symptoms = symptomItems.map { location($0.1).line }
        if let category, category.requiresSymptoms, symptoms.isEmpty {
            report(values["symptoms"]?.mark ?? mapping.mark, "missing-symptoms",
                  "a \(category.rawValue) needs `symptoms`: the phrases merchants type for this problem")
        }

        var related: [ArticleID] = []
        for (raw, mark) in list("related") ?? [] {
            lines.related.append(location(mark).line)
            let id = ArticleID(raw.hasSuffix(".md") ? String(raw.dropLast(3)) : raw)
            if !id.isWellFormed {
                report(mark, "invalid-related-id", "related id `\(raw)` is not an article id",
                      hint: "ids look like `fixes/check-network`")
            } else {
                related.append(id)
            }
        }
        if related.count != lines.related.count { lines.related = [] }
        let tags = (list("tags") ?? []).map(\.0)

        var updated: Day?
        if let raw = text("updated") {
            updated = Day(iso: raw)
            if updated == nil {
                report(values["updated"]?.mark, "invalid-date", "`updated` must be a date like 2026-11-20, not `\(raw)`")
            }
        }

        guard let title, let summary, let category, let updated, !products.isEmpty,
              !diagnostics.hasErrors else { return (nil, lines, diagnostics) }
        return (FrontMatter(title: title, category: category, products: products, symptoms: symptoms,
                            summary: summary, related: related, tags: tags, updated: updated), lines, diagnostics)
    }

    private static func describe(_ error: YamlError) -> (Mark?, String) {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return (mark, problem)
        default:
            return (nil, "\(error)")
        }
    }

    /// Levenshtein distance, for "did you mean" on field names.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        var previous = Array(0...y.count)
        for i in 1...max(x.count, 1) where !x.isEmpty {
            var current = [i] + Array(repeating: 0, count: y.count)
            for j in 1...max(y.count, 1) where !y.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return x.isEmpty ? y.count : previous[y.count]
    }
}

import Foundation
