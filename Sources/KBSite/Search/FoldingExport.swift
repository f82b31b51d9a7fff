import KBText

/// Script folding (Traditional and variant characters to Simplified) for the browser, in two parts.
/// `meta.js`, read by every search, carries which characters fold (2.6 KB) and the pairs its own
/// tables need; `_search/folding.js` carries every pair (15.5 KB) and is read only for a query or
/// an article holding a character that folds. Nearly every query is Simplified and never reads it.
enum FoldingExport {
    /// The index file (`_search/folding.js`) holding every pair.
    static let fileName = "folding"

    /// Every pair, `from` then `to`, in one string: a third of the bytes of number pairs.
    static let allPairs: String = pairs(of: TextRules.variantFolding.keys)

    /// The pairs of the folding characters that occur in `texts`.
    static func pairs(in texts: [String]) -> String {
        let folding = TextRules.variantFolding
        return pairs(of: Set(texts.lazy.flatMap(\.unicodeScalars).map(\.value).filter { folding[$0] != nil }))
    }

    /// The characters that fold, ascending, each written as its distance from the one before in
    /// base-64 digits, five bits a digit, least significant first; a digit of 32 or more says that
    /// another follows. Most distances take one digit.
    static let keys: String = {
        var out = ""
        var previous: UInt32 = 0
        for key in TextRules.variantFolding.keys.sorted() {
            var distance = key - previous
            previous = key
            while distance >= 32 {
                out.append(digits[Int(distance & 31) + 32])
                distance >>= 5
            }
            out.append(digits[Int(distance)])
        }
        return out
    }()

    /// URL-safe base-64 digits: none needs escaping in JSON.
    static let digits = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    private static func pairs(of keys: some Sequence<UInt32>) -> String {
        let folding = TextRules.variantFolding
        let scalars = keys.sorted().flatMap { [Unicode.Scalar($0)!, Unicode.Scalar(folding[$0]!)!] }
        return String(String.UnicodeScalarView(scalars))
    }
}
