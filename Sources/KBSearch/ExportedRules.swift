import KBCore

/// Constants of query planning and ranking that the browser search must share with `kb search`.
/// Exposed as data for the generated index; reading them changes nothing. (`RankingParameters`,
/// `MatchTier.weight` and `FillerWords` are public already.)
public enum SearchRules {
    /// The numbers of `QueryParser`, `QueryPlanner`, `SearchEngine` and `SnippetBuilder`, by name.
    public static var engine: [String: Double] {
        [
            "maxQueryCharacters": Double(QueryParser.maxCharacters),
            "alternativesPerLookup": Double(QueryPlanner.alternativesPerLookup),
            "loneCharacterWeight": QueryPlanner.loneCharacterWeight,
            "entityWeight": QueryPlanner.entityWeight,
            "commonTermShare": QueryPlanner.commonTermShare,
            "unknownWordCharacterWeight": QueryPlanner.unknownWordCharacterWeight,
            "unknownWordWeight": QueryPlanner.unknownWordWeight,
            "minimumTypoLength": Double(QueryPlanner.minimumTypoLength),
            "homophoneReadings": Double(QueryPlanner.homophoneReadings),
            "pinyinLookupSlack": Double(QueryPlanner.pinyinLookupSlack),
            "rerankDepth": Double(SearchEngine.rerankDepth),
            "weakCoverage": SearchEngine.weakCoverage,
            "homophoneMargin": SearchEngine.homophoneMargin,
            "titleContainsMinimum": Double(SearchEngine.titleContainsMinimum),
            "titleSubjectShare": SearchEngine.titleSubjectShare,
            "generalNameShare": SearchEngine.generalNameShare,
            "sectionTieMargin": SearchEngine.sectionTieMargin,
            "snippetMaxScalars": Double(SnippetBuilder.maxScalars),
            "snippetLeadingContext": Double(SnippetBuilder.leadingContext),
            "snippetSentenceLookBack": Double(SnippetBuilder.sentenceLookBack),
        ]
    }

    /// Categories whose articles earn the answer bonus.
    public static var answerCategories: [Category] { SearchEngine.answerCategories }
    /// Terms kept per pinyin key by an index: as many as a lookup asks for.
    public static var pinyinTermsPerKey: Int { QueryPlanner.alternativesPerLookup + QueryPlanner.pinyinLookupSlack }
    /// Readings per bigram an index records for pinyin lookups.
    public static var homophoneReadings: Int { QueryPlanner.homophoneReadings }
}

extension Ranker {
    /// BM25F's saturated term frequency of one token given its count per field and the document's
    /// field lengths (by `Field` index): the same number `score` uses.
    public func saturation(frequency: (Int) -> Int, length: (Int) -> Int, statistics: CollectionStatistics) -> Double {
        saturated(frequency: frequency, length: length, statistics: statistics)
    }
}
