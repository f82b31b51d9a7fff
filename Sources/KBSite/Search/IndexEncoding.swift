import Foundation
/// Compact text encodings for the browser index, decoded by `search-index.js` (and by the
/// incremental writer, which reads back what the last build wrote). Numbers are varints in a
/// URL-safe base-64 alphabet: each character carries five bits, the sixth says another follows.
enum IndexEncoding {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    /// Digit value of each byte, -1 for bytes outside the alphabet.
    static let digitOf: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = Int8(value) }
        return table
    }()

    static func appendVarint(_ value: Int, to out: inout [UInt8]) {
        precondition(value >= 0)
        var rest = value
        repeat {
            let group = rest & 31
            rest >>= 5
            out.append(alphabet[group | (rest > 0 ? 32 : 0)])
        } while rest > 0
    }

    /// The sections of a posting as five-bit groups, lowest first, the sixth bit saying another
    /// group follows: any number of bits, exact in JavaScript.
    static func appendBits(_ set: SectionSet, to out: inout [UInt8]) {
        let top = set.high != 0 ? 127 - set.high.leadingZeroBitCount : (set.low != 0 ? 63 - set.low.leadingZeroBitCount : 0)
        let groups = top / 5 + 1
        for index in 0..<groups {
            var value = 0
            for bit in 0..<5 {
                let position = index * 5 + bit
                let word = position < 64 ? set.low : set.high
                if position < SectionSet.capacity && (word >> UInt64(position % 64)) & 1 == 1 { value |= 1 << bit }
            }
            out.append(alphabet[value | (index + 1 < groups ? 32 : 0)])
        }
    }

    /// A set of document numbers (ascending), in whichever form is shortest: `d` ascending gaps,
    /// `c` the last member then the gaps of the numbers below it that are not members, or `b` a
    /// bitmap (six numbers a character). None depends on other documents, so a set is rewritten only
    /// when its own members change.
    static func documentSet(_ documents: [Int]) -> String {
        var gaps: [UInt8] = [UInt8(ascii: "d")]
        var previous = 0
        for doc in documents {
            appendVarint(doc - previous, to: &gaps)
            previous = doc
        }
        let last = documents.last ?? 0
        var complement: [UInt8] = [UInt8(ascii: "c")]
        appendVarint(last, to: &complement)
        previous = 0
        var next = 0
        for doc in 1..<max(1, last) where complement.count < gaps.count {
            if next < documents.count && documents[next] == doc {
                next += 1
                continue
            }
            appendVarint(doc - previous, to: &complement)
            previous = doc
        }
        var bitmap: [UInt8] = [UInt8(ascii: "b")]
        if last / 6 + 2 < gaps.count {
            var bits = [Int](repeating: 0, count: last / 6 + 1)
            for doc in documents { bits[doc / 6] |= 1 << (doc % 6) }
            bitmap += bits.map { alphabet[$0] }
        }
        var best = gaps
        if complement.count < best.count && last > 0 { best = complement }
        if bitmap.count > 1 && bitmap.count < best.count { best = bitmap }
        return String(decoding: best, as: UTF8.self)
    }

    /// A subset of `parent` (both ascending): `s` then one bit per parent member, six a character,
    /// unless a plain `documentSet` is shorter.
    static func subset(_ members: [Int], of parent: [Int]) -> String {
        let plain = documentSet(members)
        guard parent.count / 6 + 2 < plain.utf8.count else { return plain }
        var bits = [Int](repeating: 0, count: parent.count / 6 + 1)
        var next = 0
        for (index, doc) in parent.enumerated() where next < members.count && members[next] == doc {
            bits[index / 6] |= 1 << (index % 6)
            next += 1
        }
        while bits.count > 1 && bits.last == 0 { bits.removeLast() }
        return "s" + String(decoding: bits.map { alphabet[$0] }, as: UTF8.self)
    }

    // MARK: Reading back

    /// Reads varints and bit groups from an encoded string.
    struct Reader {
        let bytes: [UInt8]
        var at: Int

        init(_ text: Substring.UTF8View, at: Int = 0) {
            bytes = Array(text)
            self.at = at
        }

        var hasMore: Bool { at < bytes.count }

        mutating func digit() throws -> Int {
            guard at < bytes.count, case let value = Int(IndexEncoding.digitOf[Int(bytes[at])]), value >= 0 else {
                throw DecodingProblem.malformed
            }
            at += 1
            return value
        }

        mutating func varint() throws -> Int {
            var value = 0, shift = 0, d = 0
            repeat {
                d = try digit()
                value |= (d & 31) << shift
                shift += 5
            } while d & 32 != 0 && shift < 60
            return value
        }

        /// Past what `bits` reads, without gathering it.
        mutating func skipBits() throws {
            while try digit() & 32 != 0 {}
        }

        mutating func bits() throws -> [Int] {
            var positions: [Int] = []
            var group = 0, d = 0
            repeat {
                d = try digit()
                for bit in 0..<5 where d & (1 << bit) != 0 { positions.append(group * 5 + bit) }
                group += 1
            } while d & 32 != 0
            return positions
        }
    }

    enum DecodingProblem: Error { case malformed }

    /// The members of a set written by `documentSet` (or `subset`, given its parent).
    static func decodeSet(_ text: String, parent: [Int] = []) throws -> [Int] {
        let utf8 = Substring(text).utf8
        guard let mode = utf8.first else { throw DecodingProblem.malformed }
        var reader = Reader(utf8, at: 1)
        var members: [Int] = []
        switch mode {
        case UInt8(ascii: "d"):
            var doc = 0
            while reader.hasMore {
                doc += try reader.varint()
                members.append(doc)
            }
        case UInt8(ascii: "c"):
            let last = try reader.varint()
            var excluded = Set<Int>()
            var doc = 0
            while reader.hasMore {
                doc += try reader.varint()
                excluded.insert(doc)
            }
            if last > 0 { members = (1...last).filter { !excluded.contains($0) } }
        case UInt8(ascii: "b"), UInt8(ascii: "s"):
            var index = 0
            while reader.hasMore {
                let bits = try reader.digit()
                for bit in 0..<6 where bits & (1 << bit) != 0 { members.append(index * 6 + bit) }
                index += 1
            }
            if mode == UInt8(ascii: "s") {
                guard members.allSatisfy({ $0 < parent.count }) else { throw DecodingProblem.malformed }
                members = members.map { parent[$0] }
            }
        default:
            throw DecodingProblem.malformed
        }
        return members
    }
}

/// FNV-1a over UTF-8, 32 bits: the shard of a term, pinyin key, lexicon or reading entry.
/// `search-index.js` computes the same.
enum ShardHash {
    static func of(_ text: String) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in text.utf8 {
            hash = (hash ^ UInt32(byte)) &* 0x0100_0193
        }
        return hash
    }

    /// The shard of `key` among `count` (a power of two).
    static func shard(_ key: String, count: Int) -> Int { Int(of(key) & UInt32(count - 1)) }
}

/// Byte order of UTF-8, as SQLite's BINARY collation sorts terms.
func utf8Less(_ a: String, _ b: String) -> Bool {
    // On the bytes at once (memcmp), not a byte at a time through the UTF-8 views: sorting the
    // 67,000 paths of a site's manifest is part of every build.
    var a = a, b = b
    return a.withUTF8 { x in
        b.withUTF8 { y in
            let common = min(x.count, y.count)
            let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
            return order != 0 ? order < 0 : x.count < y.count
        }
    }
}

/// A JSON string literal that is also safe inside a script: `</script>` and line separators cannot
/// end it early.
func quoted(_ text: String) -> String {
    // Posting lists are long runs of the base-64 alphabet with nothing to escape: one pass over
    // the bytes finds that, and the text is copied whole instead of a scalar at a time.
    var bytes = text.utf8.makeIterator()
    var plain = true
    var previous: (UInt8, UInt8) = (0, 0)
    while let byte = bytes.next() {
        // `"`, `\`, `<`, controls, and U+2028/U+2029 (E2 80 A8/A9).
        if byte == 0x22 || byte == 0x5C || byte == 0x3C || byte < 0x20
            || ((byte == 0xA8 || byte == 0xA9) && previous == (0xE2, 0x80)) {
            plain = false
            break
        }
        previous = (previous.1, byte)
    }
    if plain { return "\"" + text + "\"" }
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "<": out += "\\u003c"
        case "\u{2028}": out += "\\u2028"
        case "\u{2029}": out += "\\u2029"
        default:
            if scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}
