import Foundation
import KBSearch
import KBText

/// Searches that found nothing (or only sound-alike matches), kept so editors can see what the
/// knowledge base is missing. One tab-separated line per search, appended with a single write so
/// concurrent searches never interleave: `time<TAB>results<TAB>tier<TAB>query`.
public struct GapLog: Sendable {
    /// Set to 1 (or any non-empty value other than 0) to stop recording.
    public static let optOutVariable = "KB_NO_GAPS_LOG"

    public let path: String

    /// The log lives beside the index (`.kb/gaps.log`).
    public init(indexPath: String) {
        path = (indexPath as NSString).deletingLastPathComponent + "/gaps.log"
    }

    public static func isDisabled(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard let value = environment[optOutVariable] else { return false }
        return !value.isEmpty && value != "0"
    }

    /// Whether a search belongs in the log: it found nothing, only sound-alike matches, or only
    /// weak ones.
    public static func isGap(_ response: SearchResponse) -> Bool {
        response.results.isEmpty || response.tier == .homophone || !response.confident
    }

    /// Records a search. Failures to write are ignored: a search must never fail because of its log.
    public func record(query: String, results: Int, tier: String, at date: Date = Date()) {
        let clean = query.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : String($0) }.joined()
        let line = "\(Int(date.timeIntervalSince1970))\t\(results)\t\(tier)\t\(clean.prefix(QueryParser.maxCharacters))\n"
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = line.utf8CString.withUnsafeBufferPointer { buffer in
            write(fd, buffer.baseAddress, buffer.count - 1)
        }
    }

    /// One missing topic: the searches that normalise to the same text.
    public struct Gap: Sendable, Equatable, Encodable {
        public var query: String
        public var count: Int
        public var lastSeen: Int
        /// True when every search found nothing at all (not even a sound-alike).
        public var neverAnswered: Bool

        enum CodingKeys: String, CodingKey {
            case query, count
            case lastSeen = "last_seen"
            case neverAnswered = "never_answered"
        }
    }

    /// The logged searches grouped by normalised text, most frequent first.
    public func gaps() -> [Gap] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        var byKey: [String: Gap] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count == 4, let time = Int(fields[0]), let results = Int(fields[1]) else { continue }
            let query = String(fields[3]).trimmingCharacters(in: .whitespaces)
            let key = Tokenizer.normalizedKey(query)
            guard !key.isEmpty else { continue }
            var gap = byKey[key] ?? Gap(query: query, count: 0, lastSeen: 0, neverAnswered: true)
            gap.count += 1
            gap.lastSeen = max(gap.lastSeen, time)
            gap.neverAnswered = gap.neverAnswered && results == 0
            byKey[key] = gap
        }
        return byKey.values.sorted { ($0.count, $0.lastSeen, $1.query) > ($1.count, $1.lastSeen, $0.query) }
    }

    public func clear() throws {
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
    }
}
