import Foundation
import KBCore
import Testing
@testable import KBWorkspace

/// Front matter validation reports each problem at its own line. The expected lines sit in the
/// fixtures (`Tests/Fixtures/invalid`) as `# expect: rule` comments.
@Suite struct FrontMatterTests {
    static let folder = Fixtures.root.appendingPathComponent("invalid")
    static let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?
        .filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted() ?? []

    private func load(_ name: String, bytes: [UInt8]) -> (ParsedArticle?, [Diagnostic]) {
        let id = ArticleID("fixes/" + String(name.dropLast(3)))
        let file = SourceFile(url: Self.folder.appendingPathComponent(name), path: "content/\(id).md", id: id,
                              size: bytes.count, modified: 0)
        return ArticleLoader.load(file, bytes: bytes)
    }

    @Test(arguments: FrontMatterTests.names)
    func errorsAreReportedAtTheMarkedLines(_ name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(name)))
        let text = String(decoding: bytes, as: UTF8.self)
        var expected = Set<String>()
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let marker = line.range(of: "# expect: ") else { continue }
            expected.insert("\(offset + 1) \(line[marker.upperBound...].trimmingCharacters(in: .whitespaces))")
        }
        #expect(!expected.isEmpty, "\(name) marks no expected error")
        let (article, diagnostics) = load(name, bytes: bytes)
        #expect(article == nil, "\(name) must not load")
        let found = Set(diagnostics.filter { $0.severity == .error }.map { "\($0.location.line) \($0.rule)" })
        #expect(found == expected, "\(name): \(diagnostics.map(\.line))")
        #expect(diagnostics.allSatisfy { $0.location.path == "content/fixes/\(name)" })
    }

    /// Whole lines, as `kb check` prints them: path, line, column, message and hint.
    @Test func messagesAreExact() throws {
        func lines(_ name: String) throws -> [String] {
            let bytes = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(name)))
            return load(name, bytes: bytes).1.sortedForDisplay().map(\.line)
        }
        #expect(try lines("unknown-field.md") == [
            "content/fixes/unknown-field.md:7:1: error: unknown field `catgory` (did you mean `category`?)",
        ])
        #expect(try lines("wrong-values.md") == [
            "content/fixes/wrong-values.md:3:11: error: category `fixes` is not one of guide, cause, fix, prevention, product",
            "content/fixes/wrong-values.md:6:5: error: product `pos-machine` is not one of e-sign, traditional, smart",
            "content/fixes/wrong-values.md:7:5: error: product `e-sign` is listed twice",
            "content/fixes/wrong-values.md:10:11: error: related id `Fixes/Check Network` is not an article id (ids look like `fixes/check-network`)",
            "content/fixes/wrong-values.md:11:10: error: `updated` must be a date like 2026-11-20, not `2026-13-40`",
        ])
        #expect(try lines("missing-fields.md") == [
            "content/fixes/missing-fields.md:2:1: error: missing required field `products`",
            "content/fixes/missing-fields.md:2:1: error: missing required field `summary`",
            "content/fixes/missing-fields.md:2:1: error: missing required field `updated`",
        ])
        #expect(try lines("duplicate-field.md") == [
            "content/fixes/duplicate-field.md:7:1: error: field `title` appears twice (keep one of them)",
        ])
        #expect(try lines("folder-mismatch.md") == [
            "content/fixes/folder-mismatch.md:3:11: error: category `cause` does not match the folder `fixes/` (use `category: fix` or move the file to `causes/`)",
        ])
    }

    @Test func aValidArticleLoadsWithItsLines() throws {
        let base = try FixtureBase()
        let bytes = [UInt8](try Data(contentsOf: base.url("content/causes/paper-out.md")))
        let file = SourceFile(url: base.url("content/causes/paper-out.md"), path: "content/causes/paper-out.md",
                              id: "causes/paper-out", size: bytes.count, modified: 0)
        let (parsed, diagnostics) = ArticleLoader.load(file, bytes: bytes)
        #expect(diagnostics.isEmpty)
        let article = try #require(parsed)
        #expect(article.article.frontMatter.title == "打印纸用完或装反导致小票打不出来")
        #expect(article.article.frontMatter.products == [.eSign, .traditional])
        #expect(article.article.frontMatter.updated.description == "2026-10-08")
        #expect(article.lines.field("related") == 10)
        #expect(article.lines.symptoms == [6, 7, 8])
        #expect(article.article.sections.first?.line == 15, "the lead starts after the front matter")
    }
}
