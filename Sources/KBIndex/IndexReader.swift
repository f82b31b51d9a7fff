import CSQLite
import Foundation
import KBCore
import KBSearch
import KBText

/// A published index opened for reading. Checks at open that the file is a kb index of this schema
/// version, so that a damaged or foreign file is reported, never misread.
public final class IndexReader: SearchIndex {
    public let path: String
    public let documentCount: Int
    public let synonyms: SynonymTable
    private let connection: Connection
    private var statements: [String: Statement] = [:]
    /// The last `hits` answer, for the follow-up query of a homophone fallback.
    private var lastHits: (tokens: [String], filter: SearchFilter, hits: HitSet)?
    /// The same for `tokenCounts`.
    private var lastCounts: (tokens: [String], filter: SearchFilter, counts: TokenCounts)?

    public init(path: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw IndexError.missing(path: path) }
        guard !isFolder.boolValue else { throw IndexError.damaged(path: path, detail: "a folder, not an index file") }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw IndexError.unreadable(path: path, detail: "permission denied")
        }
        self.path = path
        do {
            connection = try Self.open(path)
            // Pages are read, not mapped: a mapped page a search touches counts in its resident
            // memory (10,000 articles: 46 MB mapped, 38 MB read), and reading cost no measurable time.
            try connection.execute("PRAGMA mmap_size=0")
            try FTS5Bridge.register(on: connection)
            let count = try connection.prepare(MetaColumn.select([.value], "WHERE key = 'document_count'")).firstRow()
            documentCount = count.flatMap { Int($0.text(.value)) } ?? 0
            var groups: [SynonymTable.Group] = []
            var keys: [[[String]]] = []
            try connection.prepare(SynonymColumn.select([.group, .member, .role, .units], "ORDER BY grp, position")).forEachRow { row in
                let group = Int(row.int(.group))
                while groups.count <= group {
                    groups.append(SynonymTable.Group(members: []))
                    keys.append([])
                }
                groups[group].members.append(row.text(.member))
                groups[group].role = SynonymTable.Role(rawValue: row.text(.role)) ?? .synonym
                keys[group].append(SynonymColumn.keys(row.text(.units)))
            }
            let kept = groups.indices.filter { !groups[$0].members.isEmpty }
            synonyms = SynonymTable(groups: kept.map { groups[$0] }, memberKeys: kept.map { keys[$0] })
        } catch let error as SQLiteError {
            // The file exists and can be read: whatever SQLite finds wrong with it (not a database,
            // an unknown file format, a table missing), it is not an index this kb can use.
            throw IndexError.damaged(path: path, detail: error.message)
        }
    }

    /// Opens and verifies the published index. Builds update it in place in WAL mode, so it is
    /// read through SQLite's locks and WAL; where the WAL's shared-memory file cannot be created
    /// (a folder this user may not write, where no build writes either) it is read as immutable.
    static func open(_ path: String) throws -> Connection {
        do {
            let connection = try Connection(path: path, mode: .readOnly)
            // One read transaction for the reader's whole life: every query sees the version that
            // was committed when it opened, as a reader of a file replaced by rename used to. (Each
            // statement on its own would see whatever was committed when it started: a search
            // could mix two versions.)
            try connection.execute("BEGIN")
            try verify(connection, path: path)
            return connection
        } catch let error as SQLiteError where [SQLITE_CANTOPEN, SQLITE_READONLY].contains(error.code & 0xFF)
                    && access(directory(of: path), W_OK) != 0 {
            // Only where nobody can write: a build may be copying the WAL back into the file
            // anywhere else, and an immutable reader would read that half-done.
            let connection = try Connection(path: path, mode: .immutable)
            try verify(connection, path: path)
            return connection
        }
    }

    private static func directory(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// True when `path` holds an index this version can read (and so can build upon).
    static func isUsable(_ path: String) -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { return false }
        return (try? open(path)) != nil
    }

    private static func verify(_ connection: Connection, path: String) throws {
        let applicationID = try connection.pragma("application_id").map { Int32(truncatingIfNeeded: $0) } ?? 0
        guard applicationID == Schema.applicationID else {
            throw IndexError.damaged(path: path, detail: "not a kb index")
        }
        let found = try connection.pragma("user_version").map { Int32(truncatingIfNeeded: $0) } ?? 0
        guard found == Schema.version else {
            throw IndexError.incompatibleSchema(path: path, found: found, expected: Schema.version)
        }
        // SQLite writes whole pages, and the header says how many: a file of another length was cut
        // short (a copy interrupted, a full disk) or added to. Reading it would fill the gap with zeros.
        let pageSize = try connection.pragma("page_size"), pageCount = try connection.pragma("page_count")
        let expectedSize = pageSize.flatMap { size in pageCount.map { size * $0 } } ?? -1
        let actualSize = try connection.openFileSize()
        // Pages a build committed to the WAL and did not yet copy back (a build killed between
        // the two, or readers holding the checkpoint off) count in the page count, not in the file.
        // And a build that shrank the index truncates the file only once every page is copied back.
        var wal = stat()
        let pending = stat(path + "-wal", &wal) == 0 && wal.st_size > 0
        let walMode = try connection.prepare("PRAGMA journal_mode").pragmaText() == "wal"
        let wholePagesMore = actualSize > expectedSize && pageSize.map { (actualSize - expectedSize) % $0 == 0 } == true
        guard actualSize == expectedSize || (pending && actualSize < expectedSize) || (walMode && wholePagesMore) else {
            throw IndexError.damaged(path: path, detail: "the file is \(actualSize) bytes, its header says \(expectedSize)")
        }
        let present = try connection.prepare(Selected([Aggregate.count], """
            FROM sqlite_master WHERE name IN (\(Schema.requiredObjects.map { "'\($0)'" }.joined(separator: ", ")))
            """)).firstRow()
        guard present?.int(.count) == Int64(Schema.requiredObjects.count) else {
            throw IndexError.damaged(path: path, detail: "tables are missing")
        }
        // Pages damaged inside a table are found where a search reads them, and reported as a
        // damaged index (see `guarded`): counting every row here read the whole index on every
        // search (24 MB at 10,000 articles).
    }

    private func statement(_ sql: String) throws -> Statement {
        if let cached = statements[sql] { return cached }
        let prepared = try connection.prepare(sql)
        statements[sql] = prepared
        return prepared
    }

    private func query<Column>(_ selected: Selected<Column>) throws -> Query<Column> {
        Query(statement: try statement(selected.sql), selection: selected.selection)
    }

    /// Converts SQLite failures into index errors that say what to do.
    private func guarded<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError {
            throw error.isCorruption ? IndexError.damaged(path: path, detail: error.message) : IndexError.sqlite(error)
        }
    }

    // MARK: Vocabulary

    public func documentFrequencies(of tokens: [String]) throws -> [Int] {
        try guarded {
            let lookup = try query(Queries.termDocuments)
            return try tokens.map { token in
                try lookup.firstRow([.text(token)]).map { Int($0.int(.documents)) } ?? 0
            }
        }
    }

    public func terms(withPinyin key: String, limit: Int) throws -> [(term: String, documentFrequency: Int)] {
        try guarded {
            // Two steps, each an index lookup.
            var terms: [String] = []
            try query(Queries.pinyinTerms).forEachRow([.text(key)]) { terms.append($0.text(.term)) }
            let frequencies = try documentFrequencies(of: terms)
            return Array(zip(terms, frequencies).filter { $0.1 > 0 }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }
                .prefix(limit).map { (term: $0.0, documentFrequency: $0.1) })
        }
    }

    public func words(withinOneEditOf word: String, limit: Int) throws -> [(term: String, documentFrequency: Int)] {
        try guarded {
            var result: [(String, Int)] = []
            // Letters and digits sort below every multibyte term: the ASCII vocabulary is one range.
            try query(Queries.asciiTerms)
                .forEachRow([.text("\u{80}")]) { row in
                    let term = row.text(.term)
                    if term != word, EditDistance.isWithinOne(term, word) { result.append((term, Int(row.int(.documents)))) }
                }
            return Array(result.sorted { ($0.1, $1.0) > ($1.1, $0.0) }.prefix(limit))
        }
    }

    // MARK: SearchIndex

    public func hits(for tokens: [String], filter: SearchFilter) throws -> HitSet {
        // A search that falls back to homophones asks again for its first tokens and a few more:
        // fetch only the new ones and merge. A document without any of the new tokens has zero
        // counts for them, so the merged set is what one query for all tokens returns.
        let hits: HitSet
        if let last = lastHits, last.filter == filter, Set(last.tokens).isSubset(of: tokens) {
            let known = Set(last.tokens)
            let added = tokens.filter { !known.contains($0) }
            hits = added.isEmpty ? Self.reorder(last.hits, from: last.tokens, to: tokens)
                : Self.merge(last.hits, last.tokens, try fetchHits(for: added, filter: filter), added, into: tokens)
        } else {
            hits = try fetchHits(for: tokens, filter: filter)
        }
        lastHits = (tokens, filter, hits)
        return hits
    }

    /// Per-token counts laid out for `tokens`, taking each token's from whichever set has it.
    private static func merge(_ first: HitSet, _ firstTokens: [String], _ second: HitSet, _ secondTokens: [String],
                              into tokens: [String]) -> HitSet {
        let fieldCount = Field.allCases.count
        var firstIndex: [String: Int] = [:], secondIndex: [String: Int] = [:]
        for (i, token) in firstTokens.enumerated() where firstIndex[token] == nil { firstIndex[token] = i }
        for (i, token) in secondTokens.enumerated() where secondIndex[token] == nil { secondIndex[token] = i }
        // Where each token's counts come from: (0 first, 1 second; token index there).
        let sources = tokens.map { token -> (set: Int, index: Int)? in
            if let i = firstIndex[token] { return (0, i) }
            if let i = secondIndex[token] { return (1, i) }
            return nil
        }
        var documents: [DocumentHits] = []
        documents.reserveCapacity(max(first.documents.count, second.documents.count))
        func row(_ a: DocumentHits?, _ b: DocumentHits?) -> DocumentHits {
            var frequencies = [UInt16](repeating: 0, count: tokens.count * fieldCount)
            for (t, source) in sources.enumerated() {
                guard let source, let hits = source.set == 0 ? a : b else { continue }
                for field in 0..<fieldCount {
                    frequencies[t * fieldCount + field] = hits.frequencies[source.index * fieldCount + field]
                }
            }
            return DocumentHits(document: (a ?? b)!.document, fieldLengths: (a ?? b)!.fieldLengths, frequencies: frequencies)
        }
        // Both lists are in document order (FTS5 returns rowids ascending): merge them in one pass.
        let a = first.documents.sorted { $0.document < $1.document }
        let b = second.documents.sorted { $0.document < $1.document }
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i].document < b[j].document) {
                documents.append(row(a[i], nil))
                i += 1
            } else if i == a.count || b[j].document < a[i].document {
                documents.append(row(nil, b[j]))
                j += 1
            } else {
                documents.append(row(a[i], b[j]))
                i += 1
                j += 1
            }
        }
        // Both statistics describe the whole table; an empty set carries only placeholders.
        let statistics = first.documents.isEmpty ? second.statistics : first.statistics
        return HitSet(documents: documents, statistics: statistics)
    }

    private static func reorder(_ hits: HitSet, from old: [String], to tokens: [String]) -> HitSet {
        old == tokens ? hits : merge(hits, old, HitSet(documents: [], statistics: hits.statistics), [], into: tokens)
    }

    private func fetchHits(for tokens: [String], filter: SearchFilter) throws -> HitSet {
        try guarded {
            let frequencies = try documentFrequencies(of: tokens)
            let searchable = tokens.indices.filter { frequencies[$0] > 0 }
            let fieldCount = Field.allCases.count
            var statistics = CollectionStatistics(documentCount: documentCount,
                                                  averageFieldLengths: Array(repeating: 1, count: fieldCount))
            guard !searchable.isEmpty else { return HitSet(documents: [], statistics: statistics) }
            // Every token is a quoted string: the user's text never reaches FTS5 as syntax.
            let expression = searchable.map { "\"" + tokens[$0].replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
                .joined(separator: " OR ")
            var documents: [DocumentHits] = []
            var totalsRead = false
            try query(Queries.hits).forEachRow([
                .text(expression), filter.category.map { .text($0.rawValue) }, filter.product.map { .text($0.rawValue) },
            ]) { row in
                guard let decoded = HitsBlob.decode(row.blob(.hits), phrases: searchable.count, columns: fieldCount) else {
                    throw IndexError.damaged(path: path, detail: "unexpected kb_hits result")
                }
                if !totalsRead {
                    guard let totals = decoded.totals else {
                        throw IndexError.damaged(path: path, detail: "kb_hits gave no totals")
                    }
                    totalsRead = true
                    let rows = Double(max(totals.rowCount, 1))
                    statistics = CollectionStatistics(documentCount: max(documentCount, totals.rowCount),
                                                      averageFieldLengths: totals.sizes.map { Double($0) / rows })
                }
                var perToken = [UInt16](repeating: 0, count: tokens.count * fieldCount)
                for (phrase, token) in searchable.enumerated() {
                    for field in 0..<fieldCount {
                        perToken[token * fieldCount + field] = decoded.counts[phrase * fieldCount + field]
                    }
                }
                documents.append(DocumentHits(document: row.int(.document), fieldLengths: decoded.sizes, frequencies: perToken))
            }
            return HitSet(documents: documents, statistics: statistics)
        }
    }

    /// `hits` without the field lengths, flat: FTS5 reads a row's lengths from its docsize table
    /// with one B-tree lookup per row, and a search needs them only for the documents it scores
    /// (`fieldLengths(of:)`). A homophone follow-up fetches only its new tokens, as `hits` does.
    public func tokenCounts(for tokens: [String], filter: SearchFilter) throws -> TokenCounts {
        let counts: TokenCounts
        if let last = lastCounts, last.filter == filter, Set(last.tokens).isSubset(of: tokens) {
            let known = Set(last.tokens)
            let added = tokens.filter { !known.contains($0) }
            counts = Self.merge(last.counts, last.tokens,
                                    added.isEmpty ? nil : try fetchCounts(for: added, filter: filter), added, into: tokens)
        } else {
            counts = try fetchCounts(for: tokens, filter: filter)
        }
        lastCounts = (tokens, filter, counts)
        return counts
    }

    public func fieldLengths(of document: Int64) throws -> [Int] {
        try guarded {
            let lookup = try query(Queries.fieldSizes)
            guard let row = try lookup.firstRow([.integer(document)]),
                  let sizes = row.withBlob(.sizes, { HitsBlob.decodeDocsize($0, columns: Field.allCases.count) }) else {
                throw IndexError.damaged(path: path, detail: "no readable column sizes for document \(document)")
            }
            return sizes
        }
    }

    /// Counts laid out for `tokens`, each token's taken from whichever set has it; documents of
    /// either set, in document order.
    private static func merge(_ first: TokenCounts, _ firstTokens: [String], _ second: TokenCounts?, _ secondTokens: [String],
                              into tokens: [String]) -> TokenCounts {
        let fieldCount = Field.allCases.count
        if second == nil && firstTokens == tokens { return first }
        var firstIndex: [String: Int] = [:], secondIndex: [String: Int] = [:]
        for (i, token) in firstTokens.enumerated() where firstIndex[token] == nil { firstIndex[token] = i }
        for (i, token) in secondTokens.enumerated() where secondIndex[token] == nil { secondIndex[token] = i }
        let sources = tokens.map { token -> (set: Int, index: Int)? in
            if let i = firstIndex[token] { return (0, i) }
            if let i = secondIndex[token], second != nil { return (1, i) }
            return nil
        }
        let empty = TokenCounts(tokenCount: secondTokens.count, documents: [], frequencies: [], statistics: first.statistics)
        let other = second ?? empty
        var merged = TokenCounts(tokenCount: tokens.count, documents: [], frequencies: [],
                                 statistics: first.documents.isEmpty ? other.statistics : first.statistics)
        let stride = merged.stride
        let zeros = [UInt16](repeating: 0, count: stride)
        merged.documents.reserveCapacity(max(first.documents.count, other.documents.count))
        merged.frequencies.reserveCapacity(max(first.documents.count, other.documents.count) * stride)
        func append(_ a: Int?, _ b: Int?) {
            merged.documents.append(a.map { first.documents[$0] } ?? other.documents[b!])
            let base = merged.frequencies.count
            merged.frequencies.append(contentsOf: zeros)
            for (t, source) in sources.enumerated() {
                guard let source else { continue }
                let (set, row) = source.set == 0 ? (first, a) : (other, b)
                guard let row else { continue }
                let from = row * set.stride + source.index * fieldCount
                for field in 0..<fieldCount {
                    merged.frequencies[base + t * fieldCount + field] = set.frequencies[from + field]
                }
            }
        }
        // Both are in document order (`fetchCounts` sees to it): one pass.
        var i = 0, j = 0
        while i < first.documents.count || j < other.documents.count {
            if j == other.documents.count || (i < first.documents.count && first.documents[i] < other.documents[j]) {
                append(i, nil)
                i += 1
            } else if i == first.documents.count || other.documents[j] < first.documents[i] {
                append(nil, j)
                j += 1
            } else {
                append(i, j)
                i += 1
                j += 1
            }
        }
        return merged
    }

    /// A token as an FTS5 string: in double quotes, each double quote doubled, so that the user's
    /// text never reaches FTS5 as syntax. (Not Foundation's `replacingOccurrences`, whose first call
    /// sets up NSString bridging: a measurable part of a search's start-up.)
    static func quoted(_ token: String) -> String {
        var quoted = "\""
        for character in token.unicodeScalars {
            quoted.unicodeScalars.append(character)
            if character == "\"" { quoted.unicodeScalars.append("\"") }
        }
        quoted.unicodeScalars.append("\"")
        return quoted
    }

    private func fetchCounts(for tokens: [String], filter: SearchFilter) throws -> TokenCounts {
        try guarded {
            let frequencies = try documentFrequencies(of: tokens)
            let searchable = tokens.indices.filter { frequencies[$0] > 0 }
            let fieldCount = Field.allCases.count
            var counts = TokenCounts(tokenCount: tokens.count, documents: [], frequencies: [],
                                     statistics: CollectionStatistics(documentCount: documentCount,
                                                                      averageFieldLengths: Array(repeating: 1, count: fieldCount)))
            guard !searchable.isEmpty else { return counts }
            let expression = searchable.map { Self.quoted(tokens[$0]) }.joined(separator: " OR ")
            let stride = counts.stride
            let zeros = [UInt16](repeating: 0, count: stride)
            let slots = searchable.map { $0 * fieldCount }
            var totals: (rowCount: Int, sizes: [Int])?
            var totalsRead = false
            var ascending = true
            try query(Queries.counts).forEachRow([
                .text(expression), filter.category.map { .text($0.rawValue) }, filter.product.map { .text($0.rawValue) },
            ]) { row in
                let document = row.int(.document)
                if let last = counts.documents.last, last >= document { ascending = false }
                let base = counts.frequencies.count
                counts.frequencies.append(contentsOf: zeros)
                let valid = row.withBlob(.counts) { blob in
                    counts.frequencies.withUnsafeMutableBufferPointer { all in
                        HitsBlob.readCounts(blob, phrases: searchable.count, columns: fieldCount,
                                            into: UnsafeMutableBufferPointer(rebasing: all[base..<base + stride]),
                                            phraseSlots: slots, totals: &totals)
                    }
                }
                guard valid else { throw IndexError.damaged(path: path, detail: "unexpected kb_hits result") }
                if !totalsRead {
                    guard let totals else { throw IndexError.damaged(path: path, detail: "kb_hits gave no totals") }
                    totalsRead = true
                    let rows = Double(max(totals.rowCount, 1))
                    counts.statistics = CollectionStatistics(documentCount: max(documentCount, totals.rowCount),
                                                             averageFieldLengths: totals.sizes.map { Double($0) / rows })
                }
                counts.documents.append(document)
            }
            // FTS5 returns rowids ascending; the merge with a follow-up query relies on it.
            if !ascending {
                let order = counts.documents.indices.sorted { counts.documents[$0] < counts.documents[$1] }
                var frequencies: [UInt16] = []
                frequencies.reserveCapacity(counts.frequencies.count)
                for d in order { frequencies.append(contentsOf: counts.frequencies[d * stride..<(d + 1) * stride]) }
                counts.documents = order.map { counts.documents[$0] }
                counts.frequencies = frequencies
            }
            return counts
        }
    }

    public func records(_ documents: [Int64]) throws -> [ArticleRecord] {
        try guarded {
            try documents.compactMap { doc in
                guard let row = try query(Queries.articleByDoc)
                    .firstRow([.integer(doc)]) else { return nil }
                let sections = try sections(of: doc)
                return Self.record(try ArticleRows.article(from: row, sections: sections, links: false))
            }
        }
    }

    public func records(ids: [ArticleID]) throws -> [ArticleRecord] {
        try guarded {
            try ids.compactMap { id in
                guard let row = try query(Queries.articleByID)
                    .firstRow([.text(id.rawValue)]) else { return nil }
                return Self.record(try ArticleRows.article(from: row, sections: [], links: false))
            }
        }
    }

    private func sections(of doc: Int64) throws -> [Section] {
        var sections: [Section] = []
        try query(Queries.sectionsOfArticle)
            .forEachRow([.integer(doc)]) { sections.append(ArticleRows.section(from: $0)) }
        return sections
    }

    private static func record(_ pair: (doc: Int64, article: Article)) -> ArticleRecord {
        let fm = pair.article.frontMatter
        return ArticleRecord(document: pair.doc, id: pair.article.id, sourcePath: pair.article.sourcePath,
                             title: fm.title, category: fm.category, products: fm.products, summary: fm.summary,
                             symptoms: fm.symptoms, tags: fm.tags, related: fm.related, sections: pair.article.sections)
    }

    // MARK: Whole articles

    /// Every stored article, with sections, in id order.
    public func allArticles() throws -> [Article] {
        try guarded {
            var sectionsByDoc: [Int64: [Section]] = [:]
            try query(Queries.allSections)
                .forEachRow { row in sectionsByDoc[row.int(.doc), default: []].append(ArticleRows.section(from: row)) }
            var articles: [Article] = []
            try query(ArticleColumn.select(ArticleRows.articleColumns, "ORDER BY id")).forEachRow { row in
                let doc = row.int(.doc)
                articles.append(try ArticleRows.article(from: row, sections: sectionsByDoc[doc] ?? []).article)
            }
            return articles
        }
    }

    /// Everything a build reuses for unchanged files, read in one pass over each table.
    public func storedArticles() throws -> [ArticleID: StoredArticle] {
        try storedArticles(part: 0, of: 1)
    }

    /// The stored articles of one of `parts` ranges of document numbers: readers on separate
    /// connections read the parts at once (every stored article is read back on each incremental
    /// build, and most of the time is making values of its rows).
    public func storedArticles(part: Int, of parts: Int) throws -> [ArticleID: StoredArticle] {
        try guarded {
            let maximum = try query(ArticleColumn.select([.doc], "ORDER BY doc DESC LIMIT 1")).firstRow().map { $0.int(.doc) } ?? 0
            let width = maximum / Int64(parts) + 1
            let range: [SQLValue?] = [.integer(width * Int64(part)), .integer(width * Int64(part + 1))]
            var sectionsByDoc: [Int64: [Section]] = [:]
            try query(Queries.sectionsOfDocuments).forEachRow(range) { row in
                sectionsByDoc[row.int(.doc), default: []].append(ArticleRows.section(from: row))
            }
            var stored: [ArticleID: StoredArticle] = [:]
            stored.reserveCapacity(documentCount / parts + 1)
            try query(ArticleColumn.select(ArticleColumn.allCases, "WHERE doc >= ?1 AND doc < ?2")).forEachRow(range) { row in
                let doc = row.int(.doc)
                let article = try ArticleRows.article(from: row, sections: sectionsByDoc.removeValue(forKey: doc) ?? []).article
                stored[article.id] = StoredArticle(article: article, file: ArticleRows.file(from: row),
                                                   frontMatterPositions: row.text(.frontMatterPositions),
                                                   readerWarnings: row.text(.readerWarnings))
            }
            return stored
        }
    }

    /// The article every reader should start with (kb.yml's `site.start`), when the build named one.
    /// Read when asked (an out-of-scope answer), not when the index opens: most searches never need it.
    public func startArticle() throws -> ArticleID? {
        try guarded {
            try query(MetaColumn.select([.value], "WHERE key = ?1")).firstRow([.text("start_article")])
                .map { ArticleID($0.text(.value)) }
        }
    }

    /// The query model the build stored (`content/query-model.json`): its header and the rows of
    /// the features asked for. A model that cannot be read is left out, as if there were none: it
    /// only reorders what the words found.
    public func queryModel(for features: Set<String>) throws -> QueryModel? {
        try guarded {
            guard let header = try query(MetaColumn.select([.value], "WHERE key = ?1")).firstRow([.text(IndexWriter.queryModelKey)])
            else { return nil }
            let lookup = try query(Queries.queryModelFeature)
            var rows: [(feature: String, entries: String)] = []
            for feature in features.sorted() {
                if let row = try lookup.firstRow([.text(feature)]) { rows.append((feature, row.text(.entries))) }
            }
            return QueryModel(header: header.text(.value), rows: rows)
        }
    }

    /// Each article's document number (rowid): the order `kb search` breaks score ties by, which
    /// the browser search must follow.
    public func documentNumbers() throws -> [ArticleID: Int64] {
        try guarded {
            var numbers: [ArticleID: Int64] = [:]
            try query(ArticleColumn.select([.doc, .id])).forEachRow { row in numbers[ArticleID(row.text(.id))] = row.int(.doc) }
            return numbers
        }
    }

    /// What the index knows of each source file, to tell a later build which files changed.
    public func storedFiles() throws -> [ArticleID: StoredFile] {
        try guarded {
            var files: [ArticleID: StoredFile] = [:]
            try query(ArticleColumn.select([.id, .contentHash, .fileSize, .fileModified])).forEachRow { row in
                files[ArticleID(row.text(.id))] = ArticleRows.file(from: row)
            }
            return files
        }
    }

    /// One stored article by id.
    public func article(_ id: ArticleID) throws -> Article? {
        try guarded {
            guard let row = try query(Queries.articleByID)
                .firstRow([.text(id.rawValue)]) else { return nil }
            let doc = row.int(.doc)
            return try ArticleRows.article(from: row, sections: try sections(of: doc)).article
        }
    }

    /// FTS5's own highlighting of one field, for tests that the tokenizer's offsets are exact.
    func highlight(query expression: String, field: Field, open: String = "[", close: String = "]") throws -> [String] {
        try guarded {
            var result: [String] = []
            try connection.prepare(Selected([Match.highlighted], "FROM fts WHERE fts MATCH ?1 ORDER BY rowid"))
                .forEachRow([.text(expression), .int(field.rawValue), .text(open), .text(close)]) { result.append($0.text(.highlighted)) }
            return result
        }
    }
}

/// An article as the index holds it, with what a build needs to reuse it without reading its file.
public struct StoredArticle: Sendable {
    public var article: Article
    public var file: StoredFile
    /// What the build stored as `IndexEntry.frontMatterPositions`.
    public var frontMatterPositions: String
    /// What the build stored as `IndexEntry.readerWarnings`.
    public var readerWarnings: String
}

/// A source file as the index last saw it.
public struct StoredFile: Sendable, Equatable {
    public var contentHash: String
    public var size: Int
    public var modified: Int64
}

// MARK: Statements

/// The statements a search runs, made once: some run once per token or per scored document.
private enum Queries {
    static let termDocuments = VocabularyColumn.select([.documents], "WHERE term = ?1")
    static let queryModelFeature = QueryModelColumn.select([.entries], "WHERE feature = ?1")
    static let pinyinTerms = PinyinTermColumn.select([.term], "WHERE key = ?1")
    /// Letters and digits sort below every multibyte term (`?1` is U+0080).
    static let asciiTerms = VocabularyColumn.select([.term, .documents], "WHERE term >= '0' AND term < ?1")
    static let hits = Selected([Match.document, .hits], matching)
    static let counts = Selected([Match.document, .counts], matching)
    static let fieldSizes = Selected([Docsize.sizes], "FROM fts_docsize WHERE id = ?1")
    static let articleByDoc = ArticleColumn.select(ArticleRows.articleColumns, "WHERE doc = ?1")
    static let articleByID = ArticleColumn.select(ArticleRows.articleColumns, "WHERE id = ?1")
    static let sectionsOfArticle = SectionColumn.select(ArticleRows.sectionColumns, "WHERE doc = ?1 ORDER BY idx")
    static let allSections = SectionColumn.select(SectionColumn.allCases, "ORDER BY doc, idx")
    static let sectionsOfDocuments = SectionColumn.select(SectionColumn.allCases, "WHERE doc >= ?1 AND doc < ?2 ORDER BY doc, idx")

    /// The FTS5 rows of a MATCH (`?1`), restricted to a category (`?2`) and a product line (`?3`) when given.
    private static let matching = """
        FROM fts WHERE fts MATCH ?1
        AND (?2 IS NULL OR rowid IN (SELECT doc FROM articles WHERE category = ?2))
        AND (?3 IS NULL OR rowid IN (SELECT doc FROM articles WHERE instr(' ' || products || ' ', ' ' || ?3 || ' ') > 0))
        """
}

// MARK: Computed results

/// What a MATCH on the FTS table answers with.
private enum Match: ResultColumn {
    case document
    /// `kb_hits` with the field lengths (`HitsBlob.decode`).
    case hits
    /// `kb_hits` without them (`HitsBlob.readCounts`).
    case counts
    /// `highlight(fts, ?2, ?3, ?4)`: one field with its matches marked.
    case highlighted

    var expression: String {
        switch self {
        case .document: "rowid"
        case .hits: "kb_hits(fts)"
        case .counts: "kb_hits(fts, 0)"
        case .highlighted: "highlight(fts, ?2, ?3, ?4)"
        }
    }

    var type: ColumnType {
        switch self {
        case .document: .integer
        case .hits, .counts: .blob
        case .highlighted: .text
        }
    }
}

/// FTS5's record of a row's field lengths.
private enum Docsize: ResultColumn {
    case sizes
    var expression: String { "sz" }
    var type: ColumnType { .blob }
}

private enum Aggregate: ResultColumn {
    case count
    var expression: String { "count(*)" }
    var type: ColumnType { .integer }
}
