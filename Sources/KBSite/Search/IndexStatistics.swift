import Dispatch
import Foundation
import KBCore
import KBSearch
import KBText

/// The text of each indexed field, exactly as the SQLite index assembles it (`fts_source`), so that
/// counts and lengths here equal what FTS5 reports to `kb search`.
enum IndexedFields {
    static func texts(of article: Article) -> [String] {
        let fm = article.frontMatter
        return [
            fm.title,
            fm.symptoms.joined(separator: "\n"),
            fm.tags.joined(separator: "\n"),
            fm.summary,
            article.sections.compactMap(\.heading).joined(separator: "\n"),
            article.sections.map(\.text).joined(separator: "\n"),
        ]
    }
}

/// One article's term counts per field, and its field lengths in token positions (colocated tokens
/// share a position and are not counted, as in FTS5).
struct DocumentTerms {
    var document: Int
    var counts: [String: [UInt16]]
    var lengths: [Int]
    /// Scalars outside the tokenizer's fast path, whose normalisation the browser must be told.
    var unusualScalars: Set<UInt32>

    init(document: Int, article: Article) {
        self.document = document
        let fieldCount = Field.allCases.count
        var counts: [String: [UInt16]] = [:]
        var lengths = [Int](repeating: 0, count: fieldCount)
        var unusual = Set<UInt32>()
        let tokenizer = Tokenizer(mode: .document)
        for (field, text) in IndexedFields.texts(of: article).enumerated() {
            for scalar in text.unicodeScalars where scalar.value >= 0x80 && TextRules.slowPath(scalar.value) != nil {
                unusual.insert(scalar.value)
            }
            for token in tokenizer.tokens(text) {
                if !token.colocated { lengths[field] += 1 }
                counts[token.text, default: [UInt16](repeating: 0, count: fieldCount)][field] &+= 1
            }
        }
        self.counts = counts
        self.lengths = lengths
        self.unusualScalars = unusual
    }
}

/// Every term of the collection with its postings, and the collection statistics.
struct CollectionTerms {
    struct Posting {
        var document: Int
        var counts: [UInt16]
    }

    var postings: [String: [Posting]] = [:]
    /// Field lengths by document number.
    var lengths: [Int: [Int]] = [:]
    var statistics: CollectionStatistics
    var unusualScalars = Set<UInt32>()

    /// - Parameter documents: each article with its document number.
    init(_ documents: [(number: Int, article: Article)]) {
        let results = ConcurrentResults<DocumentTerms>(count: documents.count)
        DispatchQueue.concurrentPerform(iterations: documents.count) { index in
            results.set(index, DocumentTerms(document: documents[index].number, article: documents[index].article))
        }
        var totals = [Int](repeating: 0, count: Field.allCases.count)
        for terms in results.values.compactMap({ $0 }).sorted(by: { $0.document < $1.document }) {
            lengths[terms.document] = terms.lengths
            for field in totals.indices { totals[field] += terms.lengths[field] }
            unusualScalars.formUnion(terms.unusualScalars)
            for (term, counts) in terms.counts {
                postings[term, default: []].append(Posting(document: terms.document, counts: counts))
            }
        }
        let rows = Double(max(documents.count, 1))
        statistics = CollectionStatistics(documentCount: documents.count, averageFieldLengths: totals.map { Double($0) / rows })
    }
}

/// Results written by `concurrentPerform` workers, each to its own slot.
final class ConcurrentResults<Value>: @unchecked Sendable {
    private(set) var values: [Value?]
    private let lock = NSLock()

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }
}
