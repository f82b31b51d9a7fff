import Foundation
import KBCore
import Testing
@testable import KBSearch
import KBWorkspace

/// `Tests/Fixtures/parity/*.json`: for every query below, what each layer of `kb search` gives on
/// the fixture `Tests/Fixtures/parity-kb` (the parsed query, the plans, every matching document's
/// scores and the ranking, the sections and snippets shown). `Tests/Parity` (node --test) checks
/// the browser engine against each layer separately, so a drift is found at the layer it happens
/// in. This test fails when the files differ from what Swift computes now: regenerate them after
/// an intended change with `KB_UPDATE_VECTORS=1 swift test --filter ParityVectorTests`.
@Suite struct ParityVectorTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let folder = repository.appendingPathComponent("Tests/Fixtures/parity")

    /// Query kinds the engine treats differently: symptoms, synonyms, traditional script, names,
    /// question words, topics no article answers, pinyin, typos, sound-alikes, English, markup,
    /// filler alone, and a query long enough to be cut.
    static let queries = [
        "刷卡成功钱没到账", "到账", "钱", "帐户冻结", "倒账了咋办", "结算咔冻结", "termnal", "Wi-Fi", "ＰＯＳ机 没信号",
        "daozhang", "jiqi huai le", "zhineng pos", "怎么办", "的的", "not credited", "settlement account frozen", "T+1",
        "<script>alert(1)</script>", "结算卡被冻结了怎么办", "电签机刷卡没反应", "退款", "手机银行密码忘了怎么找回",
        "刷卡沒到賬是什麼原因", "pos机钱没到账", "拉卡拉刷卡不到账", "到不了账", "被风空了钱不到账", "为什么没到账",
        "如何撤销刷卡", "手续费怎么算", "电签pos", "电签pos是什么", "POS机是什么意思", "押金怎么退", "公积金怎么提取",
        "交易失败", "信号只有一格", "4G信号弱刷卡失败", "wifi连不上", "",
        "拉卡拉POS机不到账的5种原因及解决方法", "钱没到账十几种原因分析", "二类卡刷卡没到账", "如何确认刷卡支付是否成功",
        // A name beside the question (拉卡拉) is not part of the title test: the products whose titles hold 不到账.
        "拉卡拉pos机不到账怎么回事",
        // Conjunctions and where-words are filler; 急 is grammar alone and part of 紧急.
        "如果刷卡不到賬該如果解決", "投诉该找哪个部门", "紧急提醒!停用通知短信都是骗局",
        // A duration is a detail (五天, 3个小时); 几天 still asks how long.
        "pos机五天还没到账", "刷卡3个小时了钱没到", "几天到账",
        // 已 is grammar: 钱已收 holds no word 钱已.
        "钱已收,POS机有客服吗?",
        // A word said twice stays two mentions, not one phrase: 没到账没到账 is in no article.
        "没到账,没到账", "没到账没到账",
        // A word no article has (优点, 公积金) names the subject only where the model also doubts
        // (公积金怎么提取, above).
        "电签pos有哪些优点", "公积金到账几天",
        // Words the index lacks right before a machine name are a provider's name (海融科技, 海科), unless
        // they are all the query asks (什么是境外pos机); 公务卡 stops at the synonym before it.
        "海融科技pos机没到账", "海科pos机到不了账", "什么是境外pos机", "钱没到账公务卡pos机坏了",
        // In a query of names alone, a provider no article names gives way to the product line
        // (拉卡拉电签); names no article mentions, alone, are all kept.
        "拉卡拉电签", "中付电签pos机是什么", "拉卡拉 中付",
        // Cut at 256 characters, inside the spaces: 结算卡冻结 is not searched, and the plan says so.
        "刷卡成功钱没到账" + String(repeating: " ", count: 250) + "结算卡冻结",
    ]

    /// The four layers for every query, computed by the engine `kb search` runs.
    static func current() throws -> (parsed: [ParityLayers.Parsed], plans: [ParityLayers.Plans],
                                     scores: [ParityLayers.Scores], snippets: [ParityLayers.Snippets]) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-parity-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.copyItem(at: repository.appendingPathComponent("Tests/Fixtures/parity-kb"), to: root)
        let base = KnowledgeBase(root: root)
        _ = try Builder.build(base, options: BuildOptions(site: false))
        let engine = try SearchService(base: base).engine
        let parser = QueryParser(synonyms: engine.index.synonyms)
        let planner = QueryPlanner(synonyms: engine.index.synonyms)

        var layers: (parsed: [ParityLayers.Parsed], plans: [ParityLayers.Plans],
                     scores: [ParityLayers.Scores], snippets: [ParityLayers.Snippets]) = ([], [], [], [])
        for query in queries {
            let parsed = parser.parse(query)
            let exact = try planner.plan(parsed, vocabulary: engine.index, homophones: false)
            let soundsLike = try planner.plan(parsed, vocabulary: engine.index, homophones: true)
            let response = try engine.search(query)
            let plan = response.plan
            layers.parsed.append(ParityLayers.Parsed(query: query, parsed))
            layers.plans.append(ParityLayers.Plans(query: query, exact: exact, soundsLike: soundsLike))
            layers.scores.append(ParityLayers.Scores(
                query: query, plan: plan == exact ? "exact" : "soundsLike",
                importance: try engine.firstPass(plan, filter: SearchFilter()).importance,
                documents: try everyDocument(engine, plan: plan, parsed: parsed),
                ranked: response.results.map(\.record.id.rawValue), tier: response.tier.rawValue,
                confident: response.confident, outOfScope: response.outOfScope, didYouMean: response.didYouMean))
            layers.snippets.append(ParityLayers.Snippets(query: query, results: response.results.map(ParityLayers.Shown.init)))
        }
        return layers
    }

    /// Every document the first pass scores, taken through the second pass as a candidate is (the
    /// search itself re-ranks only the best few): the browser can score any of them.
    static func everyDocument(_ engine: SearchEngine, plan: QueryPlan, parsed: ParsedQuery) throws -> [ParityLayers.Document] {
        let (scores, importance) = try engine.firstPass(plan, filter: SearchFilter())
        let breadth = engine.breadth(of: plan, importance: importance)
        let learned = try engine.learnedOpinion(parsed).bonus
        let records = Dictionary(try engine.index.records(scores.map(\.document)).map { ($0.document, $0) },
                                 uniquingKeysWith: { first, _ in first })
        return scores.compactMap { score in
            records[score.document].map {
                ParityLayers.Document(engine.rerank(score, record: $0, plan: plan, parsed: parsed,
                                                    importance: importance, breadth: breadth,
                                                    learned: learned[$0.id] ?? 0))
            }
        }.sorted { $0.id < $1.id }
    }

    @Test func vectorsAreWhatTheEngineComputes() throws {
        let layers = try Self.current()
        try Self.check("parse", layers.parsed)
        try Self.check("plan", layers.plans)
        try Self.check("scores", layers.scores)
        try Self.check("snippets", layers.snippets)
    }

    /// Writes the layer's file when regenerating, then compares it with what the engine gives,
    /// naming the first query whose vector differs.
    static func check<Layer: Codable & Equatable>(_ name: String, _ current: [Layer]) throws {
        let file = folder.appendingPathComponent("\(name).json")
        if ProcessInfo.processInfo.environment["KB_UPDATE_VECTORS"] == "1" {
            // One query a line: a change shows in a diff as the queries it touches.
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let lines = try current.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try ("[\n" + lines.joined(separator: ",\n") + "\n]\n").write(to: file, atomically: true, encoding: .utf8)
        }
        let stored = try JSONDecoder().decode([Layer].self, from: Data(contentsOf: file))
        #expect(stored.count == current.count, "\(name) vectors are stale (\(stored.count) queries, not \(current.count)): regenerate them")
        for (index, (old, new)) in zip(stored, current).enumerated() where old != new {
            Issue.record("\(name) vectors differ from the engine at query \(index) (\(queries[index].prefix(40))): regenerate them with KB_UPDATE_VECTORS=1 if the change is intended")
            return
        }
    }
}
