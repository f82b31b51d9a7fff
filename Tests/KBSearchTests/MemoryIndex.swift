import KBCore
@testable import KBSearch
import KBText

/// A `SearchIndex` held in memory, built with the same tokenizer as the SQLite index, so the
/// engine's behaviour can be tested without a database.
/// Never mutated after `init`, so sharing it between tests is safe.
final class MemoryIndex: SearchIndex, @unchecked Sendable {
    struct Document {
        var id: ArticleID
        var category: Category
        var title: String
        var symptoms: [String] = []
        var tags: [String] = []
        var summary: String = ""
        var sections: [(heading: String?, text: String)] = []
    }

    let documents: [Document]
    let synonyms: SynonymTable
    let model: QueryModel?
    private var fieldTokens: [[[String: Int]]] = []  // document → field → token → count
    private var fieldLengths: [[Int]] = []
    private var frequencies: [String: Int] = [:]
    private var pinyinTerms: [String: Set<String>] = [:]

    convenience init(_ documents: [Document], synonyms: [[String]] = [], queryModel: QueryModel? = nil) {
        self.init(documents, table: SynonymTable(groups: synonyms), queryModel: queryModel)
    }

    init(_ documents: [Document], table: SynonymTable, queryModel: QueryModel? = nil) {
        self.documents = documents
        self.synonyms = table
        self.model = queryModel
        let tokenizer = Tokenizer(mode: .document)
        for document in documents {
            let fields = [
                document.title, document.symptoms.joined(separator: "\n"), document.tags.joined(separator: "\n"),
                document.summary, document.sections.compactMap(\.heading).joined(separator: "\n"),
                document.sections.map(\.text).joined(separator: "\n"),
            ]
            var perField: [[String: Int]] = []
            var lengths: [Int] = []
            var seen = Set<String>()
            for text in fields {
                var counts: [String: Int] = [:]
                let tokens = tokenizer.tokens(text)
                for token in tokens {
                    counts[token.text, default: 0] += 1
                    seen.insert(token.text)
                }
                perField.append(counts)
                lengths.append(tokens.filter { !$0.colocated }.count)
            }
            fieldTokens.append(perField)
            fieldLengths.append(lengths)
            for term in seen {
                frequencies[term, default: 0] += 1
                if term.unicodeScalars.count <= 2, term.unicodeScalars.allSatisfy({ $0.value >= 0x3400 }) {
                    for key in PinyinTable.shared.keys(for: term, limit: 4) { pinyinTerms[key, default: []].insert(term) }
                }
            }
        }
    }

    var documentCount: Int { documents.count }

    func documentFrequencies(of tokens: [String]) throws -> [Int] { tokens.map { frequencies[$0] ?? 0 } }

    func terms(withPinyin key: String, limit: Int) throws -> [(term: String, documentFrequency: Int)] {
        let terms = (pinyinTerms[key] ?? []).map { ($0, frequencies[$0] ?? 0) }
        return Array(terms.sorted { ($0.1, $1.0) > ($1.1, $0.0) }.prefix(limit))
    }

    func words(withinOneEditOf word: String, limit: Int) throws -> [(term: String, documentFrequency: Int)] {
        let words = frequencies.filter { $0.key != word && $0.key.allSatisfy(\.isASCII) && EditDistance.isWithinOne($0.key, word) }
        return Array(words.map { ($0.key, $0.value) }.sorted { $0.1 > $1.1 }.prefix(limit))
    }

    func hits(for tokens: [String], filter: SearchFilter) throws -> HitSet {
        let fieldCount = Field.allCases.count
        var result: [DocumentHits] = []
        for (index, document) in documents.enumerated() {
            if let category = filter.category, category != document.category { continue }
            var counts = [UInt16](repeating: 0, count: tokens.count * fieldCount)
            var any = false
            for (t, token) in tokens.enumerated() {
                for field in 0..<fieldCount {
                    let count = fieldTokens[index][field][token] ?? 0
                    counts[t * fieldCount + field] = UInt16(count)
                    any = any || count > 0
                }
            }
            if any { result.append(DocumentHits(document: Int64(index + 1), fieldLengths: fieldLengths[index], frequencies: counts)) }
        }
        let averages = (0..<fieldCount).map { f in Double(fieldLengths.map { $0[f] }.reduce(0, +)) / Double(max(documents.count, 1)) }
        return HitSet(documents: result, statistics: CollectionStatistics(documentCount: documents.count, averageFieldLengths: averages))
    }

    func records(_ ids: [Int64]) throws -> [ArticleRecord] {
        ids.compactMap { doc in
            let index = Int(doc) - 1
            guard documents.indices.contains(index) else { return nil }
            return record(index, withSections: true)
        }
    }

    func records(ids: [ArticleID]) throws -> [ArticleRecord] {
        ids.compactMap { id in documents.firstIndex { $0.id == id }.map { record($0, withSections: false) } }
    }

    private func record(_ index: Int, withSections: Bool) -> ArticleRecord {
        let document = documents[index]
        let sections = withSections ? document.sections.enumerated().map { offset, section in
            Section(index: offset, heading: section.heading, level: section.heading == nil ? 0 : 2,
                    anchor: section.heading.map(Anchor.slug), text: section.text, line: 1)
        } : []
        return ArticleRecord(document: Int64(index + 1), id: document.id, sourcePath: "content/\(document.id).md",
                             title: document.title, category: document.category, products: Product.allCases,
                             summary: document.summary, symptoms: document.symptoms, tags: document.tags,
                             related: [], sections: sections)
    }
}

extension MemoryIndex {
    func queryModel(for features: Set<String>) throws -> QueryModel? { model?.restricted(to: features) }
}
