import Foundation
import KBCore
import KBSearch
import Testing
@testable import KBWorkspace

/// From Markdown files to ranked answers: the fixture knowledge base in `Tests/Fixtures/kb` is
/// built and searched in process, as `kb build` and `kb search` do.
@Suite struct SearchEndToEndTests {
    private func ids(_ response: SearchResponse) -> [String] { response.results.map(\.record.id.rawValue) }

    @Test func symptomQueriesFindTheirArticleFirst() throws {
        let kb = try FixtureBase()
        try kb.build()
        let service = try kb.service()
        let expectations: [(query: String, top: String)] = [
            ("小票打不出来", "causes/paper-out"),
            ("怎么换打印纸", "fixes/replace-paper"),
            ("电量不足", "causes/battery-low"),
            ("退钱", "guides/refund-not-received"),  // synonym of 退款
            ("SIM卡停机", "causes/sim-suspended"),  // synonym of 流量卡
            ("信号不好", "fixes/check-signal"),
            ("扫码盒子", "products/qr-box"),
            ("换纸步骤", "fixes/replace-paper"),
            // A long colloquial question: filler is dropped and not every token has to match.
            ("顾客说他的退款一直没到账怎么办啊", "guides/refund-not-received"),
            // Pinyin typed without an input method.
            ("dayinzhi", "fixes/replace-paper"),
        ]
        for (query, top) in expectations {
            let response = try service.search(query)
            #expect(ids(response).first == top, "\(query): \(ids(response))")
        }
    }

    @Test func resultsNameTheirBestSectionWithAStableAnchor() throws {
        let kb = try FixtureBase()
        try kb.build()
        let response = try kb.service().search("换纸步骤")
        let top = try #require(response.results.first)
        #expect(top.section.heading == "换纸步骤")
        #expect(top.section.anchor == "换纸步骤")
        #expect(top.snippet.text.hasPrefix("1. 按住纸仓盖的开关，打开纸仓。"))
        #expect(top.record.sourcePath == "content/fixes/replace-paper.md")
    }

    @Test func normalisedFormsFindTheSameArticles() throws {
        let kb = try FixtureBase()
        try kb.build()
        let service = try kb.service()
        let reference = ids(try service.search("wifi"))
        #expect(!reference.isEmpty)
        for variant in ["Wi-Fi", "WIFI", "ＷＩＦＩ", "Ｗｉ－Ｆｉ", "wi-fi"] {
            #expect(ids(try service.search(variant)) == reference, "\(variant)")
        }
    }

    @Test func singleCharacterQueriesWork() throws {
        let kb = try FixtureBase()
        try kb.build()
        let service = try kb.service()
        let money = try service.search("钱")
        #expect(ids(money).contains("guides/refund-not-received"), "\(ids(money))")
        #expect(money.results.allSatisfy { $0.snippet.text.contains("钱") })
        let account = try service.search("账")
        #expect(ids(account).contains("guides/refund-not-received"), "\(ids(account))")
        // 帐 is folded to 账.
        #expect(ids(try service.search("帐")) == ids(account))
    }

    @Test func filtersAndLimitsApply() throws {
        let kb = try FixtureBase()
        try kb.build()
        let service = try kb.service()
        let all = try service.search("信号", options: SearchOptions(limit: 50))
        #expect(Set(all.results.map(\.record.category)).count > 1, "the query spans categories")

        let fixes = try service.search("信号", options: SearchOptions(limit: 50, filter: SearchFilter(category: .fix)))
        #expect(!fixes.results.isEmpty && fixes.results.allSatisfy { $0.record.category == .fix })

        let smart = try service.search("信号", options: SearchOptions(limit: 50, filter: SearchFilter(product: .smart)))
        #expect(!smart.results.isEmpty && smart.results.allSatisfy { $0.record.products.contains(.smart) })
        #expect(!ids(smart).contains("causes/sim-suspended"))

        let one = try service.search("信号", options: SearchOptions(limit: 1))
        #expect(one.results.count == 1)
        #expect(one.total == all.total)
        #expect(ids(one) == Array(ids(all).prefix(1)))
    }

    @Test func causesCarryTheirFixes() throws {
        let kb = try FixtureBase()
        try kb.build()
        let response = try kb.service().search("小票打不出来")
        let cause = try #require(response.results.first { $0.record.id == "causes/paper-out" })
        #expect(cause.relatedFixes.map(\.id) == ["fixes/replace-paper"])
    }

    @Test func unknownWordsFindNothing() throws {
        let kb = try FixtureBase()
        try kb.build()
        let response = try kb.service().search("量子纠缠")
        #expect(response.results.isEmpty)
        #expect(response.total == 0)
    }
}
