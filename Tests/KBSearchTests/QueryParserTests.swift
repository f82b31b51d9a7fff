@testable import KBSearch
import KBText
import Testing

private let parser = QueryParser(synonyms: SynonymTable(groups: [["不到账", "没到账", "钱没到"], ["POS", "pos机"]]))

@Suite struct QueryParserTests {
    @Test func fillerIsDroppedAndContentKept() {
        let parsed = parser.parse("请问倒账了咋办啊")
        #expect(parsed.pieces == [.ideographs(text: "倒账", units: 2..<4)])
        #expect(parsed.contentKey == "倒账")
    }

    @Test func aQueryOfOnlyFillerKeepsItsWords() {
        #expect(!parser.parse("怎么办").pieces.isEmpty)
    }

    @Test func overlappingSynonymMatchesMerge() {
        let parsed = parser.parse("钱没到账")
        #expect(parsed.pieces == [.synonym(group: 0, text: "钱没到账", units: 0..<4)])
    }

    @Test func aWordSaidTwiceStaysTwoMentions() {
        // Merged, 没到账没到账 would be one phrase that no article contains. (The run stays too, for
        // the bigram 账没 across the two.)
        let parsed = parser.parse("没到账没到账")
        #expect(parsed.pieces == [.synonym(group: 0, text: "没到账", units: 0..<3),
                                  .ideographs(text: "没到账没到账", units: 0..<6),
                                  .synonym(group: 0, text: "没到账", units: 3..<6)])
    }

    @Test func pinyinWordsJoinIntoOneRun() {
        let parsed = parser.parse("jiqi huai le")
        #expect(parsed.pieces == [.pinyin(syllables: ["ji", "qi", "huai", "le"], text: "jiqi huai le", units: 0..<3)])
    }

    @Test func mixedQueriesSplitByKind() {
        let parsed = parser.parse("pos机 daozhang")
        #expect(parsed.pieces == [
            .synonym(group: 1, text: "pos机", units: 0..<2),
            .pinyin(syllables: ["dao", "zhang"], text: "daozhang", units: 2..<3),
        ])
    }

    @Test func longQueriesAreCutWithANotice() {
        let parsed = parser.parse(String(repeating: "到账", count: 60_000))
        #expect(parsed.truncated)
        #expect(parsed.text.unicodeScalars.count == QueryParser.maxCharacters)
    }

    @Test func operatorsAndQuotesAreJustText() {
        let parsed = parser.parse("\"到账\" NEAR(冻结*) col:^x -y")
        let words = parsed.pieces.compactMap { piece -> String? in
            if case let .word(text, _) = piece { return text }
            return nil
        }
        #expect(words == ["near", "col", "x", "y"])
        #expect(parsed.pieces.contains(.ideographs(text: "到账", units: 0..<2)))
    }

    @Test func aParticleInsideAPhraseStays() {
        #expect(parser.parse("开不了机").pieces == [.ideographs(text: "开不了机", units: 0..<4)])
        #expect(parser.parse("机器坏了").pieces == [.ideographs(text: "机器坏", units: 0..<3)])
    }
}
