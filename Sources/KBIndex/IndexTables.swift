import KBSearch
import KBText

// The tables of the index, one enum each: `Schema` creates them from these, the writer inserts
// every case and the reader selects cases by name. Adding a column is adding a case; the
// compiler then asks for its value wherever a row is written (`ArticleRows`).

/// One row per article: what search results, `kb show` and an incremental build read back.
enum ArticleColumn: TableColumn {
    case doc, id, sourcePath, contentHash, fileSize, fileModified
    case title, category, products, symptoms, summary, related, tags, updated, links
    /// Where the front matter's fields are in the file, so that a build can reuse an unchanged file.
    case frontMatterPositions
    /// The warnings reading the file gave, so that a build reusing it reports them too.
    case readerWarnings

    static let table = "articles"

    var name: String {
        switch self {
        case .doc: "doc"
        case .id: "id"
        case .sourcePath: "source_path"
        case .contentHash: "content_hash"
        case .fileSize: "file_size"
        case .fileModified: "file_modified"
        case .title: "title"
        case .category: "category"
        case .products: "products"
        case .symptoms: "symptoms"
        case .summary: "summary"
        case .related: "related"
        case .tags: "tags"
        case .updated: "updated"
        case .links: "links"
        case .frontMatterPositions: "front_matter_positions"
        case .readerWarnings: "reader_warnings"
        }
    }

    var type: ColumnType {
        switch self {
        case .doc: .rowid
        case .fileSize, .fileModified: .integer
        case .id, .sourcePath, .contentHash, .title, .category, .products, .symptoms, .summary, .related, .tags,
             .updated, .links, .frontMatterPositions, .readerWarnings: .text
        }
    }

    var declarationSuffix: String? { self == .id ? "UNIQUE" : nil }
}

/// The sections of each article's body, in order (`idx`), as `Section` holds them.
enum SectionColumn: TableColumn {
    case doc, index, heading, level, anchor, text, line

    static let table = "sections"
    static var constraints: [String] { ["PRIMARY KEY(\(Self.doc.name), \(Self.index.name))"] }
    static var withoutRowID: Bool { true }

    var name: String {
        switch self {
        case .doc: "doc"
        case .index: "idx"
        case .heading: "heading"
        case .level: "level"
        case .anchor: "anchor"
        case .text: "text"
        case .line: "line"
        }
    }

    var type: ColumnType {
        switch self {
        case .doc, .index, .level, .line: .integer
        case .heading, .anchor: .optionalText
        case .text: .text
        }
    }
}

/// Facts about the whole index (`document_count`, `start_article`, the query model's header `query_model`), by key.
enum MetaColumn: String, TableColumn {
    case key, value

    static let table = "meta"
    static var withoutRowID: Bool { true }
    var name: String { rawValue }
    var type: ColumnType { self == .key ? .textKey : .text }
}

/// Number of documents containing each term: what `fts_vocab` counts, stored, so that a query's
/// document frequencies are one B-tree lookup each instead of a walk over each term's doclist.
enum VocabularyColumn: String, TableColumn {
    case term, documents

    static let table = "vocabulary"
    static var withoutRowID: Bool { true }
    var name: String { rawValue }
    var type: ColumnType { self == .term ? .textKey : .integer }
}

/// Toneless pinyin of every indexed ideograph bigram and character, for pinyin queries and
/// homophone typos. Frequencies come from the vocabulary table at query time.
enum PinyinTermColumn: String, TableColumn {
    case key, term

    static let table = "pinyin_terms"
    static var constraints: [String] { ["PRIMARY KEY(key, term)"] }
    static var withoutRowID: Bool { true }
    var name: String { rawValue }
    var type: ColumnType { .text }
}

/// The editors' query words: synonym groups, entity names and out-of-scope topics (`role`), each
/// member with its match keys (`units`, `SynonymTable.matchKeys(of:)`, joined by U+001F): a search
/// then builds its table without tokenizing every member again.
enum SynonymColumn: TableColumn {
    case group, position, member, role, units

    /// Separates a member's match keys in `units` (a unit never holds a control character).
    static let unitSeparator: UInt8 = 0x1F

    /// The match keys stored in `units`, split on bytes (splitting on Characters, with grapheme
    /// breaking, cost more than the tokenizing the stored keys save), in a plain loop over the
    /// buffer: every search reads every member's keys, and the generic `split` took 2.6 M
    /// instructions of a search that finds nothing.
    static func keys(_ units: String) -> [String] {
        var units = units
        return units.withUTF8 { bytes in
            var keys: [String] = []
            var start = 0
            for end in 0...bytes.count where end == bytes.count || bytes[end] == unitSeparator {
                if end > start { keys.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)) }
                start = end + 1
            }
            return keys
        }
    }

    static let table = "synonyms"
    static var constraints: [String] { ["PRIMARY KEY(grp, position)"] }
    static var withoutRowID: Bool { true }

    var name: String {
        switch self {
        case .group: "grp"
        case .position: "position"
        case .member: "member"
        case .role: "role"
        case .units: "units"
        }
    }

    var type: ColumnType { self == .group || self == .position ? .integer : .text }
    var declarationSuffix: String? { self == .role ? "DEFAULT 'synonym'" : nil }
}

extension SynonymColumn {
    /// The values of `insert` for one member of a group.
    static func values(group: Int, position: Int, member: String, role: SynonymTable.Role) -> [SQLValue?] {
        allCases.map { column in
            switch column {
            case .group: .int(group)
            case .position: .int(position)
            case .member: .text(member)
            case .role: .text(role.rawValue)
            case .units: .text(SynonymTable.matchKeys(of: member).joined(separator: String(UnicodeScalar(unitSeparator))))
            }
        }
    }
}

/// The learned query model's features (`content/query-model.json`): per feature, its entries as
/// `article:count` pairs. Its header (articles, totals, constants) is the meta row `query_model`.
/// A search reads only the rows of its own features.
enum QueryModelColumn: String, TableColumn {
    case feature, entries

    static let table = "query_model"
    static var withoutRowID: Bool { true }
    var name: String { rawValue }
    var type: ColumnType { self == .feature ? .textKey : .text }
}

/// The indexed fields (`Field`, in ranking order) are the columns of the FTS5 table and of the view
/// it reads its text from. A search reads them through FTS5's own functions, never by name.
extension Field: ResultColumn {
    public var expression: String { name }
    var type: ColumnType { .optionalText }

    /// How the `fts_source` view assembles the field from an article (`a`) and its sections.
    var sourceExpression: String {
        switch self {
        case .title: "a.\(ArticleColumn.title.name)"
        case .symptoms: "a.\(ArticleColumn.symptoms.name)"
        case .tags: "a.\(ArticleColumn.tags.name)"
        case .summary: "a.\(ArticleColumn.summary.name)"
        case .headings: Self.joinedSections(SectionColumn.heading)
        case .body: Self.joinedSections(SectionColumn.text)
        }
    }

    /// A section column of every section of the article, in order, one per line.
    private static func joinedSections(_ column: SectionColumn) -> String {
        let c = column.name
        let present = column.type == .optionalText ? " AND \(c) IS NOT NULL" : ""
        return """
            (SELECT group_concat(\(c), char(10)) FROM
                   (SELECT \(c) FROM \(SectionColumn.table) s WHERE s.\(SectionColumn.doc.name) = a.\(ArticleColumn.doc.name)\(present) \
            ORDER BY \(SectionColumn.index.name)))
            """
    }
}
