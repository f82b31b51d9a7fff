import ArgumentParser
import Foundation
import KBCore
import KBPicker
import KBSearch
import KBWorkspace

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the knowledge base.",
        discussion: "Exit status: 0 with results, 1 with none, 2 for a usage or index error.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, reply }

    @OptionGroup var location: LocationOptions

    @Option(name: .long, help: "Show at most this many results.")
    var limit = 10

    @Option(name: .long, help: "Only this category: guide, cause, fix, prevention, product.")
    var category: Category?

    @Option(name: .long, help: "Only articles for this product: e-sign, traditional, smart.")
    var product: Product?

    @Flag(name: .long, help: "Print one JSON object (the same as --format json).")
    var json = false

    @Option(name: .long, help: "text (default), json, or reply: a plain answer to paste to a merchant.")
    var format: Format = .text

    @Flag(name: .long, help: "Show how each result's score was built.")
    var explain = false

    @Flag(name: .long, help: "Do not record this search in the gaps log (see kb gaps).")
    var noLog = false

    @Flag(name: [.customShort("i"), .long],
          help: "Search as you type in the terminal: arrows choose, Enter reads, Tab prints the reply, Esc quits.")
    var interactive = false

    @Argument(help: "What to search for, in any words.")
    var query: [String] = []

    func validate() throws {
        guard limit >= 1 && limit <= 1000 else { throw ValidationError("--limit must be between 1 and 1000") }
        if interactive && (json || format != .text || explain) {
            throw ValidationError("--interactive shows results on the screen: it cannot be combined with --json, --format or --explain")
        }
    }

    func run() throws {
        if interactive { return try runInteractive() }
        let text = query.joined(separator: " ")
        // Checked here rather than in validate(): the message already says what to do.
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CommandError(message: "nothing to search for: give a query, e.g. kb search 刷卡成功钱没到账")
        }
        let base = try location.knowledgeBaseForReading()
        let options = SearchOptions(limit: limit, filter: SearchFilter(category: category, product: product))
        let service: SearchService
        let response: SearchResponse
        do {
            service = try SearchService(base: base)
            response = try service.search(text, options: options)
        } catch let error as SearchServiceError {
            throw CommandError(message: error.description)
        }
        if !noLog && !GapLog.isDisabled() && GapLog.isGap(response) {
            GapLog(indexPath: base.indexPath).record(query: text, results: response.results.count, tier: response.tier.rawValue)
        }
        let style = TerminalStyle.forStandardOutput()
        switch json ? .json : format {
        case .json:
            print(try SearchJSON(response, explain: explain).encoded())
        case .text:
            let labels = Labels(location.language, start: response.outOfScope.isEmpty ? nil : service.startArticle)
            print(SearchPresenter(labels: labels, style: style).text(response, explain: explain))
        case .reply:
            print(try ReplyFormatter(service: service).reply(response))
        }
        if response.results.isEmpty { throw ExitCode(1) }
    }
}

extension SearchCommand {
    /// `kb search -i`: refuses pipes before touching the index, so the message is about the terminal.
    private func runInteractive() throws {
        do {
            try TTY.requireTerminal()
        } catch let error as PickerError {
            throw CommandError(message: error.description)
        }
        let base = try location.knowledgeBaseForReading()
        let service: SearchService
        do {
            service = try SearchService(base: base)
        } catch let error as SearchServiceError {
            throw CommandError(message: error.description)
        }
        let options = PickerOptions(query: query.joined(separator: " "),
                                    search: SearchOptions(limit: limit, filter: SearchFilter(category: category, product: product)),
                                    labels: Labels(location.language, start: service.startArticle), logGaps: !noLog && !GapLog.isDisabled())
        let outcome: PickerOutcome
        do {
            outcome = try PickerSession(service: service, options: options, style: TerminalStyle.forStandardOutput()).run()
        } catch let error as PickerError {
            throw CommandError(message: error.description)
        }
        switch outcome {
        case let .reply(text): print(text)
        case let .quit(status): if status != 0 { throw ExitCode(status) }
        case let .signalled(signal): TTY.resend(signal)
        }
    }
}

extension Category: ExpressibleByArgument {}
extension Product: ExpressibleByArgument {}
