import Foundation
import KBCore
import KBSearch
import KBText

/// The sections (heading or text) of a document that hold a term: a bit per section for the first
/// `capacity`. A document with more sections than that is marked in the documents table, and the
/// browser reads its own file instead of these bits.
struct SectionSet: Equatable, Sendable {
    static let capacity = 128
    var low: UInt64 = 0
    var high: UInt64 = 0

    mutating func insert(_ section: Int) {
        if section < 64 { low |= 1 << UInt64(section) } else if section < Self.capacity { high |= 1 << UInt64(section - 64) }
    }

    var positions: [Int] {
        var out: [Int] = []
        var bits = low
        while bits != 0 {
            out.append(bits.trailingZeroBitCount)
            bits &= bits - 1
        }
        bits = high
        while bits != 0 {
            out.append(64 + bits.trailingZeroBitCount)
            bits &= bits - 1
        }
        return out
    }

    init() {}

    init(_ positions: [Int]) {
        for position in positions { insert(position) }
    }
}

/// Occurrences per field, in `Field` order (the two last lanes unused).
typealias FieldCounts = SIMD8<UInt16>
/// A document's length of each field, in `Field` order.
typealias FieldLengths = SIMD8<UInt32>

/// One article's terms as the SQLite index counts them (`fts_source`: title, symptoms, tags,
/// summary, headings, body), with the sections each term occurs in, so that the browser can find
/// a result's best section without loading the article.
struct DocumentTerms: Sendable {
    struct Occurrence: Sendable, Equatable {
        var counts = FieldCounts()
        var sections = SectionSet()

        mutating func record(field: Int, section: Int?) {
            counts[field] &+= 1
            if let section { sections.insert(section) }
        }
    }

    var terms: [String: Occurrence]
    /// Tokens per field, colocated tokens not counted (as FTS5 counts positions).
    var lengths: FieldLengths
    /// True when the article has more sections than `SectionSet` records.
    var manySections: Bool
    /// Scalars outside the tokenizer's fast path, whose normalisation the browser must be told.
    var unusualScalars: Set<UInt32>

    init(_ parts: IndexedParts) {
        var terms: [String: Occurrence] = [:]
        terms.reserveCapacity(256)
        var lengths = FieldLengths()
        var unusual = Set<UInt32>()
        let tokenizer = Tokenizer(mode: .document)
        for part in parts.parts {
            for scalar in part.text.unicodeScalars where scalar.value >= 0x80 && TextRules.slowPath(scalar.value) != nil {
                unusual.insert(scalar.value)
            }
            var text = part.text
            text.withUTF8 { buffer in
                _ = tokenizer.tokenize(buffer) { event in
                    if !event.colocated { lengths[part.field] &+= 1 }
                    let term = String(decoding: event.text, as: UTF8.self)
                    terms[term, default: Occurrence()].record(field: part.field, section: part.section)
                    return true
                }
            }
        }
        self.terms = terms
        self.lengths = lengths
        self.manySections = parts.sectionCount > SectionSet.capacity
        self.unusualScalars = unusual
    }
}

/// The texts the index tokenizes, field by field, the headings and texts section by section.
/// Tokenizing the parts one by one gives the same counts and lengths as the joined fields: the line
/// breaks that join them are separators, and the order of a field's parts does not matter.
struct IndexedParts: Sendable {
    struct Part: Sendable {
        var field: Int
        var section: Int?
        var text: String
    }

    var parts: [Part]
    var sectionCount: Int

    init(title: String, symptoms: [String], tags: [String], summary: String,
         sections: [(heading: String?, text: String)]) {
        var parts = [Part(field: Field.title.rawValue, section: nil, text: title)]
        parts += symptoms.map { Part(field: Field.symptoms.rawValue, section: nil, text: $0) }
        parts += tags.map { Part(field: Field.tags.rawValue, section: nil, text: $0) }
        parts.append(Part(field: Field.summary.rawValue, section: nil, text: summary))
        for (index, section) in sections.enumerated() {
            if let heading = section.heading { parts.append(Part(field: Field.headings.rawValue, section: index, text: heading)) }
            parts.append(Part(field: Field.body.rawValue, section: index, text: section.text))
        }
        self.parts = parts
        self.sectionCount = sections.count
    }

    init(_ article: Article) {
        let fm = article.frontMatter
        self.init(title: fm.title, symptoms: fm.symptoms, tags: fm.tags, summary: fm.summary,
                  sections: article.sections.map { ($0.heading, $0.text) })
    }
}
