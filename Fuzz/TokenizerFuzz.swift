// libFuzzer target: the tokenizer and the text rules built on it, on arbitrary bytes.
// Built and run by `make fuzz` (Tools/fuzz); not part of the SwiftPM package.
import KBText

/// Stops the run with a message libFuzzer reports as a finding, with the input that caused it.
@inline(never)
func violated(_ what: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Never {
    fatalError("\(what) for input \(Array(bytes))")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenizer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    for mode in [TokenizeMode.document, .query] {
        var previousStart = 0
        var first = true
        var count = 0
        let finished = Tokenizer(mode: mode).tokenize(bytes) { event in
            count += 1
            guard event.start >= 0, event.start < event.end, event.end <= size else { violated("span out of range", bytes) }
            guard String(validating: UnsafeBufferPointer(rebasing: bytes[event.start..<event.end]), as: UTF8.self) != nil
            else { violated("span not on scalar boundaries", bytes) }
            guard !event.text.isEmpty, event.text.count <= Tokenizer.maxWordBytes,
                  String(validating: event.text, as: UTF8.self) != nil else { violated("bad token text", bytes) }
            guard event.start >= previousStart else { violated("tokens out of order", bytes) }
            guard !(first && event.colocated) else { violated("first token colocated", bytes) }
            if event.colocated && event.start != previousStart { violated("colocated token moved", bytes) }
            previousStart = event.start
            first = false
            return true
        }
        guard finished else { violated("tokenize stopped by itself", bytes) }
        // Stopping early stops at once.
        var seen = 0
        let stopped = Tokenizer(mode: mode).tokenize(bytes) { _ in
            seen += 1
            return seen < 2
        }
        if count >= 2 && (stopped || seen != 2) { violated("did not stop when asked", bytes) }
    }
    let text = String(decoding: bytes, as: UTF8.self)
    let document = Tokenizer(mode: .document).tokens(text)
    if Tokenizer(mode: .document).tokens(text) != document { violated("not deterministic", bytes) }
    let indexed = Set(document.map(\.text))
    for token in Tokenizer(mode: .query).tokens(text) where !indexed.contains(token.text) {
        violated("query token \(token) is not an index token", bytes)
    }
    for token in document {
        let again = Tokenizer(mode: .query).terms(token.text)
        if again != [token.text] { violated("token \(token) re-tokenizes as \(again)", bytes) }
    }
    _ = Tokenizer.normalizedKey(text)
    _ = Anchor.slug(text)
    return 0
}
