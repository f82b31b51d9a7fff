import Foundation
import KBCore
@testable import KBSearch
import KBText
import KBTestSupport
import Testing

/// The search skips documents whose score bound cannot reach the first results (`SearchEngine.pruned`).
/// It must answer exactly as scoring every document does: same articles, order, scores, totals.
@Suite struct PruningTests {
    /// Words of the knowledge base's kind: common ones (到账, 交易) that most documents share, the
    /// way long colloquial queries touch almost every article, and rarer ones.
    static let common = ["到账", "交易", "刷卡", "钱", "商户", "机器", "成功", "没到", "怎么办", "查询"]
    static let rare = ["结算卡", "冻结", "信号", "维护", "打印纸", "小票", "退款", "电签", "扫码", "开户行", "网络", "屏幕",
                       "电池", "充电", "流量卡", "升级", "密码", "限额", "风控", "手续费", "POS", "terminal", "wifi"]
    static let filler = ["的", "了", "吗", "是", "在", "说", "一直", "今天", "顾客", "我"]

    static func corpus(seed: UInt64, size: Int) -> MemoryIndex {
        var random = SeededRandom(seed: seed)
        let categories: [Category] = [.guide, .cause, .fix, .prevention, .product]
        let words = common + common + rare + filler
        let documents = (0..<size).map { i -> MemoryIndex.Document in
            let sections = (0..<(1 + random.below(4))).map { s -> (heading: String?, text: String) in
                (s == 0 ? nil : random.text(words, 1...3), random.text(words, 5...60))
            }
            return MemoryIndex.Document(
                id: ArticleID("\(random.pick(categories).rawValue)s/doc-\(i)"), category: random.pick(categories),
                title: random.text(words, 2...6), symptoms: (0..<random.below(3)).map { _ in random.text(words, 2...4) },
                tags: (0..<random.below(4)).map { _ in random.pick(rare + common) }, summary: random.text(words, 0...12),
                sections: sections)
        }
        return MemoryIndex(documents, synonyms: [["不到账", "没到账", "钱没到"], ["POS", "pos机", "机器", "terminal"], ["冻结", "冻住"]])
    }

    static func queries(seed: UInt64, count: Int) -> [String] {
        var random = SeededRandom(seed: seed)
        // Typos and sound-alikes (倒账) reach the homophone and typo tiers.
        let words = common + rare + filler + ["倒账", "结算咔", "termnal", "dao zhang", "jiesuan", " "]
        return (0..<count).map { _ in random.text(words, 1...9) }
    }

    static func expectSame(_ pruned: SearchResponse, _ exhaustive: SearchResponse, _ label: String,
                           sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(pruned.results.map(\.record.id) == exhaustive.results.map(\.record.id), "\(label)", sourceLocation: sourceLocation)
        #expect(pruned.results.map(\.score) == exhaustive.results.map(\.score), "\(label)", sourceLocation: sourceLocation)
        #expect(pruned.results.map(\.section.index) == exhaustive.results.map(\.section.index), "\(label)", sourceLocation: sourceLocation)
        #expect(pruned.total == exhaustive.total && pruned.confident == exhaustive.confident && pruned.tier == exhaustive.tier
                    && pruned.didYouMean == exhaustive.didYouMean && pruned.plan == exhaustive.plan, "\(label)",
                sourceLocation: sourceLocation)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func prunedSearchAnswersAsScoringEveryDocument(seed: UInt64) throws {
        let index = Self.corpus(seed: seed, size: 120)
        let pruned = SearchEngine(index: index)
        let exhaustive = SearchEngine(index: index, parameters: .standard, exhaustive: true)
        let filters = [SearchFilter(), SearchFilter(category: .cause), SearchFilter(category: .fix)]
        for (i, query) in Self.queries(seed: seed &+ 100, count: 150).enumerated() {
            for limit in [10, 40] {
                let options = SearchOptions(limit: limit, filter: filters[i % filters.count])
                Self.expectSame(try pruned.search(query, options: options), try exhaustive.search(query, options: options),
                                "seed \(seed), \(query), limit \(limit)")
            }
        }
    }

    /// The bound holds for every document: never below the exact first-pass score.
    @Test func theBoundIsNeverBelowTheScore() throws {
        let index = Self.corpus(seed: 7, size: 80)
        let ranker = Ranker(parameters: .standard)
        let planner = QueryPlanner(synonyms: index.synonyms)
        var prunable = 0
        for query in Self.queries(seed: 8, count: 200) {
            let plan = try planner.plan(QueryParser(synonyms: index.synonyms).parse(query), vocabulary: index, homophones: true)
            let hits = try index.hits(for: plan.tokens, filter: SearchFilter())
            let counts = TokenCounts(hits, tokenCount: plan.tokens.count)
            let importance = ranker.importance(of: plan, counts: counts)
            #expect(importance == ranker.importance(of: plan, hits: hits.documents), "\(query)")
            guard let bound = Ranker.ScoreBound(ranker: ranker, plan: plan, importance: importance) else { continue }
            let scores = hits.documents.map { ranker.score($0, plan: plan, importance: importance, statistics: hits.statistics) }
            let last = SearchEngine.top(SearchEngine.rerankDepth, of: scores).last
            counts.frequencies.withUnsafeBufferPointer { frequencies in
                for (d, score) in scores.enumerated() {
                    let bound = bound.bound(frequencies, at: d * counts.stride)
                    #expect(bound >= score.score, "\(query): document \(score.document)")
                    if scores.count > SearchEngine.rerankDepth, let last, bound < last.score { prunable += 1 }
                }
            }
        }
        // The bound is tight enough to leave documents out.
        #expect(prunable > 1000)
    }

    /// The best scores are a set under a total order: the same whatever order they come in.
    @Test func theTopScoresDoNotDependOnArrivalOrder() {
        var random = SeededRandom(seed: 11)
        let scores = (0..<300).map { d in
            DocumentScore(document: Int64(d), score: Double(random.below(20)) / 4, coverage: 0, relevance: 0, matches: [])
        }
        let reference = SearchEngine.top(24, of: scores)
        for _ in 0..<20 {
            var shuffled = scores
            for i in shuffled.indices.reversed() { shuffled.swapAt(i, random.below(i + 1)) }
            #expect(SearchEngine.top(24, of: shuffled) == reference)
        }
        #expect(reference == scores.sorted { ($0.score, $1.document) > ($1.score, $0.document) }.prefix(24).map { $0 })
    }

    /// Parameters that would make the bound unsound (tuning overrides) turn pruning off.
    @Test func unsoundParametersScoreEveryDocument() {
        var parameters = RankingParameters.standard
        parameters.lengthNormalization[5] = 1
        let plan = QueryPlan(query: "到账", concepts: [Concept(label: "到账", weight: 1, alternatives: [
            Alternative(tokens: [0], tier: .exact, label: "到账")], firstUnit: 0)],
                             tokens: ["到账"], documentFrequencies: [3], documentCount: 10)
        #expect(Ranker.ScoreBound(ranker: Ranker(parameters: parameters), plan: plan, importance: [1]) == nil)
        #expect(Ranker.ScoreBound(ranker: Ranker(parameters: .standard), plan: plan, importance: [1]) != nil)
        parameters = .standard
        parameters.fieldWeights[0] = -1
        #expect(Ranker.ScoreBound(ranker: Ranker(parameters: parameters), plan: plan, importance: [1]) == nil)
    }
}
