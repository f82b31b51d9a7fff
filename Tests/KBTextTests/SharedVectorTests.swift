import Foundation
import Testing
@testable import KBText

/// `Tests/Fixtures/tokenizer-vectors.json` holds inputs and the tokens the tokenizer gives them;
/// the browser's search-text.js is tested against the same file (Tests/Browser/site_test.py), so the
/// two tokenizers cannot drift apart. Regenerate after an intended change with
/// `KB_UPDATE_VECTORS=1 swift test --filter SharedVectorTests`.
@Suite struct SharedVectorTests {
    struct Vector: Codable, Equatable {
        var input: String
        var mode: String
        /// `text@start-end`, `+` marking a colocated token; offsets in UTF-8 bytes.
        var tokens: [String]
    }

    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tokenizer-vectors.json")

    static let inputs = [
        "刷卡成功钱没到账", "信号不好", "钱", "钱 账", "POS机 4G", "T+1到账", "ＰＯＳ", "Ｗｉ－Ｆｉ", "Wi-Fi", "e-sign",
        "a - b", "a--b", "-wifi-", "对帐", "帳戶", "錢", "到账，🙂没到！", "電簽ＰＯＳ機", "café", "Café", "CAFÉ",
        "naïve résumé", "Straße", "①②③", "ﬁle", "Ⅻ月", "x²", "½", "ﾊﾟｿｺﾝ", "カタカナ・テスト", "한국어 문장",
        "𠀀𠀁 extension b", "e\u{301}", "tab\tand\nnewline", "   ", "", "a-b-c-d-e-f-g-h-i-j", "wifi连不上",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz",
        "<script>alert(1)</script>", "“引号”和《书名》", "zhineng shouyinji", "3.5元", "中文English混合123",
        "ﬀ", "µs", "Ωmega", "İstanbul", "ǅ", "\u{200B}零宽", "々", "〇一二", "ー長音",
        "刷卡沒到賬是什麼原因", "咭機讀卡錯誤", "著乾么後",
    ]

    static func render(_ input: String, _ mode: TokenizeMode) -> [String] {
        Tokenizer(mode: mode).tokens(input).map(\.description)
    }

    static func current() -> [Vector] {
        inputs.flatMap { input in
            [Vector(input: input, mode: "document", tokens: render(input, .document)),
             Vector(input: input, mode: "query", tokens: render(input, .query))]
        }
    }

    @Test func tokenizerMatchesTheSharedVectors() throws {
        if ProcessInfo.processInfo.environment["KB_UPDATE_VECTORS"] == "1" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(Self.current()).write(to: Self.file)
        }
        let stored = try JSONDecoder().decode([Vector].self, from: Data(contentsOf: Self.file))
        #expect(stored.count == Self.inputs.count * 2, "vectors are stale: regenerate them")
        for vector in stored {
            let mode: TokenizeMode = vector.mode == "query" ? .query : .document
            #expect(Self.render(vector.input, mode) == vector.tokens, "\(vector.mode) \(vector.input)")
        }
    }

    struct Stem: Codable, Equatable {
        var word: String
        var stem: String
    }

    static let stemFile = file.deletingLastPathComponent().appendingPathComponent("stemmer-vectors.json")

    static let stemInputs = [
        "swipes", "swiped", "swiping", "scanned", "scanning", "delayed", "refunding", "refunds", "batteries", "ties",
        "classes", "passes", "matches", "wishes", "boxes", "status", "analysis", "bus", "called", "calling", "missed",
        "buzzed", "stopped", "shopping", "credited", "received", "terminals", "pos", "wifi", "esim", "card", "cards",
        "failed", "failing", "frozen", "freezes", "4g", "café", "settles", "settled", "ed", "ing", "sing", "bed", "red",
        "needed", "added", "agreed", "updates", "updating", "Swipes",
    ]

    /// `Tests/Fixtures/stemmer-vectors.json`: English words and their stems, also checked in the
    /// browser (Tests/Browser/site_test.py), so the two stemmers agree.
    @Test func stemmerMatchesTheSharedVectors() throws {
        let current = Self.stemInputs.map { Stem(word: $0, stem: EnglishStemmer.stem($0)) }
        if ProcessInfo.processInfo.environment["KB_UPDATE_VECTORS"] == "1" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(current).write(to: Self.stemFile)
        }
        let stored = try JSONDecoder().decode([Stem].self, from: Data(contentsOf: Self.stemFile))
        #expect(stored == current, "stemmer vectors are stale or the stemmer changed: regenerate them")
    }

    /// The ranges exported for the browser describe exactly what the tokenizer does.
    @Test func exportedRangesAgreeWithTheNormalizer() {
        for value in UInt32(0)...0x10FFFF where !(0xD800...0xDFFF).contains(value) {
            let exportedIdeograph = TextRules.ideographRanges.contains { $0.contains(value) }
            if exportedIdeograph != Normalizer.isIdeograph(value) {
                Issue.record("ideograph range disagrees at U+\(String(value, radix: 16))")
                return
            }
            if value >= 0x80, !exportedIdeograph, !TextRules.fullWidthRange.contains(value) {
                let separator = TextRules.separatorRanges.contains { $0.contains(value) }
                let fast = Normalizer.fastPath(value)
                if separator != (fast != nil) {
                    Issue.record("separator range disagrees at U+\(String(value, radix: 16))")
                    return
                }
            }
        }
    }
}
