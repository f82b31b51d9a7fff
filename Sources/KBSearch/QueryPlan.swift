import KBCore

/// What kind of answer a question asks for, from its question words.
public enum QuestionIntent: String, Sendable, Codable {
    /// 为什么, 怎么回事, 原因: a cause article answers.
    case why
    /// 如何撤销, 怎么查: a fix article answers.
    case how

    /// The categories that answer this kind of question: how to do something is a fix, or the
    /// prevention article that says how to keep it right (如何更换结算卡).
    public var categories: Set<Category> {
        switch self {
        case .why: [.cause]
        case .how: [.fix, .prevention]
        }
    }
}

/// How a query word was matched. Later tiers are weaker evidence and are weighted down.
public enum MatchTier: String, Sendable, Codable, CaseIterable, Comparable {
    /// The query's own words.
    case exact
    /// Another member of the word's synonym group.
    case synonym
    /// Chinese words read from pinyin typed in Latin letters.
    case pinyin
    /// Latin words one edit away from the query word (`termnal` → `terminal`).
    case typo
    /// Chinese words that sound like the query word (`倒账` → `到账`).
    case homophone

    /// How much a match through this tier counts compared with an exact one.
    public var weight: Double {
        switch self {
        case .exact: 1.0
        case .synonym: 0.85
        case .pinyin: 0.9
        case .typo: 0.8
        case .homophone: 0.75
        }
    }

    public static func < (lhs: MatchTier, rhs: MatchTier) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One way to express a concept in index tokens; all of its tokens should be present.
public struct Alternative: Sendable, Hashable, Codable {
    /// Index tokens (bigrams, unigrams, words), as positions in `QueryPlan.tokens`.
    public var tokens: [Int]
    public var tier: MatchTier
    /// What this alternative searches for, as shown to the user (`到账`).
    public var label: String

    public init(tokens: [Int], tier: MatchTier, label: String) {
        self.tokens = tokens
        self.tier = tier
        self.label = label
    }
}

/// One thing the query asks about: a bigram of the query, a synonym phrase, a word, or a pinyin
/// syllable pair. A document covers the concept when it contains any alternative.
public struct Concept: Sendable, Hashable, Codable {
    /// The query text the concept comes from (`倒账`, `钱没到`, `daozhang`).
    public var label: String
    /// Relative importance before idf: 1 for words and bigrams, less for lone characters.
    public var weight: Double
    public var alternatives: [Alternative]
    /// Position of the first query unit the concept covers, to order concepts and measure spans.
    public var firstUnit: Int

    public init(label: String, weight: Double, alternatives: [Alternative], firstUnit: Int) {
        self.label = label
        self.weight = weight
        self.alternatives = alternatives
        self.firstUnit = firstUnit
    }
}

/// Everything a search needs to run against an index and to explain itself afterwards.
public struct QueryPlan: Sendable, Codable, Equatable {
    public var query: String
    public var concepts: [Concept]
    /// The distinct index tokens every alternative refers to, with their document frequencies.
    public var tokens: [String]
    public var documentFrequencies: [Int]
    /// Number of documents in the index when the plan was made.
    public var documentCount: Int
    /// The query with weaker-tier substitutions applied (`到账了咋办` for `倒账了咋办`), when any.
    public var rewrittenQuery: String?
    /// Things the query names that no article mentions (公积金, 路由器): dictionary nouns the
    /// index lacks and that sound like nothing it has. The question is about something else.
    public var unknownThings: [String] = []
    public var notices: [String]
    /// Words right before a provider or device name that the index lacks (海科 in 海科pos机到不了账),
    /// taken for a name the entity list lacks and left out of the search.
    public var unknownNames: [String] = []

    public init(query: String, concepts: [Concept], tokens: [String], documentFrequencies: [Int],
                documentCount: Int, rewrittenQuery: String? = nil, notices: [String] = []) {
        self.query = query
        self.concepts = concepts
        self.tokens = tokens
        self.documentFrequencies = documentFrequencies
        self.documentCount = documentCount
        self.rewrittenQuery = rewrittenQuery
        self.notices = notices
    }

    /// Tokens that occur somewhere in the index: the only ones worth asking the index for.
    public var searchableTokens: [Int] { tokens.indices.filter { documentFrequencies[$0] > 0 } }

    /// The weakest tier any concept relies on.
    public var tiersUsed: Set<MatchTier> { Set(concepts.flatMap { $0.alternatives.map(\.tier) }) }
}
