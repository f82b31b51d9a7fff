import Foundation
import KBCore
import KBSearch
import Testing
@testable import KBWorkspace

/// Queries written to break a search engine. None may throw, crash, or reach SQL or FTS5 as syntax.
enum HostileQueries {
    static let ftsOperators = ["AND", "OR", "NOT", "NEAR", "NEAR/3", "NEAR(", "NEAR(信号 不好, 2)", "信号 AND 不好",
                               "信号 OR 不好", "信号 NOT 不好", "NOT 信号", "信号 NOT", "AND OR NOT", "OR", "信号*", "*",
                               "**", "^信号", "^", "信号^", "title:信号", "{title body}:信号", "-title:信号", "- 信号",
                               "-信号", "+信号", "信号 + 不好", "(信号", "信号)", "((((((((信号", "))))))))", "(信号 OR 不好)",
                               "\"信号", "信号\"", "\"\"", "\"\"\"", "\"信号\" \"不好", "'信号", "''", "`信号`", "col:", ":",
                               "::信号::", "rank:", "fts MATCH", "rowid:1", "\"*\"", "NEAR(\"信号\" \"不好\")", "\"NEAR\"",
                               "信号 NEAR 不好", "{", "}", "[信号]", "a:b:c", "title : 信号", "*信号*", "^\"信号\"*"]
    static let sqlSyntax = ["'; DROP TABLE articles; --", "\" OR 1=1 --", "信号'); DELETE FROM fts; --", "/* 信号 */",
                            "-- 信号", "?1", "?", ":name", "@p", "$x", "%", "_", "信号%", "%信号_", "\\", "\\\"", ";",
                            "1; SELECT * FROM sqlite_master", "x' UNION SELECT sql FROM sqlite_master --",
                            "char(27)", "|| 信号 ||", "0x00", "NULL", "null", "TRUE", "信号\\0不好"]
    static let controls: [String] = (0x00...0x1F).map { "信号" + String(UnicodeScalar(UInt8($0))) + "不好" }
        + ["\u{7F}", "\u{1B}[31m信号\u{1B}[0m", "\u{1B}]0;title\u{07}信号", "\u{9B}2J信号", "\u{0}", "\u{0}\u{0}\u{0}",
           "信号\u{0}", "\r\n信号\r\n", "\u{85}信号", "\u{2028}信号\u{2029}", "\u{FEFF}信号", "信\u{200B}号", "信\u{200D}号",
           "\u{202E}号信", "\u{2066}信号\u{2069}", "\u{FFFD}", "\u{FFFD}信号\u{FFFD}", "\u{FFFF}", "\u{E000}信号", "\u{10FFFF}"]
    static let unicode = ["🙂", "🙂🙂🙂", "信号🙂不好", "👨‍👩‍👧‍👦", "🇨🇳🇺🇸", "👍🏽", "信号👨‍👩‍👧不好",
                          "é", "é", "e\u{301}\u{301}\u{301}\u{301}\u{301}", "信\u{301}号", "\u{301}", "\u{301}\u{301}信号",
                          String(repeating: "\u{301}", count: 1000), "Z̴̡̢̛̗͖̪͇̙̈́̈́̾͑ą̵̛̹̮̰̓̊l̶̨̛̠̝͚̽g̸̢̛͇̣̈́o̵̟̿",
                          "ＡＮＤ", "ＯＲ　信号", "＊信号", "＂信号＂", "（信号）", "信号：不好", "ｔｉｔｌｅ：信号",
                          "𠀀𠀁𠀂", "㐀㐁", "ｶﾀｶﾅ", "한국어", "Ελληνικά", "עברית", "العربية", "ß", "ǅ", "ﬁ", "Ⅻ",
                          "①②③", "١٢٣", "𝐏𝐎𝐒", "ℌ", "\u{1F600}\u{FE0F}", "\u{FE0F}", "信\u{FE0F}号", "⼈⼝", "丨丶"]
    static let sizes = [String(repeating: "a", count: 10_000), String(repeating: "信", count: 10_000),
                        String(repeating: "信号不好", count: 2_500), String(repeating: "a ", count: 5_000),
                        String(repeating: "zhongguo", count: 1_250), String(repeating: "xinhao ", count: 1_500),
                        String(repeating: "9", count: 10_000), String(repeating: "-", count: 10_000),
                        String(repeating: "\"", count: 10_001), String(repeating: "(", count: 10_000),
                        String(repeating: "NOT ", count: 2_500), String(repeating: "🙂", count: 10_000),
                        String(repeating: "Wi-Fi-", count: 2_000), String(repeating: "信号 ", count: 5_000),
                        (0..<10_000).map { String(UnicodeScalar(UInt8(0x21 + $0 % 94))) }.joined(),
                        String(repeating: "到账钱没到刷卡成功", count: 12_000)]  // 108,000 characters
    static let empty = ["", " ", "   ", "\t", "\n", "\u{3000}", "\u{0}", ".", "。", "，，，", "!!!", "？"]

    static var all: [String] { ftsOperators + sqlSyntax + controls + unicode + sizes + empty }
}

@Suite struct HostileQueryTests {
    @Test func noQueryThrowsOrBreaksTheResponse() throws {
        let kb = try FixtureBase()
        try kb.build()
        let service = try kb.service()
        var tried = 0
        for query in HostileQueries.all {
            let response: SearchResponse
            do {
                response = try service.search(query, options: SearchOptions(limit: 20))
            } catch {
                Issue.record("\(query.prefix(40).debugDescription) threw \(error)")
                continue
            }
            tried += 1
            #expect(response.total >= response.results.count)
            #expect(response.results.count <= 20)
            let json = try SearchJSON(response, explain: true).encoded()
            #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil, "valid JSON for \(query.prefix(40).debugDescription)")
            let text = SearchPresenter(labels: Labels(.en), style: TerminalStyle(colors: false)).text(response, explain: true)
            let control = text.unicodeScalars.first { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) }
            #expect(control == nil, "\(query.prefix(40).debugDescription) printed control \(control.map { String($0.value, radix: 16) } ?? "")")
            for result in response.results {
                let snippet = result.snippet
                let length = snippet.text.utf8.count
                #expect(snippet.highlights.allSatisfy { $0.lowerBound >= 0 && $0.upperBound <= length })
            }
        }
        #expect(tried == HostileQueries.all.count)
        print("hostile queries in process: \(tried) tried, \(HostileQueries.all.count - tried) failed")
    }

    /// Operators are plain text: FTS5 keywords are case-sensitive, so if any reached FTS5 as syntax,
    /// `NOT 信号` and `not 信号` would differ; and quotes, stars, carets, colons, parentheses are
    /// separators, so wrapping a query in them changes nothing.
    @Test func operatorsAndSpecialCharactersAreText() throws {
        let kb = try FixtureBase()
        try kb.build()
        let service = try kb.service()
        func ids(_ query: String) throws -> [String] {
            try service.search(query, options: SearchOptions(limit: 50)).results.map(\.record.id.rawValue)
        }
        let base = try ids("信号 不好")
        #expect(!base.isEmpty)
        var compared = 0
        for wrapped in ["\"信号\" \"不好\"", "信号* 不好*", "^信号 ^不好", "(信号 不好)", "\"信号 不好", "信号) (不好",
                        "信号: 不好:", "{信号} {不好}", "信号 - 不好", "'信号' '不好'", "信号; 不好;", "信号 / 不好",
                        "信号　不好", "信号，不好！", "「信号」『不好』", "信号\u{0}不好", "信号\u{1B}不好", "信号\t不好",
                        "【信号】（不好）", "信号 + 不好", "信号|不好"] {
            #expect(try ids(wrapped) == base, "\(wrapped.debugDescription)")
            compared += 1
        }
        for keyword in ["AND", "OR", "NOT", "NEAR"] {
            for query in ["信号 \(keyword) 不好", "\(keyword) 信号", "信号 \(keyword)", "\(keyword)(信号 不好)"] {
                #expect(try ids(query) == ids(query.lowercased()), "\(query)")
                compared += 1
            }
        }
        #expect(compared == 37)
    }

    @Test func longQueriesAreTruncatedWithANotice() throws {
        let kb = try FixtureBase()
        try kb.build()
        let service = try kb.service()
        let long = "信号不好" + String(repeating: "啊", count: 99_996)
        #expect(long.count == 100_000)
        let response = try service.search(long)
        #expect(response.notices == ["query truncated to \(QueryParser.maxCharacters) characters"])
        #expect(response.results.first?.record.id == "fixes/check-signal")
        let shown = SearchPresenter(labels: Labels(.en), style: TerminalStyle(colors: false)).text(response, explain: false)
        #expect(shown.contains("(query truncated to 256 characters)"))
        #expect(shown.utf8.count < 10_000, "the answer does not echo 100,000 characters")
        let json = try JSONSerialization.jsonObject(with: Data(try SearchJSON(response, explain: false).encoded().utf8)) as? [String: Any]
        #expect(json?["notices"] as? [String] == ["query truncated to 256 characters"])

        let short = try service.search(String(repeating: "信", count: QueryParser.maxCharacters))
        #expect(short.notices.isEmpty)
    }
}
