import Foundation
import Testing

/// Colours only on a terminal and never with `NO_COLOR` or `TERM=dumb`; and whatever the content or
/// the query holds, no escape sequence of theirs reaches the terminal.
@Suite struct TerminalOutputTests {
    private static let escape: UInt8 = 0x1B

    @Test func pipedOutputHasNoEscapeCodes() throws {
        let kb = try Sandbox()
        try kb.build()
        for arguments in [["search", "信号不好"], ["search", "--explain", "小票打不出来"], ["search", "--format", "reply", "没电了"],
                          ["show", "guides/refund-not-received"], ["check"], ["build"], ["search", "量子纠缠"]] {
            let result = try kb.spawn(arguments).wait()
            #expect(result.status == 0 || result.status == 1, "\(arguments): \(result)")
            #expect(!result.stdoutBytes.contains(Self.escape), "\(arguments) stdout: \(result.stdout)")
            #expect(!result.stderrBytes.contains(Self.escape), "\(arguments) stderr: \(result.stderr)")
        }
        // Without colour, matches stay visible as brackets.
        let plain = try kb.kb("search", "信号不好")
        #expect(plain.stdout.contains("[信号不好]") || plain.stdout.contains("[信号]"))
    }

    @Test func terminalGetsColoursUnlessNoColorOrDumb() throws {
        let kb = try Sandbox()
        try kb.build()
        let coloured = try kb.spawn(["search", "信号不好"], output: .terminal).wait()
        #expect(coloured.status == 0, "\(coloured)")
        #expect(coloured.stdoutBytes.contains(Self.escape), "a terminal gets colours: \(coloured.stdout)")
        #expect(coloured.stdout.contains("\u{1B}[1;33m信号"), "matches are highlighted: \(coloured.stdout)")

        for environment in [["NO_COLOR": "1"], ["NO_COLOR": "yes"], ["TERM": "dumb"]] {
            for arguments in [["search", "信号不好"], ["show", "causes/paper-out"], ["search", "量子纠缠"]] {
                let result = try kb.spawn(arguments, environment: environment, output: .terminal).wait()
                #expect(result.status == 0 || result.status == 1, "\(environment) \(arguments): \(result)")
                #expect(!result.stdoutBytes.contains(Self.escape), "\(environment) \(arguments): \(result.stdout)")
            }
        }
    }

    /// Content with escape sequences and other controls: shown everywhere without them.
    @Test func escapeSequencesInContentNeverReachTheTerminal() throws {
        let kb = try Sandbox()
        let hostile = """
            ---
            title: "标题\\e]0;pwned\\a里有\\e[31m转义\\e[0m"
            category: fix
            products: [e-sign]
            symptoms: ["症状\\e[2J清屏"]
            summary: "摘要\\x1b[5m闪烁\\x9b31m\\u202e反向"
            tags: ["\\e[8m标签"]
            updated: 2026-10-08
            ---

            正文\u{1B}[41m红底\u{1B}[0m信号不好，\u{07}响铃\u{9B}1m。

            ## 小节\u{1B}[1m标题

            | 列\u{1B}[7m | 值 |
            |---|---|
            | \u{1B}[31m红 | 信号 |

            - 列表\u{1B}]8;;http://x\u{07}链接\u{1B}]8;;\u{07}

            ```
            代码\u{1B}[2K块
            ```
            """
        try kb.write("content/fixes/escapes.md", hostile)
        let build = try kb.kb("build", "--no-site")
        #expect(build.status == 0, "\(build)")
        #expect(!build.stderrBytes.contains(Self.escape), "\(build.stderr)")

        for output in [Subprocess.Output.files, .terminal] {
            for arguments in [["search", "信号不好"], ["search", "--explain", "红底"], ["search", "--format", "reply", "红底 信号不好"],
                              ["show", "fixes/escapes"], ["search", "症状清屏"]] {
                let result = try kb.spawn(arguments, environment: output == .terminal ? [:] : ["NO_COLOR": "1"], output: output).wait()
                #expect(result.status == 0, "\(arguments): \(result)")
                let shown = result.stdout
                if arguments[0] == "show" {
                    #expect(shown.contains("标题]0;pwned里有[31m转义[0m"), "text kept, controls dropped: \(shown)")
                }
                for forbidden in ["\u{1B}]", "\u{1B}[31m", "\u{1B}[2J", "\u{1B}[5m", "\u{1B}[41m", "\u{07}", "\u{9B}", "\u{202E}",
                                  "\u{1B}[8m", "\u{1B}[2K", "\u{1B}[7m"] {
                    #expect(!shown.contains(forbidden), "\(arguments) on \(output) leaks \(forbidden.unicodeScalars.map { String($0.value, radix: 16) })")
                }
                #expect(!result.stderrBytes.contains(Self.escape))
            }
        }
        // JSON carries the text as data: controls are escaped by the encoder, never raw.
        let json = try kb.kb("search", "--json", "红底")
        #expect(json.status == 0)
        #expect(!containsControlCharacters(json.stdoutBytes.filter { $0 != 0x0A }), "\(json.stdout)")
    }

    /// A file name is content too: diagnostics that quote it must not pass its controls on.
    @Test func escapeSequencesInFileNamesNeverReachTheTerminal() throws {
        let kb = try Sandbox()
        try kb.write("content/fixes/\u{1B}]0;pwned\u{07}\u{1B}[31mred.md", try kb.read("content/fixes/charge-device.md"))
        try kb.write("content/\u{1B}[2Jloose.md", "no front matter")
        for arguments in [["check"], ["build"], ["check", "--format", "json"]] {
            let result = try kb.spawn(arguments, environment: ["NO_COLOR": "1"], output: .terminal).wait()
            #expect(result.status == 1, "\(arguments): \(result)")
            #expect(!containsControlCharacters(result.stdoutBytes), "\(arguments): \(result.stdout)")
            #expect(!containsControlCharacters(result.stderrBytes), "\(arguments): \(result.stderr)")
            if arguments == ["check"] {
                #expect(result.stderr.contains("content/fixes/]0;pwned[31mred.md:1:1: error: article id `fixes/]0;pwned[31mred`"),
                        "\(result.stderr)")
            }
        }
    }

    /// Arguments with escape sequences are echoed in messages without them.
    @Test func escapeSequencesInArgumentsNeverReachTheTerminal() throws {
        let kb = try Sandbox()
        try kb.build()
        let cases: [[String]] = [
            ["search", "\u{1B}[31m信号\u{1B}]0;title\u{07}"],
            ["search", "\u{1B}[2J量子纠缠"],
            ["search", "--json", "\u{1B}[2J信号"],
            ["show", "\u{1B}[31mcauses/x\u{9B}2J"],
            ["search", "--category", "\u{1B}[31mnope", "x"],
            ["search", "--format", "reply", "\u{1B}[2J量子纠缠"],
            ["\u{1B}[2Jfrob"],
        ]
        for arguments in cases {
            for output in [Subprocess.Output.files, .terminal] {
                let result = try kb.spawn(arguments, environment: ["NO_COLOR": "1"], output: output).wait()
                #expect(result.status != nil, "\(arguments): \(result)")
                #expect(!containsControlCharacters(result.stdoutBytes), "\(arguments) stdout: \(result.stdout)")
                #expect(!containsControlCharacters(result.stderrBytes), "\(arguments) stderr: \(result.stderr)")
            }
        }
    }
}
