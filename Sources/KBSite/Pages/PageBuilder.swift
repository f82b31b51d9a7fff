import Foundation
import KBCore
import KBText

/// One page to write: where, with which template and context. An article's body is fetched only
/// when the page must be rendered (its fingerprint changed), so unchanged articles are not re-read.
struct PagePlan {
    var path: String
    var template: String
    var context: [String: Any]
    /// The article whose body HTML goes into `context["article"]["body"]`, if any.
    var body: Article?
    /// Digest of everything the page shows (body included through the article's content hash).
    var fingerprint: String
    /// For an article or listing page: the key of its inputs (`PageKeys`), when the build has one.
    var key: String?
    /// What the page shows, for a page whose context can be built later (`PageBuilder.built`).
    var source: PageSource?
    /// True when the context was not built, the page being known current by its key: `context`
    /// is empty and must be built (`PageBuilder.built`) before rendering.
    var deferred = false
}

/// The subject of a page whose context is built only when the page must be written.
enum PageSource {
    case article(Article)
    case category(Category)
    case product(Product)
    case tag(TagIndex.Tag)
}

/// Builds the template contexts of every page from the articles. Pure: no I/O.
struct PageBuilder {
    let articles: [Article]
    let byID: [ArticleID: Article]
    let tags: TagIndex
    let siteTitle: String
    /// The home page's common questions, in order.
    let featured: [ArticleID]
    let templatesFingerprint: String
    /// `review_after_days` of kb.yml, which article pages hand to the reader's browser.
    let reviewAfterDays: Int?
    /// Counted once: every page's navigation and product links show them.
    private let usedCategories: [Category]
    var usedCategoryKeys: String { usedCategories.map(\.rawValue).joined(separator: ",") }
    private let productCounts: [Product: Int]

    /// - Parameter siteTitle: kb.yml's `site.title`; without one, the site's words name the site.
    init(articles: [Article], siteTitle: String?, featured: [ArticleID] = [], reviewAfterDays: Int? = nil,
         start: ArticleID? = nil, text: SiteText, templatesFingerprint: String) {
        self.startHere = start
        self.text = text
        self.articles = articles.sorted { $0.id < $1.id }
        self.byID = Dictionary(articles.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.tags = TagIndex(articles)
        self.siteTitle = siteTitle ?? text.word(.siteTitle)
        self.featured = featured
        self.templatesFingerprint = templatesFingerprint
        self.reviewAfterDays = reviewAfterDays
        let categories = Set(articles.map(\.category))
        usedCategories = Category.allCases.filter { categories.contains($0) }
        var counts: [Product: Int] = [:]
        for article in articles { for product in Set(article.frontMatter.products) { counts[product, default: 0] += 1 } }
        productCounts = counts
    }

    /// The article every reader should start with (`site.start` in kb.yml), when there is one.
    let startHere: ArticleID?
    /// Keys of article pages' inputs, when the build has a settings digest.
    var keys: PageKeys?
    /// Category and product names and what each is about.
    let text: SiteText

    func pages() -> [PagePlan] {
        var pages = [home(), search(), notFound()]
        guard let keys else {
            pages += Category.allCases.map(category)
            pages += Product.allCases.map(product)
            // Building and fingerprinting a page's context is pure: thousands of them use both cores.
            pages += Concurrently.map(tags.tags, tag)
            pages += Concurrently.map(articles, article)
            return pages
        }
        // With keys: a page whose key is the one its file was written with is known current without
        // building its context (most of a small build: listings hold thousands of entries).
        let digests = Dictionary(uniqueKeysWithValues: zip(articles.map(\.id), Concurrently.map(articles, PageKeys.entryDigest)))
        let digest = { (id: ArticleID) in digests[id] ?? "-" }
        var listings: [(PageSource, String)] = []
        for category in Category.allCases {
            let members = Array(articles.lazy.filter { $0.category == category }.map(\.id))
            listings.append((.category(category), keys.listing(SitePaths.category(category), members: members, digest: digest)))
        }
        for product in Product.allCases {
            let members = Array(articles.lazy.filter { $0.frontMatter.products.contains(product) }.map(\.id))
            listings.append((.product(product), keys.listing(SitePaths.product(product), members: members, digest: digest)))
        }
        for tag in tags.tags {
            listings.append((.tag(tag), keys.listing(tag.path, members: tag.articles, digest: digest, label: tag.label)))
        }
        pages += Concurrently.map(listings) { source, key in keyed(source, key: key, current: keys.current) }
        pages += Concurrently.map(articles) { article in
            // The key costs a few hashes; the context and its fingerprint, most of a small build.
            guard let key = keys.key(article, byID: byID, tags: tags) else { return self.article(article) }
            return keyed(.article(article), key: key, current: keys.current)
        }
        return pages
    }

    /// The page of `source`, deferred when `current` knows the fingerprint its key was written with.
    private func keyed(_ source: PageSource, key: String, current: (String, String) -> String?) -> PagePlan {
        let path = Self.path(of: source)
        if let fingerprint = current(path, key) {
            var body: Article?
            if case let .article(article) = source { body = article }
            return PagePlan(path: path, template: "", context: [:], body: body, fingerprint: fingerprint, key: key,
                            source: source, deferred: true)
        }
        var plan = built(source)
        plan.key = key
        return plan
    }

    static func path(of source: PageSource) -> String {
        switch source {
        case let .article(article): SitePaths.article(article.id)
        case let .category(category): SitePaths.category(category)
        case let .product(product): SitePaths.product(product)
        case let .tag(tag): tag.path
        }
    }

    /// The page of `source` with its context built (for a page deferred by its key).
    func built(_ source: PageSource) -> PagePlan {
        var plan: PagePlan = switch source {
        case let .article(article): self.article(article)
        case let .category(category): self.category(category)
        case let .product(product): self.product(product)
        case let .tag(tag): self.tag(tag)
        }
        plan.source = source
        return plan
    }

    // MARK: Shared parts

    /// The first step of every breadcrumb.
    private var homeLabel: String { text.word(.home) }

    /// What every page's layout needs: the site title, the way back to the root, navigation.
    private func base(_ path: String, title: String, description: String, current: String? = nil) -> [String: Any] {
        let root = SitePaths.root(from: path)
        return [
            "root": root,
            "siteTitle": siteTitle,
            "pageTitle": title,
            "fullTitle": title == siteTitle ? siteTitle : "\(title) - \(siteTitle)",
            "description": description,
            "nav": usedCategories.map { c -> [String: Any] in
                ["href": SitePaths.href(from: path, to: SitePaths.category(c)), "label": SiteText.name(c),
                 "current": current == SitePaths.category(c)]
            },
            "homeHref": SitePaths.href(from: path, to: SitePaths.home),
            "searchHref": SitePaths.href(from: path, to: SitePaths.search),
            "assets": root + SitePaths.assets + "/",
            "searchIndex": root + SitePaths.searchIndex + "/",
        ]
    }

    private func plan(_ path: String, _ template: String, _ context: [String: Any], body: Article? = nil) -> PagePlan {
        PagePlan(path: path, template: template, context: context, body: body,
                 fingerprint: Fingerprint.of(templatesFingerprint, template, path, context))
    }

    /// An article as a list entry.
    private func entry(_ article: Article, from path: String) -> [String: Any] {
        [
            "href": SitePaths.href(from: path, to: SitePaths.article(article.id)),
            "title": article.title,
            "summary": article.frontMatter.summary,
            "category": SiteText.name(article.category),
            "categoryKey": article.category.rawValue,
            "products": article.frontMatter.products.map { SiteText.name($0) }.joined(separator: " · "),
            "updated": article.frontMatter.updated.description,
            "updatedText": text.date(article.frontMatter.updated),
        ]
    }

    private func productEntry(_ product: Product, from path: String) -> [String: Any] {
        var entry = productLink(product, from: path)
        entry["blurb"] = text.blurb(product)
        entry["count"] = productCounts[product, default: 0]
        return entry
    }

    /// A product as an article's 'applies to' shows it. Without the article count: a page's
    /// fingerprint covers its whole context, and a count would make adding one article rewrite
    /// every article page.
    private func productLink(_ product: Product, from path: String) -> [String: Any] {
        ["href": SitePaths.href(from: path, to: SitePaths.product(product)), "name": SiteText.name(product),
         "key": product.rawValue]
    }

    // MARK: Pages

    private func home() -> PagePlan {
        let path = SitePaths.home
        var context = base(path, title: siteTitle, description: text.word(.homeDescription))
        if let start = startHere.flatMap({ byID[$0] }) {
            context["startHere"] = entry(start, from: path)
        }
        let common = featured.compactMap { byID[$0] }.map { entry($0, from: path) }
        context["featured"] = common
        context["hasFeatured"] = !common.isEmpty
        context["categories"] = Category.allCases.compactMap { category -> [String: Any]? in
            // Counted and the first five taken without copying 10,000 articles into a filtered array.
            let count = articles.reduce(0) { $0 + ($1.category == category ? 1 : 0) }
            guard count > 0 else { return nil }
            return [
                "href": SitePaths.href(from: path, to: SitePaths.category(category)),
                "name": SiteText.name(category), "key": category.rawValue,
                "blurb": text.blurb(category), "count": count,
                "top": Array(articles.lazy.filter { $0.category == category }.prefix(5)).map { entry($0, from: path) },
                "more": count > 5,
            ]
        }
        context["products"] = Product.allCases.map { productEntry($0, from: path) }
        return plan(path, "home", context)
    }

    private func search() -> PagePlan {
        let path = SitePaths.search
        var context = base(path, title: text.word(.searchTitle), description: text.word(.searchDescription))
        context["suggestions"] = suggestions(from: path)
        // Where an out-of-scope answer points (`site.start`).
        if let start = startHere.flatMap({ byID[$0] }) { context["startHere"] = entry(start, from: path) }
        // The filters of `kb search --category/--product`, by the keys the command line takes.
        context["facetCategories"] = usedCategories.map { ["key": $0.rawValue, "name": SiteText.name($0)] }
        context["facetProducts"] = Product.allCases.map { ["key": $0.rawValue, "name": SiteText.name($0)] }
        return plan(path, "search", context)
    }

    private func notFound() -> PagePlan {
        let path = SitePaths.notFound
        var context = base(path, title: text.word(.notFoundTitle), description: text.word(.notFoundDescription))
        if let start = startHere.flatMap({ byID[$0] }) { context["startHere"] = entry(start, from: path) }
        context["suggestions"] = suggestions(from: path)
        return plan(path, "not-found", context)
    }

    /// Common questions offered when a search finds nothing: the start guide's symptoms.
    private func suggestions(from path: String) -> [[String: Any]] {
        let source = startHere.flatMap { byID[$0] } ?? articles.first { $0.category == .guide }
        return (source?.frontMatter.symptoms ?? []).prefix(6).map { symptom in
            ["text": symptom, "href": SitePaths.href(from: path, to: SitePaths.search) + "?q=" + queryEncode(symptom)]
        }
    }

    private func category(_ category: Category) -> PagePlan {
        let path = SitePaths.category(category)
        let name = SiteText.name(category)
        var context = base(path, title: name, description: text.blurb(category), current: path)
        context["heading"] = name
        context["intro"] = text.blurb(category)
        context["breadcrumb"] = [["href": SitePaths.href(from: path, to: SitePaths.home), "label": homeLabel]]
        context["groups"] = [["entries": articles.filter { $0.category == category }.map { entry($0, from: path) }]]
        return plan(path, "listing", context)
    }

    private func product(_ product: Product) -> PagePlan {
        let path = SitePaths.product(product)
        let name = SiteText.name(product)
        let title = text.word(.productTitle, ["product": name])
        var context = base(path, title: title, description: text.blurb(product))
        context["heading"] = title
        context["intro"] = text.blurb(product)
        context["breadcrumb"] = [["href": SitePaths.href(from: path, to: SitePaths.home), "label": homeLabel]]
        let applicable = articles.filter { $0.frontMatter.products.contains(product) }
        context["groups"] = Category.allCases.compactMap { category -> [String: Any]? in
            let members = applicable.filter { $0.category == category }
            guard !members.isEmpty else { return nil }
            return ["title": SiteText.name(category), "entries": members.map { entry($0, from: path) }]
        }
        return plan(path, "listing", context)
    }

    private func tag(_ tag: TagIndex.Tag) -> PagePlan {
        let path = tag.path
        let title = text.word(.tagTitle, ["tag": tag.label])
        var context = base(path, title: title, description: text.word(.tagDescription, ["tag": tag.label]))
        context["heading"] = title
        context["breadcrumb"] = [["href": SitePaths.href(from: path, to: SitePaths.home), "label": homeLabel]]
        context["groups"] = [["entries": tag.articles.compactMap { byID[$0] }.map { entry($0, from: path) }]]
        return plan(path, "listing", context)
    }

    private func article(_ article: Article) -> PagePlan {
        let path = SitePaths.article(article.id)
        let fm = article.frontMatter
        var context = base(path, title: fm.title, description: fm.summary, current: SitePaths.category(article.category))
        context["breadcrumb"] = [
            ["href": SitePaths.href(from: path, to: SitePaths.home), "label": homeLabel],
            ["href": SitePaths.href(from: path, to: SitePaths.category(article.category)), "label": SiteText.name(article.category)],
        ]
        let related = fm.related.compactMap { byID[$0] }.map { entry($0, from: path) }
        let toc = tableOfContents(article.sections)
        var details: [String: Any] = [
            "id": article.id.rawValue,
            "title": fm.title,
            "summary": fm.summary,
            "category": SiteText.name(article.category),
            "categoryHref": SitePaths.href(from: path, to: SitePaths.category(article.category)),
            "updated": fm.updated.description,
            "updatedText": text.date(fm.updated),
            "products": fm.products.map { productLink($0, from: path) },
            "tags": tagLinks(fm.tags, from: path),
            "toc": toc,
            "hasToc": !toc.isEmpty,
            "related": related,
            "hasRelated": !related.isEmpty,
            "source": article.contentHash,
        ]
        if let reviewAfterDays { details["reviewAfterDays"] = reviewAfterDays }
        details["hasReviewAfterDays"] = reviewAfterDays != nil
        details["hasTags"] = !(details["tags"] as! [[String: Any]]).isEmpty
        context["article"] = details
        return plan(path, "article", context, body: article)
    }

    /// One link per tag page: spellings of one tag (`Wi-Fi`, `wifi`) appear once.
    private func tagLinks(_ labels: [String], from path: String) -> [[String: Any]] {
        var seen = Set<String>()
        return labels.compactMap { label in
            guard let tag = tags.tag(for: label), seen.insert(tag.key).inserted else { return nil }
            return ["label": label, "href": SitePaths.href(from: path, to: tag.path)]
        }
    }

    /// H2 sections with their H3 sections nested, for the table of contents.
    private func tableOfContents(_ sections: [Section]) -> [[String: Any]] {
        var items: [[String: Any]] = []
        for section in sections where section.level >= 2 {
            guard let anchor = section.anchor, let heading = section.heading else { continue }
            let item: [String: Any] = ["href": "#" + SitePaths.encode(anchor), "heading": heading]
            if section.level == 3, !items.isEmpty {
                var parent = items.removeLast()
                var children = parent["children"] as? [[String: Any]] ?? []
                children.append(item)
                parent["children"] = children
                parent["hasChildren"] = true
                items.append(parent)
            } else {
                items.append(item)
            }
        }
        return items
    }

    private func queryEncode(_ text: String) -> String {
        SitePaths.encode(text).replacingOccurrences(of: "/", with: "%2F").replacingOccurrences(of: "#", with: "%23")
    }
}
