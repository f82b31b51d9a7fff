import KBCore

/// Document numbers: the index's rowids when known, so ties break as in `kb search`; others after.
struct DocumentNumbering {
    var documents: [(number: Int, article: Article)] = []
    var byID: [ArticleID: (number: Int, article: Article)] = [:]
    var maxDocument = 0

    init(_ input: SiteInput) {
        var next = Int(input.documentNumbers.values.max() ?? 0) + 1
        for article in input.articles.sorted(by: { $0.id < $1.id }) {
            let number: Int
            if let known = input.documentNumbers[article.id] {
                number = Int(known)
            } else {
                number = next
                next += 1
            }
            documents.append((number, article))
            byID[article.id] = (number, article)
        }
        documents.sort { $0.number < $1.number }
        maxDocument = documents.last?.number ?? 0
    }
}

/// One document's file (`d/N.js`): what the result list, the best section, the snippet and exact
/// scoring need. An incremental build reads it back to learn which terms a changed article had.
enum DocumentRecord {
    static func name(_ number: Int) -> String { "d/\(number)" }

    static func json(_ article: Article, related: [Article]) -> String {
        let fm = article.frontMatter
        let sections = article.sections.map { section in
            "[\(section.heading.map(quoted) ?? "null"),\(section.anchor.map(quoted) ?? "null"),\(section.level),\(quoted(section.text))]"
        }
        let relatedEntries = related.map { other in
            "[\(quoted(other.id.rawValue)),\(quoted(other.title)),\(quoted(other.category.rawValue))]"
        }
        return "{\"id\":\(quoted(article.id.rawValue)),\"title\":\(quoted(fm.title)),"
            + "\"category\":\(quoted(fm.category.rawValue)),"
            + "\"products\":[\(fm.products.map { quoted($0.rawValue) }.joined(separator: ","))],"
            + "\"summary\":\(quoted(fm.summary)),"
            + "\"symptoms\":[\(fm.symptoms.map(quoted).joined(separator: ","))],"
            + "\"tags\":[\(fm.tags.map(quoted).joined(separator: ","))],"
            + "\"sections\":[\(sections.joined(separator: ","))],"
            + "\"related\":[\(relatedEntries.joined(separator: ","))]}"
    }

    /// What a record shows of its related articles: a change there rewrites the record.
    static func relatedDigest(_ related: [Article]) -> String {
        related.map { "\($0.id.rawValue)\u{1}\($0.title)\u{1}\($0.category.rawValue)" }.joined(separator: "\u{2}")
    }

    /// The indexed texts of a record written by `json`.
    static func parts(of value: JSONValue) throws -> IndexedParts {
        guard case let .object(fields) = value, case let .string(title)? = fields["title"],
              case let .string(summary)? = fields["summary"], case let .array(symptoms)? = fields["symptoms"],
              case let .array(tags)? = fields["tags"], case let .array(sections)? = fields["sections"] else {
            throw IndexEncoding.DecodingProblem.malformed
        }
        func strings(_ values: [JSONValue]) throws -> [String] {
            try values.map { value in
                guard case let .string(text) = value else { throw IndexEncoding.DecodingProblem.malformed }
                return text
            }
        }
        let parsedSections = try sections.map { entry -> (heading: String?, text: String) in
            guard case let .array(items) = entry, items.count == 4, case let .string(text) = items[3] else {
                throw IndexEncoding.DecodingProblem.malformed
            }
            if case let .string(heading) = items[0] { return (heading, text) }
            return (nil, text)
        }
        return IndexedParts(title: title, symptoms: try strings(symptoms), tags: try strings(tags), summary: summary,
                            sections: parsedSections)
    }
}
