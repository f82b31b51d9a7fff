import KBSearch

/// One document's occurrences of one term: what BM25F needs (counts, and the document's lengths of
/// the fields that hold the term) and the sections holding it. A plain value: millions of them
/// are made in a large build.
struct Posting: Sendable, Equatable {
    var document: Int
    var counts: FieldCounts
    /// The document's length of each field the term occurs in (0 for the others).
    var lengths: FieldLengths
    var sections: SectionSet

    init(document: Int, counts: FieldCounts, lengths: FieldLengths, sections: SectionSet) {
        self.document = document
        self.counts = counts
        self.lengths = lengths.replacing(with: 0, where: FieldLengths(truncatingIfNeeded: counts) .== 0)
        self.sections = sections
    }

    init(document: Int, _ occurrence: DocumentTerms.Occurrence, lengths: FieldLengths) {
        self.init(document: document, counts: occurrence.counts, lengths: lengths, sections: occurrence.sections)
    }

    /// Bit i set when the term occurs in field i.
    var fieldMask: Int {
        var mask = 0
        for field in 0..<Field.allCases.count where counts[field] > 0 { mask |= 1 << field }
        return mask
    }

    /// True when the term occurs outside the body: in the title, symptoms, tags, summary or headings.
    var isTopical: Bool { fieldMask & ~(1 << Field.body.rawValue) != 0 }
    var inTitle: Bool { counts[Field.title.rawValue] > 0 }

    var frequencies: [Int] { (0..<Field.allCases.count).map { Int(counts[$0]) } }
    var fieldLengths: [Int] { (0..<Field.allCases.count).map { Int(lengths[$0]) } }
}

/// Posting lists as text: sorted by document, each posting its document's gap, field mask, count
/// and length of each field present, then its sections as bits.
enum PostingCoding {
    static func encode(_ postings: [Posting], into out: inout [UInt8]) {
        var previous = 0
        for posting in postings {
            append(posting, after: previous, to: &out)
            previous = posting.document
        }
    }

    /// One posting, its document as the gap from the previous one's.
    private static func append(_ posting: Posting, after previous: Int, to out: inout [UInt8]) {
        IndexEncoding.appendVarint(posting.document - previous, to: &out)
        out.append(IndexEncoding.alphabet[posting.fieldMask])
        for field in 0..<Field.allCases.count where posting.counts[field] > 0 {
            IndexEncoding.appendVarint(Int(posting.counts[field]), to: &out)
            IndexEncoding.appendVarint(Int(posting.lengths[field]), to: &out)
        }
        IndexEncoding.appendBits(posting.sections, to: &out)
    }

    static func encode(_ postings: [Posting]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(postings.count * 10)
        encode(postings, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `encoded` (a list as `encode` writes it) with the postings of the same documents replaced
    /// by `postings` (sorted by document), the others' bytes copied as they are: an edit changes
    /// one posting of thousands. Nil when a document is not in the list or the text is malformed.
    static func replacing(_ postings: [Posting], in encoded: Substring.UTF8View) -> [UInt8]? {
        var reader = IndexEncoding.Reader(encoded)
        var out: [UInt8] = []
        out.reserveCapacity(reader.bytes.count + 16)
        var document = 0, next = 0, copiedUpTo = 0
        do {
            while reader.hasMore && next < postings.count {
                let start = reader.at
                let previous = document
                document += try reader.varint()
                let mask = try reader.digit()
                for field in 0..<Field.allCases.count where mask & (1 << field) != 0 {
                    _ = try reader.varint()
                    _ = try reader.varint()
                }
                try reader.skipBits()
                guard document == postings[next].document else {
                    if document > postings[next].document { return nil }
                    continue
                }
                out += reader.bytes[copiedUpTo..<start]
                append(postings[next], after: previous, to: &out)
                copiedUpTo = reader.at
                next += 1
            }
        } catch {
            return nil
        }
        guard next == postings.count else { return nil }
        out += reader.bytes[copiedUpTo...]
        return out
    }

    static func decode(_ text: String) throws -> [Posting] {
        var reader = IndexEncoding.Reader(Substring(text).utf8)
        var postings: [Posting] = []
        var document = 0
        while reader.hasMore {
            document += try reader.varint()
            let mask = try reader.digit()
            var counts = FieldCounts()
            var lengths = FieldLengths()
            for field in 0..<Field.allCases.count where mask & (1 << field) != 0 {
                counts[field] = UInt16(clamping: try reader.varint())
                lengths[field] = UInt32(clamping: try reader.varint())
            }
            postings.append(Posting(document: document, counts: counts, lengths: lengths, sections: SectionSet(try reader.bits())))
        }
        return postings
    }
}
