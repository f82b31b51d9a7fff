import Foundation
import KBCore
import Testing
@testable import KBWorkspace

/// `kb build` after a build: nothing changed answers from the build record and writes nothing;
/// a change of content, templates, kb.yml or the day redoes what it affects; and whatever the
/// change, the result is the index and site a build from scratch makes of the same files.
@Suite struct IncrementalBuildTests {
    static let day = Day(iso: "2026-12-01")!

    /// A copy of `Tests/Fixtures/site-kb` with the repository's `site/` folder.
    static func fixture() throws -> FixtureBase {
        let kb = try FixtureBase("site-kb")
        try FileManager.default.copyItem(at: Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("site"),
                                         to: kb.url("site"))
        return kb
    }

    @discardableResult
    static func build(_ kb: FixtureBase, full: Bool = false, site: Bool = true, today: Day = day) throws -> BuildReport {
        try Builder.build(kb.base, options: BuildOptions(full: full, site: site, today: today))
    }

    /// Path → (inode, modification time) of every file below `folder`.
    static func stamps(_ folder: URL) -> [String: [Int64]] {
        var found: [String: [Int64]] = [:]
        let root = folder.path
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let path = enumerator?.nextObject() as? String {
            var info = stat()
            guard stat(root + "/" + path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            found[path] = [Int64(info.st_ino), Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)]
        }
        return found
    }

    static func contents(_ folder: URL) throws -> [String: Data] {
        var found: [String: Data] = [:]
        for path in stamps(folder).keys { found[path] = try Data(contentsOf: folder.appendingPathComponent(path)) }
        return found
    }

    @Test func nothingChangedWritesNothing() throws {
        let kb = try Self.fixture()
        let first = try Self.build(kb)
        let index = Self.stamps(kb.url(".kb"))
        let site = Self.stamps(kb.url("public"))

        let again = try Self.build(kb)
        #expect(again.articleCount == first.articleCount && again.parsed == 0 && again.reused == first.articleCount)
        #expect(again.index?.unchanged == first.articleCount)
        #expect(again.site?.pagesWritten == 0)
        #expect(again.diagnostics == first.diagnostics)
        #expect(Self.stamps(kb.url(".kb")) == index, "the index is not rewritten")
        #expect(Self.stamps(kb.url("public")) == site, "no page is rewritten")

        // Without the site, a build after one with the site has nothing to do either.
        let indexOnly = try Self.build(kb, site: false)
        #expect(indexOnly.parsed == 0 && indexOnly.site == nil)
        #expect(Self.stamps(kb.url(".kb")) == index)
        #expect(try kb.service().search("不到账").results.isEmpty == false)
    }

    @Test func aBuildAfterAnIndexOnlyBuildWritesTheSite() throws {
        let kb = try Self.fixture()
        try Self.build(kb, site: false)
        #expect(!FileManager.default.fileExists(atPath: kb.url("public").path))
        try Self.build(kb)
        #expect(FileManager.default.fileExists(atPath: kb.url("public/causes/network.html").path))
    }

    @Test func templatesSettingsAndTheDayAreInputs() throws {
        let kb = try Self.fixture()
        let first = try Self.build(kb)

        try kb.edit("site/templates/article.mustache", replacing: "</main>", with: "<!-- 模板已改 --></main>")
        let templated = try Self.build(kb)
        #expect(try kb.read("public/causes/network.html").contains("<!-- 模板已改 -->"))
        #expect(templated.site!.pagesWritten > 0)

        try kb.edit("kb.yml", replacing: "测试帮助中心", with: "新的帮助中心")
        try Self.build(kb)
        #expect(try kb.read("public/index.html").contains("新的帮助中心"))

        try kb.edit("content/synonyms.yml", replacing: "-", with: "-")  // rewritten: a new status-change time
        #expect(try Self.build(kb).index?.incremental == true)

        // The day freshness is judged on: a year later every article is due for review.
        let later = try Self.build(kb, today: Day(iso: "2028-06-01")!)
        #expect(later.diagnostics.count > first.diagnostics.count)

        // A removed output folder is written again.
        try FileManager.default.removeItem(at: kb.url("public"))
        try Self.build(kb, today: Day(iso: "2028-06-01")!)
        #expect(FileManager.default.fileExists(atPath: kb.url("public/causes/network.html").path))
    }

    /// What reading a file warns of (a product listed twice) is stored with its article: a build
    /// that reuses the unchanged file, by its size and time, by its content hash or from the
    /// build record, reports it as the build that read the file did, at the same place; fixing the
    /// file removes it. Every report is the one `kb build --full` and `kb check` give.
    @Test func warningsOfReusedFilesAreReportedAsWhenTheyWereRead() throws {
        let kb = try FixtureBase()
        let article = "content/causes/paper-out.md"
        try kb.edit(article, replacing: "products: [e-sign, traditional]", with: "products: [e-sign, traditional, e-sign]")
        let duplicate = "content/causes/paper-out.md:4:33: warning: product `e-sign` is listed twice (remove one)"
        func duplicates(_ diagnostics: [Diagnostic]) -> [String] {
            diagnostics.filter { $0.rule == CheckRule.duplicateProduct.rawValue }.map(\.line)
        }
        /// Expects the diagnostics of `kb check` and of a build from scratch of the same files.
        func expectSameAsFull(_ report: BuildReport, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
            #expect(report.diagnostics == (try Builder.check(kb.base, today: Self.day)).diagnostics, "\(name): kb check",
                    sourceLocation: sourceLocation)
            let full = try Builder.build(kb.base, options: BuildOptions(full: true, site: false, today: Self.day))
            #expect(report.diagnostics == full.diagnostics, "\(name): kb build --full", sourceLocation: sourceLocation)
        }

        let first = try Self.build(kb, site: false)
        #expect(duplicates(first.diagnostics) == [duplicate])

        try kb.edit("content/fixes/replace-paper.md", replacing: "换纸只需要一分钟", with: "换纸只需要两分钟")
        let edited = try Self.build(kb, site: false)
        #expect(edited.parsed == 1, "the article with the warning is reused")
        #expect(duplicates(edited.diagnostics) == [duplicate])
        try expectSameAsFull(edited, "another article edited")

        // Touched: a new time, the same bytes (reused by its content hash).
        let url = kb.url(article)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: url.path)
        let touched = try Self.build(kb, site: false)
        #expect(touched.parsed == 0)
        #expect(duplicates(touched.diagnostics) == [duplicate])
        // Nothing changed: answered from the build record.
        #expect(duplicates(try Self.build(kb, site: false).diagnostics) == [duplicate])

        try kb.edit(article, replacing: "products: [e-sign, traditional, e-sign]", with: "products: [e-sign, traditional]")
        let fixed = try Self.build(kb, site: false)
        #expect(duplicates(fixed.diagnostics).isEmpty)
        try kb.edit("content/fixes/replace-paper.md", replacing: "换纸只需要两分钟", with: "换纸只需要三分钟")
        let editedAfterFix = try Self.build(kb, site: false)
        #expect(editedAfterFix.parsed == 1)
        #expect(duplicates(editedAfterFix.diagnostics).isEmpty, "the stored warning went with the duplicate")
        try expectSameAsFull(editedAfterFix, "fixed, then another article edited")
    }

    /// Edits, additions, renames and deletions, each built incrementally, against a build from
    /// scratch of a copy of the same files: the same pages byte for byte, the same answers. After
    /// edits, the whole site (browser index included) is the same; an addition or deletion
    /// numbers documents differently from a fresh build (numbers stay stable: new articles are
    /// numbered after the others), so there the browser index is compared through its answers.
    @Test func anIncrementalBuildEqualsABuildFromScratch() throws {
        let kb = try Self.fixture()
        try Self.build(kb)
        let changes: [(String, (FixtureBase) throws -> Void)] = [
            // Warnings of reading the file and of checking its body, kept through the changes below.
            ("edit in warnings", {
                try $0.edit("content/prevention/device-maintenance.md", replacing: "products: [traditional]",
                            with: "products: [traditional, traditional]")
                try $0.edit("content/prevention/device-maintenance.md", replacing: "每周检查一次。",
                            with: "每周检查一次，见[厂商说明](https://example.com/pos)。")
            }),
            ("edit a body", { try $0.edit("content/causes/network.md", replacing: "地下室和电梯旁信号弱。", with: "地下室、电梯旁和楼梯间信号弱。") }),
            ("edit a title", { try $0.edit("content/fixes/check-network.md", replacing: "title: ", with: "title: 先") }),
            ("add", { try $0.write("content/fixes/paper-out.md", try $0.read("content/fixes/check-network.md")
                .replacingOccurrences(of: "title: ", with: "title: 缺纸时") + "\n换上新的热敏纸卷后再试。\n") }),
            ("rename", { try FileManager.default.moveItem(at: $0.url("content/causes/escaping.md"), to: $0.url("content/causes/escaped.md")) }),
            ("delete", { try $0.remove("content/products/e-sign.md") }),
            ("delete the addition", { try $0.remove("content/fixes/paper-out.md") }),
        ]
        let queries = ["不到账", "网络信号", "热敏纸", "电签", "检查网络", "楼梯间"]
        for (name, change) in changes {
            try change(kb)
            let incremental = try Self.build(kb)
            #expect(Set(incremental.diagnostics.map(\.rule)).isSuperset(of: [CheckRule.duplicateProduct.rawValue, CheckRule.linkExternal.rawValue]),
                    "\(name): the warnings are kept")

            let scratch = try FixtureBase("site-kb")
            try FileManager.default.removeItem(at: scratch.root)
            try FileManager.default.createDirectory(at: scratch.root, withIntermediateDirectories: true)
            for folder in ["content", "site", "kb.yml"] {
                try FileManager.default.copyItem(at: kb.url(folder), to: scratch.url(folder))
            }
            let fromScratch = try Self.build(scratch, full: true)
            #expect(incremental.diagnostics == fromScratch.diagnostics, "\(name): the same diagnostics")

            let renumbered = !name.hasPrefix("edit")
            func compared(_ files: [String: Data]) -> [String: Data] {
                renumbered ? files.filter { !$0.key.hasPrefix("_search/") && $0.key != ".kb-site" } : files
            }
            let built = compared(try Self.contents(kb.url("public")))
            let expected = compared(try Self.contents(scratch.url("public")))
            #expect(Set(built.keys) == Set(expected.keys), "\(name): the same files")
            for (path, data) in expected where built[path] != data {
                Issue.record("\(name): \(path) differs from a build from scratch")
            }
            for query in queries {
                let a = try kb.service().search(query).results.map { "\($0.record.id) \($0.score.score)" }
                let b = try scratch.service().search(query).results.map { "\($0.record.id) \($0.score.score)" }
                #expect(a == b, "\(name): \(query)")
            }
        }
    }
}
