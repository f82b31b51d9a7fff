/// A light suffix stripper for the English words support agents type (`swipes`, `scanned`,
/// `delayed`, `refunding`), so that they meet their synonyms' base forms. Deliberately small: the
/// articles are Chinese, and English only has to reach the synonym table.
public enum EnglishStemmer {
    public static func stem(_ word: String) -> String {
        guard word.count > 3, word.allSatisfy({ $0.isASCII && $0.isLetter }) else { return word }
        var w = word
        if w.hasSuffix("ies") && w.count > 4 {
            w = String(w.dropLast(3)) + "y"
        } else if w.hasSuffix("sses") {
            w = String(w.dropLast(2))
        } else if w.hasSuffix("es") && (w.hasSuffix("ches") || w.hasSuffix("shes") || w.hasSuffix("xes")) {
            w = String(w.dropLast(2))
        } else if w.hasSuffix("s") && !w.hasSuffix("ss") && !w.hasSuffix("us") && !w.hasSuffix("is") {
            w = String(w.dropLast())
        }
        for suffix in ["ing", "ed"] where w.hasSuffix(suffix) && w.count > suffix.count + 2 {
            var base = String(w.dropLast(suffix.count))
            // scanned → scann → scan; but keep "ll" and "ss" (called → call)
            if let last = base.last, base.count > 2, base.dropLast().last == last, !"lsz".contains(last) {
                base.removeLast()
            }
            w = base
            break
        }
        return w
    }
}
