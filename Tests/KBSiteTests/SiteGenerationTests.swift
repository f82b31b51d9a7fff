import Foundation
import KBCore
import KBSearch
import Testing
@testable import KBSite
import KBWorkspace

@Suite(.serialized) struct SiteGenerationTests {
    @Test func everyPageIsGenerated() throws {
        let fixture = try SiteFixture()
        defer { fixture.remove() }
        try fixture.build()
        let files = Set(fixture.files())
        let expected = [
            "index.html", "search.html", "404.html", "sitemap.xml",
            "guides/not-credited.html", "causes/network.html", "causes/escaping.html", "fixes/check-network.html",
            "prevention/device-maintenance.html", "products/e-sign.html",
            "category/guides.html", "category/causes.html", "category/fixes.html", "category/prevention.html",
            "category/products.html", "product/e-sign.html", "product/traditional.html", "product/smart.html",
            "tag/wifi.html", "tag/4g.html", "tag/t-1.html", "tag/网络.html",
            "images/signal.png", "_assets/site.css", "_assets/print.css", "_assets/search-text.js", "_assets/search-index.js",
            "_assets/search-query.js", "_assets/search-engine.js", "_assets/search-page.js",
            "_assets/feedback.js", "_assets/freshness.js",
            "_search/meta.js", "_search/t/0.js", "_search/x/0.js", "_search/r/0.js",
        ]
        for path in expected {
            #expect(files.contains(path), "missing \(path)")
        }
        // One document file per article for the browser search.
        #expect(files.filter { $0.hasPrefix("_search/d/") }.count == 6)
        // Wi-Fi and wifi share one tag page.
        #expect(!files.contains("tag/wi-fi.html"))
    }

    /// Every article says when it was last updated, carries the freshness notice for the reader's
    /// browser to show (hidden: the page never depends on the day it was built), and the feedback
    /// form whose reasons are exactly the ones votes may carry.
    @Test func articlePagesCarryFreshnessAndTheFeedbackWidget() throws {
        let fixture = try SiteFixture()
        defer { fixture.remove() }
        try fixture.build()
        let page = try fixture.read("causes/network.html")
        #expect(page.contains(#"<dt>最后更新</dt><dd><time datetime="2026-11-19">2026-11-19</time></dd>"#))
        #expect(page.contains(#"id="stale-notice" data-updated="2026-11-19" data-review-after-days="365" hidden>"#))
        #expect(page.contains(#"<section class="feedback" id="feedback" aria-labelledby="feedback-title" data-article-id="causes/network""#))
        #expect(page.contains("这篇文章解决你的问题了吗？"))
        #expect(HTMLScan.radioValues("reason", in: page) == FeedbackReason.allCases.map(\.rawValue))
        #expect(page.contains(#"<textarea id="feedback-comment" class="feedback-comment" name="comment" rows="3" maxlength="\#(FeedbackVote.maxCommentCharacters)">"#))
        #expect(page.contains(#"<label class="feedback-comment-label" for="feedback-comment">"#))
        #expect(page.contains(#"<p id="feedback-status" class="feedback-status" role="status" aria-live="polite">"#))
        #expect(page.contains(#"<script src="../_assets/feedback.js"></script>"#))
        let folders = ["causes/", "fixes/", "guides/", "prevention/", "products/"]
        for article in fixture.files() where article.hasSuffix(".html") && folders.contains(where: { article.hasPrefix($0) }) {
            let html = try fixture.read(article)
            #expect(html.contains("<dt>最后更新</dt>") && html.contains(#"id="feedback""#), "\(article)")
        }

        // Without review_after_days there is nothing to go stale.
        try fixture.write("site:\n  title: 测试帮助中心\n", to: "kb.yml")
        try fixture.build()
        let unlimited = try fixture.read("causes/network.html")
        #expect(!unlimited.contains("stale-notice"))
        #expect(unlimited.contains("<dt>最后更新</dt>"))
    }

    /// The search page's filters are real radio buttons named and valued as `kb search
    /// --category/--product` takes them, and the browser index knows each document's values.
    @Test func searchPageOffersTheFiltersOfTheCommandLine() throws {
        let fixture = try SiteFixture()
        defer { fixture.remove() }
        try fixture.build()
        let page = try fixture.read("search.html")
        #expect(HTMLScan.radioValues("category", in: page) == ["", "guide", "cause", "fix", "prevention", "product"])
        #expect(HTMLScan.radioValues("product", in: page) == [""] + Product.allCases.map(\.rawValue))
        #expect(page.contains("<legend>类别</legend>") && page.contains("<legend>适用产品</legend>"))

        // In a file of their own, which only a filtered search loads: not in meta.js, read by every search.
        #expect(!(try fixture.read("_search/meta.js")).contains("\"facets\""))
        let table = try fixture.read("_search/facets.js")
        let facets = try #require(table.firstMatch(of: /\["facets"\]="([A-Za-z0-9_-]*)";/)?.1)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let values = facets.map { alphabet.firstIndex(of: $0)! }
        var checked = 0
        for file in fixture.files() where file.hasPrefix("_search/d/") {
            let number = Int(file.dropFirst("_search/d/".count).dropLast(3))!
            let text = try fixture.read(file)
            let json = text[text.range(of: "]=")!.upperBound...].dropLast(2)
            let record = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            let category = Category.allCases.firstIndex(of: Category(rawValue: record["category"] as! String)!)!
            let products = (record["products"] as! [String]).reduce(0) { $0 | 1 << Product.allCases.firstIndex(of: Product(rawValue: $1)!)! }
            #expect(values[number] == 1 + 8 * category + products, "\(file)")
            checked += 1
        }
        #expect(checked == 6)
        #expect(values.enumerated().filter { $0.element != 0 }.count == checked, "no document number without an article has values")
    }

    /// The browser engine finds each field by the name `meta.js` gives it, at its place there: the
    /// layout is `Field`'s, the one the SQLite index's FTS columns are made from.
    @Test func theBrowserIndexNamesTheRankingFieldsInOrder() throws {
        let fixture = try SiteFixture()
        defer { fixture.remove() }
        try fixture.build()
        let meta = try fixture.read("_search/meta.js")
        let fields = try #require(meta.firstMatch(of: /"fields":\[([^\]]*)\]/)?.1)
        #expect(fields == Field.allCases.map { "\"\($0.name)\"" }.joined(separator: ","))
    }

    @Test func everyInternalLinkResolvesAndNothingIsExternal() throws {
        let fixture = try SiteFixture()
        defer { fixture.remove() }
        try fixture.build()
        var checked = 0
        for page in fixture.files() {
            guard page.hasSuffix(".html") || page.hasSuffix(".css") || page.hasSuffix(".js") || page.hasSuffix(".xml") else { continue }
            let text = try fixture.read(page)
            if page != "sitemap.xml" {
                // The sitemap's namespace is an identifier, never fetched; nothing else may name a URL.
                #expect(!text.contains("http://") && !text.contains("https://"), "\(page) names an external URL")
            }
            guard page.hasSuffix(".html") else { continue }
            let folder = (page as NSString).deletingLastPathComponent
            for link in HTMLScan.attributeValues("href", in: text) + HTMLScan.attributeValues("src", in: text) {
                #expect(!link.hasPrefix("//") && !link.contains(":"), "\(page): external or scheme link \(link)")
                let (withQuery, fragment) = split(link)
                let path = withQuery.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
                let target = path.isEmpty ? page : normalize(folder.isEmpty ? path : folder + "/" + path)
                let decoded = HTMLScan.percentDecoded(target)
                #expect(FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent(decoded).path),
                        "\(page): link \(link) points at a missing file")
                if let fragment, decoded.hasSuffix(".html") {
                    let ids = HTMLScan.attributeValues("id", in: try fixture.read(decoded))
                    #expect(ids.contains(HTMLScan.percentDecoded(fragment)), "\(page): link \(link) has no target id")
                }
                checked += 1
            }
        }
        #expect(checked > 100)
    }

    @Test func textIsEscapedEverywhere() throws {
        let fixture = try SiteFixture()
        defer { fixture.remove() }
        try fixture.build()
        let page = try fixture.read("causes/escaping.html")
        #expect(page.contains("标题里有 &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; 符号"))
        #expect(page.contains("摘要里的 &lt;img src=x onerror=alert(1)&gt; 要原样显示"))
        #expect(page.contains("&lt;i&gt;标签&lt;/i&gt;"))
        for file in fixture.files() where file.hasSuffix(".html") {
            let text = try fixture.read(file)
            #expect(!text.contains("<script>alert"), "\(file) holds a script from content")
            #expect(!text.contains("<img src=x"), "\(file) holds markup from content")
        }
        // The browser index is JavaScript: content must not be able to close the script.
        for file in fixture.files() where file.hasPrefix("_search/") {
            #expect(!(try fixture.read(file)).contains("</script"), "\(file) could end a script early")
        }
    }

    @Test func articlePagesShowWhatTheArticleSays() throws {
        let fixture = try SiteFixture()
        defer { fixture.remove() }
        try fixture.build()
        let page = try fixture.read("causes/network.html")
        #expect(page.contains(#"<a href="../index.html">首页</a>"#))
        #expect(page.contains(#"<a href="../category/causes.html">常见原因</a>"#))
        #expect(page.contains(#"<h1 id="article-title">网络信号不好导致不到账</h1>"#))
        #expect(page.contains("网络不稳时交易数据传不出去。"))
        #expect(page.contains(##"<a href="#%E5%93%AA%E4%BA%9B%E5%9C%B0%E6%96%B9%E4%BF%A1%E5%8F%B7%E5%B7%AE">哪些地方信号差</a><ol><li><a href="#%E9%87%91%E5%B1%9E%E8%B4%A7%E6%9E%B6">金属货架</a>"##))
        #expect(page.contains(#"<a href="../product/e-sign.html">电签POS</a>"#))
        #expect(page.contains(#"<dt>最后更新</dt><dd><time datetime="2026-11-19">2026-11-19</time></dd>"#))
        #expect(page.contains(#"<a class="entry-title" href="../fixes/check-network.html">检查网络和信号</a>"#))
        let guide = try fixture.read("guides/not-credited.html")
        #expect(guide.contains(#"href="../fixes/check-network.html#%E5%88%87%E6%8D%A2%E7%BD%91%E7%BB%9C""#))
        let home = try fixture.read("index.html")
        #expect(home.contains(#"<a href="guides/not-credited.html">钱没到账的排查指南</a>"#))
        let product = try fixture.read("product/traditional.html")
        #expect(product.contains("设备维护与检查") && !product.contains("网络信号不好导致不到账"))
    }

    @Test func unchangedPagesAreNotRewrittenAndDeletedArticlesDisappear() throws {
        let fixture = try SiteFixture()
        defer { fixture.remove() }
        let first = try fixture.build().site!
        #expect(first.pagesWritten == first.files.count)
        let again = try fixture.build().site!
        #expect(again.pagesWritten == 0)
        #expect(again.filesRemoved == 0)

        let untouched = try fixture.modificationDate("fixes/check-network.html")
        var text = try String(contentsOf: fixture.root.appendingPathComponent("content/causes/network.md"), encoding: .utf8)
        text = text.replacingOccurrences(of: "地下室和电梯旁信号弱。", with: "地下室、电梯旁和楼梯间信号弱。")
        try fixture.write(text, to: "content/causes/network.md")
        let edited = try fixture.build().site!
        #expect(try fixture.read("causes/network.html").contains("地下室、电梯旁和楼梯间信号弱。"))
        #expect(try fixture.modificationDate("fixes/check-network.html") == untouched)
        // The page itself, its search document and the index files of the words that changed.
        #expect(edited.pagesWritten > 0 && edited.pagesWritten < 40, "\(edited.pagesWritten) files rewritten")

        try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("content/products/e-sign.md"))
        let removed = try fixture.build().site!
        #expect(removed.filesRemoved > 0)
        #expect(!FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent("products/e-sign.html").path))
        #expect(!FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent("tag/电签.html").path))
    }

    /// An added article changes the listings that show it (home, its category, products and tags),
    /// not the pages of unrelated articles, whose 'applies to' links do not carry article counts.
    @Test func anAddedArticleRewritesOnlyThePagesThatShowIt() throws {
        let fixture = try SiteFixture()
        defer { fixture.remove() }
        try fixture.build()
        let unrelated = try fixture.modificationDate("fixes/check-network.html")
        let home = try fixture.read("index.html")
        try fixture.write("""
            ---
            title: 打印机缺纸时怎么办
            category: fix
            products: [e-sign, traditional, smart]
            symptoms:
              - 小票打不出来
            summary: 换上新的热敏纸卷。
            related: []
            tags: [打印]
            updated: 2026-11-20
            ---

            换纸卷后再打印一张测试小票。

            ## 步骤

            1. 打开纸仓，放入新纸卷。
            """, to: "content/fixes/paper-out.md")
        let added = try fixture.build().site!
        #expect(FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent("fixes/paper-out.html").path))
        #expect(try fixture.read("index.html") != home, "the home page counts the articles of each product")
        #expect(try fixture.modificationDate("fixes/check-network.html") == unrelated)
        #expect(added.pagesWritten < 60, "\(added.pagesWritten) files written")
    }

    @Test func invalidContentLeavesTheSiteAsItWas() throws {
        let fixture = try SiteFixture()
        defer { fixture.remove() }
        try fixture.build()
        let before = try fixture.read("causes/network.html")
        try fixture.write("---\ntitle: 坏文章\n---\n正文\n", to: "content/causes/broken.md")
        #expect(throws: BuildFailure.self) { try fixture.build() }
        #expect(try fixture.read("causes/network.html") == before)
        #expect(!FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent("causes/broken.html").path))
    }

    @Test func templateErrorsNameTheFileAndLine() throws {
        let fixture = try SiteFixture()
        defer { fixture.remove() }
        try fixture.write("<p>\n{{#broken}}\n", to: "site/templates/home.mustache")
        #expect {
            try fixture.build()
        } throws: { error in
            "\(error)".contains("home.mustache:") && "\(error)".contains("template error")
        }
    }

    @Test func sitemapListsPagesWithRelativeURLs() throws {
        let fixture = try SiteFixture()
        defer { fixture.remove() }
        try fixture.build()
        let sitemap = try fixture.read("sitemap.xml")
        #expect(sitemap.contains("<url><loc>causes/network.html</loc><lastmod>2026-11-19</lastmod></url>"))
        #expect(sitemap.contains("<url><loc>index.html</loc></url>"))
        #expect(!sitemap.contains("404.html"))
    }

    private func split(_ link: String) -> (String, String?) {
        guard let hash = link.firstIndex(of: "#") else { return (link, nil) }
        return (String(link[..<hash]), String(link[link.index(after: hash)...]))
    }

    private func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == ".." { parts.removeLast() } else if part != "." { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }
}
