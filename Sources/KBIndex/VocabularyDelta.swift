import KBSearch
import KBText

/// Keeps the `vocabulary` table (term → number of documents containing it) in step with the FTS
/// index during an incremental build. FTS5's own `fts5vocab` answers the same question, but by
/// reading the term's whole document list: too slow for a search that asks for twenty terms.
///
/// Each changed document is tokenized exactly as FTS5 indexed it (the `fts_source` row, with the
/// same tokenizer), and its distinct terms count once.
struct VocabularyDelta {
    private let connection: Connection
    private let tracking: Bool
    private var changes: [String: Int] = [:]
    private var source: Query<Field>?

    /// When not `tracking`, every call is a no-op: the caller recounts the whole vocabulary.
    init(connection: Connection, tracking: Bool) {
        self.connection = connection
        self.tracking = tracking
    }

    /// Counts a document that was just inserted into the FTS index.
    mutating func add(_ doc: Int64) throws { try count(doc, by: 1) }

    /// Uncounts a document about to be deleted from the FTS index.
    mutating func subtract(_ doc: Int64) throws { try count(doc, by: -1) }

    private mutating func count(_ doc: Int64, by step: Int) throws {
        guard tracking else { return }
        if source == nil {
            source = try connection.prepare(Schema.selectSource)
        }
        guard let source else { return }
        var terms = Set<String>()
        let tokenizer = Tokenizer(mode: .document)
        try source.forEachRow([.integer(doc)]) { row in
            for field in Field.allCases {
                guard var text = row.optionalText(field) else { continue }
                _ = text.withUTF8 { bytes in
                    tokenizer.tokenize(bytes) { event in
                        terms.insert(String(decoding: event.text, as: UTF8.self))
                        return true
                    }
                }
            }
        }
        for term in terms { changes[term, default: 0] += step }
    }

    /// Writes the accumulated changes; terms no document contains any more are removed.
    func save() throws {
        guard tracking, !changes.isEmpty else { return }
        let upsert = try connection.prepare("""
            INSERT INTO vocabulary(term, documents) VALUES(?1, ?2)
            ON CONFLICT(term) DO UPDATE SET documents = documents + excluded.documents
            """)
        for (term, change) in changes.sorted(by: { $0.key < $1.key }) where change != 0 {
            try upsert.run(.text(term), .int(change))
        }
        try connection.execute("DELETE FROM vocabulary WHERE documents <= 0")
    }
}
