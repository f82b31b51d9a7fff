import Foundation
import PropertyBased
import Testing
@testable import KBSearch
import KBText

/// A vocabulary made from a few sentences, standing in for an index.
struct SampleVocabulary: Vocabulary {
    static let texts = [
        "刷卡成功但是钱没到账", "网络信号不好交易超时", "结算卡被冻结", "电签POS内置eSIM", "Wi-Fi和4G切换",
        "机器摔坏了屏幕不亮", "到账慢怎么办", "terminal network settlement account", "打印纸用完了",
    ]
    let frequencies: [String: Int]
    let documentCount = SampleVocabulary.texts.count

    init() {
        var counts: [String: Int] = [:]
        for text in Self.texts {
            for term in Set(Tokenizer(mode: .document).tokens(text).map(\.text)) { counts[term, default: 0] += 1 }
        }
        frequencies = counts
    }

    func documentFrequencies(of tokens: [String]) throws -> [Int] { tokens.map { frequencies[$0] ?? 0 } }

    func terms(withPinyin key: String, limit: Int) throws -> [(term: String, documentFrequency: Int)] {
        Array(frequencies.filter { entry in
            entry.key.unicodeScalars.first.map { $0.value > 0x2E80 } == true
                && PinyinTable.shared.keys(for: entry.key, limit: 4).contains(key)
        }.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(limit).map { ($0.key, $0.value) })
    }

    func words(withinOneEditOf word: String, limit: Int) throws -> [(term: String, documentFrequency: Int)] {
        Array(frequencies.filter { $0.key.allSatisfy(\.isASCII) && $0.key != word && Self.oneEdit($0.key, word) }
            .sorted { $0.key < $1.key }.prefix(limit).map { ($0.key, $0.value) })
    }

    static func oneEdit(_ a: String, _ b: String) -> Bool {
        let x = Array(a), y = Array(b)
        guard abs(x.count - y.count) <= 1 else { return false }
        var i = 0
        while i < min(x.count, y.count) && x[i] == y[i] { i += 1 }
        if x.count == y.count { return Array(x.dropFirst(i + 1)) == Array(y.dropFirst(i + 1)) }
        return x.count > y.count ? Array(x.dropFirst(i + 1)) == Array(y.dropFirst(i)) : Array(x.dropFirst(i)) == Array(y.dropFirst(i + 1))
    }
}

enum QueryInput {
    /// Mostly the words of the sample, pinyin and query syntax, with arbitrary scalars mixed in.
    static let pieces: [String] = SampleVocabulary.texts.flatMap { text in text.map(String.init) }
        + ["daozhang", "xinhao", "shua ka", "jiqi", "pos", "wifi", "termnal", "setlement", " ", "  ", "-", "\"", "*", "(", ")",
           "NOT", "OR", "AND", "NEAR", ":", "^", "的", "了", "怎么办", "吗", "帐", "ＰＯＳ", "🙂", "\u{301}", "\u{0}", "\u{1B}"]

    static let text = Gen<UInt32>.value(in: 0...UInt32.max).array(of: 0...60).map { seeds in
        seeds.map { seed -> String in
            if seed % 8 == 0 {
                let value = (seed / 8) % 0x10F800
                return String(Character(Unicode.Scalar(value < 0xD800 ? value : value + 0x800)!))
            }
            return pieces[Int(seed / 8) % pieces.count]
        }.joined()
    }
}

@Suite struct QueryPlanPropertyTests {
    static let scale = Int(ProcessInfo.processInfo.environment["KB_PROPERTY_SCALE"] ?? "") ?? 1
    let vocabulary = SampleVocabulary()
    let synonyms = SynonymTable(groups: [["到账", "入账"], ["不到账", "钱没到", "not received"], ["信号", "网络"]])

    /// Parsing and planning never fail, stay within bounds, and only ever ask the index for tokens
    /// the tokenizer itself produces (so a quoted token finds exactly what it names).
    @Test func anyQueryPlansIntoWellFormedTokens() async throws {
        await propertyCheck(count: 300 * max(1, Self.scale), input: QueryInput.text) { query in
            let parsed = QueryParser(synonyms: synonyms).parse(query)
            #expect(parsed.truncated == (query.unicodeScalars.count > QueryParser.maxCharacters))
            for homophones in [false, true] {
                let plan = try QueryPlanner(synonyms: synonyms).plan(parsed, vocabulary: vocabulary, homophones: homophones)
                #expect(Set(plan.tokens).count == plan.tokens.count, "tokens are interned")
                #expect(plan.documentFrequencies.count == plan.tokens.count)
                for token in plan.tokens {
                    #expect(Tokenizer(mode: .query).terms(token) == [token], "\(token.debugDescription) from \(query.debugDescription)")
                }
                for concept in plan.concepts {
                    #expect(concept.alternatives.allSatisfy { $0.tokens.allSatisfy(plan.tokens.indices.contains) })
                }
                #expect(plan.tokens.count <= 4 * QueryParser.maxCharacters, "bounded work: \(plan.tokens.count) tokens")
            }
        }
    }

    /// A document containing every token of a query's exact alternatives is found by its plan: the
    /// plan asks for tokens of the query text itself, never something else.
    @Test func exactAlternativesComeFromTheQueryText() async throws {
        await propertyCheck(count: 300 * max(1, Self.scale), input: QueryInput.text) { query in
            let parsed = QueryParser(synonyms: .empty).parse(query)
            let plan = try QueryPlanner(synonyms: .empty).plan(parsed, vocabulary: vocabulary, homophones: false)
            let queryTokens = Set(Tokenizer(mode: .document).tokens(parsed.text).map(\.text))
            for concept in plan.concepts {
                for alternative in concept.alternatives where alternative.tier == .exact {
                    for token in alternative.tokens {
                        #expect(queryTokens.contains(plan.tokens[token]), "\(plan.tokens[token]) not in \(parsed.text.debugDescription)")
                    }
                }
            }
        }
    }
}
