import Foundation
import KBCore
import Testing
@testable import KBWorkspace

/// Votes from article pages: what a vote may hold, the log they are appended to, the files
/// exported from browsers, and the summary `kb gaps` shows.
@Suite struct FeedbackTests {
    static let known: Set<ArticleID> = ["causes/network", "fixes/refund"]

    static func decode(_ json: String, from source: FeedbackVote.Source = .request) throws(FeedbackProblem) -> FeedbackVote {
        try FeedbackVote.decode(Data(json.utf8), from: source, known: known)
    }

    static func temporaryFile() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("kb-feedback-\(UUID().uuidString)/feedback.log").path
    }

    @Test func aValidVoteIsRead() throws {
        #expect(try Self.decode(#"{"id": "causes/network", "helpful": true}"#)
                == FeedbackVote(id: "causes/network", helpful: true))
        #expect(try Self.decode(#"{"id":"fixes/refund","helpful":false,"reason":"broken-link","comment":"  第二个链接打不开 \n"}"#)
                == FeedbackVote(id: "fixes/refund", helpful: false, reason: .brokenLink, comment: "第二个链接打不开"))
        // Empty and null optional fields, as a form may send them, are absent.
        #expect(try Self.decode(#"{"id":"fixes/refund","helpful":true,"reason":"","comment":null}"#)
                == FeedbackVote(id: "fixes/refund", helpful: true))
        // The search that led to the article, trimmed; an empty one is absent.
        #expect(try Self.decode(#"{"id":"fixes/refund","helpful":true,"query":" 多刷了一笔怎么退 "}"#)
                == FeedbackVote(id: "fixes/refund", helpful: true, query: "多刷了一笔怎么退"))
        #expect(try Self.decode(#"{"id":"fixes/refund","helpful":true,"query":""}"#).query == nil)
        // A file's line carries the time it was cast.
        #expect(try Self.decode(#"{"id":"fixes/refund","helpful":true,"time":"2026-12-02T08:30:00.123Z"}"#, from: .file).time
                == "2026-12-02T08:30:00.123Z")
    }

    /// Every kind of hostile or broken vote is refused, naming what is wrong.
    @Test(arguments: [
        (#"{"id":"causes/network","helpful":false,"reason":"unclear","comment":"\#(String(repeating: "长", count: 501))"}"#,
         FeedbackProblem.commentTooLong(characters: 501)),
        ("not json", .invalidJSON),
        (#"{"id":"causes/network","helpful":false"#, .invalidJSON),
        ("[1, 2]", .notAnObject),
        (#""causes/network""#, .notAnObject),
        (#"{"id":"causes/nope","helpful":true}"#, .unknownArticle("causes/nope")),
        (#"{"id":"../../etc/passwd","helpful":true}"#, .invalidID("../../etc/passwd")),
        (#"{"id":"<script>","helpful":true}"#, .invalidID("<script>")),
        (#"{"id":42,"helpful":true}"#, .wrongType(field: "id", expected: "an article id in quotes")),
        (#"{"helpful":true}"#, .missing("id")),
        (#"{"id":"causes/network"}"#, .missing("helpful")),
        (#"{"id":"causes/network","helpful":"yes"}"#, .wrongType(field: "helpful", expected: "true or false")),
        (#"{"id":"causes/network","helpful":1}"#, .wrongType(field: "helpful", expected: "true or false")),
        (#"{"id":"causes/network","helpful":false,"reason":"spam"}"#, .unknownReason("spam")),
        (#"{"id":"causes/network","helpful":false,"reason":"信息不全"}"#, .unknownReason("信息不全")),
        (#"{"id":"causes/network","helpful":false}"#, .reasonMissing),
        (#"{"id":"causes/network","helpful":true,"reason":"unclear"}"#, .reasonWithYes),
        (#"{"id":"causes/network","helpful":false,"reason":"other","comment":["x"]}"#, .wrongType(field: "comment", expected: "text")),
        (#"{"id":"causes/network","helpful":true,"query":"\#(String(repeating: "钱", count: 201))"}"#,
         .queryTooLong(characters: 201)),
        (#"{"id":"causes/network","helpful":true,"query":7}"#, .wrongType(field: "query", expected: "text")),
        (#"{"id":"causes/network","helpful":true,"admin":true}"#, .unknownField("admin")),
        (#"{"id":"causes/network","helpful":true,"time":"2020-01-01T00:00:00Z"}"#, .unknownField("time")),
    ])
    func aHostileVoteIsRefused(_ json: String, _ problem: FeedbackProblem) {
        #expect(throws: problem) { try Self.decode(json) }
    }

    @Test func anOversizedVoteIsRefusedUnread() {
        let huge = #"{"id":"causes/network","helpful":false,"reason":"other","comment":""# + String(repeating: "a", count: 5000) + "\"}"
        #expect(throws: FeedbackProblem.tooLarge(bytes: huge.utf8.count)) { try Self.decode(huge) }
        #expect(FeedbackProblem.tooLarge(bytes: 5000).description == "a vote is at most 4096 bytes; this one has 5000")
    }

    /// Markup and controls in a comment are kept as text, and written so that the log is inert:
    /// `<` and `>` as `\u003c`/`\u003e`, controls escaped, one line whatever the comment holds.
    @Test func aCommentIsStoredEscapedAndReadBackTheSame() throws {
        let comment = "<script>alert('x')</script>\n第二行\u{1B}[31m & \u{202E}"
        let vote = FeedbackVote(id: "causes/network", helpful: false, reason: .other, comment: comment, time: "2026-12-02T08:30:00Z")
        let line = try vote.jsonLine()
        #expect(!line.contains("<") && !line.contains(">") && !line.contains("\n") && !line.contains("\u{1B}") && !line.contains("\u{202E}"))
        #expect(line.contains(#"\u003cscript\u003e"#))
        #expect(try FeedbackVote.decode(Data(line.utf8), from: .file) == vote)
    }

    @Test func appendedVotesAreReadBack() throws {
        let log = FeedbackLog(path: Self.temporaryFile())
        defer { try? FileManager.default.removeItem(atPath: (log.path as NSString).deletingLastPathComponent) }
        let votes = [FeedbackVote(id: "causes/network", helpful: true, time: "2026-12-02T08:30:00Z"),
                     FeedbackVote(id: "fixes/refund", helpful: false, reason: .unclear, comment: "看不懂", time: "2026-12-02T08:31:00Z")]
        for vote in votes { try log.append(vote) }
        let file = try FeedbackLog.read(log.path)
        #expect(file.votes == votes)
        #expect(file.warnings.isEmpty)
        #expect(try String(contentsOfFile: log.path, encoding: .utf8).split(separator: "\n").count == 2)
        // A missing log is empty; a missing file named by the user is an error.
        #expect(try FeedbackLog.read(log.path + ".none", missingIsEmpty: true).votes.isEmpty)
        #expect(throws: FeedbackLogError.read(path: log.path + ".none", reason: "no such file")) {
            try FeedbackLog.read(log.path + ".none")
        }
    }

    /// Writers on many threads at once: every vote lands on a line of its own, whole.
    @Test func concurrentAppendsGiveWholeLines() throws {
        let log = FeedbackLog(path: Self.temporaryFile())
        defer { try? FileManager.default.removeItem(atPath: (log.path as NSString).deletingLastPathComponent) }
        let writers = 8, each = 40
        let comment = String(repeating: "内容写得不清楚，", count: 40)  // lines of over 1 KB
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            for index in 0..<each {
                try? log.append(FeedbackVote(id: "causes/network", helpful: false, reason: .unclear,
                                             comment: "\(writer)-\(index) \(comment)", time: "2026-12-02T08:30:00Z"))
            }
        }
        let file = try FeedbackLog.read(log.path)
        #expect(file.warnings.isEmpty)
        #expect(file.votes.count == writers * each)
        #expect(Set(file.votes.compactMap { $0.comment?.split(separator: " ").first }).count == writers * each)
    }

    /// A line left unfinished by a crash is closed before the next vote, which therefore survives;
    /// the broken fragment is reported with its line and skipped.
    @Test func aTornLastLineDoesNotSwallowTheNextVote() throws {
        let path = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try #"{"id":"fixes/refund","helpful":true,"time":"2026-12-01T00:00:00Z"}"#.appending("\n{\"id\":\"causes/net")
            .write(toFile: path, atomically: true, encoding: .utf8)
        try FeedbackLog(path: path).append(FeedbackVote(id: "causes/network", helpful: true, time: "2026-12-02T08:30:00Z"))
        let file = try FeedbackLog.read(path)
        #expect(file.votes.map(\.id) == ["fixes/refund", "causes/network"])
        #expect(file.warnings.map(\.description) == ["\(path):2: warning: \(FeedbackProblem.invalidJSON) (line skipped)"])
    }

    /// An exported file with broken lines: each is named by file and line, the rest still counts.
    @Test func malformedLinesAreReportedAndSkipped() throws {
        let path = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let lines = [
            "\u{FEFF}" + #"{"id":"causes/network","helpful":false,"reason":"unclear","time":"2026-12-02T08:30:00.123Z"}"#,
            "",
            "{oops",
            #"{"id":"causes/network","helpful":false,"reason":"rude"}"#,
            #"{"id":"fixes/refund","helpful":false,"reason":"incomplete"}"# + "\r",
            #"{"id":"fixes/refund","helpful":true,"time":"yesterday"}"#,
        ]
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let file = try FeedbackLog.read(path)
        #expect(file.votes.map(\.id) == ["causes/network", "fixes/refund"])
        #expect(file.warnings.map(\.line) == [3, 4, 6])
        #expect(file.warnings.map(\.description)[1]
                == "\(path):4: warning: `rude` is not a reason: use one of incomplete, incorrect, unclear, broken-link, other (line skipped)")
    }

    @Test func theSummaryPutsTheMostNoVotesFirst() {
        let votes: [FeedbackVote] = [
            .init(id: "causes/network", helpful: false, reason: .unclear, comment: "步骤看不懂", time: "2026-12-01T10:00:00Z"),
            .init(id: "causes/network", helpful: false, reason: .incomplete, time: "2026-12-01T11:00:00Z"),
            .init(id: "causes/network", helpful: false, reason: .unclear, comment: "菜单找不到", time: "2026-12-02T09:00:00Z"),
            .init(id: "causes/network", helpful: true, time: "2026-12-02T09:30:00Z"),
            .init(id: "fixes/refund", helpful: false, reason: .brokenLink, time: "2026-12-02T10:00:00Z"),
            .init(id: "fixes/check", helpful: true, time: "2026-12-02T10:00:00Z"),
        ]
        let summary = ArticleFeedback.summarize([votes], titles: ["causes/network": "网络信号不好"])
        #expect(summary.map(\.id) == ["causes/network", "fixes/refund"])
        let network = summary[0]
        #expect(network.title == "网络信号不好")
        #expect((network.notHelpful, network.helpful) == (3, 1))
        #expect(network.reasons == [.init(reason: .unclear, count: 2), .init(reason: .incomplete, count: 1)])
        #expect(network.comments.map(\.comment) == ["菜单找不到", "步骤看不懂"])
    }

    /// Two exports of one browser hold its earlier votes twice: they count once. Equal votes within
    /// one file are different readers' and all count.
    @Test func overlappingFilesCountEachVoteOnce() {
        let early = FeedbackVote(id: "causes/network", helpful: false, reason: .unclear, time: "2026-12-01T10:00:00.100Z")
        let late = FeedbackVote(id: "causes/network", helpful: false, reason: .incorrect, time: "2026-12-03T10:00:00.200Z")
        let untimed = FeedbackVote(id: "causes/network", helpful: false, reason: .other)
        let summary = ArticleFeedback.summarize([[early, untimed], [early, late, untimed]])
        #expect(summary.first?.notHelpful == 4)
        let sameSecond = FeedbackVote(id: "fixes/refund", helpful: false, reason: .unclear, time: "2026-12-02T08:30:00Z")
        #expect(ArticleFeedback.summarize([[sameSecond, sameSecond]]).first?.notHelpful == 2)
    }
}
