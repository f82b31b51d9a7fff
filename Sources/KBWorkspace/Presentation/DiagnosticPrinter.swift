import Foundation
import KBCore

/// Prints diagnostics to standard error as `path:line:column: error: message (hint)`.
public struct DiagnosticPrinter {
    public let style: TerminalStyle

    public init(style: TerminalStyle) { self.style = style }

    public func format(_ diagnostic: Diagnostic) -> String {
        let severity = diagnostic.severity == .error ? style.error("error") : style.warning("warning")
        // The path is content too: a file name can hold escape sequences.
        var line = "\(TerminalStyle.sanitize(diagnostic.location.description)): \(severity): \(TerminalStyle.sanitize(diagnostic.message))"
        if let hint = diagnostic.hint { line += style.dim(" (\(TerminalStyle.sanitize(hint)))") }
        return line
    }

    public func print(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        let text = diagnostics.map(format).joined(separator: "\n") + "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }
}

extension TerminalStyle {
    public static func forStandardError(environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalStyle {
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return TerminalStyle(colors: isatty(STDERR_FILENO) == 1 && !noColor && environment["TERM"] != "dumb")
    }
}
