/// Toneless pinyin readings of the common Chinese characters (GB2312), from `PinyinData.swift`.
///
/// Parsed on first use only, which a search pays only when its query needs pronunciation (pinyin
/// input or homophone typos): into flat arrays, one pass over the bytes, so that it costs a tenth
/// of a millisecond rather than the millisecond of a dictionary of arrays.
public struct PinyinTable: Sendable {
    public static let shared = PinyinTable(source: PinyinTable.source)

    /// Syllables by number, in the order of the source.
    private let names: [String]
    /// The first reading of each character of the main CJK block, as syllable number + 1 (0: none).
    private let firstReading: [UInt16]
    /// Later readings of those characters, and every reading of characters outside the block:
    /// (character, syllable number) sorted by character, each character's in the order of the
    /// source. A flat array, not a dictionary of arrays: built on every search that needs
    /// pronunciation, where 1,816 dictionary inserts cost 2 M instructions.
    private let otherReadings: [(scalar: UInt32, syllable: UInt16)]
    private static let block: ClosedRange<UInt32> = 0x3400...0x9FFF
    /// Every syllable that appears in the table (`a`, `ai`, … `zuo`), ü written as `v`.
    public let syllables: Set<String>
    /// The longest syllable, in letters, to bound segmentation.
    public let longestSyllable: Int

    init(source: String) {
        var names: [String] = []
        var first = [UInt16](repeating: 0, count: Self.block.count)
        var others: [(scalar: UInt32, syllable: UInt16)] = []
        others.reserveCapacity(2_048)
        var source = source
        source.withUTF8 { bytes in
            var i = 0
            while i < bytes.count {
                var end = i
                while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
                defer { i = end + 1 }
                guard let colon = bytes[i..<end].firstIndex(of: UInt8(ascii: ":")) else { continue }
                let syllable = UInt16(names.count)
                names.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<colon]), as: UTF8.self))
                for scalar in String(decoding: UnsafeBufferPointer(rebasing: bytes[(colon + 1)..<end]), as: UTF8.self).unicodeScalars {
                    let value = scalar.value
                    if Self.block.contains(value), first[Int(value - Self.block.lowerBound)] == 0 {
                        first[Int(value - Self.block.lowerBound)] = syllable + 1
                    } else {
                        others.append((value, syllable))
                    }
                }
            }
        }
        self.names = names
        self.firstReading = first
        // A stable order: a character's readings keep the order of the source (syllables by number).
        self.otherReadings = others.sorted { ($0.scalar, $0.syllable) < ($1.scalar, $1.syllable) }
        self.syllables = Set(names)
        self.longestSyllable = names.map(\.count).max() ?? 0
    }

    /// The readings of one character, or an empty list when it is not in the table.
    public func readings(of scalar: Unicode.Scalar) -> [String] {
        var readings: [String] = []
        if Self.block.contains(scalar.value) {
            let reading = firstReading[Int(scalar.value - Self.block.lowerBound)]
            guard reading > 0 else { return [] }
            readings.append(names[Int(reading - 1)])
        }
        var low = 0, high = otherReadings.count
        while low < high {
            let middle = (low + high) / 2
            if otherReadings[middle].scalar < scalar.value { low = middle + 1 } else { high = middle }
        }
        while low < otherReadings.count && otherReadings[low].scalar == scalar.value {
            readings.append(names[Int(otherReadings[low].syllable)])
            low += 1
        }
        return readings
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
