import Testing
@testable import KBText

/// The pinyin table is parsed into flat arrays; it must read every character as the source says.
@Suite struct PinyinTableTests {
    /// The source read the plain way: each line `syllable:characters`, readings in line order.
    static func reference() -> (readings: [UInt32: [String]], syllables: Set<String>) {
        var readings: [UInt32: [String]] = [:]
        var syllables = Set<String>()
        for line in PinyinTable.source.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let syllable = String(line[..<colon])
            syllables.insert(syllable)
            for scalar in line[line.index(after: colon)...].unicodeScalars {
                readings[scalar.value, default: []].append(syllable)
            }
        }
        return (readings, syllables)
    }

    @Test func everyCharacterReadsAsTheSourceSays() {
        let (readings, syllables) = Self.reference()
        let table = PinyinTable.shared
        #expect(table.syllables == syllables)
        #expect(table.longestSyllable == syllables.map(\.count).max())
        #expect(readings.count > 5000)
        for (value, expected) in readings {
            #expect(table.readings(of: Unicode.Scalar(value)!) == expected, "U+\(String(value, radix: 16))")
        }
        // Characters the table lacks, inside and outside the main block.
        for value: UInt32 in [0x41, 0x3400, 0x4E00, 0x9FFF, 0x20000, 0x1F642] where readings[value] == nil {
            #expect(table.readings(of: Unicode.Scalar(value)!).isEmpty)
        }
        #expect(table.keys(for: "到账") == ["daozhang"])
    }
}

/// The lexicon is searched in place; every word of its table must be found with its class.
@Suite struct LexiconLookupTests {
    @Test func everyWordIsFoundWithItsClass() {
        var words = 0
        for line in Lexicon.source.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 2, let klass = Int(fields[1].filter(\.isNumber)) else { continue }
            #expect(Lexicon.shared.frequencyClass(String(fields[0])) == klass, "\(line)")
            words += 1
        }
        #expect(words > 10_000)
        for absent in ["", "到账", "钱没到", "a", "zzz", "\u{10FFFF}", "一", "龟兹兹", "㐀㐀"] {
            #expect(Lexicon.shared.frequencyClass(absent) == nil, "\(absent)")
        }
        #expect(Lexicon.shared.namesATopic("龙船"))
        #expect(!Lexicon.shared.namesATopic("龙王"))
    }
}
