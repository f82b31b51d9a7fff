import Foundation
import KBCore

/// When an article is due for review: `review_after_days` in kb.yml counted from its `updated`
/// date. "Today" is a parameter everywhere, so that checks and tests give the same answer on any
/// day they run; the command line takes it from `KB_TODAY` when set, else from the clock.
public enum Freshness {
    /// `YYYY-MM-DD`: the day `kb check` and `kb build` judge freshness on (tests pin it).
    public static let todayVariable = "KB_TODAY"

    /// True when more than `reviewAfterDays` days have passed since `updated`.
    public static func isStale(updated: Day, today: Day, reviewAfterDays: Int) -> Bool {
        today.days(since: updated) > reviewAfterDays
    }

    /// `KB_TODAY` when set, else the local calendar date of `now`.
    public static func today(environment: [String: String] = ProcessInfo.processInfo.environment,
                             now: Date = Date()) throws(FreshnessError) -> Day {
        if let text = environment[todayVariable], !text.isEmpty {
            guard let day = Day(iso: text) else { throw .invalidToday(text) }
            return day
        }
        return localDay(of: now)
    }

    /// The calendar date of `date` in the machine's time zone.
    public static func localDay(of date: Date) -> Day {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: .current, from: date)
        return Day(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1) ?? Day(year: 1970, month: 1, day: 1)!
    }

    /// The `kb check` warning for one article, or nil while it is fresh.
    static func warning(for article: Article, today: Day, reviewAfterDays: Int, at position: TextPosition) -> Diagnostic? {
        let updated = article.frontMatter.updated
        guard isStale(updated: updated, today: today, reviewAfterDays: reviewAfterDays) else { return nil }
        return .warning(position.location(in: article.sourcePath), .staleArticle,
                        "last updated \(updated), \(today.days(since: updated)) days before \(today): "
                            + "past `review_after_days` (\(reviewAfterDays)) in \(Configuration.fileName)",
                        hint: "check that the article is still right, then set `updated` to the day you checked it")
    }
}

public enum FreshnessError: Error, Equatable, CustomStringConvertible {
    case invalidToday(String)

    public var description: String {
        switch self {
        case let .invalidToday(text):
            "\(Freshness.todayVariable)=\(text) is not a date: write it as YYYY-MM-DD, or unset it to use today's date"
        }
    }
}
