import KBCore
@testable import KBSearch
import Testing

/// A small knowledge base in the shape of the real one.
private let corpus = MemoryIndex([
    .init(id: "guides/not-credited", category: .guide, title: "刷卡成功但钱没到账的排查指南",
          symptoms: ["钱没到", "刷卡成功没到账"], tags: ["到账"], summary: "交易成功钱却没进结算账户时，按顺序排查。",
          sections: [(nil, "先确认交易成功，再查网络、结算账户和系统维护。"), ("按这个顺序排查", "1. 核对交易 2. 检查网络信号 3. 核对结算账户")]),
    .init(id: "causes/network", category: .cause, title: "网络信号不好导致交易不到账",
          symptoms: ["信号不好钱没到", "刷卡一直转圈"], tags: ["4G", "Wi-Fi", "信号"], summary: "信号弱时交易数据上送不了。",
          sections: [(nil, "POS机放在地下室或角落，信号弱，交易超时。"), ("怎么判断", "看信号格，交易一直转圈就是网络问题。")]),
    .init(id: "causes/account", category: .cause, title: "结算卡被冻结导致钱打不进来",
          symptoms: ["结算卡被冻结了", "开户行填错了"], tags: ["结算卡", "冻结"], summary: "结算账户异常时款项会被退回。",
          sections: [(nil, "结算账户被冻结，或户名、开户行填错，钱就进不了账。"), ("怎么处理", "向开户银行确认账户状态。")]),
    .init(id: "fixes/check-hardware", category: .fix, title: "检查POS机屏幕和按键",
          symptoms: ["机器开不了机", "屏幕没反应"], tags: ["屏幕", "按键"], summary: "机器故障时先检查屏幕、按键和外观。",
          sections: [(nil, "机器摔坏、进水或开不了机，先检查外观。"), ("这些情况请报修", "摔到地上后开不了机，联系服务商报修。")]),
    .init(id: "causes/maintenance", category: .cause, title: "系统维护导致到账延迟",
          symptoms: ["维护期间刷卡失败"], tags: ["维护", "升级"], summary: "系统维护升级期间到账会推迟。",
          sections: [(nil, "支付系统定期维护升级，期间到账延迟。")]),
    .init(id: "products/e-sign", category: .product, title: "电签POS机功能介绍",
          summary: "电签POS内置eSIM，支持电子签名。",
          sections: [(nil, "电签POS机内置eSIM芯片，支持扫码和刷卡，到账规则与其他机器相同。")]),
], synonyms: [
    ["不到账", "没到账", "钱没到", "not received"],
    ["POS", "pos机", "机器", "terminal"],
    ["冻结", "冻住", "frozen"],
])

private func search(_ query: String) throws -> SearchResponse {
    try SearchEngine(index: corpus).search(query)
}

private func ids(_ response: SearchResponse) -> [String] { response.results.map(\.record.id.rawValue) }

@Suite struct ColloquialQueries {
    @Test func longQueriesDoNotNeedEveryWord() throws {
        let response = try search("刷卡成功了但是钱一直没到账怎么办")
        #expect(ids(response).first == "guides/not-credited")
    }

    @Test func symptomPhrasesFindTheirCause() throws {
        #expect(ids(try search("刷卡一直转圈")).first == "causes/network")
        #expect(ids(try search("结算卡被冻住了")).first == "causes/account")
    }

    @Test func aWordOnlyInTheTitleRanksThatArticleFirst() throws {
        #expect(ids(try search("电签")).first == "products/e-sign")
    }

    @Test func somethingTheKnowledgeBaseNeverMentionsFindsNothing() throws {
        #expect(try search("社保卡怎么激活").results.isEmpty)
        #expect(try search("外卖骑手怎么注册").results.isEmpty)
    }

    @Test func bigramsThatOnlyJoinTwoWordsAreNotSearched() throws {
        let labels = try search("顾客天天来投诉").plan.concepts.map(\.label)
        #expect(!labels.contains("客天"))
        #expect(!labels.contains("天来"))
    }

    @Test func particlesBesideAWordAreGrammarNotConcepts() throws {
        // 应的 in 无响应的 is no misspelt word, and 的 alone matches every article.
        let labels = try search("屏幕无响应的检查方法").plan.concepts.map(\.label)
        #expect(!labels.contains("应的"))
        #expect(!labels.contains("的"))
        #expect(labels.contains("屏幕"))
    }

    @Test func aLoneCharacterFromAnUnknownWordStillSearches() throws {
        // 摔地 and 器摔 are unknown; 摔 alone finds 摔坏.
        #expect(ids(try search("机器摔地上了")).first == "fixes/check-hardware")
    }
}

@Suite struct HomophoneTier {
    @Test func aMistypedWordIsSearchedAsItSounds() throws {
        let response = try search("倒账了咋办")
        #expect(response.tier == .homophone)
        #expect(response.didYouMean == "到账了咋办")
        #expect(!response.results.isEmpty)
    }

    @Test func aWellMatchedQueryNeverUsesIt() throws {
        for query in ["结算卡冻结", "信号不好钱没到", "刷卡成功钱没到账", "系统维护"] {
            let response = try search(query)
            #expect(response.tier == .exact, "\(query)")
            #expect(response.didYouMean == nil, "\(query)")
            #expect(!response.plan.tiersUsed.contains(.homophone), "\(query)")
        }
    }

    @Test func aRealWordIsNotTreatedAsATypo() throws {
        // 救济 is a dictionary word the articles lack, not a misspelling of anything.
        let plan = try search("法律救济").plan
        #expect(!plan.tiersUsed.contains(.homophone))
    }
}

@Suite struct PinyinAndTypos {
    @Test func fullSyllablePinyinFindsTheChineseWord() throws {
        for query in ["daozhang", "dao zhang"] {
            let response = try search(query)
            #expect(response.plan.concepts.flatMap(\.alternatives).contains { $0.tier == .pinyin && $0.label == "到账" }, "\(query)")
            #expect(!response.results.isEmpty, "\(query)")
        }
        #expect(ids(try search("jiesuanka dongjie")).first == "causes/account")
    }

    @Test func mixedChineseAndPinyin() throws {
        #expect(ids(try search("pos机 xinhao")).first == "causes/network")
    }

    @Test func latinTypoReachesItsSynonyms() throws {
        let response = try search("termnal")
        #expect(response.plan.concepts.first?.alternatives.contains { $0.tier == .typo && $0.label == "机器" } == true)
        #expect(!response.results.isEmpty)
        #expect(try search("terminal").plan.tiersUsed.isDisjoint(with: [.typo]))
    }

    @Test func englishReachesChineseThroughSynonyms() throws {
        #expect(ids(try search("account frozen")).first == "causes/account")
    }
}

@Suite struct ResultsShape {
    @Test func eachResultNamesItsBestSectionAndHighlightsTheMatch() throws {
        let response = try search("摔到地上 开不了机")
        let top = try #require(response.results.first)
        #expect(top.record.id == "fixes/check-hardware")
        #expect(top.section.heading == "这些情况请报修")
        let highlighted = top.snippet.highlights.map { range in
            String(decoding: Array(top.snippet.text.utf8)[range], as: UTF8.self)
        }
        #expect(highlighted.contains("开不了机"))
    }

    @Test func categoryFilter() throws {
        let response = try SearchEngine(index: corpus).search("到账", options: SearchOptions(filter: SearchFilter(category: .cause)))
        #expect(!response.results.isEmpty)
        #expect(response.results.allSatisfy { $0.record.category == .cause })
    }
}

@Suite struct HomophoneCandidates {
    @Test func aTypoNextToAKnownWordIsReadAsTheWordItCompletes() throws {
        // 结算咔: 算咔 sounds like 算卡, which joins 结算 into 结算卡.
        let response = try search("结算咔")
        #expect(response.plan.concepts.contains { $0.label == "算咔" })
        #expect(response.didYouMean == "结算卡")
        #expect(ids(response).first == "causes/account")
    }
}
