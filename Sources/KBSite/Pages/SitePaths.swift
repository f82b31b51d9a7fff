import KBCore
import KBText

/// Where each page lives in the output folder. The site mirrors `content/` for articles
/// (`causes/network` → `causes/network.html`); listings live in folders no article can use,
/// because article ids are always `<category folder>/<slug>`.
enum SitePaths {
    static let home = "index.html"
    static let search = "search.html"
    static let notFound = "404.html"
    static let sitemap = "sitemap.xml"
    /// Stylesheets and scripts copied from `site/assets/`.
    static let assets = "_assets"
    /// The browser search index.
    static let searchIndex = "_search"
    /// Records what the last build wrote, for incremental builds.
    static let manifest = ".kb-site"
    /// Where earlier builds kept it, as JSON (read once after an upgrade, then removed).
    static let legacyManifest = ".kb-site.json"

    static func article(_ id: ArticleID) -> String { id.rawValue + ".html" }
    static func category(_ category: Category) -> String { "category/\(category.folder).html" }
    static func product(_ product: Product) -> String { "product/\(product.rawValue).html" }
    static func tag(slug: String) -> String { "tag/\(slug).html" }

    /// Folders and files the generator owns; a content asset there would be overwritten.
    static let reservedTopLevel: Set<String> = [
        home, search, notFound, sitemap, assets, searchIndex, manifest, legacyManifest, "category", "product", "tag",
    ]

    /// The prefix that leads from the page at `path` back to the site root (`../` per folder).
    static func root(from path: String) -> String {
        String(repeating: "../", count: path.split(separator: "/").count - 1)
    }

    /// A link from the page at `page` to the file at `target`, both relative to the site root,
    /// percent-encoded so that non-ASCII names (tags) are valid URLs.
    static func href(from page: String, to target: String) -> String {
        root(from: page) + encode(target)
    }

    /// Percent-encodes everything but unreserved characters, `/` and `#`.
    static func encode(_ path: String) -> String {
        // Most paths (every article's) need nothing encoded: return them as they are.
        guard path.utf8.contains(where: { !isUnreserved($0) }) else { return path }
        var result = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                 UInt8(ascii: "~"), UInt8(ascii: "/"), UInt8(ascii: "#"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
             UInt8(ascii: "~"), UInt8(ascii: "/"), UInt8(ascii: "#"):
            true
        default:
            false
        }
    }
}

/// Tags as pages: spellings that normalise alike (`Wi-Fi`, `wifi`) share one page.
struct TagIndex {
    struct Tag {
        var key: String
        /// The spelling shown: the first one met in id order.
        var label: String
        var slug: String
        var articles: [ArticleID]
        var path: String { SitePaths.tag(slug: slug) }
    }

    private(set) var tags: [Tag] = []
    private var byKey: [String: Int] = [:]

    init(_ articles: [Article]) {
        var usedSlugs = Set<String>()
        for article in articles.sorted(by: { $0.id < $1.id }) {
            for label in article.frontMatter.tags {
                let key = Tokenizer.normalizedKey(label)
                guard !key.isEmpty else { continue }
                if let index = byKey[key] {
                    if tags[index].articles.last != article.id { tags[index].articles.append(article.id) }  // ids come in order
                    continue
                }
                var base = Anchor.slug(key)
                if base.isEmpty { base = "tag" }
                var slug = base
                var counter = 1
                while !usedSlugs.insert(slug).inserted {
                    counter += 1
                    slug = "\(base)-\(counter)"
                }
                byKey[key] = tags.count
                tags.append(Tag(key: key, label: label, slug: slug, articles: [article.id]))
            }
        }
        // Slugs depend on first-seen order; sort for listing only after they are fixed.
        tags.sort { ($0.articles.count, $1.key) > ($1.articles.count, $0.key) }
        byKey = Dictionary(uniqueKeysWithValues: tags.enumerated().map { ($1.key, $0) })
    }

    func tag(for label: String) -> Tag? {
        byKey[Tokenizer.normalizedKey(label)].map { tags[$0] }
    }
}
