import KBCore
import KBSearch
import KBWorkspace
import Testing
@testable import KBPicker

/// Frames drawn for a given state and size: every row within the width (wide characters counted
/// twice), the cursor where the query's columns end, notices as `kb search` shows them.
@Suite struct PickerScreenTests {
    static let plain = PickerScreen(labels: Labels(.zh), style: TerminalStyle(colors: false))
    static let coloured = PickerScreen(labels: Labels(.zh), style: TerminalStyle(colors: true))

    static func row(_ number: Int, title: String = "顾客说退款没到账怎么办") -> ResultList.Row {
        let text = "退款操作成功只代表服务商已经受理，钱还要经过银行原路退回"
        let start = Array("退款操作成功只代表服务商已经受理，钱还要经过银行原路".utf8).count
        return ResultList.Row(id: ArticleID("guides/article-\(number)"), title: "\(title)\(number)", meta: "排查指南 · 电签POS",
                              snippet: Snippet(text: text, highlights: [start..<(start + Array("退回".utf8).count)]),
                              location: "content/guides/article-\(number).md")
    }

    static func results(_ count: Int, notices: [ResultList.Notice] = [ResultList.Notice("「不到账」找到 3 篇（1.0 毫秒）", tone: .quiet)]) -> ResultList {
        ResultList(query: "不到账", notices: notices, rows: (1...max(1, count)).prefix(count).map { row($0) })
    }

    static func state(_ query: String = "不到账", results: ResultList?, size: TerminalSize = TerminalSize(rows: 12, columns: 60)) -> PickerState {
        var state = PickerState(query: query, size: size)
        state.show(results)
        return state
    }

    private func expectFits(_ frame: Frame, _ size: TerminalSize, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(frame.lines.count == size.rows, sourceLocation: sourceLocation)
        for line in frame.lines {
            #expect(StyledText.width(line) <= size.columns - 1, "too wide: \(line)", sourceLocation: sourceLocation)
        }
    }

    @Test func listShowsQueryNoticesResultsAndFooter() {
        let size = TerminalSize(rows: 12, columns: 60)
        let frame = Self.plain.frame(Self.state(results: Self.results(3), size: size))
        expectFits(frame, size)
        #expect(frame.lines[0] == "搜索> 不到账")
        #expect(frame.lines[1] == "「不到账」找到 3 篇（1.0 毫秒）")
        #expect(frame.lines[2].hasPrefix("> 1. 顾客说退款没到账怎么办1  排查指南"))
        #expect(frame.lines[3].hasPrefix("     退款操作成功"))
        #expect(frame.lines[4].hasPrefix("  2. 顾客说退款没到账怎么办2"))
        #expect(frame.lines[11].hasPrefix("↑↓ 选择  Enter 查看文章  Tab 输出回复并退出  Esc 退出"))
        // The cursor stands after 不到账: the prompt's 6 columns and three wide characters.
        #expect(frame.cursor == Frame.Position(row: 0, column: 6 + 6))
    }

    @Test func theCursorFollowsTheEditorInColumns() {
        var state = Self.state("pos机没到账", results: Self.results(1))
        state.editor.moveLeft()
        state.editor.moveLeft()
        #expect(Self.plain.frame(state).cursor == Frame.Position(row: 0, column: 6 + 3 + 2 * 2))
    }

    @Test func aLongQueryScrollsSidewaysToKeepTheCursorInView() {
        let size = TerminalSize(rows: 8, columns: 24)
        let query = String(repeating: "钱没到账", count: 10)
        let frame = Self.plain.frame(Self.state(query, results: nil, size: size))
        expectFits(frame, size)
        let cursor = try! #require(frame.cursor)
        #expect(cursor.column <= size.columns - 1)
        #expect(frame.lines[0].hasSuffix("到账"), "the end of the query is in view: \(frame.lines[0])")
    }

    @Test func wideTitlesAreCutWithoutSplittingACharacter() {
        for columns in 20...41 {
            let size = TerminalSize(rows: 10, columns: columns)
            let frame = Self.plain.frame(Self.state(results: Self.results(2), size: size))
            expectFits(frame, size)
            #expect(!frame.lines.joined().contains("\u{FFFD}"))
        }
    }

    @Test func theSelectionStaysInViewAsItMovesDown() {
        var state = Self.state(results: Self.results(10), size: TerminalSize(rows: 10, columns: 60))
        for _ in 0..<9 { _ = state.handle(.down) }
        let frame = Self.plain.frame(state)
        #expect(state.selection == 9)
        #expect(frame.lines.contains { $0.hasPrefix("> 10. ") }, "\(frame.lines)")
        #expect(!frame.lines.contains { $0.hasPrefix("  1. ") })
    }

    @Test func outOfScopeAndLowConfidenceNoticesAreShownAndColoured() {
        let labels = Labels(.zh)
        let notices = [ResultList.Notice(labels.outOfScope(["手续费"]), tone: .warning), ResultList.Notice(labels.lowConfidence, tone: .warning)]
        let size = TerminalSize(rows: 16, columns: 50)
        let state = Self.state("手续费", results: ResultList(query: "手续费", notices: notices, rows: [Self.row(1)], outOfScope: true), size: size)
        let plain = Self.plain.frame(state).lines.joined(separator: "\n")
        #expect(plain.contains("这里没有关于「手续费」的文章"))
        #expect(plain.contains(labels.lowConfidence))
        let coloured = Self.coloured.frame(state)
        expectFits(coloured, size)
        #expect(coloured.lines[1].hasPrefix("\u{1B}[36m"), "warnings in the accent colour: \(coloured.lines[1])")
    }

    @Test func noResultsAndTheEmptyQuery() {
        let labels = Labels(.zh)
        let none = ResultList(query: "量子纠缠", notices: [ResultList.Notice(labels.noResults("量子纠缠"), tone: .plain)], rows: [])
        let lines = Self.plain.frame(Self.state("量子纠缠", results: none, size: TerminalSize(rows: 10, columns: 200))).lines
        #expect(lines[1] == labels.noResults("量子纠缠"))
        let empty = Self.plain.frame(Self.state("", results: nil)).lines
        #expect(empty[0] == "搜索> ")
        #expect(empty[1].hasPrefix("输入商户描述的问题"))
    }

    @Test func highlightsAreColouredOnlyWithColours() {
        let state = Self.state(results: Self.results(1), size: TerminalSize(rows: 8, columns: 100))
        #expect(Self.coloured.frame(state).lines[3].contains("\u{1B}[1;33m退回\u{1B}[0m"))
        #expect(!Self.plain.frame(state).lines.joined().contains("\u{1B}"))
    }

    @Test func englishLabelsFollowTheLanguage() {
        let screen = PickerScreen(labels: Labels(.en), style: TerminalStyle(colors: false))
        let lines = screen.frame(Self.state(results: Self.results(1))).lines
        #expect(lines[0] == "search> 不到账")
        #expect(lines.last!.hasPrefix("↑↓ select"))
    }

    @Test func aTinyWindowSaysSo() {
        let size = TerminalSize(rows: 3, columns: 15)
        let frame = Self.plain.frame(Self.state(results: Self.results(3), size: size))
        #expect(frame.lines == ["窗口太小", "", ""])
        #expect(frame.cursor == nil)
    }

    @Test func anArticleIsWrappedToTheWidthAndScrolls() {
        let size = TerminalSize(rows: 6, columns: 21)
        var state = Self.state(results: Self.results(1), size: size)
        let text = "\u{1B}[1m顾客说退款没到账怎么办\u{1B}[0m\n" + String(repeating: "钱要经过银行原路退回。", count: 6)
        state.open(ArticlePage(id: "guides/a", resultIndex: 0, text: text))
        var frame = Self.coloured.frame(state)
        expectFits(frame, size)
        #expect(frame.cursor == nil)
        // The bold title wraps onto two rows, each bold on its own.
        #expect(frame.lines[0] == "\u{1B}[1m顾客说退款没到账怎么\u{1B}[0m")
        #expect(frame.lines[1] == "\u{1B}[1m办\u{1B}[0m")
        #expect(frame.lines[5].contains("5/9  ↑↓ 滚动"))
        _ = state.handle(.text(" "))  // a page: the rows shown less one
        frame = Self.plain.frame(state)
        #expect(frame.lines[5].hasPrefix("9/9"))
        _ = state.handle(.down)  // at the end already
        #expect(Self.plain.frame(state) == frame)
        _ = state.handle(.text("g"))
        #expect(Self.plain.frame(state).lines[0].contains("顾客说退款没到账怎么"))
    }
}
