/// Minimal, validating UTF-8 decoding and encoding on raw bytes, for the tokenizer's hot path.
enum UTF8Decoding {
    /// Decodes the scalar starting at `index`. Returns nil and a length of 1 for a byte that does
    /// not start a well-formed sequence (stray continuation, overlong form, surrogate, truncation).
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32?, Int) {
        let b0 = bytes[index]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        let remaining = bytes.count - index
        @inline(__always) func continuation(_ offset: Int) -> UInt32? {
            guard offset < remaining else { return nil }
            let byte = bytes[index + offset]
            return byte & 0xC0 == 0x80 ? UInt32(byte & 0x3F) : nil
        }
        switch b0 {
        case 0xC2...0xDF:
            guard let c1 = continuation(1) else { return (nil, 1) }
            return ((UInt32(b0 & 0x1F) << 6) | c1, 2)
        case 0xE0...0xEF:
            guard let c1 = continuation(1), let c2 = continuation(2) else { return (nil, 1) }
            let value = (UInt32(b0 & 0x0F) << 12) | (c1 << 6) | c2
            guard value >= 0x800, !(0xD800...0xDFFF).contains(value) else { return (nil, 1) }
            return (value, 3)
        case 0xF0...0xF4:
            guard let c1 = continuation(1), let c2 = continuation(2), let c3 = continuation(3)
            else { return (nil, 1) }
            let value = (UInt32(b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3
            guard value >= 0x10000, value <= 0x10FFFF else { return (nil, 1) }
            return (value, 4)
        default:
            return (nil, 1)
        }
    }

    @inline(__always)
    static func encodedLength(_ value: UInt32) -> Int {
        value < 0x80 ? 1 : value < 0x800 ? 2 : value < 0x10000 ? 3 : 4
    }

    /// Writes the UTF-8 form of `value` at `pointer` (room for four bytes), returning its length.
    @inline(__always)
    static func write(_ value: UInt32, to pointer: UnsafeMutablePointer<UInt8>) -> Int {
        switch value {
        case ..<0x80:
            pointer[0] = UInt8(value)
            return 1
        case ..<0x800:
            pointer[0] = UInt8(0xC0 | (value >> 6))
            pointer[1] = UInt8(0x80 | (value & 0x3F))
            return 2
        case ..<0x10000:
            pointer[0] = UInt8(0xE0 | (value >> 12))
            pointer[1] = UInt8(0x80 | ((value >> 6) & 0x3F))
            pointer[2] = UInt8(0x80 | (value & 0x3F))
            return 3
        default:
            pointer[0] = UInt8(0xF0 | (value >> 18))
            pointer[1] = UInt8(0x80 | ((value >> 12) & 0x3F))
            pointer[2] = UInt8(0x80 | ((value >> 6) & 0x3F))
            pointer[3] = UInt8(0x80 | (value & 0x3F))
            return 4
        }
    }

    @inline(__always)
    static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        switch value {
        case ..<0x80:
            bytes.append(UInt8(value))
        case ..<0x800:
            bytes.append(UInt8(0xC0 | (value >> 6)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        case ..<0x10000:
            bytes.append(UInt8(0xE0 | (value >> 12)))
            bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        default:
            bytes.append(UInt8(0xF0 | (value >> 18)))
            bytes.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        }
    }
}
