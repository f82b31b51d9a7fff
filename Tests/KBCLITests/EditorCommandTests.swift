import Foundation
import Testing

/// `kb check` as an editor runs it: output, exit status, `--format json`.
@Suite struct EditorCommandTests {
    static let fixtures = KBBinary.repositoryRoot.appendingPathComponent("Tests/KBWorkspaceTests/Fixtures/check")

    @Test func checkPassesOnTheRealContent() throws {
        let result = try KBBinary.run(["check", "--root", KBBinary.repositoryRoot.path])
        #expect(result.status == 0)
        #expect(result.stderr == "kb check: checked 26 articles: 0 errors, 0 warnings\n")
        let chinese = try KBBinary.run(["check", "--lang", "zh", "--root", KBBinary.repositoryRoot.path])
        #expect(chinese.stderr == "kb check: 检查了 26 篇文章：0 个错误，0 个警告\n")
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
}
