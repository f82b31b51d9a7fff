import KBCore

/// Keys of what an article page is made from, cheap to compute: the settings (kb.yml, `site/`,
/// templates, the kb program, as one digest), the categories in use (the navigation), the
/// article's bytes, the bytes of the related articles it lists, and the paths of its tag pages.
/// An equal key means an equal page, so a build with one edited article builds the contexts of
/// that article and of the pages that list it, not of all 10,000.
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
}
