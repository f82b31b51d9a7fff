/// A Markdown body as Swift values. One walk of cmark-gfm's tree makes it (`CmarkTree`), and
/// everything that reads a body reads it, never the C tree: the index's sections and links
/// (`BodyText`) and `kb show`'s terminal text (`TerminalRenderer`); the site's HTML is cmark's
/// rendering of the same tree.
///
/// Nodes are stored flat, in document order, each followed by its descendants: walking them needs
/// no recursion, and hostile input nests 10,000 deep.
public struct MarkdownDocument: Sendable, Equatable {
    public struct Node: Sendable, Equatable {
        public var kind: Kind
        /// The body's lines the node starts and ends on, as cmark reports them (0 when it does not
        /// know, as for soft breaks). Link positions are searched for from their block's lines.
        public var startLine: Int
        public var endLine: Int
        /// The index after the node's last descendant: its children are `index + 1 ..< end`.
        public var end: Int
        /// A block (paragraph, list, table cell…) rather than an inline (text, link…).
        public var isBlock: Bool
    }

    public enum Kind: Sendable, Equatable {
        // Blocks
        case paragraph
        case heading(level: Int)
        case list(ListKind)
        /// A list item; `task` is set for `- [ ]` and `- [x]` items (true when checked).
        case item(task: Bool?)
        case blockQuote
        case codeBlock(info: String, code: String)
        case htmlBlock(String)
        case thematicBreak
        case table(alignments: [TableAlignment])
        case tableRow(header: Bool)
        case tableCell
        /// A footnote's text, numbered as its first reference is: cmark moves them to the end.
        case footnoteDefinition(number: Int)
        // Inlines
        case text(String)
        case code(String)
        case softBreak
        case lineBreak
        case htmlInline(String)
        case emphasis
        case strong
        case strikethrough
        case link(destination: String, title: String)
        case image(source: String, title: String)
        case footnoteReference(number: Int)
        /// A node of a type kb does not know (by cmark's name for it); its children are kept.
        case other(String)

        /// Nodes that never have children: a walk enters them and does not exit them.
        public var isLeaf: Bool {
            switch self {
            case .codeBlock, .htmlBlock, .thematicBreak, .text, .code, .softBreak, .lineBreak, .htmlInline: true
            default: false
            }
        }
    }

    public enum ListKind: Sendable, Equatable {
        case bullet
        case ordered(start: Int)
    }

    public enum TableAlignment: Sendable, Equatable {
        case none, left, center, right
    }

    /// The document's descendants in document order (the document node itself is not one).
    public var nodes: [Node]

    public init(nodes: [Node] = []) {
        self.nodes = nodes
    }

    public enum Event: Sendable, Equatable {
        case enter(Int)
        /// After every descendant of the node; never for leaves (`Kind.isLeaf`).
        case exit(Int)
    }

    /// Calls `visit` on entering every node and on leaving every node that is not a leaf, in
    /// document order: the events of cmark's own iterator.
    public func walk(_ visit: (Event, Node) throws -> Void) rethrows {
        var open: [Int] = []
        for index in nodes.indices {
            while let last = open.last, nodes[last].end <= index {
                open.removeLast()
                try visit(.exit(last), nodes[last])
            }
            try visit(.enter(index), nodes[index])
            if !nodes[index].kind.isLeaf { open.append(index) }
        }
        while let last = open.popLast() { try visit(.exit(last), nodes[last]) }
    }
}
