/// One unit of normalised text: a single ideograph or a whole word (hyphenated words joined).
public struct TextUnit: Hashable, Sendable {
    public enum Kind: Sendable { case ideograph, word }
    public var kind: Kind
    /// The normalised text (`账` for 帐, `pos` for ＰＯＳ, `wifi` for Wi-Fi).
    public var text: String
    /// Byte offsets into the original text.
    public var start: Int
    public var end: Int

    public init(kind: Kind, text: String, start: Int, end: Int) {
        self.kind = kind
        self.text = text
        self.start = start
        self.end = end
    }
}

extension Tokenizer {
    /// Text as normalised units, in order, with separators dropped. Derived from document-mode
    /// tokens (every ideograph appears there exactly once as a unigram), so it can never disagree
    /// with what the index holds.
    public static func units(of text: String) -> [TextUnit] {
        var units: [TextUnit] = []
        var compoundEnd = -1
        for token in Tokenizer(mode: .document).tokens(text) {
            switch token.kind {
            case .unigram:
                units.append(TextUnit(kind: .ideograph, text: token.text, start: token.start, end: token.end))
            case .compound:
                units.append(TextUnit(kind: .word, text: token.text, start: token.start, end: token.end))
                compoundEnd = token.end
            case .word where token.end > compoundEnd:
                units.append(TextUnit(kind: .word, text: token.text, start: token.start, end: token.end))
            case .word, .bigram:
                continue
            }
        }
        return units
    }

    /// The normalised form of `text` as one string: units joined, a space between two words.
    public static func normalizedKey(_ text: String) -> String {
        var key = ""
        var lastWasWord = false
        for unit in units(of: text) {
            if unit.kind == .word && lastWasWord { key += " " }
            key += unit.text
            lastWasWord = unit.kind == .word
        }
        return key
    }
}
