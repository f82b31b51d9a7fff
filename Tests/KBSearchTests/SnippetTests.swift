import Foundation
import KBText
import PropertyBased
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

    /// The window with the most distinct matches, found by trying every window: the definition the
    /// builder's sliding window must agree with.
    static func referenceWindowStart(_ text: String, _ matched: Set<String>, maxScalars: Int) -> Int {
        let tokens = Tokenizer(mode: .document).tokens(text).filter { matched.contains($0.text) }
        var boundaries = text.unicodeScalars.indices.map { text.utf8.distance(from: text.utf8.startIndex, to: $0) }
        boundaries.append(text.utf8.count)
        var bestStart = 0, bestCount = -1
        for token in tokens {
            let scalar = boundaries.firstIndex { $0 >= token.start }!
            let start = max(0, scalar - 8)
            let endByte = boundaries[min(boundaries.count - 1, start + maxScalars)]
            let distinct = Set(tokens.filter { $0.start >= boundaries[start] && $0.end <= endByte }.map(\.text)).count
            if distinct > bestCount {
                bestCount = distinct
                bestStart = start
            }
        }
        return bestStart
    }

    static let words = ["信号", "不好", "钱", "到账", "结算卡", "wifi", "Wi-Fi", "。", "，", "\n", "长", "长长", " ", "pos", "机"]
    static let texts = Gen<Int>.int(in: 0...(words.count - 1)).array(of: 0...90).map { $0.map { words[$0] }.joined() }
    static let matches = Gen<Int>.int(in: 0...(words.count - 1)).array(of: 1...4).map { indices in
        Set(indices.flatMap { Tokenizer(mode: .query).terms(words[$0]) })
    }

    @Test func theWindowHoldsTheMostDistinctMatches() async {
        await propertyCheck(count: 400, input: Self.texts, Self.matches) { text, matched in
            let tokens = Tokenizer(mode: .document).tokens(text).filter { matched.contains($0.text) }
            var boundaries = text.unicodeScalars.indices.map { text.utf8.distance(from: text.utf8.startIndex, to: $0) }
            boundaries.append(text.utf8.count)
            for maxScalars in [4, 12, 30] {
                #expect(SnippetBuilder.bestWindowStart(tokens, boundaries: boundaries, maxScalars: maxScalars)
                        == Self.referenceWindowStart(text, matched, maxScalars: maxScalars),
                        "\(text.debugDescription) \(matched) in \(maxScalars)")
            }
        }
    }

    /// A text that repeats one match a hundred thousand times: the window is found in one pass.
    @Test func manyRepeatedMatchesDoNotTakeQuadraticTime() {
        let text = "开头" + String(repeating: "长", count: 100_000) + "结尾"
        let snippet = SnippetBuilder.snippet(of: text, matching: ["长长"])
        #expect(snippet.text.hasPrefix("开头长长"))
        #expect(snippet.highlights.count == 1)
    }
}
