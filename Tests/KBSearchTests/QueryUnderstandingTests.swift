@testable import KBSearch
import KBText
import Testing

/// How merchants really ask: names that must not drive ranking, topics no article answers, split
/// verb forms, question words, and bigrams that only join words.
@Suite struct QueryUnderstandingTests {
    static let table = SynonymTable(groups: [
        SynonymTable.Group(members: ["不到账", "没到账", "钱没到"]),
        SynonymTable.Group(members: ["没收到钱", "钱没收到"]),
        SynonymTable.Group(members: ["风控", "风险控制"]),
        SynonymTable.Group(members: ["pos机", "POS", "刷卡机"], role: .entity),
        SynonymTable.Group(members: ["拉卡拉", "lakala"], role: .entity),
        SynonymTable.Group(members: ["手续费", "费率"], role: .outOfScope),
    ])
    let parser = QueryParser(synonyms: table)

    @Test func splitVerbFormsMatchTheirPlainPhrase() {
        for query in ["到不了账", "不能到账", "钱到不了", "没能到账"] {
            let pieces = parser.parse(query).pieces
            #expect(pieces.count == 1, "\(query): \(pieces)")
            guard case let .synonym(group, _, _)? = pieces.first else {
                Issue.record("\(query) is not read as a synonym: \(pieces)")
                continue
            }
            #expect(group == 0, "\(query)")
        }
        guard case let .synonym(group, _, _)? = parser.parse("收不到钱").pieces.first else {
            Issue.record("收不到钱 is not read as 没收到钱")
            return
        }
        #expect(group == 1)
        #expect(SynonymTable.splitForms(of: ["不", "到", "账"]) == [["到", "不", "了", "账"], ["到", "不", "账"], ["不", "能", "到", "账"]])
    }

    @Test func entityNamesAreSetApartUnlessTheyAreTheWholeQuery() {
        let parsed = parser.parse("拉卡拉pos机钱没到账")
        #expect(parsed.pieces == [
            .entity(group: 4, text: "拉卡拉", units: 0..<3),
            .entity(group: 3, text: "pos机", units: 3..<5),
            .synonym(group: 0, text: "钱没到账", units: 5..<9),
        ])
        #expect(parsed.contentKey == "钱没到账")
        // No bigram joins a name to the words after it (机钱).
        #expect(!parsed.pieces.contains { if case .ideographs = $0 { true } else { false } })
        // A query of names alone is about them.
        #expect(parser.parse("拉卡拉pos机").pieces == [
            .synonym(group: 4, text: "拉卡拉", units: 0..<3),
            .synonym(group: 3, text: "pos机", units: 3..<5),
        ])
    }

    @Test func aPageTitlesCountAndPaddingAreNotAskedAbout() throws {
        // 5种, 四大 and 十几种 count the answers; 及 left between filler is grammar; 分析 and 解决方案
        // are how a page title presents them.
        for query in ["钱没到账的5种原因及解决方法", "钱没到账的四大原因", "钱没到账十几种原因分析", "钱没到账原因分析与解决方案",
                      "钱没到账的应对策略", "钱没到账的主要原因及对策"] {
            let plan = try QueryPlanner(synonyms: Self.table).plan(parser.parse(query), vocabulary: SampleVocabulary(),
                                                                     homophones: false)
            #expect(plan.concepts.map(\.label) == ["钱没到账"], "\(query)")
        }
        // A count followed by what it counts is part of the question.
        #expect(parser.parse("二类卡不到账").contentKey == "二类卡不到账")
        #expect(parser.parse("3个工作日没到账").contentKey == "3个工作日没到账")
        #expect(parser.parse("钱没到账的5种原因").contentKey == "钱没到账")
    }

    @Test func howLongTheMerchantWaitedIsADetail() {
        // A duration is filler; 几天 asks how long and stays; a weekday (周五) is no duration.
        #expect(parser.parse("五天还没到账").contentKey == "还没到账")
        #expect(parser.parse("刷卡3个小时钱没到").contentKey == "刷卡钱没到")
        #expect(parser.parse("两个月风控").contentKey == "风控")
        #expect(parser.parse("几天钱没到").contentKey == "几天钱没到")
        #expect(parser.parse("周五钱没到").contentKey == "周五钱没到")
        #expect(parser.parse("3个工作日没到账").contentKey == "3个工作日没到账")
        // Dates and "per day" are no durations.
        #expect(parser.parse("5月换卡钱没到").contentKey == "5月换卡钱没到")
        #expect(parser.parse("一天可以结算几次").contentKey == "一天结算几次")
    }

    @Test func conjunctionsAndWhereWordsJoinTheQuestionWithoutBeingAskedAbout() {
        // 如果 and 该 frame the clauses; 但是 joins them; 哪个 asks where, not about what.
        #expect(parser.parse("如果钱没到账该如何解决").contentKey == "钱没到账")
        #expect(parser.parse("刷卡成功但是钱没到").contentKey == "刷卡成功钱没到")
        #expect(parser.parse("风控该找哪个部门").contentKey == "风控该找部门")
        // 导致 links the cause asked about to its effect, the topic.
        #expect(parser.parse("哪些原因导致钱没到账").contentKey == "钱没到账")
        #expect(parser.parse("如果钱没到账该如何解决").pieces.allSatisfy { piece in
            if case let .ideographs(text, _) = piece { !text.contains("如") && !text.contains("果") } else { true }
        })
    }

    @Test func aWordHoldingAFillerCharacterStaysWhole() throws {
        // 急 asks for speed alone but is part of 紧急: the word is still searched.
        let plan = try QueryPlanner(synonyms: Self.table).plan(parser.parse("紧急提醒钱没到"), vocabulary: SampleVocabulary(),
                                                                 homophones: false)
        #expect(plan.concepts.map(\.label).contains("紧急"), "\(plan.concepts.map(\.label))")
        let alone = try QueryPlanner(synonyms: Self.table).plan(parser.parse("急 钱没到"), vocabulary: SampleVocabulary(),
                                                                  homophones: false)
        #expect(alone.concepts.map(\.label) == ["钱没到"])
    }

    @Test func outOfScopeTopicsAreNamedOnce() {
        let parsed = parser.parse("POS机手续费费率怎么算")
        #expect(parsed.outOfScopeTopics == ["手续费"])
        #expect(parser.parse("钱没到账").outOfScopeTopics.isEmpty)
    }

    @Test func anOutOfScopeIntentHasNoSplitForm() {
        // 不用了 (no longer wanted) is out of scope; 用不了了 and 不能用了 (it does not work) are faults.
        let table = SynonymTable(groups: [SynonymTable.Group(members: ["不用的pos机", "不用了"], role: .outOfScope)])
        let parser = QueryParser(synonyms: table)
        #expect(parser.parse("pos机不用了怎么处理").outOfScopeTopics == ["不用的pos机"])
        for query in ["POS机用不了了", "pos机不能用了"] {
            #expect(parser.parse(query).outOfScopeTopics.isEmpty, "\(query)")
        }
    }

    @Test func questionWordsSayWhatKindOfAnswerIsWanted() {
        #expect(parser.parse("为什么钱没到账").intent == .why)
        #expect(parser.parse("钱没到账是什么原因").intent == .why)
        #expect(parser.parse("如何撤销交易").intent == .how)
        #expect(parser.parse("怎么撤销").intent == .how)
        // 怎么 before 还/没/不 asks why, not how.
        #expect(parser.parse("钱怎么还没到").intent == nil)
        #expect(parser.parse("怎么不到账").intent == nil)
        #expect(parser.parse("钱没到账怎么办").intent == nil)
    }

    // MARK: Planning against an index

    static let index = MemoryIndex([
        .init(id: "causes/risk-control", category: .cause, title: "交易触发风控导致不到账",
              sections: [(nil, "大额或频繁交易会触发风控，钱会晚到。顾客被骗的情况见诈骗。")]),
        .init(id: "causes/fraud", category: .cause, title: "诈骗导致交易没有完成",
              sections: [(nil, "骗子让你先发货再付款，钱不会到。了钱的事要报警。")]),
        .init(id: "guides/not-credited", category: .guide, title: "钱没到账的排查指南",
              sections: [(nil, "刷卡成功钱没到账时，按顺序检查网络、账户和结算时间。")]),
    ], synonyms: [["不到账", "没到账", "钱没到"]])

    private func plan(_ query: String, homophones: Bool = false) throws -> QueryPlan {
        let parser = QueryParser(synonyms: Self.index.synonyms)
        return try QueryPlanner(synonyms: Self.index.synonyms).plan(parser.parse(query), vocabulary: Self.index,
                                                                    homophones: homophones)
    }

    @Test func aBigramBetweenAWordAndASynonymIsNoConcept() throws {
        // 钱不 joins 钱 to the synonym 不到账: not something the merchant asked about.
        let labels = try plan("顾客钱不到账").concepts.map(\.label)
        #expect(!labels.contains("钱不"), "\(labels)")
        #expect(labels.contains("不到账"))
    }

    @Test func theDebrisAroundATypoCountsForNothing() throws {
        // 风空 sounds like 风控; 空了 and 了钱 are what is left of the typo and its neighbours.
        let plan = try plan("被风空了钱不到账", homophones: true)
        let labels = plan.concepts.map(\.label)
        #expect(labels.contains("风空"))
        #expect(!labels.contains("空了") && !labels.contains("了钱"), "\(labels)")
        let soundAlike = plan.concepts.first { $0.label == "风空" }?.alternatives.map(\.label) ?? []
        #expect(soundAlike.contains("风控"), "\(soundAlike)")
    }

    @Test func aRunOfOnlyGrammarIsStillSearched() throws {
        // 了的 only joins two particles; with nothing else to search, it is searched itself.
        let index = MemoryIndex([.init(id: "causes/network", category: .cause, title: "信号", sections: [(nil, "说好了的事")])])
        let parser = QueryParser(synonyms: index.synonyms)
        let plan = try QueryPlanner(synonyms: index.synonyms).plan(parser.parse("了的"), vocabulary: index, homophones: false)
        #expect(plan.concepts.map(\.label) == ["了的"])
        #expect(try SearchEngine(index: index).search("了的").results.map(\.record.id.rawValue) == ["causes/network"])
    }

    @Test func aThingNoArticleMentionsMarksTheQuestionAsElsewhere() throws {
        #expect(try plan("公积金多久到账").unknownThings == ["公积金"])
        #expect(try plan("钱没到账").unknownThings.isEmpty)
    }

    @Test func unknownWordsRightBeforeAMachineNameAreAName() throws {
        // 海科 and 海融科技 are providers no list names; the index knowing none of their bigrams and the
        // machine's name coming next say so. The question is what went wrong with the machine.
        let index = MemoryIndex([
            .init(id: "guides/not-credited", category: .guide, title: "pos机钱没到账的排查指南",
                  sections: [(nil, "pos机刷卡成功钱没到账时，先查结算时间，再查账户。")]),
            .init(id: "fixes/check-hardware", category: .fix, title: "检查pos机",
                  sections: [(nil, "pos机坏了、开不了机，先充电再重启。")]),
        ], table: SynonymTable(groups: [
            .init(members: ["不到账", "没到账", "到不了账"]), .init(members: ["pos机", "POS"], role: .entity),
        ]))
        func planned(_ query: String) throws -> QueryPlan {
            let parser = QueryParser(synonyms: index.synonyms)
            return try QueryPlanner(synonyms: index.synonyms).plan(parser.parse(query), vocabulary: index, homophones: false)
        }
        let named = try planned("海融科技pos机没到账")
        #expect(named.unknownNames == ["海融科技"])
        #expect(named.concepts.map(\.label) == ["pos机", "没到账"])
        #expect(named.unknownThings.isEmpty)
        #expect(try SearchEngine(index: index).search("海科pos机到不了账").results.first?.record.id.rawValue
                == "guides/not-credited")
        // The name stops at what the query asks: 没到账 before 公务卡 stays the question.
        #expect(try planned("pos机没到账公务卡pos机坏了").unknownNames == ["公务卡"])
        // Words after the name, or known to the index, are searched as before.
        #expect(try planned("pos机海融科技没到账").unknownNames.isEmpty)
        #expect(try planned("结算pos机没到账").unknownNames.isEmpty)
        // With nothing else asked, the words are the question itself (什么是境外pos机).
        let alone = try planned("什么是境外pos机")
        #expect(alone.unknownNames.isEmpty)
        #expect(alone.concepts.map(\.label).contains("境外"))
    }

    @Test func aQueryThatIsOnlyADetailOfATitleEarnsPartOfTheTitleBonus() throws {
        // 交易失败 is the subject of 交易失败怎么办 but a detail of the longer title about fraud.
        let index = MemoryIndex([
            .init(id: "fixes/a", category: .fix, title: "诈骗或可疑交易导致交易失败钱不到账", sections: [(nil, "交易失败")]),
            .init(id: "fixes/b", category: .fix, title: "交易失败怎么办", sections: [(nil, "交易失败")]),
        ])
        let results = try SearchEngine(index: index).search("交易失败").results
        let bonus = Dictionary(uniqueKeysWithValues: results.map { ($0.record.id.rawValue, $0.score.bonus) })
        let full = RankingParameters.standard.titleContainsBonus
        let detail = full * (4.0 / 17.0) / SearchEngine.titleSubjectShare
        #expect(abs((bonus["fixes/b"] ?? 0) - (bonus["fixes/a"] ?? 0) - (full - detail)) < 1e-9, "\(bonus)")
    }

    @Test func aNameMostArticlesCarryIsNoConfidentAnswerOnItsOwn() throws {
        // Every article mentions pos机, so `POS机是什么意思` has no article of its own; 电签pos does.
        let index = MemoryIndex([
            .init(id: "products/e-sign", category: .product, title: "电签pos是什么", sections: [(nil, "电签pos是一种pos机。")]),
            .init(id: "causes/network", category: .cause, title: "信号不好", sections: [(nil, "pos机信号不好钱没到账。")]),
            .init(id: "guides/not-credited", category: .guide, title: "钱没到账", sections: [(nil, "pos机刷卡钱没到账。")]),
        ], table: SynonymTable(groups: [
            .init(members: ["pos机", "POS"], role: .entity), .init(members: ["电签pos", "电签"], role: .entity),
        ]))
        let engine = SearchEngine(index: index)
        let parser = QueryParser(synonyms: index.synonyms)
        #expect(parser.parse("POS机是什么意思").namesOnly)
        #expect(parser.parse("pos机是干什么用的").namesOnly)
        #expect(!parser.parse("pos机钱没到账").namesOnly)
        #expect(try engine.search("POS机是什么意思").confident == false)
        #expect(try engine.search("pos机是干什么用的").confident == false)
        let specific = try engine.search("电签pos是什么")
        #expect(specific.confident)
        #expect(specific.results.first?.record.id.rawValue == "products/e-sign")
    }

    @Test func aProductLineIsNotTheWholeCollectionForALooseMemberOfItsGroup() throws {
        // 小pos机 is said of e-sign machines, and its words (小, pos机) are in every article: the
        // name as typed, which only its own article carries, decides. 刷卡机, which no article
        // uses, still counts as its most common form (pos机).
        let index = MemoryIndex([
            .init(id: "products/e-sign", category: .product, title: "电签pos机介绍", sections: [(nil, "电签pos机是一种小巧的pos机。")]),
            .init(id: "causes/network", category: .cause, title: "信号不好", sections: [(nil, "小店的pos机信号不好钱没到账。")]),
            .init(id: "guides/not-credited", category: .guide, title: "钱没到账", sections: [(nil, "小额刷卡pos机钱没到账。")]),
        ], table: SynonymTable(groups: [
            .init(members: ["pos机", "POS", "刷卡机"], role: .entity), .init(members: ["电签pos机", "电签", "小pos机"], role: .entity),
        ]))
        let engine = SearchEngine(index: index)
        let line = try engine.search("电签pos机")
        #expect(line.confident)
        #expect(line.results.first?.record.id.rawValue == "products/e-sign")
        #expect(try engine.search("刷卡机是什么").confident == false)
    }

    @Test func aNameTheContentNeverMentionsLeavesAQueryOfNamesToTheOthers() throws {
        // 拉卡拉电签: a provider no article names beside a product line that has its article. The
        // provider alone would empty the answer; searched without it, the product line answers.
        let index = MemoryIndex([
            .init(id: "products/e-sign", category: .product, title: "电签pos机介绍", sections: [(nil, "电签pos机签名在屏幕上完成。")]),
            .init(id: "causes/network", category: .cause, title: "信号不好", sections: [(nil, "pos机信号不好钱没到账。")]),
        ], table: SynonymTable(groups: [
            .init(members: ["电签", "电签pos机"], role: .entity), .init(members: ["拉卡拉", "lakala"], role: .entity),
            .init(members: ["中付"], role: .entity),
        ]))
        let engine = SearchEngine(index: index)
        let asked = try engine.search("拉卡拉电签")
        #expect(asked.plan.concepts.map(\.label) == ["电签"])
        #expect(asked.results.first?.record.id.rawValue == "products/e-sign")
        #expect(asked.confident)
        // Names no article mentions, alone: all are kept (and nothing answers them).
        let unknown = try engine.search("拉卡拉 中付")
        #expect(unknown.plan.concepts.map(\.label) == ["拉卡拉", "中付"])
        #expect(unknown.results.isEmpty)
    }

    @Test func aHowQuestionPrefersTheArticleThatSaysHow() throws {
        // 如何更换结算卡 is answered by the prevention article on keeping the account right, not by
        // the cause that mentions a changed card.
        #expect(QuestionIntent.how.categories == [.fix, .prevention])
        let text = "更换结算卡以后要告诉服务商。"
        let index = MemoryIndex([
            .init(id: "causes/account", category: .cause, title: "结算卡", sections: [(nil, text)]),
            .init(id: "prevention/account-check", category: .prevention, title: "结算卡", sections: [(nil, text)]),
            .init(id: "causes/network", category: .cause, title: "信号不好", sections: [(nil, "网络信号差。")]),
            .init(id: "fixes/check-network", category: .fix, title: "检查网络", sections: [(nil, "重启路由器。")]),
        ])
        let ids = try SearchEngine(index: index).search("如何更换结算卡").results.map(\.record.id.rawValue)
        #expect(ids.first == "prevention/account-check", "\(ids)")
        let why = try SearchEngine(index: index).search("为什么更换结算卡").results.map(\.record.id.rawValue)
        #expect(why.first == "causes/account", "\(why)")
    }

    @Test func everydayNounsAndPlaceNamesNameNoTopic() throws {
        // 东西 and 业务 are in any sentence; 临沂 and 石家庄 say where the merchant is. None of them
        // is what the question is about, so none makes the answer "not here".
        #expect(try plan("买东西退款钱没到账").unknownThings.isEmpty)
        #expect(try plan("怎么办理业务钱没到账").unknownThings.isEmpty)
        #expect(try plan("临沂刷卡钱没到账").unknownThings.isEmpty)
        #expect(try plan("石家庄刷卡钱没到账").unknownThings.isEmpty)
        // A specific thing still does, beside the same words.
        #expect(try plan("餐厅刷卡钱没到账").unknownThings == ["餐厅"])
    }
}
