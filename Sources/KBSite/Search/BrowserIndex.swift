import Foundation
import KBCore
import KBSearch
import KBText

/// The browser search index: JavaScript files loaded with `<script>` tags (so it works from
/// file://, where fetch and XHR do not), split so that one query loads only what it needs.
///
/// - `meta.js`: the rules (`BrowserRules`), collection statistics, each document's category and
///   products, and how many shards there are.
/// - `t/N.js`: terms hashed into shards: document frequency, and the postings of rare terms.
/// - `p/KEY.js`, `p/KEY.C.js`: a frequent term's document set and title set, then its postings
///   in chunks of decreasing impact (the first chunk in `KEY.js`), so a query reads only the best.
/// - `y/N.js`: pinyin keys hashed into shards, each with its most frequent terms.
/// - `w/L.js`: the words of Latin letters and digits, by length, for typo lookups.
/// - `d/N.js`: one document's fields and sections, for exact scoring, sections and snippets.
/// - `pinyin.js`: readings of every character, for homophone lookups.
struct BrowserIndex {
    /// Terms in at most this many documents keep their postings inline in their shard.
    static let inlineLimit = 32
    /// Postings in the first chunk of a frequent term; each later chunk is `chunkGrowth` times larger.
    static let firstChunk = 32
    static let chunkGrowth = 4
    /// Bytes aimed at per term shard (every query reads several) and per pinyin shard (read only by
    /// pinyin and sound-alike lookups).
    static let termShardTarget = 1_400
    static let pinyinShardTarget = 4_096
    /// Terms kept per pinyin key: what `kb search` asks for at most (lookups + 2).
    static var pinyinTermsPerKey: Int { SearchRules.alternativesPerLookup + 2 }

    let input: SiteInput

    func emit(into out: SiteOutput, folder: String) throws {
        let numbered = DocumentNumbering(input)
        let terms = CollectionTerms(numbered.documents)
        let ranker = Ranker(parameters: .standard)
        let maxDocument = numbered.maxDocument

        func emitScript(_ name: String, _ json: String) throws {
            let text = "(self.KBSearchData=self.KBSearchData||{})[\(quoted(name))]=\(json);\n"
            try out.emit(folder + "/" + name + ".js", text: text)
        }

        // Terms: rare ones inline, frequent ones in their own files.
        var shardEntries: [(term: String, json: String)] = []
        var usedKeys = Set<String>()
        for term in terms.postings.keys.sorted(by: utf8Less) {
            let postings = terms.postings[term]!
            if postings.count <= Self.inlineLimit {
                shardEntries.append((term, "[\(postings.count),\(quoted(encode(postings, terms)))]"))
                continue
            }
            var key = String(ContentHash.hex(of: term).prefix(12))
            while !usedKeys.insert(key).inserted { key = String(ContentHash.hex(of: key + term).prefix(12)) }
            shardEntries.append((term, "[\(postings.count),\(quoted(key))]"))
            try emitFrequent(term, key: key, postings, terms: terms, ranker: ranker, maxDocument: maxDocument, emit: emitScript)
        }
        let termShards = try emitShards("t", shardEntries, target: Self.termShardTarget, emit: emitScript)

        // Pinyin keys of every ideograph term, each with its most frequent terms.
        var byKey: [String: [(term: String, df: Int)]] = [:]
        for (term, postings) in terms.postings where term.utf8.first.map({ $0 >= 0x80 }) == true && term.unicodeScalars.count <= 2 {
            for key in PinyinTable.shared.keys(for: term, limit: 4) { byKey[key, default: []].append((term, postings.count)) }
        }
        let pinyinEntries = byKey.keys.sorted().map { key -> (String, String) in
            let best = byKey[key]!.sorted { $0.df != $1.df ? $0.df > $1.df : utf8Less($0.term, $1.term) }.prefix(Self.pinyinTermsPerKey)
            return (key, "[" + best.map { "[\(quoted($0.term)),\($0.df)]" }.joined(separator: ",") + "]")
        }
        let pinyinShards = try emitShards("y", pinyinEntries, target: Self.pinyinShardTarget, emit: emitScript)

        // Latin words by length, for typo lookups.
        var wordsByLength: [Int: [(String, Int)]] = [:]
        for (term, postings) in terms.postings where term.utf8.allSatisfy({ $0 < 0x80 }) {
            wordsByLength[term.utf8.count, default: []].append((term, postings.count))
        }
        for (length, words) in wordsByLength {
            try emitScript("w/\(length)", "{" + words.sorted { $0.0 < $1.0 }.map { "\(quoted($0.0)):\($0.1)" }.joined(separator: ",") + "}")
        }

        // Documents.
        for (number, article) in numbered.documents {
            try emitScript("d/\(number)", DocumentRecord.json(article, byID: numbered.byID))
        }
        try emitScript("pinyin", quoted(TextRules.pinyinSource))

        let meta = BrowserRules.json(
            statistics: terms.statistics, maxDocument: maxDocument, documents: numbered.documents,
            synonyms: input.synonyms, unusualScalars: terms.unusualScalars,
            shards: ["t": termShards, "y": pinyinShards], wordLengths: wordsByLength.keys.sorted(),
            layout: ["inlineLimit": Self.inlineLimit, "firstChunk": Self.firstChunk, "pinyinTermsPerKey": Self.pinyinTermsPerKey])
        try emitScript("meta", meta)
    }

    /// A frequent term: its document set, title set and chunk table with the first chunk in one
    /// file, later chunks in files of their own.
    private func emitFrequent(_ term: String, key: String, _ postings: [CollectionTerms.Posting], terms: CollectionTerms,
                              ranker: Ranker, maxDocument: Int, emit: (String, String) throws -> Void) throws {
        let byImpact = postings.map { posting -> (CollectionTerms.Posting, Double) in
            let sat = ranker.saturation(frequencies: posting.counts.map(Int.init), fieldLengths: terms.lengths[posting.document]!,
                                        statistics: terms.statistics)
            return (posting, sat)
        }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.document < $1.0.document }
        var chunks: [[(CollectionTerms.Posting, Double)]] = []
        var start = 0
        var size = Self.firstChunk
        while start < byImpact.count {
            chunks.append(Array(byImpact[start..<min(byImpact.count, start + size)]))
            start += size
            size *= Self.chunkGrowth
        }
        // Each chunk's bound is its best impact, rounded up: no later posting can score higher.
        let table = chunks.map { chunk in "[\(chunk.count),\(roundedUp(chunk[0].1))]" }.joined(separator: ",")
        let documents = postings.map(\.document)
        let titled = postings.filter { $0.counts[Field.title.rawValue] > 0 }.map(\.document)
        let first = encode(chunks[0].map(\.0).sorted { $0.document < $1.document }, terms)
        try emit("p/\(key)", "{\"docs\":\(quoted(IndexEncoding.documentSet(documents, maxDocument: maxDocument))),"
            + "\"title\":\(quoted(IndexEncoding.documentSet(titled, maxDocument: maxDocument))),"
            + "\"chunks\":[\(table)],\"first\":\(quoted(first))}")
        for (index, chunk) in chunks.enumerated().dropFirst() {
            try emit("p/\(key).\(index)", quoted(encode(chunk.map(\.0).sorted { $0.document < $1.document }, terms)))
        }
    }

    /// Hash-sharded `{key: value}` objects; returns the shard count (a power of two).
    private func emitShards(_ prefix: String, _ entries: [(String, String)], target: Int,
                            emit: (String, String) throws -> Void) throws -> Int {
        let bytes = entries.reduce(0) { $0 + $1.0.utf8.count + $1.1.utf8.count + 4 }
        var count = 1
        while count < 16_384 && bytes / count > target { count *= 2 }
        var shards = [[String]](repeating: [], count: count)
        for (key, value) in entries {
            shards[Int(ShardHash.of(key) & UInt32(count - 1))].append("\(quoted(key)):\(value)")
        }
        for (index, members) in shards.enumerated() {
            try emit("\(prefix)/\(index)", "{" + members.joined(separator: ",") + "}")
        }
        return count
    }

    /// Postings sorted by document: gap, field mask, then count and length of each field present.
    private func encode(_ postings: [CollectionTerms.Posting], _ terms: CollectionTerms) -> String {
        var out: [UInt8] = []
        var previous = 0
        for posting in postings {
            IndexEncoding.appendVarint(posting.document - previous, to: &out)
            previous = posting.document
            var mask = 0
            for (field, count) in posting.counts.enumerated() where count > 0 { mask |= 1 << field }
            out.append(IndexEncoding.alphabet[mask])
            let lengths = terms.lengths[posting.document]!
            for (field, count) in posting.counts.enumerated() where count > 0 {
                IndexEncoding.appendVarint(Int(count), to: &out)
                IndexEncoding.appendVarint(lengths[field], to: &out)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func roundedUp(_ value: Double) -> String {
        let scaled = (value * 1e6).rounded(.up) / 1e6
        return String(format: "%.6f", min(1, scaled))
    }
}

/// Byte order of UTF-8, as SQLite's BINARY collation sorts terms.
func utf8Less(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

/// A JSON string literal.
func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        // `</script>` and line separators must not end a script early.
        case "<": out += "\\u003c"
        case "\u{2028}": out += "\\u2028"
        case "\u{2029}": out += "\\u2029"
        default:
            if scalar.value < 0x20 {
                out += String(format: "\\u%04x", scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

/// Document numbers: the index's rowids when known, so ties break as in `kb search`; others after.
struct DocumentNumbering {
    var documents: [(number: Int, article: Article)] = []
    var byID: [ArticleID: (number: Int, article: Article)] = [:]
    var maxDocument = 0

    init(_ input: SiteInput) {
        var next = Int(input.documentNumbers.values.max() ?? 0) + 1
        for article in input.articles.sorted(by: { $0.id < $1.id }) {
            let number: Int
            if let known = input.documentNumbers[article.id] {
                number = Int(known)
            } else {
                number = next
                next += 1
            }
            documents.append((number, article))
            byID[article.id] = (number, article)
        }
        documents.sort { $0.number < $1.number }
        maxDocument = documents.last?.number ?? 0
    }
}

/// One document's file: what exact scoring, the best section, the snippet and the result need.
enum DocumentRecord {
    static func json(_ article: Article, byID: [ArticleID: (number: Int, article: Article)]) -> String {
        let fm = article.frontMatter
        let sections = article.sections.map { section in
            "[\(section.heading.map(quoted) ?? "null"),\(section.anchor.map(quoted) ?? "null"),\(section.level),\(quoted(section.text))]"
        }
        let relatedEntries = fm.related.compactMap { id -> String? in
            guard let other = byID[id]?.article else { return nil }
            return "[\(quoted(other.id.rawValue)),\(quoted(other.title)),\(quoted(other.category.rawValue))]"
        }
        return "{\"id\":\(quoted(article.id.rawValue)),\"title\":\(quoted(fm.title)),"
            + "\"category\":\(quoted(fm.category.rawValue)),"
            + "\"products\":[\(fm.products.map { quoted($0.rawValue) }.joined(separator: ","))],"
            + "\"summary\":\(quoted(fm.summary)),"
            + "\"symptoms\":[\(fm.symptoms.map(quoted).joined(separator: ","))],"
            + "\"tags\":[\(fm.tags.map(quoted).joined(separator: ","))],"
            + "\"sections\":[\(sections.joined(separator: ","))],"
            + "\"related\":[\(relatedEntries.joined(separator: ","))]}"
    }
}
