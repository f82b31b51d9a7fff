import KBCore
import KBSearch
import KBWorkspace

/// What the picker shows of one search: the notices `kb search` prints above its results (sound-alike
/// rewrite, out-of-scope topics, low confidence, nothing found) and one row per result. Plain values,
/// so the screen can be drawn and tested without an index.
public struct ResultList: Equatable, Sendable {
    public enum Tone: Equatable, Sendable {
        /// Counts and parser notes, drawn dim.
        case quiet
        /// What the agent must not miss (low confidence, out of scope), drawn in the accent colour.
        case warning
        case plain
    }

    public struct Notice: Equatable, Sendable {
        public var text: String
        public var tone: Tone

        public init(_ text: String, tone: Tone) {
            self.text = text
            self.tone = tone
        }
    }

    public struct Row: Equatable, Sendable {
        public var id: ArticleID
        public var title: String
        /// Category and products, as `kb search` shows them beside the title.
        public var meta: String
        public var snippet: Snippet
        /// `content/…md#anchor § heading`.
        public var location: String

        public init(id: ArticleID, title: String, meta: String, snippet: Snippet, location: String) {
            self.id = id
            self.title = title
            self.meta = meta
            self.snippet = snippet
            self.location = location
        }
    }

    /// The query these results answer (the editor's text when it was searched).
    public var query: String
    public var notices: [Notice]
    public var rows: [Row]
    /// The query asks about a topic no article answers: the rows are near misses at best.
    public var outOfScope: Bool

    public init(query: String, notices: [Notice], rows: [Row], outOfScope: Bool = false) {
        self.query = query
        self.notices = notices
        self.rows = rows
        self.outOfScope = outOfScope
    }

    /// The same notices, in the same order, as `SearchPresenter` prints.
    public init(query: String, response: SearchResponse, labels: Labels) {
        let clean: (String) -> String = { TerminalStyle.sanitize($0) }
        var notices: [Notice] = []
        if let rewritten = response.didYouMean { notices.append(Notice(labels.didYouMean(clean(rewritten)), tone: .warning)) }
        notices += response.notices.map { Notice("(\(clean($0)))", tone: .quiet) }
        if !response.outOfScope.isEmpty { notices.append(Notice(labels.outOfScope(response.outOfScope.map(clean)), tone: .warning)) }
        if response.results.isEmpty {
            notices.append(Notice(labels.noResults(clean(response.plan.query)), tone: .plain))
        } else {
            notices.append(Notice(labels.resultCount(response.total, query: clean(response.plan.query),
                                                     milliseconds: Self.milliseconds(response.elapsed)), tone: .quiet))
            if !response.confident { notices.append(Notice(labels.lowConfidence, tone: .warning)) }
        }
        let rows = response.results.map { result in
            let record = result.record
            var location = clean(record.sourcePath)
            if let anchor = result.section.anchor { location += "#" + clean(anchor) }
            if let heading = result.section.heading { location += "  § " + clean(heading) }
            let snippet = Snippet(text: result.snippet.text, highlights: result.snippet.highlights)
            return Row(id: record.id, title: clean(record.title),
                       meta: ([labels.category(record.category)] + record.products.map(labels.product)).joined(separator: " · "),
                       snippet: snippet, location: location)
        }
        self.init(query: query, notices: notices, rows: rows, outOfScope: !response.outOfScope.isEmpty)
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
