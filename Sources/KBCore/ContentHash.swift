import Foundation

/// A 128-bit FNV-1a digest of bytes, printed as 32 hex digits. It detects changed files
/// between builds; it is not a cryptographic hash.
public enum ContentHash {
    /// Inlinable, so that callers in other modules get a loop specialised for their byte type:
    /// the unspecialised generic one costs several times more per byte.
    @inlinable
    public static func hex<Bytes: Sequence>(of bytes: Bytes) -> String where Bytes.Element == UInt8 {
        // Two independent 64-bit FNV-1a lanes (different offset bases) make accidental collisions
        // between two versions of one file vanishingly unlikely.
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        var b: UInt64 = 0x6c62_272e_07bb_0142
        var count: UInt64 = 0
        for byte in bytes {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            b = (b ^ UInt64(byte ^ 0x5a)) &* 0x0000_0100_0000_01b3
            count &+= 1
        }
        b ^= count
        return hex64(a) + hex64(b)
    }

    public static func hex(of text: String) -> String { hex(of: text.utf8) }

    /// The digest of a `Data`'s bytes, read from its buffer: through `Data`'s own iterator the
    /// same loop costs several times more (site assets, the `site/` files of every build).
    public static func hex(of data: Data) -> String { data.withUnsafeBytes { hex(of: $0) } }

    @usableFromInline
    static func hex64(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
