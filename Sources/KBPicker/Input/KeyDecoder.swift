/// Turns the bytes a terminal in raw mode sends into keys. Reads can end anywhere (in the middle of
/// a UTF-8 character or of an escape sequence): what is incomplete waits for the next `feed`.
///
/// A lone ESC is ambiguous: the Esc key, or the start of a sequence whose rest has not arrived.
/// It stays pending until more bytes come or the caller, after a short quiet time, calls `flush()`.
public struct KeyDecoder: Sendable {
    private var pending: [UInt8] = []
    /// Inside a bracketed paste (`ESC[200~` … `ESC[201~`): the pasted bytes so far.
    private var pasted: [UInt8]?

    /// Escape sequences longer than this are not something a terminal sends: dropped.
    static let longestSequence = 32
    static let pasteStart: [UInt8] = Array("\u{1B}[200~".utf8)
    static let pasteEnd: [UInt8] = Array("\u{1B}[201~".utf8)

    public init() {}

    /// True when bytes are waiting for more (a lone ESC among them): the caller should call
    /// `flush()` if nothing else arrives soon.
    public var hasPending: Bool { !pending.isEmpty }

    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) -> [Key] where Bytes.Element == UInt8 {
        pending.append(contentsOf: bytes)
        return decode(final: false)
    }

    /// What is pending, decided now: a lone ESC is the Esc key; an incomplete sequence or
    /// character is dropped. An unfinished paste stays open.
    public mutating func flush() -> [Key] {
        decode(final: true)
    }

    private mutating func decode(final: Bool) -> [Key] {
        var keys: [Key] = []
        var text = String.UnicodeScalarView()
        func endText() {
            if !text.isEmpty { keys.append(.text(String(text))) }
            text = String.UnicodeScalarView()
        }
        var index = 0
        let bytes = pending
        decoding: while index < bytes.count {
            if pasted != nil {
                guard let end = Self.find(Self.pasteEnd, in: bytes, from: index) else {
                    // Keep what might be the start of the end marker; everything before it is pasted text.
                    let keep = Self.partialSuffix(of: bytes[index...], matching: Self.pasteEnd)
                    pasted! += bytes[index..<(bytes.count - keep)]
                    index = bytes.count - keep
                    break decoding
                }
                pasted! += bytes[index..<end]
                keys.append(.paste(Self.pasteText(pasted!)))
                pasted = nil
                index = end + Self.pasteEnd.count
                continue
            }
            let byte = bytes[index]
            switch byte {
            case 0x1B:
                endText()
                switch Self.escapeSequence(bytes, at: index, final: final) {
                case .incomplete:
                    break decoding
                case let .key(key, length):
                    if let key { keys.append(key) }
                    index += length
                case .pasteStart:
                    pasted = []
                    index += Self.pasteStart.count
                }
            case 0x0D, 0x0A:
                endText(); keys.append(.enter); index += 1
            case 0x09:
                endText(); keys.append(.tab); index += 1
            case 0x7F, 0x08:
                endText(); keys.append(.backspace); index += 1
            case 0x01...0x1A:
                endText(); keys.append(.control(Character(Unicode.Scalar(byte + 0x60)))); index += 1
            case 0x00, 0x1C...0x1F:
                index += 1  // Ctrl-Space, Ctrl-\ and the like: nothing the picker uses
            default:
                switch UTF8Scalar.decode(bytes, at: index) {
                case .incomplete:
                    if final { index = bytes.count }
                    break decoding
                case .invalid:
                    index += 1
                case let .scalar(scalar, length):
                    if !Self.isControl(scalar) { text.append(scalar) }
                    index += length
                }
            }
        }
        endText()
        pending = Array(bytes[index...])
        return keys
    }

    private enum Escape {
        case incomplete
        /// A recognised key, or nil for a well-formed sequence the picker has no use for.
        case key(Key?, length: Int)
        case pasteStart
    }

    /// The sequence starting with the ESC at `start`: CSI (`ESC [ params final`), SS3 (`ESC O x`),
    /// or ESC alone.
    private static func escapeSequence(_ bytes: [UInt8], at start: Int, final: Bool) -> Escape {
        guard start + 1 < bytes.count else { return final ? .key(.escape, length: 1) : .incomplete }
        switch bytes[start + 1] {
        case UInt8(ascii: "["):
            var end = start + 2
            while end < bytes.count, (0x20...0x3F).contains(bytes[end]) { end += 1 }
            guard end < bytes.count else {
                if final || end - start > longestSequence { return .key(nil, length: end - start) }
                return .incomplete
            }
            guard (0x40...0x7E).contains(bytes[end]) else { return .key(.escape, length: 1) }
            let parameters = String(decoding: bytes[(start + 2)..<end], as: UTF8.self)
            let length = end - start + 1
            if bytes[end] == UInt8(ascii: "~") && parameters == "200" { return .pasteStart }
            return .key(csiKey(parameters: parameters, final: bytes[end]), length: length)
        case UInt8(ascii: "O"):
            guard start + 2 < bytes.count else { return final ? .key(.escape, length: 1) : .incomplete }
            return .key(letterKey(bytes[start + 2]), length: 3)
        case 0x1B:
            // Esc pressed twice: the first is a key of its own.
            return .key(.escape, length: 1)
        default:
            // Alt+key: the picker has no Alt bindings, so it is Esc (which quits or goes back).
            return .key(.escape, length: 1)
        }
    }

    private static func csiKey(parameters: String, final: UInt8) -> Key? {
        if final == UInt8(ascii: "~") {
            // `ESC[5;5~`: the number before any modifier names the key.
            switch parameters.split(separator: ";").first {
            case "1", "7": return .home
            case "4", "8": return .end
            case "3": return .delete
            case "5": return .pageUp
            case "6": return .pageDown
            default: return nil
            }
        }
        return letterKey(final)
    }

    private static func letterKey(_ byte: UInt8) -> Key? {
        switch byte {
        case UInt8(ascii: "A"): .up
        case UInt8(ascii: "B"): .down
        case UInt8(ascii: "C"): .right
        case UInt8(ascii: "D"): .left
        case UInt8(ascii: "H"): .home
        case UInt8(ascii: "F"): .end
        default: nil
        }
    }

    /// C1 controls and DEL decoded from UTF-8: never text.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    private static func pasteText(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            if scalar == "\n" || scalar == "\r" || scalar == "\t" {
                if scalars.last != " " { scalars.append(" ") }
            } else if !isControl(scalar) && scalar != "\u{FFFD}" {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count - start >= needle.count else { return nil }
        for candidate in start...(bytes.count - needle.count) where bytes[candidate..<(candidate + needle.count)].elementsEqual(needle) {
            return candidate
        }
        return nil
    }

    /// How many bytes at the end of `bytes` could begin `marker`.
    private static func partialSuffix(of bytes: ArraySlice<UInt8>, matching marker: [UInt8]) -> Int {
        for length in stride(from: min(marker.count - 1, bytes.count), through: 1, by: -1)
        where bytes.suffix(length).elementsEqual(marker.prefix(length)) {
            return length
        }
        return 0
    }
}

/// One UTF-8 character at a position, told apart from a character whose bytes have not all arrived.
enum UTF8Scalar {
    enum Result: Equatable {
        case scalar(Unicode.Scalar, length: Int)
        case incomplete
        case invalid
    }

    static func decode(_ bytes: [UInt8], at start: Int) -> Result {
        let lead = bytes[start]
        let length: Int
        var value: UInt32
        switch lead {
        case 0x00...0x7F: return .scalar(Unicode.Scalar(lead), length: 1)
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(lead & 0x07)
        default: return .invalid
        }
        for offset in 1..<length {
            guard start + offset < bytes.count else { return .incomplete }
            let byte = bytes[start + offset]
            guard byte & 0xC0 == 0x80 else { return .invalid }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        // Overlong forms and surrogates are not characters.
        let smallest: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard value >= smallest, let scalar = Unicode.Scalar(value) else { return .invalid }
        return .scalar(scalar, length: length)
    }
}
