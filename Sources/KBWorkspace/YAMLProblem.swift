import Foundation
import Yams

/// A YAML error from Yams turned into something an editor can act on: where it is (in the YAML
/// text, from 1), what is wrong, and what usually fixes it. Shared by front matter, synonyms and kb.yml.
struct YAMLProblem: Equatable {
    var position: TextPosition
    var message: String
    var hint: String
    /// Set when the problem is a key written twice in one mapping: the key and the line of its first use.
    var duplicateKey: (key: String, firstLine: Int)?

    init(position: TextPosition, message: String, hint: String, duplicateKey: (String, Int)? = nil) {
        self.position = position
        self.message = message
        self.hint = hint
        self.duplicateKey = duplicateKey
    }

    static func == (lhs: YAMLProblem, rhs: YAMLProblem) -> Bool {
        (lhs.position, lhs.message, lhs.hint) == (rhs.position, rhs.message, rhs.hint)
            && lhs.duplicateKey?.key == rhs.duplicateKey?.key && lhs.duplicateKey?.firstLine == rhs.duplicateKey?.firstLine
    }

    /// The hint for a duplicate key, with the first use's line shifted by `offset` (the YAML's place in its file).
    func duplicateHint(lineOffset offset: Int) -> String {
        guard let duplicateKey else { return hint }
        return "keep one of the two; the first is on line \(duplicateKey.firstLine + offset)"
    }

    init(_ error: any Error, yaml: String) {
        guard let error = error as? YamlError else {
            self.init(position: TextPosition(line: 1), message: "\(error)", hint: Self.genericHint)
            return
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            // An unclosed quote or bracket is reported where the text ends; where it opened helps more.
            let unclosed = problem.contains("end of stream") || problem.contains("expected ',' or")
            let at = unclosed ? (context?.mark ?? mark) : mark
            let position = TextPosition(line: at.line, column: at.column)
            let character = Self.character(at: position, in: yaml)
            let message = context.map { "\(problem) \($0.text)" } ?? problem
            self.init(position: position, message: message, hint: Self.hint(for: problem, character: character))
        case let .duplicatedKeysInMapping(duplicates, _):
            let key = duplicates.first ?? ""
            let lines = Self.keyLines(key, in: yaml)
            let line = lines.count > 1 ? lines[1] : lines.first ?? 1
            self.init(position: TextPosition(line: line), message: "`\(key)` appears twice",
                      hint: "keep one of the two", duplicateKey: (key, lines.first ?? 1))
        case let .reader(problem, offset, _, _):
            let position = offset.map { Self.position(ofCharacter: $0, in: yaml) } ?? TextPosition(line: 1)
            self.init(position: position, message: problem, hint: "remove the control character or save the file as UTF-8")
        default:
            self.init(position: TextPosition(line: 1), message: "\(error)", hint: Self.genericHint)
        }
    }

    static let genericHint = "check the quoting and indentation of this line (content/README.md lists the characters to avoid)"

    static func hint(for problem: String, character: Character?) -> String {
        if character == "\t" { return "indent with spaces, not tabs" }
        if problem.contains("mapping values are not allowed") {
            return "the value contains `: ` (a colon and a space): use the full-width colon `：` or put the value in quotes"
        }
        if problem.contains("cannot start any token") {
            return "a value starts with a character YAML reserves (such as ` @ % | >): put the value in quotes"
        }
        if problem.contains("end of stream") {
            return "a quote or bracket opened here is never closed"
        }
        if problem.contains("expected ',' or ']'") || problem.contains("expected ',' or '}'") {
            return "the list opened here is not closed: end it with `]`, and quote any item that contains `,` `[` or `]`"
        }
        if problem.contains("expected key") || problem.contains("expected '-' indicator") || problem.contains("block end") {
            return "line up this line with the other fields or list items (same number of leading spaces)"
        }
        return genericHint
    }

    /// Lines (from 1) where `key:` starts a line, ignoring indentation.
    static func keyLines(_ key: String, in yaml: String) -> [Int] {
        var result: [Int] = []
        for (index, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " }
            for form in [key, "\"\(key)\"", "'\(key)'"] where trimmed.hasPrefix(form) {
                if trimmed.dropFirst(form.count).drop(while: { $0 == " " }).first == ":" {
                    result.append(index + 1)
                    break
                }
            }
        }
        return result
    }

    private static func character(at position: TextPosition, in yaml: String) -> Character? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        guard position.line >= 1, position.line <= lines.count else { return nil }
        let scalars = lines[position.line - 1].unicodeScalars
        guard position.column >= 1, position.column <= scalars.count else { return nil }
        return Character(scalars[scalars.index(scalars.startIndex, offsetBy: position.column - 1)])
    }

    private static func position(ofCharacter offset: Int, in yaml: String) -> TextPosition {
        var line = 1, column = 1
        for character in yaml.prefix(offset) {
            if character == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return TextPosition(line: line, column: column)
    }
}
