import Foundation
import KBCore
@testable import KBSearch
import KBText
import Testing

private let documents: [MemoryIndex.Document] = [
    .init(id: "guides/not-credited", category: .guide, title: "刷卡成功但钱没到账的排查指南",
          symptoms: ["钱没到", "刷卡成功没到账"], summary: "交易成功钱却没进结算账户时，按顺序排查。",
          sections: [(nil, "先确认交易成功，再查结算周期、网络和结算账户。")]),
    .init(id: "causes/settlement-cycle", category: .cause, title: "还没到结算时间导致钱没到账",
          symptoms: ["钱没到账", "晚上刷的钱没到"], summary: "按结算周期打款，不是马上到账。",
          sections: [(nil, "周末和节假日的交易顺延到工作日结算，钱没到账先看结算周期。")]),
]

/// A model that learned that 多久 and 几天 ask about the settlement cycle (weighted heavily, so that
/// it decides between the two articles the words find about equally).
private let model = QueryModel(
    articles: ["causes/settlement-cycle", "guides/not-credited", "causes/deleted"],
    totals: [6, 4, 1],
    features: ["多久": [(0, 3)], "几天": [(0, 2)], "到账": [(0, 1), (1, 3)], "pos": [(1, 1)]],
    alpha: 0.1, weight: 5, tempering: 0.5)

@Suite struct QueryModelTests {
    @Test func featuresAreIdeographsTheirAdjacentPairsAndWords() {
        // 帐 folds to 账 as in the index; 户 and 冻 are not adjacent (a space), nor are 结 and 机.
        let features = QueryModel.features(of: Tokenizer.units(of: "帐户 冻结POS机"))
        #expect(features == ["账", "户", "冻", "结", "机", "账户", "冻结", "pos"])
    }

    @Test func thePosteriorSumsToOneAndFollowsTheCounts() {
        let posterior = model.posterior(["多久", "到账"])
        #expect(abs(posterior.values.reduce(0, +) - 1) < 1e-12)
        #expect(posterior.count == 3)
        #expect(posterior.max { $0.value < $1.value }?.key == "causes/settlement-cycle")
        // An article the model knows keeps its share even when the content lacks it.
        #expect(posterior["causes/deleted"]! > 0)
    }

    @Test func aQueryOfUnseenFeaturesGetsNoOpinion() {
        #expect(model.posterior(["结算", "冻结"]).isEmpty)
        #expect(model.posterior([]).isEmpty)
    }

    @Test func theModelReordersWhatTheWordsFound() throws {
        let query = "刷卡钱没到账要几天"
        let plain = try SearchEngine(index: MemoryIndex(documents)).search(query)
        let learned = try SearchEngine(index: MemoryIndex(documents, queryModel: model)).search(query)
        #expect(plain.results.first?.record.id == "guides/not-credited")
        #expect(learned.results.first?.record.id == "causes/settlement-cycle")
        // The bonus is the weight times the posterior, on top of the category bonuses.
        let posterior = model.posterior(QueryModel.features(of: Tokenizer.units(of: query)))
        for result in learned.results {
            let before = try #require(plain.results.first { $0.record.id == result.record.id })
            #expect(abs(result.score.bonus - before.score.bonus - model.weight * posterior[result.record.id]!) < 1e-12)
        }
        // It only reorders: the same articles pass the cut.
        #expect(Set(plain.results.map(\.record.id)) == Set(learned.results.map(\.record.id)))
    }

    @Test func theNoAnswerClassDoubtsAndLeavesTheArticlesTheirShares() {
        let withNone = QueryModel(
            articles: ["causes/settlement-cycle", "guides/not-credited", QueryModel.noAnswer], totals: [6, 4, 5],
            features: ["多久": [(0, 3)], "到账": [(0, 1), (1, 3)], "费率": [(2, 4)], "手续": [(2, 3)]],
            alpha: 0.1, weight: 1, tempering: 0.5, noAnswerThreshold: 0.35)
        let fee = withNone.opinion(["费率", "手续"])
        #expect(fee.doubtsAnyAnswer)
        #expect(fee.bonus[QueryModel.noAnswer] == nil)
        // The articles share what the no-answer class leaves: their bonuses still sum to the weight.
        #expect(abs(fee.bonus.values.reduce(0, +) - 1) < 1e-12)
        let time = withNone.opinion(["多久", "到账"])
        #expect(!time.doubtsAnyAnswer)
        #expect(time.bonus.max { $0.value < $1.value }?.key == "causes/settlement-cycle")
    }

    @Test func anArticleTheModelPutsFirstDoesNotEmptyAnAnswerAnotherCovers() throws {
        // The model leans to the risk-control article, which shares only 交易 with the query; the
        // account article covers it. The answer is not "nothing" because the first covers little.
        let documents: [MemoryIndex.Document] = [
            .init(id: "fixes/verify-account", category: .fix, title: "核对结算账户",
                  sections: [(nil, "结算卡冻结或销户以后，交易的钱进不了结算账户。")]),
            .init(id: "causes/risk-control", category: .cause, title: "交易被风控",
                  sections: [(nil, "大额交易会被风控，钱会晚到。")]),
        ]
        let model = QueryModel(articles: ["fixes/verify-account", "causes/risk-control"], totals: [1, 40],
                               features: ["冻": [(1, 40)], "冻结": [(1, 40)], "结算": [(1, 40)]],
                               alpha: 0.1, weight: 3, tempering: 0.5)
        let engine = SearchEngine(index: MemoryIndex(documents, queryModel: model))
        let response = try engine.search("结算卡冻结了交易")
        #expect(response.results.map(\.record.id.rawValue).contains("fixes/verify-account"), "\(response.results.map(\.record.id))")
        #expect(response.results.contains { $0.score.coverage >= RankingParameters.standard.minimumCoverage })
    }

    @Test func anUnknownWordIsTheSubjectOnlyWhenTheModelAlsoDoubts() throws {
        // 优点 occurs in no article. Alone it proves nothing: 电签pos机有哪些优点 is about the product.
        let documents: [MemoryIndex.Document] = [
            .init(id: "products/e-sign", category: .product, title: "电签pos机介绍",
                  summary: "电签pos机小巧，支持扫码和刷卡。", sections: [(nil, "电签pos机用电子签名代替纸上签字，支持扫码和刷卡。")]),
            .init(id: "causes/settlement-cycle", category: .cause, title: "还没到结算时间",
                  symptoms: ["多久到账"], summary: "按结算周期打款。", sections: [(nil, "周末的交易顺延到工作日结算。")]),
        ]
        func model(unknownTopicThreshold: Double) -> QueryModel {
            QueryModel(articles: ["products/e-sign", "causes/settlement-cycle", QueryModel.noAnswer], totals: [4, 4, 4],
                       features: ["电签": [(0, 3)], "有": [(0, 1), (2, 1)], "公积": [(2, 3)], "多久": [(1, 3)]],
                       alpha: 0.1, weight: 1, tempering: 0.5, noAnswerThreshold: 0.9,
                       unknownTopicThreshold: unknownTopicThreshold)
        }
        let gated = SearchEngine(index: MemoryIndex(documents, queryModel: model(unknownTopicThreshold: 0.2)))
        let product = try gated.search("电签pos机有哪些优点")
        #expect(product.results.first?.record.id == "products/e-sign")
        #expect(product.outOfScope.isEmpty)
        // The model leans to no answer for 公积金: the unknown word is the subject.
        let elsewhere = try gated.search("公积金多久到账")
        #expect(elsewhere.outOfScope == ["公积金"])
        #expect(!elsewhere.confident)
        // At 0 (a model written before the threshold existed) every unknown word counts, as before.
        let ungated = SearchEngine(index: MemoryIndex(documents, queryModel: model(unknownTopicThreshold: 0)))
        #expect(try ungated.search("电签pos机有哪些优点").outOfScope == ["优点"])
        // Without a model, nothing vouches for the question: the unknown word counts.
        #expect(try SearchEngine(index: MemoryIndex(documents)).search("电签pos机有哪些优点").outOfScope == ["优点"])
    }

    @Test func theModelFileIsReadAndItsErrorsNameIt() throws {
        let json = #"{"alpha":0.1,"weight":0.5,"tempering":0.5,"noAnswerThreshold":0.35,"articles":["a/b","c/d"],"totals":[2,1],"features":{"到账":[[0,2],[1,1]]}}"#
        let read = try QueryModel(json: Data(json.utf8), path: "content/query-model.json")
        #expect(read.articles == ["a/b", "c/d"])
        #expect(read.features["到账"]?.map(\.count) == [2, 1])
        #expect(read.unknownTopicThreshold == 0)
        let gated = try QueryModel(json: Data(json.replacingOccurrences(of: "\"alpha\"", with: "\"unknownTopicThreshold\":0.2,\"alpha\"").utf8),
                                   path: "content/query-model.json")
        #expect(gated.unknownTopicThreshold == 0.2)
        // The index stores the header and reads it back with the threshold.
        let stored = try #require(QueryModel(header: gated.headerJSON, rows: []))
        #expect(stored.unknownTopicThreshold == 0.2)
        for (bad, detail) in [("[]", "not a JSON object"),
                              (#"{"alpha":0.1,"weight":0.5,"articles":["a/b"],"totals":[1,2],"features":{}}"#, "`totals`"),
                              (#"{"alpha":0,"weight":0.5,"articles":[],"totals":[],"features":{}}"#, "`alpha`"),
                              (#"{"alpha":0.1,"weight":0.5,"tempering":0.5,"noAnswerThreshold":0.35,"articles":["a/b"],"totals":[1],"features":{"x":[[3,1]]}}"#, "feature x"),
                              (#"{"alpha":0.1,"weight":0.5,"articles":["a/b"],"totals":[1],"features":{}}"#, "`tempering`"),
                              (#"{"alpha":0.1,"weight":0.5,"tempering":0.5,"noAnswerThreshold":0.35,"unknownTopicThreshold":"high","articles":["a/b"],"totals":[1],"features":{}}"#, "`unknownTopicThreshold`"),
                              (#"{"alpha":0.1,"weight":0.5,"tempering":0.5,"noAnswerThreshold":0.35,"unknownTopicThreshold":1.5,"articles":["a/b"],"totals":[1],"features":{}}"#, "`unknownTopicThreshold`")] {
            #expect(throws: QueryModelError.self) { try QueryModel(json: Data(bad.utf8), path: "content/query-model.json") }
            do {
                _ = try QueryModel(json: Data(bad.utf8), path: "content/query-model.json")
            } catch let error as QueryModelError {
                #expect(error.path == "content/query-model.json")
                #expect(error.detail.contains(detail), "\(error.detail)")
            }
        }
    }
}
