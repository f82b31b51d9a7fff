import Foundation
import KBSearch

/// How the browser index is cut into files. Every number here decides how many bytes a query loads
/// and how many files one edited article rewrites; `meta.js` tells `search-index.js` what it needs.
enum IndexLayout {
    /// Bumped when the layout of the generated index changes; `search-text.js` refuses other versions.
    static let format = 4

    /// Terms in at most this many documents keep their postings inline in their term shard.
    static let inlineLimit = 32
    /// A frequent term's postings are grouped by impact (BM25F's saturated term frequency) into
    /// bands: band i holds postings whose impact is at least `bandFloors[i]` (and below the floor of
    /// band i - 1); the last band holds the rest. A query reads the best bands first and stops
    /// when what is left cannot change its top results. Fixed floors (not ranks) keep a posting in
    /// its band when other documents change, so an edit rewrites only the bands it touches.
    static let bandFloors: [Double] = [0.9, 0.8, 0.7, 0.6, 0.5]
    /// Bands are grouped until a group has this many postings, so that a term has few files.
    static let minimumGroup = 64
    /// The first group sits in the head when it has at most this many postings: a small head is
    /// read by every query holding the term.
    static let inlineGroupLimit = 96
    /// A group with more postings than this is split into parts by document number
    /// (`document >> partShift`), so that one edited article rewrites a part, not the whole group.
    static let partThreshold = 1_024
    static let partShift = 11

    /// Bytes aimed at per shard: term shards are read by every query (a few per query word);
    /// pinyin shards only by pinyin and sound-alike lookups; lexicon and reading shards once per
    /// character of the query.
    static let termShardTarget = 512
    static let pinyinShardTarget = 4_096
    static let lexiconShardTarget = 512
    static let readingShardTarget = 512
    /// Query model shards are read once per search, one per character of the query (its
    /// characters and the pairs they start share a shard).
    static let modelShardTarget = 1_024
    static let maxShards = 16_384

    /// Average field lengths are rounded up to steps of 1/`averageSteps` of a doubling before bands
    /// are assigned: a band depends on the collection only through these rounded averages, which
    /// one edit almost never moves. Rounding up keeps each band's ceiling an upper bound of the
    /// impact the browser computes with the exact averages (a longer average never lowers impact).
    static let averageSteps = 16.0

    /// The shard count for `bytes` of entries: a power of two.
    static func shardCount(bytes: Int, target: Int) -> Int {
        var count = 1
        while count < maxShards && bytes / count > target { count *= 2 }
        return count
    }

    /// The band of an impact.
    static func band(of impact: Double) -> Int {
        bandFloors.firstIndex { impact >= $0 } ?? bandFloors.count
    }

    static func layoutAverages(_ averages: [Double]) -> [Double] {
        averages.map { average in
            let value = max(average, 1)
            return exp2((log2(value) * averageSteps).rounded(.up) / averageSteps)
        }
    }
}

/// The collection's numbers: document count and total field lengths (integers, so that an
/// incremental build computes exactly what a full one does), the averages BM25 uses, and the
/// rounded averages bands are assigned with.
struct CollectionLengths: Equatable, Codable {
    var documentCount: Int
    var totals: [Int]

    var statistics: CollectionStatistics {
        let rows = Double(max(documentCount, 1))
        return CollectionStatistics(documentCount: documentCount, averageFieldLengths: totals.map { Double($0) / rows })
    }

    var layoutStatistics: CollectionStatistics {
        CollectionStatistics(documentCount: documentCount,
                             averageFieldLengths: IndexLayout.layoutAverages(statistics.averageFieldLengths))
    }
}

/// Assigns postings to bands and parts under fixed layout statistics.
struct BandAssigner {
    let statistics: CollectionStatistics
    let ranker = Ranker(parameters: .standard)

    func band(of posting: Posting) -> Int {
        IndexLayout.band(of: ranker.saturation(frequency: { Int(posting.counts[$0]) }, length: { Int(posting.lengths[$0]) },
                                               statistics: statistics))
    }

    static func part(of document: Int) -> Int { document >> IndexLayout.partShift }
}
