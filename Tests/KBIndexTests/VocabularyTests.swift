import Foundation
import KBCore
import KBSearch
import KBText
import Testing
@testable import KBIndex

/// Deterministic articles built from a small vocabulary, so that terms repeat across documents.
private enum Corpus {
    static let words = ["刷卡", "到账", "结算卡", "冻结", "信号", "网络", "POS机", "Wi-Fi", "4G", "商户", "客服",
                        "重启", "维护", "风控", "T+1", "退款", "小票", "电签", "金额", "银行"]

    static func text(_ seed: Int, _ count: Int) -> String {
        (0..<count).map { words[(seed * 7 + $0 * ($0 + seed % 5 + 1)) % words.count] }
            .joined(separator: seed % 2 == 0 ? "" : "，")
    }

    static func article(_ n: Int, revision: Int = 0) -> IndexEntry {
        let seed = n * 3 + revision * 11
        let sections = (0...(n % 3 + 1)).map { i in
            Section(index: i, heading: i == 0 ? nil : text(seed + i, 2), level: i == 0 ? 0 : 2,
                    anchor: i == 0 ? nil : "s\(i)", text: text(seed + i * 5, 8 + i), line: i * 3 + 5)
        }
        let frontMatter = FrontMatter(
            title: text(seed, 3), category: .cause, products: [.smart],
            symptoms: [text(seed + 1, 2), text(seed + 2, 3)], summary: text(seed + 3, 5),
            tags: n % 2 == 0 ? [words[n % words.count]] : [], updated: Day(year: 2025, month: 1, day: 1)!)
        let article = Article(id: ArticleID("causes/a-\(n)"), sourcePath: "content/causes/a-\(n).md",
                              contentHash: "hash-\(n)-\(revision)", frontMatter: frontMatter,
                              sections: sections, links: [])
        return IndexEntry(article: article, fileSize: 100 + n, fileModified: Int64(n))
    }
}

private func temporaryIndex() -> String {
    NSTemporaryDirectory() + "kb-vocabulary-\(UUID().uuidString)/index.sqlite"
}

/// The stored vocabulary and the one FTS5 counts from its doclists.
private func vocabularies(_ path: String) throws -> (stored: [String: Int64], counted: [String: Int64]) {
    let connection = try Connection(path: path, mode: .readOnly)
    try FTS5Bridge.register(on: connection)
    var stored: [String: Int64] = [:]
    var counted: [String: Int64] = [:]
    try connection.prepare(VocabularyColumn.select([.term, .documents])).forEachRow { stored[$0.text(.term)] = $0.int(.documents) }
    try connection.prepare(Selected([FTSVocabulary.term, .documents], "FROM fts_vocab WHERE doc > 0"))
        .forEachRow { counted[$0.text(.term)] = $0.int(.documents) }
    return (stored, counted)
}

/// A row of `fts_vocab`: a term and the number of documents containing it (its `doc` column).
private enum FTSVocabulary: ResultColumn {
    case term, documents
    var expression: String { self == .term ? "term" : "doc" }
    var type: ColumnType { self == .term ? .text : .integer }
}

@Suite struct VocabularyTests {
    @Test func coldBuildStoresFTS5sDocumentCounts() throws {
        let path = temporaryIndex()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        _ = try IndexWriter.write((0..<30).map { Corpus.article($0) }, synonyms: .empty, to: path)
        let (stored, counted) = try vocabularies(path)
        #expect(!stored.isEmpty)
        #expect(stored == counted)
    }

    @Test func incrementalBuildsKeepTheCountsExact() throws {
        let path = temporaryIndex()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        var entries = (0..<30).map { Corpus.article($0) }
        _ = try IndexWriter.write(entries, synonyms: .empty, to: path)

        // Three edited, two deleted, two added.
        for n in [3, 8, 21] { entries[n] = Corpus.article(n, revision: 1) }
        entries.removeAll { ["causes/a-5", "causes/a-17"].contains($0.article.id.rawValue) }
        entries += [Corpus.article(40), Corpus.article(41)]
        let update = try IndexWriter.write(entries, synonyms: .empty, to: path)
        #expect(update.incremental)
        #expect(update.updated.count == 3 && update.removed.count == 2 && update.added.count == 2)
        let (stored, counted) = try vocabularies(path)
        #expect(stored == counted)

        // Deleting everything that held a term removes the term.
        _ = try IndexWriter.write(Array(entries.prefix(2)), synonyms: .empty, to: path)
        let (after, afterCounted) = try vocabularies(path)
        #expect(after == afterCounted)
        #expect(after.count < stored.count)
    }

    @Test func hitsCountEachTokenPerField() throws {
        let path = temporaryIndex()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let entries = (0..<12).map { Corpus.article($0) }
        _ = try IndexWriter.write(entries, synonyms: .empty, to: path)
        let reader = try IndexReader(path: path)
        let tokens = ["到账", "冻结", "pos", "wifi", "卡", "不存在的词"]
        let hits = try reader.hits(for: tokens, filter: SearchFilter())
        #expect(hits.documents.count == entries.count)
        let tokenizer = Tokenizer(mode: .document)
        // Documents are numbered in id order.
        let byID = entries.sorted { $0.article.id < $1.article.id }
        for (document, entry) in zip(hits.documents.sorted { $0.document < $1.document }, byID) {
            let fm = entry.article.frontMatter
            let fields = [fm.title, fm.symptoms.joined(separator: "\n"), fm.tags.joined(separator: "\n"), fm.summary,
                          entry.article.sections.compactMap(\.heading).joined(separator: "\n"),
                          entry.article.sections.map(\.text).joined(separator: "\n")]
            for (t, token) in tokens.enumerated() {
                for (f, text) in fields.enumerated() {
                    let expected = tokenizer.tokens(text).filter { $0.text == token }.count
                    #expect(Int(document.frequencies[t * fields.count + f]) == expected, "\(token) in field \(f)")
                }
            }
            #expect(document.fieldLengths == fields.map { tokenizer.tokens($0).filter { !$0.colocated }.count })
        }
    }

    @Test func aFollowUpQueryForMoreTokensEqualsOneQueryForAll() throws {
        let path = temporaryIndex()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        _ = try IndexWriter.write((0..<20).map { Corpus.article($0) }, synonyms: .empty, to: path)
        let all = ["冻结", "到账", "信号", "pos", "退款"]
        let reader = try IndexReader(path: path)
        let first = try reader.hits(for: ["到账", "冻结"], filter: SearchFilter())
        let again = try reader.hits(for: ["到账", "冻结"], filter: SearchFilter())
        let followUp = try reader.hits(for: all, filter: SearchFilter())
        let direct = try IndexReader(path: path).hits(for: all, filter: SearchFilter())
        func rows(_ set: HitSet) -> [String] {
            set.documents.map { "\($0.document) \($0.fieldLengths) \($0.frequencies)" }
        }
        #expect(!first.documents.isEmpty)
        #expect(rows(again) == rows(first))
        #expect(rows(followUp) == rows(direct))
        #expect(followUp.statistics == direct.statistics)
        #expect(first.statistics == direct.statistics)
        // Each query of a statement starts afresh (the totals come with its first row again).
        let fresh = try IndexReader(path: path)
        _ = try fresh.hits(for: ["信号"], filter: SearchFilter())
        #expect(try fresh.hits(for: ["冻结"], filter: SearchFilter()).statistics == direct.statistics)
    }
}
