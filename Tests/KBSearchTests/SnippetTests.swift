import Testing
@testable import KBSearch

/// kb's own highlighting (terminal, JSON, site) marks exactly the matched characters: bigrams,
/// single characters wherever they are, and words in their original spelling.
@Suite struct SnippetTests {
    private func marked(_ text: String, _ matched: Set<String>) -> String {
        SnippetBuilder.snippet(of: text, matching: matched).marked(open: "[", close: "]")
    }

    @Test func highlightsAreExact() {
        #expect(marked("信号不好", ["信号"]) == "[信号]不好")
        #expect(marked("钱没到账", ["钱"]) == "[钱]没到账")
        #expect(marked("钱没到账", ["账"]) == "钱没到[账]")
        #expect(marked("一个钱字", ["钱"]) == "一个[钱]字")
        #expect(marked("结算卡被冻", ["结算", "算卡"]) == "[结算卡]被冻")
        #expect(marked("连上Ｗｉ－Ｆｉ再试", ["wifi"]) == "连上[Ｗｉ－Ｆｉ]再试")
        #expect(marked("对帐单", ["账"]) == "对[帐]单")
        #expect(marked("没有匹配", ["信号"]) == "没有匹配")
    }

    @Test func longTextIsCutAroundTheMatchesAndOffsetsFollow() {
        let text = String(repeating: "前文很长。", count: 40) + "这里信号不好。" + String(repeating: "后文也长。", count: 40)
        let snippet = SnippetBuilder.snippet(of: text, matching: ["信号"])
        #expect(snippet.text.unicodeScalars.count <= SnippetBuilder.maxScalars + 2)
        #expect(snippet.text.hasPrefix("…") && snippet.text.hasSuffix("…"))
        #expect(snippet.marked(open: "[", close: "]").contains("这里[信号]不好"))
        let scalars = Array(snippet.text.unicodeScalars)
        for range in snippet.scalarHighlights {
            #expect(String(String.UnicodeScalarView(scalars[range])) == "信号")
        }
    }

    @Test func markedEscapesTextButNotTheMarks() {
        let snippet = SnippetBuilder.snippet(of: "<b>信号</b>", matching: ["信号"])
        let html = snippet.marked(open: "<mark>", close: "</mark>") {
            $0.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        #expect(html == "&lt;b&gt;<mark>信号</mark>&lt;/b&gt;")
    }
}
