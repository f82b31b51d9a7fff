import Foundation
import KBCore
import Testing
@testable import KBWorkspace

/// One fixture per `kb check` rule: `Fixtures/check/<rule>/` is a small knowledge base holding that
/// kind of invalid input, and `expected.txt` beside it lists, one per line, what `kb check` must report:
/// `[rule] path:line:column: severity: message (hint)`. `KB_RECORD_FIXTURES=1 swift test` rewrites the
/// expected files from the current output (then read the diff).
@Suite struct CheckFixtureTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/check", isDirectory: true)
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The Markdown articles under the real `content/`, counted from the file system (not by kb).
    static var realArticleCount: Int {
        let content = repositoryRoot.appendingPathComponent("content")
        let files = FileManager.default.enumerator(at: content, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? []
        return files.filter { $0.pathExtension == "md" && $0.lastPathComponent.lowercased() != "readme.md" }.count
    }

    /// The day every fixture is checked on: freshness (`stale-article`) must not depend on when the
    /// tests run.
    static let today = Day(year: 2026, month: 12, day: 2)!

    /// No committed fixture can produce these: root reads any folder whatever its permissions.
    static let withoutFixture: Set<CheckRule> = [.unreadable]
    static let rulesWithFixtures = CheckRule.allCases.filter { !withoutFixture.contains($0) }

    @Test func everyRuleHasExactlyOneFixture() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path).filter { !$0.hasPrefix(".") }
        #expect(Set(folders) == Set(Self.rulesWithFixtures.map(\.rawValue)))
    }

    @Test(arguments: rulesWithFixtures)
    func fixture(_ rule: CheckRule) throws {
        let folder = Self.fixtures.appendingPathComponent(rule.rawValue, isDirectory: true)
        let root = try Self.prepare(rule, folder)
        defer { if root != folder { try? FileManager.default.removeItem(at: root) } }

        let report = try Builder.check(KnowledgeBase(root: root), today: Self.today)
        let actual = report.diagnostics.map { "[\($0.rule)] \($0)" }
        let expectedFile = folder.appendingPathComponent("expected.txt")
        if ProcessInfo.processInfo.environment["KB_RECORD_FIXTURES"] == "1" {
            try (actual.joined(separator: "\n") + "\n").write(to: expectedFile, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: expectedFile, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        #expect(actual == expected)
        #expect(report.diagnostics.contains { $0.rule == rule.rawValue }, "the fixture must trigger its own rule")
        #expect(report.diagnostics.allSatisfy { $0.hint?.isEmpty == false }, "every diagnostic carries a hint")
    }

    /// The real articles follow every rule: no error and no warning (freshness judged on a fixed day).
    @Test func realContentIsClean() throws {
        let report = try Builder.check(KnowledgeBase(root: Self.repositoryRoot), today: Self.today)
        #expect(report.diagnostics.map(\.description) == [])
        #expect(report.articleCount == Self.realArticleCount)
    }

    /// Files saved on Windows (CRLF, a byte-order mark) read the same, with the same positions.
    @Test func windowsLineEndingsAndAByteOrderMarkAreAccepted() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-crlf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("content/fixes"), withIntermediateDirectories: true)
        let lines = ["---", "title: 重启POS机", "category: fix", "products: [e-sign]", "symptoms:", "  - 机器卡住了",
                     "summary: 机器卡住时先重启。", "updated: 2026-11-20", "---", "", "机器卡住时，长按电源键重启。", "",
                     "## 处理步骤", "", "1. 看[原因](../causes/hang.md)。"]
        let text = "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
        try text.write(to: root.appendingPathComponent("content/fixes/restart.md"), atomically: true, encoding: .utf8)
        let report = try Builder.check(KnowledgeBase(root: root), today: Self.today)
        #expect(report.diagnostics.map(\.description) == [
            "content/fixes/restart.md:15:10: error: link to `../causes/hang.md`: there is no article `causes/hang` "
                + "(links are relative to this file: `../fixes/check-network.md` from another folder)",
        ])
    }

    /// Fixtures too big to commit are made here, in a temporary copy.
    static func prepare(_ rule: CheckRule, _ folder: URL) throws -> URL {
        guard rule == .fileTooLarge else { return folder }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-fixture-\(UUID().uuidString)")
        let fixes = root.appendingPathComponent("content/fixes", isDirectory: true)
        try FileManager.default.createDirectory(at: fixes, withIntermediateDirectories: true)
        var text = "---\ntitle: 很长的文章\n---\n"
        text += String(repeating: "机器卡住时，长按电源键重启。\n", count: 5 * 1_048_576 / 40)
        try text.write(to: fixes.appendingPathComponent("huge.md"), atomically: true, encoding: .utf8)
        return root
    }
}
