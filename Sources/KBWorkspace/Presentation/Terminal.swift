import Foundation

/// How text reaches the terminal: styles only on a TTY and never with `NO_COLOR`, and never a
/// control character from content (which could move the cursor or retitle the window).
public struct TerminalStyle: Sendable {
    public let colors: Bool

    public init(colors: Bool) { self.colors = colors }

    /// Colours when standard output is a terminal and `NO_COLOR` is unset (https://no-color.org).
    public static func forStandardOutput(environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalStyle {
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return TerminalStyle(colors: isatty(STDOUT_FILENO) == 1 && !noColor && environment["TERM"] != "dumb")
    }

    public func bold(_ text: String) -> String { wrap(text, "1") }
    public func dim(_ text: String) -> String { wrap(text, "2") }
    public func highlight(_ text: String) -> String { wrap(text, "1;33") }
    public func accent(_ text: String) -> String { wrap(text, "36") }
    public func error(_ text: String) -> String { wrap(text, "1;31") }
    public func warning(_ text: String) -> String { wrap(text, "1;35") }

    private func wrap(_ text: String, _ code: String) -> String {
        colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// Removes C0/C1 control characters (escape sequences included) except newline and tab.
    public static func sanitize<S: StringProtocol>(_ text: S) -> String {
        // Almost all text holds nothing to remove: copying it scalar by scalar dominated printing
        // the warnings of a large knowledge base.
        if !text.unicodeScalars.contains(where: isHidden) { return String(text) }
        var clean = ""
        clean.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if !isHidden(scalar) { clean.unicodeScalars.append(scalar) }
        }
        return clean
    }

    /// Controls other than newline and tab, and the invisible characters below.
    private static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v == 0x0A || v == 0x09 { return false }
        return v < 0x20 || isInvisibleControl(scalar)
    }

    /// DEL and C1 controls (U+009B starts an escape sequence on some terminals), line separators
    /// and bidirectional overrides that can disguise text: what must never reach a terminal raw
    /// beyond the C0 controls.
    public static func isInvisibleControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029
            || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    /// Display width: East Asian wide characters take two columns.
    public static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            let v = scalar.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v)
            let zero = scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark
            return total + (zero ? 0 : wide ? 2 : 1)
        }
    }
}
