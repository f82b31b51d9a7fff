import Foundation
import Testing

/// `kb gaps --feedback FILE` on files exported from the site, and `kb check`'s freshness warnings
/// on the day `KB_TODAY` names, as an editor runs them.
@Suite struct FeedbackCLITests {
    static let exported = [
        #"{"id":"causes/paper-out","helpful":false,"reason":"incomplete","comment":"没说换哪种纸","time":"2026-12-01T09:00:00.120Z"}"#,
        #"{"id":"causes/paper-out","helpful":true,"time":"2026-12-01T09:05:00.000Z"}"#,
        #"{"id":"causes/paper-out","helpful":false,"reason":"unclear""#,
        #"{"id":"causes/paper-out","helpful":false,"reason":"incomplete","time":"2026-12-01T10:00:00.500Z"}"#,
        #"{"id":"causes/battery-low","helpful":false,"reason":"broken-link","comment":"\u001b]0;pwned\u0007链接打不开","time":"2026-12-02T08:00:00.000Z"}"#,
    ].joined(separator: "\n") + "\n"

    @Test func gapsReadsExportedFilesAndNamesEveryBrokenLine() throws {
        let kb = try Sandbox()
        try kb.build()
        try kb.write("votes.jsonl", Self.exported)
        try kb.write("more.jsonl", "[1,2]\n" + Self.exported.split(separator: "\n")[0] + "\n")

        let json = try kb.kb("gaps", "--json", "--feedback", "votes.jsonl", "--feedback", "more.jsonl")
        #expect(json.status == 0, "\(json)")
        #expect(json.stderr == """
            votes.jsonl:3: warning: not valid JSON: send one object such as {"id": "causes/network", "helpful": false, "reason": "unclear"} (line skipped)
            more.jsonl:1: warning: a vote is one JSON object with `id` and `helpful` (line skipped)

            """, "\(json.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let articles = try #require(report["articles"] as? [[String: Any]])
        // The first vote is in both files: one reader, counted once.
        #expect(articles.map { $0["id"] as? String } == ["causes/paper-out", "causes/battery-low"])
        #expect(articles[0]["not_helpful"] as? Int == 2 && articles[0]["helpful"] as? Int == 1)
        #expect(articles[0]["title"] as? String != nil)
        #expect((articles[0]["reasons"] as? [[String: Any]])?.first?["count"] as? Int == 2)
        let warnings = try #require(report["warnings"] as? [[String: Any]])
        #expect(warnings.map { "\($0["path"] ?? ""):\($0["line"] ?? "")" } == ["votes.jsonl:3", "more.jsonl:1"])
        #expect(report["searches"] as? [Any] != nil)

        // For a person: the comment's escape sequence never reaches the terminal.
        let text = try kb.spawn(["gaps", "--feedback", "votes.jsonl"], environment: ["NO_COLOR": "1"], output: .terminal).wait()
        #expect(text.status == 0, "\(text)")
        #expect(text.stdout.contains("causes/paper-out"))
        #expect(text.stdout.contains("没说换哪种纸"))
        #expect(text.stdout.contains("链接打不开"))
        #expect(!containsControlCharacters(text.stdoutBytes), "\(text.stdout)")

        let missing = try kb.kb("gaps", "--feedback", "nowhere.jsonl")
        #expect(missing.status == 2)
        #expect(missing.stderr == "kb: cannot read feedback file nowhere.jsonl: no such file\n")
    }

    @Test func checkWarnsAboutStaleArticlesOnTheDayGiven() throws {
        let kb = try Sandbox()
        try kb.write("kb.yml", try kb.read("kb.yml") + "review_after_days: 365\n")
        let article = try kb.read("content/causes/paper-out.md")
        let updated = try #require(article.split(separator: "\n").first { $0.hasPrefix("updated: ") })
        let line = article.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == updated }! + 1
        try kb.write("content/causes/paper-out.md", article.replacingOccurrences(of: String(updated), with: "updated: 2025-06-01"))

        let stale = try kb.kb("check", environment: ["KB_TODAY": "2026-12-02"])
        #expect(stale.status == 0, "a warning does not fail the check: \(stale)")
        #expect(stale.stderr.contains("content/causes/paper-out.md:\(line):10: warning: last updated 2025-06-01, 549 days before 2026-12-02: "
                                      + "past `review_after_days` (365) in kb.yml"), "\(stale.stderr)")
        let fresh = try kb.kb("check", environment: ["KB_TODAY": "2026-05-31"])
        #expect(!fresh.stderr.contains("last updated"), "\(fresh.stderr)")
        let json = try kb.kb("check", "--format", "json", environment: ["KB_TODAY": "2026-12-02"])
        #expect(json.stdout.contains(#""rule":"stale-article""#), "\(json.stdout)")

        let wrong = try kb.kb("check", environment: ["KB_TODAY": "02/12/2026"])
        #expect(wrong.status == 2)
        #expect(wrong.stderr == "kb: KB_TODAY=02/12/2026 is not a date: write it as YYYY-MM-DD, or unset it to use today's date\n")
    }
}
