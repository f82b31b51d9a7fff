import KBText
import Testing
@testable import KBSearch

@Suite struct QueryParserTests {
    private let parser = QueryParser(synonyms: SynonymTable(groups: [["到账", "入账"], ["不到账", "钱没到"]]))

    @Test func longQueriesAreCutAtTheLimit() {
        let parsed = parser.parse(String(repeating: "信", count: 100_000))
        #expect(parsed.truncated)
        #expect(parsed.text.unicodeScalars.count == QueryParser.maxCharacters)
        let exact = parser.parse(String(repeating: "信", count: QueryParser.maxCharacters))
        #expect(!exact.truncated)
        // Cutting never splits a scalar, even one of four bytes.
        let emoji = parser.parse(String(repeating: "𠀀", count: 300))
        #expect(emoji.text.unicodeScalars.allSatisfy { $0 == "𠀀" })
    }

    @Test func controlsAndSpacesAreSeparators() {
        #expect(parser.parse("  信号\t\n不好\u{1}\u{0}钱 ").text == "信号 不好 钱")
        #expect(parser.parse("\u{0}\u{1}\u{2}").pieces.isEmpty)
    }

    /// FTS5 syntax is nothing special to the parser: operators are words, marks are separators.
    @Test func operatorsAreWordsAndMarksAreSeparators() {
        #expect(parser.parse("信号* \"不好\" (钱) ^title:账").pieces == parser.parse("信号 不好 钱 title 账").pieces)
        #expect(parser.parse("NOT 信号").pieces == parser.parse("not 信号").pieces)
        #expect(parser.parse("NEAR(信号 不好)").pieces.first == .word(text: "near", unit: 0))
    }

    @Test func fillerIsDroppedUnlessItIsEverything() {
        #expect(parser.parse("为什么钱没到呢").contentKey == "钱没到")
        #expect(parser.parse("怎么办").contentKey == "怎么办")
        #expect(parser.parse("the pos is broken").pieces.count == 2)
    }

    @Test func synonymsBecomeOnePiece() {
        let parsed = parser.parse("刷卡钱没到")
        #expect(parsed.pieces.contains(.synonym(group: 1, text: "钱没到", units: 2..<5)))
    }
}
