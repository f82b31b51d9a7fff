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

    /// Content with escape sequences is refused by the build (see HostileContentTests); content may
    /// hold invisible formatting characters (bidirectional overrides, line separators) that can
    /// disguise text in a terminal: shown everywhere without them.
    @Test func invisibleFormattingInContentNeverReachesTheTerminal() throws {
        let kb = try Sandbox()
        let hostile = """
            ---
            title: 标题\u{202E}反向\u{202C}和\u{2066}隔离\u{2069}
            category: fix
            products: [e-sign]
            symptoms: [症状\u{202D}覆盖]
            summary: 摘要\u{202D}覆盖
            updated: 2026-10-08
            ---

            正文\u{202E}红底\u{202C}信号不好，\u{2067}响铃\u{2069}\u{2028}换行\u{2029}分段。

            ## 小节\u{202B}标题

            | 列\u{2028} | 值 |
            |---|---|
            | 红\u{202A} | 信号 |
            """
        try kb.write("content/fixes/invisible.md", hostile)
        let build = try kb.kb("build", "--no-site")
        #expect(build.status == 0, "\(build)")

        for output in [Subprocess.Output.files, .terminal] {
            for arguments in [["search", "信号不好"], ["search", "--explain", "红底"], ["search", "--format", "reply", "红底 信号不好"],
                              ["show", "fixes/invisible"], ["search", "症状覆盖"]] {
                let result = try kb.spawn(arguments, output: output).wait()
                #expect(result.status == 0, "\(arguments): \(result)")
                for forbidden in ["\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2069}",
                                  "\u{2028}", "\u{2029}"] {
                    #expect(!result.stdout.contains(forbidden), "\(arguments) on \(output) leaks U+\(String(forbidden.unicodeScalars.first!.value, radix: 16))")
                }
                if arguments[0] == "show" { #expect(result.stdout.contains("标题反向和隔离"), "\(result.stdout)") }
            }
        }
        // JSON carries the text as data, with these characters escaped.
        let json = try kb.kb("search", "--json", "红底")
        #expect(json.status == 0)
        #expect(json.stdout.contains("\\u202e") && !json.stdout.contains("\u{202E}"), "\(json.stdout)")
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

    /// Every JSON output escapes what the terminal must not get raw: a file name or a logged query
    /// with a bidirectional override or a C1 control comes out as `\uXXXX`.
    @Test func jsonOutputsEscapeInvisibleControls() throws {
        let kb = try Sandbox()
        try kb.write("content/fixes/\u{202E}\u{9B}bad.md", "no front matter")
        let check = try kb.kb("check", "--format", "json")
        #expect(check.status == 1, "\(check)")
        #expect(check.stdout.contains("\\u202e\\u009b"), "\(check.stdout)")
        #expect(!check.stdout.contains("\u{202E}") && !containsControlCharacters(check.stdoutBytes), "\(check.stdout)")

        try kb.remove("content/fixes/\u{202E}\u{9B}bad.md")
        try kb.build()
        _ = try kb.kb("search", "量子\u{202E}纠缠\u{9B}")
        let gaps = try kb.kb("gaps", "--json")
        #expect(gaps.status == 0, "\(gaps)")
        #expect(gaps.stdout.contains("量子\\u202e纠缠\\u009b"), "\(gaps.stdout)")
        #expect(!gaps.stdout.contains("\u{202E}") && !containsControlCharacters(gaps.stdoutBytes), "\(gaps.stdout)")
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
