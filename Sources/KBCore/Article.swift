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
    private final class Storage: @unchecked Sendable {
        // Mutated only through `Article`'s setters, which copy a shared storage first.
        var id: ArticleID
        var sourcePath: String
        var contentHash: String
        var frontMatter: FrontMatter
        var sections: [Section]
        var links: [BodyLink]

        init(id: ArticleID, sourcePath: String, contentHash: String, frontMatter: FrontMatter,
             sections: [Section], links: [BodyLink]) {
            self.id = id
            self.sourcePath = sourcePath
            self.contentHash = contentHash
            self.frontMatter = frontMatter
            self.sections = sections
            self.links = links
        }

        func copy() -> Storage {
            Storage(id: id, sourcePath: sourcePath, contentHash: contentHash, frontMatter: frontMatter,
                    sections: sections, links: links)
        }
    }

    private var storage: Storage

    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    public var id: ArticleID {
        get { storage.id }
        set { unique().id = newValue }
    }
    /// Path of the source file relative to the knowledge-base root, e.g. `content/causes/network.md`.
    public var sourcePath: String {
        get { storage.sourcePath }
        set { unique().sourcePath = newValue }
    }
    /// Hash of the source bytes; equal hashes mean nothing needs re-parsing.
    public var contentHash: String {
        get { storage.contentHash }
        set { unique().contentHash = newValue }
    }
    public var frontMatter: FrontMatter {
        get { storage.frontMatter }
        set { unique().frontMatter = newValue }
    }
    public var sections: [Section] {
        get { storage.sections }
        set { unique().sections = newValue }
    }
    public var links: [BodyLink] {
        get { storage.links }
        set { unique().links = newValue }
    }

    public init(id: ArticleID, sourcePath: String, contentHash: String, frontMatter: FrontMatter,
                sections: [Section], links: [BodyLink]) {
        storage = Storage(id: id, sourcePath: sourcePath, contentHash: contentHash, frontMatter: frontMatter,
                          sections: sections, links: links)
    }

    public static func == (a: Article, b: Article) -> Bool {
        a.storage === b.storage
            || (a.id == b.id && a.sourcePath == b.sourcePath && a.contentHash == b.contentHash && a.frontMatter == b.frontMatter
                && a.sections == b.sections && a.links == b.links)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(sourcePath)
        hasher.combine(contentHash)
        hasher.combine(frontMatter)
        hasher.combine(sections)
        hasher.combine(links)
    }

    private enum CodingKeys: String, CodingKey {
        case id, sourcePath, contentHash, frontMatter, sections, links
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try container.decode(ArticleID.self, forKey: .id),
                  sourcePath: try container.decode(String.self, forKey: .sourcePath),
                  contentHash: try container.decode(String.self, forKey: .contentHash),
                  frontMatter: try container.decode(FrontMatter.self, forKey: .frontMatter),
                  sections: try container.decode([Section].self, forKey: .sections),
                  links: try container.decode([BodyLink].self, forKey: .links))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(sourcePath, forKey: .sourcePath)
        try container.encode(contentHash, forKey: .contentHash)
        try container.encode(frontMatter, forKey: .frontMatter)
        try container.encode(sections, forKey: .sections)
        try container.encode(links, forKey: .links)
    }

    public var title: String { frontMatter.title }
    public var category: Category { frontMatter.category }

    /// The section at `index`, or the lead if out of range.
    public func section(at index: Int) -> Section? {
        sections.indices.contains(index) ? sections[index] : sections.first
    }
}
