import Foundation
import KBCore
import KBText

/// Restricts a search to a category and/or a product line.
public struct SearchFilter: Sendable, Equatable {
    public var category: Category?
    public var product: Product?

    public init(category: Category? = nil, product: Product? = nil) {
        self.category = category
        self.product = product
    }
}

/// What results show about an article, without its HTML.
public struct ArticleRecord: Sendable, Equatable {
    public var document: Int64
    public var id: ArticleID
    public var sourcePath: String
    public var title: String
    public var category: Category
    public var products: [Product]
    public var summary: String
    public var symptoms: [String]
    public var tags: [String]
    public var related: [ArticleID]
    public var sections: [Section]

    public init(document: Int64, id: ArticleID, sourcePath: String, title: String, category: Category,
                products: [Product], summary: String, symptoms: [String] = [], tags: [String] = [],
                related: [ArticleID], sections: [Section]) {
        self.document = document
        self.id = id
        self.sourcePath = sourcePath
        self.title = title
        self.category = category
        self.products = products
        self.summary = summary
        self.symptoms = symptoms
        self.tags = tags
        self.related = related
        self.sections = sections
    }
}

/// An index the engine can search: the SQLite index in the CLI, an in-memory one in tests.
public protocol SearchIndex: Vocabulary {
    var synonyms: SynonymTable { get }
    /// Documents containing at least one of `tokens` (those with a document frequency above zero),
    /// with each token's frequency per field (`frequencies` has `tokens.count * Field.count`
    /// entries), and the collection statistics BM25 needs.
    func hits(for tokens: [String], filter: SearchFilter) throws -> HitSet
    /// Metadata and sections of the given documents.
    func records(_ documents: [Int64]) throws -> [ArticleRecord]
    /// Metadata of the given articles (sections may be empty), for listing related articles.
    func records(ids: [ArticleID]) throws -> [ArticleRecord]
    /// What `hits` answers, flat and without the field lengths when the index has to look them up
    /// one document at a time: the engine asks `fieldLengths(of:)` only for the documents whose
    /// score bound can still reach the first results. Defaults to `hits`, lengths included.
    func tokenCounts(for tokens: [String], filter: SearchFilter) throws -> TokenCounts
    /// Tokens per field of one document, in `Field` order: for indexes whose `tokenCounts` leaves
    /// `fieldLengths` empty.
    func fieldLengths(of document: Int64) throws -> [Int]
    /// How merchants ask, learned from judged queries, when the knowledge base has a model: its
    /// header and the entries of these features (all a posterior for them needs).
    func queryModel(for features: Set<String>) throws -> QueryModel?
}

extension SearchIndex {
    public func tokenCounts(for tokens: [String], filter: SearchFilter) throws -> TokenCounts {
        TokenCounts(try hits(for: tokens, filter: filter), tokenCount: tokens.count)
    }

    public func fieldLengths(of document: Int64) throws -> [Int] {
        preconditionFailure("an index whose tokenCounts leaves out field lengths must implement fieldLengths(of:)")
    }

    public func queryModel(for features: Set<String>) throws -> QueryModel? { nil }
}

/// The documents holding any token of a plan, with each token's count per field in one flat array
/// (no allocation per document), and the collection statistics.
public struct TokenCounts: Sendable {
    public var tokenCount: Int
    /// Document numbers, ascending.
    public var documents: [Int64]
    /// `frequencies[(d * tokenCount + token) * Field.count + field]` for the d-th document.
    public var frequencies: [UInt16]
    /// `fieldLengths[d * Field.count + field]`, or empty: then ask the index's `fieldLengths(of:)`.
    public var fieldLengths: [Int]
    public var statistics: CollectionStatistics

    public init(tokenCount: Int, documents: [Int64], frequencies: [UInt16], fieldLengths: [Int] = [],
                statistics: CollectionStatistics) {
        self.tokenCount = tokenCount
        self.documents = documents
        self.frequencies = frequencies
        self.fieldLengths = fieldLengths
        self.statistics = statistics
    }

    /// The same numbers as a `HitSet`, lengths included.
    public init(_ hits: HitSet, tokenCount: Int) {
        let fieldCount = Field.allCases.count
        var frequencies: [UInt16] = []
        var lengths: [Int] = []
        frequencies.reserveCapacity(hits.documents.count * tokenCount * fieldCount)
        lengths.reserveCapacity(hits.documents.count * fieldCount)
        for document in hits.documents {
            frequencies.append(contentsOf: document.frequencies)
            lengths.append(contentsOf: document.fieldLengths)
        }
        self.init(tokenCount: tokenCount, documents: hits.documents.map(\.document), frequencies: frequencies,
                  fieldLengths: lengths, statistics: hits.statistics)
    }

    /// Values per document in `frequencies`.
    public var stride: Int { tokenCount * Field.allCases.count }
}

public struct SearchOptions: Sendable {
    public var limit: Int
    public var filter: SearchFilter
    /// Allow the homophone tier when the exact match is weak.
    public var homophones: Bool

    public init(limit: Int = 10, filter: SearchFilter = SearchFilter(), homophones: Bool = true) {
        self.limit = limit
        self.filter = filter
        self.homophones = homophones
    }
}

/// Matching documents and the statistics of the whole collection.
public struct HitSet: Sendable {
    public var documents: [DocumentHits]
    public var statistics: CollectionStatistics

    public init(documents: [DocumentHits], statistics: CollectionStatistics) {
        self.documents = documents
        self.statistics = statistics
    }
}

/// One ranked article.
public struct SearchResult: Sendable {
    public var record: ArticleRecord
    public var score: DocumentScore
    /// The section that answers best (the lead when nothing better).
    public var section: Section
    public var snippet: Snippet
    /// For a cause: the fixes it links to, so the agent sees cause → what to do at once.
    public var relatedFixes: [ArticleRecord]
    /// Index tokens of the query found in this article.
    public var matchedTokens: Set<String>
}

public struct SearchResponse: Sendable {
    public var query: String
    public var plan: QueryPlan
    /// Articles that passed the confidence cut, before `limit`.
    public var total: Int
    public var results: [SearchResult]
    /// The weakest tier the results rely on: `.homophone` when the query was searched as it sounds.
    public var tier: MatchTier
    /// What was searched instead, when the homophone or typo tier rewrote the query.
    public var didYouMean: String?
    /// False when the best result covers the query only partly, or the query asks about a topic
    /// the knowledge base does not answer: shown as possibly related.
    public var confident: Bool
    /// Topics of the query that no article answers (`content/out-of-scope.yml`), named for the reader.
    public var outOfScope: [String] = []
    public var notices: [String]
    public var elapsed: Duration
}

/// Runs a query: parse, plan, fetch hits, score, pick sections, and fall back to the homophone
/// tier when the exact match is weak.
public struct SearchEngine {
    /// Documents re-ranked with section-level evidence after the first scoring pass.
    static let rerankDepth = 24
    /// Below this coverage of the best result, a query with unknown bigrams is tried as it sounds.
    static let weakCoverage = 0.6
    /// Coverage the homophone reading must add to the exact one's best result to be preferred.
    static let homophoneMargin = 0.1
    /// Categories that answer a question (as opposed to describing a product or prevention).
    static let answerCategories: [Category] = [.guide, .cause, .fix]
    /// A query's content must have at least this many characters to earn the title-contains bonus.
    static let titleContainsMinimum = 3
    /// Share of a title the query must make up for the whole title-contains bonus.
    static let titleSubjectShare = 0.5
    /// Share of articles above which a name alone is the subject of the whole knowledge base.
    static let generalNameShare = 0.5
    /// A later section must beat the best so far by more than this to be chosen (float noise).
    static let sectionTieMargin = 1e-9

    public let index: SearchIndex
    public let parameters: RankingParameters
    /// Scores every matching document instead of skipping those whose score bound cannot reach the
    /// first results: the reference the pruned search is tested against.
    let exhaustive: Bool

    public init(index: SearchIndex, parameters: RankingParameters = .standard) {
        self.init(index: index, parameters: parameters, exhaustive: false)
    }

    public init(index: SearchIndex, parameters: RankingParameters, exhaustive: Bool) {
        self.index = index
        self.parameters = parameters
        self.exhaustive = exhaustive
    }

    public func search(_ query: String, options: SearchOptions = SearchOptions()) throws -> SearchResponse {
        let clock = ContinuousClock()
        let started = clock.now
        let parser = QueryParser(synonyms: index.synonyms)
        let planner = QueryPlanner(synonyms: index.synonyms)
        let parsed = parser.parse(query)

        var plan = try planner.plan(parsed, vocabulary: index, homophones: false)
        let opinion = try learnedOpinion(parsed)
        var ranked = try run(plan, parsed: parsed, options: options, learned: opinion.bonus)
        var tier = MatchTier.exact

        if options.homophones && isWeak(ranked, plan: plan) {
            let soundsLike = try planner.plan(parsed, vocabulary: index, homophones: true)
            if soundsLike.tiersUsed.contains(.homophone) {
                let alternative = try run(soundsLike, parsed: parsed, options: options, learned: opinion.bonus)
                if improvesOnExact(alternative, ranked, plan: soundsLike) {
                    plan = soundsLike
                    ranked = alternative
                    tier = .homophone
                }
            }
        }
        let usedTiers = Set(ranked.flatMap { result in
            result.score.matches.compactMap { match in
                match.alternative.map { plan.concepts[match.concept].alternatives[$0].tier }
            }
        })
        if tier == .exact, let weakest = usedTiers.max(), weakest == .typo || weakest == .homophone {
            tier = weakest
        }
        let total = ranked.count
        let shown = Array(ranked.prefix(max(0, options.limit)))
        let withFixes = try attachFixes(shown)
        let outOfScope = parsed.outOfScopeTopics + (opinion.allowsUnknownTopics ? plan.unknownThings : [])
        return SearchResponse(query: query, plan: plan, total: total, results: withFixes, tier: tier,
                              didYouMean: ranked.isEmpty ? nil : plan.rewrittenQuery,
                              confident: (ranked.first?.score.coverage ?? 0) >= parameters.confidentCoverage && outOfScope.isEmpty
                                  && !asksAboutTheWholeCollection(parsed, plan: plan) && !opinion.doubtsAnyAnswer,
                              outOfScope: outOfScope,
                              notices: plan.notices,
                              elapsed: clock.now - started)
    }

    /// A query of names alone that most articles mention (`POS机是什么意思`) asks about the machine in
    /// general: every article touches it and none answers it, so no result is a confident answer.
    /// A name only some articles carry (电签pos) is what its own article is about. A name counts by
    /// its form as typed where the content uses that form, by its most common form otherwise
    /// (刷卡机 is said pos机): a loose member of its group (小pos机, whose words are everywhere)
    /// must not make 电签pos机 look like the whole collection.
    func asksAboutTheWholeCollection(_ parsed: ParsedQuery, plan: QueryPlan) -> Bool {
        // The names' own concepts: 是 in `POS机是什么` is grammar.
        let names = plan.concepts.filter { !$0.label.unicodeScalars.allSatisfy { FillerWords.grammarCharacters.contains(String($0)) } }
        guard parsed.namesOnly, plan.documentCount > 0, !names.isEmpty else { return false }
        let narrowest = names.map { concept in
            let typed = concept.alternatives.filter { $0.tier == .exact }.map { plan.frequency(of: $0) }.max() ?? 0
            return typed > 0 ? typed : concept.alternatives.map { plan.frequency(of: $0) }.max() ?? 0
        }.min() ?? 0
        return Double(narrowest) / Double(plan.documentCount) > Self.generalNameShare
    }

    /// The `count` best scores, best first, ties by document number: a bounded selection instead of
    /// sorting every matching document.
    static func top(_ count: Int, of scores: [DocumentScore]) -> [DocumentScore] {
        var best = TopScores(count: count)
        for score in scores { best.insert(score) }
        return best.scores
    }

    /// The best scores so far, best first, ties by document number (a total order: the same set
    /// whatever order the scores arrive in).
    struct TopScores {
        let count: Int
        private(set) var scores: [DocumentScore] = []

        init(count: Int) {
            self.count = count
            scores.reserveCapacity(count + 1)
        }

        static func before(_ a: DocumentScore, _ b: DocumentScore) -> Bool { (a.score, b.document) > (b.score, a.document) }

        mutating func insert(_ score: DocumentScore) {
            guard count > 0 else { return }
            if scores.count == count, let last = scores.last, !Self.before(score, last) { return }
            let position = scores.firstIndex { Self.before(score, $0) } ?? scores.count
            scores.insert(score, at: position)
            if scores.count > count { scores.removeLast() }
        }

        /// True when a document whose score is at most `bound` can no longer enter: the list is
        /// full and its last score is above the bound (a tie could still enter by document number).
        func excludes(bound: Double) -> Bool {
            guard scores.count == count, let last = scores.last else { return false }
            return bound < last.score
        }
    }

    /// The sound-alike reading wins only when its best result relies on a homophone and covers
    /// clearly more of the query: a stray match must not rewrite what the merchant typed.
    func improvesOnExact(_ soundsLike: [SearchResult], _ exact: [SearchResult], plan: QueryPlan) -> Bool {
        guard let best = soundsLike.first else { return false }
        let usesHomophone = best.score.matches.contains { match in
            match.alternative.map { plan.concepts[match.concept].alternatives[$0].tier == .homophone } ?? false
        }
        return usesHomophone && best.score.coverage >= (exact.first?.score.coverage ?? 0) + Self.homophoneMargin
    }

    /// Weak: nothing found, or the best result covers little of the query while some of the query's
    /// bigrams are unknown to the index (the signature of a typo).
    func isWeak(_ ranked: [SearchResult], plan: QueryPlan) -> Bool {
        let unknown = plan.concepts.contains { concept in
            concept.alternatives.allSatisfy { plan.frequency(of: $0) == 0 } && concept.label.unicodeScalars.count == 2
        }
        guard unknown else { return false }
        return (ranked.first?.score.coverage ?? 0) < Self.weakCoverage
    }

    /// Scores the documents that match any token (those that can still reach the first results:
    /// see `pruned`), re-ranks the best with section evidence, and applies the confidence cuts.
    func run(_ plan: QueryPlan, parsed: ParsedQuery, options: SearchOptions,
             learned: [ArticleID: Double] = [:]) throws -> [SearchResult] {
        let (candidates, importance) = exhaustive
            ? try allScored(plan, filter: options.filter)
            : try pruned(plan, filter: options.filter)
        guard !candidates.isEmpty else { return [] }

        let queryBreadth = breadth(of: plan, importance: importance)
        let records = Dictionary(try index.records(candidates.map(\.document)).map { ($0.document, $0) },
                                 uniquingKeysWith: { first, _ in first })
        var results = candidates.compactMap { score in
            records[score.document].map {
                rerank(score, record: $0, plan: plan, parsed: parsed, importance: importance, breadth: queryBreadth,
                       learned: learned[$0.id] ?? 0)
            }
        }
        results.sort { ($0.score.score, $1.record.id) > ($1.score.score, $0.record.id) }
        // Confidence is a property of the query: if no article it shows covers enough of it, the
        // knowledge base has no answer and showing near-misses would only mislead. (Any article it
        // shows, not the first: the learned model may put first an article that covers less.)
        guard let best = results.first else { return [] }
        let shown = results.filter {
            $0.score.coverage >= parameters.minimumSecondaryCoverage && $0.score.score >= best.score.score * parameters.relativeCutoff
        }
        guard shown.contains(where: { $0.score.coverage >= parameters.minimumCoverage }) else { return [] }
        return shown
    }

    /// The first pass: every document holding a searchable token, scored by coverage and BM25F,
    /// and the importance of each concept those scores were computed with.
    func firstPass(_ plan: QueryPlan, filter: SearchFilter) throws -> (scores: [DocumentScore], importance: [Double]) {
        guard !plan.searchableTokens.isEmpty else { return ([], []) }
        let ranker = Ranker(parameters: parameters)
        let hits = try index.hits(for: plan.tokens, filter: filter)
        let importance = ranker.importance(of: plan, hits: hits.documents)
        let scores = hits.documents.map {
            ranker.score($0, plan: plan, importance: importance, statistics: hits.statistics)
        }
        return (scores, importance)
    }

    /// The second pass for one candidate: its best section and proximity, its bonuses, the final
    /// score, and the snippet of the section shown.
    func rerank(_ firstPass: DocumentScore, record: ArticleRecord, plan: QueryPlan, parsed: ParsedQuery,
                importance: [Double], breadth: Double, learned: Double = 0) -> SearchResult {
        var score = firstPass
        let matchedTokens = Set(score.matches.flatMap { match -> [String] in
            guard let a = match.alternative else { return [] }
            return plan.concepts[match.concept].alternatives[a].tokens.map { plan.tokens[$0] }
        })
        let (section, proximity) = bestSection(record, score: score, plan: plan, importance: importance)
        score.proximity = proximity
        score.bonus = bonus(for: record, parsed: parsed, breadth: breadth) + learned
        score.score += parameters.proximityWeight * proximity + score.bonus
        let snippetSource = section.text.isEmpty ? record.summary : section.text
        return SearchResult(record: record, score: score, section: section,
                            snippet: SnippetBuilder.snippet(of: snippetSource, matching: matchedTokens),
                            relatedFixes: [], matchedTokens: matchedTokens)
    }

    /// The reference: every matching document scored (`firstPass`), the best `rerankDepth` kept.
    func allScored(_ plan: QueryPlan, filter: SearchFilter) throws -> ([DocumentScore], [Double]) {
        let (scores, importance) = try firstPass(plan, filter: filter)
        return (Self.top(Self.rerankDepth, of: scores), importance)
    }

    /// The same `rerankDepth` best first-pass scores as `allScored`, without scoring (or looking up
    /// the field lengths of) the documents that cannot be among them. Every matching document's
    /// per-field token counts are known; only its field lengths are not, and they move a score by
    /// BM25's length normalisation alone. `Ranker.ScoreBound` gives each document the most it could
    /// score whatever its lengths; documents are scored exactly in descending order of that bound
    /// until the bound falls below the last of the best scores so far. A document left out scores
    /// below every kept one, so the kept ones, their order and everything computed from them (the
    /// re-rank, the relative cut-off, confidence) are those of the exhaustive search.
    func pruned(_ plan: QueryPlan, filter: SearchFilter) throws -> ([DocumentScore], [Double]) {
        guard !plan.searchableTokens.isEmpty else { return ([], []) }
        let ranker = Ranker(parameters: parameters)
        let counts = try index.tokenCounts(for: plan.tokens, filter: filter)
        let importance = ranker.importance(of: plan, counts: counts)
        let fieldCount = Field.allCases.count
        let stride = counts.stride
        let total = counts.documents.count
        func score(_ d: Int) throws -> DocumentScore {
            let document = counts.documents[d]
            let lengths = counts.fieldLengths.isEmpty ? try index.fieldLengths(of: document)
                : Array(counts.fieldLengths[d * fieldCount..<(d + 1) * fieldCount])
            let hits = DocumentHits(document: document, fieldLengths: lengths,
                                    frequencies: Array(counts.frequencies[d * stride..<(d + 1) * stride]))
            return ranker.score(hits, plan: plan, importance: importance, statistics: counts.statistics)
        }
        var best = TopScores(count: Self.rerankDepth)
        guard total > Self.rerankDepth, let bound = Ranker.ScoreBound(ranker: ranker, plan: plan, importance: importance) else {
            for d in 0..<total { best.insert(try score(d)) }
            return (best.scores, importance)
        }
        let bounds = counts.frequencies.withUnsafeBufferPointer { frequencies in
            (0..<total).map { bound.bound(frequencies, at: $0 * stride) }
        }
        // Seed with the documents of the highest bounds, then go down the bounds from there.
        var seeds = TopBounds(count: Self.rerankDepth)
        for d in 0..<total { seeds.insert(d, bounds[d]) }
        var seeded = [Bool](repeating: false, count: total)
        for d in seeds.documents {
            seeded[d] = true
            best.insert(try score(d))
        }
        var rest: [Int] = []
        for d in 0..<total where !seeded[d] && !best.excludes(bound: bounds[d]) { rest.append(d) }
        rest.sort { bounds[$0] > bounds[$1] }
        for d in rest {
            if best.excludes(bound: bounds[d]) { break }
            best.insert(try score(d))
        }
        return (best.scores, importance)
    }

    /// The documents with the `count` highest bounds (in any order among equals).
    struct TopBounds {
        let count: Int
        private(set) var documents: [Int] = []
        private var bounds: [Double] = []
        private var lowest = 0

        init(count: Int) { self.count = count }

        mutating func insert(_ document: Int, _ bound: Double) {
            if documents.count < count {
                documents.append(document)
                bounds.append(bound)
                if documents.count == count { lowest = bounds.indices.min { bounds[$0] < bounds[$1] }! }
            } else if count > 0, bound > bounds[lowest] {
                documents[lowest] = document
                bounds[lowest] = bound
                lowest = bounds.indices.min { bounds[$0] < bounds[$1] }!
            }
        }
    }

    /// The section holding the largest share of the concepts the article matched (shown with the
    /// result), and proximity: the largest share found in one place, where a place is a section, the
    /// title, the summary or one symptom phrase (`机器坏了` in the symptoms answers `jiqi huai le`).
    func bestSection(_ record: ArticleRecord, score: DocumentScore, plan: QueryPlan,
                     importance: [Double]) -> (Section, Double) {
        let fallback = record.sections.first ?? Section(index: 0, heading: nil, level: 0, anchor: nil, text: record.summary, line: 1)
        let matched = score.matches.filter { $0.alternative != nil }
        let total = matched.reduce(0.0) { $0 + importance[$1.concept] * $1.coverage }
        guard total > 0 else { return (fallback, 0) }
        let tokenizer = Tokenizer(mode: .document)
        // Only the plan's tokens matter: look for those instead of collecting every token.
        let planTokens = TokenSet(plan.tokens)
        let member = plan.tokens.map { planTokens.index(of: $0) ?? 0 }
        func share(of text: String) -> Double {
            let present = tokenizer.occurrences(in: text, of: planTokens, count: plan.tokens.count)
            var share = 0.0
            for match in matched {
                let concept = plan.concepts[match.concept]
                let found = concept.alternatives.map { alternative -> Double in
                    let hits = alternative.tokens.filter { present[member[$0]] }.count
                    let part = Double(hits) / Double(max(alternative.tokens.count, 1))
                    return alternative.tier.weight * part * part
                }.max() ?? 0
                share += importance[match.concept] * found
            }
            return share
        }
        var best = fallback
        var bestShare = -1.0
        for section in record.sections {
            let value = share(of: (section.heading ?? "") + "\n" + section.text)
            if value > bestShare + Self.sectionTieMargin {
                bestShare = value
                best = section
            }
        }
        let places = [record.title, record.summary] + record.symptoms
        let closest = places.map(share).max() ?? 0
        return (best, min(1, max(0, max(bestShare, closest)) / total))
    }

    /// What the query model says about this query (`QueryModel.opinion`): nothing without a model,
    /// or for a query of features it never saw.
    func learnedOpinion(_ parsed: ParsedQuery) throws -> QueryModel.Opinion {
        let features = QueryModel.features(of: parsed.units)
        guard !features.isEmpty, let model = try index.queryModel(for: features) else { return QueryModel.Opinion() }
        return model.opinion(features)
    }

    /// How broad the query is: the importance-weighted share of articles its concepts occur in.
    /// 入账 (in most articles) is broad; 结算卡冻结 is not.
    func breadth(of plan: QueryPlan, importance: [Double]) -> Double {
        let total = importance.reduce(0, +)
        guard total > 0, plan.documentCount > 0 else { return 0 }
        var weighted = 0.0
        for (c, concept) in plan.concepts.enumerated() {
            let df = concept.alternatives.map { plan.frequency(of: $0) }.max() ?? 0
            weighted += importance[c] * Double(df) / Double(plan.documentCount)
        }
        return weighted / total
    }

    /// Exact-title and category bonuses; the troubleshooting guide is the answer to broad queries.
    func bonus(for record: ArticleRecord, parsed: ParsedQuery, breadth: Double) -> Double {
        var bonus = 0.0
        let title = Tokenizer.normalizedKey(record.title)
        let query = parsed.contentKey
        if !query.isEmpty {
            if title == query || Tokenizer.normalizedKey(parsed.text) == title {
                bonus += parameters.exactTitleBonus
            } else if query.unicodeScalars.count >= Self.titleContainsMinimum && title.contains(query) {
                // 交易失败 inside 诈骗或可疑交易导致交易失败 is a detail of that title, not its subject.
                let share = Double(query.unicodeScalars.count) / Double(max(1, title.unicodeScalars.count))
                bonus += parameters.titleContainsBonus * min(1, share / Self.titleSubjectShare)
            }
        }
        if Self.answerCategories.contains(record.category) {
            bonus += parameters.answerCategoryBonus
        }
        // Question words say more about a specific question than a broad one: 为什么没到账 is
        // answered by the troubleshooting guide, 为什么结算卡被冻结 by a cause.
        if let intent = parsed.intent, intent.categories.contains(record.category) { bonus += parameters.intentBonus * (1 - breadth) }
        if record.category == .guide { bonus += parameters.guideBreadthBonus * breadth }
        return bonus
    }

    private func attachFixes(_ results: [SearchResult]) throws -> [SearchResult] {
        let wanted = Set(results.filter { $0.record.category == .cause }.flatMap(\.record.related))
        guard !wanted.isEmpty else { return results }
        let byID = Dictionary(try index.records(ids: wanted.sorted()).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return results.map { result in
            guard result.record.category == .cause else { return result }
            var copy = result
            copy.relatedFixes = result.record.related.compactMap { byID[$0] }.filter { $0.category == .fix }
            return copy
        }
    }
}
