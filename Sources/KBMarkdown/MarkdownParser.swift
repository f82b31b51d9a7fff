import CCmarkGFM
import Foundation
import KBCore
import KBText

/// An article body as plain values: sections for the index, links for checks, HTML for the site.
public struct ParsedBody: Sendable, Equatable {
    public var sections: [Section]
    public var links: [BodyLink]
    /// Safe HTML (raw HTML dropped), headings carrying their anchors as ids, links to articles
    /// pointing at generated pages.
    public var html: String
}

/// The only user of cmark-gfm. Parses with the GFM extensions (table, strikethrough, autolink,
/// tasklist), walks the tree once into Swift values, and frees the C tree before returning.
public enum MarkdownParser {
    static let extensionNames = ["table", "strikethrough", "autolink", "tasklist"]

    /// Registering the core extensions mutates a global list in cmark: do it exactly once.
    private static let extensionsRegistered: Void = cmark_gfm_core_extensions_ensure_registered()

    static func registerExtensions() { _ = extensionsRegistered }

    /// - Parameters:
    ///   - markdown: the body, without front matter.
    ///   - id: the article's id, to resolve relative links.
    ///   - firstLine: the line of the source file where the body starts, so positions are the file's.
    ///   - html: false leaves `html` empty (checking content needs sections and links only).
    public static func parse(_ markdown: String, id: ArticleID, firstLine: Int = 1, html wantsHTML: Bool = true) -> ParsedBody {
        registerExtensions()
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_FOOTNOTES
        guard let parser = cmark_parser_new(options) else { return ParsedBody(sections: [], links: [], html: "") }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let syntax = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, syntax) }
        }
        let utf8 = Array(markdown.utf8)
        utf8.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { cmark_parser_feed(parser, $0, buffer.count) }
            }
        }
        guard let document = cmark_parser_finish(parser) else { return ParsedBody(sections: [], links: [], html: "") }
        defer { cmark_node_free(document) }

        var walker = TreeWalker(id: id, firstLine: firstLine, sourceLines: markdown.components(separatedBy: "\n"))
        walker.walk(document)
        guard wantsHTML else { return ParsedBody(sections: walker.sections, links: walker.links, html: "") }
        let html = render(document, extensions: cmark_parser_get_syntax_extensions(parser), options: options)
        return ParsedBody(sections: walker.sections, links: walker.links,
                          html: HTMLPostProcessor.process(html, headingAnchors: walker.headingAnchors))
    }

    private static func render(_ document: OpaquePointer, extensions: UnsafeMutablePointer<cmark_llist>?, options: Int32) -> String {
        guard let html = cmark_render_html(document, options, extensions) else { return "" }
        defer { free(html) }
        return String(cString: html)
    }
}

/// Walks cmark's tree with its iterator (no recursion, so deeply nested input cannot overflow the
/// stack), collecting sections, plain text and links.
private struct TreeWalker {
    let id: ArticleID
    let firstLine: Int
    let sourceLines: [String]

    var sections: [Section] = []
    var links: [BodyLink] = []
    /// Anchors of all headings (any level) in document order, for the HTML ids.
    var headingAnchors: [String] = []

    private var headings: [(level: Int, text: String, line: Int)] = []
    private var text = ""
    private var headingText: String?
    private var sectionHeading: (level: Int, line: Int, headingIndex: Int)?
    private var leadLine: Int?
    private var blockLine = 1
    private var blockEndLine = 1
    /// Where the previous link of the current block was found, so that a destination written twice
    /// in one block gets the position of each occurrence.
    private var linkSearchStart: (line: Int, column: Int)?
    /// Next number of each open ordered list (nil for bullet lists), innermost last.
    private var listNumbers: [Int?] = []

    init(id: ArticleID, firstLine: Int, sourceLines: [String]) {
        self.id = id
        self.firstLine = firstLine
        self.sourceLines = sourceLines
    }

    mutating func walk(_ document: OpaquePointer) {
        guard let iterator = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            if event == CMARK_EVENT_ENTER { enter(node) } else if event == CMARK_EVENT_EXIT { exit(node) }
        }
        finishSection()
        let anchors = Anchor.uniqueSlugs(headings.map(\.text))
        headingAnchors = anchors
        for index in sections.indices {
            if let headingIndex = sections[index].anchor.flatMap(Int.init) {
                sections[index].anchor = anchors[headingIndex]
            }
        }
    }

    private mutating func enter(_ node: OpaquePointer) {
        let type = cmark_node_get_type(node)
        if type.rawValue & UInt32(CMARK_NODE_TYPE_MASK) == UInt32(CMARK_NODE_TYPE_BLOCK), type != CMARK_NODE_DOCUMENT {
            let line = Int(cmark_node_get_start_line(node))
            if line > 0 {
                blockLine = line
                linkSearchStart = nil
                blockEndLine = max(line, Int(cmark_node_get_end_line(node)))
                if leadLine == nil { leadLine = line }
            }
        }
        switch type {
        case CMARK_NODE_HEADING:
            let level = Int(cmark_node_get_heading_level(node))
            headingText = ""
            if level <= 3 {
                finishSection()
                sectionHeading = (level, blockLine, headings.count)
            }
        case CMARK_NODE_TEXT, CMARK_NODE_CODE:
            append(literal(node))
        case CMARK_NODE_CODE_BLOCK:
            append(literal(node))
            newline()
        case CMARK_NODE_LIST:
            let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
            listNumbers.append(ordered ? Int(cmark_node_get_list_start(node)) : nil)
        case CMARK_NODE_ITEM:
            // Step numbers are content ("3. 重启机器"); bullets are not.
            if let number = listNumbers.last ?? nil {
                append("\(number). ")
                listNumbers[listNumbers.count - 1] = number + 1
            }
        case CMARK_NODE_SOFTBREAK:
            // Chinese lines join without a space; Latin words keep one.
            if let last = (headingText ?? text).unicodeScalars.last, last.value < 0x2E80 { append(" ") }
        case CMARK_NODE_LINEBREAK:
            append(" ")
        case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
            recordLink(node, kind: type == CMARK_NODE_IMAGE ? .image : .link)
        default:
            break
        }
    }

    private mutating func exit(_ node: OpaquePointer) {
        let type = cmark_node_get_type(node)
        switch type {
        case CMARK_NODE_HEADING:
            let heading = (headingText ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            headings.append((Int(cmark_node_get_heading_level(node)), heading, blockLine))
            headingText = nil
            if Int(cmark_node_get_heading_level(node)) > 3 {
                append(heading)
                newline()
            }
        case CMARK_NODE_PARAGRAPH, CMARK_NODE_ITEM, CMARK_NODE_BLOCK_QUOTE:
            newline()
        case CMARK_NODE_LIST:
            listNumbers.removeLast()
            newline()
        default:
            if let name = cmark_node_get_type_string(node).map({ String(cString: $0) }) {
                if name == "table_cell" { append(" ") } else if name == "table_row" || name == "table_header" { newline() }
            }
        }
    }

    private mutating func append(_ piece: String) {
        if headingText != nil { headingText! += piece } else { text += piece }
    }

    private mutating func newline() {
        guard headingText == nil, !text.isEmpty, text.last != "\n" else { return }
        text += "\n"
    }

    private func literal(_ node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    /// Closes the section being collected (the lead if no heading has been seen yet).
    private mutating func finishSection() {
        let body = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "\n")
        if let heading = sectionHeading {
            sections.append(Section(index: sections.count, heading: headings[heading.headingIndex].text,
                                    level: heading.level, anchor: String(heading.headingIndex), text: body,
                                    line: heading.line + firstLine - 1))
        } else if sections.isEmpty {
            sections.append(Section(index: 0, heading: nil, level: 0, anchor: nil, text: body,
                                    line: (leadLine ?? 1) + firstLine - 1))
        }
        text = ""
        sectionHeading = nil
    }

    /// Records a link with its position in the file, and points article links at generated pages.
    private mutating func recordLink(_ node: OpaquePointer, kind: BodyLink.Kind) {
        let destination = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
        let target = LinkResolver.target(of: destination, from: id)
        let (line, column) = position(of: destination)
        links.append(BodyLink(kind: kind, destination: destination, target: target,
                              line: line + firstLine - 1, column: column))
        if let url = LinkResolver.siteURL(for: target, from: id) {
            cmark_node_set_url(node, url)
        }
    }

    /// cmark 0.29 keeps positions for blocks only; find the destination's text within the block
    /// (for an empty destination, the `(` of `]()`).
    private mutating func position(of destination: String) -> (line: Int, column: Int) {
        let needle = destination.isEmpty ? "]()" : destination
        let startLine = linkSearchStart?.line ?? blockLine
        for line in startLine...max(startLine, blockEndLine) where line - 1 < sourceLines.count && line >= 1 {
            let source = sourceLines[line - 1]
            var from = source.startIndex
            if let start = linkSearchStart, start.line == line {
                from = source.index(source.startIndex, offsetBy: start.column, limitedBy: source.endIndex) ?? source.endIndex
            }
            if let range = source.range(of: needle, range: from..<source.endIndex) {
                let offset = source.distance(from: source.startIndex, to: range.lowerBound)
                linkSearchStart = (line, offset + needle.count)
                return (line, offset + 1 + (destination.isEmpty ? 1 : 0))
            }
        }
        return (blockLine, 1)
    }
}
