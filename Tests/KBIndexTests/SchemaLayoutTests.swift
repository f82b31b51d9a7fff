import Foundation
import KBCore
import KBSearch
import Testing
@testable import KBIndex

/// A column as `PRAGMA table_info` describes it.
private enum TableInfo: ResultColumn, CaseIterable {
    case name, type, notNull, primaryKey

    var expression: String {
        switch self {
        case .name: "name"
        case .type: "type"
        case .notNull: "\"notnull\""
        case .primaryKey: "pk"
        }
    }

    var type: ColumnType { self == .name || self == .type ? .text : .integer }
}

private enum MasterEntry: ResultColumn {
    case object
    var expression: String { "type || ' ' || name" }
    var type: ColumnType { .text }
}

/// Each table of the index is described once (`IndexTables.swift`) and the schema, the writer and
/// the reader are made from that description. What is left to check: that the file layout changes
/// only with the schema version, and that every column written is read back.
@Suite struct SchemaLayoutTests {
    /// Every table's columns ("name type notnull pk", as `PRAGMA table_info` gives them) and every
    /// object of the file, by schema version. A column added, dropped or changed without bumping
    /// `Schema.version` fails here: an index written before would be opened and misread. Record
    /// the new layout under the new version.
    static let layouts: [Int32: (columns: [String: [String]], objects: [String])] = [
        3: (columns: [
            "meta": ["key TEXT 1 1", "value TEXT 1 0"],
            "articles": [
                "doc INTEGER 0 1", "id TEXT 1 0", "source_path TEXT 1 0", "content_hash TEXT 1 0", "file_size INTEGER 1 0",
                "file_modified INTEGER 1 0", "title TEXT 1 0", "category TEXT 1 0", "products TEXT 1 0", "symptoms TEXT 1 0",
                "summary TEXT 1 0", "related TEXT 1 0", "tags TEXT 1 0", "updated TEXT 1 0", "links TEXT 1 0",
                "front_matter_positions TEXT 1 0",
            ],
            "sections": [
                "doc INTEGER 1 1", "idx INTEGER 1 2", "heading TEXT 0 0", "level INTEGER 1 0", "anchor TEXT 0 0",
                "text TEXT 1 0", "line INTEGER 1 0",
            ],
            "vocabulary": ["term TEXT 1 1", "documents INTEGER 1 0"],
            "pinyin_terms": ["key TEXT 1 1", "term TEXT 1 2"],
            "synonyms": ["grp INTEGER 1 1", "position INTEGER 1 2", "member TEXT 1 0", "role TEXT 1 0"],
            "fts": ["title  0 0", "symptoms  0 0", "tags  0 0", "summary  0 0", "headings  0 0", "body  0 0"],
            "fts_source": [
                "doc INTEGER 0 0", "title TEXT 0 0", "symptoms TEXT 0 0", "tags TEXT 0 0", "summary TEXT 0 0",
                "headings  0 0", "body  0 0",
            ],
        ], objects: [
            "index articles_category", "index sqlite_autoindex_articles_1", "table articles", "table fts",
            "table fts_config", "table fts_data", "table fts_docsize", "table fts_idx", "table fts_vocab", "table meta",
            "table pinyin_terms", "table sections", "table synonyms", "table vocabulary", "view fts_source",
        ]),
        4: (columns: [
            "meta": ["key TEXT 1 1", "value TEXT 1 0"],
            "articles": [
                "doc INTEGER 0 1", "id TEXT 1 0", "source_path TEXT 1 0", "content_hash TEXT 1 0", "file_size INTEGER 1 0",
                "file_modified INTEGER 1 0", "title TEXT 1 0", "category TEXT 1 0", "products TEXT 1 0", "symptoms TEXT 1 0",
                "summary TEXT 1 0", "related TEXT 1 0", "tags TEXT 1 0", "updated TEXT 1 0", "links TEXT 1 0",
                "front_matter_positions TEXT 1 0",
            ],
            "sections": [
                "doc INTEGER 1 1", "idx INTEGER 1 2", "heading TEXT 0 0", "level INTEGER 1 0", "anchor TEXT 0 0",
                "text TEXT 1 0", "line INTEGER 1 0",
            ],
            "vocabulary": ["term TEXT 1 1", "documents INTEGER 1 0"],
            "pinyin_terms": ["key TEXT 1 1", "term TEXT 1 2"],
            "synonyms": ["grp INTEGER 1 1", "position INTEGER 1 2", "member TEXT 1 0", "role TEXT 1 0"],
            "query_model": ["feature TEXT 1 1", "entries TEXT 1 0"],
            "fts": ["title  0 0", "symptoms  0 0", "tags  0 0", "summary  0 0", "headings  0 0", "body  0 0"],
            "fts_source": [
                "doc INTEGER 0 0", "title TEXT 0 0", "symptoms TEXT 0 0", "tags TEXT 0 0", "summary TEXT 0 0",
                "headings  0 0", "body  0 0",
            ],
        ], objects: [
            "index articles_category", "index sqlite_autoindex_articles_1", "table articles", "table fts",
            "table fts_config", "table fts_data", "table fts_docsize", "table fts_idx", "table fts_vocab", "table meta",
            "table pinyin_terms", "table query_model", "table sections", "table synonyms", "table vocabulary",
            "view fts_source",
        ]),
        5: (columns: [
            "meta": ["key TEXT 1 1", "value TEXT 1 0"],
            "articles": [
                "doc INTEGER 0 1", "id TEXT 1 0", "source_path TEXT 1 0", "content_hash TEXT 1 0", "file_size INTEGER 1 0",
                "file_modified INTEGER 1 0", "title TEXT 1 0", "category TEXT 1 0", "products TEXT 1 0", "symptoms TEXT 1 0",
                "summary TEXT 1 0", "related TEXT 1 0", "tags TEXT 1 0", "updated TEXT 1 0", "links TEXT 1 0",
                "front_matter_positions TEXT 1 0", "reader_warnings TEXT 1 0",
            ],
            "sections": [
                "doc INTEGER 1 1", "idx INTEGER 1 2", "heading TEXT 0 0", "level INTEGER 1 0", "anchor TEXT 0 0",
                "text TEXT 1 0", "line INTEGER 1 0",
            ],
            "vocabulary": ["term TEXT 1 1", "documents INTEGER 1 0"],
            "pinyin_terms": ["key TEXT 1 1", "term TEXT 1 2"],
            "synonyms": ["grp INTEGER 1 1", "position INTEGER 1 2", "member TEXT 1 0", "role TEXT 1 0"],
            "query_model": ["feature TEXT 1 1", "entries TEXT 1 0"],
            "fts": ["title  0 0", "symptoms  0 0", "tags  0 0", "summary  0 0", "headings  0 0", "body  0 0"],
            "fts_source": [
                "doc INTEGER 0 0", "title TEXT 0 0", "symptoms TEXT 0 0", "tags TEXT 0 0", "summary TEXT 0 0",
                "headings  0 0", "body  0 0",
            ],
        ], objects: [
            "index articles_category", "index sqlite_autoindex_articles_1", "table articles", "table fts",
            "table fts_config", "table fts_data", "table fts_docsize", "table fts_idx", "table fts_vocab", "table meta",
            "table pinyin_terms", "table query_model", "table sections", "table synonyms", "table vocabulary",
            "view fts_source",
        ]),
        6: (columns: [
            "meta": ["key TEXT 1 1", "value TEXT 1 0"],
            "articles": [
                "doc INTEGER 0 1", "id TEXT 1 0", "source_path TEXT 1 0", "content_hash TEXT 1 0", "file_size INTEGER 1 0",
                "file_modified INTEGER 1 0", "title TEXT 1 0", "category TEXT 1 0", "products TEXT 1 0", "symptoms TEXT 1 0",
                "summary TEXT 1 0", "related TEXT 1 0", "tags TEXT 1 0", "updated TEXT 1 0", "links TEXT 1 0",
                "front_matter_positions TEXT 1 0", "reader_warnings TEXT 1 0",
            ],
            "sections": [
                "doc INTEGER 1 1", "idx INTEGER 1 2", "heading TEXT 0 0", "level INTEGER 1 0", "anchor TEXT 0 0",
                "text TEXT 1 0", "line INTEGER 1 0",
            ],
            "vocabulary": ["term TEXT 1 1", "documents INTEGER 1 0"],
            "pinyin_terms": ["key TEXT 1 1", "term TEXT 1 2"],
            "synonyms": ["grp INTEGER 1 1", "position INTEGER 1 2", "member TEXT 1 0", "role TEXT 1 0", "units TEXT 1 0"],
            "query_model": ["feature TEXT 1 1", "entries TEXT 1 0"],
            "fts": ["title  0 0", "symptoms  0 0", "tags  0 0", "summary  0 0", "headings  0 0", "body  0 0"],
            "fts_source": [
                "doc INTEGER 0 0", "title TEXT 0 0", "symptoms TEXT 0 0", "tags TEXT 0 0", "summary TEXT 0 0",
                "headings  0 0", "body  0 0",
            ],
        ], objects: [
            "index articles_category", "index sqlite_autoindex_articles_1", "table articles", "table fts",
            "table fts_config", "table fts_data", "table fts_docsize", "table fts_idx", "table fts_vocab", "table meta",
            "table pinyin_terms", "table query_model", "table sections", "table synonyms", "table vocabulary",
            "view fts_source",
        ]),
    ]

    private static func connection(to folder: IndexFolder) throws -> Connection {
        let connection = try Connection(path: folder.path, mode: .readOnly)
        try FTS5Bridge.register(on: connection)
        return connection
    }

    @Test func theFileLayoutIsTheOneRecordedForItsSchemaVersion() throws {
        guard let expected = Self.layouts[Schema.version] else {
            Issue.record("no layout recorded for schema version \(Schema.version): add it to SchemaLayoutTests.layouts")
            return
        }
        let folder = try IndexFolder()
        try folder.write(Articles.sample)
        let connection = try Self.connection(to: folder)
        for (table, columns) in expected.columns {
            var found: [String] = []
            try connection.prepare(Selected(TableInfo.allCases, "FROM pragma_table_info('\(table)') ORDER BY cid")).forEachRow { row in
                found.append("\(row.text(.name)) \(row.text(.type)) \(row.int(.notNull)) \(row.int(.primaryKey))")
            }
            #expect(found == columns, "\(table): the layout changed without a new Schema.version")
        }
        var objects: [String] = []
        try connection.prepare(Selected([MasterEntry.object], "FROM sqlite_master ORDER BY 1")).forEachRow {
            objects.append($0.text(.object))
        }
        #expect(objects == expected.objects, "tables or indexes changed without a new Schema.version")
    }

    /// The FTS5 table indexes the ranking's fields, in `Field` order: `kb_hits` counts by position,
    /// and `Field`'s order is what the ranking and the browser index (`meta.js`'s fields) read them by.
    @Test func theFullTextColumnsAreTheRankingFieldsInOrder() throws {
        let folder = try IndexFolder()
        try folder.write(Articles.sample)
        let connection = try Self.connection(to: folder)
        var names: [String] = []
        try connection.prepare(Selected([TableInfo.name], "FROM pragma_table_info('fts') ORDER BY cid")).forEachRow {
            names.append($0.text(.name))
        }
        #expect(names == Field.allCases.map(\.name))
    }

    /// Every value an entry carries comes back from every way the reader reads articles: a column
    /// written and not read (or read from another column) fails here.
    @Test func everyStoredValueReadsBack() throws {
        let links = [
            BodyLink(kind: .link, destination: "../fixes/b.md#步骤", target: .article("fixes/b", anchor: "步骤"), line: 14, column: 3),
            BodyLink(kind: .image, destination: "images/a.png", target: .file("images/a.png"), line: 20, column: 1),
        ]
        let sections = [
            Section(index: 0, heading: nil, level: 0, anchor: nil, text: "开头的回答", line: 9),
            Section(index: 1, heading: "处理步骤", level: 2, anchor: "处理步骤", text: "1. 重启\n2. 再试", line: 11),
            Section(index: 2, heading: "细节", level: 3, anchor: "细节-2", text: "", line: 17),
        ]
        let frontMatter = FrontMatter(title: "标题", category: .cause, products: [.smart, .eSign], symptoms: ["钱没到", "刷卡失败"],
                                      summary: "摘要", related: ["fixes/b", "guides/c"], tags: ["4G", "Wi-Fi"],
                                      updated: Day(iso: "2026-03-04")!)
        let article = Article(id: "causes/a", sourcePath: "content/causes/a.md", contentHash: "hash-a",
                              frontMatter: frontMatter, sections: sections, links: links)
        let entry = IndexEntry(article: article, fileSize: 1234, fileModified: 5_678_000_000, frontMatterPositions: "title 2 8",
                               readerWarnings: "warning content/causes/a.md 4")
        let folder = try IndexFolder()
        try folder.write([entry] + Articles.sample)
        let reader = try folder.reader()

        let stored = try #require(try reader.storedArticles()[article.id])
        #expect(stored.article == article)
        #expect(stored.file == StoredFile(contentHash: "hash-a", size: 1234, modified: 5_678_000_000))
        #expect(stored.frontMatterPositions == "title 2 8")
        #expect(stored.readerWarnings == "warning content/causes/a.md 4")
        #expect(try reader.storedFiles()[article.id] == stored.file)
        #expect(try reader.article(article.id) == article)
        #expect(try reader.allArticles().first { $0.id == article.id } == article)

        let number = try #require(try reader.documentNumbers()[article.id])
        let record = ArticleRecord(document: number, id: article.id, sourcePath: article.sourcePath, title: frontMatter.title,
                                   category: frontMatter.category, products: frontMatter.products, summary: frontMatter.summary,
                                   symptoms: frontMatter.symptoms, tags: frontMatter.tags, related: frontMatter.related,
                                   sections: sections)
        #expect(try reader.records([number]) == [record])
        // By id, without sections: what search results show.
        var withoutSections = record
        withoutSections.sections = []
        #expect(try reader.records(ids: [article.id]) == [withoutSections])
    }
}
