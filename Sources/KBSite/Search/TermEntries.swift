/// A term shard's entry (`t/N.js`): the document frequency, and the postings when the term is rare
/// (a frequent term's files are found by its key, `FrequentTerm.key`).
enum TermEntry: Equatable {
    case inline(documentFrequency: Int, postings: String)
    case frequent(documentFrequency: Int)

    var documentFrequency: Int {
        switch self {
        case let .inline(df, _), let .frequent(df): df
        }
    }

    var json: String {
        switch self {
        case let .inline(df, postings): "[\(df),\"\(postings)\"]"
        case let .frequent(df): "[\(df)]"
        }
    }

    init(json value: JSONValue) throws {
        guard case let .array(items) = value, let first = items.first, case let .number(df) = first else {
            throw IndexEncoding.DecodingProblem.malformed
        }
        if items.count == 2, case let .string(postings) = items[1] {
            self = .inline(documentFrequency: Int(df), postings: postings)
        } else {
            self = .frequent(documentFrequency: Int(df))
        }
    }

    /// The entry of a term with these postings (sorted by document).
    init(_ postings: [Posting]) {
        self = postings.count <= IndexLayout.inlineLimit
            ? .inline(documentFrequency: postings.count, postings: PostingCoding.encode(postings))
            : .frequent(documentFrequency: postings.count)
    }
}

/// A pinyin shard's entry (`y/N.js`): every indexed term of one or two characters that reads as
/// the key, with its document frequency, most frequent first (ties in UTF-8 order).
enum PinyinEntry {
    static func json(_ terms: [(term: String, documentFrequency: Int)]) -> String {
        "[" + sorted(terms).map { "[\(quoted($0.term)),\($0.documentFrequency)]" }.joined(separator: ",") + "]"
    }

    static func sorted(_ terms: [(term: String, documentFrequency: Int)]) -> [(term: String, documentFrequency: Int)] {
        terms.sorted { $0.documentFrequency != $1.documentFrequency ? $0.documentFrequency > $1.documentFrequency : utf8Less($0.term, $1.term) }
    }

    static func parse(_ value: JSONValue) throws -> [(term: String, documentFrequency: Int)] {
        guard case let .array(items) = value else { throw IndexEncoding.DecodingProblem.malformed }
        return try items.map { item in
            guard case let .array(pair) = item, pair.count == 2, case let .string(term) = pair[0], case let .number(df) = pair[1] else {
                throw IndexEncoding.DecodingProblem.malformed
            }
            return (term, Int(df))
        }
    }

    /// True for the terms pinyin lookups can return: one or two characters, not Latin.
    static func isCandidate(_ term: String) -> Bool {
        term.utf8.first.map { $0 >= 0x80 } == true && term.unicodeScalars.count <= 2
    }
}
