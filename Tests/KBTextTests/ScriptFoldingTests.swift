import Testing
@testable import KBText

/// Traditional and variant characters fold to the Simplified form the content uses, one character
/// to one character, so that spans still point at the text as written.
@Suite struct ScriptFoldingTests {
    @Test func traditionalCharactersFoldToSimplified() {
        #expect(Tokenizer.normalizedKey("刷卡沒到賬是什麼原因") == "刷卡没到账是什么原因")
        #expect(Tokenizer.normalizedKey("為什么錢還沒到") == "为什么钱还没到")
        #expect(Tokenizer.normalizedKey("結算帳戶被凍結") == "结算账户被冻结")
    }

    @Test func variantsFoldThroughChains() {
        #expect(Normalizer.fold(0x5E33) == 0x8D26)  // 帳 → 帐 → 账
        #expect(Normalizer.fold(0x5E10) == 0x8D26)  // 帐 → 账
        #expect(Tokenizer.normalizedKey("咭機") == "卡机")  // Hong Kong 咭 is a card
    }

    @Test func simplifiedCharactersInTheirOwnRightAreKept() {
        // OpenCC would turn these into other characters; Simplified text uses them as they are.
        for kept in ["著", "么", "乾", "干", "后", "里"] {
            #expect(Tokenizer.normalizedKey(kept) == kept)
        }
    }

    @Test func theFlatTableHoldsExactlyThePairs() {
        let pairs = Normalizer.variantFolding
        #expect(pairs.count > 2_000)
        for (from, to) in pairs { #expect(Normalizer.fold(from) == to) }
        // Every folded character is itself final: folding twice changes nothing.
        for to in Set(pairs.values) { #expect(Normalizer.fold(to) == to) }
        var unchanged = 0
        for value in UInt32(0x4E00)..<0xA000 where pairs[value] == nil {
            #expect(Normalizer.fold(value) == value)
            unchanged += 1
        }
        #expect(unchanged > 15_000)
    }

    @Test func spansPointAtTheCharactersAsWritten() {
        let text = "錢沒到賬"
        let tokens = Tokenizer(mode: .query).tokens(text)
        #expect(tokens.map(\.text) == ["钱没", "没到", "到账"])
        let bytes = Array(text.utf8)
        #expect(tokens.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) } == ["錢沒", "沒到", "到賬"])
    }
}
