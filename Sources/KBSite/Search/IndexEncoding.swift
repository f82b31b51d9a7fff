/// Compact text encodings for the browser index, decoded by `search.js`. Numbers are varints in a
/// URL-safe base-64 alphabet: each character carries five bits, the sixth says another follows.
enum IndexEncoding {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func appendVarint(_ value: Int, to out: inout [UInt8]) {
        precondition(value >= 0)
        var rest = value
        repeat {
            let group = rest & 31
            rest >>= 5
            out.append(alphabet[group | (rest > 0 ? 32 : 0)])
        } while rest > 0
    }

    /// A set of document numbers, in whichever form is shortest: `d` ascending gaps, `c` gaps of the
    /// complement within 1...maxDocument, or `b` a bitmap (six documents a character).
    static func documentSet(_ documents: [Int], maxDocument: Int) -> String {
        var gaps: [UInt8] = [UInt8(ascii: "d")]
        var previous = 0
        for doc in documents {
            appendVarint(doc - previous, to: &gaps)
            previous = doc
        }
        var complement: [UInt8] = [UInt8(ascii: "c")]
        previous = 0
        var next = 0
        for doc in 1...max(1, maxDocument) {
            if next < documents.count && documents[next] == doc {
                next += 1
                continue
            }
            appendVarint(doc - previous, to: &complement)
            previous = doc
        }
        var bitmap: [UInt8] = [UInt8(ascii: "b")]
        var bits = [Int](repeating: 0, count: maxDocument / 6 + 1)
        for doc in documents { bits[doc / 6] |= 1 << (doc % 6) }
        while bits.last == 0 { bits.removeLast() }
        bitmap += bits.map { alphabet[$0] }
        let best = [gaps, complement, bitmap].min { $0.count < $1.count }!
        return String(decoding: best, as: UTF8.self)
    }
}

/// FNV-1a over UTF-8, 32 bits: the shard of a term or pinyin key. `search.js` computes the same.
enum ShardHash {
    static func of(_ text: String) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in text.utf8 {
            hash = (hash ^ UInt32(byte)) &* 0x0100_0193
        }
        return hash
    }
}
