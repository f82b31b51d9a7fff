import Foundation
import KBCore

/// How an article's values are laid out in the `articles` and `sections` tables, both ways.
enum ArticleRows {
    static let articleColumns =
        "doc, id, source_path, content_hash, title, category, products, symptoms, summary, related, tags, updated, links"
    static let insertColumns = articleColumns + ", file_size, file_modified, front_matter_positions"

    /// Lists are stored one item per line (symptoms, tags) or space-separated (ids, products):
    /// readable in `sqlite3`, and exactly the text the FTS columns index.
    static func values(for entry: IndexEntry) -> [SQLValue?] {
        let article = entry.article
        let fm = article.frontMatter
        let links = LinkRows.encode(article.links)
        return [
            nil,
            .text(article.id.rawValue),
            .text(article.sourcePath),
            .text(article.contentHash),
            .text(fm.title),
            .text(fm.category.rawValue),
            .text(fm.products.map(\.rawValue).joined(separator: " ")),
            .text(fm.symptoms.joined(separator: "\n")),
            .text(fm.summary),
            .text(fm.related.map(\.rawValue).joined(separator: " ")),
            .text(fm.tags.joined(separator: "\n")),
            .text(fm.updated.description),
            .text(links),
            .integer(Int64(entry.fileSize)),
            .integer(entry.fileModified),
            .text(entry.frontMatterPositions),
        ]
    }

    static func sectionValues(doc: Int64, _ section: Section) -> [SQLValue?] {
        [
            .integer(doc), .int(section.index), section.heading.map { .text($0) }, .int(section.level),
            section.anchor.map { .text($0) }, .text(section.text), .int(section.line),
        ]
    }

    /// Reads a row selected with `articleColumns`, starting at column 0. Links are decoded only when
    /// asked: search results never show them.
    static func article(from row: Statement, sections: [Section], links decodeLinks: Bool = true) throws -> (doc: Int64, article: Article) {
        func lines(_ text: String) -> [String] { text.isEmpty ? [] : text.components(separatedBy: "\n") }
        func words(_ text: String) -> [String] { text.split(separator: " ").map(String.init) }
        let path = row.text(2)
        guard let category = Category(rawValue: row.text(5)), let updated = Day(iso: row.text(11)) else {
            throw IndexError.damaged(path: path, detail: "unreadable article row")
        }
        let links: [BodyLink]
        if decodeLinks {
            guard let decoded = LinkRows.decode(row.text(12)) else {
                throw IndexError.damaged(path: path, detail: "unreadable links")
            }
            links = decoded
        } else {
            links = []
        }
        let frontMatter = FrontMatter(
            title: row.text(4), category: category,
            products: words(row.text(6)).compactMap(Product.init(rawValue:)),
            symptoms: lines(row.text(7)), summary: row.text(8),
            related: words(row.text(9)).map { ArticleID($0) }, tags: lines(row.text(10)), updated: updated)
        let article = Article(id: ArticleID(row.text(1)), sourcePath: path, contentHash: row.text(3),
                              frontMatter: frontMatter, sections: sections, links: links)
        return (row.int(0), article)
    }

    static func section(from row: Statement, offset: Int32 = 0) -> Section {
        Section(index: Int(row.int(offset)), heading: row.optionalText(offset + 1), level: Int(row.int(offset + 2)),
                anchor: row.optionalText(offset + 3), text: row.text(offset + 4), line: Int(row.int(offset + 5)))
    }
}
