import KBCore
import KBSearch
import Testing
@testable import KBIndex

/// FTS5's own `highlight()` uses the spans the kb tokenizer reports, so it shows whether they are
/// exact: a query for 信号 in 信号不好 must mark 信号, not 信号不 (what a tokenizer that gave
/// queries unigrams, or bigrams spans one character too wide, would do).
@Suite struct HighlightTests {
    private func highlighted(_ body: String, _ query: String) throws -> [String] {
        let folder = try IndexFolder()
        try folder.write([Articles.entry("fixes/one", title: "标题", body: body)])
        // A quoted string is what the search sends: one phrase, tokenized by kb in query mode.
        return try folder.reader().highlight(query: "\"" + query + "\"", field: .body)
    }

    @Test func bigramQueriesHighlightExactlyTheirCharacters() throws {
        #expect(try highlighted("信号不好", "信号") == ["[信号]不好"])
        #expect(try highlighted("网络信号不好", "信号") == ["网络[信号]不好"])
        #expect(try highlighted("钱没到账了", "到账") == ["钱没[到账]了"])
        #expect(try highlighted("信号不好，信号差", "信号") == ["[信号]不好，[信号]差"])
        #expect(try highlighted("刷卡成功钱没到账", "钱没到账") == ["刷卡成功[钱没到账]"])
    }

    /// A character on its own, or ending a run, has a position of its own. Inside a run it shares
    /// the position of the bigram it starts, and FTS5's highlight() marks that bigram (kb's own
    /// snippets use the token's span and stay exact, see `SnippetTests`).
    @Test func singleCharacterQueriesHighlightOneCharacterWhereItHasItsOwnPosition() throws {
        #expect(try highlighted("钱没到账", "账") == ["钱没到[账]"])
        #expect(try highlighted("对帐", "账") == ["对[帐]"])  // 帐 is folded to 账; the text keeps 帐
        #expect(try highlighted("一个 钱 字", "钱") == ["一个 [钱] 字"])
        #expect(try highlighted("POS机", "机") == ["POS[机]"])
        #expect(try highlighted("钱没到账", "钱") == ["[钱没]到账"])
    }

    @Test func latinWordsHighlightTheirOriginalForm() throws {
        #expect(try highlighted("支持ＰＯＳ机", "pos") == ["支持[ＰＯＳ]机"])
        #expect(try highlighted("连上Wi-Fi再试", "wifi") == ["连上[Wi-Fi]再试"])
        #expect(try highlighted("用4G网络", "4g") == ["用[4G]网络"])
        #expect(try highlighted("cafe\u{301} au lait", "cafe") == ["[cafe\u{301}] au lait"])
    }

    @Test func noMatchNoRow() throws {
        #expect(try highlighted("信号不好", "号不好坏").isEmpty)
    }
}
