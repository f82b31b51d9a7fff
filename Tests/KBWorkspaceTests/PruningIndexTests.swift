import Foundation
import KBCore
import KBSearch
import KBTestSupport
import Testing
@testable import KBWorkspace

/// The SQLite index reads token counts for every matching document but field lengths only for the
/// documents the search scores (`IndexReader.tokenCounts`, `fieldLengths(of:)`). Searched that way,
/// a generated knowledge base must answer exactly as scoring every document does.
@Suite struct PruningIndexTests {
    static let common = ["到账", "交易", "刷卡", "钱", "商户", "机器", "成功", "没到", "怎么办", "打印"]
    static let rare = ["结算卡", "冻结", "信号", "维护", "打印纸", "小票", "退款", "电签", "扫码", "开户行", "网络", "屏幕",
                       "电池", "充电", "流量卡", "升级", "密码", "限额", "风控", "手续费", "POS", "terminal", "wifi"]
    static let filler = ["的", "了", "吗", "是", "在", "说", "一直", "今天", "顾客", "我"]

    /// The fixture knowledge base and 150 generated articles that share its common words.
    static func generatedBase() throws -> FixtureBase {
        let kb = try FixtureBase()
        var random = SeededRandom(seed: 42)
        let words = common + common + rare + filler
        let folders = ["guides": "guide", "causes": "cause", "fixes": "fix", "prevention": "prevention", "products": "product"]
        let products = ["e-sign", "traditional", "smart"]
        for i in 0..<150 {
            let (folder, category) = random.pick(folders.sorted { $0.key < $1.key })
            let symptoms = (0..<(1 + random.below(3))).map { _ in "  - " + random.text(words, 2...4) }.joined(separator: "\n")
            let sections = (0..<(1 + random.below(3))).map { _ in
                "## " + random.text(words, 1...3) + "\n\n" + random.text(words, 5...50)
            }.joined(separator: "\n\n")
            try kb.write("content/\(folder)/generated-\(i).md", """
                ---
                title: \(random.text(words, 2...6))\(i)
                category: \(category)
                products: [\(random.pick(products))]
                symptoms:
                \(symptoms)
                summary: \(random.text(words, 3...12))
                related: []
                tags: [\(random.pick(rare)), \(random.pick(common))]
                updated: 2026-10-08
                ---

                \(random.text(words, 3...40))

                \(sections)

                """)
        }
        try kb.build()
        return kb
    }

    @Test func theIndexAnswersAsScoringEveryDocument() throws {
        let kb = try Self.generatedBase()
        let service = try kb.service()
        let pruned = SearchEngine(index: service.reader, parameters: service.engine.parameters, exhaustive: false)
        let exhaustive = SearchEngine(index: service.reader, parameters: service.engine.parameters, exhaustive: true)
        var random = SeededRandom(seed: 7)
        let words = Self.common + Self.rare + Self.filler + ["倒账", "结算咔", "termnal", "dao zhang", "jiesuan", " "]
        let queries = ["钱不到账 顾客天天来投诉 咋整", "刷卡成功钱没到账", "冻结", "小票打不出来", "打印纸", "网络信号不好交易失败怎么办"]
            + (0..<120).map { _ in random.text(words, 1...9) }
        let filters = [SearchFilter(), SearchFilter(category: .cause), SearchFilter(product: .smart)]
        var compared = 0
        for (i, query) in queries.enumerated() {
            let options = SearchOptions(limit: 40, filter: filters[i % filters.count])
            // Each engine on its own reader state: a homophone follow-up reuses the last counts.
            let a = try pruned.search(query, options: options)
            let b = try exhaustive.search(query, options: options)
            #expect(a.results.map(\.record.id) == b.results.map(\.record.id), "\(query)")
            #expect(a.results.map(\.score) == b.results.map(\.score), "\(query)")
            #expect(a.total == b.total && a.confident == b.confident && a.tier == b.tier && a.plan == b.plan, "\(query)")
            compared += a.results.count
        }
        #expect(compared > 500, "the queries must find something to compare")
    }

    /// The lengths read from FTS5's docsize table are those FTS5 reports to `kb_hits`.
    @Test func fieldLengthsAreThoseOfTheHits() throws {
        let kb = try Self.generatedBase()
        let reader = try kb.service().reader
        let tokens = ["到账", "交易", "钱", "冻结"]
        let hits = try reader.hits(for: tokens, filter: SearchFilter())
        let counts = try reader.tokenCounts(for: tokens, filter: SearchFilter())
        #expect(hits.documents.count > 100)
        #expect(counts.documents == hits.documents.map(\.document))
        #expect(counts.frequencies == hits.documents.flatMap(\.frequencies))
        #expect(counts.statistics == hits.statistics)
        for document in hits.documents {
            #expect(try reader.fieldLengths(of: document.document) == document.fieldLengths)
        }
        // A follow-up with more tokens merges the new ones into the last counts.
        let more = tokens + ["倒账", "信号"]
        let merged = try reader.tokenCounts(for: more, filter: SearchFilter())
        let direct = try kb.service().reader.tokenCounts(for: more, filter: SearchFilter())
        #expect(merged.documents == direct.documents && merged.frequencies == direct.frequencies && merged.statistics == direct.statistics)
    }
}
