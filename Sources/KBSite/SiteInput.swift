import Foundation
import KBCore
import KBSearch
import KBText

/// Everything the site is made from. Articles come from the same values the index was built
/// from; body HTML is supplied for articles parsed this build and rendered on demand for others.
public struct SiteInput {
    public var articles: [Article]
    /// Body HTML of the articles parsed in this build.
    public var bodies: [ArticleID: String]
    /// Renders the body of an article that was not parsed this build (re-reads its file).
    public var renderBody: (Article) throws -> String
    public var synonyms: SynonymTable
    /// kb.yml's `site.title`; nil lets the site's words name the site.
    public var siteTitle: String?
    /// The words of the pages that no template holds (`SiteWords`).
    public var words: SiteWords
    /// The knowledge base's `site/` folder: its templates and assets replace kb's defaults file by
    /// file (it need not exist).
    public var siteDirectory: URL
    /// The content folder, and the non-Markdown files in it, copied as they are.
    public var contentDirectory: URL
    public var assets: [String]
    /// The index's document number of each article (its SQLite rowid). The browser search breaks
    /// ties between equal scores by this number, as `kb search` does. Articles without one are
    /// numbered after the others in id order.
    public var documentNumbers: [ArticleID: Int64]
    /// Absolute base URL for `sitemap.xml` (`https://help.example.com/`), or nil for relative URLs.
    public var baseURL: String?
    /// Articles the home page offers as common questions (`site.featured` in kb.yml), in order.
    public var featured: [ArticleID]
    /// `review_after_days` of kb.yml: article pages compare it with the reader's date and say when
    /// their content may be out of date. The pages themselves never depend on the build's date.
    public var reviewAfterDays: Int?
    /// The article every reader should start with (`site.start`), when there is one.
    public var start: ArticleID?
    /// What each category and product line is about (`site.categories`, `site.products`).
    /// How merchants ask (`content/query-model.json`), for the browser search to rank as `kb search` does.
    public var queryModel: QueryModel?
    public var categoryBlurbs: [Category: String] = [:]
    public var productBlurbs: [Product: String] = [:]
    /// A digest of everything besides the articles that pages are made from (kb.yml, `site/`, the
    /// kb program), when the caller knows one: an article page whose article, related articles and
    /// tag pages are unchanged under the same digest is not built again (`PageKeys`). Nil: every
    /// page's context is built and fingerprinted.
    public var settingsDigest: String?

    public init(articles: [Article], bodies: [ArticleID: String], renderBody: @escaping (Article) throws -> String,
                synonyms: SynonymTable, siteTitle: String?, words: SiteWords, siteDirectory: URL, contentDirectory: URL, assets: [String],
                documentNumbers: [ArticleID: Int64] = [:], baseURL: String? = nil, featured: [ArticleID] = [],
                reviewAfterDays: Int? = nil, start: ArticleID? = nil) {
        self.articles = articles
        self.bodies = bodies
        self.renderBody = renderBody
        self.synonyms = synonyms
        self.siteTitle = siteTitle
        self.words = words
        self.siteDirectory = siteDirectory
        self.contentDirectory = contentDirectory
        self.assets = assets
        self.documentNumbers = documentNumbers
        self.baseURL = baseURL
        self.featured = featured
        self.reviewAfterDays = reviewAfterDays
        self.start = start
    }
}

/// What a site build wrote.
public struct SiteReport: Sendable, Equatable {
    /// Files written because they were new or their inputs changed.
    public var pagesWritten = 0
    /// Files left as they were: nothing they show changed.
    public var pagesUnchanged = 0
    /// Files of an earlier build that no longer belong to the site (deleted articles, old shards).
    public var filesRemoved = 0
    /// Every file of the site, relative to the output folder, sorted.
    public var files: [String] = []
    public init() {}
}

public enum SiteError: Error, CustomStringConvertible, Equatable {
    case template(path: String, detail: String)
    case write(path: String, detail: String)
    case collision(path: String, detail: String)

    public var description: String {
        switch self {
        case let .template(path, detail): "\(path): template error: \(detail)"
        case let .write(path, detail): "cannot write \(path): \(detail)"
        case let .collision(path, detail): "\(path): \(detail)"
        }
    }
}
