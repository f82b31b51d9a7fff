import KBSearch

/// The index file's layout, made from the table descriptions (`IndexTables.swift`). Bump `version`
/// whenever it changes: an index of another version is refused at open with a request to rebuild,
/// never misread. `SchemaLayoutTests` holds the layout of each version and fails until it is bumped.
enum Schema {
    static let version: Int32 = 6
    /// Marks the file as a kb index (`PRAGMA application_id`), so a foreign SQLite file is refused.
    static let applicationID: Int32 = 0x6B62_6978  // "kbix"

    /// Tables and views a reader needs, checked when an index is opened.
    static let requiredObjects = [
        MetaColumn.table, ArticleColumn.table, SectionColumn.table, "fts_source", "fts", "fts_vocab",
        PinyinTermColumn.table, SynonymColumn.table, QueryModelColumn.table,
    ]

    /// The indexed fields, in `Field` order: the FTS5 table's columns and the source view's.
    static let fields = Field.allCases.map(\.name).joined(separator: ", ")

    static let create = [
        MetaColumn.createTable,
        ArticleColumn.createTable,
        "CREATE INDEX articles_category ON \(ArticleColumn.table)(\(ArticleColumn.category.name));",
        SectionColumn.createTable,
        """
        -- The text FTS5 indexes, assembled from the tables above so that it is stored only once.
        CREATE VIEW fts_source AS
        SELECT a.\(ArticleColumn.doc.name) AS doc, \
        \(Field.allCases.map { "\($0.sourceExpression) AS \($0.name)" }.joined(separator: ", "))
        FROM \(ArticleColumn.table) a;
        """,
        """
        CREATE VIRTUAL TABLE fts USING fts5(
            \(fields),
            content='fts_source', content_rowid='doc', tokenize='kb', detail=full
        );
        """,
        "CREATE VIRTUAL TABLE fts_vocab USING fts5vocab(fts, 'row');",
        VocabularyColumn.createTable,
        PinyinTermColumn.createTable,
        SynonymColumn.createTable,
        QueryModelColumn.createTable,
    ].joined(separator: "\n")

    /// Adds an article's text to the FTS index, from the source view (`?1` is its `doc`).
    static let insertFTS = "INSERT INTO fts(rowid, \(fields)) SELECT doc, \(fields) FROM fts_source WHERE doc = ?1"
    /// Removes it, with the text it was indexed with: call before changing its rows.
    static let deleteFTS = "INSERT INTO fts(fts, rowid, \(fields)) SELECT 'delete', doc, \(fields) FROM fts_source WHERE doc = ?1"
    /// Every indexed field of one article (`?1` is its `doc`), as FTS5 indexed it.
    static let selectSource = Selected(Field.allCases, "FROM fts_source WHERE doc = ?1")
}
