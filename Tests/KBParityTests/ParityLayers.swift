import KBCore
@testable import KBSearch

/// The four layers of a search as plain values, in the shape the browser engine gives them (the
/// same names as in `site/assets/search-*.js`), so that `Tests/Parity` compares without translating.
enum ParityLayers {
    /// QueryParser: what the query asks, before any index is read.
    struct Parsed: Codable, Equatable {
        var query: String
        var text: String
        var truncated: Bool
        var pieces: [Piece]
        var contentKey: String
        var intent: String?
        var outOfScopeTopics: [String]
        var namesOnly: Bool

        init(query: String, _ parsed: ParsedQuery) {
            self.query = query
            text = parsed.text
            truncated = parsed.truncated
            pieces = parsed.pieces.map(Piece.init)
            contentKey = parsed.contentKey
            intent = parsed.intent?.rawValue
            outOfScopeTopics = parsed.outOfScopeTopics
            namesOnly = parsed.namesOnly
        }
    }

    /// A piece as the browser's parser writes it: unit ranges as `lower` and `upper`.
    struct Piece: Codable, Equatable {
        var kind: String
        var text: String
        var group: Int?
        var lower: Int?
        var upper: Int?
        var unit: Int?
        var syllables: [String]?

        init(_ piece: ParsedQuery.Piece) {
            switch piece {
            case let .synonym(group, text, units):
                self.init(kind: "synonym", text: text, group: group, units: units)
            case let .entity(group, text, units):
                self.init(kind: "entity", text: text, group: group, units: units)
            case let .ideographs(text, units):
                self.init(kind: "ideographs", text: text, units: units)
            case let .word(text, unit):
                self.init(kind: "word", text: text)
                self.unit = unit
            case let .pinyin(syllables, text, units):
                self.init(kind: "pinyin", text: text, units: units)
                self.syllables = syllables
            }
        }

        private init(kind: String, text: String, group: Int? = nil, units: Range<Int>? = nil) {
            self.kind = kind
            self.text = text
            self.group = group
            lower = units?.lowerBound
            upper = units?.upperBound
        }
    }

    /// QueryPlanner: the plan as read (homophones off) and as it sounds (homophones on).
    struct Plans: Codable, Equatable {
        var query: String
        var exact: QueryPlan
        var soundsLike: QueryPlan
    }

    /// Ranker and SearchEngine: every matching document's scores under the plan the search ended
    /// with, and what the search shows.
    struct Scores: Codable, Equatable {
        var query: String
        /// "exact" or "soundsLike": which plan of the plan layer the search ended with.
        var plan: String
        var importance: [Double]
        /// Every document holding a searchable token, by id.
        var documents: [Document]
        /// The ids shown, best first.
        var ranked: [String]
        var tier: String
        var confident: Bool
        /// The topics the answer says no article covers (out-of-scope words, unknown things).
        var outOfScope: [String]
        var didYouMean: String?
    }

    struct Document: Codable, Equatable {
        var id: String
        var coverage: Double
        var relevance: Double
        var proximity: Double
        var bonus: Double
        var score: Double

        init(_ result: SearchResult) {
            id = result.record.id.rawValue
            coverage = result.score.coverage
            relevance = result.score.relevance
            proximity = result.score.proximity
            bonus = result.score.bonus
            score = result.score.score
        }
    }

    /// SearchEngine.bestSection and SnippetBuilder: what each shown result displays.
    struct Snippets: Codable, Equatable {
        var query: String
        var results: [Shown]
    }

    struct Shown: Codable, Equatable {
        var id: String
        var section: String?
        var anchor: String?
        /// The plan tokens the result matched, sorted (the snippet highlights these).
        var matchedTokens: [String]
        var snippet: String
        /// [start, end) in Unicode scalars of `snippet`.
        var highlights: [[Int]]

        init(_ result: SearchResult) {
            id = result.record.id.rawValue
            section = result.section.heading
            anchor = result.section.anchor
            matchedTokens = result.matchedTokens.sorted()
            snippet = result.snippet.text
            highlights = result.snippet.scalarHighlights.map { [$0.lowerBound, $0.upperBound] }
        }
    }
}
