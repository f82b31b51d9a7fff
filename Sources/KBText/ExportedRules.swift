/// The text rules as data, for the browser search (which must tokenize exactly as the index does).
/// Nothing here changes tokenizing; it only exposes the tables the tokenizer uses. Tests check that
/// the ranges agree with `Normalizer` over every Unicode scalar.
public enum TextRules {
    /// Variant characters folded to the form the content uses (帐 → 账).
    public static var variantFolding: [UInt32: UInt32] { Normalizer.variantFolding }

    /// Scalars the tokenizer treats as ideographs (bigram text), as in `Normalizer.isIdeograph`.
    public static let ideographRanges: [ClosedRange<UInt32>] = [
        0x3040...0x309F, 0x30A0...0x30FA, 0x30FC...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xAC00...0xD7AF, 0x20000...0x2EBEF, 0x30000...0x3134F,
    ]

    /// Non-ASCII scalars the fast path turns into separators (CJK and general punctuation, spaces).
    public static let separatorRanges: [ClosedRange<UInt32>] = [
        0x2000...0x206F, 0x3000...0x3004, 0x3006...0x303F, 0xFE30...0xFE4F,
    ]

    /// Full-width ASCII forms, folded to ASCII by subtracting `fullWidthOffset`.
    public static let fullWidthRange: ClosedRange<UInt32> = 0xFF01...0xFF5E
    public static let fullWidthOffset: UInt32 = 0xFEE0

    public static var maxWordBytes: Int { Tokenizer.maxWordBytes }
    public static var maxCompoundParts: Int { Tokenizer.maxCompoundParts }

    /// How the tokenizer normalises a scalar outside ASCII, ideographs, full-width forms and
    /// punctuation (Foundation's NFKC and folding): each resulting piece as `w` (word), `h` (hyphen),
    /// `i` (ideograph) or `s` (separator) with its scalar value. Nil when the fast path applies.
    public static func slowPath(_ value: UInt32) -> [(kind: Character, value: UInt32)]? {
        guard Normalizer.fastPath(value) == nil else { return nil }
        var pieces: [(CharacterClass, UInt32)] = []
        Normalizer.slowPath(value, into: &pieces)
        return pieces.map { piece in
            let kind: Character = switch piece.0 {
            case .word: "w"
            case .hyphen: "h"
            case .ideograph: "i"
            case .separator: "s"
            }
            return (kind, piece.1)
        }
    }

    /// The pinyin table's source (`syllable:characters` lines), read by the browser for homophones.
    public static var pinyinSource: String { PinyinTable.source }
    /// Segmentations kept per position and the longest run of letters read as pinyin.
    public static var pinyinSegmentationLimit: Int { PinyinSegmenter.segmentationLimit }
    public static var pinyinMaxLetters: Int { PinyinSegmenter.maxLetters }

    /// The lexicon's source (`word class[n]` lines in UTF-8 byte order), and the numbers its
    /// segmenter and background weights use.
    public static var lexiconSource: String { Lexicon.source }
    public static var lexicon: [String: Double] {
        [
            "corpusClass": Double(Lexicon.corpusClass),
            "singleCharacterClass": Double(Lexicon.singleCharacterClass),
            "domainWordClass": Double(Lexicon.domainWordClass),
            "longestWord": Double(Lexicon.longestWord),
            "commonWordClass": Double(Lexicon.commonWordClass),
            "rareWordClass": Double(Lexicon.rareWordClass),
            "leastBackgroundWeight": Lexicon.leastBackgroundWeight,
            "unknownNounWeight": Lexicon.unknownNounWeight,
            "everydayNounClass": Double(Lexicon.everydayNounClass),
        ]
    }
}
