#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A set of token texts that a tokenizer's byte buffers can be looked up in without building a
/// `String` per token: what scoring sections and building snippets need, since they look for a
/// query's few tokens among all of a text's.
public struct TokenSet: Sendable {
    /// Members' bytes, one after another; member i is `bytes[starts[i]..<starts[i + 1]]`.
    private let bytes: [UInt8]
    private let starts: [Int]
    /// Open addressing by hash: a member's position, or -1 for an empty slot.
    private let slots: [Int32]

    /// Members keep the position of their first occurrence in `texts`; duplicates count once.
    public init<Texts: Sequence>(_ texts: Texts) where Texts.Element == String {
        var unique: [[UInt8]] = []
        var seen = Set<[UInt8]>()
        for text in texts where seen.insert(Array(text.utf8)).inserted { unique.append(Array(text.utf8)) }
        var capacity = 8
        while capacity < unique.count * 2 { capacity *= 2 }
        var slots = [Int32](repeating: -1, count: capacity)
        var starts = [0]
        for (position, member) in unique.enumerated() {
            var slot = Int(truncatingIfNeeded: member.withUnsafeBufferPointer(Self.hash)) & (capacity - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(position)
            starts.append(starts[position] + member.count)
        }
        self.bytes = unique.flatMap { $0 }
        self.starts = starts
        self.slots = slots
    }

    public var isEmpty: Bool { starts.count == 1 }

    /// Position of `text` among the members, or nil.
    @inline(__always)
    public func index(of text: UnsafeBufferPointer<UInt8>) -> Int? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: Self.hash(text)) & mask
        return bytes.withUnsafeBufferPointer { stored -> Int? in
            while true {
                let member = Int(slots[slot])
                if member < 0 { return nil }
                let start = starts[member], length = starts[member + 1] - start
                if length == text.count
                    && (length == 0 || memcmp(stored.baseAddress! + start, text.baseAddress!, length) == 0) {
                    return member
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Position of `text` among the members, or nil.
    public func index(of text: String) -> Int? {
        var copy = text
        return copy.withUTF8 { index(of: $0) }
    }

    @inline(__always)
    public func contains(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { index(of: bytes) != nil }

    /// FNV-1a: tokens are a few bytes long, so a simple hash is the fast one.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }
}

extension Tokenizer {
    /// The tokens of `text` whose text is in `set`, in order; other tokens are skipped without
    /// being copied. Equal to `tokens(text).filter { set contains $0.text }`.
    public func tokens(_ text: String, in set: TokenSet) -> [Token] {
        var result: [Token] = []
        guard !set.isEmpty else { return result }
        var copy = text
        _ = copy.withUTF8 { buffer in
            tokenize(buffer) { event in
                if set.contains(event.text) {
                    result.append(Token(text: String(decoding: event.text, as: UTF8.self), start: event.start,
                                        end: event.end, colocated: event.colocated, kind: event.kind))
                }
                return true
            }
        }
        return result
    }

    /// Which members of `set` occur in `text`: `found[i]` is true when member i does.
    public func occurrences(in text: String, of set: TokenSet, count: Int) -> [Bool] {
        var found = [Bool](repeating: false, count: count)
        guard !set.isEmpty else { return found }
        var copy = text
        _ = copy.withUTF8 { buffer in
            tokenize(buffer) { event in
                if let index = set.index(of: event.text), index < count { found[index] = true }
                return true
            }
        }
        return found
    }
}
