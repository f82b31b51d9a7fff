import Foundation
import KBCore

/// The size of the terminal, in character cells.
public struct TerminalSize: Equatable, Sendable {
    public var rows: Int
    public var columns: Int

    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
    }
}

/// An article opened from the list: its `kb show` text, and how far the agent has scrolled.
public struct ArticlePage: Equatable, Sendable {
    public var id: ArticleID
    /// The result it was opened from, so that the reply key answers with this article.
    public var resultIndex: Int
    /// `kb show`'s lines, styled, before wrapping to the screen's width.
    public var lines: [String]
    public var scroll = 0

    public init(id: ArticleID, resultIndex: Int, text: String) {
        self.id = id
        self.resultIndex = resultIndex
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The lines as drawn `columns` wide.
    public func wrapped(columns: Int) -> [String] {
        lines.flatMap { StyledText.wrap($0, columns: columns) }
    }
}

/// Everything the picker shows and how keys change it, without a terminal or an index: keys in,
/// actions out. The session carries the actions out (search, open an article, print a reply).
public struct PickerState: Equatable, Sendable {
    public enum Mode: Equatable, Sendable {
        case list
        case article(ArticlePage)
    }

    /// What the session does after a key.
    public enum Action: Equatable, Sendable {
        /// Nothing beyond drawing the screen again.
        case redraw
        /// The key acts on results, but the query changed since the last search: search, then
        /// hand the same key over again.
        case needsResults
        /// Show this result's article (the session renders it and calls `open`).
        case open(resultIndex: Int)
        /// Print the reply for this result, or for the search as a whole (`nil`: what
        /// `kb search --format reply` says when nothing, or nothing in scope, was found), and exit.
        case reply(resultIndex: Int?)
        case quit(status: Int32)
    }

    /// Exit status when the agent leaves with Ctrl-C, as a shell reports an interrupted command.
    public static let interruptedStatus: Int32 = 130

    public var editor: LineEditor
    public private(set) var results: ResultList?
    public private(set) var selection = 0
    public private(set) var mode: Mode = .list
    /// A problem to show in place of the results' notices (a failed search, a missing article).
    public var problem: String?
    public var size: TerminalSize

    public init(query: String = "", size: TerminalSize) {
        editor = LineEditor(query)
        self.size = size
    }

    /// True when the editor's text is not what the results answer.
    public var isStale: Bool {
        let query = editor.text.trimmingCharacters(in: .whitespaces)
        return query != (results?.query ?? "")
    }

    /// The query the session should search for: nil when there is nothing to search.
    public var queryToSearch: String? {
        let query = editor.text.trimmingCharacters(in: .whitespaces)
        return query.isEmpty ? nil : query
    }

    /// New results: the selection goes back to the best one.
    public mutating func show(_ results: ResultList?) {
        self.results = results
        selection = 0
        problem = nil
    }

    public mutating func open(_ page: ArticlePage) {
        mode = .article(page)
    }

    public mutating func handle(_ key: Key) -> Action {
        if case .article = mode { problem = nil }  // shown in the footer until the next key
        switch mode {
        case .list: return handleInList(key)
        case let .article(page): return handleInArticle(key, page: page)
        }
    }

    private mutating func handleInList(_ key: Key) -> Action {
        switch key {
        case let .text(text), let .paste(text):
            editor.insert(text)
        case .backspace: editor.backspace()
        case .delete: editor.deleteForward()
        case .left, .control("b"): editor.moveLeft()
        case .right, .control("f"): editor.moveRight()
        case .home, .control("a"): editor.moveToStart()
        case .end, .control("e"): editor.moveToEnd()
        case .control("u"): editor.deleteToStart()
        case .control("w"): editor.deleteWordBackward()
        case .up, .control("p"), .down, .control("n"), .pageUp, .pageDown:
            if isStale { return .needsResults }
            let count = results?.rows.count ?? 0
            guard count > 0 else { break }
            switch key {
            case .up, .control("p"): selection = max(0, selection - 1)
            case .down, .control("n"): selection = min(count - 1, selection + 1)
            case .pageUp: selection = 0
            default: selection = count - 1
            }
        case .enter:
            if isStale { return .needsResults }
            guard let rows = results?.rows, !rows.isEmpty else { break }
            return .open(resultIndex: selection)
        case .tab, .control("r"):
            if isStale { return .needsResults }
            guard let results else { break }
            // Out of scope, the reply says so rather than pasting a near miss (as --format reply does).
            return .reply(resultIndex: results.rows.isEmpty || results.outOfScope ? nil : selection)
        case .escape, .control("d"): return .quit(status: 0)
        case .control("c"): return .quit(status: Self.interruptedStatus)
        default: break
        }
        return .redraw
    }

    private mutating func handleInArticle(_ key: Key, page: ArticlePage) -> Action {
        var page = page
        let visible = max(1, size.rows - 1)  // the footer takes the last row
        let last = max(0, page.wrapped(columns: PickerScreen.textColumns(size)).count - visible)
        func scroll(to line: Int) { page.scroll = min(max(0, line), last) }
        switch key {
        case .up, .control("p"): scroll(to: page.scroll - 1)
        case .down, .control("n"), .enter: scroll(to: page.scroll + 1)
        case .pageDown, .control("f"), .control("v"): scroll(to: page.scroll + visible - 1)
        case .pageUp, .control("b"): scroll(to: page.scroll - visible + 1)
        case .home: scroll(to: 0)
        case .end: scroll(to: last)
        case .escape, .left, .backspace:
            mode = .list
            return .redraw
        case .tab, .control("r"): return .reply(resultIndex: page.resultIndex)
        case .control("c"): return .quit(status: Self.interruptedStatus)
        case .control("d"): return .quit(status: 0)
        case let .text(text):
            // Letters as in less: each counts, even when several arrive in one read.
            for letter in text {
                switch letter {
                case "q":
                    mode = .list
                    return .redraw
                case "j": scroll(to: page.scroll + 1)
                case "k": scroll(to: page.scroll - 1)
                case " ": scroll(to: page.scroll + visible - 1)
                case "b": scroll(to: page.scroll - visible + 1)
                case "g": scroll(to: 0)
                case "G": scroll(to: last)
                default: break
                }
            }
        default: break
        }
        mode = .article(page)
        return .redraw
    }
}
