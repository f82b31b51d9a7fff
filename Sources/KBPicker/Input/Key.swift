/// One key press (or one paste) as the picker understands it, decoded from terminal bytes.
public enum Key: Equatable, Sendable {
    /// Printable text typed or arriving in one read: one or more characters, never a control.
    case text(String)
    /// A bracketed paste, with line breaks and tabs already turned into spaces (a pasted merchant
    /// message must not press Enter halfway through).
    case paste(String)
    case enter, tab, backspace, delete, escape
    case up, down, left, right, home, end, pageUp, pageDown
    /// Ctrl plus a letter, as the lowercase letter: `.control("c")` is Ctrl-C (byte 3).
    case control(Character)
}
