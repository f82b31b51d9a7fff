import KBText

/// A short passage of a section with the query's matches marked.
public struct Snippet: Sendable, Equatable, Codable {
    public var text: String
    /// Highlighted ranges, as UTF-8 byte offsets into `text`, sorted and not overlapping.
    public var highlights: [Range<Int>]

    public init(text: String, highlights: [Range<Int>]) {
        self.text = text
        self.highlights = highlights
    }

    /// The highlights as Unicode scalar offsets (what JavaScript's code-point indexing and most JSON
    /// consumers expect).
    public var scalarHighlights: [Range<Int>] {
        let utf8 = Array(text.utf8)
        var scalarAt = [Int](repeating: 0, count: utf8.count + 1)
        var scalars = 0
        for (offset, byte) in utf8.enumerated() {
            scalarAt[offset] = scalars
            if byte & 0xC0 != 0x80 { scalars += 1 }
        }
        // Offsets point at scalar starts; the end offset maps to the count of scalars before it.
        scalarAt[utf8.count] = scalars
        for offset in stride(from: utf8.count - 1, through: 0, by: -1) where utf8[offset] & 0xC0 == 0x80 {
            scalarAt[offset] = scalarAt[offset + 1]
        }
        return highlights.map { scalarAt[$0.lowerBound]..<scalarAt[$0.upperBound] }
    }

    /// The text with each highlight wrapped in `open` and `close`.
    public func marked(open: String, close: String, escape: (Substring) -> String = { String($0) }) -> String {
        let bytes = Array(text.utf8)
        var result = ""
        var position = 0
        func piece(_ from: Int, _ to: Int) -> Substring {
            Substring(decoding: bytes[from..<to], as: UTF8.self)
        }
        for range in highlights {
            result += escape(piece(position, range.lowerBound))
            result += open + escape(piece(range.lowerBound, range.upperBound)) + close
            position = range.upperBound
        }
        result += escape(piece(position, bytes.count))
        return result
    }
}

/// Picks the passage of a text that holds the most distinct matched tokens and marks them.
public enum SnippetBuilder {
    /// Longest snippet, in Unicode scalars.
    public static let maxScalars = 96
    /// Characters shown before the first match of a window, so that its context shows.
    public static let leadingContext = 8
    /// How far before the window a sentence start is looked for.
    public static let sentenceLookBack = 12

    /// - Parameters:
    ///   - text: plain text of a section.
    ///   - matched: index tokens that matched the query in this article.
    public static func snippet(of text: String, matching matched: Set<String>, maxScalars: Int = maxScalars) -> Snippet {
        let tokens = Tokenizer(mode: .document).tokens(text, in: TokenSet(matched.sorted()))
        let utf8 = Array(text.utf8)
        let boundaries = scalarStarts(utf8)  // byte offset of each scalar, plus the end
        guard boundaries.count - 1 > maxScalars else {
            let flattened = text.replacingOccurrences(of: "\n", with: " ")
            return Snippet(text: flattened, highlights: merge(tokens.map { $0.start..<$0.end }))
        }

        let bestStart = bestWindowStart(tokens, boundaries: boundaries, maxScalars: maxScalars)
        // Prefer to start at a sentence boundary shortly before the window.
        var startScalar = bestStart
        let lookBack = max(0, bestStart - sentenceLookBack)
        if let boundary = (lookBack..<bestStart).reversed().first(where: { isSentenceEnd(utf8, boundaries[$0]) }) {
            startScalar = boundary + 1
        }
        let endScalar = min(boundaries.count - 1, startScalar + maxScalars)
        let from = boundaries[startScalar], to = boundaries[endScalar]
        var body = String(decoding: utf8[from..<to], as: UTF8.self)
        var shift = -from
        let leading = body.prefix { $0.isWhitespace }
        if !leading.isEmpty {
            shift -= leading.utf8.count
            body.removeFirst(leading.count)
        }
        let prefix = startScalar > 0 ? "…" : ""
        let suffix = endScalar < boundaries.count - 1 ? "…" : ""
        shift += prefix.utf8.count
        let bodyStart = prefix.utf8.count
        let bodyEnd = bodyStart + body.utf8.count
        let ranges = tokens.compactMap { token -> Range<Int>? in
            let lower = token.start + shift, upper = token.end + shift
            return lower >= bodyStart && upper <= bodyEnd ? lower..<upper : nil
        }
        let flattened = (prefix + body + suffix).replacingOccurrences(of: "\n", with: " ")
        return Snippet(text: flattened, highlights: merge(ranges))
    }

    /// The scalar where the window of `maxScalars` holding the most distinct matched tokens starts.
    /// Candidates start a little before each match, so that its context shows; the first best wins.
    ///
    /// Candidate windows only move forward, so one sliding pass keeps a count per distinct token:
    /// a token is inside while its end is within the window's end (taken in order of ends) and its
    /// start is not before the window's start (dropped in order of starts). Linear after sorting,
    /// where trying every window was quadratic: a section repeating one match 100,000 times (长长…)
    /// took minutes per search.
    static func bestWindowStart(_ tokens: [Token], boundaries: [Int], maxScalars: Int) -> Int {
        func scalarOfByte(_ byte: Int) -> Int {
            var low = 0, high = boundaries.count - 1
            while low < high {
                let mid = (low + high) / 2
                if boundaries[mid] < byte { low = mid + 1 } else { high = mid }
            }
            return low
        }
        let byStart = tokens.indices.sorted { (tokens[$0].start, $0) < (tokens[$1].start, $1) }
        let byEnd = tokens.indices.sorted { (tokens[$0].end, $0) < (tokens[$1].end, $1) }
        var entered = [Bool](repeating: false, count: tokens.count)
        var dropped = [Bool](repeating: false, count: tokens.count)
        var counts: [String: Int] = [:]
        var distinct = 0
        var nextByEnd = 0, nextByStart = 0
        var bestStart = 0, bestCount = -1
        var lastStart = -1
        for candidate in byStart {
            let start = max(0, scalarOfByte(tokens[candidate].start) - leadingContext)
            guard start != lastStart else { continue }  // the same window as before: not better
            lastStart = start
            let startByte = boundaries[start]
            let endByte = boundaries[min(boundaries.count - 1, start + maxScalars)]
            while nextByEnd < byEnd.count, tokens[byEnd[nextByEnd]].end <= endByte {
                let index = byEnd[nextByEnd]
                entered[index] = true
                if !dropped[index] {
                    counts[tokens[index].text, default: 0] += 1
                    if counts[tokens[index].text] == 1 { distinct += 1 }
                }
                nextByEnd += 1
            }
            while nextByStart < byStart.count, tokens[byStart[nextByStart]].start < startByte {
                let index = byStart[nextByStart]
                dropped[index] = true
                if entered[index] {
                    counts[tokens[index].text]! -= 1
                    if counts[tokens[index].text] == 0 { distinct -= 1 }
                }
                nextByStart += 1
            }
            if distinct > bestCount {
                bestCount = distinct
                bestStart = start
            }
        }
        return bestStart
    }

    private static func scalarStarts(_ utf8: [UInt8]) -> [Int] {
        var starts: [Int] = []
        starts.reserveCapacity(utf8.count / 2 + 1)
        for (offset, byte) in utf8.enumerated() where byte & 0xC0 != 0x80 { starts.append(offset) }
        starts.append(utf8.count)
        return starts
    }

    /// Characters after which a snippet may start.
    public static let sentenceEnds: [Unicode.Scalar] = ["\n", "。", "！", "？"]
    private static let sentenceEndBytes: [[UInt8]] = sentenceEnds.map { Array(String($0).utf8) }

    private static func isSentenceEnd(_ utf8: [UInt8], _ offset: Int) -> Bool {
        sentenceEndBytes.contains { end in
            offset + end.count <= utf8.count && utf8[offset..<offset + end.count].elementsEqual(end)
        }
    }

    /// Sorted, merged ranges: overlapping bigrams (结算, 算卡) become one highlight (结算卡).
    static func merge(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var merged: [Range<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }
}
