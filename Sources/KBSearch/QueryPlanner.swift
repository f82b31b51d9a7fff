import KBText

/// What the planner needs to know about an index: which tokens exist and how often, and which
/// indexed words sound or look like a query word.
public protocol Vocabulary {
    /// Number of documents (articles) in the index.
    var documentCount: Int { get }
    /// For each token, the number of documents containing it (0 when absent), in order.
    func documentFrequencies(of tokens: [String]) throws -> [Int]
    /// Indexed ideograph bigrams and characters whose toneless pinyin is `key`, most frequent first.
    func terms(withPinyin key: String, limit: Int) throws -> [(term: String, documentFrequency: Int)]
    /// Indexed words within one edit (insertion, deletion, substitution, transposition) of `word`.
    func words(withinOneEditOf word: String, limit: Int) throws -> [(term: String, documentFrequency: Int)]
}

/// Turns a parsed query into concepts and index tokens, consulting the vocabulary for pinyin,
/// typo and (when asked) homophone alternatives.
public struct QueryPlanner: Sendable {
    /// Alternatives kept per pinyin key, homophone or typo.
    static let alternativesPerLookup = 3
    /// Weight of a lone character among other concepts: it says little on its own.
    static let loneCharacterWeight = 0.35

    public let synonyms: SynonymTable

    public init(synonyms: SynonymTable) { self.synonyms = synonyms }

    public func plan(_ parsed: ParsedQuery, vocabulary: Vocabulary, homophones: Bool) throws -> QueryPlan {
        var builder = PlanBuilder()
        let loneWeight = parsed.pieces.count > 1 ? Self.loneCharacterWeight : 1.0
        var pendingHomophones: [(concept: Int, bigram: String)] = []

        for piece in parsed.pieces {
            switch piece {
            case let .synonym(group, text, units):
                var alternatives: [Alternative] = []
                let key = Tokenizer.normalizedKey(text)
                let members = synonyms.groups[group].members
                if !members.contains(where: { Tokenizer.normalizedKey($0) == key }) {
                    alternatives.append(builder.alternative(queryTokens(text), .exact, text))
                }
                for member in members {
                    let tier: MatchTier = Tokenizer.normalizedKey(member) == key ? .exact : .synonym
                    alternatives.append(builder.alternative(queryTokens(member), tier, member))
                }
                let span = parsed.units[units]
                let bigramCount = span.allSatisfy { $0.kind == .ideograph } ? span.count - 1 : span.count
                builder.add(Concept(label: text, weight: Double(max(1, bigramCount)),
                                    alternatives: alternatives.filter { !$0.tokens.isEmpty }, firstUnit: units.lowerBound))

            case let .ideographs(text, units):
                let chars = text.unicodeScalars.map { String($0) }
                if chars.count == 1 {
                    builder.add(Concept(label: text, weight: loneWeight,
                                        alternatives: [builder.alternative([text], .exact, text)],
                                        firstUnit: units.lowerBound))
                    continue
                }
                let bigrams = (0..<(chars.count - 1)).map { chars[$0] + chars[$0 + 1] }
                let known = try vocabulary.documentFrequencies(of: bigrams).map { $0 > 0 }
                for (i, bigram) in bigrams.enumerated() {
                    // A character that no indexed bigram of the run covers (器摔 and 摔地 in 机器摔地上)
                    // is still searched alone, so that 摔 finds 摔坏.
                    let coveredBefore = i > 0 && known[i - 1]
                    if !known[i] && !coveredBefore {
                        builder.add(Concept(label: chars[i], weight: Self.loneCharacterWeight,
                                            alternatives: [builder.alternative([chars[i]], .exact, chars[i])],
                                            firstUnit: units.lowerBound + i))
                    }
                    let index = builder.add(Concept(label: bigram, weight: 1,
                                                    alternatives: [builder.alternative([bigram], .exact, bigram)],
                                                    firstUnit: units.lowerBound + i))
                    if homophones { pendingHomophones.append((index, bigram)) }
                }
                if let last = chars.last, !known[known.count - 1] {
                    builder.add(Concept(label: last, weight: Self.loneCharacterWeight,
                                        alternatives: [builder.alternative([last], .exact, last)],
                                        firstUnit: units.upperBound - 1))
                }

            case let .word(text, unit):
                var alternatives = [builder.alternative([text], .exact, text)]
                let known = try vocabulary.documentFrequencies(of: [text])[0] > 0
                if !known && text.count >= 5 && text.allSatisfy({ $0.isASCII && $0.isLetter }) {
                    for near in try vocabulary.words(withinOneEditOf: text, limit: Self.alternativesPerLookup) {
                        alternatives.append(builder.alternative([near.term], .typo, near.term))
                    }
                }
                builder.add(Concept(label: text, weight: 1, alternatives: alternatives, firstUnit: unit))

            case let .pinyin(syllables, text, units):
                try addPinyin(syllables, text: text, units: units, parsed: parsed, loneWeight: loneWeight,
                              vocabulary: vocabulary, into: &builder)
            }
        }

        var plan = try builder.finish(query: parsed.text, vocabulary: vocabulary)
        if homophones {
            try addHomophones(pendingHomophones, to: &plan, vocabulary: vocabulary)
        }
        plan.rewrittenQuery = rewrite(parsed.text, plan)
        if parsed.truncated {
            plan.notices.append("query truncated to \(QueryParser.maxCharacters) characters")
        }
        return plan
    }

    /// Query-mode tokens of a phrase: what the index must contain for the phrase to be present.
    func queryTokens(_ text: String) -> [String] {
        Tokenizer(mode: .query).terms(text)
    }

    private func addPinyin(_ syllables: [String], text: String, units: Range<Int>, parsed: ParsedQuery,
                           loneWeight: Double, vocabulary: Vocabulary, into builder: inout PlanBuilder) throws {
        // The words themselves may be English or product words that happen to read as pinyin.
        for unit in units {
            let word = parsed.units[unit].text
            if try vocabulary.documentFrequencies(of: [word])[0] > 0 {
                builder.add(Concept(label: word, weight: 1,
                                    alternatives: [builder.alternative([word], .exact, word)], firstUnit: unit))
            }
        }
        let keys: [String] = syllables.count == 1
            ? syllables
            : (0..<(syllables.count - 1)).map { syllables[$0] + syllables[$0 + 1] }
        for (offset, key) in keys.enumerated() {
            let terms = try vocabulary.terms(withPinyin: key, limit: Self.alternativesPerLookup + 2)
                .filter { !FillerWords.isFiller($0.term) }
                .prefix(Self.alternativesPerLookup)
            guard !terms.isEmpty else { continue }
            let alternatives = terms.map { builder.alternative([$0.term], .pinyin, $0.term) }
            builder.add(Concept(label: key, weight: syllables.count == 1 ? loneWeight : 1,
                                alternatives: alternatives, firstUnit: units.lowerBound + min(offset, units.count - 1)))
        }
    }

    /// Gives bigrams that the index does not contain the indexed bigrams that sound the same.
    private func addHomophones(_ pending: [(concept: Int, bigram: String)], to plan: inout QueryPlan,
                               vocabulary: Vocabulary) throws {
        var builder = PlanBuilder(plan)
        for (conceptIndex, bigram) in pending {
            let concept = plan.concepts[conceptIndex]
            let known = concept.alternatives.contains { alt in alt.tokens.allSatisfy { plan.documentFrequencies[$0] > 0 } }
            guard !known else { continue }
            var seen = Set([bigram])
            var alternatives: [Alternative] = []
            for key in PinyinTable.shared.keys(for: bigram, limit: 4) {
                for term in try vocabulary.terms(withPinyin: key, limit: Self.alternativesPerLookup)
                where seen.insert(term.term).inserted && alternatives.count < Self.alternativesPerLookup {
                    alternatives.append(builder.alternative([term.term], .homophone, term.term))
                }
            }
            builder.concepts[conceptIndex].alternatives += alternatives
        }
        let rebuilt = try builder.finish(query: plan.query, vocabulary: vocabulary)
        plan.concepts = rebuilt.concepts
        plan.tokens = rebuilt.tokens
        plan.documentFrequencies = rebuilt.documentFrequencies
    }

    /// The query with each weaker-tier concept replaced by its most frequent alternative, or nil
    /// when every concept matched as typed.
    private func rewrite(_ query: String, _ plan: QueryPlan) -> String? {
        var text = query
        var changed = false
        for concept in plan.concepts {
            let exact = concept.alternatives.contains { $0.tier == .exact && $0.tokens.allSatisfy { plan.documentFrequencies[$0] > 0 } }
            guard !exact else { continue }
            let candidates = concept.alternatives.filter { $0.tier == .homophone || $0.tier == .typo || $0.tier == .pinyin }
            guard let best = candidates.max(by: { plan.frequency(of: $0) < plan.frequency(of: $1) }),
                  plan.frequency(of: best) > 0 else { continue }
            if best.tier == .pinyin {
                continue  // Pinyin is a way of typing, not a mistake: no correction to show.
            }
            if let range = text.range(of: concept.label) {
                text.replaceSubrange(range, with: best.label)
                changed = true
            }
        }
        return changed ? text : nil
    }
}

extension QueryPlan {
    /// Documents containing the rarest token of an alternative: an upper bound on its frequency.
    func frequency(of alternative: Alternative) -> Int {
        alternative.tokens.map { documentFrequencies[$0] }.min() ?? 0
    }
}

/// Collects concepts and interns their tokens.
struct PlanBuilder {
    var concepts: [Concept] = []
    var tokens: [String] = []
    var tokenIndex: [String: Int] = [:]

    init() {}

    init(_ plan: QueryPlan) {
        concepts = plan.concepts
        tokens = plan.tokens
        for (i, token) in tokens.enumerated() { tokenIndex[token] = i }
    }

    mutating func alternative(_ tokenTexts: [String], _ tier: MatchTier, _ label: String) -> Alternative {
        let indices = tokenTexts.map { text -> Int in
            if let existing = tokenIndex[text] { return existing }
            tokens.append(text)
            tokenIndex[text] = tokens.count - 1
            return tokens.count - 1
        }
        return Alternative(tokens: indices, tier: tier, label: label)
    }

    @discardableResult
    mutating func add(_ concept: Concept) -> Int {
        concepts.append(concept)
        return concepts.count - 1
    }

    func finish(query: String, vocabulary: Vocabulary) throws -> QueryPlan {
        let frequencies = try vocabulary.documentFrequencies(of: tokens)
        return QueryPlan(query: query, concepts: concepts, tokens: tokens,
                         documentFrequencies: frequencies, documentCount: vocabulary.documentCount)
    }
}
