import KBCore
import Testing
@testable import KBMarkdown

@Suite struct SectionSplittingTests {
    static let body = """
        刷卡成功但钱没到，先看交易记录。

        ## 先确认交易状态

        打开**交易记录**，找到这笔交易，看`状态`一栏。

        ### 状态是“处理中”

        1. 等五分钟再查。
        2. 仍然是处理中，联系[服务商](../fixes/contact-support.md#准备这些信息)。

        #### 小提示

        保留小票。

        ## 先确认交易状态

        | 状态 | 含义 |
        |---|---|
        | 成功 | 已扣款 |

        ## Wi-Fi 和 4G：怎么切换？

        - 打开设置
          - 选择网络
        > 切换后重启。

        ## ！！！

        ~~旧方法~~不要再用。
        """

    private let parsed = MarkdownParser.parse(SectionSplittingTests.body, id: "causes/network", firstLine: 12)

    @Test func leadAndSectionsAtH2AndH3() {
        #expect(parsed.sections.map(\.heading) == [nil, "先确认交易状态", "状态是“处理中”", "先确认交易状态", "Wi-Fi 和 4G：怎么切换？", "！！！"])
        #expect(parsed.sections.map(\.level) == [0, 2, 3, 2, 2, 2])
        #expect(parsed.sections.map(\.index) == Array(0..<6))
    }

    @Test func linesAreTheFileLines() {
        // The body starts at line 12 of its file.
        #expect(parsed.sections.map(\.line) == [12, 14, 18, 27, 33, 39])
        let link = parsed.links.first
        #expect(link?.line == 21)
        #expect(link?.column == 19)
        #expect(link?.target == .article("fixes/contact-support", anchor: "准备这些信息"))
    }

    @Test func anchorsAreStableUniqueAndKeepChinese() {
        #expect(parsed.sections.map(\.anchor) == [nil, "先确认交易状态", "状态是处理中", "先确认交易状态-1", "wi-fi-和-4g怎么切换", "section-6"])
        #expect(parsed.html.contains("<h2 id=\"先确认交易状态\">"))
        #expect(parsed.html.contains("<h2 id=\"先确认交易状态-1\">"))
        // H4 headings get ids too, but do not start a section.
        #expect(parsed.html.contains("<h4 id=\"小提示\">"))
    }

    @Test func sectionTextIsPlainText() {
        #expect(parsed.sections[0].text == "刷卡成功但钱没到，先看交易记录。")
        #expect(parsed.sections[1].text == "打开交易记录，找到这笔交易，看状态一栏。")
        #expect(parsed.sections[2].text == "1. 等五分钟再查。\n2. 仍然是处理中，联系服务商。\n小提示\n保留小票。")
        #expect(parsed.sections[3].text == "状态 含义\n成功 已扣款")
        #expect(parsed.sections[4].text == "打开设置\n选择网络\n切换后重启。")
        #expect(parsed.sections[5].text == "旧方法不要再用。")
        for section in parsed.sections {
            for syntax in ["**", "`", "](", "|", "<", "#", "~~", "> "] {
                #expect(!section.text.contains(syntax), "\(section.heading ?? "lead") keeps `\(syntax)`")
            }
        }
    }

    @Test func articleLinksPointAtPagesInTheHTML() {
        // cmark percent-encodes the fragment; browsers decode it back to the heading's id.
        #expect(parsed.html.contains("href=\"../fixes/contact-support.html#%E5%87%86%E5%A4%87%E8%BF%99%E4%BA%9B%E4%BF%A1%E6%81%AF\""))
        #expect(!parsed.html.contains(".md"))
    }

    @Test func anEmptyBodyIsOneEmptyLead() {
        let empty = MarkdownParser.parse("", id: "fixes/x")
        #expect(empty.sections.count == 1)
        #expect(empty.sections[0].heading == nil && empty.sections[0].text.isEmpty)
    }
}

/// Raw HTML and dangerous URLs do not pass through, to the page or to the index.
@Suite struct SafeHTMLTests {
    @Test func rawHTMLIsDropped() {
        let body = """
            开头<script>alert(1)</script>文字<img src=x onerror=alert(2)>。

            <div onclick="steal()">块</div>

            <iframe src="https://evil.example"></iframe>

            ## 标题<b>粗</b>

            <!-- 注释 -->
            """
        let parsed = MarkdownParser.parse(body, id: "fixes/x")
        for forbidden in ["<script", "onerror", "<div", "onclick", "<iframe", "<b>", "<!-- 注释"] {
            #expect(!parsed.html.contains(forbidden), "\(forbidden) in \(parsed.html)")
        }
        #expect(parsed.html.contains("raw HTML omitted"))
        // Inline tags are dropped; what stood between them is ordinary text.
        #expect(parsed.sections[0].text == "开头alert(1)文字。")  // an HTML block goes whole, its text too
        #expect(!parsed.sections.contains { $0.text.contains("<") || $0.text.contains("steal") || $0.text.contains("注释") })
        #expect(parsed.sections.map(\.heading) == [nil, "标题粗"])
    }

    @Test func dangerousLinkTargetsAreRemoved() {
        let body = """
            [点我](javascript:alert(1)) [又一个](JAVASCRIPT:alert(1)) [数据](data:text/html;base64,PHNjcmlwdD4=)
            [脚本](vbscript:msgbox) ![图](javascript:alert(3)) <javascript:alert(4)>
            """
        let parsed = MarkdownParser.parse(body, id: "fixes/x")
        let html = parsed.html.lowercased()
        for attribute in ["href=\"javascript", "src=\"javascript", "href=\"vbscript", "href=\"data:"] {
            #expect(!html.contains(attribute), "\(attribute) in \(html)")
        }
        #expect(html.components(separatedBy: "href=\"\"").count - 1 == 5, "every unsafe link is emptied: \(html)")
    }

    @Test func textIsEscaped() {
        let parsed = MarkdownParser.parse("a < b & \"c\" > d `<tag>`\n\n## 1 < 2 & \"y\"", id: "fixes/x")
        #expect(parsed.html.contains("a &lt; b &amp; &quot;c&quot; &gt; d <code>&lt;tag&gt;</code>"))
        #expect(parsed.sections[1].heading == "1 < 2 & \"y\"")
        #expect(parsed.html.contains("<h2 id=\"1--2--y\">1 &lt; 2 &amp; &quot;y&quot;</h2>"))
    }
}

/// Pathological nesting: cmark's tree is walked with its iterator, never recursively.
@Suite struct DeepNestingTests {
    static let depth = 10_000

    static let documents: [(name: String, markdown: String)] = [
        ("bullet lists", String(repeating: "- ", count: depth) + "最深处"),
        ("ordered lists", String(repeating: "1. ", count: depth) + "最深处"),
        ("block quotes", String(repeating: "> ", count: depth) + "最深处"),
        ("quotes and lists", String(repeating: "> - ", count: depth / 2) + "最深处"),
        ("indented lists", (0..<200).map { String(repeating: "  ", count: $0) + "- 第\($0)层" }.joined(separator: "\n") + "\n"
            + String(repeating: "  ", count: 200) + "- 最深处"),
        ("emphasis", String(repeating: "*", count: depth) + "最深处" + String(repeating: "*", count: depth)),
        ("brackets", String(repeating: "[", count: depth) + "最深处" + String(repeating: "](x)", count: depth)),
        ("open brackets", String(repeating: "[", count: depth) + "最深处"),
        ("backticks", "a" + String(repeating: "`", count: depth) + "最深处"),
        ("links in emphasis", String(repeating: "**[", count: depth / 4) + "最深处" + String(repeating: "](a.md)**", count: depth / 4)),
        ("headings", (0..<depth).map { "## 标题\($0)" }.joined(separator: "\n") + "\n最深处"),
        ("table cells", String(repeating: "| a ", count: depth) + "|\n" + String(repeating: "|---", count: depth) + "|\n"
            + String(repeating: "| 格 ", count: depth - 1) + "| 最深处 |"),
    ]

    @Test(arguments: DeepNestingTests.documents.map(\.name))
    func parsesWithoutCrashingAndKeepsTheText(_ name: String) {
        let markdown = Self.documents.first { $0.name == name }!.markdown
        let parsed = MarkdownParser.parse(markdown, id: "fixes/deep")
        let text = parsed.sections.map { ($0.heading ?? "") + "\n" + $0.text }.joined(separator: "\n")
        #expect(text.contains("最深处"), "\(name): the innermost text is indexed")
        #expect(parsed.html.contains("最深处"))

        let rendered = TerminalRenderer.render(markdown, markup: .plain)
        #expect(rendered.contains("最深处"), "\(name): kb show prints it")
    }
}

extension TerminalMarkup {
    static let plain = TerminalMarkup(heading: { $0 }, strong: { $0 }, subtle: { $0 }, clean: { $0 }, width: { $0.count })
}
