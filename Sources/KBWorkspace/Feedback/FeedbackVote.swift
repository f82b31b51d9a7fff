import Foundation
import KBCore

/// Why an article did not help, as the article page offers it. The raw values travel in votes; the
/// Chinese labels live in `site/templates/article.mustache` and, for the terminal, in `Labels`.
public enum FeedbackReason: String, CaseIterable, Codable, Sendable, Comparable {
    case incomplete          // 信息不全
    case incorrect           // 内容有误
    case unclear             // 看不懂
    case brokenLink = "broken-link"  // 链接失效
    case other               // 其他

    public static func < (lhs: FeedbackReason, rhs: FeedbackReason) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One reader's answer to "这篇文章解决你的问题了吗？": posted to `kb serve` (`POST /api/feedback`)
/// or kept in the browser and exported, one JSON object per line in either case.
public struct FeedbackVote: Codable, Equatable, Hashable, Sendable {
    public var id: ArticleID
    public var helpful: Bool
    /// Required with a "no", absent with a "yes".
    public var reason: FeedbackReason?
    public var comment: String?
    /// The search that led the reader to the article, when the vote follows one (the site keeps
    /// it from the click on a result): what `Tools/gen_query_model.py --feedback` learns from.
    public var query: String?
    /// When it was cast, ISO 8601 in UTC (`2026-12-02T08:30:00Z`, milliseconds allowed).
    public var time: String?

    /// A request body or a line of a feedback file above this is refused unread.
    public static let maxBytes = 4096
    /// Comments are a sentence or two; the page's text box stops at the same length.
    public static let maxCommentCharacters = 500
    public static let maxIDCharacters = 200
    /// A query is what a search box takes; anything longer is not one.
    public static let maxQueryCharacters = 200

    public init(id: ArticleID, helpful: Bool, reason: FeedbackReason? = nil, comment: String? = nil,
                query: String? = nil, time: String? = nil) {
        self.id = id
        self.helpful = helpful
        self.reason = reason
        self.comment = comment
        self.query = query
        self.time = time
    }

    /// What may come in: a posted vote carries no time (the server stamps it); a line of a log or
    /// an exported file does.
    public enum Source: Sendable {
        case request, file

        var fields: [String] {
            switch self {
            case .request: ["id", "helpful", "reason", "comment", "query"]
            case .file: ["id", "helpful", "reason", "comment", "query", "time"]
            }
        }
    }

    /// Reads and validates one vote. `known`, when given, holds the ids of the articles that exist.
    public static func decode(_ data: Data, from source: Source, known: Set<ArticleID>? = nil) throws(FeedbackProblem) -> FeedbackVote {
        guard data.count <= maxBytes else { throw .tooLarge(bytes: data.count) }
        let fields: [String: JSONScalar]
        do {
            fields = try JSONDecoder().decode([String: JSONScalar].self, from: data)
        } catch DecodingError.typeMismatch {
            throw .notAnObject
        } catch {
            throw .invalidJSON
        }
        if let unknown = fields.keys.sorted().first(where: { !source.fields.contains($0) }) {
            throw .unknownField(String(unknown.prefix(40)))
        }

        guard let rawID = fields["id"], rawID != .null else { throw .missing("id") }
        guard case let .string(idText) = rawID else { throw .wrongType(field: "id", expected: "an article id in quotes") }
        let id = ArticleID(idText)
        guard idText.count <= maxIDCharacters, id.isWellFormed else { throw .invalidID(String(idText.prefix(80))) }
        if let known, !known.contains(id) { throw .unknownArticle(id) }

        guard let rawHelpful = fields["helpful"], rawHelpful != .null else { throw .missing("helpful") }
        guard case let .bool(helpful) = rawHelpful else { throw .wrongType(field: "helpful", expected: "true or false") }

        var reason: FeedbackReason?
        switch fields["reason"] ?? .null {
        case .null, .string(""): reason = nil
        case let .string(text):
            guard let known = FeedbackReason(rawValue: text) else { throw .unknownReason(String(text.prefix(40))) }
            reason = known
        default: throw .wrongType(field: "reason", expected: "one of " + FeedbackReason.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if helpful && reason != nil { throw .reasonWithYes }
        if !helpful && reason == nil { throw .reasonMissing }

        let comment = try optionalText(fields["comment"], field: "comment", limit: maxCommentCharacters) {
            .commentTooLong(characters: $0)
        }
        let query = try optionalText(fields["query"], field: "query", limit: maxQueryCharacters) {
            .queryTooLong(characters: $0)
        }

        var time: String?
        switch fields["time"] ?? .null {
        case .null: time = nil
        case let .string(text):
            guard FeedbackClock.date(from: text) != nil else { throw .invalidTime(String(text.prefix(40))) }
            time = text
        default: throw .wrongType(field: "time", expected: "an ISO 8601 time in quotes")
        }
        return FeedbackVote(id: id, helpful: helpful, reason: reason, comment: comment, query: query, time: time)
    }

    /// An optional text field, trimmed: absent, null or blank is nil; longer than `limit`
    /// characters is refused with `tooLong`.
    private static func optionalText(_ value: JSONScalar?, field: String, limit: Int,
                                     tooLong: (Int) -> FeedbackProblem) throws(FeedbackProblem) -> String? {
        switch value ?? .null {
        case .null: return nil
        case let .string(text):
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard trimmed.count <= limit else { throw tooLong(trimmed.count) }
            return trimmed.isEmpty ? nil : trimmed
        default: throw .wrongType(field: field, expected: "text")
        }
    }

    /// The vote as one line of JSON, keys sorted. `<`, `>` and `&` are written as `\u003c`… so that
    /// the line stays inert wherever it is pasted, a page included.
    public func jsonLine() throws -> String {
        try ToolJSON.encode(self).replacingOccurrences(of: "<", with: "\\u003c")
            .replacingOccurrences(of: ">", with: "\\u003e").replacingOccurrences(of: "&", with: "\\u0026")
    }
}

/// Why a vote was refused, naming the field at fault.
public enum FeedbackProblem: Error, Equatable, Sendable, CustomStringConvertible {
    case tooLarge(bytes: Int)
    case invalidJSON
    case notAnObject
    case unknownField(String)
    case missing(String)
    case wrongType(field: String, expected: String)
    case invalidID(String)
    case unknownArticle(ArticleID)
    case unknownReason(String)
    case reasonWithYes
    case reasonMissing
    case commentTooLong(characters: Int)
    case queryTooLong(characters: Int)
    case invalidTime(String)

    public var description: String {
        switch self {
        case let .tooLarge(bytes):
            "a vote is at most \(FeedbackVote.maxBytes) bytes; this one has \(bytes)"
        case .invalidJSON:
            "not valid JSON: send one object such as {\"id\": \"causes/network\", \"helpful\": false, \"reason\": \"unclear\"}"
        case .notAnObject:
            "a vote is one JSON object with `id` and `helpful`"
        case let .unknownField(name):
            "unknown field `\(name)`: a vote has id, helpful, reason and comment"
        case let .missing(field):
            "`\(field)` is missing"
        case let .wrongType(field, expected):
            "`\(field)` must be \(expected)"
        case let .invalidID(text):
            "`\(text)` is not an article id (lowercase letters, digits and hyphens, e.g. causes/network)"
        case let .unknownArticle(id):
            "there is no article `\(id)`"
        case let .unknownReason(text):
            "`\(text)` is not a reason: use one of " + FeedbackReason.allCases.map(\.rawValue).joined(separator: ", ")
        case .reasonWithYes:
            "a reason goes with a \"no\" only (helpful: false)"
        case .reasonMissing:
            "a \"no\" needs a reason: one of " + FeedbackReason.allCases.map(\.rawValue).joined(separator: ", ")
        case let .commentTooLong(characters):
            "the comment has \(characters) characters; at most \(FeedbackVote.maxCommentCharacters)"
        case let .queryTooLong(characters):
            "the query has \(characters) characters; at most \(FeedbackVote.maxQueryCharacters)"
        case let .invalidTime(text):
            "`\(text)` is not an ISO 8601 time such as 2026-12-02T08:30:00Z"
        }
    }
}

/// A JSON value as far as votes care: the scalars, and anything else as `.other`.
enum JSONScalar: Decodable, Equatable {
    case null, bool(Bool), string(String), number(Double), other

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else { self = .other }
    }
}

/// The time votes are stamped with, and read back.
public enum FeedbackClock {
    public static func stamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// With or without fractional seconds (the browser writes milliseconds).
    public static func date(from text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
