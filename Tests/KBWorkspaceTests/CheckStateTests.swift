import Foundation
import KBCore
import Testing
@testable import KBWorkspace

/// The content checks' results kept per article between builds (`CheckState`): reused only for
/// an article whose bytes and dependencies are the same, in the same context; a build that reuses
/// them reports what a build from scratch reports.
@Suite struct CheckStateTests {
    static let symptom = "信号不好钱没到"

    @Test func encodingRoundTrips() throws {
        var state = CheckState(context: "ctx")
        let diagnostics: [Diagnostic] = [.warning(SourceLocation(path: "content/a.md", line: 3, column: 5), CheckRule.duplicateSymptom,
                                                  "symptom `x` is also listed by `b`", hint: "keep one")]
        state.entries = [
            (ArticleID("causes/a"), CheckState.Entry(contentHash: "h1", titleKey: "标题\n:9:", symptomKeys: ["a", "", "12:b"],
                                                     dependency: "d1", diagnostics: DiagnosticLines.encode(diagnostics)!)),
            (ArticleID("fixes/b"), CheckState.Entry(contentHash: "h2", titleKey: "", symptomKeys: [], dependency: "d2", diagnostics: [])),
        ]
        let bytes = state.encoded()
        let decoded = try #require(CheckState.decode(bytes, context: "ctx"))
        #expect(decoded == state)
        #expect(DiagnosticLines.decode(decoded.entries[0].entry.diagnostics[...]) == diagnostics)
        #expect(CheckState.decode(bytes, context: "another kb or day") == nil, "another context: not used")
        #expect(CheckState.decode(Array(bytes.dropLast()), context: "ctx") == nil, "cut short: not used")
        #expect(CheckState.decode(Array("kb-checks 0\n3:ctx".utf8), context: "ctx") == nil, "another format: not used")
    }

    /// A copy of the knowledge base's content and kb.yml, built from scratch.
    static func scratchDiagnostics(of kb: FixtureBase) throws -> [Diagnostic] {
        let scratch = try FixtureBase("site-kb")
        try FileManager.default.removeItem(at: scratch.root)
        try FileManager.default.createDirectory(at: scratch.root, withIntermediateDirectories: true)
        for item in ["content", "kb.yml"] { try FileManager.default.copyItem(at: kb.url(item), to: scratch.url(item)) }
        return try scratch.build(full: true).diagnostics
    }

    static func duplicates(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.filter { $0.rule == CheckRule.duplicateSymptom.rawValue || $0.rule == CheckRule.duplicateTitle.rawValue }
            .map { "\($0.location.path) \($0.message)" }
    }

    /// Edits that change which article first holds a title or symptom change the warnings of
    /// articles that were not edited; each incremental build reports what a build from scratch does.
    @Test func editsOfOneArticleChangeOthersWarnings() throws {
        let kb = try FixtureBase("site-kb")
        try kb.build()
        let holder = "content/causes/network.md"
        let changes: [(String, (FixtureBase) throws -> Void, [String])] = [
            ("a second article lists the symptom",
             { try $0.edit("content/fixes/check-network.md", replacing: "symptoms:\n", with: "symptoms:\n  - \(Self.symptom)\n") },
             ["content/fixes/check-network.md symptom `\(Self.symptom)` is also listed by `causes/network`"]),
            ("an earlier article takes it over",
             { try $0.write("content/causes/aaa-first.md", try $0.read(holder).replacingOccurrences(of: "title: ", with: "title: 另一篇")) },
             ["content/causes/network.md symptom `\(Self.symptom)` is also listed by `causes/aaa-first`",
              "content/fixes/check-network.md symptom `\(Self.symptom)` is also listed by `causes/aaa-first`"]),
            ("the holder drops it",
             { try $0.edit("content/causes/aaa-first.md", replacing: "  - \(Self.symptom)\n", with: "  - 另一个症状\n") },
             ["content/fixes/check-network.md symptom `\(Self.symptom)` is also listed by `causes/network`"]),
            ("a title made equal to an earlier one",
             { try $0.edit("content/causes/aaa-first.md", replacing: "title: 另一篇", with: "title: ") },
             ["content/causes/network.md the title `网络信号不好导致不到账` is also the title of `causes/aaa-first`",
              "content/fixes/check-network.md symptom `\(Self.symptom)` is also listed by `causes/network`"]),
            ("the earlier article deleted",
             { try $0.remove("content/causes/aaa-first.md") },
             ["content/fixes/check-network.md symptom `\(Self.symptom)` is also listed by `causes/network`"]),
            ("listed twice by one article",
             { try $0.edit("content/fixes/check-network.md", replacing: "  - \(Self.symptom)\n", with: "  - \(Self.symptom)\n  - \(Self.symptom)\n") },
             ["content/fixes/check-network.md symptom `\(Self.symptom)` is also listed by `causes/network`",
              "content/fixes/check-network.md symptom `\(Self.symptom)` is also listed by `causes/network`"]),
        ]
        for (name, change, expected) in changes {
            try change(kb)
            let built = try kb.build().diagnostics
            #expect(Set(Self.duplicates(built)) == Set(expected), "\(name)")
            #expect(built == (try Self.scratchDiagnostics(of: kb)), "\(name): as a build from scratch")
        }
    }

    /// Kept results are used (a tampered message shows it), but not by a build with other settings
    /// (another kb program changes them too), another day, or `--full`.
    @Test func keptResultsAreUsedOnlyInTheirContext() throws {
        let kb = try FixtureBase("site-kb")
        try kb.edit("content/fixes/check-network.md", replacing: "symptoms:\n", with: "symptoms:\n  - \(Self.symptom)\n")
        try kb.build()
        let path = CheckState.path(for: kb.base)
        func tamper() throws {
            let text = try #require(String(data: try Data(contentsOf: URL(fileURLWithPath: path)), encoding: .utf8))
            // A reused entry keeps its bytes: after a build that reused it, it is still tampered.
            #expect(text.contains("is also listed by") || text.contains("IS ALSO LISTED BY"))
            // The same length: the file's fields are length-prefixed.
            try Data(text.replacingOccurrences(of: "is also listed by", with: "IS ALSO LISTED BY").utf8)
                .write(to: URL(fileURLWithPath: path))
        }
        func tampered(_ report: BuildReport) -> Bool { report.diagnostics.contains { $0.message.contains("IS ALSO LISTED BY") } }

        try tamper()
        try kb.edit("content/causes/escaping.md", replacing: "\n## ", with: "\n补充一句。\n\n## ")  // another article
        #expect(tampered(try kb.build()), "an unchanged article's kept warnings are reused")

        try tamper()
        try kb.edit("kb.yml", replacing: "365", with: "366")
        #expect(!tampered(try kb.build()), "other settings: every check runs")

        try tamper()
        try kb.edit("content/causes/escaping.md", replacing: "补充一句。", with: "补充两句。")
        #expect(!tampered(try Builder.build(kb.base, options: BuildOptions(site: false, today: Day(iso: "2027-01-02")!))),
                "another day: every check runs")

        try tamper()
        #expect(!tampered(try kb.build(full: true)), "--full runs every check")

        // An edit of the warned article itself is checked again.
        try tamper()
        try kb.edit("content/fixes/check-network.md", replacing: "\n## ", with: "\n补充一句。\n\n## ")
        #expect(!tampered(try kb.build()))
    }

    @Test func anUnreadableStateIsIgnored() throws {
        let kb = try FixtureBase("site-kb")
        try kb.edit("content/fixes/check-network.md", replacing: "symptoms:\n", with: "symptoms:\n  - \(Self.symptom)\n")
        let first = try kb.build().diagnostics
        try Data("kb-checks 1\n999999:garbage".utf8).write(to: URL(fileURLWithPath: CheckState.path(for: kb.base)))
        try kb.edit("content/causes/escaping.md", replacing: "\n## ", with: "\n补充一句。\n\n## ")
        #expect(try kb.build().diagnostics == first)
        #expect(CheckState.read(kb.base, context: "x") == nil)
    }
}
