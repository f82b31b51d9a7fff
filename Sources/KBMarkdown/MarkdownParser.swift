import KBCore

/// An article body as plain values: sections for the index, links for checks, HTML for the site.
public struct ParsedBody: Sendable, Equatable {
    public var sections: [Section]
    public var links: [BodyLink]
    /// Safe HTML (raw HTML dropped), headings carrying their anchors as ids, links to articles
    /// pointing at generated pages.
    public var html: String
}

/// Reads an article body once (`CmarkTree`) and derives from that reading what the index and
/// the site need: sections and links (`BodyText`), and the page's HTML.
public enum MarkdownParser {
    /// - Parameters:
    ///   - markdown: the body, without front matter.
    ///   - id: the article's id, to resolve relative links.
    ///   - firstLine: the line of the source file where the body starts, so positions are the file's.
    ///   - html: false leaves `html` empty (checking content needs sections and links only).
    public static func parse(_ markdown: String, id: ArticleID, firstLine: Int = 1, html wantsHTML: Bool = true) -> ParsedBody {
        guard let tree = CmarkTree(markdown) else { return ParsedBody(sections: [], links: [], html: "") }
        let body = BodyText(tree.document, id: id, firstLine: firstLine, source: markdown)
        guard wantsHTML else { return ParsedBody(sections: body.sections, links: body.links, html: "") }
        let html = tree.html(replacingDestinations: body.siteURLs)
        return ParsedBody(sections: body.sections, links: body.links,
                          html: HTMLPostProcessor.process(html, headingAnchors: body.headingAnchors))
    }
}
