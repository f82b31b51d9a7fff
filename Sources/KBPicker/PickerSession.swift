import KBCore
import KBSearch
import KBWorkspace

/// How the agent left the picker.
public enum PickerOutcome: Equatable, Sendable {
    /// The reply to paste: printed after the terminal is back to normal.
    case reply(String)
    /// Esc, Ctrl-D (0) or Ctrl-C (130).
    case quit(status: Int32)
    /// SIGINT, SIGTERM or SIGHUP from outside: to be passed on once the terminal is restored.
    case signalled(Int32)
}

/// What `kb search -i` was asked for.
public struct PickerOptions: Sendable {
    public var query: String
    public var search: SearchOptions
    public var labels: Labels
    /// Record the settled search in `.kb/gaps.log` when it found nothing or only weak matches.
    public var logGaps: Bool

    public init(query: String, search: SearchOptions, labels: Labels, logGaps: Bool) {
        self.query = query
        self.search = search
        self.labels = labels
        self.logGaps = logGaps
    }
}

/// `kb search -i`: keys from the terminal go through the decoder to the state; its actions are
/// carried out here with one open index (searching per keystroke reuses it), and each change is
/// drawn as a whole frame.
public final class PickerSession {
    let service: SearchService
    let options: PickerOptions
    let style: TerminalStyle
    /// The response the shown results came from: what replies are made of.
    private var response: SearchResponse?
    private var state: PickerState

    /// How long a lone ESC waits for the rest of a sequence before it counts as the Esc key: longer
    /// than any gap inside one sequence from a terminal, short enough not to be noticed.
    static let escapeWait = 100

    public init(service: SearchService, options: PickerOptions, style: TerminalStyle) {
        self.service = service
        self.options = options
        self.style = style
        state = PickerState(query: options.query, size: TerminalSize(rows: 24, columns: 80))
    }

    public func run() throws -> PickerOutcome {
        let terminal = try TTY()
        defer { terminal.restore() }
        let screen = PickerScreen(labels: options.labels, style: style)
        state.size = terminal.size()
        search()
        terminal.draw(screen.frame(state))
        var decoder = KeyDecoder()
        while true {
            let keys: [Key]
            switch terminal.next(waitingAtMost: decoder.hasPending ? Self.escapeWait : nil) {
            case let .input(bytes): keys = decoder.feed(bytes)
            case .quiet: keys = decoder.flush()
            case .resized:
                state.size = terminal.size()
                keys = []
            case let .signal(number): return .signalled(number)
            case .closed: return finish(.quit(status: 0))
            }
            for key in keys {
                var action = state.handle(key)
                if action == .needsResults {
                    search()
                    action = state.handle(key)
                }
                switch action {
                case .redraw, .needsResults: break
                case let .open(index): open(index)
                case let .reply(index):
                    if let text = reply(index) { return finish(.reply(text)) }
                case let .quit(status): return finish(.quit(status: status))
                }
            }
            // Keys typed together (or pasted) cost one search, not one each.
            if state.isStale { search() }
            terminal.draw(screen.frame(state))
        }
    }

    private func search() {
        guard let query = state.queryToSearch else {
            response = nil
            state.show(nil)
            return
        }
        do {
            let found = try service.search(query, options: options.search)
            response = found
            state.show(ResultList(query: query, response: found, labels: options.labels))
        } catch {
            response = nil
            state.show(ResultList(query: query, notices: [], rows: []))
            state.problem = String(describing: error)
        }
    }

    private func open(_ index: Int) {
        guard let result = response?.results[index] else { return }
        do {
            let viewer = ArticleViewer(base: service.base, labels: options.labels, style: style)
            state.open(ArticlePage(id: result.record.id, resultIndex: index, text: try viewer.render(result.record.id, using: service)))
        } catch {
            state.problem = String(describing: error)
        }
    }

    /// The reply text, or nil (with the problem shown) when the article behind it cannot be read.
    private func reply(_ index: Int?) -> String? {
        guard let response else { return nil }
        do {
            let formatter = ReplyFormatter(service: service)
            if let index { return try formatter.reply(to: response.results[index]) }
            return try formatter.reply(response)
        } catch {
            state.problem = String(describing: error)
            return nil
        }
    }

    /// The search the agent settled on is logged like one from `kb search` when it found nothing
    /// or only weak matches; what was on screen while typing (不, 不到…) is not.
    private func finish(_ outcome: PickerOutcome) -> PickerOutcome {
        if options.logGaps, let response, let query = state.results?.query, GapLog.isGap(response) {
            GapLog(indexPath: service.base.indexPath).record(query: query, results: response.results.count, tier: response.tier.rawValue)
        }
        return outcome
    }
}
