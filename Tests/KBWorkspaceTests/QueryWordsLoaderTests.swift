import Foundation
import KBCore
import KBText
import Testing
@testable import KBWorkspace

/// `content/synonyms.yml`, `entities.yml` and `out-of-scope.yml`: one table, each word in one place.
@Suite struct QueryWordsLoaderTests {
    private func knowledgeBase(_ files: [String: String]) throws -> (KnowledgeBase, URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-words-\(UUID().uuidString)")
        let content = root.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: content.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return (KnowledgeBase(root: root), root)
    }

    @Test func theThreeFilesMakeOneTableWithRoles() throws {
        let (base, root) = try knowledgeBase([
            "synonyms.yml": "- [到账, 入账]\n",
            "entities.yml": "- [拉卡拉, lakala]\n- [中付]\n",
            "out-of-scope.yml": "- [手续费, 费率]\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let (table, diagnostics) = SynonymsLoader.load(base)
        #expect(diagnostics.isEmpty, "\(diagnostics)")  // a one-word entity group is fine
        #expect(table.groups.map(\.role) == [.synonym, .entity, .entity, .outOfScope])
        #expect(table.groups.map(\.members) == [["到账", "入账"], ["拉卡拉", "lakala"], ["中付"], ["手续费", "费率"]])
    }

    @Test func aWordInTwoFilesIsAnErrorNamingBoth() throws {
        let (base, root) = try knowledgeBase([
            "synonyms.yml": "- [手续费, 费用]\n",
            "out-of-scope.yml": "# 费率\n- [费率, 手续费]\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let (_, diagnostics) = SynonymsLoader.load(base)
        #expect(diagnostics.map(\.description) == [
            "content/out-of-scope.yml:2:8: error: `手续费` is already in the group on line 1 of content/synonyms.yml "
                + "(a word may belong to one group only: merge the groups or remove it from one)",
        ])
    }

    @Test func aMalformedFileIsNamed() throws {
        let (base, root) = try knowledgeBase(["entities.yml": "拉卡拉: [lakala]\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let (table, diagnostics) = SynonymsLoader.load(base)
        #expect(table.groups.isEmpty)
        #expect(diagnostics.map(\.description) == [
            "content/entities.yml:1:1: error: the entities file must be a list of groups (one group per line: `- [到账, 入账]`)",
        ])
    }
}
