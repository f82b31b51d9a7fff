import KBText
import Testing
@testable import KBSearch

/// The parser's edges: where it cuts, what separates, and that FTS5 syntax means nothing to it.
@Suite struct QueryParserEdgeTests {
    private let parser = QueryParser(synonyms: SynonymTable(groups: [["到账", "入账"], ["不到账", "钱没到"]]))

    @Test func cuttingIsExactAndNeverSplitsAScalar() {
        let exact = parser.parse(String(repeating: "信", count: QueryParser.maxCharacters))
        #expect(!exact.truncated)
        let over = parser.parse(String(repeating: "信", count: QueryParser.maxCharacters + 1))
        #expect(over.truncated && over.text.unicodeScalars.count == QueryParser.maxCharacters)
        // Four-byte scalars (CJK extension B) are cut whole.
        let wide = parser.parse(String(repeating: "𠀀", count: 300))
        #expect(wide.text.unicodeScalars.allSatisfy { $0 == "𠀀" })
    }

    @Test func controlsAndSpacesAreSeparators() {
        #expect(parser.parse("  信号\t\n不好\u{1}\u{0}钱 ").text == "信号 不好 钱")
        #expect(parser.parse("\u{0}\u{1}\u{2}").pieces.isEmpty)
    }

    /// FTS5 keywords are case-sensitive; as plain words they parse the same in either case.
    @Test func operatorKeywordsParseLikeTheirLowercase() {
        for keyword in ["NOT", "AND", "OR", "NEAR"] {
            #expect(parser.parse("\(keyword) 信号").pieces == parser.parse("\(keyword.lowercased()) 信号").pieces)
        }
        #expect(parser.parse("信号* \"不好\" (钱) ^title:账").pieces == parser.parse("信号 不好 钱 title 账").pieces)
    }
}
