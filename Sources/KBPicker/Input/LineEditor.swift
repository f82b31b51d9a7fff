import KBWorkspace

/// The query line: text and a cursor counted in characters (grapheme clusters), so that Backspace
/// removes one whole 账 or é, never one byte or one combining mark of it.
public struct LineEditor: Equatable, Sendable {
    public private(set) var text: String
    /// Characters before the cursor.
    public private(set) var cursor: Int

    /// Longer queries than this are not questions; the search would cut them anyway.
    public static let maxCharacters = 200

    public init(_ text: String = "") {
        self.text = ""
        cursor = 0
        insert(text)
    }

    /// Inserts at the cursor, without control characters (a tab or line break becomes a space).
    public mutating func insert(_ typed: String) {
        var clean = String.UnicodeScalarView()
        for scalar in typed.unicodeScalars {
            if scalar == "\t" || scalar == "\n" || scalar == "\r" {
                clean.append(" ")
            } else if scalar.value >= 0x20 && !TerminalStyle.isInvisibleControl(scalar) {
                clean.append(scalar)
            }
        }
        guard !clean.isEmpty else { return }
        let room = Self.maxCharacters - text.count
        guard room > 0 else { return }
        let before = String(text.prefix(cursor)) + String(String(clean).prefix(room))
        text = before + text.dropFirst(cursor)
        // A combining mark joins the character before it: count what is before the cursor anew.
        cursor = min(before.count, text.count)
    }

    public mutating func backspace() {
        guard cursor > 0 else { return }
        let before = cursor - 1
        remove(from: before, to: cursor)
        cursor = min(before, text.count)
    }

    public mutating func deleteForward() {
        guard cursor < text.count else { return }
        remove(from: cursor, to: cursor + 1)
    }

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(text.count, cursor + 1) }
    public mutating func moveToStart() { cursor = 0 }
    public mutating func moveToEnd() { cursor = text.count }

    /// Ctrl-U, as in a shell: everything before the cursor.
    public mutating func deleteToStart() {
        let end = cursor
        remove(from: 0, to: end)
        cursor = 0
    }

    /// Ctrl-W: the word before the cursor and the spaces after it. Chinese has no spaces between
    /// words, so a run of Chinese goes as one word, as it does in a shell.
    public mutating func deleteWordBackward() {
        let characters = Array(text)
        var start = cursor
        while start > 0 && characters[start - 1] == " " { start -= 1 }
        while start > 0 && characters[start - 1] != " " { start -= 1 }
        remove(from: start, to: cursor)
        cursor = min(start, text.count)
    }

    /// Display columns before the cursor: where the terminal cursor goes (wide characters take two).
    public var cursorColumn: Int { TerminalStyle.width(String(text.prefix(cursor))) }

    /// Removing a character can join its neighbours into one (a letter and a combining mark):
    /// the cursor never points past the end.
    private mutating func remove(from start: Int, to end: Int) {
        text = String(text.prefix(start)) + text.dropFirst(end)
        cursor = min(cursor, text.count)
    }
}
