import Foundation

/// How the tokenizer treats one Unicode scalar after normalisation.
enum CharacterClass: Equatable {
    /// Separates tokens: spaces, punctuation, symbols, emoji, control characters.
    case separator
    /// Part of a Latin-style word (letters and digits of alphabetic scripts).
    case word
    /// A hyphen that may join two words (`Wi-Fi`, `e-sign`).
    case hyphen
    /// An ideograph or syllable of a script written without spaces (Han, kana, hangul): bigram text.
    case ideograph
}

/// Normalisation rules shared by indexing and querying: full-width to half-width, case folding,
/// NFKC, and Traditional and variant characters folded to Simplified ones.
///
/// The hot path (ASCII and Han, nearly all of the content) is table-free arithmetic; other scalars
/// go through Foundation's NFKC once each.
enum Normalizer {
    /// Traditional and variant characters folded to the Simplified form the content uses (賬 and 帐
    /// to 账), from the generated `ScriptFolding` table.
    static var variantFolding: [UInt32: UInt32] {
        Dictionary(uniqueKeysWithValues: ScriptFolding.pairs.map { ($0.from, $0.to) })
    }

    /// `variantFolding` as a flat table, for the per-character hot path (a dictionary lookup
    /// hashes). A test keeps the two equal.
    @inline(__always)
    static func fold(_ value: UInt32) -> UInt32 { ScriptFolding.fold(value) }

    static func isIdeograph(_ value: UInt32) -> Bool {
        switch value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2EBEF, 0x30000...0x3134F: true
        case 0x3040...0x309F, 0x30A0...0x30FA, 0x30FC...0x30FF: true  // kana (not the middle dot)
        case 0xAC00...0xD7AF: true  // hangul syllables
        default: false
        }
    }

    /// The normalised form of `value` when it maps to exactly one scalar without lookups beyond
    /// arithmetic (ASCII, Han, full-width forms, CJK punctuation); nil when the slow path is needed.
    @inline(__always)
    static func fastPath(_ value: UInt32) -> (CharacterClass, UInt32)? {
        if value < 0x80 { return asciiPiece(UInt8(truncatingIfNeeded: value)) }
        if isIdeograph(value) { return (.ideograph, fold(value)) }
        if value >= 0xFF01 && value <= 0xFF5E { return asciiPiece(UInt8(truncatingIfNeeded: value - 0xFEE0)) }
        if value == 0x3000 || (value >= 0x3001 && value <= 0x303F && value != 0x3005)
            || (value >= 0x2000 && value <= 0x206F) || (value >= 0xFE30 && value <= 0xFE4F)
        {
            return (.separator, 0x20)  // CJK and general punctuation, spaces
        }
        return nil
    }

    @inline(__always)
    static func asciiPiece(_ byte: UInt8) -> (CharacterClass, UInt32) {
        switch byte {
        case 0x41...0x5A: (.word, UInt32(byte) + 0x20)
        case 0x61...0x7A, 0x30...0x39: (.word, UInt32(byte))
        case 0x2D: (.hyphen, 0x2D)
        default: (.separator, 0x20)
        }
    }

    /// NFKC and lowercase through Foundation, for the rare scalars outside ASCII and Han.
    static func slowPath(_ value: UInt32, into out: inout [(CharacterClass, UInt32)]) {
        guard let scalar = Unicode.Scalar(value) else {
            out.append((.separator, 0x20))
            return
        }
        let properties = scalar.properties
        if properties.isEmojiPresentation || properties.isEmoji && value > 0xFF {
            out.append((.separator, 0x20))
            return
        }
        if properties.generalCategory == .nonspacingMark || properties.generalCategory == .enclosingMark
            || properties.generalCategory == .spacingMark
        {
            // Combining marks are dropped, so `café` written with a combining accent and `cafe` match.
            return
        }
        let folded = String(Character(scalar)).precomposedStringWithCompatibilityMapping
            .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        for mapped in folded.unicodeScalars {
            let v = mapped.value
            if v < 0x80 {
                out.append(asciiPiece(UInt8(v)))
            } else if isIdeograph(v) {
                out.append((.ideograph, fold(v)))
            } else if mapped.properties.isAlphabetic || mapped.properties.numericType != nil {
                if mapped.properties.generalCategory == .nonspacingMark { continue }
                out.append((.word, v))
            } else {
                out.append((.separator, 0x20))
            }
        }
    }
}
