/// The indexed fields of an article, in index column order. The browser index uses the same order.
public enum Field: Int, CaseIterable, Sendable, Codable {
    case title, symptoms, tags, summary, headings, body

    public var name: String {
        switch self {
        case .title: "title"
        case .symptoms: "symptoms"
        case .tags: "tags"
        case .summary: "summary"
        case .headings: "headings"
        case .body: "body"
        }
    }
}

/// The numbers of the ranking model, in one place so that the CLI, the browser search (which reads
/// them from the generated index) and `--explain` agree.
public struct RankingParameters: Sendable, Codable, Equatable {
    /// How much a term in each field counts, in `Field` order: title and symptoms above headings
    /// above body.
    public var fieldWeights: [Double]
    /// Length normalisation per field (BM25's b).
    public var lengthNormalization: [Double]
    /// Term-frequency saturation (BM25's k1).
    public var k1: Double
    /// Weight of the field-weighted BM25 relevance next to coverage (which counts 1).
    public var relevanceWeight: Double
    /// Weight of the best section's share of the matched concepts.
    public var proximityWeight: Double
    /// How much a concept found only in an article's body counts towards coverage, next to one found
    /// in its title, symptoms, tags, summary or headings: an article about the thing names it there.
    public var bodyOnlyCoverage: Double
    /// Importance kept by a concept that the knowledge base never uses in a title, symptom, tag,
    /// summary or heading: words like 开始 or 一步 occur in bodies by chance and say little.
    public var nonTopicalFactor: Double
    /// Added when the query (without filler) is the title, or is contained in it.
    public var exactTitleBonus: Double
    public var titleContainsBonus: Double
    /// Added for guides, causes and fixes, so answers outrank product pages on symptom queries.
    public var answerCategoryBonus: Double
    /// Added to the troubleshooting guide in proportion to how broad the query is.
    public var guideBreadthBonus: Double
    /// Added to an article of the category the question words ask for (为什么 → cause, 如何 → fix),
    /// in proportion to how specific the query is.
    public var intentBonus: Double
    /// When no result that would be shown covers this much of the query, the knowledge base does
    /// not answer it: nothing is shown (a negative query gets no results, not noise).
    public var minimumCoverage: Double
    /// Below this coverage of the best result, results are shown as possibly related only.
    public var confidentCoverage: Double
    /// Below the best result, a result must still cover this much of the query…
    public var minimumSecondaryCoverage: Double
    /// …and score at least this share of the best result.
    public var relativeCutoff: Double

    public static let standard = RankingParameters(
        fieldWeights: [6, 5, 3, 2, 2, 1],
        lengthNormalization: [0.3, 0.3, 0.2, 0.5, 0.5, 0.75],
        k1: 3.0,
        relevanceWeight: 1.0,
        proximityWeight: 0.3,
        bodyOnlyCoverage: 0.6,
        nonTopicalFactor: 0.5,
        exactTitleBonus: 1.0,
        titleContainsBonus: 0.3,
        answerCategoryBonus: 0.04,
        guideBreadthBonus: 0.15,
        intentBonus: 0.15,
        minimumCoverage: 0.22,
        confidentCoverage: 0.30,
        minimumSecondaryCoverage: 0.08,
        relativeCutoff: 0.15)
}

/// What an index reports about one document for the tokens of a plan.
public struct DocumentHits: Sendable {
    public var document: Int64
    /// Tokens per field, in `Field` order.
    public var fieldLengths: [Int]
    /// Occurrences of each plan token in each field: `frequencies[token * Field.count + field]`.
    public var frequencies: [UInt16]

    public init(document: Int64, fieldLengths: [Int], frequencies: [UInt16]) {
        self.document = document
        self.fieldLengths = fieldLengths
        self.frequencies = frequencies
    }

    @inline(__always)
    func frequency(token: Int, field: Int) -> Int { Int(frequencies[token * Field.allCases.count + field]) }

    func contains(token: Int) -> Bool {
        let base = token * Field.allCases.count
        return frequencies[base..<base + Field.allCases.count].contains { $0 > 0 }
    }

    /// Bit i set when the token occurs in field i.
    func fieldMask(token: Int) -> Int {
        var mask = 0
        for field in 0..<Field.allCases.count where frequency(token: token, field: field) > 0 { mask |= 1 << field }
        return mask
    }
}

/// Index-wide numbers the BM25 part needs.
public struct CollectionStatistics: Sendable, Codable, Equatable {
    public var documentCount: Int
    /// Average tokens per field, in `Field` order.
    public var averageFieldLengths: [Double]

    public init(documentCount: Int, averageFieldLengths: [Double]) {
        self.documentCount = documentCount
        self.averageFieldLengths = averageFieldLengths
    }
}

/// How one concept matched one document, for ranking and `--explain`.
public struct ConceptMatch: Sendable, Equatable, Codable {
    /// Index into the plan's concepts.
    public var concept: Int
    /// The alternative that matched best, or nil when none matched.
    public var alternative: Int?
    /// 0…1: the share of the concept found, weighted by its tier.
    public var coverage: Double
    /// 0…1: field-weighted, saturated term frequency, weighted by tier.
    public var strength: Double
    /// Fields where the matched alternative's tokens occur (bit per `Field`).
    public var fields: Int
}

/// A document's score and how it was built.
public struct DocumentScore: Sendable, Equatable {
    public var document: Int64
    public var score: Double
    public var coverage: Double
    public var relevance: Double
    public var proximity: Double = 0
    public var bonus: Double = 0
    public var matches: [ConceptMatch]
    /// The importance of each plan concept this score was computed with (shared by all documents).
    public var importance: [Double] = []
}

/// Scores documents for a plan: coverage of the query first, then field-weighted BM25.
/// Pure arithmetic over `DocumentHits`, so the same numbers can be produced anywhere.
public struct Ranker: Sendable {
    public let parameters: RankingParameters

    public init(parameters: RankingParameters = .standard) { self.parameters = parameters }

    /// Inverse document frequency, BM25's form (never negative).
    public static func idf(documentFrequency df: Int, documentCount n: Int) -> Double {
        log(1 + (Double(n) - Double(df) + 0.5) / (Double(df) + 0.5))
    }

    /// The importance of each concept: its weight times the idf of its most common phrasing. A
    /// concept the index does not know at all counts as if it occurred once: rare, but no rarer.
    /// Concepts that no document uses in a topical field (everything but the body) count less.
    public func importance(of plan: QueryPlan, hits: [DocumentHits] = []) -> [Double] {
        importance(of: plan, topicalTokens: Self.topicalTokens(plan, hits), anyHits: !hits.isEmpty)
    }

    /// The same from flat counts.
    public func importance(of plan: QueryPlan, counts: TokenCounts) -> [Double] {
        importance(of: plan, topicalTokens: Self.topicalTokens(plan, counts), anyHits: !counts.documents.isEmpty)
    }

    func importance(of plan: QueryPlan, topicalTokens: Set<Int>, anyHits: Bool) -> [Double] {
        let n = max(plan.documentCount, 1)
        return plan.concepts.map { concept in
            let df = concept.alternatives.map { plan.frequency(of: $0) }.max() ?? 0
            let known = df > 0
            let topical = concept.alternatives.contains { $0.tokens.allSatisfy { topicalTokens.contains($0) } }
            let factor = known && !topical && anyHits ? parameters.nonTopicalFactor : 1
            return concept.weight * factor * Self.idf(documentFrequency: max(df, 1), documentCount: n)
        }
    }

    /// `topicalTokens` over flat counts: one pass per token, ending at its first topical occurrence.
    static func topicalTokens(_ plan: QueryPlan, _ counts: TokenCounts) -> Set<Int> {
        let fieldCount = Field.allCases.count
        let topicalFields = Field.allCases.filter { $0 != .body }.map(\.rawValue)
        let stride = counts.stride
        var topical = Set<Int>()
        counts.frequencies.withUnsafeBufferPointer { frequencies in
            for token in 0..<min(plan.tokens.count, counts.tokenCount) {
                var at = token * fieldCount
                for _ in 0..<counts.documents.count {
                    if topicalFields.contains(where: { frequencies[at + $0] > 0 }) {
                        topical.insert(token)
                        break
                    }
                    at += stride
                }
            }
        }
        return topical
    }

    /// Plan tokens that occur in some document's title, symptoms, tags, summary or headings.
    static func topicalTokens(_ plan: QueryPlan, _ hits: [DocumentHits]) -> Set<Int> {
        let bodyOnly = 1 << Field.body.rawValue
        var topical = Set<Int>()
        for token in plan.tokens.indices {
            if hits.contains(where: { $0.fieldMask(token: token) & ~bodyOnly != 0 }) { topical.insert(token) }
        }
        return topical
    }

    public func score(_ hits: DocumentHits, plan: QueryPlan, importance: [Double],
                      statistics: CollectionStatistics) -> DocumentScore {
        let total = importance.reduce(0, +)
        var covered = 0.0
        var relevance = 0.0
        var matches: [ConceptMatch] = []
        matches.reserveCapacity(plan.concepts.count)
        for (c, concept) in plan.concepts.enumerated() {
            var best = ConceptMatch(concept: c, alternative: nil, coverage: 0, strength: 0, fields: 0)
            for (a, alternative) in concept.alternatives.enumerated() {
                var present = 0
                var saturation = 0.0
                var fields = 0
                for token in alternative.tokens where hits.contains(token: token) {
                    present += 1
                    saturation += saturated(hits, token: token, statistics: statistics)
                    fields |= hits.fieldMask(token: token)
                }
                guard present > 0 else { continue }
                let share = Double(present) / Double(alternative.tokens.count)
                let topical = fields & ~(1 << Field.body.rawValue) != 0
                let coverage = alternative.tier.weight * share * share * (topical ? 1 : parameters.bodyOnlyCoverage)
                let strength = alternative.tier.weight * share * saturation / Double(alternative.tokens.count)
                if coverage > best.coverage || (coverage == best.coverage && strength > best.strength) {
                    best = ConceptMatch(concept: c, alternative: a, coverage: coverage, strength: strength, fields: fields)
                }
            }
            covered += importance[c] * best.coverage
            relevance += importance[c] * best.strength
            matches.append(best)
        }
        let coverage = total > 0 ? covered / total : 0
        let normalizedRelevance = total > 0 ? relevance / total : 0
        return DocumentScore(document: hits.document,
                             score: coverage + parameters.relevanceWeight * normalizedRelevance,
                             coverage: coverage, relevance: normalizedRelevance, matches: matches, importance: importance)
    }

    /// The most `score(_:plan:importance:statistics:).score` can be for a document of which the
    /// per-field counts of the plan's tokens are known but not the field lengths. Coverage depends
    /// on the counts alone and is computed as `score` does; relevance depends on the lengths only
    /// through BM25's normalisation `1 - b + b·length/average`, which is at least `1 - b`, so each
    /// token's saturation is bounded by its value for fields of length zero. A concept adds, at
    /// most, the largest coverage + relevance of any of its alternatives. A small relative margin
    /// covers the different order of the floating-point sums.
    struct ScoreBound {
        let plan: QueryPlan
        let importance: [Double]
        let total: Double
        let relevanceWeight: Double
        let bodyOnlyCoverage: Double
        let k1: Double
        /// `weight / (1 - b)` per field: the most one occurrence in the field can add to BM25F's sum.
        let fieldFactors: [Double]
        static let margin = 1e-9

        /// Nil when the parameters (overridable for tuning experiments) leave the bound unproven:
        /// negative weights, a length normalisation of 1 or more, no saturation constant.
        init?(ranker: Ranker, plan: QueryPlan, importance: [Double]) {
            let parameters = ranker.parameters
            let fieldCount = Field.allCases.count
            guard parameters.fieldWeights.count == fieldCount, parameters.lengthNormalization.count == fieldCount,
                  parameters.fieldWeights.allSatisfy({ $0 >= 0 && $0.isFinite }),
                  parameters.lengthNormalization.allSatisfy({ $0 >= 0 && $0 < 1 }),
                  parameters.k1 > 0, parameters.k1.isFinite,
                  parameters.relevanceWeight >= 0, parameters.relevanceWeight.isFinite,
                  parameters.bodyOnlyCoverage.isFinite,
                  importance.count == plan.concepts.count, importance.allSatisfy({ $0 >= 0 && $0.isFinite }),
                  plan.concepts.allSatisfy({ $0.alternatives.allSatisfy { !$0.tokens.isEmpty } })
            else { return nil }
            let total = importance.reduce(0, +)
            guard total > 0, total.isFinite else { return nil }
            self.plan = plan
            self.importance = importance
            self.total = total
            relevanceWeight = parameters.relevanceWeight
            bodyOnlyCoverage = parameters.bodyOnlyCoverage
            k1 = parameters.k1
            fieldFactors = (0..<fieldCount).map { parameters.fieldWeights[$0] / (1 - parameters.lengthNormalization[$0]) }
        }

        /// The bound for the document whose counts start at `base` (`frequencies[base + token *
        /// Field.count + field]`).
        func bound(_ frequencies: UnsafeBufferPointer<UInt16>, at base: Int) -> Double {
            let fieldCount = Field.allCases.count
            let bodyOnly = 1 << Field.body.rawValue
            var sum = 0.0
            for (c, concept) in plan.concepts.enumerated() {
                var most = 0.0
                for alternative in concept.alternatives {
                    var present = 0
                    var saturation = 0.0
                    var fields = 0
                    for token in alternative.tokens {
                        let at = base + token * fieldCount
                        var weighted = 0.0
                        var mask = 0
                        for field in 0..<fieldCount {
                            let tf = frequencies[at + field]
                            if tf > 0 {
                                mask |= 1 << field
                                weighted += fieldFactors[field] * Double(tf)
                            }
                        }
                        guard mask != 0 else { continue }
                        present += 1
                        saturation += weighted.isFinite ? min(1, weighted / (k1 + weighted)) : 1
                        fields |= mask
                    }
                    guard present > 0 else { continue }
                    let share = Double(present) / Double(alternative.tokens.count)
                    let topical = fields & ~bodyOnly != 0
                    let coverage = alternative.tier.weight * share * share * (topical ? 1 : bodyOnlyCoverage)
                    let strength = alternative.tier.weight * share * saturation / Double(alternative.tokens.count)
                    most = max(most, coverage + relevanceWeight * strength)
                }
                sum += importance[c] * most
            }
            let bound = sum / total
            return bound + abs(bound) * Self.margin + 1e-12
        }
    }

    /// BM25F's saturated term frequency of one token in one document, in 0..<1.
    func saturated(_ hits: DocumentHits, token: Int, statistics: CollectionStatistics) -> Double {
        saturated(frequency: { hits.frequency(token: token, field: $0) }, length: { hits.fieldLengths[$0] },
                  statistics: statistics)
    }

    /// The same from a token's count and the document's length per field (`Field` order), however
    /// the caller stores them (the browser index writer has its own plain values).
    @inline(__always)
    func saturated(frequency: (Int) -> Int, length: (Int) -> Int, statistics: CollectionStatistics) -> Double {
        var weighted = 0.0
        for field in 0..<Field.allCases.count {
            let tf = frequency(field)
            guard tf > 0 else { continue }
            let average = max(statistics.averageFieldLengths[field], 1)
            let b = parameters.lengthNormalization[field]
            let norm = 1 - b + b * Double(length(field)) / average
            weighted += parameters.fieldWeights[field] * Double(tf) / norm
        }
        return weighted / (parameters.k1 + weighted)
    }
}

import Foundation
