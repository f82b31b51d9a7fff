/// Whether text is being indexed or searched. The two modes differ only in which tokens a run of
/// ideographs produces, so that a query token always equals some indexed token.
public enum TokenizeMode: Sendable {
    /// Overlapping bigrams, each with its first character as a colocated unigram; the run's last
    /// character as a unigram. Hyphenated words also yield their joined form.
    case document
    /// A run of two or more ideographs gives bigrams only; a single ideograph gives a unigram.
    /// Hyphenated words give only their joined form.
    case query
}

public enum TokenKind: UInt8, Sendable, Codable {
    /// Letters and digits of alphabetic scripts (`pos`, `4g`, `esim`).
    case word
    /// Hyphen-joined words as one token (`wifi` for `Wi-Fi`).
    case compound
    /// Two adjacent ideographs (`到账`).
    case bigram
    /// One ideograph (`钱`).
    case unigram
}

/// A token as the tokenizer reports it. `text` points into scratch memory that is valid only
/// during the callback; `start..<end` are byte offsets into the input, on UTF-8 boundaries.
public struct TokenEvent {
    public let text: UnsafeBufferPointer<UInt8>
    public let start: Int
    public let end: Int
    /// True when the token shares the position of the token reported before it.
    public let colocated: Bool
    public let kind: TokenKind
}

/// A token with its own copy of the text, for code that is not on a hot path.
public struct Token: Hashable, Sendable, CustomStringConvertible {
    public var text: String
    public var start: Int
    public var end: Int
    public var colocated: Bool
    public var kind: TokenKind

    public init(text: String, start: Int, end: Int, colocated: Bool = false, kind: TokenKind) {
        self.text = text
        self.start = start
        self.end = end
        self.colocated = colocated
        self.kind = kind
    }

    public var description: String { "\(text)@\(start)-\(end)\(colocated ? "+" : "")" }
}

/// The tokenizer shared by the SQLite index (through a C trampoline), the query parser, snippets and
/// the browser search (which mirrors these rules and is tested against the same vectors).
///
/// It reads UTF-8 bytes directly: no `Character` or `String` is built on the hot path, and nothing
/// is allocated per token. Invalid UTF-8 is treated as a separator, never as an error.
public struct Tokenizer: Sendable {
    /// Longest word, in normalised bytes; longer runs of letters are cut into several words.
    public static let maxWordBytes = 64
    /// Most parts joined into one compound (`a-b-c-…`).
    static let maxCompoundParts = 8

    public let mode: TokenizeMode

    public init(mode: TokenizeMode) { self.mode = mode }

    /// Tokenizes `input`, calling `emit` for each token in order. Stops early, returning false, as
    /// soon as `emit` returns false.
    @discardableResult
    public func tokenize(_ input: UnsafeBufferPointer<UInt8>, _ emit: (TokenEvent) -> Bool) -> Bool {
        var state = TokenizerState(mode: mode)
        defer { state.deallocate() }
        return state.run(input, emit)
    }

    /// Convenience for tests and cold paths.
    public func tokens(_ text: String) -> [Token] {
        var result: [Token] = []
        var copy = text
        _ = copy.withUTF8 { buffer in
            tokenize(buffer) { event in
                result.append(Token(text: String(decoding: event.text, as: UTF8.self), start: event.start,
                                    end: event.end, colocated: event.colocated, kind: event.kind))
                return true
            }
        }
        return result
    }

    /// The distinct token texts of `text`, in first-seen order.
    public func terms(_ text: String) -> [String] {
        var seen = Set<String>()
        return tokens(text).map(\.text).filter { seen.insert($0).inserted }
    }
}

/// The mutable part of one tokenizer run. Its buffers are allocated once per run and reused for
/// every token, written through pointers: no array growth, no closures, no per-token allocation.
private struct TokenizerState {
    let mode: TokenizeMode

    /// The word being read and the compound it may belong to (normalised bytes).
    let compound: UnsafeMutablePointer<UInt8>
    var compoundCount = 0
    /// Where each part of the compound ends in `compound`, and its span in the input.
    let partEnds: UnsafeMutablePointer<Int>
    let partStarts: UnsafeMutablePointer<Int>
    let partLimits: UnsafeMutablePointer<Int>
    var parts = 0
    var wordOpen = false  // the last scalar read was a word character
    var hyphenPending = false  // a hyphen directly followed the last part

    /// The previous ideograph of the current run, if any.
    var hasPrevious = false
    var previousValue: UInt32 = 0
    var previousStart = 0
    var previousEnd = 0
    var runLength = 0

    /// Room for one bigram (two scalars of up to four bytes).
    let scratch: UnsafeMutablePointer<UInt8>
    var pieces: [(CharacterClass, UInt32)] = []

    static let compoundCapacity = Tokenizer.maxWordBytes + 8

    init(mode: TokenizeMode) {
        self.mode = mode
        compound = .allocate(capacity: Self.compoundCapacity)
        scratch = .allocate(capacity: 8)
        partEnds = .allocate(capacity: Tokenizer.maxCompoundParts + 1)
        partStarts = .allocate(capacity: Tokenizer.maxCompoundParts + 1)
        partLimits = .allocate(capacity: Tokenizer.maxCompoundParts + 1)
    }

    func deallocate() {
        compound.deallocate()
        scratch.deallocate()
        partEnds.deallocate()
        partStarts.deallocate()
        partLimits.deallocate()
    }

    mutating func run(_ input: UnsafeBufferPointer<UInt8>, _ emit: (TokenEvent) -> Bool) -> Bool {
        var index = 0
        let count = input.count
        while index < count {
            let start = index
            let (value, length) = UTF8Decoding.decode(input, at: index)
            index += length
            guard let value else {
                if !handle(.separator, 0x20, start, index, emit) { return false }
                continue
            }
            if let piece = Normalizer.fastPath(value) {
                if !handle(piece.0, piece.1, start, index, emit) { return false }
            } else {
                pieces.removeAll(keepingCapacity: true)
                Normalizer.slowPath(value, into: &pieces)
                if pieces.isEmpty { extendOpenToken(to: index) }
                for piece in pieces where !handle(piece.0, piece.1, start, index, emit) { return false }
            }
        }
        return flushRun(emit) && closeCompound(emit)
    }

    @inline(__always)
    mutating func handle(_ cls: CharacterClass, _ value: UInt32, _ start: Int, _ end: Int,
                         _ emit: (TokenEvent) -> Bool) -> Bool {
        switch cls {
        case .word:
            guard flushRun(emit) else { return false }
            return appendWordScalar(value, start, end, emit)
        case .ideograph:
            guard closeCompound(emit) else { return false }
            return ideograph(value, start, end, emit)
        case .hyphen:
            guard flushRun(emit) else { return false }
            if wordOpen && !hyphenPending && parts < Tokenizer.maxCompoundParts {
                wordOpen = false
                hyphenPending = true
                return true
            }
            return closeCompound(emit)
        case .separator:
            guard flushRun(emit) else { return false }
            return closeCompound(emit)
        }
    }

    /// A dropped scalar (a combining mark) belongs to the character before it: the open word or the
    /// last ideograph grows over it, so that a highlight never splits a letter from its accent.
    mutating func extendOpenToken(to end: Int) {
        if wordOpen, parts > 0 {
            partLimits[parts - 1] = end
        } else if hasPrevious {
            previousEnd = end
        }
    }

    // MARK: Words and compounds

    mutating func appendWordScalar(_ value: UInt32, _ start: Int, _ end: Int,
                                   _ emit: (TokenEvent) -> Bool) -> Bool {
        let width = UTF8Decoding.encodedLength(value)
        let fits = compoundCount + width <= Tokenizer.maxWordBytes
        if !wordOpen || !fits {
            // A new part starts. It continues the compound only right after a hyphen, and only while
            // the whole stays within the word limit; an over-long word is cut here.
            if !wordOpen && hyphenPending && fits {
                hyphenPending = false
            } else {
                guard closeCompound(emit) else { return false }
            }
            wordOpen = true
            partStarts[parts] = start
            partLimits[parts] = end
            partEnds[parts] = compoundCount
            parts += 1
        }
        compoundCount += UTF8Decoding.write(value, to: compound + compoundCount)
        partEnds[parts - 1] = compoundCount
        partLimits[parts - 1] = end
        return true
    }

    /// Emits the pending word or compound. In document mode every part is a token and a compound
    /// of several parts is added at the first part's position; in query mode only the joined form.
    mutating func closeCompound(_ emit: (TokenEvent) -> Bool) -> Bool {
        let count = parts
        let bytes = compoundCount
        parts = 0
        compoundCount = 0
        wordOpen = false
        hyphenPending = false
        guard count > 0 else { return true }
        let whole = UnsafeBufferPointer(start: compound, count: bytes)
        if count == 1 {
            return emit(TokenEvent(text: whole, start: partStarts[0], end: partLimits[0], colocated: false, kind: .word))
        }
        guard emit(TokenEvent(text: whole, start: partStarts[0], end: partLimits[count - 1],
                              colocated: false, kind: .compound)) else { return false }
        guard mode == .document else { return true }
        var from = 0
        for part in 0..<count {
            let to = partEnds[part]
            let slice = UnsafeBufferPointer(start: compound + from, count: to - from)
            guard emit(TokenEvent(text: slice, start: partStarts[part], end: partLimits[part],
                                  colocated: part == 0, kind: .word)) else { return false }
            from = to
        }
        return true
    }

    // MARK: Ideographs

    mutating func ideograph(_ value: UInt32, _ start: Int, _ end: Int,
                            _ emit: (TokenEvent) -> Bool) -> Bool {
        defer {
            hasPrevious = true
            previousValue = value
            previousStart = start
            previousEnd = end
            runLength += 1
        }
        guard hasPrevious else { return true }
        let firstWidth = UTF8Decoding.write(previousValue, to: scratch)
        let width = firstWidth + UTF8Decoding.write(value, to: scratch + firstWidth)
        guard emit(TokenEvent(text: UnsafeBufferPointer(start: scratch, count: width), start: previousStart, end: end,
                              colocated: false, kind: .bigram)) else { return false }
        guard mode == .document else { return true }
        return emit(TokenEvent(text: UnsafeBufferPointer(start: scratch, count: firstWidth), start: previousStart,
                               end: previousEnd, colocated: true, kind: .unigram))
    }

    /// Ends a run of ideographs: its last character is a unigram in documents, and a lone
    /// character is a unigram in queries.
    mutating func flushRun(_ emit: (TokenEvent) -> Bool) -> Bool {
        guard hasPrevious else { return true }
        hasPrevious = false
        let length = runLength
        runLength = 0
        guard mode == .document || length == 1 else { return true }
        let width = UTF8Decoding.write(previousValue, to: scratch)
        return emit(TokenEvent(text: UnsafeBufferPointer(start: scratch, count: width), start: previousStart,
                               end: previousEnd, colocated: false, kind: .unigram))
    }
}
