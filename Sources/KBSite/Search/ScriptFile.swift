import Foundation

/// The index files are scripts that register their data: `(self.KBSearchData=…)["NAME"]=JSON;`,
/// loaded with `<script>` tags because file:// allows no fetch. An incremental build reads back
/// the ones it changes; `JSONValue` parses the JSON they hold (objects, arrays, strings, numbers).
enum ScriptFile {
    static func text(name: String, json: String) -> String {
        "(self.KBSearchData=self.KBSearchData||{})[\(quoted(name))]=\(json);\n"
    }

    /// The JSON of a file written by `text(name:json:)`, or nil when it has another shape.
    static func json(of text: String, name: String) -> Substring? {
        let prefix = "(self.KBSearchData=self.KBSearchData||{})[\(quoted(name))]="
        guard text.hasPrefix(prefix), text.hasSuffix(";\n") else { return nil }
        return text.dropFirst(prefix.count).dropLast(2)
    }
}

/// A parsed JSON value (numbers as Double). Only what the index files use.
enum JSONValue: Equatable {
    case object([String: JSONValue])
    /// Object members in file order, for shard files whose order must be kept.
    case array([JSONValue])
    case string(String)
    case number(Double)
    case null

    static func parse(_ text: Substring) throws -> JSONValue {
        var parser = JSONParser(bytes: Array(text.utf8))
        let value = try parser.value()
        parser.skipSpace()
        guard parser.at == parser.bytes.count else { throw IndexEncoding.DecodingProblem.malformed }
        return value
    }

    /// The members of an object in file order (a shard's entries).
    static func members(_ text: Substring) throws -> [(key: String, value: JSONValue)] {
        var parser = JSONParser(bytes: Array(text.utf8))
        let members = try parser.objectMembers()
        parser.skipSpace()
        guard parser.at == parser.bytes.count else { throw IndexEncoding.DecodingProblem.malformed }
        return members
    }
}

private struct JSONParser {
    let bytes: [UInt8]
    var at = 0

    mutating func skipSpace() {
        while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09 { at += 1 }
    }

    mutating func expect(_ byte: UInt8) throws {
        skipSpace()
        guard at < bytes.count, bytes[at] == byte else { throw IndexEncoding.DecodingProblem.malformed }
        at += 1
    }

    mutating func peek() -> UInt8? {
        skipSpace()
        return at < bytes.count ? bytes[at] : nil
    }

    mutating func value() throws -> JSONValue {
        switch peek() {
        case UInt8(ascii: "{"):
            return .object(Dictionary(try objectMembers(), uniquingKeysWith: { first, _ in first }))
        case UInt8(ascii: "["):
            at += 1
            var items: [JSONValue] = []
            if peek() == UInt8(ascii: "]") {
                at += 1
                return .array(items)
            }
            while true {
                items.append(try value())
                if peek() == UInt8(ascii: ",") { at += 1; continue }
                try expect(UInt8(ascii: "]"))
                return .array(items)
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "n"):
            guard bytes[at...].starts(with: Array("null".utf8)) else { throw IndexEncoding.DecodingProblem.malformed }
            at += 4
            return .null
        case .some:
            let start = at
            while at < bytes.count, let byte = Optional(bytes[at]),
                  byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
                  || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || (byte >= 0x30 && byte <= 0x39) {
                at += 1
            }
            guard let number = Double(String(decoding: bytes[start..<at], as: UTF8.self)) else {
                throw IndexEncoding.DecodingProblem.malformed
            }
            return .number(number)
        case nil:
            throw IndexEncoding.DecodingProblem.malformed
        }
    }

    mutating func objectMembers() throws -> [(key: String, value: JSONValue)] {
        try expect(UInt8(ascii: "{"))
        var members: [(String, JSONValue)] = []
        if peek() == UInt8(ascii: "}") {
            at += 1
            return members
        }
        while true {
            guard peek() == UInt8(ascii: "\"") else { throw IndexEncoding.DecodingProblem.malformed }
            let key = try string()
            try expect(UInt8(ascii: ":"))
            members.append((key, try value()))
            if peek() == UInt8(ascii: ",") { at += 1; continue }
            try expect(UInt8(ascii: "}"))
            return members
        }
    }

    mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""))
        var out: [UInt8] = []
        while at < bytes.count {
            let byte = bytes[at]
            at += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard at < bytes.count else { throw IndexEncoding.DecodingProblem.malformed }
                let escape = bytes[at]
                at += 1
                switch escape {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if scalar >= 0xD800 && scalar < 0xDC00, bytes[at...].starts(with: Array("\\u".utf8)) {
                        at += 2
                        let low = try hex4()
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let value = Unicode.Scalar(scalar) else { throw IndexEncoding.DecodingProblem.malformed }
                    out += Array(String(value).utf8)
                default: out.append(escape)
                }
            default:
                out.append(byte)
            }
        }
        throw IndexEncoding.DecodingProblem.malformed
    }

    mutating func hex4() throws -> UInt32 {
        guard at + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[at..<at + 4], as: UTF8.self), radix: 16) else {
            throw IndexEncoding.DecodingProblem.malformed
        }
        at += 4
        return value
    }
}
