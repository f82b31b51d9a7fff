import Foundation
import KBCore
import KBSearch
import KBText
import PropertyBased
import Testing
@testable import KBIndex

/// Every run of two or more ideographs cut from an indexed document finds that document, through
/// the index alone and through the whole search (parsing, filler, planning, ranking cuts).
@Suite struct SubstringPropertyTests {
    static let scale = Int(ProcessInfo.processInfo.environment["KB_PROPERTY_SCALE"] ?? "") ?? 1

    /// A small alphabet, so documents share many bigrams; filler (的了吗我), a folded variant (帐)
    /// and characters of the real content.
    static let alphabet = Array("信号不好钱没到账刷卡成功结算冻网络的了吗我机器帐户行款")

    /// Three to six documents of 5 to 40 characters, with a few punctuation breaks.
    static let documents = Gen<Int>.int(in: 0...(alphabet.count + 2)).array(of: 5...40).array(of: 3...6).map { docs in
        docs.map { codes in String(codes.map { $0 < alphabet.count ? alphabet[$0] : ($0 == alphabet.count ? "，" : "。") }) }
    }

    static let picks = Gen<Int>.int(in: 0...1_000_000).array(of: 12)

    /// Articles that make an index a few pages longer.
    static let padding = (0..<20).map { Articles.entry("fixes/pad-\($0)", title: "填充\($0)", body: String(repeating: "补充说明。", count: 80)) }

    @Test func everyIdeographSubstringFindsItsDocument() async throws {
        await propertyCheck(count: 40 * max(1, Self.scale), input: Self.documents, Self.picks) { texts, picks in
            let folder = try IndexFolder()
            let entries = texts.enumerated().map { index, text in
                Articles.entry("fixes/doc-\(index)", title: "标题\(index)", body: text)
            }
            try folder.write(entries, full: true)
            let reader = try folder.reader()
            let engine = SearchEngine(index: reader)
            for pick in stride(from: 0, to: picks.count, by: 3) {
                let document = picks[pick] % texts.count
                // Runs of ideographs in the document (punctuation separates them).
                let runs = texts[document].split(whereSeparator: { $0 == "，" || $0 == "。" }).map(Array.init).filter { $0.count >= 2 }
                guard !runs.isEmpty else { continue }
                let run = runs[picks[pick + 1] % runs.count]
                let length = 2 + picks[pick + 2] % (run.count - 1)
                let start = picks[pick + 2] / 7 % (run.count - length + 1)
                let substring = String(run[start..<(start + length)])
                let id = ArticleID("fixes/doc-\(document)")

                let tokens = Tokenizer(mode: .query).terms(substring)
                let hits = try reader.hits(for: tokens, filter: SearchFilter())
                let docOfID = try reader.records(ids: [id]).first?.document
                #expect(hits.documents.contains { $0.document == docOfID }, "index: \(substring) in \(texts[document])")

                let response = try engine.search(substring, options: SearchOptions(limit: 1000))
                #expect(response.results.contains { $0.record.id == id },
                        "search: \(substring) in \(texts[document]) → \(response.results.map(\.record.id))")
            }
        }
    }
}
