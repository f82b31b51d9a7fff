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

    @Test func theModelFileIsReadAndItsErrorsNameIt() throws {
        let json = #"{"alpha":0.1,"weight":0.5,"tempering":0.5,"noAnswerThreshold":0.35,"articles":["a/b","c/d"],"totals":[2,1],"features":{"到账":[[0,2],[1,1]]}}"#
        let read = try QueryModel(json: Data(json.utf8), path: "content/query-model.json")
        #expect(read.articles == ["a/b", "c/d"])
        #expect(read.features["到账"]?.map(\.count) == [2, 1])
        for (bad, detail) in [("[]", "not a JSON object"),
                              (#"{"alpha":0.1,"weight":0.5,"articles":["a/b"],"totals":[1,2],"features":{}}"#, "`totals`"),
                              (#"{"alpha":0,"weight":0.5,"articles":[],"totals":[],"features":{}}"#, "`alpha`"),
                              (#"{"alpha":0.1,"weight":0.5,"tempering":0.5,"noAnswerThreshold":0.35,"articles":["a/b"],"totals":[1],"features":{"x":[[3,1]]}}"#, "feature x"),
                              (#"{"alpha":0.1,"weight":0.5,"articles":["a/b"],"totals":[1],"features":{}}"#, "`tempering`")] {
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
