import Foundation
import KBCore
import KBText

/// What the index and the checks read from a body: its sections (a lead, then one per heading of
/// level 1 to 3) as plain text, its links with their positions in the file, and each heading's
/// anchor. Also where each link to an article points on the site.
struct BodyText {
    private(set) var sections: [Section] = []
    private(set) var links: [BodyLink] = []
    /// Anchors of all headings (any level) in document order, for the HTML ids.
    private(set) var headingAnchors: [String] = []
    /// The site URL of every link or image that points at an article, by node index.
    private(set) var siteURLs: [Int: String] = [:]

    private let id: ArticleID
    private let firstLine: Int
    private let sourceLines: [String]

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

    /// - Parameters:
    ///   - source: the Markdown the document was read from, to find where each link is written.
    init(_ document: MarkdownDocument, id: ArticleID, firstLine: Int, source: String) {
        self.id = id
        self.firstLine = firstLine
        self.sourceLines = source.components(separatedBy: "\n")
        document.walk { event, node in
            switch event {
            case let .enter(index): enter(node, index)
            case .exit: exit(node)
            }
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

    private mutating func enter(_ node: MarkdownDocument.Node, _ index: Int) {
        if node.isBlock, node.startLine > 0 {
            blockLine = node.startLine
            linkSearchStart = nil
            blockEndLine = max(node.startLine, node.endLine)
            if leadLine == nil { leadLine = node.startLine }
        }
        switch node.kind {
        case let .heading(level):
            headingText = ""
            if level <= 3 {
                finishSection()
                sectionHeading = (level, blockLine, headings.count)
            }
        case let .text(literal), let .code(literal):
            append(literal)
        case let .codeBlock(_, code):
            append(code)
            newline()
        case let .list(kind):
            if case let .ordered(start) = kind { listNumbers.append(start) } else { listNumbers.append(nil) }
        case .item:
            // Step numbers are content ("3. 重启机器"); bullets are not.
            if let number = listNumbers.last ?? nil {
                append("\(number). ")
                listNumbers[listNumbers.count - 1] = number + 1
            }
        case .softBreak:
            // Chinese lines join without a space; Latin words keep one.
            if let last = (headingText ?? text).unicodeScalars.last, last.value < 0x2E80 { append(" ") }
        case .lineBreak:
            append(" ")
        case let .link(destination, _):
            recordLink(destination, kind: .link, node: index)
        case let .image(source, _):
            recordLink(source, kind: .image, node: index)
        default:
            break
        }
    }

    private mutating func exit(_ node: MarkdownDocument.Node) {
        switch node.kind {
        case let .heading(level):
            let heading = (headingText ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            headings.append((level, heading, blockLine))
            headingText = nil
            if level > 3 {
                append(heading)
                newline()
            }
        case .paragraph, .item, .blockQuote:
            newline()
        case .list:
            listNumbers.removeLast()
            newline()
        case .tableCell:
            append(" ")
        case .tableRow:
            newline()
        default:
            break
        }
    }

    private mutating func append(_ piece: String) {
        if headingText != nil { headingText! += piece } else { text += piece }
    }

    private mutating func newline() {
        guard headingText == nil, !text.isEmpty, text.last != "\n" else { return }
        text += "\n"
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

    /// Records a link with its position in the file, and where it points on the site.
    private mutating func recordLink(_ destination: String, kind: BodyLink.Kind, node: Int) {
        let target = LinkResolver.target(of: destination, from: id)
        let (line, column) = position(of: destination)
        links.append(BodyLink(kind: kind, destination: destination, target: target,
                              line: line + firstLine - 1, column: column))
        if let url = LinkResolver.siteURL(for: target, from: id) {
            siteURLs[node] = url
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
