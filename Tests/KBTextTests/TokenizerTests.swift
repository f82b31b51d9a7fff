import Testing
@testable import KBText

/// Renders tokens compactly: `text@start-end`, `+` marking a colocated token.
private func render(_ text: String, _ mode: TokenizeMode) -> [String] {
    Tokenizer(mode: mode).tokens(text).map(\.description)
}

@Suite struct TokenizerTests {
    @Test func documentModeEmitsBigramsWithColocatedUnigrams() {
        #expect(render("信号不好", .document) == [
            "信号@0-6", "信@0-3+", "号不@3-9", "号@3-6+", "不好@6-12", "不@6-9+", "好@9-12",
        ])
    }

    @Test func queryModeEmitsBigramsOnlyForRunsOfTwoOrMore() {
        #expect(render("信号", .query) == ["信号@0-6"])
        #expect(render("结算卡", .query) == ["结算@0-6", "算卡@3-9"])
    }

    @Test func singleIdeographQueriesAreUnigrams() {
        #expect(render("钱", .query) == ["钱@0-3"])
        #expect(render("钱 账", .query) == ["钱@0-3", "账@4-7"])
    }

    @Test func latinWordsAndDigitsAreLowercasedWords() {
        #expect(render("POS机 4G", .query) == ["pos@0-3", "机@3-6", "4g@7-9"])
        #expect(render("T+1到账", .query) == ["t@0-1", "1@2-3", "到账@3-9"])
    }

    @Test func fullWidthFormsFoldToHalfWidth() {
        // Ｐ is three bytes, so the span of ＰＯＳ is 0-9.
        #expect(render("ＰＯＳ", .query) == ["pos@0-9"])
        #expect(render("Ｗｉ－Ｆｉ", .query) == ["wifi@0-15"])
    }

    @Test func hyphenatedWordsAreJoined() {
        #expect(render("Wi-Fi", .query) == ["wifi@0-5"])
        #expect(render("Wi-Fi", .document) == ["wifi@0-5", "wi@0-2+", "fi@3-5"])
        #expect(render("e-sign", .document) == ["esign@0-6", "e@0-1+", "sign@2-6"])
        #expect(render("a - b", .query) == ["a@0-1", "b@4-5"])
    }

    @Test func variantCharactersFold() {
        #expect(render("对帐", .query) == ["对账@0-6"])
    }

    @Test func punctuationAndEmojiSeparate() {
        #expect(render("到账，🙂没到！", .query) == ["到账@0-6", "没到@13-19"])
    }

    @Test func invalidUTF8IsASeparator() {
        let bytes: [UInt8] = [0xE5, 0x88, 0xB0, 0xFF, 0xE8, 0xB4, 0xA6]  // 到 0xFF 账
        var seen: [String] = []
        _ = bytes.withUnsafeBufferPointer { buffer in
            Tokenizer(mode: .query).tokenize(buffer) { event in
                seen.append("\(String(decoding: event.text, as: UTF8.self))@\(event.start)-\(event.end)")
                return true
            }
        }
        #expect(seen == ["到@0-3", "账@4-7"])
    }

    @Test func overlongWordsAreCut() {
        let word = String(repeating: "a", count: 150)
        let tokens = Tokenizer(mode: .query).tokens(word)
        #expect(tokens.map(\.text.count) == [64, 64, 22])
        #expect(tokens.map(\.start) == [0, 64, 128])
    }

    @Test func stopsWhenTheCallbackSaysSo() {
        var count = 0
        let finished = Array("一二三四五".utf8).withUnsafeBufferPointer { buffer in
            Tokenizer(mode: .document).tokenize(buffer) { _ in
                count += 1
                return count < 3
            }
        }
        #expect(!finished)
        #expect(count == 3)
    }

    @Test func offsetsAreUTF8ByteOffsetsIntoTheOriginalText() {
        // 刷卡 (6 bytes), a space, POS (3), 机 (3), ，(3), then 4G.
        #expect(render("刷卡 POS机，4G", .document) == [
            "刷卡@0-6", "刷@0-3+", "卡@3-6", "pos@7-10", "机@10-13", "4g@16-18",
        ])
        let text = "信号不好，ＰＯＳ机"
        let bytes = Array(text.utf8)
        for token in Tokenizer(mode: .document).tokens(text) {
            let original = String(decoding: bytes[token.start..<token.end], as: UTF8.self)
            #expect(Tokenizer(mode: .query).terms(original) == [token.text], "\(token) spans \(original)")
        }
    }

    @Test func aLoneIdeographIsAUnigramInBothModes() {
        #expect(render("钱", .document) == ["钱@0-3"])
        #expect(render("a钱b", .document) == ["a@0-1", "钱@1-4", "b@4-5"])
        #expect(render("a钱b", .query) == ["a@0-1", "钱@1-4", "b@4-5"])
    }

    @Test func kanaAndHangulAreBigramText() {
        #expect(render("カード", .query) == ["カー@0-6", "ード@3-9"])
        #expect(render("카드", .query) == ["카드@0-6"])
    }

    @Test func compatibilityFormsAndCaseFoldToOneForm() {
        #expect(render("①", .query) == ["1@0-3"])
        #expect(render("ﬁ", .query) == ["fi@0-3"])
        #expect(render("ÉTÉ", .query) == ["ete@0-5"])
        #expect(render("Straße", .query) == ["strasse@0-7"])
    }

    /// Combining marks are dropped from the token, not from its span: a highlight keeps a letter
    /// and its accent together.
    @Test func spansIncludeTrailingCombiningMarks() {
        #expect(render("e\u{301}te\u{301} x", .query) == ["ete@0-7", "x@8-9"])
        #expect(render("钱\u{301}", .query) == ["钱@0-5"])
        #expect(render("信号\u{301}", .document) == ["信号@0-6", "信@0-3+", "号@3-8"])
        #expect(render("\u{301}信", .query) == ["信@2-5"])
    }
}

@Suite struct NormalizerTests {
    @Test func theFastFoldAgreesWithTheExportedTable() {
        for (from, to) in Normalizer.variantFolding { #expect(Normalizer.fold(from) == to) }
        #expect(Normalizer.fold(0x8D26) == 0x8D26)
    }
}
