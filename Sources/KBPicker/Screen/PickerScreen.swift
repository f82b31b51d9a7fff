import Foundation
import KBSearch
import KBWorkspace

/// One screenful: exactly `rows` lines, each within the width, and where the cursor goes (nil
/// hides it). What the terminal layer writes, and what tests read.
public struct Frame: Equatable, Sendable {
    public struct Position: Equatable, Sendable {
        public var row: Int
        public var column: Int
    }

    public var lines: [String]
    public var cursor: Position?
}

/// Draws the picker's state for a terminal size: the query line, the notices of the search, the
/// results (two lines each, the selected one marked `>`), and a footer with the keys.
public struct PickerScreen: Sendable {
    public let labels: Labels
    public let style: TerminalStyle

    /// Below this the picker shows only that the window is too small.
    static let smallest = TerminalSize(rows: 5, columns: 20)
    /// Notices take at most this share of the rows (a long out-of-scope notice on a short window).
    static let noticeShare = 3

    public init(labels: Labels, style: TerminalStyle) {
        self.labels = labels
        self.style = style
    }

    /// Columns drawn on each row: all but the last, so that no line makes the terminal wrap (or
    /// scroll, on the bottom row) when a character's width is counted differently there.
    public static func textColumns(_ size: TerminalSize) -> Int { max(1, size.columns - 1) }

    public func frame(_ state: PickerState) -> Frame {
        let size = state.size
        let columns = Self.textColumns(size)
        guard size.rows >= Self.smallest.rows && size.columns >= Self.smallest.columns else {
            let message = StyledText.fit(labels.pickerTooSmall, columns: columns)
            return Frame(lines: [message] + Array(repeating: "", count: max(0, size.rows - 1)), cursor: nil)
        }
        switch state.mode {
        case .list: return list(state, columns: columns)
        case let .article(page): return article(page, problem: state.problem, size: size, columns: columns)
        }
    }

    private func list(_ state: PickerState, columns: Int) -> Frame {
        let rows = state.size.rows
        let (queryLine, cursorColumn) = promptLine(state.editor, columns: columns)
        var lines = [queryLine]

        var notices: [String] = []
        if let problem = state.problem {
            notices += StyledText.wrap(style.error(Self.clean(problem)), columns: columns)
        } else if let results = state.results {
            for notice in results.notices { notices += StyledText.wrap(styled(notice), columns: columns) }
        } else {
            notices += StyledText.wrap(style.dim(labels.pickerEmpty), columns: columns)
        }
        lines += notices.prefix(max(1, (rows - 2) / Self.noticeShare))

        let rowsLeft = rows - lines.count - 1
        let resultRows = state.results?.rows ?? []
        let fitting = max(1, rowsLeft / 2)
        let first = state.selection < fitting ? 0 : state.selection - fitting + 1
        for index in resultRows.indices.dropFirst(first).prefix(fitting) where lines.count + 2 <= rows - 1 {
            lines += resultLines(resultRows[index], rank: index + 1, selected: index == state.selection, columns: columns)
        }
        while lines.count < rows - 1 { lines.append("") }
        lines.append(StyledText.fit(style.dim(labels.pickerListKeys), columns: columns))
        return Frame(lines: lines, cursor: Frame.Position(row: 0, column: cursorColumn))
    }

    /// The prompt and the query, scrolled sideways when the query is wider than the screen so that
    /// the cursor stays in view.
    private func promptLine(_ editor: LineEditor, columns: Int) -> (String, Int) {
        let prompt = StyledText.fit(labels.pickerPrompt, columns: columns)
        let promptWidth = StyledText.width(prompt)
        let room = max(1, columns - promptWidth)
        let characters = Array(editor.text)
        var start = 0
        // Leave a column for the cursor after the last character.
        while start < editor.cursor && TerminalStyle.width(String(characters[start..<editor.cursor])) > room - 1 { start += 1 }
        let shown = StyledText.fit(String(characters[start...]), columns: room)
        let cursor = promptWidth + TerminalStyle.width(String(characters[start..<editor.cursor]))
        return (style.bold(prompt) + shown, min(cursor, columns))
    }

    private func resultLines(_ row: ResultList.Row, rank: Int, selected: Bool, columns: Int) -> [String] {
        let marker = selected ? style.accent(">") : " "
        let number = "\(rank)."
        let title = selected ? style.bold(row.title) : row.title
        let head = "\(marker) \(number) \(title)  \(style.dim(row.meta))"
        let indent = String(repeating: " ", count: 3 + number.count)
        let snippet = row.snippet.marked(open: style.colors ? "\u{1B}[1;33m" : "", close: style.colors ? "\u{1B}[0m" : "",
                                         escape: { TerminalStyle.sanitize($0) })
        return [StyledText.fit(head, columns: columns), StyledText.fit(indent + snippet, columns: columns)]
    }

    private func styled(_ notice: ResultList.Notice) -> String {
        switch notice.tone {
        case .quiet: style.dim(notice.text)
        case .warning: style.accent(notice.text)
        case .plain: notice.text
        }
    }

    private func article(_ page: ArticlePage, problem: String?, size: TerminalSize, columns: Int) -> Frame {
        let text = page.wrapped(columns: columns)
        let visible = size.rows - 1
        let top = min(page.scroll, max(0, text.count - visible))
        var lines = Array(text.dropFirst(top).prefix(visible))
        while lines.count < visible { lines.append("") }
        if let problem {
            lines.append(StyledText.fit(style.error(Self.clean(problem)), columns: columns))
        } else {
            // Where the agent is first: on a narrow window the keys are what gets cut.
            let position = "\(min(top + visible, text.count))/\(text.count)  "
            lines.append(StyledText.fit(style.dim(position + labels.pickerArticleKeys), columns: columns))
        }
        return Frame(lines: lines, cursor: nil)
    }

    /// Problems quote queries and paths: nothing in them reaches the terminal as a control.
    private static func clean(_ text: String) -> String {
        TerminalStyle.sanitize(text).replacingOccurrences(of: "\n", with: " ")
    }
}
