import Foundation
import Testing

/// `kb search` command lines of the common shape are read without ArgumentParser (start-up); every
/// other one goes to it. Both readings must behave the same: output, messages, exit statuses.
@Suite struct SearchFastPathTests {
    /// The same command line written so that ArgumentParser reads it: `--name=value` is not on the
    /// fast path.
    private func parserForm(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var rest = arguments.makeIterator()
        while let argument = rest.next() {
            if ["--root", "--db", "--lang", "--limit", "--category", "--product", "--format"].contains(argument),
               let value = rest.next() {
                result.append("\(argument)=\(value)")
            } else {
                result.append(argument)
            }
        }
        return result
    }

    /// Output without the search's own duration, which differs between any two runs.
    private func timeless(_ output: String) throws -> String {
        output.replacing(try Regex(#""took_ms":[0-9.]+"#), with: "\"took_ms\":0")
            .replacing(try Regex(#"[0-9.]+ ?(ms|毫秒)"#), with: "0 ms")
    }

    @Test func bothReadingsAnswerAlike() throws {
        let kb = try Sandbox()
        try kb.build()
        let cases: [[String]] = [
            ["search", "信号不好"],
            ["search", "--json", "小票打不出来"],
            ["search", "--json", "--explain", "--limit", "3", "退钱"],
            ["search", "--format", "reply", "换纸步骤"],
            ["search", "--lang", "zh", "--category", "fix", "打印"],
            ["search", "--product", "e-sign", "--json", "电量不足"],
            ["search", "信号", "--json", "不好"],  // options after query words
            ["search", "--root", kb.root.path, "--json", "电量不足"],
            ["search", "--db", kb.indexPath, "--no-log", "--json", "SIM卡停机"],
            ["search", "--json", "量子纠缠"],  // nothing found: exit 1
            ["search", "--json"],  // nothing to search for: exit 2
            ["search", "--root", kb.root.appendingPathComponent("missing").path, "x"],
            ["search", "--db", kb.root.appendingPathComponent("missing.sqlite").path, "x"],
            ["search", "help"],
        ]
        for arguments in cases {
            let fast = try kb.spawn(arguments + ["--no-log"].filter { _ in !arguments.contains("--no-log") }).wait()
            let parsed = try kb.spawn(parserForm(arguments) + ["--no-log"].filter { _ in !arguments.contains("--no-log") }).wait()
            #expect(fast.status == parsed.status, "\(arguments): \(fast) / \(parsed)")
            #expect(try timeless(fast.stdout) == timeless(parsed.stdout), "\(arguments)")
            #expect(fast.stderr == parsed.stderr, "\(arguments)")
        }
    }

    /// Help, `-i` and anything the fast path does not accept keep ArgumentParser's messages.
    @Test func unusualCommandLinesKeepTheParsersMessages() throws {
        let kb = try Sandbox()
        try kb.build()
        let cases: [([String], String)] = [
            (["search", "--limit", "1001", "x"], "kb: --limit must be between 1 and 1000"),
            (["search", "--limit", "-1", "x"], "kb: "),
            (["search", "--root"], "(see `kb search --help`)"),
            (["search", "--frobnicate", "x"], "(see `kb search --help`)"),
            (["search", "-x", "x"], "(see `kb search --help`)"),
        ]
        for (arguments, expected) in cases {
            let result = try kb.spawn(arguments).wait()
            #expect(result.status == 2, "\(arguments): \(result)")
            #expect(result.stderr.hasPrefix("kb: ") && result.stderr.contains(expected), "\(arguments): \(result.stderr)")
        }
        let help = try kb.kb("search", "--help")
        #expect(help.status == 0 && help.stdout.contains("USAGE: kb search"), "\(help)")
        #expect(!(try kb.kb("--help")).stdout.contains("--version"), "kb --help is unchanged")
    }

    @Test func versionPrintsOneLine() throws {
        let kb = try Sandbox()
        let version = try kb.kb("--version")
        #expect(version.status == 0 && version.stderr.isEmpty, "\(version)")
        #expect(version.stdout.hasPrefix("kb ") && version.stdout.split(separator: "\n").count == 1, "\(version.stdout)")
    }
}
