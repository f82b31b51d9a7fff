import Foundation
import KBCore
import Testing
@testable import KBWorkspace

/// `review_after_days`: counting days, the rule, where "today" comes from, and `kb check`'s warning.
/// Every test names its "today": none depends on the day it runs.
@Suite struct FreshnessTests {
    static func day(_ text: String) -> Day { Day(iso: text)! }

    @Test(arguments: [("1970-01-01", 0), ("1969-12-31", -1), ("2000-03-01", 11017), ("2024-02-29", 19782),
                      ("2026-12-02", 20789), ("0001-01-01", -719_162), ("9999-12-31", 2_932_896)])
    func daysSinceEpochMatchTheCalendar(_ text: String, _ expected: Int) {
        #expect(Self.day(text).daysSinceEpoch == expected)
    }

    /// Stale strictly after the limit: 365 days after the update is the last fresh day. The browser
    /// (site/assets/freshness.js) applies the same rule; Tests/Browser checks it with these dates.
    @Test func staleOnlyAfterTheLimit() {
        #expect(!Freshness.isStale(updated: Self.day("2026-01-01"), today: Self.day("2027-01-01"), reviewAfterDays: 365))
        #expect(Freshness.isStale(updated: Self.day("2026-01-01"), today: Self.day("2027-01-02"), reviewAfterDays: 365))
        #expect(!Freshness.isStale(updated: Self.day("2024-02-28"), today: Self.day("2024-03-01"), reviewAfterDays: 2))
        #expect(Freshness.isStale(updated: Self.day("2024-02-28"), today: Self.day("2024-03-01"), reviewAfterDays: 1))
        // An article dated after "today" is not stale.
        #expect(!Freshness.isStale(updated: Self.day("2030-01-01"), today: Self.day("2026-12-02"), reviewAfterDays: 1))
    }

    @Test func todayComesFromKBTodayOrTheClock() throws {
        #expect(try Freshness.today(environment: ["KB_TODAY": "2031-07-04"]) == Self.day("2031-07-04"))
        #expect(throws: FreshnessError.invalidToday("tomorrow")) { try Freshness.today(environment: ["KB_TODAY": "tomorrow"]) }
        #expect(throws: FreshnessError.invalidToday("2026-02-30")) { try Freshness.today(environment: ["KB_TODAY": "2026-02-30"]) }
        let noon = Date(timeIntervalSince1970: 20789 * 86400 + 12 * 3600)  // 2026-12-02 12:00 UTC
        let local = Freshness.localDay(of: noon)
        #expect(abs(local.days(since: Self.day("2026-12-02"))) <= 1, "the local date of a UTC noon is that day, give or take the zone")
        #expect(try Freshness.today(environment: [:], now: noon) == local)
    }

    @Test func reviewAfterDaysIsReadFromKBYml() {
        #expect(Configuration.parse("review_after_days: 365\n").0.reviewAfterDays == 365)
        #expect(Configuration.parse("site:\n  title: x\n").0.reviewAfterDays == nil)
        for (text, column) in [("review_after_days: a year\n", 20), ("review_after_days: \"365\"\n", 20),
                               ("review_after_days: 0\n", 20), ("review_after_days: -5\n", 20),
                               ("review_after_days: 1.5\n", 20), ("review_after_days: [365]\n", 20)] {
            let (configuration, diagnostics) = Configuration.parse(text)
            #expect(configuration.reviewAfterDays == nil, "\(text)")
            #expect(diagnostics.map(\.description) == [
                "kb.yml:1:\(column): error: `review_after_days` must be a whole number of days from 1 to 36500 "
                    + "(for example `review_after_days: 365`, or remove it to never warn)",
            ], "\(text)")
        }
    }

    /// `kb check` warns at the `updated` line of each article past the limit, on the day it is given.
    @Test func checkWarnsAboutArticlesPastTheLimit() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-fresh-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        func write(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        func article(_ title: String, updated: String) -> String {
            "---\ntitle: \(title)\ncategory: fix\nproducts: [e-sign]\nsymptoms:\n  - \(title)了\nsummary: \(title)。\n"
                + "updated: \(updated)\n---\n\n\(title)时先重启机器。\n"
        }
        try write("kb.yml", "review_after_days: 30\n")
        try write("content/fixes/old.md", article("机器卡住", updated: "2026-01-10"))
        try write("content/fixes/recent.md", article("屏幕不亮", updated: "2026-11-25"))
        let base = KnowledgeBase(root: root)

        let report = try Builder.check(base, today: Self.day("2026-12-02"))
        #expect(report.diagnostics.map(\.description) == [
            "content/fixes/old.md:8:10: warning: last updated 2026-01-10, 326 days before 2026-12-02: past `review_after_days` (30) "
                + "in kb.yml (check that the article is still right, then set `updated` to the day you checked it)",
        ])
        #expect(report.diagnostics.first?.rule == "stale-article")
        // 31 days after the recent one's update both are due; 30 days after the old one's, neither.
        #expect(try Builder.check(base, today: Self.day("2026-12-26")).diagnostics.count == 2)
        #expect(try Builder.check(base, today: Self.day("2026-02-09")).diagnostics.isEmpty)
        // Without the setting nothing is ever due.
        try write("kb.yml", "site:\n  title: 没有复查期限\n")
        #expect(try Builder.check(base, today: Self.day("2099-01-01")).diagnostics.isEmpty)
    }
}
