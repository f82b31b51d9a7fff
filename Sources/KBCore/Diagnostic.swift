/// A place in a source file. Lines and columns count from 1; column counts characters.
public struct SourceLocation: Hashable, Codable, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int = 1, column: Int = 1) {
        self.path = path
        self.line = line
        self.column = column
    }

    public var description: String { "\(path):\(line):\(column)" }
}

/// One problem found in content, reported the way compilers do:
/// `path:line:column: error: message`. Collected, never thrown.
public struct Diagnostic: Hashable, Codable, Sendable, CustomStringConvertible {
    public enum Severity: String, Codable, Sendable, Comparable {
        case warning, error
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .warning && rhs == .error }
    }

    public var severity: Severity
    public var location: SourceLocation
    /// A stable name of the rule that fired, for `--format json` and tests.
    public var rule: String
    public var message: String
    public var hint: String?

    public init(_ severity: Severity, _ location: SourceLocation, rule: String,
                _ message: String, hint: String? = nil) {
        self.severity = severity
        self.location = location
        self.rule = rule
        self.message = message
        self.hint = hint
    }

    public static func error(_ location: SourceLocation, rule: String, _ message: String,
                             hint: String? = nil) -> Diagnostic {
        Diagnostic(.error, location, rule: rule, message, hint: hint)
    }

    public static func warning(_ location: SourceLocation, rule: String, _ message: String,
                               hint: String? = nil) -> Diagnostic {
        Diagnostic(.warning, location, rule: rule, message, hint: hint)
    }

    public var description: String {
        var text = "\(location): \(severity.rawValue): \(message)"
        if let hint { text += " (\(hint))" }
        return text
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Sorted by file, then position, then message: output is deterministic.
    public func sortedForDisplay() -> [Diagnostic] {
        sorted {
            ($0.location.path, $0.location.line, $0.location.column, $0.message)
                < ($1.location.path, $1.location.line, $1.location.column, $1.message)
        }
    }
}

/// A diagnostic can also be thrown where one problem ends the work (a file that cannot be split).
extension Diagnostic: Error {}
