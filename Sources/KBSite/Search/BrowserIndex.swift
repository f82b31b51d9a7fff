import Foundation
import KBCore
import KBSearch
import KBText

/// The browser search index: JavaScript files loaded with `<script>` tags (so it works from
/// file://, where fetch and XHR do not), split so that one query loads only what it needs.
///
/// - `meta.js`: the rules (`BrowserRules`), collection statistics, a table of documents, the
///   shard counts.
/// - `t/N.js`: terms hashed into shards: document frequency, and the postings of rare terms.
/// - `p/KEY.js`: a frequent term's document sets and bands; `p/KEY.B[.P].js` its postings by band
///   of impact (and part, for large bands), read best band first (`FrequentTerm`).
/// - `y/N.js`: pinyin keys hashed into shards, each with the terms that read that way.
/// - `w/L.js`: the words of Latin letters and digits, by length, for typo lookups.
/// - `x/N.js`, `r/N.js`: the lexicon and the pinyin readings (`StaticShards`).
/// - `m/N.js`: the learned query model's features, hashed into shards by their first character
///   (its header is in `meta.js`).
/// - `d/N.js`: one document's fields and sections, for results and snippets (`DocumentRecord`).
///
/// A build that follows another updates the index in place: it reads back the files of the terms
/// that the changed articles hold or held, and writes only the files whose bytes change. Every file
/// is a function of the content alone, so the result is the same as a full build's.
struct BrowserIndex {
    let input: SiteInput

    func emit(into out: SiteOutput, folder: String) throws {
        let numbering = DocumentNumbering(input)
        let relatedOf = { (article: Article) -> [Article] in
            article.frontMatter.related.compactMap { numbering.byID[$0]?.article }
        }
        var changes: IndexChanges
        var state: SearchIndexState
        if let previous = out.previousSearchState, previous.format == IndexLayout.format,
           let update = try? IncrementalIndex(documents: numbering.documents, previous: previous,
                                              read: { out.previousText(folder + "/" + $0 + ".js") }).run() {
            (changes, state) = update
            out.retain(under: folder + "/")
        } else {
            (changes, state) = ColdIndex(documents: numbering.documents).run()
        }
        for name in changes.dropped { out.drop(folder + "/" + name + ".js") }

        // Records: written only when the article or what it shows of its related articles changed.
        // Checking 10,000 of them (a digest and a file status each) is worth both cores.
        let documents = numbering.documents
        try Concurrently.forEach(documents.count) { index in
            let (number, article) = documents[index]
            let related = relatedOf(article)
            let fingerprint = article.contentHash + ":" + ContentHash.hex(of: "\(number)\u{0}" + DocumentRecord.relatedDigest(related))
            let name = DocumentRecord.name(number)
            try out.emit(folder + "/" + name + ".js", fingerprint: fingerprint) {
                Data(ScriptFile.text(name: name, json: DocumentRecord.json(article, related: related)).utf8)
            }
        }
        // The lexicon and reading shards change only with kb: when the last build wrote the same
        // tables, their names follow from its counts and the tables are not built at all.
        let staticPrefixes = ["x", "r"]
        let previous = out.previousSearchState
        if let previous, previous.staticFingerprint == StaticShards.fingerprint,
           staticPrefixes.allSatisfy({ previous.shardCounts[$0] != nil }) {
            for prefix in staticPrefixes {
                let count = previous.shardCounts[prefix]!
                state.shardCounts[prefix] = count
                for shard in 0..<count {
                    let name = "\(prefix)/\(shard)"
                    try out.emit(folder + "/" + name + ".js", fingerprint: StaticShards.fingerprint) {
                        guard let json = StaticShards.shared.files.first(where: { $0.name == name })?.json else {
                            throw SiteError.write(path: folder + "/" + name + ".js", detail: "no such lexicon shard")
                        }
                        return Data(ScriptFile.text(name: name, json: json).utf8)
                    }
                }
            }
        } else {
            let statics = StaticShards.shared
            for (name, json) in statics.files {
                try out.emit(folder + "/" + name + ".js", fingerprint: statics.fingerprint) {
                    Data(ScriptFile.text(name: name, json: json).utf8)
                }
            }
            state.shardCounts.merge(statics.counts) { _, new in new }
        }
        state.staticFingerprint = StaticShards.fingerprint
        // The query model's features, hash-sharded like the terms: a search loads the shards of
        // its own features, not the whole model. Shards a smaller model (or none) no longer has go.
        let modelShards = input.queryModel.map {
            ShardedTable.shard(BrowserRules.queryModelEntries($0), target: IndexLayout.modelShardTarget,
                               shardKey: BrowserRules.queryModelShardKey)
        }
        let (modelShardCount, previousModelShardCount) = (modelShards?.count ?? 0, previous?.shardCounts["m"] ?? 0)
        state.shardCounts["m"] = modelShards?.count
        changes.files += (modelShards?.shards ?? []).enumerated().map { ("m/\($0.offset)", $0.element) }
        for shard in modelShardCount..<max(modelShardCount, previousModelShardCount) {
            out.drop(folder + "/m/\(shard).js")
        }
        let collection = BrowserRules.Collection(
            statistics: state.lengths.statistics, layoutAverages: state.layoutAverages, maxDocument: numbering.maxDocument,
            answers: Set(numbering.documents.filter { SearchRules.answerCategories.contains($0.article.category) }.map(\.number)),
            guides: numbering.documents.filter { $0.article.category == .guide }.map(\.number).sorted(),
            documents: numbering.documents.map(\.number), manySections: Set(state.manySections),
            unusualScalars: Set(state.unusual.values.joined()), shards: state.shardCounts,
            wordLengths: state.wordLengths)
        let model = input.queryModel.map { BrowserRules.queryModel($0, numbering.byID.mapValues(\.number)) }
        changes.files.append(("meta", BrowserRules.json(collection, synonyms: input.synonyms, queryModel: model)))
        // Each document's category and products, in a file of their own: only a filtered search
        // reads them (one character per document: 10 KB at 10,000 that every search paid in meta.js).
        changes.files.append(("facets", quoted(FacetTable.encode(numbering.documents, maxDocument: numbering.maxDocument))))
        // Every script-folding pair, read only for a query or an article with a character that folds.
        changes.files.append((FoldingExport.fileName, quoted(FoldingExport.allPairs)))

        let files = changes.files
        try Concurrently.forEach(files.count) { index in
            let (name, json) = files[index]
            try out.emit(folder + "/" + name + ".js", text: ScriptFile.text(name: name, json: json))
        }
        out.setSearchState(state)
    }
}

/// Files an index build writes (name below the index folder → JSON) and removes.
struct IndexChanges {
    var files: [(name: String, json: String)] = []
    var dropped = Set<String>()
}

/// What the next build must know to update the index in place.
struct SearchIndexState: Codable, Equatable {
    var format = IndexLayout.format
    var lengths: CollectionLengths
    /// The rounded averages bands were assigned with: when they move, every band is redone.
    var layoutAverages: [Double]
    var shardCounts: [String: Int]
    /// Bytes of all term and pinyin entries, from which the shard counts follow.
    var termEntryBytes: Int
    var pinyinEntryBytes: Int
    var wordLengths: [Int]
    /// Document number → content hash of the article it was indexed from.
    var documents: [String: String]
    /// Document number → the scalars outside the tokenizer's fast path it contains (when any).
    var unusual: [String: [UInt32]]
    /// Documents with more sections than postings record: the browser reads their own files.
    var manySections: [Int]
    /// `StaticShards.fingerprint` of the lexicon and reading shards written (their counts are in
    /// `shardCounts`).
    var staticFingerprint: String?
}

/// Builds every index file from all articles.
struct ColdIndex {
    let documents: [(number: Int, article: Article)]

    /// Documents tokenized at once: the postings gathered so far plus one batch of documents'
    /// terms are in memory, not every document's terms (10,000 articles: several hundred MB).
    static let batchSize = 256

    func run() -> (IndexChanges, SearchIndexState) {
        var lengths = CollectionLengths(documentCount: documents.count, totals: [Int](repeating: 0, count: Field.allCases.count))
        var gathered: [String: [Posting]] = [:]
        var unusual: [String: [UInt32]] = [:]
        var manySections: [Int] = []
        for batchStart in stride(from: 0, to: documents.count, by: Self.batchSize) {
            let batch = Array(documents[batchStart..<min(documents.count, batchStart + Self.batchSize)])
            let terms = Concurrently.map(batch) { DocumentTerms(IndexedParts($0.article)) }
            for (document, docTerms) in zip(batch, terms) {
                for field in lengths.totals.indices { lengths.totals[field] += Int(docTerms.lengths[field]) }
                if !docTerms.unusualScalars.isEmpty { unusual[String(document.number)] = docTerms.unusualScalars.sorted() }
                if docTerms.manySections { manySections.append(document.number) }
                for (term, occurrence) in docTerms.terms {
                    gathered[term, default: []].append(Posting(document: document.number, occurrence, lengths: docTerms.lengths))
                }
            }
        }
        let postings = gathered
        gathered = [:]
        let assigner = BandAssigner(statistics: lengths.layoutStatistics)
        var changes = IndexChanges()

        // Terms: rare ones inline, frequent ones in files of their own (encoded in parallel).
        let sortedTerms = postings.keys.sorted(by: utf8Less)
        let frequent = sortedTerms.filter { postings[$0]!.count > IndexLayout.inlineLimit }
        changes.files += Concurrently.map(frequent) { term -> [(name: String, json: String)] in
            let (head, files) = FrequentTerm.make(term, postings: postings[term]!, assigner: assigner)
            return [(FrequentTerm.headName(term), head.json)] + files.map { ($0.0, quoted(PostingCoding.encode($0.1))) }
        }.joined()
        let termEntries = sortedTerms.map { (key: $0, value: TermEntry(postings[$0]!).json) }
        let (termShards, termJSON) = ShardedTable.shard(termEntries, target: IndexLayout.termShardTarget)
        changes.files += termJSON.enumerated().map { ("t/\($0.offset)", $0.element) }

        // Pinyin keys of every term of one or two characters.
        var byKey: [String: [(term: String, documentFrequency: Int)]] = [:]
        for term in sortedTerms where PinyinEntry.isCandidate(term) {
            for key in PinyinTable.shared.keys(for: term, limit: SearchRules.homophoneReadings) {
                byKey[key, default: []].append((term, postings[term]!.count))
            }
        }
        let pinyinEntries = byKey.map { (key: $0.key, value: PinyinEntry.json($0.value)) }
        let (pinyinShards, pinyinJSON) = ShardedTable.shard(pinyinEntries, target: IndexLayout.pinyinShardTarget)
        changes.files += pinyinJSON.enumerated().map { ("y/\($0.offset)", $0.element) }

        // Latin words by length, for typo lookups.
        var wordsByLength: [Int: [(key: String, value: String)]] = [:]
        for term in sortedTerms where term.utf8.allSatisfy({ $0 < 0x80 }) {
            wordsByLength[term.utf8.count, default: []].append((term, String(postings[term]!.count)))
        }
        for (length, words) in wordsByLength { changes.files.append(("w/\(length)", ShardedTable.json(words))) }

        let state = SearchIndexState(
            lengths: lengths, layoutAverages: assigner.statistics.averageFieldLengths,
            shardCounts: ["t": termShards, "y": pinyinShards],
            termEntryBytes: ShardedTable.entryBytes(termEntries), pinyinEntryBytes: ShardedTable.entryBytes(pinyinEntries),
            wordLengths: wordsByLength.keys.sorted(),
            documents: Dictionary(uniqueKeysWithValues: documents.map { (String($0.number), $0.article.contentHash) }),
            unusual: unusual, manySections: manySections)
        return (changes, state)
    }
}
