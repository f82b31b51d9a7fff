import Foundation
import Testing

/// `kb new` and `kb check` as an editor runs them: output, exit status, `--format json`.
@Suite struct EditorCommandTests {
    static let fixtures = KBBinary.repositoryRoot.appendingPathComponent("Tests/KBWorkspaceTests/Fixtures/check")

    @Test func checkPassesOnTheRealContent() throws {
        let result = try KBBinary.run(["check", "--root", KBBinary.repositoryRoot.path])
        #expect(result.status == 0)
        #expect(result.stderr == "kb check: checked \(KBBinary.realArticleCount) articles: 0 errors, 0 warnings\n")
        let chinese = try KBBinary.run(["check", "--lang", "zh", "--root", KBBinary.repositoryRoot.path])
        #expect(chinese.stderr == "kb check: 检查了 \(KBBinary.realArticleCount) 篇文章：0 个错误，0 个警告\n")
    }

    @Test func checkPrintsPositionsAndExitsOneOnErrors() throws {
        let result = try KBBinary.run(["check", "--root", Self.fixtures.appendingPathComponent("invalid-product").path])
        #expect(result.status == 1)
        #expect(result.stderr == """
            content/fixes/restart.md:4:12: error: product `esign` is not one of e-sign, traditional, smart (did you mean `e-sign`?)
            content/fixes/restart.md:4:19: error: product `mpos` is not one of e-sign, traditional, smart (e-sign is 电签POS, traditional 传统POS, smart 智能POS)
            kb check: checked 1 article: 2 errors, 0 warnings

            """)
        // Warnings alone do not fail the check.
        let warnings = try KBBinary.run(["check", "--root", Self.fixtures.appendingPathComponent("duplicate-title").path])
        #expect(warnings.status == 0)
    }

    @Test func checkFormatJSONIsOneObjectForCI() throws {
        let result = try KBBinary.run(["check", "--format", "json", "--root", Self.fixtures.appendingPathComponent("related-missing").path])
        #expect(result.status == 1)
        #expect(result.stderr.isEmpty)
        let object = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["articles"] as? Int == 2)
        #expect(object["errors"] as? Int == 2)
        #expect(object["warnings"] as? Int == 0)
        let first = try #require((object["diagnostics"] as? [[String: Any]])?.first)
        #expect(first["path"] as? String == "content/fixes/restart.md")
        #expect(first["line"] as? Int == 8)
        #expect(first["column"] as? Int == 11)
        #expect(first["severity"] as? String == "error")
        #expect(first["rule"] as? String == "related-missing")
        #expect(first["message"] as? String == "related article `causes/crash` does not exist")
        #expect(first["hint"] as? String == "write the id of an existing article, e.g. `fixes/check-network`")
    }

    @Test func newCreatesAnArticleThatCheckListsToFill() throws {
        let base = try ScratchFolder.knowledgeBase()
        let created = try KBBinary.run(["new", "causes/paper-jam", "--title", "打印机卡纸导致小票打不出来", "--updated", "2026-11-20"],
                                       in: base.url)
        #expect(created.status == 0)
        #expect(created.stdout == """
            created content/causes/paper-jam.md
            next: fill in the 7 【待填写】 placeholders and the symptoms, then run kb check (it lists whatever is left).

            """)
        let text = try base.read("content/causes/paper-jam.md")
        #expect(text.hasPrefix("---\ntitle: 打印机卡纸导致小票打不出来\ncategory: cause\nproducts: [e-sign, traditional, smart]\n"))
        #expect(text.contains("\nupdated: 2026-11-20\n"))

        let check = try KBBinary.run(["check", "--format", "json"], in: base.url)
        #expect(check.status == 1)
        let object = try #require(JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let rules = (object["diagnostics"] as? [[String: Any]] ?? []).map { $0["rule"] as? String ?? "" }
        #expect(rules == ["missing-symptoms"] + Array(repeating: "placeholder", count: 7))

        // Never overwritten.
        let again = try KBBinary.run(["new", "causes/paper-jam", "--title", "别的标题"], in: base.url)
        #expect(again.status == 1)
        #expect(again.stderr == "kb: content/causes/paper-jam.md already exists and was left as it is: choose another id, or edit that file\n")
        #expect(try base.read("content/causes/paper-jam.md") == text)
    }

    @Test func newNarrowsProductsAndRefusesBadInput() throws {
        let base = try ScratchFolder.knowledgeBase()
        let product = try KBBinary.run(["new", "content/products/cloud-pos.md", "--title", "云POS", "--product", "smart"], in: base.url)
        #expect(product.status == 0)
        #expect(try base.read("content/products/cloud-pos.md").contains("\nproducts: [smart]\n"))

        let refusals: [([String], String)] = [
            (["new", "paper-jam", "--title", "卡纸"],
             "kb: `paper-jam` has no category folder: write it as `causes/paper-jam` (folders: guides, causes, fixes, prevention, products)\n"),
            (["new", "fix/restart", "--title", "重启"],
             "kb: `fix` is not a category folder (did you mean `fixes`?); the folders are: guides, causes, fixes, prevention, products\n"),
            (["new", "fixes/Restart_POS", "--title", "重启"],
             "kb: `Restart_POS` breaks the naming rule: use lowercase ASCII letters, digits and hyphens, e.g. `restart-pos`\n"),
            (["new", "fixes/restart", "--title", " "], "kb: the title is empty: give it with --title \"…\"\n"),
            (["new", "fixes/restart", "--title", "重启", "--updated", "2026-13-01"],
             "kb: --updated: `2026-13-01` is not a date like 2026-11-20\n"),
        ]
        for (arguments, message) in refusals {
            let result = try KBBinary.run(arguments, in: base.url)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr == message)
        }
        let missingTitle = try KBBinary.run(["new", "fixes/restart"], in: base.url)
        #expect(missingTitle.status == 2)
        #expect(missingTitle.stderr.contains("--title"))
        #expect(!FileManager.default.fileExists(atPath: base.path("content/fixes/restart.md").path))
    }
}
