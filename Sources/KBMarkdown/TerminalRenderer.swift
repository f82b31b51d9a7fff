import CCmarkGFM
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
/// block quotes, code, and tables with aligned columns.
public enum TerminalRenderer {
    public static func render(_ markdown: String, markup: TerminalMarkup) -> String {
        MarkdownParser.registerExtensions()
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8) else { return markdown }
        defer { cmark_parser_free(parser) }
        for name in MarkdownParser.extensionNames {
            if let syntax = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, syntax) }
        }
        cmark_parser_feed(parser, markdown, markdown.utf8.count)
        guard let document = cmark_parser_finish(parser) else { return markdown }
        defer { cmark_node_free(document) }
        var writer = TerminalWriter(markup: markup)
        writer.walk(document)
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

    mutating func walk(_ document: OpaquePointer) {
        guard let iterator = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let typeName = cmark_node_get_type_string(node).map { String(cString: $0) } ?? ""
            if event == CMARK_EVENT_ENTER { enter(node, typeName) } else { exit(node, typeName) }
        }
    }

    private mutating func enter(_ node: OpaquePointer, _ typeName: String) {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_LIST:
            listNumbers.append(cmark_node_get_list_type(node) == CMARK_ORDERED_LIST ? Int(cmark_node_get_list_start(node)) : nil)
        case CMARK_NODE_ITEM:
            let marker: String
            if let number = listNumbers.last ?? nil {
                marker = "\(number). "
                listNumbers[listNumbers.count - 1] = number + 1
            } else {
                marker = "• "
            }
            pendingMarker = marker
            prefixes.append(String(repeating: " ", count: marker.count))
        case CMARK_NODE_BLOCK_QUOTE:
            prefixes.append("│ ")
        case CMARK_NODE_TEXT, CMARK_NODE_CODE:
            let text = markup.clean(cmark_node_get_literal(node).map { String(cString: $0) } ?? "")
            inline += strongDepth > 0 ? markup.strong(text) : text
        case CMARK_NODE_SOFTBREAK:
            if let last = inline.unicodeScalars.last, last.value < 0x2E80 { inline += " " }
        case CMARK_NODE_LINEBREAK:
            flushLine()
        case CMARK_NODE_STRONG:
            strongDepth += 1
        case CMARK_NODE_CODE_BLOCK:
            let code = markup.clean(cmark_node_get_literal(node).map { String(cString: $0) } ?? "")
            for line in code.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                emit("    " + markup.subtle(String(line)))
            }
            blankLine()
        case CMARK_NODE_THEMATIC_BREAK:
            emit(markup.subtle(String(repeating: "─", count: 40)))
        default:
            if typeName == "table" { table = [] }
            if typeName == "table_row" || typeName == "table_header" { row = [] }
        }
    }

    private mutating func exit(_ node: OpaquePointer, _ typeName: String) {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_HEADING:
            let level = Int(cmark_node_get_heading_level(node))
            let text = inline
            inline = ""
            blankLine()
            emit(markup.heading((level <= 2 ? "" : "▸ ") + text))
            blankLine()
        case CMARK_NODE_PARAGRAPH:
            flushLine()
            if prefixes.isEmpty { blankLine() }
        case CMARK_NODE_ITEM:
            flushLine()
            prefixes.removeLast()
        case CMARK_NODE_LIST:
            listNumbers.removeLast()
            if listNumbers.isEmpty { blankLine() }
        case CMARK_NODE_BLOCK_QUOTE:
            prefixes.removeLast()
            blankLine()
        case CMARK_NODE_STRONG:
            strongDepth -= 1
        default:
            switch typeName {
            case "table_cell":
                row.append(inline)
                inline = ""
            case "table_row", "table_header":
                table.append(row)
            case "table":
                writeTable()
            default:
                break
            }
        }
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
