import Foundation
import KBCore
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
    public var siteTitle: String
    /// The knowledge base's `site/` folder (templates and assets).
    public var templates: URL
    /// The content folder, and the non-Markdown files in it, copied as they are.
    public var contentDirectory: URL
    public var assets: [String]

    public init(articles: [Article], bodies: [ArticleID: String], renderBody: @escaping (Article) throws -> String,
                synonyms: SynonymTable, siteTitle: String, templates: URL, contentDirectory: URL, assets: [String]) {
        self.articles = articles
        self.bodies = bodies
        self.renderBody = renderBody
        self.synonyms = synonyms
        self.siteTitle = siteTitle
        self.templates = templates
        self.contentDirectory = contentDirectory
        self.assets = assets
    }
}

/// What a site build wrote.
public struct SiteReport: Sendable, Equatable {
    public var pagesWritten = 0
    public var pagesUnchanged = 0
    public var filesRemoved = 0
    public init() {}
}

public enum SiteError: Error, CustomStringConvertible {
    case template(path: String, detail: String)
    case write(path: String, detail: String)

    public var description: String {
        switch self {
        case let .template(path, detail): "\(path): template error: \(detail)"
        case let .write(path, detail): "cannot write \(path): \(detail)"
        }
    }
}

/// Generates the static site into an output folder.
public enum SiteGenerator {
    public static func generate(_ input: SiteInput, to output: URL) throws -> SiteReport {
        // Replaced by the full generator (templates, pages, browser search index).
        SiteReport()
    }
}
