import Foundation
import KBCore
import KBWorkspace

/// `POST /api/feedback` with `{"id": "causes/network", "helpful": false, "reason": "unclear",
/// "comment": "…"}`: one reader's vote from an article page, checked and appended to
/// `.kb/feedback.log` with the time it arrived. Refusals are 4xx with `{"error": "…"}` naming what
/// is wrong; nothing is written then.
///
/// Requiring `application/json` also keeps other web sites out: a page elsewhere can only send it
/// after a CORS preflight, which this server never grants.
actor FeedbackEndpoint {
    struct Reply: Sendable, Equatable {
        var status: Int
        var json: String
    }

    let base: KnowledgeBase
    let log: FeedbackLog
    let clock: @Sendable () -> Date
    /// The ids of the articles the last build indexed, read on the first vote after a build.
    private var known: Set<ArticleID>?

    init(base: KnowledgeBase, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.base = base
        self.log = FeedbackLog(indexPath: base.indexPath)
        self.clock = clock
    }

    /// A build may have added or removed articles.
    func reopen() {
        known = nil
    }

    /// `declaredLength` is the Content-Length header, when sent: a body announced too large is
    /// refused before it is read. `body` is nil when it was larger than `FeedbackVote.maxBytes`.
    func receive(body: Data?, contentType: String?, declaredLength: Int? = nil) -> Reply {
        guard Self.isJSON(contentType) else {
            return Self.error(415, "send the vote as JSON, with Content-Type: application/json")
        }
        if let declaredLength, declaredLength > FeedbackVote.maxBytes {
            return Self.error(413, FeedbackProblem.tooLarge(bytes: declaredLength).description)
        }
        guard let body else {
            return Self.error(413, "a vote is at most \(FeedbackVote.maxBytes) bytes")
        }
        let ids: Set<ArticleID>
        do {
            ids = try knownIDs()
        } catch {
            return Self.error(503, "\(error)")
        }
        var vote: FeedbackVote
        do {
            vote = try FeedbackVote.decode(body, from: .request, known: ids)
        } catch {
            return Self.error(error == .tooLarge(bytes: body.count) ? 413 : 400, error.description)
        }
        vote.time = FeedbackClock.stamp(clock())
        do {
            try log.append(vote)
        } catch {
            return Self.error(500, error.description)
        }
        return Reply(status: 201, json: #"{"recorded":true}"#)
    }

    private func knownIDs() throws -> Set<ArticleID> {
        if let known { return known }
        let ids = Set(try SearchService(base: base).titles().keys)
        known = ids
        return ids
    }

    /// `application/json`, with or without parameters such as `; charset=utf-8`.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let type = contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        return type.trimmingCharacters(in: .whitespaces).lowercased() == "application/json"
    }

    static func error(_ status: Int, _ message: String) -> Reply {
        Reply(status: status, json: (try? ToolJSON.encode(["error": message])) ?? #"{"error":"internal error"}"#)
    }
}
