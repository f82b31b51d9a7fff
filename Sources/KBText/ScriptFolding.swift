/// Traditional characters and variant forms folded to the Simplified form the content uses
/// (賬 → 账, 帐 → 账), one character to one character, before tokenizing at index and at query
/// time. The pairs come from OpenCC's dictionaries (`Tools/gen_script_folding.py`); because a
/// character never becomes two, token spans still point at the text as written.
enum ScriptFolding {
    /// The table covers the BMP's ideographs from CJK Extension A to the end of the unified block:
    /// every character OpenCC converts lies there.
    static let firstScalar: UInt32 = 0x3400
    static let endScalar: UInt32 = 0xA000

    /// Folded scalar per ideograph in `firstScalar..<endScalar`, 0 for a character kept as it is.
    /// Built once from `source` on first use (a few thousand pairs: microseconds).
    static let table: [UInt16] = {
        var table = [UInt16](repeating: 0, count: Int(endScalar - firstScalar))
        for (from, to) in pairs { table[Int(from - firstScalar)] = UInt16(to) }
        return table
    }()

    /// The pairs of `source`, in its order, read once.
    static let pairs: [(from: UInt32, to: UInt32)] = {
        var result: [(UInt32, UInt32)] = []
        var pending: UInt32?
        for scalar in source.unicodeScalars where scalar.value >= firstScalar {
            if let from = pending {
                result.append((from, scalar.value))
                pending = nil
            } else {
                pending = scalar.value
            }
        }
        return result
    }()

    @inline(__always)
    static func fold(_ value: UInt32) -> UInt32 {
        guard value >= firstScalar && value < endScalar else { return value }
        let folded = table[Int(value &- firstScalar)]
        return folded == 0 ? value : UInt32(folded)
    }
}
