import KBText

/// A query split into the pieces that become search concepts. Pure: knows the text rules and the
/// synonym table, nothing about any index.
public struct ParsedQuery: Sendable, Equatable {
    public enum Piece: Sendable, Equatable {
        /// Units matching members of one synonym group (overlapping matches merged).
        case synonym(group: Int, text: String, units: Range<Int>)
        /// A run of adjacent ideographs without filler. It may include units of synonym pieces; the
        /// planner leaves bigrams inside one synonym to that synonym.
        case ideographs(text: String, units: Range<Int>)
        /// A word of letters or digits (`pos`, `4g`, `termnal`).
        case word(text: String, unit: Int)
        /// Adjacent words that all read as pinyin (`jiqi huai le`), split into syllables.
        /// `words` holds the same text as plain words, for when it is English after all.
        case pinyin(syllables: [String], text: String, units: Range<Int>)
        /// A provider, bank, app or device name (`拉卡拉`, `pos机`), or the words of a topic no
        /// article answers (`手续费`): who or what the question is about, not what went wrong.
        case entity(group: Int, text: String, units: Range<Int>)
    }

    /// The query as searched: normalised spacing, cut to `QueryParser.maxCharacters`.
    public var text: String
    /// True when the input was longer than `QueryParser.maxCharacters` and was cut.
    public var truncated: Bool
    public var units: [TextUnit]
    public var pieces: [Piece]
    /// The query's content without filler, as normalised units joined (`刷卡成功钱没到账`).
    public var contentKey: String
    /// What kind of answer the question words ask for (为什么 → a cause, 如何撤销 → a fix), if any.
    public var intent: QuestionIntent?
    /// Topics the query asks about that the knowledge base does not answer (the first word of each
    /// out-of-scope group matched, in query order, once each).
    public var outOfScopeTopics: [String] = []
    /// True when the query names things (拉卡拉, pos机, 电签pos) and asks nothing else about them.
    public var namesOnly = false

    public var isEmpty: Bool { pieces.isEmpty }
}

public struct QueryParser: Sendable {
    /// Queries are cut to this many characters: enough for a pasted customer message, and a bound
    /// on the work one search can cause.
    public static let maxCharacters = 256

    public let synonyms: SynonymTable

    public init(synonyms: SynonymTable) { self.synonyms = synonyms }

    public func parse(_ raw: String) -> ParsedQuery {
        let truncated = raw.unicodeScalars.count > Self.maxCharacters
        var text = truncated ? String(String.UnicodeScalarView(raw.unicodeScalars.prefix(Self.maxCharacters))) : raw
        text = text.split(whereSeparator: { $0.isWhitespace || $0.unicodeScalars.allSatisfy { $0.value < 0x20 } })
            .joined(separator: " ")
        let units = Tokenizer.units(of: text)

        // Synonym phrases win over filler: 没收到钱 stays whole even though it holds no filler anyway,
        // but `not received` must not lose `not`.
        var role = [Role](repeating: .content, count: units.count)
        var synonymPieces: [(group: Int, units: Range<Int>)] = []
        for match in maximalMatches(synonyms.matches(in: units)) {
            // Only overlapping matches merge: a word said twice (款项，款项) stays two mentions, not
            // one phrase that no article contains.
            if let last = synonymPieces.last, last.group == match.group, last.units.overlaps(match.units) {
                synonymPieces[synonymPieces.count - 1].units = last.units.lowerBound..<max(last.units.upperBound, match.units.upperBound)
            } else {
                synonymPieces.append((match.group, match.units))
            }
        }
        // Names and out-of-scope topics are set apart: the query is understood without them (a
        // topic no article answers must not empty the results of the question around it); the
        // topics are reported.
        var topics: [String] = []
        for piece in synonymPieces where synonyms.groups[piece.group].role == .outOfScope {
            let topic = synonyms.groups[piece.group].members[0]
            if !topics.contains(topic) { topics.append(topic) }
        }
        let entityPieces = synonymPieces.filter { synonyms.groups[$0.group].role != .synonym }
        synonymPieces.removeAll { synonyms.groups[$0.group].role != .synonym }
        for piece in synonymPieces { for i in piece.units { role[i] = .synonym } }
        for piece in entityPieces { for i in piece.units { role[i] = .entity } }
        let intent = markFiller(units, &role)
        // A query of names alone (`拉卡拉`, `电签pos`) is about them: they are searched as synonyms.
        // (是 in `POS机是什么` is grammar, not something asked about them.)
        let namesOnly = !entityPieces.isEmpty && !role.contains(.synonym) && role.indices.allSatisfy { i in
            role[i] != .content || (units[i].kind == .ideograph && FillerWords.grammarCharacters.contains(units[i].text))
        }

        var pieces: [(first: Int, piece: ParsedQuery.Piece)] = synonymPieces.map {
            ($0.units.lowerBound, .synonym(group: $0.group, text: join(units[$0.units]), units: $0.units))
        }
        pieces += entityPieces.map { piece in
            let text = join(units[piece.units])
            return (piece.units.lowerBound, namesOnly ? .synonym(group: piece.group, text: text, units: piece.units)
                                                      : .entity(group: piece.group, text: text, units: piece.units))
        }
        // Ideograph runs keep their synonym parts, so that a bigram crossing into a synonym (算咔 in
        // 结算咔) is still seen; the planner skips bigrams that a synonym already covers.
        func insideOneSynonym(_ a: Int, _ b: Int) -> Bool {
            synonymPieces.contains { $0.units.contains(a) && $0.units.contains(b) }
        }
        var index = 0
        while index < units.count {
            let unit = units[index]
            let joinable = unit.kind == .ideograph ? role[index] != .filler && role[index] != .entity : role[index] == .content
            guard joinable else {
                index += 1
                continue
            }
            var end = index + 1
            if unit.kind == .ideograph {
                while end < units.count, role[end] != .filler, role[end] != .entity, units[end].kind == .ideograph,
                      units[end].start == units[end - 1].end { end += 1 }  // adjacent in the text only
                let run = index..<end
                let uncovered = run.count == 1
                    ? role[index] == .content
                    : run.dropLast().contains { !insideOneSynonym($0, $0 + 1) }
                if uncovered { pieces.append((index, .ideographs(text: join(units[run]), units: run))) }
                index = end
                continue
            }
            // Words join (as a possible pinyin phrase) across spaces.
            while end < units.count, role[end] == .content, units[end].kind == .word,
                  PinyinSegmenter.isPinyin(units[end].text) { end += 1 }
            let words = units[index..<end]
            if words.allSatisfy({ PinyinSegmenter.isPinyin($0.text) }) {
                let syllables = words.flatMap { PinyinSegmenter.segmentations(of: $0.text).first ?? [] }
                pieces.append((index, .pinyin(syllables: syllables, text: words.map(\.text).joined(separator: " "),
                                              units: index..<end)))
            } else {
                end = index + 1
                pieces.append((index, .word(text: unit.text, unit: index)))
            }
            index = end
        }
        let contentKey = units.indices.filter { role[$0] != .filler && role[$0] != .entity }.map { units[$0].text }.joined()
        let ordered = pieces.enumerated().sorted { ($0.element.first, $0.offset) < ($1.element.first, $1.offset) }.map(\.element.piece)
        var parsed = ParsedQuery(text: text, truncated: truncated, units: units, pieces: ordered, contentKey: contentKey,
                                 intent: intent, outOfScopeTopics: topics)
        parsed.namesOnly = namesOnly
        return parsed
    }

    private enum Role { case content, synonym, filler, entity }

    /// Drops matches contained in a longer match of the same start or span.
    private func maximalMatches(_ matches: [SynonymTable.Match]) -> [SynonymTable.Match] {
        matches.filter { match in
            !matches.contains { other in
                other != match && other.units.count > match.units.count
                    && other.units.lowerBound <= match.units.lowerBound
                    && other.units.upperBound >= match.units.upperBound
            }
        }
    }

    /// Marks filler and returns the intent its question words express: a why-word anywhere wins; a
    /// how-word counts where an action follows it (怎么撤销, not 怎么还没到).
    private func markFiller(_ units: [TextUnit], _ role: inout [Role]) -> QuestionIntent? {
        var why = false
        var how = false
        var index = 0
        while index < units.count {
            guard role[index] == .content else {
                index += 1
                continue
            }
            if units[index].kind == .word {
                if FillerWords.english.contains(units[index].text) { role[index] = .filler }
                index += 1
                continue
            }
            var matched = 0
            for filler in FillerWords.chineseUnits where index + filler.count <= units.count {
                let candidate = units[index..<index + filler.count]
                if zip(candidate, filler).allSatisfy({ $0.text == $1 && $0.kind == .ideograph }),
                   candidate.indices.allSatisfy({ role[$0] == .content })
                {
                    matched = filler.count
                    break
                }
            }
            // A one-character particle inside a phrase belongs to it (开不了机, 我的卡): it is filler
            // only where a phrase ends.
            if matched == 1 && FillerWords.phraseParticles.contains(units[index].text) && !endsPhrase(units, at: index) {
                matched = 0
            }
            if matched > 0 {
                let word = units[index..<index + matched].map(\.text).joined()
                if FillerWords.whyWords.contains(word) { why = true }
                if FillerWords.howWords.contains(word) {
                    let next = index + matched
                    if next < units.count, units[next].kind == .ideograph, !FillerWords.notAnAction.contains(units[next].text) {
                        how = true
                    }
                }
                for i in index..<index + matched { role[i] = .filler }
                index += matched
            } else {
                index += 1
            }
        }
        markCounts(units, &role)
        markDurations(units, &role)
        // A query made only of filler (`怎么办`) keeps its words: searching for nothing helps nobody.
        if role.allSatisfy({ $0 == .filler }) {
            for i in role.indices { role[i] = .content }
        }
        return why ? .why : how ? .how : nil
    }

    /// A count in a page title (5种原因, 四大原因, 十几种方法) is filler: a number and a measure word
    /// followed by filler or by nothing. One followed by a word (二类卡, 3个工作日) says what it counts.
    private func markCounts(_ units: [TextUnit], _ role: inout [Role]) {
        // The measure word may already be filler (几种 in 十几种): the numerals before it still count.
        for index in units.indices where role[index] != .synonym && role[index] != .entity && units[index].kind == .ideograph
            && FillerWords.countMeasureWords.contains(units[index].text)
        {
            let next = index + 1
            guard next == units.count || role[next] == .filler else { continue }
            var first = index
            while first > 0, role[first - 1] == .content || role[first - 1] == .filler, units[first - 1].end == units[first].start {
                guard Self.isNumber(units[first - 1]) else { break }
                first -= 1
            }
            guard first < index else { continue }
            for i in first...index { role[i] = .filler }
        }
    }

    /// A duration (五天, 3个小时, 两个月) is filler: numerals and a unit of time. It says how long the
    /// merchant has waited (五天还没到账), which no article is about.
    private func markDurations(_ units: [TextUnit], _ role: inout [Role]) {
        func adjacent(_ i: Int) -> Bool { units[i].start == units[i - 1].end }
        func isNumeral(_ i: Int) -> Bool {
            role[i] == .content && Self.isNumber(units[i]) && !FillerWords.notDurationNumerals.contains(units[i].text)
        }
        var index = 0
        while index < units.count {
            var end = index
            while end < units.count, isNumeral(end), end == index || adjacent(end) { end += 1 }
            guard end > index else {
                index += 1
                continue
            }
            let unitStart = end
            let length = FillerWords.durationUnitSequences.first { unit in
                unitStart + unit.count <= units.count && adjacent(unitStart)
                    && zip(units[unitStart..<unitStart + unit.count], unit).allSatisfy { $0.text == $1 && $0.kind == .ideograph }
                    && (unitStart..<unitStart + unit.count).allSatisfy { role[$0] == .content }
            }?.count
            if let length {
                for i in index..<unitStart + length { role[i] = .filler }
                index = unitStart + length
            } else {
                index = end
            }
        }
    }

    /// ASCII digits, or a Chinese numeral (五, 几): what a count or a duration starts with.
    private static func isNumber(_ unit: TextUnit) -> Bool {
        unit.kind == .word ? unit.text.allSatisfy(\.isASCII) && unit.text.allSatisfy(\.isNumber)
            : FillerWords.chineseNumerals.contains(unit.text)
    }

    /// True when the ideograph at `index` is the last of its run, or is followed by filler.
    private func endsPhrase(_ units: [TextUnit], at index: Int) -> Bool {
        let next = index + 1
        guard next < units.count, units[next].kind == .ideograph, units[next].start == units[index].end else { return true }
        return FillerWords.chineseUnits.contains { filler in
            next + filler.count <= units.count && zip(units[next..<next + filler.count], filler).allSatisfy { $0.text == $1 }
        }
    }

    private func join(_ units: ArraySlice<TextUnit>) -> String {
        var text = ""
        var lastWasWord = false
        for unit in units {
            if unit.kind == .word && lastWasWord { text += " " }
            text += unit.text
            lastWasWord = unit.kind == .word
        }
        return text
    }
}
