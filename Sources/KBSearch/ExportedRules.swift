/// Constants of query planning and ranking that the browser search must share with `kb search`.
/// Exposed as data for the generated index; reading them changes nothing.
public enum SearchRules {
    /// Documents re-ranked with section evidence after the first scoring pass.
    public static var rerankDepth: Int { SearchEngine.rerankDepth }
    /// Alternatives kept per pinyin key, homophone or typo.
    public static var alternativesPerLookup: Int { QueryPlanner.alternativesPerLookup }
    /// Weight of a lone character among other concepts.
    public static var loneCharacterWeight: Double { QueryPlanner.loneCharacterWeight }
}

extension Ranker {
    /// BM25F's saturated term frequency of one token given its count per field and the document's
    /// field lengths (both in `Field` order): the same number `score` uses.
    public func saturation(frequencies: [Int], fieldLengths: [Int], statistics: CollectionStatistics) -> Double {
        let hits = DocumentHits(document: 0, fieldLengths: fieldLengths, frequencies: frequencies.map { UInt16(clamping: $0) })
        return saturated(hits, token: 0, statistics: statistics)
    }
}
