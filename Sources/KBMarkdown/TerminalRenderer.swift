import Foundation
import KBCore

/// How the terminal renderer styles text; the caller decides whether styles are colours or nothing.
public struct TerminalMarkup: Sendable {
    public var heading: @Sendable (String) -> String
    public var strong: @Sendable (String) -> String
    public var subtle: @Sendable (String) -> String
    /// Makes text from the file safe to print (drops control characters).
    public var clean: @Sendable (String) -> String
    /// Display width of text (wide CJK characters count two).
    public var width: @Sendable (String) -> Int

    public init(heading: @escaping @Sendable (String) -> String, strong: @escaping @Sendable (String) -> String,
                subtle: @escaping @Sendable (String) -> String, clean: @escaping @Sendable (String) -> String,
                width: @escaping @Sendable (String) -> Int) {
        self.heading = heading
        self.strong = strong
        self.subtle = subtle
        self.clean = clean
        self.width = width
    }
}

/// Renders a Markdown body as terminal text: headings, numbered and bulleted lists with indentation,
/// block quotes, code, tables with aligned columns, and footnotes where they are defined.
public enum TerminalRenderer {
    public static func render(_ markdown: String, markup: TerminalMarkup) -> String {
        guard let tree = CmarkTree(markdown) else { return markdown }
        return render(tree.document, markup: markup)
    }

    public static func render(_ document: MarkdownDocument, markup: TerminalMarkup) -> String {
        var writer = TerminalWriter(markup: markup)
        document.walk { event, node in
            if case .enter = event { writer.enter(node) } else { writer.exit(node) }
        }
        return writer.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

private struct TerminalWriter {
    let markup: TerminalMarkup
    var output = ""
    private var inline = ""
    private var prefixes: [String] = []  // indentation of open lists and quotes
    private var listNumbers: [Int?] = []
    private var pendingMarker: String?
    private var table: [[String]] = []
    private var row: [String] = []
    private var strongDepth = 0

    init(markup: TerminalMarkup) { self.markup = markup }

    mutating func enter(_ node: MarkdownDocument.Node) {
        switch node.kind {
        case let .list(kind):
            if case let .ordered(start) = kind { listNumbers.append(start) } else { listNumbers.append(nil) }
        case .item:
            let marker: String
            if let number = listNumbers.last ?? nil {
                marker = "\(number). "
                listNumbers[listNumbers.count - 1] = number + 1
            } else {
                marker = "• "
            }
            indent(marker)
        case let .footnoteDefinition(number):
            indent("[\(number)] ")
        case .blockQuote:
            prefixes.append("│ ")
        case let .text(literal), let .code(literal):
            let text = markup.clean(literal)
            inline += strongDepth > 0 ? markup.strong(text) : text
        case let .footnoteReference(number):
            inline += markup.subtle("[\(number)]")
        case .softBreak:
            if let last = inline.unicodeScalars.last, last.value < 0x2E80 { inline += " " }
        case .lineBreak:
            flushLine()
        case .strong:
            strongDepth += 1
        case let .codeBlock(_, code):
            for line in markup.clean(code).split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                emit("    " + markup.subtle(String(line)))
            }
            blankLine()
        case .thematicBreak:
            emit(markup.subtle(String(repeating: "─", count: 40)))
        case .table:
            table = []
        case .tableRow:
            row = []
        default:
            break
        }
    }

    mutating func exit(_ node: MarkdownDocument.Node) {
        switch node.kind {
        case let .heading(level):
            let text = inline
            inline = ""
            blankLine()
            emit(markup.heading((level <= 2 ? "" : "▸ ") + text))
            blankLine()
        case .paragraph:
            flushLine()
            if prefixes.isEmpty { blankLine() }
        case .item:
            flushLine()
            prefixes.removeLast()
        case .footnoteDefinition:
            flushLine()
            prefixes.removeLast()
            blankLine()
        case .list:
            listNumbers.removeLast()
            if listNumbers.isEmpty { blankLine() }
        case .blockQuote:
            prefixes.removeLast()
            blankLine()
        case .strong:
            strongDepth -= 1
        case .tableCell:
            row.append(inline)
            inline = ""
        case .tableRow:
            table.append(row)
        case .table:
            writeTable()
        default:
            break
        }
    }

    /// The next line starts with `marker`; the lines after it are indented by its width.
    private mutating func indent(_ marker: String) {
        pendingMarker = marker
        prefixes.append(String(repeating: " ", count: marker.count))
    }

    private mutating func flushLine() {
        guard !inline.isEmpty else { return }
        emit(inline)
        inline = ""
    }

    private mutating func emit(_ line: String) {
        var prefix = prefixes.joined()
        if let marker = pendingMarker {
            prefix = String(prefixes.joined().dropLast(marker.count)) + marker
            pendingMarker = nil
        }
        output += prefix + line + "\n"
    }

    private mutating func blankLine() {
        if !output.isEmpty && !output.hasSuffix("\n\n") { output += "\n" }
    }

    private mutating func writeTable() {
        let columns = table.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in table {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], markup.width(cell)) }
        }
        for (index, row) in table.enumerated() {
            let cells = (0..<columns).map { i -> String in
                let cell = i < row.count ? row[i] : ""
                let padded = cell + String(repeating: " ", count: max(0, widths[i] - markup.width(cell)))
                return index == 0 ? markup.strong(padded) : padded
            }
            emit(cells.joined(separator: "  "))
            if index == 0 { emit(markup.subtle(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))) }
        }
        table = []
        blankLine()
    }
}

import Foundation
