import KBCore
import Testing
@testable import KBMarkdown

/// The one reading of a body into Swift values (`CmarkTree` → `MarkdownDocument`) that the index,
/// the site and the terminal all derive from.
@Suite struct MarkdownDocumentTests {
    static let body = """
        开头**加粗**和*强调*，~~删除~~，`代码`。
        第二行

        ## 步骤

        1. 第一步 [链接](../fixes/a.md#步骤 "标题")
        2. ![图](images/a.png)
           - [x] 完成

        > 引用

        | 左 | 右 |
        |:---|---:|
        | a | b |

        ```sh
        echo 1
        ```

        ---

        <div>块</div>

        正文[^n]

        [^n]: 脚注
        """

    typealias Kind = MarkdownDocument.Kind

    static let document = CmarkTree(body)!.document

    @Test func everyConstructIsAValue() {
        let kinds = Self.document.nodes.map(\.kind)
        let expected: [Kind] = [
            .paragraph, .text("开头"), .strong, .text("加粗"), .text("和"), .emphasis, .text("强调"), .text("，"),
            .strikethrough, .text("删除"), .text("，"), .code("代码"), .text("。"), .softBreak, .text("第二行"),
            .heading(level: 2), .text("步骤"),
            .list(.ordered(start: 1)),
            .item(task: nil), .paragraph, .text("第一步 "), .link(destination: "../fixes/a.md#步骤", title: "标题"), .text("链接"),
            .item(task: nil), .paragraph, .image(source: "images/a.png", title: ""), .text("图"),
            .list(.bullet), .item(task: true), .paragraph, .text("完成"),
            .blockQuote, .paragraph, .text("引用"),
            .table(alignments: [.left, .right]), .tableRow(header: true), .tableCell, .text("左"), .tableCell, .text("右"),
            .tableRow(header: false), .tableCell, .text("a"), .tableCell, .text("b"),
            .codeBlock(info: "sh", code: "echo 1\n"),
            .thematicBreak,
            .htmlBlock("<div>块</div>\n"),
            .paragraph, .text("正文"), .footnoteReference(number: 1),
            .footnoteDefinition(number: 1), .paragraph, .text("脚注"),
        ]
        #expect(kinds == expected)
        let blocks = Self.document.nodes.filter(\.isBlock).map(\.kind)
        #expect(blocks.first == .paragraph && !blocks.contains(.text("开头")))
    }

    @Test func nodesKnowTheirLinesAndDescendants() throws {
        let nodes = Self.document.nodes
        let heading = try #require(nodes.firstIndex { $0.kind == .heading(level: 2) })
        #expect(nodes[heading].startLine == 4 && nodes[heading].endLine == 4)
        #expect(nodes[heading].end == heading + 2, "the heading holds its one text")
        let list = try #require(nodes.firstIndex { $0.kind == .list(.ordered(start: 1)) })
        #expect(nodes[list].startLine == 6 && nodes[list].endLine == 9, "up to the blank line that ends it")
        #expect(nodes[list].end == nodes.firstIndex { $0.kind == .blockQuote })
        let table = try #require(nodes.firstIndex { if case .table = $0.kind { true } else { false } })
        #expect(nodes[table].startLine == 12 && nodes[table].endLine == 14 && nodes[table + 1].kind == .tableRow(header: true))
    }

    /// The walk gives the events of cmark's iterator: every container entered and left around its
    /// children, leaves entered only.
    @Test func theWalkNestsEnterAndExit() {
        var open: [Int] = []
        var leaves = 0
        Self.document.walk { event, node in
            switch event {
            case let .enter(index):
                if node.kind.isLeaf { leaves += 1 } else { open.append(index) }
                #expect(open.dropLast(node.kind.isLeaf ? 0 : 1).allSatisfy { Self.document.nodes[$0].end > index })
            case let .exit(index):
                #expect(open.popLast() == index)
            }
        }
        #expect(open.isEmpty)
        #expect(leaves == Self.document.nodes.filter(\.kind.isLeaf).count)
    }

    /// Sections, links and the terminal text all come from the same document.
    @Test func theTerminalRendersTheSameDocument() {
        let plain = TerminalMarkup(heading: { $0 }, strong: { $0 }, subtle: { $0 }, clean: { $0 }, width: { $0.count })
        let text = TerminalRenderer.render(Self.document, markup: plain)
        #expect(text == TerminalRenderer.render(Self.body, markup: plain))
        #expect(text.contains("1. 第一步 链接\n2. 图\n   • 完成"))
        #expect(text.contains("│ 引用"))
        #expect(text.contains("左  右\n─  ─\na  b"))
        #expect(text.contains("    echo 1"))
        #expect(text.hasSuffix("正文[1]\n\n[1] 脚注"), "a footnote is numbered where it is referenced and printed where cmark puts it")
    }

    @Test func anEmptyBodyHasNoNodes() {
        #expect(CmarkTree("")?.document == MarkdownDocument())
        #expect(TerminalRenderer.render(MarkdownDocument(), markup: .plain) == "")
    }

    /// The page's links point at generated pages; the document keeps what the editor wrote.
    @Test func theHTMLRewritesLinksTheDocumentDoesNot() {
        let parsed = MarkdownParser.parse(Self.body, id: "fixes/b")
        #expect(parsed.html.contains("href=\"../fixes/a.html#"))
        #expect(Self.document.nodes.contains { $0.kind == .link(destination: "../fixes/a.md#步骤", title: "标题") })
        #expect(parsed.links.map(\.destination) == ["../fixes/a.md#步骤", "images/a.png"])
    }
}
