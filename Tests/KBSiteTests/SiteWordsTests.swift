import Foundation
import KBCore
import Testing
@testable import KBSite
import KBWorkspace

/// The words of the pages that no template holds come from `site/templates/words.yml`: kb's, each
/// key replaceable by the knowledge base's own file.
@Suite(.serialized) struct SiteWordsTests {
    static func pages(_ fixture: SiteFixture) throws -> [String: String] {
        var pages: [String: String] = [:]
        for file in fixture.files() where file.hasSuffix(".html") { pages[file] = try fixture.read(file) }
        return pages
    }

    @Test func aWordsFileReplacesOnlyTheKeysItNames() throws {
        let fixture = try SiteFixture()
        defer { fixture.remove() }
        try fixture.build()
        let before = try Self.pages(fixture)
        try fixture.write("search_title: 查找\ntag_title: 话题「{tag}」\n", to: "site/templates/words.yml")
        try fixture.build()
        let after = try Self.pages(fixture)
        #expect(Set(after.keys) == Set(before.keys))
        let changed = Set(after.keys.filter { after[$0] != before[$0] })
        let tagPages = Set(after.keys.filter { $0.hasPrefix("tag/") })
        #expect(!tagPages.isEmpty)
        #expect(changed == tagPages.union(["search.html"]), "only the pages showing the replaced words change")
        #expect(after["search.html"]?.contains("<title>查找 - 测试帮助中心</title>") == true)
        let tagPage = try #require(tagPages.sorted().first.flatMap { after[$0] })
        #expect(tagPage.contains("<h1>话题「"))
        // The keys it does not name keep kb's words.
        #expect(after["404.html"]?.contains("<title>\(SiteWordsLoader.standard.text(.notFoundTitle)) - 测试帮助中心</title>") == true)
    }

    @Test func withoutATitleInKbYmlTheWordsNameTheSite() throws {
        let fixture = try SiteFixture()
        defer { fixture.remove() }
        try fixture.write("review_after_days: 365\n", to: "kb.yml")
        try fixture.build()
        let title = SiteWordsLoader.standard.text(.siteTitle)
        #expect(try fixture.read("index.html").contains("<title>\(title)</title>"))
        #expect(try fixture.read("search.html").contains("<title>\(SiteWordsLoader.standard.text(.searchTitle)) - \(title)</title>"))
    }

    @Test func datesFollowTheWords() throws {
        let words = SiteWordsLoader.standard.replacing([.date: TextTemplate("{day}/{month}/{year}")])
        #expect(words.date(Day(year: 2026, month: 3, day: 9)!) == "9/3/2026")
        #expect(SiteWordsLoader.standard.date(Day(year: 2026, month: 11, day: 20)!) == "2026年11月20日")
    }

    /// Every key a page uses is in kb's file, with only the placeholders it offers.
    @Test func kbsWordsAreCompleteAndValid() throws {
        let text = try #require(SiteDefaults.files[SiteWords.path])
        for key in SiteWords.Key.allCases {
            #expect(text.contains("\n\(key.rawValue): "), "kb's words name \(key.rawValue)")
            let value = SiteWordsLoader.standard.text(key)
            #expect(!value.isEmpty)
        }
        #expect(SiteWordsLoader.standard.text(.productTitle, ["product": "甲"]).contains("甲"))
    }
}
