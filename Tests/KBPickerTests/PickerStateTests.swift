import KBCore
import Testing
@testable import KBPicker

/// Keys in, actions out: what the session must do for each key, in the list and in an article.
@Suite struct PickerStateTests {
    private func searched(_ query: String = "不到账", rows: Int = 3, outOfScope: Bool = false) -> PickerState {
        var state = PickerState(query: query, size: TerminalSize(rows: 20, columns: 80))
        state.show(ResultList(query: query, notices: [], rows: (0..<rows).map { PickerScreenTests.row($0) }, outOfScope: outOfScope))
        return state
    }

    @Test func typingMakesTheResultsStaleUntilTheNextSearch() {
        var state = PickerState(size: TerminalSize(rows: 20, columns: 80))
        #expect(!state.isStale)
        #expect(state.queryToSearch == nil)
        #expect(state.handle(.text("不到")) == .redraw)
        #expect(state.handle(.text("账")) == .redraw)
        #expect(state.isStale)
        #expect(state.queryToSearch == "不到账")
        state.show(ResultList(query: "不到账", notices: [], rows: []))
        #expect(!state.isStale)
        // Spaces around the query change nothing worth a search.
        _ = state.handle(.text(" "))
        #expect(!state.isStale)
    }

    @Test func keysThatActOnResultsWaitForResultsOfTheCurrentQuery() {
        var state = searched()
        _ = state.handle(.text("了"))
        for key in [Key.down, .up, .control("n"), .control("p"), .enter, .tab, .control("r")] {
            var copy = state
            #expect(copy.handle(key) == .needsResults, "\(key)")
        }
    }

    @Test func arrowsAndCtrlNPMoveTheSelectionWithinTheResults() {
        var state = searched(rows: 3)
        _ = state.handle(.up)
        #expect(state.selection == 0)
        _ = state.handle(.down)
        _ = state.handle(.control("n"))
        _ = state.handle(.down)
        #expect(state.selection == 2)
        _ = state.handle(.control("p"))
        #expect(state.selection == 1)
        // New results start again from the best.
        state.show(ResultList(query: "不到账", notices: [], rows: [PickerScreenTests.row(0)]))
        #expect(state.selection == 0)
    }

    @Test func enterOpensTheSelectedResultAndTabRepliesWithIt() {
        var state = searched()
        _ = state.handle(.down)
        #expect(state.handle(.enter) == .open(resultIndex: 1))
        #expect(state.handle(.tab) == .reply(resultIndex: 1))
        #expect(state.handle(.control("r")) == .reply(resultIndex: 1))
    }

    @Test func outOfScopeOrEmptyResultsReplyForTheSearchAsAWhole() {
        var outOfScope = searched("手续费", outOfScope: true)
        #expect(outOfScope.handle(.tab) == .reply(resultIndex: nil))
        var none = searched("量子纠缠", rows: 0)
        #expect(none.handle(.tab) == .reply(resultIndex: nil))
        #expect(none.handle(.enter) == .redraw)
        var empty = PickerState(size: TerminalSize(rows: 20, columns: 80))
        #expect(empty.handle(.tab) == .redraw)
    }

    @Test func escCtrlDAndCtrlCQuit() {
        var state = searched()
        #expect(state.handle(.escape) == .quit(status: 0))
        #expect(state.handle(.control("d")) == .quit(status: 0))
        #expect(state.handle(.control("c")) == .quit(status: 130))
    }

    @Test func anOpenArticleScrollsGoesBackAndReplies() {
        var state = searched()
        _ = state.handle(.down)
        let text = (1...50).map { "第\($0)行" }.joined(separator: "\n")
        state.open(ArticlePage(id: "guides/a", resultIndex: 1, text: text))
        func scroll() -> Int { if case let .article(page) = state.mode { page.scroll } else { -1 } }
        _ = state.handle(.down)
        _ = state.handle(.text("jj"))
        #expect(scroll() == 3)
        _ = state.handle(.pageDown)
        #expect(scroll() == 3 + 18)
        _ = state.handle(.end)
        #expect(scroll() == 50 - 19)
        _ = state.handle(.pageDown)
        #expect(scroll() == 50 - 19)
        _ = state.handle(.home)
        #expect(scroll() == 0)
        #expect(state.handle(.tab) == .reply(resultIndex: 1))
        #expect(state.handle(.escape) == .redraw)
        #expect(state.mode == .list)
        #expect(state.selection == 1, "back in the list, the selection is where it was")
        state.open(ArticlePage(id: "guides/a", resultIndex: 1, text: text))
        _ = state.handle(.text("q"))
        #expect(state.mode == .list)
        state.open(ArticlePage(id: "guides/a", resultIndex: 1, text: text))
        #expect(state.handle(.control("c")) == .quit(status: 130))
    }

    @Test func editingKeysChangeTheQuery() {
        var state = PickerState(query: "刷卡钱没到账", size: TerminalSize(rows: 20, columns: 80))
        _ = state.handle(.backspace)
        #expect(state.editor.text == "刷卡钱没到")
        _ = state.handle(.control("a"))
        _ = state.handle(.delete)
        #expect(state.editor.text == "卡钱没到")
        _ = state.handle(.control("e"))
        _ = state.handle(.paste("账 了"))
        #expect(state.editor.text == "卡钱没到账 了")
        _ = state.handle(.control("w"))
        #expect(state.editor.text == "卡钱没到账 ")
        _ = state.handle(.control("u"))
        #expect(state.editor.text.isEmpty)
    }
}
