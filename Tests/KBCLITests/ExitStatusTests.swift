import Foundation
import Testing

/// `kb` run as a process: exit 0 with results, 1 with none or with content problems, 2 for usage
/// and index errors, each error a single `kb: …` line on standard error that says what to do.
@Suite struct ExitStatusTests {
    /// The one line a failing command prints on standard error.
    private func errorLine(_ result: ProcessResult, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.count == 1, "expected one error line, got: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "nothing on standard output: \(result.stdout)", sourceLocation: sourceLocation)
        return lines.first.map(String.init) ?? ""
    }

    @Test func searchExitsZeroWithResultsAndOneWithout() throws {
        let kb = try Sandbox()
        try kb.build()
        let found = try kb.kb("search", "信号不好")
        #expect(found.status == 0, "\(found)")
        #expect(found.stdout.contains("检查POS机的网络信号"))
        #expect(found.stdout.contains("content/fixes/check-signal.md"))

        let none = try kb.kb("search", "量子纠缠")
        #expect(none.status == 1, "\(none)")
        #expect(none.stdout.contains("No articles match \"量子纠缠\""))
        #expect(none.stderr.isEmpty)

        let noneJSON = try kb.kb("search", "--json", "量子纠缠")
        #expect(noneJSON.status == 1)
        #expect(noneJSON.stdout.contains("\"total\":0"))
    }

    @Test func emptyQueriesAreUsageErrors() throws {
        let kb = try Sandbox()
        try kb.build()
        for arguments in [["search"], ["search", ""], ["search", "   "], ["search", "\t", "\n"], ["search", "--json"]] {
            let result = try kb.spawn(arguments).wait()
            #expect(result.status == 2, "\(arguments): \(result)")
            #expect(errorLine(result) == "kb: nothing to search for: give a query, e.g. kb search 刷卡成功钱没到账")
        }
    }

    @Test func usageErrorsNameTheArgumentAndExitTwo() throws {
        let kb = try Sandbox()
        try kb.build()
        let cases: [([String], String)] = [
            (["search", "--limit", "0", "x"], "kb: --limit must be between 1 and 1000"),
            (["search", "--limit", "many", "x"], "'many'"),
            (["search", "--category", "nope", "x"], "'nope' is invalid for '--category <category>'"),
            (["search", "--product", "pos", "x"], "'pos' is invalid for '--product <product>'"),
            (["search", "--lang", "fr", "x"], "'fr' is invalid for '--lang <lang>'"),
            (["frobnicate"], "frobnicate"),
            (["build", "--wait", "soon"], "'soon'"),
        ]
        for (arguments, expected) in cases {
            let result = try kb.spawn(arguments).wait()
            #expect(result.status == 2, "\(arguments): \(result)")
            let line = errorLine(result)
            #expect(line.hasPrefix("kb: ") && line.contains(expected), "\(arguments): \(line)")
            #expect(line.hasSuffix("--help`)") || line.hasPrefix("kb: --limit must be"), "says where to look: \(line)")
        }
    }

    @Test func missingIndexSaysToRunBuild() throws {
        let kb = try Sandbox()
        let result = try kb.kb("search", "信号")
        #expect(result.status == 2, "\(result)")
        #expect(errorLine(result) == "kb: no index at \(kb.indexPath) yet: run `kb build` first")

        let show = try kb.kb("show", "causes/paper-out")
        #expect(show.status == 2)
        #expect(errorLine(show).hasSuffix("run `kb build` first"))
    }

    @Test func outsideAKnowledgeBaseSaysWhereToPoint() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("kb-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let process = try Subprocess(Paths.kb, arguments: [Array("build".utf8)], directory: empty.path)
        let result = process.wait()
        #expect(result.status == 2, "\(result)")
        #expect(errorLine(result).contains("no knowledge base here: no content/ folder in \(empty.path) or any parent (use --root DIR or set KB_ROOT)"))

        let explicit = try Subprocess(Paths.kb, arguments: ["build", "--root", empty.path].map { Array($0.utf8) }).wait()
        #expect(explicit.status == 2)
        #expect(errorLine(explicit) == "kb: \(empty.path) has no content/ folder: point --root at the folder that holds content/")
    }

    @Test func showPrintsAnArticleOrSaysItIsMissing() throws {
        let kb = try Sandbox()
        try kb.build()
        let shown = try kb.kb("show", "causes/paper-out")
        #expect(shown.status == 0, "\(shown)")
        #expect(shown.stdout.hasPrefix("打印纸用完或装反导致小票打不出来\n"))
        #expect(shown.stdout.contains("常见的三种情况"))
        #expect(shown.stdout.contains("• 纸用完了：纸卷末端通常有红色提示条"))

        let missing = try kb.kb("show", "causes/nothing")
        #expect(missing.status == 2)
        #expect(errorLine(missing) == "kb: no article `causes/nothing` in the index (run `kb build` if it was just added)")
    }

    @Test func checkExitsOneAndListsProblemsAsPathLine() throws {
        let kb = try Sandbox()
        let clean = try kb.kb("check")
        #expect(clean.status == 0, "\(clean)")
        #expect(clean.stderr == "kb check: checked 10 articles: 0 errors, 0 warnings\n")

        let text = try kb.read("content/causes/paper-out.md")
        try kb.write("content/causes/paper-out.md",
                     text.replacingOccurrences(of: "../fixes/replace-paper.md", with: "../fixes/replace-papers.md"))
        let expected = "content/causes/paper-out.md:25:10: error: link to `../fixes/replace-papers.md`: "
            + "there is no article `fixes/replace-papers` (did you mean `fixes/replace-paper`?)\n"
        let broken = try kb.kb("check")
        #expect(broken.status == 1, "\(broken)")
        #expect(broken.stderr == expected + "kb check: checked 10 articles: 1 error, 0 warnings\n")

        let build = try kb.kb("build")
        #expect(build.status == 1)
        #expect(build.stderr == "[1/3] reading content\n" + expected
                + "kb: build stopped: 1 error in content; the previous index and site are unchanged\n")
    }

    @Test func helpExitsZero() throws {
        let kb = try Sandbox()
        let help = try kb.kb("--help")
        #expect(help.status == 0)
        #expect(help.stdout.contains("SUBCOMMANDS"))
        let searchHelp = try kb.kb("search", "--help")
        #expect(searchHelp.status == 0)
        #expect(searchHelp.stdout.contains("Exit status: 0 with results, 1 with none, 2 for a usage or index error."))
    }
}
