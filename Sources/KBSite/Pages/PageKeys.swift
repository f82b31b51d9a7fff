import KBCore

/// Keys of what an article page is made from, cheap to compute: the settings (kb.yml, `site/`,
/// templates, the kb program, as one digest), the categories in use (the navigation), the
/// article's bytes, the bytes of the related articles it lists, and the paths of its tag pages.
/// An equal key means an equal page, so a build with one edited article builds the contexts of
/// that article and of the pages that list it, not of all 10,000. Listings (categories, products,
/// tags) are keyed by the entries they list, so an edit that changes no entry rebuilds none.
struct PageKeys {
    let settings: String
    let usedCategories: String
    /// The previous fingerprint of a page whose previous key was this one (and whose file is there).
    let current: (_ path: String, _ key: String) -> String?

    func key(_ article: Article, byID: [ArticleID: Article], tags: TagIndex) -> String? {
        var text = settings + "\u{0}" + usedCategories + "\u{0}" + article.id.rawValue + "\u{0}" + article.contentHash
        for id in article.frontMatter.related {
            text += "\u{0}r" + id.rawValue + "=" + (byID[id]?.contentHash ?? "-")
        }
        for label in article.frontMatter.tags {
            text += "\u{0}t" + label + "=" + (tags.tag(for: label)?.path ?? "-")
        }
        return ContentHash.hex(of: text)
    }

    /// Digest of what a listing shows of an article (`PageBuilder.entry`): its id, title, summary,
    /// category, products and date.
    static func entryDigest(_ article: Article) -> String {
        let fm = article.frontMatter
        var text = article.id.rawValue + "\u{0}" + fm.title + "\u{0}" + fm.summary + "\u{0}" + article.category.rawValue
        for product in fm.products { text += "\u{0}p" + product.rawValue }
        text += "\u{0}" + fm.updated.description
        return ContentHash.hex(of: text)
    }

    /// Key of a listing page: the settings, the navigation, its path (which names its category,
    /// product or tag), its label, and each entry it lists in order.
    func listing(_ path: String, members: [ArticleID], digest: (ArticleID) -> String, label: String = "") -> String {
        var text = settings + "\u{0}" + usedCategories + "\u{0}" + path + "\u{0}" + label
        text.reserveCapacity(text.utf8.count + members.count * 34)
        for id in members { text += "\u{0}" + digest(id) }
        return ContentHash.hex(of: text)
    }
}
