import Foundation
import KBCore
import KBSearch
import KBText

/// `meta.js`: every rule table and number the browser search needs, exported from the Swift code
/// that `kb search` runs, so the two cannot drift apart: filler words, synonym groups, ranking
/// parameters, tier weights, normalisation tables, pinyin syllables, and the collection statistics.
enum BrowserRules {
    /// Bumped when the layout of the generated index changes; `search.js` refuses other versions.
    static let format = 1

    static func json(statistics: CollectionStatistics, maxDocument: Int, documents: [(number: Int, article: Article)],
                     synonyms: SynonymTable, unusualScalars: Set<UInt32>, shards: [String: Int], wordLengths: [Int],
                     layout: [String: Int]) -> String {
        let p = RankingParameters.standard
        let parameters = """
            {"fieldWeights":\(numbers(p.fieldWeights)),"lengthNormalization":\(numbers(p.lengthNormalization)),\
            "k1":\(p.k1),"relevanceWeight":\(p.relevanceWeight),"proximityWeight":\(p.proximityWeight),\
            "exactTitleBonus":\(p.exactTitleBonus),"titleContainsBonus":\(p.titleContainsBonus),\
            "answerCategoryBonus":\(p.answerCategoryBonus),"minimumCoverage":\(p.minimumCoverage),\
            "relativeCutoff":\(p.relativeCutoff)}
            """
        let tiers = "[" + MatchTier.allCases.map { "[\(quoted($0.rawValue)),\($0.weight)]" }.joined(separator: ",") + "]"
        let engine = """
            {"rerankDepth":\(SearchRules.rerankDepth),"alternativesPerLookup":\(SearchRules.alternativesPerLookup),\
            "loneCharacterWeight":\(SearchRules.loneCharacterWeight),"maxQueryCharacters":\(QueryParser.maxCharacters),\
            "snippetMaxScalars":\(SnippetBuilder.maxScalars)}
            """
        let folding = TextRules.variantFolding.sorted { $0.key < $1.key }.map { "[\($0.key),\($0.value)]" }.joined(separator: ",")
        let slow = unusualScalars.sorted().compactMap { value -> String? in
            guard let pieces = TextRules.slowPath(value) else { return nil }
            return "[\(value),\(quoted(String(pieces.map(\.kind)))),[\(pieces.map { String($0.value) }.joined(separator: ","))]]"
        }.joined(separator: ",")
        let text = """
            {"variantFolding":[\(folding)],"ideographRanges":\(ranges(TextRules.ideographRanges)),\
            "separatorRanges":\(ranges(TextRules.separatorRanges)),\
            "fullWidth":[\(TextRules.fullWidthRange.lowerBound),\(TextRules.fullWidthRange.upperBound),\(TextRules.fullWidthOffset)],\
            "maxWordBytes":\(TextRules.maxWordBytes),"maxCompoundParts":\(TextRules.maxCompoundParts),\
            "slowPath":[\(slow)]}
            """
        let syllables = PinyinTable.shared.syllables.sorted().map(quoted).joined(separator: ",")
        let filler = """
            {"chinese":[\(FillerWords.chinese.map(quoted).joined(separator: ","))],\
            "english":[\(FillerWords.english.sorted().map(quoted).joined(separator: ","))]}
            """
        let groups = "[" + synonyms.groups.map { "[" + $0.members.map(quoted).joined(separator: ",") + "]" }.joined(separator: ",") + "]"
        let shardCounts = shards.sorted { $0.key < $1.key }.map { "\(quoted($0.key)):\($0.value)" }.joined(separator: ",")
        let layoutJSON = layout.sorted { $0.key < $1.key }.map { "\(quoted($0.key)):\($0.value)" }.joined(separator: ",")
        return """
            {"format":\(format),"documentCount":\(statistics.documentCount),"maxDocument":\(maxDocument),\
            "averageFieldLengths":\(numbers(statistics.averageFieldLengths)),\
            "fields":[\(Field.allCases.map { quoted($0.name) }.joined(separator: ","))],\
            "categories":[\(Category.allCases.map { quoted($0.rawValue) }.joined(separator: ","))],\
            "answerCategories":["guide","cause","fix"],\
            "products":[\(Product.allCases.map { quoted($0.rawValue) }.joined(separator: ","))],\
            "documents":\(quoted(documentTable(documents, maxDocument: maxDocument))),\
            "parameters":\(parameters),"tiers":\(tiers),"engine":\(engine),"text":\(text),\
            "filler":\(filler),"synonyms":\(groups),"pinyinSyllables":[\(syllables)],\
            "shards":{\(shardCounts)},"wordLengths":\(numbers(wordLengths.map(Double.init))),"layout":{\(layoutJSON)}}
            """
    }

    /// One character per document number from 0: its category (index × 8) plus product bits, in the
    /// index alphabet; `.` for numbers no document has.
    static func documentTable(_ documents: [(number: Int, article: Article)], maxDocument: Int) -> String {
        var table = [UInt8](repeating: UInt8(ascii: "."), count: maxDocument + 1)
        for (number, article) in documents {
            let category = Category.allCases.firstIndex(of: article.category)!
            var products = 0
            for (bit, product) in Product.allCases.enumerated() where article.frontMatter.products.contains(product) {
                products |= 1 << bit
            }
            table[number] = IndexEncoding.alphabet[category * 8 + products]
        }
        return String(decoding: table, as: UTF8.self)
    }

    private static func numbers(_ values: [Double]) -> String {
        "[" + values.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : String($0) }.joined(separator: ",") + "]"
    }

    private static func ranges(_ ranges: [ClosedRange<UInt32>]) -> String {
        "[" + ranges.map { "[\($0.lowerBound),\($0.upperBound)]" }.joined(separator: ",") + "]"
    }
}
