/// SplitMix64: a small seeded generator, so that every run of a generated test sees the same
/// cases and a failure can be replayed. Shared by the test targets that generate corpora.
public struct SeededRandom {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<n`.
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// `count` words picked from `words` (a number of them in the range), joined without spaces.
    public mutating func text(_ words: [String], _ count: ClosedRange<Int>) -> String {
        (0..<(count.lowerBound + below(count.count))).map { _ in pick(words) }.joined()
    }
}
