import ArgumentParser
import Foundation
import KBCommandLine
import KBWorkspace

struct GapsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps",
        abstract: "What the knowledge base is missing: searches that found nothing, and articles readers said did not help.",
        discussion: """
            Searches are logged in gaps.log beside the index unless --no-log or $\(GapLog.optOutVariable)=1. \
            Votes on article pages ("这篇文章解决你的问题了吗？") come from feedback.log beside the index (kept by \
            kb serve) and from files exported from the site (--feedback FILE, repeatable). A line of a feedback \
            file that is not a vote is reported as FILE:LINE: warning: … and skipped. --json prints one object: \
            {"searches": [{"query", "count", "last_seen", "never_answered"}], "articles": [{"id", "title", \
            "not_helpful", "helpful", "reasons": [{"reason", "count"}], "comments": [{"comment", "reason", "time"}]}], \
            "warnings": [{"path", "line", "message"}]}.
            """)

    @OptionGroup var location: LocationOptions

    @Option(name: .long, help: "Show at most this many searches and this many articles.")
    var limit = 50

    @Option(name: .long, help: ArgumentHelp("Votes exported from the site (JSONL); repeatable.", valueName: "file"))
    var feedback: [String] = []

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @Flag(name: .long, help: "Empty the search log (votes are kept).")
    var clear = false

    struct Report: Encodable {
        var searches: [GapLog.Gap]
        var articles: [ArticleFeedback]
        var warnings: [FeedbackWarning]
    }

    func run() throws {
        let base = try location.knowledgeBaseForReading()
        let log = GapLog(indexPath: base.indexPath)
        if clear {
            try log.clear()
            return
        }
        var files: [FeedbackFile] = []
        do {
            files.append(try FeedbackLog.read(FeedbackLog(indexPath: base.indexPath).path, missingIsEmpty: true))
            for path in feedback { files.append(try FeedbackLog.read(path)) }
        } catch {
            throw CommandError(message: error.description)
        }
        let warnings = files.flatMap(\.warnings)
        for warning in warnings {
            FileHandle.standardError.write(Data((TerminalStyle.sanitize(warning.description) + "\n").utf8))
        }
        let titles = (try? SearchService(base: base).titles()) ?? [:]
        let count = max(0, limit)
        let report = Report(searches: Array(log.gaps().prefix(count)),
                            articles: Array(ArticleFeedback.summarize(files.map(\.votes), titles: titles).prefix(count)),
                            warnings: warnings)
        if json {
            print(try ToolJSON.encode(report))
            return
        }
        print(GapsPresenter(labels: Labels(location.language), style: TerminalStyle.forStandardOutput())
            .text(searches: report.searches, articles: report.articles))
    }
}
