import Foundation
import KBCore
import KBSearch
import KBText

/// `meta.js`: every rule table and number the browser search needs, exported from the Swift code
/// that `kb search` runs, so the two cannot drift apart (filler words, synonym groups, ranking
/// parameters, tier weights, planner and engine constants, normalisation tables, pinyin and
/// lexicon numbers), the collection statistics, and the layout of the index files.
enum BrowserRules {
    struct Collection {
        var statistics: CollectionStatistics
        /// The rounded averages impact bands were assigned with.
        var layoutAverages: [Double]
        var maxDocument: Int
        /// Document numbers of the articles in an answer category, and of all articles.
        var answers: Set<Int>
        /// Document numbers of the guides, ascending (the guide bonus depends on the query's breadth).
        var guides: [Int]
        var documents: [Int]
        /// Documents whose postings do not record every section: the browser reads their files.
        var manySections: Set<Int>
        var unusualScalars: Set<UInt32>
        var shards: [String: Int]
        var wordLengths: [Int]
    }

    /// The query model's header, with its articles as document numbers (-1 for one the index
    /// lacks: it still takes its share of the probability, as in `QueryModel.posterior`). Its
    /// features are in the `m/N.js` shards (`queryModelEntries`).
    static func queryModel(_ model: QueryModel, _ documentNumbers: [ArticleID: Int]) -> String {
        let documents = model.articles.map { String(documentNumbers[$0] ?? -1) }.joined(separator: ",")
        let noAnswer = model.articles.firstIndex(of: QueryModel.noAnswer) ?? -1
        return "{\"alpha\":\(number(model.alpha)),\"weight\":\(number(model.weight)),\"tempering\":\(number(model.tempering)),"
            + "\"vocabulary\":\(model.vocabularySize),\"noAnswer\":\(noAnswer),"
            + "\"noAnswerThreshold\":\(number(model.noAnswerThreshold)),"
            + "\"unknownTopicThreshold\":\(number(model.unknownTopicThreshold)),\"documents\":[\(documents)],"
            + "\"totals\":\(numbers(model.totals))}"
    }

    /// A model feature's shard is that of its first character: a query's characters and the pairs
    /// they start (到 and 到账) are read from one file.
    static func queryModelShardKey(_ feature: String) -> String {
        feature.unicodeScalars.first.map { String($0) } ?? feature
    }

    /// Each feature of the query model with its `[article, count]` entries, for `ShardedTable`.
    static func queryModelEntries(_ model: QueryModel) -> [(key: String, value: String)] {
        model.features.map { feature, entries in
            (feature, "[" + entries.map { "[\($0.article),\(number($0.count))]" }.joined(separator: ",") + "]")
        }
    }

    static func json(_ collection: Collection, synonyms: SynonymTable, queryModel: String? = nil) -> String {
        let tiers = "[" + MatchTier.allCases.map { "[\(quoted($0.rawValue)),\(number($0.weight))]" }.joined(separator: ",") + "]"
        let filler = """
            {"chinese":\(strings(FillerWords.chinese)),"english":\(strings(FillerWords.english.sorted())),\
            "phraseParticles":\(strings(FillerWords.phraseParticles.sorted())),\
            "functionCharacters":\(strings(FillerWords.functionCharacters.sorted())),\
            "whyWords":\(strings(FillerWords.whyWords.sorted())),"howWords":\(strings(FillerWords.howWords.sorted())),\
            "notAnAction":\(strings(FillerWords.notAnAction.sorted())),\
            "countMeasureWords":\(strings(FillerWords.countMeasureWords.sorted())),\
            "chineseNumerals":\(strings(FillerWords.chineseNumerals.sorted())),\
            "durationUnits":\(strings(FillerWords.durationUnits)),\
            "notDurationNumerals":\(strings(FillerWords.notDurationNumerals.sorted()))}
            """
        let groups = "[" + synonyms.groups.map { strings($0.members) }.joined(separator: ",") + "]"
        let roles = strings(synonyms.groups.map(\.role.rawValue))
        // The folding pairs the tables above need (a synonym written 到帐); the others are in
        // `folding.js` (FoldingExport).
        let folding = quoted(FoldingExport.pairs(in: [filler, groups]))
        let slow = collection.unusualScalars.sorted().compactMap { value -> String? in
            guard let pieces = TextRules.slowPath(value) else { return nil }
            return "[\(value),\(quoted(String(pieces.map(\.kind)))),[\(pieces.map { String($0.value) }.joined(separator: ","))]]"
        }.joined(separator: ",")
        let pinyin = """
            {"syllables":\(quoted(PinyinTable.shared.syllables.sorted().joined(separator: " "))),\
            "segmentationLimit":\(TextRules.pinyinSegmentationLimit),"maxLetters":\(TextRules.pinyinMaxLetters)}
            """
        let text = """
            {"variantFolding":\(folding),"foldingKeys":\(quoted(FoldingExport.keys)),"ideographRanges":\(ranges(TextRules.ideographRanges)),\
            "separatorRanges":\(ranges(TextRules.separatorRanges)),\
            "fullWidth":[\(TextRules.fullWidthRange.lowerBound),\(TextRules.fullWidthRange.upperBound),\(TextRules.fullWidthOffset)],\
            "maxWordBytes":\(TextRules.maxWordBytes),"maxCompoundParts":\(TextRules.maxCompoundParts),\
            "slowPath":[\(slow)],"pinyin":\(pinyin),"lexicon":\(object(TextRules.lexicon))}
            """
        let layout = """
            {"inlineLimit":\(IndexLayout.inlineLimit),"bandFloors":\(numbers(IndexLayout.bandFloors)),\
            "layoutAverages":\(numbers(collection.layoutAverages)),\
            "pinyinTermsPerKey":\(SearchRules.pinyinTermsPerKey)}
            """
        return """
            {"format":\(IndexLayout.format),"siteDefaults":\(quoted(SiteDefaults.digest)),"documentCount":\(collection.statistics.documentCount),\
            "maxDocument":\(collection.maxDocument),\
            "averageFieldLengths":\(numbers(collection.statistics.averageFieldLengths)),\
            "fields":[\(Field.allCases.map { quoted($0.name) }.joined(separator: ","))],\
            "documents":\(quoted(documentTable(collection))),\
            "facetNames":\(FacetTable.namesJSON),\
            "guides":\(numbers(zip(collection.guides, [0] + collection.guides).map { Double($0 - $1) })),\
            "answerCategories":\(strings(SearchRules.answerCategories.map(\.rawValue))),\
            "sentenceEnds":\(strings(SnippetBuilder.sentenceEnds.map { String($0) })),\
            "parameters":\(parameters()),"tiers":\(tiers),"engine":\(object(SearchRules.engine)),"text":\(text),\
            "filler":\(filler),"synonyms":\(groups),"synonymRoles":\(roles),\
            "negations":\(strings(SynonymTable.negations.sorted())),"shards":\(object(collection.shards.mapValues(Double.init))),\
            "wordLengths":\(numbers(collection.wordLengths.map(Double.init))),"layout":\(layout),\
            "queryModel":\(queryModel ?? "null")}
            """
    }

    /// Two bits per document number from 0 (0 none, 1 an article, 2 an article in an answer
    /// category, 3 an article to score from its own file), three numbers a character of the index
    /// alphabet.
    static func documentTable(_ collection: Collection) -> String {
        var states = [Int](repeating: 0, count: collection.maxDocument + 1)
        for document in collection.documents {
            states[document] = collection.manySections.contains(document) ? 3 : collection.answers.contains(document) ? 2 : 1
        }
        var out: [UInt8] = []
        out.reserveCapacity(states.count / 3 + 1)
        var index = 0
        while index < states.count {
            var value = 0
            for offset in 0..<3 where index + offset < states.count { value |= states[index + offset] << (2 * offset) }
            out.append(IndexEncoding.alphabet[value])
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Every ranking parameter, by name (from `RankingParameters`' own coding keys).
    private static func parameters() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(RankingParameters.standard)) ?? Data("{}".utf8), as: UTF8.self)
    }

    private static func object(_ values: [String: Double]) -> String {
        "{" + values.sorted { $0.key < $1.key }.map { "\(quoted($0.key)):\(number($0.value))" }.joined(separator: ",") + "}"
    }

    private static func strings(_ values: [String]) -> String { "[" + values.map(quoted).joined(separator: ",") + "]" }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }

    private static func numbers(_ values: [Double]) -> String { "[" + values.map(number).joined(separator: ",") + "]" }

    private static func ranges(_ ranges: [ClosedRange<UInt32>]) -> String {
        "[" + ranges.map { "[\($0.lowerBound),\($0.upperBound)]" }.joined(separator: ",") + "]"
    }
}
