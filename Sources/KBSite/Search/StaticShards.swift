import KBCore
import KBText

/// Tables that come from the Swift sources, not from the content: the general-Chinese lexicon
/// (`x/N.js`, by a word's first character) and the pinyin readings (`r/N.js`, by character).
/// A query loads only the shards of its own characters; the files change only with kb itself.
struct StaticShards {
    /// Shard files (name → JSON) and how many shards each table has.
    var files: [(name: String, json: String)] = []
    var counts: [String: Int] = [:]
    /// Digest of the tables, so that an unchanged build skips rendering them.
    var fingerprint: String { Self.fingerprint }

    /// The digest alone, without building the shards: a build that finds the files of the same
    /// tables in place (and their counts in the last build's state) never builds them.
    static let fingerprint = ContentHash.hex(of: TextRules.lexiconSource + "\u{0}" + TextRules.pinyinSource
        + "\u{0}\(IndexLayout.format)/\(IndexLayout.lexiconShardTarget)/\(IndexLayout.readingShardTarget)")

    static let shared = StaticShards()

    private init() {
        let lexicon = Self.lexiconEntries()
        let readings = Self.readingEntries()
        for (prefix, entries, target) in [("x", lexicon, IndexLayout.lexiconShardTarget), ("r", readings, IndexLayout.readingShardTarget)] {
            let (count, shards) = ShardedTable.shard(entries, target: target)
            counts[prefix] = count
            files += shards.enumerated().map { ("\(prefix)/\($0.offset)", $0.element) }
        }
    }

    /// First character → the words starting with it, `rest class[n]` joined by spaces, in the
    /// lexicon's order.
    static func lexiconEntries() -> [(key: String, value: String)] {
        var entries: [(String, String)] = []
        var current: String?
        var words: [Substring] = []
        func flush() {
            if let current { entries.append((current, quoted(words.joined(separator: " ")))) }
        }
        for line in TextRules.lexiconSource.split(separator: "\n") {
            guard let first = line.unicodeScalars.first else { continue }
            let key = String(first)
            if key != current {
                flush()
                current = key
                words = []
            }
            // `word class[n]` → `rest` + `class[n]`, the first character dropped.
            let rest = String(String.UnicodeScalarView(line.unicodeScalars.dropFirst()))
            words.append(Substring(rest.replacingOccurrences(of: " ", with: "")))
        }
        flush()
        return entries
    }

    /// Character → its readings, comma-separated, in the table's order.
    static func readingEntries() -> [(key: String, value: String)] {
        var readings: [String: [String]] = [:]
        var order: [String] = []
        for line in TextRules.pinyinSource.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let syllable = String(line[..<colon])
            for scalar in line[line.index(after: colon)...].unicodeScalars {
                let key = String(scalar)
                if readings[key] == nil { order.append(key) }
                readings[key, default: []].append(syllable)
            }
        }
        return order.sorted(by: utf8Less).map { ($0, quoted(readings[$0]!.joined(separator: ","))) }
    }
}

/// Hash-sharded `{key: value}` objects, keys in UTF-8 order within a shard.
enum ShardedTable {
    /// The shard count for these entries and each shard's JSON. An entry goes to the shard of
    /// `shardKey(key)` (its key itself unless told otherwise).
    static func shard(_ entries: [(key: String, value: String)], target: Int,
                      shardKey: (String) -> String = { $0 }) -> (count: Int, shards: [String]) {
        let count = IndexLayout.shardCount(bytes: entryBytes(entries), target: target)
        var members = [[(String, String)]](repeating: [], count: count)
        for entry in entries { members[ShardHash.shard(shardKey(entry.key), count: count)].append(entry) }
        return (count, members.map { json($0) })
    }

    /// Bytes an entry adds to its shard, as `shardCount` counts them.
    static func entryBytes(key: String, value: String) -> Int { key.utf8.count + value.utf8.count + 4 }

    static func entryBytes(_ entries: [(key: String, value: String)]) -> Int {
        entries.reduce(0) { $0 + entryBytes(key: $1.key, value: $1.value) }
    }

    /// `{"key":value,…}` with the keys in UTF-8 order.
    static func json(_ entries: [(key: String, value: String)]) -> String {
        "{" + entries.sorted { utf8Less($0.key, $1.key) }.map { quoted($0.key) + ":" + $0.value }.joined(separator: ",") + "}"
    }
}
