/// Toneless pinyin readings of the common Chinese characters (GB2312), from `PinyinData.swift`.
///
/// Parsed on first use only: building the table costs about a millisecond, which a search pays only
/// when its query needs pronunciation (pinyin input or homophone typos).
public struct PinyinTable: Sendable {
    public static let shared = PinyinTable(source: PinyinTable.source)

    private let readingsByScalar: [UInt32: [String]]
    /// Every syllable that appears in the table (`a`, `ai`, … `zuo`), ü written as `v`.
    public let syllables: Set<String>
    /// The longest syllable, in letters, to bound segmentation.
    public let longestSyllable: Int

    init(source: String) {
        var readings: [UInt32: [String]] = [:]
        var syllables = Set<String>()
        for line in source.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let syllable = String(line[..<colon])
            syllables.insert(syllable)
            for scalar in line[line.index(after: colon)...].unicodeScalars {
                readings[scalar.value, default: []].append(syllable)
            }
        }
        self.readingsByScalar = readings
        self.syllables = syllables
        self.longestSyllable = syllables.map(\.count).max() ?? 0
    }

    /// The readings of one character, or an empty list when it is not in the table.
    public func readings(of scalar: Unicode.Scalar) -> [String] {
        readingsByScalar[scalar.value] ?? []
    }

    /// Every way to read `text` as one string of syllables (`到账` → `daozhang`), at most `limit` of
    /// them; empty if any character has no reading.
    public func keys(for text: some StringProtocol, limit: Int = 8) -> [String] {
        var keys = [""]
        for scalar in text.unicodeScalars {
            let options = readings(of: scalar)
            guard !options.isEmpty else { return [] }
            var next: [String] = []
            for prefix in keys {
                for option in options where next.count < limit { next.append(prefix + option) }
            }
            keys = next
        }
        return keys
    }
}

/// Splits ASCII letters typed as pinyin into syllables: `daozhang` → `dao zhang`.
public enum PinyinSegmenter {
    /// Segmentations kept per position (fewest syllables first).
    public static let segmentationLimit = 4
    /// Longer runs of letters are not read as pinyin: no one types a sentence without spaces.
    public static let maxLetters = 48

    /// Every segmentation of `letters` into valid syllables, fewest syllables first, at most `limit`.
    /// Empty when the letters are not pinyin. `ü` is accepted as `v` (`lv`, `nve`).
    public static func segmentations(of letters: String, table: PinyinTable = .shared,
                                     limit: Int = segmentationLimit) -> [[String]] {
        let chars = Array(letters.lowercased().replacingOccurrences(of: "ü", with: "v"))
        guard !chars.isEmpty, chars.count <= maxLetters, chars.allSatisfy({ $0 >= "a" && $0 <= "z" }) else { return [] }
        // best[i]: segmentations of chars[i...], each as a list of syllables, kept short and sorted.
        var best = [[[String]]](repeating: [], count: chars.count + 1)
        best[chars.count] = [[]]
        for start in stride(from: chars.count - 1, through: 0, by: -1) {
            var found: [[String]] = []
            for length in 1...min(table.longestSyllable, chars.count - start) {
                let syllable = String(chars[start..<start + length])
                guard table.syllables.contains(syllable) else { continue }
                for rest in best[start + length] { found.append([syllable] + rest) }
            }
            found.sort { $0.count < $1.count }
            best[start] = Array(found.prefix(limit))
        }
        return best[0]
    }

    /// True when `letters` is entirely pinyin syllables.
    public static func isPinyin(_ letters: String, table: PinyinTable = .shared) -> Bool {
        !segmentations(of: letters, table: table, limit: 1).isEmpty
    }
}
