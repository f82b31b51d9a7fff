import CSQLite
import Foundation
import KBCore
import KBSearch
import KBText

/// An article to index, with the file facts that let the next build skip reading it.
public struct IndexEntry: Sendable {
    public var article: Article
    public var fileSize: Int
    /// Modification time in nanoseconds.
    public var fileModified: Int64
    /// Where the front matter's fields are in the file, encoded by the caller and stored as given:
    /// a later build reads it back instead of parsing an unchanged file again.
    public var frontMatterPositions: String
    /// The warnings reading the file gave (errors keep an article out of the index), encoded by the
    /// caller and stored as given: a later build that reuses the file reports them without reading it.
    public var readerWarnings: String

    public init(article: Article, fileSize: Int, fileModified: Int64, frontMatterPositions: String = "",
                readerWarnings: String = "") {
        self.article = article
        self.fileSize = fileSize
        self.fileModified = fileModified
        self.frontMatterPositions = frontMatterPositions
        self.readerWarnings = readerWarnings
    }
}

/// What a build changed in the index.
public struct IndexUpdate: Sendable, Equatable {
    public var added: [ArticleID] = []
    public var updated: [ArticleID] = []
    public var removed: [ArticleID] = []
    public var unchanged = 0
    /// True when the previous index was reused as the starting point.
    public var incremental = false
    public var documentCount = 0

    public init(added: [ArticleID] = [], updated: [ArticleID] = [], removed: [ArticleID] = [], unchanged: Int = 0,
                incremental: Bool = false, documentCount: Int = 0) {
        self.added = added
        self.updated = updated
        self.removed = removed
        self.unchanged = unchanged
        self.incremental = incremental
        self.documentCount = documentCount
    }
}

/// Writes an index. An incremental build updates the published index in place, in one
/// transaction in WAL mode: readers see the old version until it commits and the new one after,
/// and a build killed before the commit leaves only uncommitted WAL frames, which SQLite ignores.
/// A full build writes a new file beside the published one (no journal: it is private), then
/// copies it into the published index in one transaction (or renames it there when there is no
/// usable index to update). Either way a failed build leaves the previous index as it was.
public enum IndexWriter {
    /// Above this many changed articles, document frequencies and pinyin terms come from FTS5's
    /// vocabulary in one pass instead of from tokenizing the changed articles again.
    static let vocabularyScanThreshold = 500
    /// The meta key of the query model's header (its features are rows of `query_model`).
    public static let queryModelKey = "query_model"

    /// Moments of a write that crash tests stop at (see `BuildCheckpoint` in KBWorkspace) and fault
    /// tests throw at: an error there must leave the published index as it was. In place:
    /// `stagingCopied` when the transaction is open and nothing is written, `stagingWritten`
    /// when everything is written and not committed, `published` once committed.
    public enum Stage: Sendable {
        case stagingCopied, halfWritten, stagingWritten, published
    }

    /// Publishes an index holding exactly `articles`. Unless `full`, updates the current index in
    /// place and only rewrites what changed (by content hash).
    /// `start` is the article every reader should start with (kb.yml's `site.start`): searches point
    /// to it when a question is out of scope; `queryModel` is `content/query-model.json`.
    public static func write(_ articles: [IndexEntry], synonyms: SynonymTable, to path: String, start: ArticleID? = nil,
                             queryModel: QueryModel? = nil,
                             full: Bool = false, checkpoint: (Stage) throws -> Void = { _ in }) throws -> IndexUpdate {
        let directory = (path as NSString).deletingLastPathComponent
        try createDirectory(directory)
        removeAbandonedStagingFiles(of: path)
        let usable = IndexReader.isUsable(path)
        if !full && usable {
            return try updateInPlace(articles, synonyms: synonyms, path: path, start: start, queryModel: queryModel,
                                     checkpoint: checkpoint)
        }

        let staging = stagingPath(of: path, process: ProcessInfo.processInfo.processIdentifier)
        try? FileManager.default.removeItem(atPath: staging)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        var update = IndexUpdate()
        do {
            let connection = try Connection(path: staging, mode: .readWriteCreate)
            try FTS5Bridge.register(on: connection)
            // The staging file is private until published: no journal or sync is needed while writing.
            try connection.execute("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536;")
            try connection.execute(Schema.create)
            try connection.transaction {
                try apply(articles, to: connection, update: &update, checkpoint: checkpoint)
                try writeContents(synonyms: synonyms, start: start, queryModel: queryModel, connection)
            }
            try connection.execute("INSERT INTO fts(fts) VALUES('optimize')")
            try connection.execute("PRAGMA user_version=\(Schema.version); PRAGMA application_id=\(Schema.applicationID);")
            if !usable {
                // Published as it is: in WAL mode already, so that the next build's update in
                // place does not have to convert it (which rewrites its header).
                try connection.execute("PRAGMA journal_mode=WAL")
            }
            update.documentCount = articles.count
        } catch let error as SQLiteError {
            throw IndexError.sqlite(error)
        }
        if usable {
            try copy(staging, into: path, checkpoint: checkpoint)
        } else {
            // Nothing usable to update: WAL files of whatever was there must not be applied to the new file.
            for suffix in ["-wal", "-shm"] { unlink(path + suffix) }
            try publish(staging, as: path, checkpoint: checkpoint)
        }
        return update
    }

    /// Opens the published index for writing, in WAL mode.
    private static func openForWriting(_ path: String) throws -> Connection {
        let connection = try Connection(path: path, mode: .readWrite)
        sqlite3_busy_timeout(connection.handle, 10_000)
        try FTS5Bridge.register(on: connection)
        // FULL: the commit is on disk when the build says it is done.
        try connection.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-65536;")
        return connection
    }

    /// Applies the change to the published index in one transaction, then copies the WAL back
    /// into the file.
    private static func updateInPlace(_ articles: [IndexEntry], synonyms: SynonymTable, path: String, start: ArticleID?,
                                      queryModel: QueryModel?, checkpoint: (Stage) throws -> Void) throws -> IndexUpdate {
        var update = IndexUpdate(incremental: true)
        do {
            let connection = try openForWriting(path)
            try connection.transaction {
                try checkpoint(.stagingCopied)
                try apply(articles, to: connection, update: &update, checkpoint: checkpoint)
                try writeContents(synonyms: synonyms, start: start, queryModel: queryModel, connection)
                try checkpoint(.stagingWritten)
            }
            try checkpoint(.published)
            update.documentCount = articles.count
            checkpointWAL(connection)
        } catch let error as SQLiteError {
            throw IndexError.sqlite(error)
        }
        return update
    }

    /// Copies a complete staging file into the published index, as one transaction.
    private static func copy(_ staging: String, into path: String, checkpoint: (Stage) throws -> Void) throws {
        try checkpoint(.stagingWritten)
        do {
            let source = try Connection(path: staging, mode: .readWrite)
            let destination = try openForWriting(path)
            guard let backup = sqlite3_backup_init(destination.handle, "main", source.handle, "main") else {
                throw destination.error(sqlite3_errcode(destination.handle), "copying \(staging) into \(path)")
            }
            let status = sqlite3_backup_step(backup, -1)
            let finished = sqlite3_backup_finish(backup)
            guard status == SQLITE_DONE else { throw destination.error(status, "copying \(staging) into \(path)") }
            guard finished == SQLITE_OK else { throw destination.error(finished, "copying \(staging) into \(path)") }
            try checkpoint(.published)
            checkpointWAL(destination)
        } catch let error as SQLiteError {
            throw IndexError.sqlite(error)
        }
    }

    /// Copies committed WAL pages back into the index file and empties the WAL, so that readers
    /// read the file alone. Readers in the middle of a search can hold it off; then the pages stay
    /// in the WAL (readers use them) until the next build.
    private static func checkpointWAL(_ connection: Connection) {
        sqlite3_busy_timeout(connection.handle, 0)
        if sqlite3_wal_checkpoint_v2(connection.handle, "main", SQLITE_CHECKPOINT_TRUNCATE, nil, nil) != SQLITE_OK {
            sqlite3_wal_checkpoint_v2(connection.handle, "main", SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        }
    }

    /// Synonyms, the document count, the start article and the query model.
    private static func writeContents(synonyms: SynonymTable, start: ArticleID?, queryModel: QueryModel?,
                                      _ connection: Connection) throws {
        try writeSynonyms(synonyms, connection)
        try connection.execute("""
            INSERT OR REPLACE INTO meta(key, value) VALUES('document_count', (SELECT count(*) FROM articles));
            DELETE FROM meta WHERE key = 'start_article';
            DELETE FROM meta WHERE key = '\(queryModelKey)';
            """)
        if let start {
            try connection.prepare("INSERT INTO meta(key, value) VALUES('start_article', ?1)").run(.text(start.rawValue))
        }
        try writeQueryModel(queryModel, connection)
    }

    /// The private file a process writes before publishing: `<index>.tmp-<pid>`.
    static func stagingPath(of path: String, process: Int32) -> String { "\(path).tmp-\(process)" }

    /// Deletes staging files left by builds that were killed (their process no longer exists), so
    /// that crashed builds do not pile up index-sized files beside the index.
    static func removeAbandonedStagingFiles(of path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        let prefix = (path as NSString).lastPathComponent + ".tmp-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(name))
            }
        }
    }

    // MARK: Applying changes

    private static func apply(_ entries: [IndexEntry], to connection: Connection, update: inout IndexUpdate,
                              checkpoint: (Stage) throws -> Void) throws {
        var existing: [String: (doc: Int64, hash: String, size: Int64, modified: Int64)] = [:]
        try connection.prepare(ArticleColumn.select([.doc, .id, .contentHash, .fileSize, .fileModified])).forEachRow { row in
            existing[row.text(.id)] = (row.int(.doc), row.text(.contentHash), row.int(.fileSize), row.int(.fileModified))
        }
        let wanted = Set(entries.map(\.article.id.rawValue))
        let removals = existing.filter { !wanted.contains($0.key) }.sorted { $0.key < $1.key }
        let changes = entries.filter { existing[$0.article.id.rawValue]?.hash != $0.article.contentHash }.count
        // Few changes: adjust the document frequencies of the terms they touch. Many: count afresh.
        let recount = !update.incremental || removals.count + changes > vocabularyScanThreshold
        var vocabulary = VocabularyDelta(connection: connection, tracking: !recount)

        let deleteFTS = try connection.prepare(Schema.deleteFTS)
        let deleteSections = try connection.prepare("DELETE FROM sections WHERE doc = ?1")
        let deleteArticle = try connection.prepare("DELETE FROM articles WHERE doc = ?1")
        func remove(_ doc: Int64) throws {
            try vocabulary.subtract(doc)
            try deleteFTS.run(.integer(doc))
            try deleteSections.run(.integer(doc))
            try deleteArticle.run(.integer(doc))
        }

        for (id, row) in removals {
            try remove(row.doc)
            update.removed.append(ArticleID(id))
        }

        let insertArticle = try connection.prepare(ArticleColumn.insert)
        let touchArticle = try connection.prepare("UPDATE articles SET file_size = ?2, file_modified = ?3 WHERE doc = ?1")
        let insertSection = try connection.prepare(SectionColumn.insert)
        let insertFTS = try connection.prepare(Schema.insertFTS)
        var inserted: [Article] = []
        for (position, entry) in entries.sorted(by: { $0.article.id < $1.article.id }).enumerated() {
            if position == entries.count / 2 { try checkpoint(.halfWritten) }
            let article = entry.article
            if let previous = existing[article.id.rawValue], previous.hash == article.contentHash {
                // Same bytes; a touched file only needs its new timestamp recorded.
                if previous.size != Int64(entry.fileSize) || previous.modified != entry.fileModified {
                    try touchArticle.run(.integer(previous.doc), .int(entry.fileSize), .integer(entry.fileModified))
                }
                update.unchanged += 1
                continue
            }
            var values = ArticleRows.values(for: entry)
            if let previous = existing[article.id.rawValue] {
                try remove(previous.doc)
                // An edited article keeps its document number: score ties break by it, and the
                // browser index names files by it, so a renumbered edit would differ from a
                // build from scratch (and rewrite every index file listing the article).
                values[ArticleColumn.allCases.firstIndex(of: .doc)!] = .integer(previous.doc)
                update.updated.append(article.id)
            } else {
                update.added.append(article.id)
            }
            try insertArticle.run(values)
            let doc = sqlite3_last_insert_rowid(connection.handle)
            for section in article.sections {
                try insertSection.run(ArticleRows.sectionValues(doc: doc, section))
            }
            try insertFTS.run(.integer(doc))
            try vocabulary.add(doc)
            inserted.append(article)
        }
        if recount {
            try connection.execute("DELETE FROM vocabulary; INSERT INTO vocabulary(term, documents) SELECT term, doc FROM fts_vocab WHERE doc > 0;")
        } else {
            try vocabulary.save()
        }
        try addPinyin(for: inserted, scanVocabulary: recount, connection)
    }

    /// Records the pinyin of ideograph terms the index gained.
    private static func addPinyin(for articles: [Article], scanVocabulary: Bool, _ connection: Connection) throws {
        var terms = Set<String>()
        if scanVocabulary {
            // Ideograph terms sort after every ASCII term; scan from the first multibyte lead byte.
            try connection.prepare(VocabularyColumn.select([.term], "WHERE term >= ?1")).forEachRow([.text("\u{80}")]) { row in
                terms.insert(row.text(.term))
            }
        } else {
            let tokenizer = Tokenizer(mode: .document)
            for article in articles {
                let fm = article.frontMatter
                let fields = [fm.title, fm.summary] + fm.symptoms + fm.tags
                    + article.sections.flatMap { [$0.heading ?? "", $0.text] }
                for text in fields {
                    for token in tokenizer.tokens(text) where token.kind == .bigram || token.kind == .unigram {
                        terms.insert(token.text)
                    }
                }
            }
        }
        let insert = try connection.prepare("INSERT OR IGNORE INTO pinyin_terms(key, term) VALUES(?1, ?2)")
        let table = PinyinTable.shared
        var rows: [(key: String, term: String)] = []
        for term in terms where term.unicodeScalars.count <= 2 {
            for key in table.keys(for: term, limit: 4) { rows.append((key, term)) }
        }
        // In primary-key order, each row is appended to the B-tree instead of inserted at random.
        rows.sort { ($0.key, $0.term) < ($1.key, $1.term) }
        for row in rows {
            try insert.run(.text(row.key), .text(row.term))
        }
    }

    /// The query model (already checked by the build) as a header and a row per feature.
    private static func writeQueryModel(_ model: QueryModel?, _ connection: Connection) throws {
        try connection.execute("DELETE FROM \(QueryModelColumn.table)")
        guard let model else { return }
        try connection.prepare("INSERT INTO meta(key, value) VALUES(?1, ?2)").run(.text(queryModelKey), .text(model.headerJSON))
        let insert = try connection.prepare(QueryModelColumn.insert)
        for (feature, entries) in model.features.sorted(by: { $0.key < $1.key }) {
            try insert.run(.text(feature), .text(QueryModel.encodeEntries(entries)))
        }
    }

    private static func writeSynonyms(_ synonyms: SynonymTable, _ connection: Connection) throws {
        try connection.execute("DELETE FROM synonyms")
        let insert = try connection.prepare(SynonymColumn.insert)
        for (g, group) in synonyms.groups.enumerated() {
            for (p, member) in group.members.enumerated() {
                try insert.run(SynonymColumn.values(group: g, position: p, member: member, role: group.role))
            }
        }
    }

    // MARK: Files

    private static func createDirectory(_ directory: String) throws {
        guard !directory.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw IndexError.fileSystem(path: directory, detail: error.localizedDescription)
        }
    }

    /// Flushes the staging file to disk and renames it over the published index.
    static func publish(_ staging: String, as path: String, checkpoint: (Stage) throws -> Void = { _ in }) throws {
        let fd = open(staging, O_RDONLY)
        guard fd >= 0 else { throw IndexError.fileSystem(path: staging, detail: String(cString: strerror(errno))) }
        let synced = fsync(fd)
        close(fd)
        guard synced == 0 else { throw IndexError.fileSystem(path: staging, detail: String(cString: strerror(errno))) }
        try checkpoint(.stagingWritten)
        guard rename(staging, path) == 0 else {
            throw IndexError.fileSystem(path: path, detail: String(cString: strerror(errno)))
        }
        try checkpoint(.published)
        let directory = (path as NSString).deletingLastPathComponent
        let dirfd = open(directory.isEmpty ? "." : directory, O_RDONLY)
        if dirfd >= 0 {
            fsync(dirfd)
            close(dirfd)
        }
    }
}
