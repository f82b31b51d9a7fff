/// An article's identity: its path under `content/` without `.md`, e.g. `causes/network`.
public struct ArticleID: RawRepresentable, Hashable, Comparable, Codable, Sendable,
    CustomStringConvertible, ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    /// The folder part (`causes` for `causes/network`), or nil for a top-level file.
    public var folder: String? {
        guard let slash = rawValue.firstIndex(of: "/") else { return nil }
        return String(rawValue[..<slash])
    }

    /// The last path component (`network` for `causes/network`).
    public var slug: String {
        guard let slash = rawValue.lastIndex(of: "/") else { return rawValue }
        return String(rawValue[rawValue.index(after: slash)...])
    }

    /// Ids are lowercase ASCII letters, digits and hyphens, in folders separated by `/`.
    public var isWellFormed: Bool {
        let parts = rawValue.split(separator: "/", omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { part in
            !part.isEmpty && part.first != "-" && part.last != "-"
                && part.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
        }
    }

    public static func < (lhs: ArticleID, rhs: ArticleID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The validated YAML header of an article.
public struct FrontMatter: Hashable, Codable, Sendable {
    public var title: String
    public var category: Category
    public var products: [Product]
    public var symptoms: [String]
    public var summary: String
    public var related: [ArticleID]
    public var tags: [String]
    public var updated: Day

    public init(title: String, category: Category, products: [Product], symptoms: [String] = [],
                summary: String, related: [ArticleID] = [], tags: [String] = [], updated: Day) {
        self.title = title
        self.category = category
        self.products = products
        self.symptoms = symptoms
        self.summary = summary
        self.related = related
        self.tags = tags
        self.updated = updated
    }
}

/// A part of an article's body: the lead (text before the first heading) or an H2/H3 section.
public struct Section: Hashable, Codable, Sendable {
    /// Position in the article, from 0 (the lead).
    public var index: Int
    /// The heading's plain text; nil for the lead.
    public var heading: String?
    /// 2 or 3 for headed sections, 0 for the lead.
    public var level: Int
    /// The fragment identifier of the heading in the generated page; nil for the lead.
    public var anchor: String?
    /// Plain text of the section's body, without Markdown syntax or HTML; paragraphs separated by newlines.
    public var text: String
    /// The line of the heading (or of the first body line for the lead) in the source file.
    public var line: Int

    public init(index: Int, heading: String?, level: Int, anchor: String?, text: String, line: Int) {
        self.index = index
        self.heading = heading
        self.level = level
        self.anchor = anchor
        self.text = text
        self.line = line
    }
}

/// A link or image found in an article's body, as written.
public struct BodyLink: Hashable, Codable, Sendable {
    public enum Kind: String, Codable, Sendable { case link, image }
    public enum Target: Hashable, Codable, Sendable {
        /// Another article, optionally at a heading.
        case article(ArticleID, anchor: String?)
        /// A heading of the same article (`#anchor`).
        case sameArticle(anchor: String)
        /// A local file that is not an article (an image, a PDF), as a path relative to `content/`.
        case file(String)
        /// Anything with a scheme (`https:`, `mailto:`) or otherwise outside the knowledge base.
        case external(String)
    }

    public var kind: Kind
    public var destination: String
    public var target: Target
    public var line: Int
    public var column: Int

    public init(kind: Kind, destination: String, target: Target, line: Int, column: Int) {
        self.kind = kind
        self.destination = destination
        self.target = target
        self.line = line
        self.column = column
    }
}

/// One article, read once from disk and turned into plain values that both the index and the site use.
/// Its rendered HTML travels separately (see KBMarkdown's `ParsedArticle`): the index does not keep it.
///
/// A value with its fields behind one reference, copied on write: a build passes 10,000 articles
/// between the loader, the checker, the page builder and the browser index, and a copy of eleven
/// strings and arrays retained each was a tenth of an incremental build.
public struct Article: Hashable, Codable, Sendable {
    /// The fields as a plain value: equality, hashing and coding are theirs.
    private struct Fields: Hashable, Codable, Sendable {
        var id: ArticleID
        var sourcePath: String
        var contentHash: String
        var frontMatter: FrontMatter
        var sections: [Section]
        var links: [BodyLink]
    }

    private final class Storage: @unchecked Sendable {
        // Changed only through `Article.update`, which copies a shared storage first.
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var storage: Storage

    private mutating func update(_ change: (inout Fields) -> Void) {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
        change(&storage.fields)
    }

    public var id: ArticleID {
        get { storage.fields.id }
        set { update { $0.id = newValue } }
    }
    /// Path of the source file relative to the knowledge-base root, e.g. `content/causes/network.md`.
    public var sourcePath: String {
        get { storage.fields.sourcePath }
        set { update { $0.sourcePath = newValue } }
    }
    /// Hash of the source bytes; equal hashes mean nothing needs re-parsing.
    public var contentHash: String {
        get { storage.fields.contentHash }
        set { update { $0.contentHash = newValue } }
    }
    public var frontMatter: FrontMatter {
        get { storage.fields.frontMatter }
        set { update { $0.frontMatter = newValue } }
    }
    public var sections: [Section] {
        get { storage.fields.sections }
        set { update { $0.sections = newValue } }
    }
    public var links: [BodyLink] {
        get { storage.fields.links }
        set { update { $0.links = newValue } }
    }

    public init(id: ArticleID, sourcePath: String, contentHash: String, frontMatter: FrontMatter,
                sections: [Section], links: [BodyLink]) {
        storage = Storage(Fields(id: id, sourcePath: sourcePath, contentHash: contentHash, frontMatter: frontMatter,
                                 sections: sections, links: links))
    }

    public static func == (a: Article, b: Article) -> Bool {
        a.storage === b.storage || a.storage.fields == b.storage.fields
    }

    public func hash(into hasher: inout Hasher) { storage.fields.hash(into: &hasher) }

    /// The same keys as the fields written directly.
    public init(from decoder: Decoder) throws { storage = Storage(try Fields(from: decoder)) }

    public func encode(to encoder: Encoder) throws { try storage.fields.encode(to: encoder) }

    public var title: String { frontMatter.title }
    public var category: Category { frontMatter.category }

    /// The section at `index`, or the lead if out of range.
    public func section(at index: Int) -> Section? {
        sections.indices.contains(index) ? sections[index] : sections.first
    }
}
