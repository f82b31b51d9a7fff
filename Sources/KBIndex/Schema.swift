import KBSearch

/// The index file's layout. Bump `version` whenever it changes: an index of another version is
/// refused at open with a request to rebuild, never misread.
enum Schema {
    static let version: Int32 = 3
    /// Marks the file as a kb index (`PRAGMA application_id`), so a foreign SQLite file is refused.
    static let applicationID: Int32 = 0x6B62_6978  // "kbix"

    static let columns = Field.allCases.map(\.name)

    /// Tables and views a reader needs, checked when an index is opened.
    static let requiredObjects = ["meta", "articles", "sections", "fts_source", "fts", "fts_vocab", "pinyin_terms", "synonyms"]

    static let create = """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE articles(
            doc INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            source_path TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            file_size INTEGER NOT NULL,
            file_modified INTEGER NOT NULL,
            title TEXT NOT NULL,
            category TEXT NOT NULL,
            products TEXT NOT NULL,
            symptoms TEXT NOT NULL,
            summary TEXT NOT NULL,
            related TEXT NOT NULL,
            tags TEXT NOT NULL,
            updated TEXT NOT NULL,
            links TEXT NOT NULL,
            front_matter_positions TEXT NOT NULL
        );
        CREATE INDEX articles_category ON articles(category);
        CREATE TABLE sections(
            doc INTEGER NOT NULL,
            idx INTEGER NOT NULL,
            heading TEXT,
            level INTEGER NOT NULL,
            anchor TEXT,
            text TEXT NOT NULL,
            line INTEGER NOT NULL,
            PRIMARY KEY(doc, idx)
        ) WITHOUT ROWID;
        -- The text FTS5 indexes, assembled from the tables above so that it is stored only once.
        CREATE VIEW fts_source AS
        SELECT a.doc AS doc, a.title AS title, a.symptoms AS symptoms, a.tags AS tags, a.summary AS summary,
               (SELECT group_concat(heading, char(10)) FROM
                   (SELECT heading FROM sections s WHERE s.doc = a.doc AND heading IS NOT NULL ORDER BY idx)) AS headings,
               (SELECT group_concat(text, char(10)) FROM
                   (SELECT text FROM sections s WHERE s.doc = a.doc ORDER BY idx)) AS body
        FROM articles a;
        CREATE VIRTUAL TABLE fts USING fts5(
            title, symptoms, tags, summary, headings, body,
            content='fts_source', content_rowid='doc', tokenize='kb', detail=full
        );
        CREATE VIRTUAL TABLE fts_vocab USING fts5vocab(fts, 'row');
        -- Number of documents containing each term: what fts_vocab counts, stored, so that a query's
        -- document frequencies are one B-tree lookup each instead of a walk over each term's doclist.
        CREATE TABLE vocabulary(term TEXT PRIMARY KEY, documents INTEGER NOT NULL) WITHOUT ROWID;
        -- Toneless pinyin of every indexed ideograph bigram and character, for pinyin queries and
        -- homophone typos. Frequencies come from the vocabulary table at query time.
        CREATE TABLE pinyin_terms(key TEXT NOT NULL, term TEXT NOT NULL, PRIMARY KEY(key, term)) WITHOUT ROWID;
        -- The editors' query words: synonym groups, entity names and out-of-scope topics (role).
        CREATE TABLE synonyms(grp INTEGER NOT NULL, position INTEGER NOT NULL, member TEXT NOT NULL,
                              role TEXT NOT NULL DEFAULT 'synonym', PRIMARY KEY(grp, position)) WITHOUT ROWID;
        """
}
