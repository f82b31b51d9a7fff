import Foundation
import KBCore
import KBText
import KBTestSupport
import KBSearch
import KBWorkspace
import Testing
@testable import KBSite

/// The browser index: its encodings read back what they wrote, and an index updated in place after
/// edits, additions and deletions is byte for byte the index a full build writes for the same
/// articles (the incremental writer's whole promise).
@Suite struct BrowserIndexTests {
    @Test(arguments: [1, 2, 3])
    func documentSetsRoundTrip(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        for _ in 0..<200 {
            let maximum = 1 + Int(random.next() % 3000)
            let density = Double(random.next() % 100) / 100
            let members = (1...maximum).filter { _ in Double(random.next() % 1000) / 1000 < density }
            let encoded = IndexEncoding.documentSet(members)
            #expect(try IndexEncoding.decodeSet(encoded) == members)
            let subset = members.filter { _ in random.next() % 3 == 0 }
            #expect(try IndexEncoding.decodeSet(IndexEncoding.subset(subset, of: members), parent: members) == subset)
        }
        // The shortest form is chosen: a dense set is a complement or a bitmap, a sparse one gaps.
        #expect(IndexEncoding.documentSet(Array(1...1000)).hasPrefix("c"))
        #expect(IndexEncoding.documentSet([5, 900]).hasPrefix("d"))
        #expect(IndexEncoding.documentSet(Array(stride(from: 1, through: 1200, by: 2))).hasPrefix("b"))
    }

    @Test func postingsRoundTrip() throws {
        var random = SeededRandom(seed: 7)
        var postings: [Posting] = []
        var document = 0
        for _ in 0..<500 {
            document += 1 + Int(random.next() % 40)
            var counts = FieldCounts()
            var lengths = FieldLengths()
            for field in 0..<6 {
                counts[field] = UInt16(random.next() % 3 == 0 ? random.next() % 5 : 0)
                lengths[field] = UInt32(random.next() % 2000)
            }
            if counts == FieldCounts() { counts[5] = 1 }
            let sections = SectionSet((0..<SectionSet.capacity).filter { _ in random.next() % 9 == 0 })
            postings.append(Posting(document: document, counts: counts, lengths: lengths, sections: sections))
        }
        #expect(try PostingCoding.decode(PostingCoding.encode(postings)) == postings)
    }

    @Test func scriptFilesAreParsedBack() throws {
        let json = #"{"a\"b":[1,"x\u003cy"],"换行":[2],"\n":{"k":null,"n":-1.5e3}}"#
        let text = ScriptFile.text(name: "t/1", json: json)
        let body = try #require(ScriptFile.json(of: text, name: "t/1"))
        let members = try JSONValue.members(body)
        #expect(members.map(\.key) == ["a\"b", "换行", "\n"])
        #expect(members[0].value == .array([.number(1), .string("x<y")]))
        #expect(members[2].value == .object(["k": .null, "n": .number(-1500)]))
        #expect(ScriptFile.json(of: text, name: "t/2") == nil)
    }

    @Test func anIndexUpdatedInPlaceEqualsAFullBuild() throws {
        let site = try TemporaryFolder()
        defer { site.remove() }
        var corpus = SyntheticCorpus(seed: 11, count: 1_300)
        let incremental = site.url.appendingPathComponent("incremental")
        let first = try Self.build(corpus, into: incremental)
        #expect(first.pagesWritten > 1_000)

        let rounds: [(edits: Int, additions: Int, deletions: Int)] = [(1, 0, 0), (0, 1, 0), (0, 0, 1), (15, 8, 8)]
        for (round, change) in rounds.enumerated() {
            corpus.change(edits: change.edits, additions: change.additions, deletions: change.deletions, round: round)
            let update = try Self.build(corpus, into: incremental)
            let full = site.url.appendingPathComponent("full-\(round)")
            let fresh = try Self.build(corpus, into: full, full: true)
            let updated = try Self.files(in: incremental)
            let expected = try Self.files(in: full)
            #expect(Set(updated.keys) == Set(expected.keys), "round \(round): the same files")
            for (name, data) in expected where updated[name] != data {
                Issue.record("round \(round): \(name) differs from a full build")
            }
            // In place: one changed article rewrites a small share of the files a full build writes.
            if round < 3 {
                #expect(update.pagesWritten * 5 < fresh.pagesWritten, "round \(round): \(update.pagesWritten) files rewritten")
            }
        }
        let again = try Self.build(corpus, into: incremental)
        #expect(again.pagesWritten == 0)
    }

    /// An edited article keeps its number (as `kb build` numbers it): most of its frequent terms
    /// keep their documents and bands, and only their postings are patched in place.
    @Test func anEditKeepingItsNumberEqualsAFullBuild() throws {
        let site = try TemporaryFolder()
        defer { site.remove() }
        var corpus = SyntheticCorpus(seed: 5, count: 1_300)
        let incremental = site.url.appendingPathComponent("incremental")
        _ = try Self.build(corpus, into: incremental)
        for round in 0..<3 {
            corpus.lengthen(edits: round + 1, round: round)
            let update = try Self.build(corpus, into: incremental)
            let full = site.url.appendingPathComponent("full-\(round)")
            _ = try Self.build(corpus, into: full, full: true)
            let updated = try Self.files(in: incremental)
            let expected = try Self.files(in: full)
            #expect(Set(updated.keys) == Set(expected.keys), "round \(round): the same files")
            for (name, data) in expected where updated[name] != data {
                Issue.record("round \(round): \(name) differs from a full build")
            }
            #expect(update.pagesWritten > 0 && update.pagesWritten < 100 * (round + 1), "round \(round): \(update.pagesWritten) files rewritten")
        }
    }

    /// Script folding is split: `folding.js` holds every pair, `meta.js` (read by every search) only
    /// which characters fold, as distances in base-64 digits, and the pairs its own tables use.
    @Test func theFoldingTableIsReadOnlyWhenNeeded() throws {
        let site = try TemporaryFolder()
        defer { site.remove() }
        let corpus = SyntheticCorpus(seed: 5, count: 12)
        _ = try Self.build(corpus, into: site.url)
        let files = try Self.files(in: site.url)
        let foldingFile = try #require(files["folding.js"])
        let pairs = try #require(ScriptFile.json(of: String(decoding: foldingFile, as: UTF8.self), name: "folding"))
        guard case let .string(allPairs) = try JSONValue.parse(pairs) else {
            Issue.record("folding.js holds no string")
            return
        }
        let scalars = Array(allPairs.unicodeScalars)
        let folded = Dictionary(uniqueKeysWithValues: stride(from: 0, to: scalars.count, by: 2).map { (scalars[$0].value, scalars[$0 + 1].value) })
        #expect(folded == TextRules.variantFolding)

        let meta = try #require(ScriptFile.json(of: String(decoding: files["meta.js"]!, as: UTF8.self), name: "meta"))
        guard case let .object(rules) = try JSONValue.parse(meta), case let .object(text)? = rules["text"],
              case let .string(keys)? = text["foldingKeys"], case let .string(partial)? = text["variantFolding"] else {
            Issue.record("meta.js lacks the folding keys")
            return
        }
        // Decoded independently of FoldingExport: five bits a digit, a digit of 32 or more continues.
        let digits = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var decoded: [UInt32] = []
        var (previous, distance, shift): (UInt32, UInt32, UInt32) = (0, 0, 0)
        for character in keys {
            let index = try #require(digits.firstIndex(of: character))
            let digit = UInt32(index)
            distance |= (digit & 31) << shift
            if digit >= 32 {
                shift += 5
            } else {
                previous += distance
                decoded.append(previous)
                (distance, shift) = (0, 0)
            }
        }
        #expect(decoded == TextRules.variantFolding.keys.sorted())
        #expect(keys.utf8.count * 4 < allPairs.utf8.count, "the keys take \(keys.utf8.count) bytes, the pairs \(allPairs.utf8.count)")
        // The fixture's synonyms (钱款, money) and the filler words fold nothing: no pair in meta.js.
        #expect(partial.isEmpty)

        // A synonym written in a variant form keeps its pair in meta.js, which folds it at load.
        _ = try Self.build(corpus, into: site.url, synonyms: SynonymTable(groups: [["到帐", "入账"]]))
        let metaWithVariant = try Self.files(in: site.url)["meta.js"]!
        let withVariant = try #require(ScriptFile.json(of: String(decoding: metaWithVariant, as: UTF8.self), name: "meta"))
        guard case let .object(rules2) = try JSONValue.parse(withVariant), case let .object(text2)? = rules2["text"],
              case let .string(partial2)? = text2["variantFolding"] else {
            Issue.record("meta.js lacks the folding pairs")
            return
        }
        #expect(partial2 == "帐账")
    }

    /// The query model's features go to hash shards (`m/N.js`) that hold each feature once with
    /// its entries; `meta.js` keeps only the header. A smaller model, or none, leaves no stale shard,
    /// and an index updated in place equals a full build.
    @Test func theQueryModelIsShardedByFeature() throws {
        let site = try TemporaryFolder()
        defer { site.remove() }
        let corpus = SyntheticCorpus(seed: 3, count: 40)
        func model(features count: Int) -> QueryModel {
            let articles = Array(corpus.articles.prefix(3).map(\.id)) + [QueryModel.noAnswer]
            var features: [String: [(article: Int, count: Double)]] = [:]
            // Features of many first characters (the shard key), some sharing one (特 and 特征).
            for n in 0..<count {
                let first = String(UnicodeScalar(0x4E00 + n / 2)!)
                features[n % 2 == 0 ? first : first + "征"] = [(n % 4, Double(n % 7) + 1), ((n + 1) % 4, 0.3)]
            }
            return QueryModel(articles: articles, totals: [10, 10, 10, 10], features: features, alpha: 0.1, weight: 1,
                              tempering: 0.5, noAnswerThreshold: 0.35, unknownTopicThreshold: 0.2)
        }
        let incremental = site.url.appendingPathComponent("incremental")
        for (round, size) in [400, 30, 0].enumerated() {
            let queryModel = size > 0 ? model(features: size) : nil
            _ = try Self.build(corpus, into: incremental, queryModel: queryModel)
            let files = try Self.files(in: incremental)
            let shards = files.keys.filter { $0.hasPrefix("m/") }
            let meta = try #require(ScriptFile.json(of: String(decoding: files["meta.js"]!, as: UTF8.self), name: "meta"))
            guard case let .object(rules)? = try? JSONValue.parse(meta), case let .object(header)? = rules["queryModel"] else {
                #expect(queryModel == nil && shards.isEmpty, "round \(round): no model, no shards")
                continue
            }
            #expect(header["features"] == nil, "round \(round): meta.js holds the header only")
            #expect(header["unknownTopicThreshold"] == .number(0.2))
            guard case let .object(counts)? = rules["shards"], case let .number(count)? = counts["m"] else {
                Issue.record("round \(round): meta.js names no model shard count")
                continue
            }
            #expect(Set(shards) == Set((0..<Int(count)).map { "m/\($0).js" }), "round \(round): exactly the shards meta.js counts")
            #expect(size < 100 ? count == 1 : count > 1, "round \(round): \(count) shards for \(size) features")
            var seen: [String: JSONValue] = [:]
            for name in shards {
                let text = String(decoding: files[name]!, as: UTF8.self)
                let shard = String(name.dropLast(3))
                for (feature, entries) in try JSONValue.members(try #require(ScriptFile.json(of: text, name: shard))) {
                    #expect(seen[feature] == nil, "\(feature) is in one shard")
                    #expect("m/\(ShardHash.shard(String(feature.unicodeScalars.first!), count: Int(count)))" == shard,
                            "\(feature) is in the shard its first character's hash names")
                    seen[feature] = entries
                }
            }
            let expected = queryModel!.features.mapValues { entries in
                JSONValue.array(entries.map { .array([.number(Double($0.article)), .number($0.count)]) })
            }
            #expect(seen == expected, "round \(round): every feature with its entries")
            let full = site.url.appendingPathComponent("full-\(round)")
            _ = try Self.build(corpus, into: full, full: true, queryModel: queryModel)
            #expect(try Self.files(in: full) == files, "round \(round): in place equals a full build")
        }
        #expect(try Self.files(in: incremental).keys.allSatisfy { !$0.hasPrefix("m/") })
    }

    static func build(_ corpus: SyntheticCorpus, into folder: URL, full: Bool = false, queryModel: QueryModel? = nil,
                      synonyms: SynonymTable = SynonymTable(groups: [["钱款", "money"]])) throws -> SiteReport {
        var input = SiteInput(
            articles: corpus.articles, bodies: [:], renderBody: { _ in "" }, synonyms: synonyms,
            siteTitle: "测试", words: SiteWordsLoader.standard, siteDirectory: SiteFixture.repository.appendingPathComponent("site"),
            contentDirectory: folder, assets: [], documentNumbers: corpus.numbers)
        input.queryModel = queryModel
        let out = try SiteOutput(directory: folder, full: full)
        try BrowserIndex(input: input).emit(into: out, folder: SitePaths.searchIndex)
        return try out.finish()
    }

    static func files(in folder: URL) throws -> [String: Data] {
        let base = folder.appendingPathComponent(SitePaths.searchIndex)
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: base.path)
        while let path = enumerator?.nextObject() as? String {
            let url = base.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = try Data(contentsOf: url)
            }
        }
        return files
    }
}

/// Articles of random words from a small vocabulary with a skewed distribution, so that some words
/// are in most articles (frequent terms, split bands) and many in few. Document numbers follow
/// SQLite's rowids: an edited or added article takes the next number.
struct SyntheticCorpus {
    static let words = [
        "到账", "刷卡", "结算", "商户", "终端", "网络", "信号", "冻结", "银行", "账户", "手续费", "电签", "扫码", "退款",
        "交易", "成功", "失败", "客服", "风控", "维护", "系统", "升级", "凭证", "小票", "对账", "充值", "提现", "额度",
        "设备", "电池", "屏幕", "按键", "重启", "密码", "签名", "流水", "周末", "节假日", "延迟", "pos", "wifi", "4g",
        "处理", "检查", "确认", "联系", "查询", "记录", "开户行", "营业执照", "身份证", "人脸", "验证码", "短信", "通知",
    ]

    private var random: SeededRandom
    private(set) var articles: [Article] = []
    private(set) var numbers: [ArticleID: Int64] = [:]
    private var nextNumber: Int64 = 1
    private var serial = 0

    init(seed: UInt64, count: Int) {
        random = SeededRandom(seed: seed)
        for _ in 0..<count { add() }
    }

    private mutating func word() -> String {
        // Skewed: low indices far more often.
        let u = Double(random.next() % 10_000) / 10_000
        return Self.words[min(Self.words.count - 1, Int(u * u * u * Double(Self.words.count)))]
    }

    private mutating func phrase(_ count: Int) -> String { (0..<count).map { _ in word() }.joined() }

    private mutating func article(id: ArticleID) -> Article {
        let sections = (0..<(1 + Int(random.next() % 4))).map { index in
            Section(index: index, heading: index == 0 ? nil : phrase(2), level: index == 0 ? 0 : 2,
                    anchor: index == 0 ? nil : "s\(index)", text: phrase(5 + Int(random.next() % 30)), line: index + 1)
        }
        let frontMatter = FrontMatter(
            title: phrase(3), category: [.cause, .fix, .guide, .prevention, .product][Int(random.next() % 5)],
            products: [.smart], symptoms: [phrase(2), phrase(3)], summary: phrase(4), tags: [word()],
            updated: Day(year: 2026, month: 1, day: 1)!)
        let hash = ContentHash.hex(of: "\(id.rawValue)\(random.next())")
        return Article(id: id, sourcePath: "content/\(id.rawValue).md", contentHash: hash, frontMatter: frontMatter,
                       sections: sections, links: [])
    }

    private mutating func add() {
        serial += 1
        let id = ArticleID("causes/a-\(serial)")
        articles.append(article(id: id))
        numbers[id] = nextNumber
        nextNumber += 1
    }

    /// Edits in place, as an editor adding a sentence: a word more in an article's last section,
    /// its number kept.
    mutating func lengthen(edits: Int, round: Int) {
        for edit in 0..<edits {
            let index = Int(random.next() % UInt64(articles.count))
            var article = articles[index]
            article.sections[article.sections.count - 1].text += word()
            article.contentHash = ContentHash.hex(of: "\(article.contentHash)\(round)\(edit)")
            articles[index] = article
        }
    }

    mutating func change(edits: Int, additions: Int, deletions: Int, round: Int) {
        for _ in 0..<edits {
            let index = Int(random.next() % UInt64(articles.count))
            let id = articles[index].id
            articles[index] = article(id: id)
            numbers[id] = nextNumber
            nextNumber += 1
        }
        for _ in 0..<deletions {
            let removed = articles.remove(at: Int(random.next() % UInt64(articles.count)))
            numbers[removed.id] = nil
        }
        for _ in 0..<additions { add() }
    }
}

struct TemporaryFolder {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("kb-index-\(UUID().uuidString)")
    init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
    func remove() { try? FileManager.default.removeItem(at: url) }
}
