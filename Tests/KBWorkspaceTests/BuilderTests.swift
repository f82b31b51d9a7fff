import Foundation
import KBCore
import KBIndex
import KBText
import Testing
@testable import KBWorkspace

/// `kb build` in process: incremental by size, time and content hash; deleted files leave the
/// index; nothing is written unless all content is valid.
@Suite struct BuilderTests {
    @Test func unchangedFilesAreNotParsedAgain() throws {
        let kb = try FixtureBase()
        let first = try kb.build()
        #expect(first.articleCount == 10 && first.parsed == 10 && first.reused == 0)
        #expect(first.index?.added.count == 10)

        let second = try kb.build()
        #expect(second.parsed == 0 && second.reused == 10)
        #expect(second.index?.unchanged == 10)

        // Touched (new time) but the same bytes: read and hashed, not parsed.
        let url = kb.url("content/fixes/replace-paper.md")
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: url.path)
        let touched = try kb.build()
        #expect(touched.parsed == 0 && touched.index?.unchanged == 10)

        try kb.edit("content/fixes/replace-paper.md", replacing: "换纸只需要一分钟", with: "换纸只需要两分钟")
        let edited = try kb.build()
        #expect(edited.parsed == 1)
        #expect(edited.index?.updated == ["fixes/replace-paper"])
        #expect(try kb.service().search("换纸只需要两分钟").results.first?.record.id == "fixes/replace-paper")

        let full = try kb.build(full: true)
        #expect(full.parsed == 10)
    }

    /// The warnings reading a file gave are stored with its article; when what is stored cannot be
    /// read, a build that reuses the article reads its file again for them.
    @Test func unreadableStoredWarningsAreReadFromTheFileAgain() throws {
        let kb = try FixtureBase()
        try kb.edit("content/causes/paper-out.md", replacing: "products: [e-sign, traditional]", with: "products: [e-sign, traditional, e-sign]")
        let first = try kb.build()
        #expect(first.diagnostics.map(\.rule) == [CheckRule.duplicateProduct.rawValue])

        // The index written again as it is, but for the paper-out article's warnings.
        let entries = try IndexReader(path: kb.base.indexPath).storedArticles().values.map { stored in
            IndexEntry(article: stored.article, fileSize: stored.file.size, fileModified: stored.file.modified,
                       frontMatterPositions: stored.frontMatterPositions,
                       readerWarnings: stored.article.id == "causes/paper-out" ? ReaderWarnings.unencodable : stored.readerWarnings)
        }
        _ = try IndexWriter.write(entries, synonyms: .empty, to: kb.base.indexPath, full: true)
        let again = try kb.build()
        #expect(again.parsed == 0)
        #expect(again.diagnostics == first.diagnostics)
    }

    @Test func deletedFilesLeaveTheIndex() throws {
        let kb = try FixtureBase()
        try kb.build()
        #expect(try kb.service().search("扫码盒子").results.first?.record.id == "products/qr-box")
        try kb.remove("content/products/qr-box.md")
        let report = try kb.build()
        #expect(report.index?.removed == ["products/qr-box"])
        #expect(report.articleCount == 9)
        #expect(try kb.service().search("扫码盒子").results.allSatisfy { $0.record.id != "products/qr-box" })
        #expect(throws: SearchServiceError.self) { try kb.service().article("products/qr-box") }
    }

    @Test func aFailedBuildWritesNothing() throws {
        let kb = try FixtureBase()
        try kb.build()
        let before = try #require(kb.indexBytes())
        try kb.edit("content/causes/paper-out.md", replacing: "updated: 2026-10-08", with: "updated: 昨天")
        try kb.write("content/fixes/new-one.md", "---\ntitle: 新文章\n---\n")
        let diagnostics = try kb.failingBuild()
        #expect(diagnostics.filter { $0.severity == .error }.map { "\($0.location) \($0.rule)" } == [
            "content/causes/paper-out.md:12:10 invalid-date",
            "content/fixes/new-one.md:3:1 missing-field",
            "content/fixes/new-one.md:3:1 missing-field",
            "content/fixes/new-one.md:3:1 missing-field",
            "content/fixes/new-one.md:3:1 missing-field",
        ], "only the broken files are reported: an article that exists but has errors is not also `missing`")
        #expect(kb.indexBytes() == before)
        // kb check writes nothing either, and sees the same problems.
        let checked = try Builder.check(kb.base)
        #expect(checked.diagnostics.filter { $0.severity == .error }.count == diagnostics.filter { $0.severity == .error }.count)
        #expect(kb.indexBytes() == before)
    }

    @Test func checkDoesNotNeedOrWriteAnIndex() throws {
        let kb = try FixtureBase()
        #expect(try Builder.check(kb.base).diagnostics.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: kb.base.indexPath))
    }
}
