import Foundation
import PropertyBased
import Testing
@testable import KBText

/// Scalars chosen to hit every path of the tokenizer: ASCII letters, digits, hyphens and
/// punctuation, Han (common and rare planes), kana, hangul, full-width forms, variants (帐),
/// combining marks, emoji and their joiners, compatibility forms, controls, anything at all.
enum TokenizerInput {
    static let pools: [[UInt32]] = [
        Array(0x61...0x7A) + Array(0x41...0x5A) + Array(0x30...0x39),  // letters and digits
        [0x2D, 0x2D, 0x20, 0x0A, 0x09, 0x2E, 0x22, 0x2A, 0x28, 0x29, 0x3A, 0x5E, 0x27, 0x00, 0x1B, 0x7F],
        [0x4FE1, 0x53F7, 0x4E0D, 0x597D, 0x5230, 0x8D26, 0x94B1, 0x5237, 0x5361, 0x5E10, 0x5E33, 0x9322, 0x6CA1],
        Array(0x4E00...0x4E40) + [0x3400, 0x20000, 0x2A6D6, 0x30000],  // more Han, extension planes
        Array(0x3041...0x3050) + Array(0x30A1...0x30B0) + [0x30FB, 0x30FC] + Array(0xAC00...0xAC10),
        Array(0xFF01...0xFF5E) + [0x3000, 0x3001, 0x3002, 0xFF0C, 0x300C, 0x300D],  // full-width
        [0x301, 0x308, 0x20DD, 0x200B, 0x200D, 0xFE0F, 0xFEFF, 0x202E, 0x2028],  // marks and invisibles
        [0x1F642, 0x1F468, 0x1F1E8, 0x1F3FD, 0x2764, 0x00A9, 0x24B6, 0x2460],  // emoji, symbols
        [0x00DF, 0x01C5, 0xFB01, 0x216B, 0x0130, 0x03A3, 0x1E9E, 0x0660, 0x1D40F, 0x2F08, 0x00E9, 0x0131],
    ]

    /// A scalar from one of the pools, or any valid scalar, picked by `seed`.
    static func scalar(_ seed: UInt32) -> Unicode.Scalar {
        let pool = Int(seed % 10)
        let pick = Int(seed / 10)
        if pool < pools.count { return Unicode.Scalar(pools[pool][pick % pools[pool].count])! }
        let value = UInt32(pick % 0x10F800)
        return Unicode.Scalar(value < 0xD800 ? value : value + 0x800)!
    }

    static let text = Gen<UInt32>.value(in: 0...UInt32.max).array(of: 0...80).map { seeds in
        String(String.UnicodeScalarView(seeds.map(scalar)))
    }

    /// Raw bytes, mostly pieces of valid UTF-8 with invalid bytes mixed in.
    static let bytes = Gen<UInt32>.value(in: 0...UInt32.max).array(of: 0...80).map { seeds -> [UInt8] in
        seeds.flatMap { seed -> [UInt8] in
            switch seed % 7 {
            case 0: [UInt8(truncatingIfNeeded: seed >> 8)]  // any byte
            case 1: Array(String(scalar(seed >> 3)).utf8.dropLast())  // a truncated sequence
            default: Array(String(scalar(seed >> 3)).utf8)
            }
        }
    }
}

extension Tokenizer {
    func events(_ bytes: [UInt8]) -> (finished: Bool, tokens: [Token]) {
        var tokens: [Token] = []
        let finished = bytes.withUnsafeBufferPointer { buffer in
            tokenize(buffer) { event in
                tokens.append(Token(text: String(decoding: event.text, as: UTF8.self), start: event.start,
                                    end: event.end, colocated: event.colocated, kind: event.kind))
                return true
            }
        }
        return (finished, tokens)
    }
}

@Suite struct TokenizerPropertyTests {
    /// Never fails, whatever the bytes; every span lies within the input, starts and ends on scalar
    /// boundaries and covers well-formed UTF-8; token texts are well-formed and of their kind's size.
    @Test func anyBytesTokenizeWithSpansOnBoundaries() async {
        await propertyCheck(count: PropertyRuns.scaled(400), input: TokenizerInput.bytes) { bytes in
            for mode in [TokenizeMode.document, .query] {
                let (finished, tokens) = Tokenizer(mode: mode).events(bytes)
                #expect(finished)
                for token in tokens {
                    #expect(0 <= token.start && token.start < token.end && token.end <= bytes.count, "\(token) in \(bytes)")
                    guard token.start < token.end, token.end <= bytes.count, token.start >= 0 else { continue }
                    #expect(String(validating: bytes[token.start..<token.end], as: UTF8.self) != nil, "\(token) in \(bytes)")
                    #expect(!token.text.isEmpty && token.text.utf8.count <= Tokenizer.maxWordBytes)
                    switch token.kind {
                    case .bigram: #expect(token.text.unicodeScalars.count == 2)
                    case .unigram: #expect(token.text.unicodeScalars.count == 1)
                    case .word, .compound: #expect(!token.text.contains(" "))
                    }
                }
            }
        }
    }

    @Test func sameTextAlwaysGivesTheSameTokens() async {
        await propertyCheck(count: PropertyRuns.scaled(300), input: TokenizerInput.text) { text in
            for mode in [TokenizeMode.document, .query] {
                let first = Tokenizer(mode: mode).tokens(text)
                #expect(Tokenizer(mode: mode).tokens(text) == first)
                #expect(Tokenizer(mode: mode).events(Array(text.utf8)).tokens == first)
                // The same text inside other text gives the same tokens, shifted: tokens depend only
                // on their own run, not on what came before a separator.
                let shifted = Tokenizer(mode: mode).tokens("。 " + text).map { token -> Token in
                    var copy = token
                    copy.start -= 4
                    copy.end -= 4
                    return copy
                }
                #expect(shifted == first, "\(text.debugDescription)")
            }
        }
    }

    /// Spans cover whole scalars of the original text, and tokens come in text order, colocated
    /// ones at the position of the token before them.
    @Test func spansAreOrderedAndColocatedTokensShareAPosition() async {
        await propertyCheck(count: PropertyRuns.scaled(300), input: TokenizerInput.text) { text in
            let utf8 = Array(text.utf8)
            var boundaries = Set<Int>([utf8.count])
            var offset = 0
            for scalar in text.unicodeScalars {
                boundaries.insert(offset)
                offset += String(scalar).utf8.count
            }
            for mode in [TokenizeMode.document, .query] {
                let tokens = Tokenizer(mode: mode).tokens(text)
                for (index, token) in tokens.enumerated() {
                    #expect(boundaries.contains(token.start) && boundaries.contains(token.end), "\(token) in \(text.debugDescription)")
                    if index > 0 {
                        #expect(token.start >= tokens[index - 1].start, "order: \(tokens)")
                    }
                    if token.colocated {
                        #expect(index > 0 && tokens[index - 1].start == token.start, "colocated: \(tokens)")
                    }
                }
                #expect(tokens.first?.colocated != true)
            }
        }
    }

    /// The index and the query must agree: every token a query makes of a text is a token the
    /// index made of the same text, so quoting a phrase can always find where it came from.
    @Test func queryTokensAreAlwaysIndexTokens() async {
        await propertyCheck(count: PropertyRuns.scaled(300), input: TokenizerInput.text) { text in
            let indexed = Set(Tokenizer(mode: .document).tokens(text).map(\.text))
            for token in Tokenizer(mode: .query).tokens(text) {
                #expect(indexed.contains(token.text), "\(token) of \(text.debugDescription) is not indexed")
            }
        }
    }

    /// A token is already normal: tokenizing its text as a query gives back exactly that text. FTS5
    /// tokenizes the quoted phrases kb hands it, so anything else would search for other tokens.
    @Test func tokensAreFixedPointsOfTheQueryTokenizer() async {
        await propertyCheck(count: PropertyRuns.scaled(300), input: TokenizerInput.text) { text in
            for token in Tokenizer(mode: .document).tokens(text) {
                let again = Tokenizer(mode: .query).tokens(token.text).map(\.text)
                #expect(again == [token.text], "\(token) of \(text.debugDescription) re-tokenizes as \(again)")
            }
        }
    }
}

/// Runs per property: the count given, times `KB_PROPERTY_SCALE` (`make stress` raises it).
enum PropertyRuns {
    static let scale = Int(ProcessInfo.processInfo.environment["KB_PROPERTY_SCALE"] ?? "") ?? 1
    static func scaled(_ count: Int) -> Int { count * max(1, scale) }
}
