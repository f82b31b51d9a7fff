import Foundation
import KBCore
import KBText

/// Generates the static site into an output folder: pages from the Mustache templates, the
/// stylesheets and scripts (kb's defaults, with the knowledge base's `site/` laid over them, see
/// `SiteFiles`), the content's own files,
/// `sitemap.xml`, and the browser search index. Incremental: a file whose inputs did not change
/// since the last build is not written again.
public enum SiteGenerator {
    /// The manifest of the output folder, written last by every site build.
    public static let manifestName = SitePaths.manifest

    public static func generate(_ input: SiteInput, to output: URL, full: Bool = false) throws -> SiteReport {
        let files = try SiteFiles(overrides: input.siteDirectory)
        let templates = try TemplateSet(files.templates)
        try checkCollisions(input.assets)
        let out = try SiteOutput(directory: output, full: full)

        var configured = PageBuilder(articles: input.articles, siteTitle: input.siteTitle, featured: input.featured,
                                  reviewAfterDays: input.reviewAfterDays, start: input.start,
                                  text: SiteText(words: input.words, categoryBlurbs: input.categoryBlurbs,
                                                 productBlurbs: input.productBlurbs),
                                  templatesFingerprint: templates.fingerprint)
        if let settings = input.settingsDigest {
            configured.keys = PageKeys(settings: settings + "\u{0}" + templates.fingerprint,
                                       usedCategories: configured.usedCategoryKeys,
                                       current: { out.fingerprint($0, ifKey: $1) })
        }
        let builder = configured
        let pages = builder.pages()
        // Rendering and writing pages are independent (SiteOutput takes concurrent emits): both
        // cores. The first failure in page order is reported.
        try Concurrently.forEach(pages.count) { index in
            var page = pages[index]
            if let key = page.key { out.setKey(key, for: page.path) }
            try out.emit(page.path, fingerprint: page.fingerprint) {
                if page.deferred, let source = page.source { page = builder.built(source) }
                var context = page.context
                if let article = page.body {
                    var details = context["article"] as? [String: Any] ?? [:]
                    details["body"] = try input.bodies[article.id] ?? input.renderBody(article)
                    context["article"] = details
                }
                return Data(templates.render(page.template, context).utf8)
            }
        }
        try out.emit(SitePaths.sitemap, text: Sitemap.xml(pages: pages.map(\.path), articles: builder.articles, baseURL: input.baseURL))
        for asset in files.assets {
            try out.emit(SitePaths.assets + "/" + asset.path, fingerprint: ContentHash.hex(of: asset.data), contents: { asset.data })
        }
        for asset in input.assets {
            try copy(input.contentDirectory.appendingPathComponent(asset), as: asset, into: out)
        }
        try BrowserIndex(input: input).emit(into: out, folder: SitePaths.searchIndex)
        let report = try out.finish()
        Retire.later((pages, out, builder))
        return report
    }

    /// A content file at a path the generator writes would be silently replaced: refuse instead.
    private static func checkCollisions(_ assets: [String]) throws {
        for asset in assets {
            let top = String(asset.split(separator: "/").first ?? "")
            if SitePaths.reservedTopLevel.contains(top) {
                throw SiteError.collision(path: "content/" + asset,
                                          detail: "the site uses `\(top)` for its own pages; move or rename this file")
            }
        }
    }

    private static func copy(_ source: URL, as path: String, into out: SiteOutput) throws {
        guard let data = FileManager.default.contents(atPath: source.path) else {
            throw SiteError.write(path: path, detail: "cannot read \(source.path)")
        }
        try out.emit(path, fingerprint: ContentHash.hex(of: data), contents: { data })
    }
}

/// `sitemap.xml`: every page a merchant may land on, with relative URLs unless a base is configured.
enum Sitemap {
    static func xml(pages: [String], articles: [Article], baseURL: String?) -> String {
        let base = baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? ""
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">"#,
        ]
        var lastModified: [String: String] = [:]
        for article in articles {
            lastModified[SitePaths.article(article.id)] = article.frontMatter.updated.description
        }
        for page in pages where page != SitePaths.notFound && page != SitePaths.search {
            var entry = "  <url><loc>\(escape(base + SitePaths.encode(page)))</loc>"
            if let day = lastModified[page] { entry += "<lastmod>\(day)</lastmod>" }
            lines.append(entry + "</url>")
        }
        lines.append("</urlset>")
        return lines.joined(separator: "\n") + "\n"
    }

    static func escape(_ text: String) -> String {
        // Most URLs have nothing to escape: skip Foundation's three searches for them.
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") }) else {
            return text
        }
        return text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
