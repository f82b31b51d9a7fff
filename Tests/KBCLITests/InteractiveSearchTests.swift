import Foundation
import Testing

/// `kb search -i` driven end to end in a tmux pane, as an agent uses it: Chinese typed in, results
/// as they come, arrows, the article, the reply; and the terminal given back as it was on every
/// way out (Tab, Esc, Ctrl-C, a signal). The fixture's 不到账 finds two articles.
@Suite struct InteractiveSearchTests {
    static let footer = "Esc 退出"
    static let articleFooter = "q/Esc 返回列表"

    /// A built copy of the fixture, and the titles `kb search --json` ranks for 不到账.
    private func fixture() throws -> (Sandbox, [String]) {
        let kb = try Sandbox(fixture: "site-kb")
        try kb.build()
        let result = try kb.kb("search", "--json", "--no-log", "不到账")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdoutBytes)) as? [String: Any], "\(result)")
        let titles = (object["results"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
        try #require(titles.count >= 2, "the fixture must answer 不到账 with two articles: \(result)")
        return (kb, titles)
    }

    /// A pane running `kb search -i` (with `arguments`), then reporting how it ended and the
    /// terminal's modes, then waiting: what the picker left behind stays readable.
    private func pane(_ kb: Sandbox, _ arguments: String = "", columns: Int = 100, rows: Int = 30, logGaps: Bool = false) throws -> TmuxPane {
        let script = """
            '\(Paths.kb)' search -i --lang zh \(logGaps ? "" : "--no-log") \(arguments)
            echo "EXIT=$?"
            stty -a
            echo "END"
            exec sleep 3600
            """
        return try TmuxPane(script: script, directory: kb.root, columns: columns, rows: rows)
    }

    /// After the picker ended: the main screen back, the cursor shown, the line discipline cooked
    /// again (stty prints `icanon` and `echo`, not `-icanon` and `-echo`).
    @discardableResult
    private func expectRestored(_ pane: TmuxPane, exit status: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let output = try pane.waitForOutput("the picker to end", sourceLocation: sourceLocation) { $0.contains("\nEND") }
        #expect(output.contains("EXIT=\(status)\n"), "exit status \(status): \(output)", sourceLocation: sourceLocation)
        let words = Set(output.split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "\n" }).map(String.init))
        for mode in ["icanon", "echo", "isig", "icrnl", "ixon"] {
            #expect(words.contains(mode) && !words.contains("-" + mode), "stty shows \(mode) on: \(output)", sourceLocation: sourceLocation)
        }
        #expect(try pane.display("#{alternate_on}") == "0", "back on the main screen", sourceLocation: sourceLocation)
        #expect(try pane.display("#{cursor_flag}") == "1", "the cursor is shown", sourceLocation: sourceLocation)
        return output
    }

    private static func selected(_ lines: [String]) -> String? { lines.first { $0.hasPrefix("> ") } }

    @Test func typeChooseReadAndPasteTheReply() throws {
        let (kb, titles) = try fixture()
        let pane = try pane(kb)
        try pane.waitFor("the picker's footer") { $0.contains { $0.contains(Self.footer) } }

        // Chinese typed in, one character too many, then Backspace: one whole character goes.
        try pane.type("不到账了")
        try pane.press("BSpace")
        var screen = try pane.waitFor("both results of 不到账") { lines in
            lines.first == "搜索> 不到账" && titles.prefix(2).allSatisfy { title in lines.contains { $0.contains(title) } }
        }
        #expect(Self.selected(screen)?.contains(titles[0]) == true, "\(screen)")
        // The cursor stands after 不到账, counted in columns: 搜索> is 6, each character 2.
        #expect(try pane.display("#{cursor_x},#{cursor_y}") == "12,0")

        try pane.press("Down")
        screen = try pane.waitFor("the second result selected") { Self.selected($0)?.contains(titles[1]) == true }

        // Enter shows the article full screen; q goes back to the list as it was.
        try pane.press("Enter")
        screen = try pane.waitFor("the article") { lines in
            lines.first == titles[1] && lines.contains { $0.contains(Self.articleFooter) }
        }
        try pane.press("q")
        screen = try pane.waitFor("the list again") { Self.selected($0)?.contains(titles[1]) == true }
        #expect(screen.first == "搜索> 不到账")

        // Tab prints the reply for the selected result, after the screen is back.
        try pane.press("Tab")
        let output = try expectRestored(pane, exit: 0)
        #expect(output.contains("【\(titles[1])】"), "\(output)")
        #expect(!output.contains("【\(titles[0])】"), "\(output)")
        #expect(output.contains("处理步骤：\n1. "), "\(output)")
    }

    @Test func ctrlCFromTheListRestoresTheTerminal() throws {
        let (kb, titles) = try fixture()
        let pane = try pane(kb)
        try pane.waitFor("the picker's footer") { $0.contains { $0.contains(Self.footer) } }
        try pane.type("不到账")
        try pane.waitFor("the results") { lines in lines.contains { $0.contains(titles[0]) } }
        try pane.press("C-c")
        let output = try expectRestored(pane, exit: 130)
        #expect(!output.contains("【"), "Ctrl-C prints no reply: \(output)")
    }

    @Test func escQuitsFromTheListAndCtrlDToo() throws {
        let (kb, titles) = try fixture()
        for key in ["Escape", "C-d"] {
            let pane = try pane(kb, "不到账")
            // The query given on the command line is searched at once.
            try pane.waitFor("the results of the initial query") { lines in
                lines.first == "搜索> 不到账" && lines.contains { $0.contains(titles[0]) }
            }
            try pane.press(key)
            try expectRestored(pane, exit: 0)
        }
    }

    /// Out of scope, the reply says so (as `--format reply` does) instead of pasting a near miss;
    /// and only the search the agent settled on goes to the gaps log, not each prefix on the way.
    @Test func anOutOfScopeReplyAndOnlyTheSettledSearchInTheGapsLog() throws {
        let (kb, _) = try fixture()
        let pane = try pane(kb, logGaps: true)
        try pane.waitFor("the picker's footer") { $0.contains { $0.contains(Self.footer) } }
        try pane.type("手续")
        try pane.waitFor("the results of 手续") { lines in lines.first == "搜索> 手续" && lines.contains { $0.contains("「手续」") } }
        try pane.type("费")
        try pane.waitFor("the out-of-scope notice") { lines in lines.contains { $0.contains("这里没有关于「手续费」的文章") } }
        try pane.press("Tab")
        let output = try expectRestored(pane, exit: 0)
        #expect(output.contains("这里没有关于「手续费」的文章：这类问题请直接问你的服务商"), "\(output)")
        let log = try kb.read(".kb/gaps.log").split(separator: "\n")
        #expect(log.count == 1 && log[0].hasSuffix("\t手续费"), "\(log)")
    }

    @Test func signalsEndThePickerWithTheTerminalRestored() throws {
        let (kb, _) = try fixture()
        for (signal, status) in [(SIGINT, 130), (SIGTERM, 143), (SIGHUP, 129)] {
            let pane = try pane(kb, "不到账")
            try pane.waitFor("the picker's footer") { $0.contains { $0.contains(Self.footer) } }
            let pids = try pane.descendants(named: "kb")
            try #require(pids.count == 1, "one kb under the pane's shell: \(pids)")
            kill(pids[0], signal)
            // Ended by the signal itself (the shell reports 128 + its number), once the terminal is back.
            try expectRestored(pane, exit: status)
        }
    }

    @Test func aResizedWindowIsDrawnAgainAtItsNewSize() throws {
        let (kb, titles) = try fixture()
        let pane = try pane(kb, "不到账", columns: 80, rows: 20)
        try pane.waitFor("the footer on row 20") { $0.count >= 20 && $0[19].contains(Self.footer) }
        try pane.resize(columns: 60, rows: 32)
        let screen = try pane.waitFor("the footer on row 32") { $0.count >= 32 && $0[31].contains(Self.footer) }
        #expect(screen.contains { $0.contains(titles[0]) })
        try pane.press("Escape")
        try expectRestored(pane, exit: 0)
    }

    @Test func refusesWhenStdinOrStdoutIsNotATerminal() throws {
        let kb = try Sandbox(fixture: "site-kb")
        try kb.build()
        // Standard input from /dev/null.
        let piped = try kb.kb("search", "-i", "不到账")
        #expect(piped.status == 2, "\(piped)")
        #expect(piped.stderr.contains("needs a terminal: stdin is not a TTY"), "\(piped)")
        #expect(piped.stdout.isEmpty, "nothing drawn: \(piped)")
        let long = try kb.kb("search", "--interactive")
        #expect(long.status == 2 && long.stderr.contains("stdin is not a TTY"), "\(long)")

        // A terminal for input, a file for output.
        let script = """
            '\(Paths.kb)' search -i 不到账 > out.txt 2> err.txt
            echo "EXIT=$?"
            echo "ERR=$(cat err.txt)"
            echo "OUT=$(wc -c < out.txt)"
            echo "END"
            exec sleep 3600
            """
        let pane = try TmuxPane(script: script, directory: kb.root)
        let output = try pane.waitForOutput("kb to refuse") { $0.contains("\nEND") }
        #expect(output.contains("EXIT=2\n"), "\(output)")
        #expect(output.contains("needs a terminal: stdout is not a TTY"), "\(output)")
        #expect(output.contains("OUT=0\n"), "\(output)")
    }

    @Test func interactiveCannotBeCombinedWithOtherFormats() throws {
        let kb = try Sandbox(fixture: "site-kb")
        for arguments in [["search", "-i", "--json"], ["search", "-i", "--format", "reply"], ["search", "-i", "--explain"]] {
            let result = try kb.spawn(arguments).wait()
            #expect(result.status == 2, "\(arguments): \(result)")
            #expect(result.stderr.contains("cannot be combined"), "\(arguments): \(result)")
        }
    }
}
