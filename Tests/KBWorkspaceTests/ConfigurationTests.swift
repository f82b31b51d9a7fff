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
}
