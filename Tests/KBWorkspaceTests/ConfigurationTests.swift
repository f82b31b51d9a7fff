import KBCore
import Testing
@testable import KBWorkspace

/// `kb.yml`: the site's settings and the article lists, each problem at its line.
@Suite struct ConfigurationTests {
    @Test func featuredArticlesKeepTheirOrder() {
        let (configuration, diagnostics) = Configuration.parse("""
            site:
              title: 帮助中心
              featured:
                - causes/settlement-cycle
                - fixes/refund
            required:
              - guides/not-credited
            """)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(configuration.featured == [ArticleID("causes/settlement-cycle"), ArticleID("fixes/refund")])
        #expect(configuration.featuredPositions.map(\.line) == [4, 5])
        #expect(configuration.required == [ArticleID("guides/not-credited")])
    }

    @Test func aBadFeaturedListIsReportedAtItsLine() {
        let (_, notAList) = Configuration.parse("site:\n  featured: fixes/refund\n")
        #expect(notAList.map(\.description) == [
            "kb.yml:2:13: error: `site.featured` must be a list of article ids (one `  - causes/network` per line)",
        ])
        let (_, twice) = Configuration.parse("site:\n  featured:\n    - fixes/refund\n    - fixes/refund\n")
        #expect(twice.map(\.description) == ["kb.yml:4:7: warning: `fixes/refund` is listed twice in `site.featured` (remove one)"])
    }

    @Test func theStartArticleAndWhatEachCategoryAndProductIsAbout() {
        let (configuration, diagnostics) = Configuration.parse("""
            site:
              start: guides/not-credited
              categories:
                guide: 从这里一步步排查。
                cause: 钱为什么没到。
              products:
                e-sign: 小巧便携。
            """)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(configuration.start == ArticleID("guides/not-credited"))
        #expect(configuration.startPosition.line == 2)
        #expect(configuration.categoryBlurbs == [.guide: "从这里一步步排查。", .cause: "钱为什么没到。"])
        #expect(configuration.productBlurbs == [.eSign: "小巧便携。"])
    }

    @Test func badSiteTextsAreReportedAtTheirLine() {
        let (_, unknown) = Configuration.parse("site:\n  categories:\n    gide: 排查\n")
        #expect(unknown.map(\.description) == [
            "kb.yml:3:5: warning: unknown key `gide` in `site.categories` (did you mean `guide`?)",
        ])
        let (_, notText) = Configuration.parse("site:\n  products:\n    smart:\n      - 云POS\n")
        #expect(notText.map(\.description) == [
            "kb.yml:4:7: error: `site.products.smart` must be one line of text (write one sentence after `smart:`)",
        ])
        let (_, badStart) = Configuration.parse("site:\n  start: Guides/Start\n")
        #expect(badStart.first?.description.hasPrefix("kb.yml:2:10: error: `site.start` must be an article id") == true,
                "\(badStart)")
    }
}
