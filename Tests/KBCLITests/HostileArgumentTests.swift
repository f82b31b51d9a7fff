import Foundation
import Testing

/// `kb search` given hostile bytes as its arguments, as a shell would pass them: no crash, no hang,
/// never an SQL or FTS5 error, and JSON that parses whatever the query held.
@Suite struct HostileArgumentTests {
    static let invalidUTF8: [[UInt8]] = [
        [0xFF], [0xFE, 0xFF], [0x80], [0xBF, 0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80],
        [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xE4, 0xBF], [0xF0, 0x9F, 0x99], [0xF4, 0x90, 0x80, 0x80],
        [0xF5, 0x80, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
        Array("信号".utf8) + [0xFF] + Array("不好".utf8),
        [0xE4] + Array("信号".utf8) + [0xBF],
        Array("\"信号".utf8) + [0xC3] + Array(" NOT *".utf8),
        Array(repeating: 0xFF, count: 10_000),
        (0..<2_000).flatMap { _ in [0xE4, 0xBF] as [UInt8] } + Array("信号".utf8),
    ]

    static let texts: [String] = [
        "NOT 信号", "信号 AND 不好", "NEAR(信号 不好)", "\"信号", "信号\"\"\"", "(((信号", "title:信号", "{title}:信号", "信号*",
        "^信号", "'; DROP TABLE articles; --", "\" OR 1=1 --", "?1", ":a", "\u{1}\u{2}\u{3}信号", "\u{1B}[2J信号",
        "信号\u{7F}不好", "🙂👨‍👩‍👧‍👦🇨🇳", "e\u{301}\u{301}\u{301}信号", "\u{202E}信号", "信\u{200B}号",
        String(repeating: "a", count: 10_000), String(repeating: "信号", count: 5_000), String(repeating: "(", count: 10_000),
        String(repeating: "\"", count: 9_999), "ＮＯＴ　信号＊",
    ]

    private func check(_ kb: Sandbox, query: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let label = String(decoding: query.prefix(40), as: UTF8.self).debugDescription
        let result = try kb.spawn(raw: [Array("search".utf8), Array("--json".utf8), Array("--".utf8), query])
            .wait(timeout: HangGuard.process)
        #expect(!result.timedOut, "\(label) hung", sourceLocation: sourceLocation)
        #expect(result.status == 0 || result.status == 1, "\(label): \(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.isEmpty, "\(label): \(result.stderr)", sourceLocation: sourceLocation)
        let object = try? JSONSerialization.jsonObject(with: Data(result.stdoutBytes)) as? [String: Any]
        #expect(object?["results"] is [Any], "\(label): \(result.stdout.prefix(300))", sourceLocation: sourceLocation)
    }

    @Test func invalidUTF8AndHostileTextInArguments() throws {
        let kb = try Sandbox()
        try kb.build()
        for query in Self.invalidUTF8 { try check(kb, query: query) }
        for text in Self.texts { try check(kb, query: Array(text.utf8)) }
        print("hostile queries as arguments: \(Self.invalidUTF8.count) invalid UTF-8, \(Self.texts.count) other")
        // Invalid bytes are separators: around them, the words are still found.
        let repaired = try kb.spawn(raw: [Array("search".utf8), Array("--json".utf8), Self.invalidUTF8[14]]).wait()
        #expect(repaired.status == 0, "\(repaired)")
        #expect(repaired.stdout.contains("\"id\":\"fixes/check-signal\""))
    }

    @Test func aQueryThatLooksLikeAnOptionIsAUsageErrorUnlessAfterDashDash() throws {
        let kb = try Sandbox()
        try kb.build()
        let option = try kb.kb("search", "-信号")
        #expect(option.status == 2)
        #expect(option.stderr.hasPrefix("kb: ") && option.stderr.hasSuffix("(see `kb search --help`)\n"), "\(option.stderr)")
        let text = try kb.kb("search", "--", "-信号")
        #expect(text.status == 0, "\(text)")
    }

    @Test func aHundredThousandCharacterQueryIsTruncatedWithANotice() throws {
        let kb = try Sandbox()
        try kb.build()
        let query = "信号不好" + String(repeating: "!", count: 99_996)
        #expect(query.count == 100_000)
        let json = try kb.spawn(["search", "--json", query]).wait(timeout: HangGuard.process)
        #expect(json.status == 0, "\(json)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdoutBytes)) as? [String: Any]
        #expect(object?["notices"] as? [String] == ["query truncated to 256 characters"])
        let text = try kb.spawn(["search", query]).wait(timeout: HangGuard.process)
        #expect(text.status == 0)
        #expect(text.stdout.contains("(query truncated to 256 characters)"))
        #expect(text.stdout.utf8.count < 8_000, "the query is not echoed whole: \(text.stdout.utf8.count) bytes")
    }
}
