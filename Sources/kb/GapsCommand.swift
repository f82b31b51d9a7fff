import ArgumentParser
import Foundation
import KBWorkspace

struct GapsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps",
        abstract: "List searches that found nothing, most frequent first: what the knowledge base is missing.",
        discussion: "Searches are logged in gaps.log beside the index unless --no-log or $\(GapLog.optOutVariable)=1.")

    @OptionGroup var location: LocationOptions

    @Option(name: .long, help: "Show at most this many.")
    var limit = 50

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @Flag(name: .long, help: "Empty the log.")
    var clear = false

    func run() throws {
        let base = try location.knowledgeBaseForReading()
        let log = GapLog(indexPath: base.indexPath)
        if clear {
            try log.clear()
            return
        }
        let gaps = Array(log.gaps().prefix(max(0, limit)))
        if json {
            print(try ToolJSON.encode(gaps))
            return
        }
        let labels = Labels(location.language)
        guard !gaps.isEmpty else {
            print(labels.noGaps)
            return
        }
        let style = TerminalStyle.forStandardOutput()
        print(style.dim(labels.gapsHeader))
        for gap in gaps {
            let marker = gap.neverAnswered ? "" : style.dim(" (\(labels.soundAlikeOnly))")
            print(String(format: "%5d  ", gap.count) + TerminalStyle.sanitize(gap.query) + marker)
        }
    }
}
