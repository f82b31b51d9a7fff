import Foundation
import KBCore

/// How an article's values are laid out in the `articles` and `sections` tables, both ways.
enum ArticleRows {
    /// What a search result or `kb show` needs of an article: everything but the file facts.
    static let articleColumns: [ArticleColumn] = ArticleColumn.allCases.filter { !fileColumns.contains($0) }
    /// What only a build reads back, to tell whether a file changed and reuse it unread.
    static let fileColumns: Set<ArticleColumn> = [.fileSize, .fileModified, .frontMatterPositions, .readerWarnings]

    /// The value of one column for an entry. Lists are stored one item per line (symptoms, tags) or
    /// space-separated (ids, products): readable in `sqlite3`, and exactly the text the FTS columns index.
    static func value(_ column: ArticleColumn, of entry: IndexEntry) -> SQLValue? {
        let article = entry.article
        let fm = article.frontMatter
        return switch column {
        case .doc: nil  // assigned by SQLite
        case .id: .text(article.id.rawValue)
        case .sourcePath: .text(article.sourcePath)
        case .contentHash: .text(article.contentHash)
        case .fileSize: .int(entry.fileSize)
        case .fileModified: .integer(entry.fileModified)
        case .title: .text(fm.title)
        case .category: .text(fm.category.rawValue)
        case .products: .text(fm.products.map(\.rawValue).joined(separator: " "))
        case .symptoms: .text(fm.symptoms.joined(separator: "\n"))
        case .summary: .text(fm.summary)
        case .related: .text(fm.related.map(\.rawValue).joined(separator: " "))
        case .tags: .text(fm.tags.joined(separator: "\n"))
        case .updated: .text(fm.updated.description)
        case .links: .text(LinkRows.encode(article.links))
        case .frontMatterPositions: .text(entry.frontMatterPositions)
        case .readerWarnings: .text(entry.readerWarnings)
        }
    }

    /// The values of `ArticleColumn.insert`.
    static func values(for entry: IndexEntry) -> [SQLValue?] {
        ArticleColumn.allCases.map { value($0, of: entry) }
    }

    static func value(_ column: SectionColumn, of section: Section, doc: Int64) -> SQLValue? {
        switch column {
        case .doc: .integer(doc)
        case .index: .int(section.index)
        case .heading: section.heading.map { .text($0) }
        case .level: .int(section.level)
        case .anchor: section.anchor.map { .text($0) }
        case .text: .text(section.text)
        case .line: .int(section.line)
        }
    }

    /// The values of `SectionColumn.insert`.
    static func sectionValues(doc: Int64, _ section: Section) -> [SQLValue?] {
        SectionColumn.allCases.map { value($0, of: section, doc: doc) }
    }

    /// Reads a row that selected at least `articleColumns`. Links are decoded only when asked:
    /// search results never show them.
    static func article(from row: Row<ArticleColumn>, sections: [Section], links decodeLinks: Bool = true) throws -> (doc: Int64, article: Article) {
        // Split on bytes (newline and space are single bytes in UTF-8), not by Character.
        func lines(_ text: String) -> [String] {
            text.isEmpty ? [] : text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(Substring($0)) }
        }
        func words(_ text: String) -> [String] { text.utf8.split(separator: 0x20).map { String(Substring($0)) } }
        let path = row.text(.sourcePath)
        guard let category = Category(rawValue: row.text(.category)), let updated = Day(iso: row.text(.updated)) else {
            throw IndexError.damaged(path: path, detail: "unreadable article row")
        }
        let links: [BodyLink]
        if decodeLinks {
            guard let decoded = LinkRows.decode(row.text(.links)) else {
                throw IndexError.damaged(path: path, detail: "unreadable links")
            }
            links = decoded
        } else {
            links = []
        }
        let frontMatter = FrontMatter(
            title: row.text(.title), category: category,
            products: words(row.text(.products)).compactMap(Product.init(rawValue:)),
            symptoms: lines(row.text(.symptoms)), summary: row.text(.summary),
            related: words(row.text(.related)).map { ArticleID($0) }, tags: lines(row.text(.tags)), updated: updated)
        let article = Article(id: ArticleID(row.text(.id)), sourcePath: path, contentHash: row.text(.contentHash),
                              frontMatter: frontMatter, sections: sections, links: links)
        return (row.int(.doc), article)
    }

    /// What a build stored of the file an article came from.
    static func file(from row: Row<ArticleColumn>) -> StoredFile {
        StoredFile(contentHash: row.text(.contentHash), size: Int(row.int(.fileSize)), modified: row.int(.fileModified))
    }

    /// Every section column but the article's: what `section(from:)` reads.
    static let sectionColumns = SectionColumn.allCases.filter { $0 != .doc }

    static func section(from row: Row<SectionColumn>) -> Section {
        Section(index: Int(row.int(.index)), heading: row.optionalText(.heading), level: Int(row.int(.level)),
                anchor: row.optionalText(.anchor), text: row.text(.text), line: Int(row.int(.line)))
    }
}
