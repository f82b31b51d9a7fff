import CCmarkGFM
import Foundation

/// The only user of cmark-gfm. Parses a body with the GFM extensions (table, strikethrough,
/// autolink, tasklist) and footnotes, and walks the tree once, with cmark's iterator, into a
/// `MarkdownDocument`. The tree is kept until this is released, for `html`: the site's HTML is
/// cmark's own rendering of the very tree the document was read from.
final class CmarkTree {
    static let extensionNames = ["table", "strikethrough", "autolink", "tasklist"]
    static let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_FOOTNOTES

    /// Registering the core extensions mutates a global list in cmark: do it exactly once.
    private static let extensionsRegistered: Void = cmark_gfm_core_extensions_ensure_registered()

    let document: MarkdownDocument
    private let parser: OpaquePointer
    private let root: OpaquePointer
    /// cmark's node of every link and image, by its index in `document.nodes`.
    private let linkNodes: [Int: OpaquePointer]

    /// Nil only when cmark cannot allocate a parser or finish parsing.
    init?(_ markdown: String) {
        _ = Self.extensionsRegistered
        guard let parser = cmark_parser_new(Self.options) else { return nil }
        for name in Self.extensionNames {
            if let syntax = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, syntax) }
        }
        let utf8 = Array(markdown.utf8)
        utf8.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { cmark_parser_feed(parser, $0, buffer.count) }
            }
        }
        guard let root = cmark_parser_finish(parser) else {
            cmark_parser_free(parser)
            return nil
        }
        self.parser = parser
        self.root = root
        (document, linkNodes) = Self.read(root)
    }

    deinit {
        cmark_node_free(root)
        cmark_parser_free(parser)
    }

    /// cmark's HTML of the tree, safe mode (raw HTML dropped), with the destination of each link or
    /// image in `destinations` (by node index) replaced.
    func html(replacingDestinations destinations: [Int: String] = [:]) -> String {
        for (index, url) in destinations {
            if let node = linkNodes[index] { cmark_node_set_url(node, url) }
        }
        guard let html = cmark_render_html(root, Self.options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(html) }
        return String(cString: html)
    }

    // MARK: Reading the tree

    /// Walks the tree with cmark's iterator (no recursion, so deep nesting cannot overflow the stack).
    private static func read(_ root: OpaquePointer) -> (MarkdownDocument, [Int: OpaquePointer]) {
        var nodes: [MarkdownDocument.Node] = []
        var links: [Int: OpaquePointer] = [:]
        var open: [(index: Int, node: OpaquePointer)] = []
        var footnotes = 0
        guard let iterator = cmark_iter_new(root) else { return (MarkdownDocument(), [:]) }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator), node != root else { continue }
            if event == CMARK_EVENT_EXIT {
                while let last = open.popLast() {
                    nodes[last.index].end = nodes.count
                    if last.node == node { break }
                }
                continue
            }
            guard event == CMARK_EVENT_ENTER else { continue }
            let type = cmark_node_get_type(node)
            var kind = self.kind(of: node, type)
            if case .footnoteDefinition = kind {
                // Only referenced footnotes are kept, in the order of their numbers.
                footnotes += 1
                kind = .footnoteDefinition(number: footnotes)
            }
            let index = nodes.count
            nodes.append(MarkdownDocument.Node(
                kind: kind, startLine: Int(cmark_node_get_start_line(node)), endLine: Int(cmark_node_get_end_line(node)),
                end: index + 1, isBlock: type.rawValue & UInt32(CMARK_NODE_TYPE_MASK) == UInt32(CMARK_NODE_TYPE_BLOCK)))
            if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE { links[index] = node }
            if !kind.isLeaf { open.append((index, node)) }
        }
        return (MarkdownDocument(nodes: nodes), links)
    }

    private static func kind(of node: OpaquePointer, _ type: cmark_node_type) -> MarkdownDocument.Kind {
        func string(_ pointer: UnsafePointer<CChar>?) -> String { pointer.map { String(cString: $0) } ?? "" }
        let literal = { string(cmark_node_get_literal(node)) }
        switch type {
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_HEADING: return .heading(level: Int(cmark_node_get_heading_level(node)))
        case CMARK_NODE_LIST:
            return .list(cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
                ? .ordered(start: Int(cmark_node_get_list_start(node))) : .bullet)
        case CMARK_NODE_ITEM:
            let isTask = string(cmark_node_get_type_string(node)) == "tasklist"
            return .item(task: isTask ? cmark_gfm_extensions_get_tasklist_item_checked(node) : nil)
        case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
        case CMARK_NODE_CODE_BLOCK: return .codeBlock(info: string(cmark_node_get_fence_info(node)), code: literal())
        case CMARK_NODE_HTML_BLOCK: return .htmlBlock(literal())
        case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
        case CMARK_NODE_FOOTNOTE_DEFINITION: return .footnoteDefinition(number: 0)  // numbered by `read`
        case CMARK_NODE_TEXT: return .text(literal())
        case CMARK_NODE_CODE: return .code(literal())
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_HTML_INLINE: return .htmlInline(literal())
        case CMARK_NODE_EMPH: return .emphasis
        case CMARK_NODE_STRONG: return .strong
        case CMARK_NODE_LINK:
            return .link(destination: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        case CMARK_NODE_IMAGE:
            return .image(source: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        // cmark replaces a reference's label with its footnote's number.
        case CMARK_NODE_FOOTNOTE_REFERENCE: return .footnoteReference(number: Int(literal()) ?? 0)
        default:
            // The extensions' nodes have types assigned at run time: tell them by name.
            switch string(cmark_node_get_type_string(node)) {
            case "table":
                let columns = Int(cmark_gfm_extensions_get_table_columns(node))
                let alignments = cmark_gfm_extensions_get_table_alignments(node)
                return .table(alignments: (0..<columns).map { column in
                    switch alignments?[column] {
                    case UInt8(ascii: "l"): .left
                    case UInt8(ascii: "c"): .center
                    case UInt8(ascii: "r"): .right
                    default: .none
                    }
                })
            case "table_header": return .tableRow(header: true)
            case "table_row": return .tableRow(header: false)
            case "table_cell": return .tableCell
            case "strikethrough": return .strikethrough
            case let name: return .other(name)
            }
        }
    }
}
