/// Common words of general Chinese with how often they occur (from jieba's dictionary, see
/// `Tools/gen_lexicon.py`). The index knows only its own text; the lexicon tells the query planner
/// where a merchant's words begin and end, and how ordinary an unfamiliar word is.
public struct Lexicon: Sendable {
    public static let shared = Lexicon(source: Lexicon.source)

    /// The generated table: `word class` lines in byte order, searched in place.
    private let text: String
    /// log2 of the corpus size the counts come from (about 60 million words).
    static let corpusClass = 26
    /// Score of a single character standing alone (as if it occurred about 4,000 times).
    static let singleCharacterClass = 12
    /// Score of a bigram the index knows but the lexicon does not (domain words such as 到账).
    static let domainWordClass = 9
    /// Longest word the segmenter considers, in characters (the table holds words of two to four).
    static let longestWord = 4
    /// Frequency classes between which an unknown word's weight falls from full to least: a word
    /// at `commonWordClass` or above is everyday language, one at `rareWordClass` or below is rare.
    static let commonWordClass = 11
    static let rareWordClass = 7
    /// Weight of the most common words the index does not contain.
    static let leastBackgroundWeight = 0.2

    init(source: String) {
        var text = source
        text.makeContiguousUTF8()
        self.text = text
    }

    /// log2 of how often `word` occurs in general Chinese, or nil when it is not a common word.
    public func frequencyClass(_ word: String) -> Int? { entry(word)?.klass }

    /// A binary search over the sorted lines, on the bytes of the table itself: nothing is built at
    /// start-up (not even the list of where lines start, which cost most of a millisecond).
    private func entry(_ word: String) -> (klass: Int, noun: Bool)? {
        let key = Array(word.utf8)
        let found: (klass: Int, noun: Bool)?? = text.utf8.withContiguousStorageIfAvailable { bytes in
            // `low` is always the start of a line, `high` the last byte of one.
            var low = 0, high = bytes.count - 1
            while low <= high {
                let mid = (low + high) / 2
                var start = mid
                while start > low && bytes[start - 1] != 0x0A { start -= 1 }
                var lineEnd = mid
                while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
                var end = start
                while end < lineEnd && bytes[end] != 0x20 { end += 1 }
                let order = compare(key, UnsafeBufferPointer(rebasing: bytes[start..<end]))
                if order == 0 {
                    var klass = 0
                    var digit = end + 1
                    while digit < lineEnd && bytes[digit] >= 0x30 && bytes[digit] <= 0x39 {
                        klass = klass * 10 + Int(bytes[digit] - 0x30)
                        digit += 1
                    }
                    return (klass, digit < lineEnd && bytes[digit] == UInt8(ascii: "n"))
                }
                if order < 0 { high = start - 2 } else { low = lineEnd + 1 }
            }
            return nil
        }
        return found ?? nil
    }

    private func compare(_ key: [UInt8], _ entry: UnsafeBufferPointer<UInt8>) -> Int {
        var i = 0, j = entry.startIndex
        while i < key.count && j < entry.endIndex {
            if key[i] != entry[j] { return key[i] < entry[j] ? -1 : 1 }
            i += 1
            j += 1
        }
        if i == key.count && j == entry.endIndex { return 0 }
        return i == key.count ? -1 : 1
    }

    /// Splits characters into the most probable sequence of words (each scored by its frequency,
    /// unknown characters standing alone). `isDomainWord` adds the index's own bigrams as words.
    /// Returns the words as ranges of character positions.
    public func segment(_ characters: [String], isDomainWord: (String) -> Bool) -> [Range<Int>] {
        let n = characters.count
        guard n > 1 else { return n == 1 ? [0..<1] : [] }
        var best = [Double](repeating: -.infinity, count: n + 1)
        var from = [Int](repeating: 0, count: n + 1)
        best[0] = 0
        for end in 1...n {
            for length in 1...min(Self.longestWord, end) {
                let start = end - length
                guard best[start] > -.infinity else { continue }
                let klass: Int?
                if length == 1 {
                    klass = Self.singleCharacterClass
                } else {
                    let word = characters[start..<end].joined()
                    klass = frequencyClass(word) ?? (length == 2 && isDomainWord(word) ? Self.domainWordClass : nil)
                }
                guard let klass else { continue }
                let score = best[start] + Double(klass - Self.corpusClass)
                if score > best[end] {
                    best[end] = score
                    from[end] = start
                }
            }
        }
        var words: [Range<Int>] = []
        var end = n
        while end > 0 {
            words.append(from[end]..<end)
            end = from[end]
        }
        return words.reversed()
    }

    /// How much an ordinary word the index does not contain should count in a query. A thing (a
    /// noun: 股票, 路由器, 社保) the knowledge base never mentions says the question is about
    /// something else, so it counts nearly fully; other words count by rarity: common ones (天天,
    /// frequency class 11+) hardly at all, rare ones fully.
    public func backgroundWeight(_ word: String) -> Double {
        guard let entry = entry(word) else { return 1.0 }
        let common = Double(Self.commonWordClass), rare = Double(Self.rareWordClass)
        let t = (Double(entry.klass) - rare) / (common - rare)
        let byRarity = max(Self.leastBackgroundWeight, min(1.0, 1.0 - (1.0 - Self.leastBackgroundWeight) * t))
        return entry.noun ? max(byRarity, Self.unknownNounWeight) : byRarity
    }

    /// True for a thing specific enough to be what a question is about (公积金, 餐厅, 社保); the
    /// everyday nouns of any sentence (东西, 部门, 业务, 中国: class `everydayNounClass` and up)
    /// name no topic, so their absence from the index says nothing about the question.
    public func namesATopic(_ word: String) -> Bool {
        guard let entry = entry(word), entry.noun else { return false }
        return entry.klass < Self.everydayNounClass
    }

    /// Frequency class from which a noun is everyday language (东西 14, 业务 12; 模式 11 is not).
    static let everydayNounClass = 12

    /// Least weight of a noun the index does not contain.
    static let unknownNounWeight = 0.7
}
