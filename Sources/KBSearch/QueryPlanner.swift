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
    /// A homophone that is not a dictionary word must occur in at least this share of articles.
    static let commonTermShare = 0.2
    /// Weight of a character of a word the index does not know, searched on its own.
    static let unknownWordCharacterWeight = 0.25
    /// Weight of a Latin word that is neither indexed nor a typo of anything indexed.
    static let unknownWordWeight = 0.3
    /// Shorter Latin words are not corrected: one edit away from a four-letter word is another word.
    static let minimumTypoLength = 5
    /// Readings tried per sound-alike bigram (characters with several readings multiply them).
    static let homophoneReadings = 4
    /// Extra terms asked for per pinyin key, so that filtered ones (filler, other lengths) leave
    /// enough behind.
    static let pinyinLookupSlack = 2
    /// Weight of a provider, bank, app or device name that the content mentions: enough to prefer,
    /// among answers, the one that names it; never enough to outrank the answer.
    static let entityWeight = 0.2

    public let synonyms: SynonymTable

    public init(synonyms: SynonymTable) { self.synonyms = synonyms }

    public func plan(_ parsed: ParsedQuery, vocabulary: Vocabulary, homophones: Bool) throws -> QueryPlan {
        var builder = PlanBuilder()
        let topicPieces = parsed.pieces.filter { if case .entity = $0 { return false } else { return true } }
        let loneWeight = topicPieces.count > 1 ? Self.loneCharacterWeight : 1.0
        let synonymSpans = parsed.pieces.compactMap { piece -> Range<Int>? in
            if case let .synonym(_, _, units) = piece { return units }
            return nil
        }
        var pendingHomophones: [(concept: Int, candidates: [String])] = []
        // Where a provider, bank, app or device name begins (not an out-of-scope topic): the words
        // the index lacks right before one are most likely a name the list lacks (海科 in 海科pos机).
        let nameStarts = Set(parsed.pieces.compactMap { piece -> Int? in
            guard case let .entity(group, _, units) = piece, synonyms.groups[group].role == .entity else { return nil }
            return units.lowerBound
        })

        let unmentioned = try unmentionedNames(parsed, vocabulary: vocabulary)

        for piece in parsed.pieces {
            switch piece {
            case let .synonym(group, text, units):
                if unmentioned.contains(units.lowerBound) { continue }
                addGroup(group, text: text, units: units, parsed: parsed, into: &builder)

            case let .entity(group, text, units):
                // A name the content never mentions says nothing about which article answers; one it
                // mentions only prefers, among the answers, the article that names it.
                if try isMentioned(group, text: text, vocabulary: vocabulary) {
                    addGroup(group, text: text, units: units, parsed: parsed, weight: Self.entityWeight, into: &builder)
                }

            case let .ideographs(text, units):
                let nameAside: NameAside = !nameStarts.contains(units.upperBound) ? .never
                    : topicPieces.count > 1 ? .always : .ifSomethingRemains
                let soundAlike = try ideographConcepts(text, firstUnit: units.lowerBound, loneWeight: loneWeight,
                                                       synonymSpans: synonymSpans, nameAside: nameAside,
                                                       vocabulary: vocabulary, builder: &builder)
                if homophones { pendingHomophones += soundAlike }

            case let .word(text, unit):
                try addWord(text, unit: unit, vocabulary: vocabulary, into: &builder)

            case let .pinyin(syllables, text, units):
                try addPinyin(syllables, text: text, units: units, parsed: parsed, loneWeight: loneWeight,
                              vocabulary: vocabulary, into: &builder)
            }
        }

        // A query of nothing but grammar (的的, 了的) keeps its bigrams: searching for nothing
        // helps nobody, as with a query of only filler.
        if builder.concepts.isEmpty {
            for (bigram, unit) in builder.junctions {
                builder.add(Concept(label: bigram, weight: 1, alternatives: [builder.alternative([bigram], .exact, bigram)],
                                    firstUnit: unit))
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

    /// True when the index holds the name as typed or another member of its group.
    private func isMentioned(_ group: Int, text: String, vocabulary: Vocabulary) throws -> Bool {
        try ([text] + synonyms.groups[group].members).contains { form in
            let tokens = queryTokens(form)
            return try !tokens.isEmpty && vocabulary.documentFrequencies(of: tokens).allSatisfy { $0 > 0 }
        }
    }

    /// Where the names of a query of names alone (each searched as a synonym) begin, for those the
    /// content never mentions while it mentions another: 拉卡拉电签 asks about the e-sign line, and
    /// a provider no article names would empty the answer. When none is mentioned, all are kept.
    private func unmentionedNames(_ parsed: ParsedQuery, vocabulary: Vocabulary) throws -> Set<Int> {
        let names = parsed.pieces.compactMap { piece -> (group: Int, text: String, start: Int)? in
            guard case let .synonym(group, text, units) = piece, synonyms.groups[group].role == .entity else { return nil }
            return (group, text, units.lowerBound)
        }
        guard names.count > 1 else { return [] }
        let unmentioned = try names.filter { try !isMentioned($0.group, text: $0.text, vocabulary: vocabulary) }
        return unmentioned.count < names.count ? Set(unmentioned.map(\.start)) : []
    }

    /// The concept of a synonym (or entity) group's words found in the query: the words as typed,
    /// and every member of the group as a weaker alternative. Weighted by the number of bigrams
    /// the words span, unless `weight` says otherwise.
    private func addGroup(_ group: Int, text: String, units: Range<Int>, parsed: ParsedQuery, weight: Double? = nil,
                          into builder: inout PlanBuilder) {
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
        builder.add(Concept(label: text, weight: weight ?? Double(max(1, bigramCount)),
                            alternatives: alternatives.filter { !$0.tokens.isEmpty }, firstUnit: units.lowerBound))
    }

    /// Concepts of a run of ideographs. Bigrams the index knows are concepts. An unknown bigram is
    /// kept when it sounds like an indexed one that fits its neighbours (a likely typo, for the
    /// homophone tier), dropped when it only joins two words (客天 in 顾客天天), and otherwise
    /// weighted by how ordinary its word is in general Chinese. Characters that no known bigram
    /// covers are also searched alone, so that 摔 in 机器摔地上 still finds 摔坏.
    private func ideographConcepts(_ text: String, firstUnit: Int, loneWeight: Double, synonymSpans: [Range<Int>],
                                   nameAside: NameAside, vocabulary: Vocabulary,
                                   builder: inout PlanBuilder) throws -> [(concept: Int, candidates: [String])] {
        let chars = text.unicodeScalars.map { String($0) }
        func inSynonym(_ i: Int) -> Bool { synonymSpans.contains { $0.contains(firstUnit + i) } }
        func inOneSynonym(_ i: Int) -> Bool {
            synonymSpans.contains { $0.contains(firstUnit + i) && $0.contains(firstUnit + i + 1) }
        }
        func lone(_ i: Int, weight: Double) {
            builder.add(Concept(label: chars[i], weight: weight,
                                alternatives: [builder.alternative([chars[i]], .exact, chars[i])], firstUnit: firstUnit + i))
        }
        if chars.count == 1 {
            // A function character left alone between filler (及 in 原因及解决方法) is grammar.
            if FillerWords.grammarCharacters.contains(chars[0]) {
                builder.junctions.append((chars[0], firstUnit))
            } else if !inSynonym(0) {
                lone(0, weight: loneWeight)
            }
            return []
        }
        let bigrams = (0..<(chars.count - 1)).map { chars[$0] + chars[$0 + 1] }
        let known = try vocabulary.documentFrequencies(of: bigrams).map { $0 > 0 }
        let functional = bigrams.map(Self.isFunctional)
        let knownSet = Set(bigrams.indices.filter { known[$0] && !functional[$0] }.map { bigrams[$0] })
        let words = Lexicon.shared.segment(chars, isDomainWord: { knownSet.contains($0) })
        var wordOf = [Int](repeating: 0, count: chars.count)
        for (w, range) in words.enumerated() { for i in range { wordOf[i] = w } }
        let nameStart = Self.unknownNameStart(chars, known: known, wordOf: wordOf, aside: nameAside, inSynonym: inSynonym)
        if nameStart < chars.count { builder.unknownNames.append(chars[nameStart...].joined()) }

        var covered = [Bool](repeating: false, count: chars.count)
        var inUnknownWord = [Bool](repeating: false, count: chars.count)
        var soundAlike: [(Int, [String])] = []
        for i in chars.indices where inSynonym(i) { covered[i] = true }
        // Sound-alike readings first: an unknown bigram beside a likely typo (空了 beside 风空 in
        // 被风空了) is the typo's debris, not something the merchant asked about.
        let readings = try bigrams.indices.map { i -> [String] in
            guard !known[i], !inOneSynonym(i), i < nameStart else { return [] }
            // A real word spelled right (救济, or 积金 inside 公积金) is not a typo of a word that
            // sounds like it, and a bigram holding a particle or a negation (应的 in 无响应的, 未收
            // in 商家未收到) is grammar beside a word, not a word.
            let insideLongerWord = wordOf[i] == wordOf[i + 1] && words[wordOf[i]].count > 2
            let isWord = insideLongerWord || Lexicon.shared.frequencyClass(bigrams[i]) != nil
            let holdsParticle = bigrams[i].unicodeScalars.contains {
                FillerWords.phraseParticles.contains(String($0)) || SynonymTable.negations.contains(String($0))
            }
            return isWord || holdsParticle ? []
                : try homophoneTerms(for: bigrams[i], at: i, in: chars, known: known, vocabulary: vocabulary)
        }
        for (i, bigram) in bigrams.enumerated() {
            if inOneSynonym(i) { continue }  // the synonym's own concept covers it
            if i >= nameStart { break }  // a name is not what the question asks about
            var weight = 1.0
            var candidates: [String] = []
            // A bigram between a synonym and the words beside it (钱不 in 钱不到账) joins two words.
            let crossesSynonym = inSynonym(i) != inSynonym(i + 1)
            let crossesWords = wordOf[i] != wordOf[i + 1] || crossesSynonym
            if known[i] {
                // 商无 in 协商无果, 的钱 in 收的钱: two words side by side, not a thing asked about;
                // the words themselves are searched (a one-character word alone).
                if functional[i] || crossesSynonym
                    || (crossesWords && words[wordOf[i]].count > 1 && words[wordOf[i + 1]].count > 1)
                {
                    builder.junctions.append((bigram, firstUnit + i))
                    continue
                }
                covered[i] = true
                covered[i + 1] = true
            } else {
                candidates = readings[i]
                let besideTypo = (i > 0 && !readings[i - 1].isEmpty) || (i + 1 < readings.count && !readings[i + 1].isEmpty)
                if !candidates.isEmpty {
                    covered[i] = true
                    covered[i + 1] = true
                } else if crossesWords || besideTypo {
                    continue  // crosses a word boundary or overlaps a typo: not something the merchant said
                } else {
                    let word = chars[words[wordOf[i]]].joined()
                    weight = Lexicon.shared.backgroundWeight(word)
                    if Lexicon.shared.namesATopic(word) && !builder.unknownThings.contains(word) { builder.unknownThings.append(word) }
                    inUnknownWord[i] = true
                    inUnknownWord[i + 1] = true
                }
            }
            let index = builder.add(Concept(label: bigram, weight: weight,
                                            alternatives: [builder.alternative([bigram], .exact, bigram)],
                                            firstUnit: firstUnit + i))
            if !candidates.isEmpty { soundAlike.append((index, candidates)) }
        }
        for i in chars.indices where i < nameStart && !covered[i] && !FillerWords.grammarCharacters.contains(chars[i]) {
            if words[wordOf[i]].count == 1 {
                lone(i, weight: Self.loneCharacterWeight)
            } else if inUnknownWord[i] {
                // A word the index lacks (水盆) may still share a character with one it has (进水).
                lone(i, weight: Self.unknownWordCharacterWeight)
            }
        }
        return soundAlike
    }

    /// Whether the words before a name may be taken for a name themselves: never when no name
    /// follows; when the query asks something besides (海科pos机到不了账), always; when it is the
    /// run and the name alone (什么是境外pos机), only if the run keeps other words to ask about.
    enum NameAside { case never, always, ifSomethingRemains }

    /// Where the name ends a run that comes right before a provider or device name: the longest run
    /// of whole words at its end, two characters or more, none of whose bigrams the index knows and
    /// with no grammar or synonym in it (海融科技 in 海融科技pos机, 杉德 in 杉德POS机). Providers, banks,
    /// places and canteens outnumber any list; the index not knowing the words says the question is
    /// about the machine, not them. `chars.count` when there is none.
    static func unknownNameStart(_ chars: [String], known: [Bool], wordOf: [Int], aside: NameAside,
                                 inSynonym: (Int) -> Bool) -> Int {
        let none = chars.count
        func nameCharacter(_ i: Int) -> Bool { !FillerWords.grammarCharacters.contains(chars[i]) && !inSynonym(i) }
        guard aside != .never, chars.count >= 2, nameCharacter(chars.count - 1) else { return none }
        var start = none
        var i = chars.count - 2
        while i >= 0, !known[i], nameCharacter(i) {
            if i == 0 || wordOf[i] != wordOf[i - 1] { start = i }
            i -= 1
        }
        guard start < none else { return none }
        if aside == .ifSomethingRemains, !(0..<start).contains(where: nameCharacter) { return none }
        return start
    }

    /// A bigram with a function character (收的, 的钱) is no word, however often it occurs, unless
    /// the dictionary says it is one (时间, 会员).
    static func isFunctional(_ bigram: String) -> Bool {
        Lexicon.shared.frequencyClass(bigram) == nil
            && bigram.unicodeScalars.contains { FillerWords.grammarCharacters.contains(String($0)) }
    }

    /// Indexed bigrams that read like `bigram` (same toneless pinyin), most frequent first, keeping
    /// only those that fit the run: a substitution must not turn a known or dictionary neighbouring
    /// bigram into an unknown one (开始查 must not become 开时查, while 结算咔 may become 结算卡).
    func homophoneTerms(for bigram: String, at position: Int, in chars: [String], known: [Bool],
                        vocabulary: Vocabulary) throws -> [String] {
        var seen = Set([bigram])
        var terms: [(term: String, documentFrequency: Int)] = []
        for key in PinyinTable.shared.keys(for: bigram, limit: Self.homophoneReadings) {
            for term in try vocabulary.terms(withPinyin: key, limit: Self.alternativesPerLookup + Self.pinyinLookupSlack)
            where term.term.unicodeScalars.count == 2 && seen.insert(term.term).inserted {
                terms.append(term)
            }
        }
        var fitting: [(term: String, documentFrequency: Int)] = []
        let lexicon = Lexicon.shared
        let documentCount = max(vocabulary.documentCount, 1)
        for term in terms {
            let replacement = term.term.unicodeScalars.map { String($0) }
            // A plausible intended word: a content word of the dictionary (证明, not 以及), a bigram
            // that joins a known neighbour (结算咔 → 算卡 beside 结算), or one of the knowledge
            // base's everyday terms (到账); a rare fragment (己收 for 骑手) is a coincidence of sound.
            if replacement.contains(where: FillerWords.grammarCharacters.contains) {
                continue  // 以及, 的钱: grammar, never the word a merchant meant
            }
            let isContentWord = lexicon.frequencyClass(term.term) != nil
            // Joining a neighbour is evidence when the bigram it makes is a word (结算 for 结算咔 →
            // 算卡), not grammar (刷了 is no reason to read 卡刷了 as 客刷了).
            func joins(_ bigram: String) throws -> Bool {
                try vocabulary.documentFrequencies(of: [bigram])[0] > 0 && !Self.isFunctional(bigram)
            }
            let joinsLeft = try position > 0 && joins(chars[position - 1] + replacement[0])
            let joinsRight = try position + 2 < chars.count && joins(replacement[1] + chars[position + 2])
            let everyday = Double(term.documentFrequency) >= Self.commonTermShare * Double(documentCount)
            guard isContentWord || joinsLeft || joinsRight || everyday else { continue }
            var breaks = false
            if position > 0, replacement[0] != chars[position] {
                let left = chars[position - 1] + chars[position]
                if known[position - 1] || lexicon.frequencyClass(left) != nil {
                    breaks = try vocabulary.documentFrequencies(of: [chars[position - 1] + replacement[0]])[0] == 0
                }
            }
            if !breaks, position + 2 < chars.count, replacement[1] != chars[position + 1] {
                let right = chars[position + 1] + chars[position + 2]
                if known[position + 1] || lexicon.frequencyClass(right) != nil {
                    // 不制冷 must not become 不知冷: 制冷 is a word of its own.
                    breaks = try vocabulary.documentFrequencies(of: [replacement[1] + chars[position + 2]])[0] == 0
                }
            }
            if !breaks { fitting.append(term) }
        }
        return fitting.sorted { $0.documentFrequency > $1.documentFrequency }.prefix(Self.alternativesPerLookup).map(\.term)
    }

    /// A Latin word. One the index does not know may be a typo of an indexed word or of a synonym
    /// (`setlement` → settlement → 结算); if it is neither, it is most likely a word the Chinese
    /// articles cannot contain, and counts little.
    private func addWord(_ text: String, unit: Int, vocabulary: Vocabulary, into builder: inout PlanBuilder) throws {
        var alternatives = [builder.alternative([text], .exact, text)]
        var weight = 1.0
        let known = try vocabulary.documentFrequencies(of: [text])[0] > 0
        if !known {
            var corrections: [String] = []
            if text.count >= Self.minimumTypoLength && text.allSatisfy({ $0.isASCII && $0.isLetter }) {
                corrections = try vocabulary.words(withinOneEditOf: text, limit: Self.alternativesPerLookup).map(\.term)
                for (group, member) in synonymWords where member != text && EditDistance.isWithinOne(member, text) {
                    for synonym in synonyms.groups[group].members {
                        alternatives.append(builder.alternative(queryTokens(synonym), .typo, synonym))
                    }
                }
            }
            for correction in corrections {
                alternatives.append(builder.alternative([correction], .typo, correction))
            }
            if alternatives.count == 1 { weight = Self.unknownWordWeight }
        }
        builder.add(Concept(label: text, weight: weight, alternatives: alternatives.filter { !$0.tokens.isEmpty },
                            firstUnit: unit))
    }

    /// Single-word Latin synonyms with their group, as typo targets.
    private var synonymWords: [(group: Int, word: String)] {
        synonyms.groups.enumerated().flatMap { group, members in
            members.members.compactMap { member -> (Int, String)? in
                let key = Tokenizer.normalizedKey(member)
                return key.allSatisfy({ $0.isASCII && $0.isLetter }) && !key.isEmpty ? (group, key) : nil
            }
        }
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
            let terms = try vocabulary.terms(withPinyin: key, limit: Self.alternativesPerLookup + Self.pinyinLookupSlack)
                .filter { !FillerWords.isFiller($0.term) }
                .prefix(Self.alternativesPerLookup)
            guard !terms.isEmpty else { continue }
            let alternatives = terms.map { builder.alternative([$0.term], .pinyin, $0.term) }
            builder.add(Concept(label: key, weight: syllables.count == 1 ? loneWeight : 1,
                                alternatives: alternatives, firstUnit: units.lowerBound + min(offset, units.count - 1)))
        }
    }

    /// Gives bigrams that the index does not contain the indexed bigrams that sound the same.
    private func addHomophones(_ pending: [(concept: Int, candidates: [String])], to plan: inout QueryPlan,
                               vocabulary: Vocabulary) throws {
        var builder = PlanBuilder(plan)
        for (conceptIndex, candidates) in pending {
            builder.concepts[conceptIndex].alternatives += candidates.map { builder.alternative([$0], .homophone, $0) }
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
    var unknownThings: [String] = []
    var unknownNames: [String] = []
    /// Known bigrams set aside because they only join two words (商无, 的钱), with their first unit.
    var junctions: [(bigram: String, firstUnit: Int)] = []
    var tokens: [String] = []
    var tokenIndex: [String: Int] = [:]

    init() {}

    init(_ plan: QueryPlan) {
        concepts = plan.concepts
        tokens = plan.tokens
        unknownThings = plan.unknownThings
        unknownNames = plan.unknownNames
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
        var plan = QueryPlan(query: query, concepts: concepts, tokens: tokens,
                             documentFrequencies: frequencies, documentCount: vocabulary.documentCount)
        plan.unknownThings = unknownThings
        plan.unknownNames = unknownNames
        return plan
    }
}
