import ArgumentParser
import Foundation
import KBCommandLine
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
        try Self.perform(SearchRequest(root: location.root, db: location.db, lang: location.lang, limit: limit,
                                       category: category, product: product, json: json, format: format,
                                       explain: explain, noLog: noLog, query: query))
    }

    /// Runs a search (not interactive) however its command line was read: by ArgumentParser, or by
    /// `SearchRequest.fastPath` for the common command lines.
    static func perform(_ request: SearchRequest) throws {
        let (query, limit, category, product, json, format, explain, noLog) = (
            request.query, request.limit, request.category, request.product, request.json, request.format,
            request.explain, request.noLog)
        let text = query.joined(separator: " ")
        // Checked here rather than in validate(): the message already says what to do.
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CommandError(message: "nothing to search for: give a query, e.g. kb search 刷卡成功钱没到账")
        }
        let base = try LocationOptions.knowledgeBaseForReading(root: request.root, db: request.db)
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
            let labels = Labels(request.lang ?? Language.fromEnvironment(),
                                start: response.outOfScope.isEmpty ? nil : service.startArticle)
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

/// What `kb search` (not interactive) was asked.
struct SearchRequest {
    var root: String?
    var db: String?
    var lang: Language?
    var limit = 10
    var category: Category?
    var product: Product?
    var json = false
    var format: SearchCommand.Format = .text
    var explain = false
    var noLog = false
    var query: [String] = []

    /// The request of a `kb search` command line read without ArgumentParser, whose parse costs
    /// more than the search at start-up (building its argument tree reflects on every property
    /// wrapper and scans the runtime's protocol conformance records). Only plain command lines
    /// qualify: query words, and `--root`, `--db`, `--lang`, `--limit`, `--category`, `--product`,
    /// `--format` each once with a valid value as the next argument, `--json`, `--explain`,
    /// `--no-log` each once. Anything else (help, `-i`, `--name=value`, a value that is not valid,
    /// any other argument that starts with a dash, an empty argument) returns nil and goes to
    /// ArgumentParser, so its help and its messages are unchanged.
    static func fastPath(_ arguments: [String]) -> SearchRequest? {
        guard arguments.count >= 2, arguments[1] == "search" else { return nil }
        func dashed(_ argument: String) -> Bool { argument.hasPrefix("-") || argument.utf8.first == UInt8(ascii: "-") }
        var request = SearchRequest()
        var seen: Set<String> = []
        var rest = arguments.dropFirst(2).makeIterator()
        while let argument = rest.next() {
            guard !argument.isEmpty else { return nil }
            guard dashed(argument) else {
                request.query.append(argument)
                continue
            }
            guard seen.insert(argument).inserted else { return nil }
            switch argument {
            case "--json": request.json = true
            case "--explain": request.explain = true
            case "--no-log": request.noLog = true
            case "--root", "--db", "--lang", "--limit", "--category", "--product", "--format":
                guard let value = rest.next(), !value.isEmpty, !dashed(value) else { return nil }
                switch argument {
                case "--root": request.root = value
                case "--db": request.db = value
                case "--lang":
                    guard let lang = Language(rawValue: value) else { return nil }
                    request.lang = lang
                case "--limit":
                    guard value.utf8.count <= 4, value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                          let limit = Int(value), limit >= 1 && limit <= 1000 else { return nil }
                    request.limit = limit
                case "--category":
                    guard let category = Category(rawValue: value) else { return nil }
                    request.category = category
                case "--product":
                    guard let product = Product(rawValue: value) else { return nil }
                    request.product = product
                default:
                    guard let format = SearchCommand.Format(rawValue: value) else { return nil }
                    request.format = format
                }
            default: return nil
            }
        }
        return request
    }
}
