import Foundation
import KBSearch
import KBWorkspace
import Testing
@testable import KBPicker

/// The picker's notices are `kb search`'s: built from real searches of the fixture, each one is a
/// line `SearchPresenter` prints for the same response, in the same order.
@Suite struct ResultListTests {
    /// The site fixture (its content/out-of-scope.yml names 手续费), indexed in a temporary folder.
    final class Indexed: @unchecked Sendable {
        let root: URL
        let service: SearchService

        init() throws {
            let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Fixtures/site-kb")
            root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-picker-\(UUID().uuidString)")
            try FileManager.default.copyItem(at: fixture, to: root)
            let base = KnowledgeBase(root: root)
            _ = try Builder.build(base, options: BuildOptions(site: false))
            service = try SearchService(base: base)
        }

        deinit { try? FileManager.default.removeItem(at: root) }
    }

    static let labels = Labels(.zh)

    private func expectSameNotices(_ query: String, in kb: Indexed, sourceLocation: SourceLocation = #_sourceLocation) throws -> ResultList {
        let response = try kb.service.search(query)
        let list = ResultList(query: query, response: response, labels: Self.labels)
        let printed = SearchPresenter(labels: Self.labels, style: TerminalStyle(colors: false)).text(response, explain: false)
            .components(separatedBy: "\n")
        var position = 0
        for notice in list.notices {
            guard let found = printed[position...].firstIndex(of: notice.text) else {
                Issue.record("\(notice.text) is not a line of kb search's output:\n\(printed.joined(separator: "\n"))", sourceLocation: sourceLocation)
                continue
            }
            position = found + 1
        }
        #expect(list.rows.map(\.id) == response.results.map(\.record.id), sourceLocation: sourceLocation)
        return list
    }

    @Test func noticesMatchTheSearchPresenter() throws {
        let kb = try Indexed()
        let found = try expectSameNotices("不到账", in: kb)
        #expect(found.rows.count >= 2)
        #expect(!found.outOfScope)
        #expect(found.notices.last?.tone == .quiet, "a count of the results: \(found.notices)")

        let outOfScope = try expectSameNotices("手续费", in: kb)
        #expect(outOfScope.outOfScope)
        #expect(outOfScope.notices.contains { $0.text.contains("这里没有关于「手续费」的文章") && $0.tone == .warning })

        let nothing = try expectSameNotices("量子纠缠", in: kb)
        #expect(nothing.rows.isEmpty)
        #expect(nothing.notices.last == ResultList.Notice(Self.labels.noResults("量子纠缠"), tone: .plain))
    }

    @Test func rowsCarryTitleCategoryAndSnippet() throws {
        let kb = try Indexed()
        let response = try kb.service.search("不到账")
        let list = ResultList(query: "不到账", response: response, labels: Self.labels)
        let first = try #require(list.rows.first)
        #expect(first.title == response.results[0].record.title)
        #expect(first.meta.hasPrefix(Self.labels.category(response.results[0].record.category)))
        #expect(first.snippet == response.results[0].snippet)
        #expect(first.location.hasPrefix("content/"))
    }
}
