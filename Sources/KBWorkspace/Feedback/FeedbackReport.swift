import Foundation
import KBCore

/// The articles readers said did not help, most "no" votes first, with their reasons and comments:
/// the editors' half of `kb gaps` beside the searches that found nothing.
public struct ArticleFeedback: Sendable, Equatable, Encodable {
    public struct ReasonCount: Sendable, Equatable, Encodable {
        public var reason: FeedbackReason
        public var count: Int
    }

    public struct Comment: Sendable, Equatable, Encodable {
        public var comment: String
        public var reason: FeedbackReason?
        public var time: String?
    }

    public var id: ArticleID
    /// nil when the index does not know the article (deleted since, or no index).
    public var title: String?
    public var notHelpful: Int
    public var helpful: Int
    /// Most frequent first.
    public var reasons: [ReasonCount]
    /// The comments of the "no" votes, latest first.
    public var comments: [Comment]

    enum CodingKeys: String, CodingKey {
        case id, title, helpful, reasons, comments
        case notHelpful = "not_helpful"
    }

    /// Votes grouped by article, keeping only articles with at least one "no". The files may
    /// overlap (two exports from one browser hold its older votes twice): a vote with a time found in
    /// several files counts as often as the file holding it most often does.
    public static func summarize(_ files: [[FeedbackVote]], titles: [ArticleID: String] = [:]) -> [ArticleFeedback] {
        var timed: [FeedbackVote: Int] = [:]
        var votes: [FeedbackVote] = []
        for file in files {
            var inFile: [FeedbackVote: Int] = [:]
            for vote in file {
                if vote.time == nil { votes.append(vote) } else { inFile[vote, default: 0] += 1 }
            }
            timed.merge(inFile) { max($0, $1) }
        }
        for (vote, count) in timed { votes += Array(repeating: vote, count: count) }
        var byID: [ArticleID: [FeedbackVote]] = [:]
        for vote in votes { byID[vote.id, default: []].append(vote) }
        let summaries = byID.compactMap { id, votes -> ArticleFeedback? in
            let no = votes.filter { !$0.helpful }
            guard !no.isEmpty else { return nil }
            var counts: [FeedbackReason: Int] = [:]
            for vote in no { counts[vote.reason ?? .other, default: 0] += 1 }
            let reasons = counts.map { ReasonCount(reason: $0.key, count: $0.value) }
                .sorted { ($0.count, $1.reason) > ($1.count, $0.reason) }
            let comments = no.compactMap { vote in vote.comment.map { Comment(comment: $0, reason: vote.reason, time: vote.time) } }
                .sorted { ($0.time ?? "", $0.comment) > ($1.time ?? "", $1.comment) }
            return ArticleFeedback(id: id, title: titles[id], notHelpful: no.count, helpful: votes.count - no.count,
                                   reasons: reasons, comments: comments)
        }
        return summaries.sorted { ($0.notHelpful, $1.helpful, $1.id) > ($1.notHelpful, $0.helpful, $0.id) }
    }
}
