import Foundation
import Testing

/// Content written to break a build. Each case gets a clear `path:line:column` error, or a warning
/// when the rest of the build can go on; a failed `kb build` exits 1 and leaves the previous index
/// byte for byte as it was; and afterwards every fixture article is still found.
@Suite struct HostileContentTests {
    enum Expectation: Sendable {
        /// The build stops; standard error holds each of these lines (or line beginnings).
        case fails([String])
        /// The build succeeds with these warnings; the hostile file may or may not be indexed.
        case warns([String])
        /// The build succeeds, and a search for the query finds the article with this id.
        case indexes(query: String, id: String)
    }

    struct Fixture: Sendable, CustomStringConvertible {
        var name: String
        var setUp: @Sendable (Sandbox) throws -> Void
        var expectation: Expectation
        var description: String { name }
    }

    /// A valid article around `body`, with `title`.
    static func article(title: String = "测试文章", body: String) -> String {
        """
        ---
        title: \(title)
        category: fix
        products: [e-sign]
        symptoms: [测试症状\(title.count)]
        summary: 测试用的摘要。
        updated: 2026-10-08
        ---

        \(body)
        """
    }

    static let frontMatter = Array(article(title: "坏文件", body: "").utf8)

    static let fixtures: [Fixture] = [
        Fixture(name: "invalid UTF-8 in the body", setUp: { kb in
            try kb.write("content/fixes/bad-utf8.md", frontMatter + Array("第一行\n第二行".utf8) + [0xE4, 0xBF, 0x21] + Array("\n".utf8))
        }, expectation: .fails(["content/fixes/bad-utf8.md:11:4: error: the file is not valid UTF-8 (byte 155) (save it as UTF-8)"])),
        Fixture(name: "invalid UTF-8 in the front matter", setUp: { kb in
            try kb.write("content/fixes/bad-utf8-yaml.md", Array("---\ntitle: ".utf8) + [0xC3, 0x28] + Array("\n---\n正文\n".utf8))
        }, expectation: .fails(["content/fixes/bad-utf8-yaml.md:2:8: error: the file is not valid UTF-8 (byte 11)"])),
        Fixture(name: "Latin-1 text", setUp: { kb in
            try kb.write("content/fixes/latin1.md", Array("---\ntitle: caf".utf8) + [0xE9] + Array("\n---\n".utf8))
        }, expectation: .fails(["content/fixes/latin1.md:2:11: error: the file is not valid UTF-8 (byte 14)"])),
        Fixture(name: "a PNG named .md", setUp: { kb in
            try kb.write("content/fixes/image.md", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D] + Array(repeating: 0xAB, count: 500))
        }, expectation: .fails(["content/fixes/image.md:3:1: error: the file contains a NUL byte: it looks like a binary file, not Markdown"])),
        Fixture(name: "a NUL byte deep in a text file", setUp: { kb in
            try kb.write("content/fixes/nul.md", Array(article(body: "正文\n\n第二段").utf8) + [0] + Array("尾巴".utf8))
        }, expectation: .fails(["content/fixes/nul.md:12:4: error: the file contains a NUL byte"])),
        Fixture(name: "a terminal escape sequence in the body", setUp: { kb in
            try kb.write("content/fixes/escape.md", article(body: "第一段。\n\n红色\u{1B}[31m字\u{1B}[0m。"))
        }, expectation: .fails(["content/fixes/escape.md:12:3: error: the file contains the control character U+001B (delete it: it is invisible, and no article needs it)"])),
        Fixture(name: "a C1 control in the front matter", setUp: { kb in
            try kb.write("content/fixes/c1.md", article(title: "标题\u{9B}2J", body: "正文"))
        }, expectation: .fails(["content/fixes/c1.md:2:10: error: the file contains the control character U+009B"])),
        Fixture(name: "a YAML escape that makes a control character", setUp: { kb in
            try kb.write("content/fixes/yaml-escape.md", article(title: "\"标题\\e]0;改窗口标题\\a\"", body: "正文"))
        }, expectation: .fails(["content/fixes/yaml-escape.md:2:8: error: `title` contains the control character U+001B (remove the escape or entity that makes it)"])),
        Fixture(name: "an HTML entity that makes a control character", setUp: { kb in
            try kb.write("content/fixes/entity.md", article(body: "开头。\n\n## 小节\n\n文字&#27;[2J清屏&#x9b;。"))
        }, expectation: .fails(["content/fixes/entity.md:12:1: error: this section contains the control character U+001B"])),
        Fixture(name: "an empty file", setUp: { kb in
            try kb.write("content/fixes/empty.md", "")
        }, expectation: .fails(["content/fixes/empty.md:1:1: error: the file is empty (write front matter and a body, or delete it)"])),
        Fixture(name: "only whitespace", setUp: { kb in
            try kb.write("content/fixes/blank.md", "\n\n   \n\t\n")
        }, expectation: .fails(["content/fixes/blank.md:1:1: error: the file does not start with front matter"])),
        Fixture(name: "front matter without its closing ---", setUp: { kb in
            try kb.write("content/fixes/unclosed.md", "---\ntitle: 没有结尾\ncategory: fix\n\n正文\n")
        }, expectation: .fails(["content/fixes/unclosed.md:1:1: error: front matter opened here is never closed (add a line `---` after the last field)"])),
        Fixture(name: "no front matter at all", setUp: { kb in
            try kb.write("content/fixes/bare.md", "# 标题\n\n正文\n")
        }, expectation: .fails(["content/fixes/bare.md:1:1: error: the file does not start with front matter"])),
        Fixture(name: "YAML that is a list", setUp: { kb in
            try kb.write("content/fixes/list.md", "---\n- title\n- 网络\n---\n正文\n")
        }, expectation: .fails(["content/fixes/list.md:2:1: error: front matter must be `field: value` lines"])),
        Fixture(name: "YAML that is a scalar", setUp: { kb in
            try kb.write("content/fixes/scalar.md", "---\n只是一句话\n---\n正文\n")
        }, expectation: .fails(["content/fixes/scalar.md:2:1: error: front matter must be `field: value` lines"])),
        Fixture(name: "empty YAML", setUp: { kb in
            try kb.write("content/fixes/empty-yaml.md", "---\n---\n正文\n")
        }, expectation: .fails(["content/fixes/empty-yaml.md:2:1: error: missing required field `category`"])),
        Fixture(name: "YAML syntax error", setUp: { kb in
            try kb.write("content/fixes/syntax.md", "---\ntitle: [没有关上\ncategory: fix\n---\n正文\n")
        }, expectation: .fails(["content/fixes/syntax.md:", ": error: front matter is not valid YAML"])),
        Fixture(name: "YAML alias bomb", setUp: { kb in
            var yaml = "---\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
            for level in 1...9 { yaml += "x\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
            yaml += "title: 炸弹\ncategory: fix\nproducts: [e-sign]\nsymptoms: *a9\nsummary: 摘要\nupdated: 2026-10-08\n---\n正文\n"
            try kb.write("content/fixes/bomb.md", yaml)
        }, expectation: .fails(["content/fixes/bomb.md:2:1: error: unknown field `x0`"])),
        Fixture(name: "a 20 MB article", setUp: { kb in
            let paragraph = "刷卡成功但是钱没到账，先查交易记录，再查结算账户。" + String(repeating: "这是很长的正文。", count: 60) + "\n\n"
            let body = String(repeating: paragraph, count: 20 * 1_048_576 / paragraph.utf8.count + 1)
            try kb.write("content/fixes/huge.md", article(body: body))
        }, expectation: .fails(["content/fixes/huge.md:1:1: error: the file is 20.0 MB; articles are limited to 4 MB (split it into several articles)"])),
        Fixture(name: "a 4 MB line", setUp: { kb in
            try kb.write("content/fixes/long-line.md", article(title: "超长的一行", body: "开头" + String(repeating: "长", count: 1_300_000) + "结尾超长行"))
        }, expectation: .indexes(query: "超长的一行", id: "fixes/long-line")),
        Fixture(name: "10,000 nested lists", setUp: { kb in
            try kb.write("content/fixes/deep-list.md", article(title: "很深的列表", body: String(repeating: "- ", count: 10_000) + "列表最深处"))
        }, expectation: .indexes(query: "列表最深处", id: "fixes/deep-list")),
        Fixture(name: "10,000 nested block quotes", setUp: { kb in
            try kb.write("content/fixes/deep-quote.md", article(title: "很深的引用", body: String(repeating: ">", count: 10_000) + " 引用最深处"))
        }, expectation: .indexes(query: "引用最深处", id: "fixes/deep-quote")),
        Fixture(name: "2,500 nested quotes, one level more per line", setUp: { kb in
            let lines = (0..<2_500).map { String(repeating: ">", count: $0 + 1) + " 第\($0)层" }
            try kb.write("content/fixes/deep-lines.md", article(title: "逐行加深", body: lines.joined(separator: "\n") + "\n" + String(repeating: ">", count: 2_500) + " 逐行最深处"))
        }, expectation: .indexes(query: "逐行最深处", id: "fixes/deep-lines")),
        Fixture(name: "one character repeated 100,000 times", setUp: { kb in
            try kb.write("content/fixes/repeated.md", article(title: "重复的字", body: "开头" + String(repeating: "长", count: 100_000) + "结尾"))
        }, expectation: .indexes(query: "长长", id: "fixes/repeated")),
        Fixture(name: "one word repeated 100,000 times", setUp: { kb in
            try kb.write("content/fixes/words.md", article(title: "重复的词", body: String(repeating: "zzq ", count: 100_000)))
        }, expectation: .indexes(query: "zzq", id: "fixes/words")),
        Fixture(name: "a byte-order mark and CRLF line ends", setUp: { kb in
            try kb.write("content/fixes/windows.md", [0xEF, 0xBB, 0xBF] + Array(article(title: "记事本保存的文章", body: "正文带回车换行。").replacingOccurrences(of: "\n", with: "\r\n").utf8))
        }, expectation: .indexes(query: "记事本保存", id: "fixes/windows")),
        Fixture(name: "a folder symlink loop", setUp: { kb in
            try FileManager.default.createSymbolicLink(atPath: kb.url("content/fixes/loop").path, withDestinationPath: "..")
        }, expectation: .warns(["content/fixes/loop:1:1: warning: folder reached twice through a symbolic link; skipped"])),
        Fixture(name: "a file symlink loop", setUp: { kb in
            try FileManager.default.createSymbolicLink(atPath: kb.url("content/fixes/a.md").path, withDestinationPath: "b.md")
            try FileManager.default.createSymbolicLink(atPath: kb.url("content/fixes/b.md").path, withDestinationPath: "a.md")
        }, expectation: .warns(["content/fixes/a.md:1:1: warning: cannot read this entry (a broken symbolic link?); skipped",
                                "content/fixes/b.md:1:1: warning: cannot read this entry"])),
        Fixture(name: "a dangling symlink", setUp: { kb in
            try FileManager.default.createSymbolicLink(atPath: kb.url("content/fixes/gone.md").path, withDestinationPath: "nowhere/gone.md")
        }, expectation: .warns(["content/fixes/gone.md:1:1: warning: cannot read this entry (a broken symbolic link?); skipped"])),
        Fixture(name: "a symlink to /dev/zero", setUp: { kb in
            try FileManager.default.createSymbolicLink(atPath: kb.url("content/fixes/zero.md").path, withDestinationPath: "/dev/zero")
        }, expectation: .warns(["content/fixes/zero.md:1:1: warning: not a regular file (a device, pipe or socket); skipped"])),
        Fixture(name: "a named pipe", setUp: { kb in
            _ = mkfifo(kb.url("content/fixes/pipe.md").path, 0o644)
        }, expectation: .warns(["content/fixes/pipe.md:1:1: warning: not a regular file (a device, pipe or socket); skipped"])),
        Fixture(name: "a file name that is not an id", setUp: { kb in
            try kb.write("content/fixes/Check Network.md", article(body: "正文"))
        }, expectation: .fails(["content/fixes/Check Network.md:1:1: error: article id `fixes/Check Network` is not lowercase ASCII letters, digits and hyphens"])),
        Fixture(name: "synonyms that are not a list", setUp: { kb in
            try kb.write("content/synonyms.yml", "到账: 入账\n")
        }, expectation: .fails(["content/synonyms.yml:1:1: error: the synonyms file must be a list of groups"])),
        Fixture(name: "synonyms with invalid UTF-8", setUp: { kb in
            try kb.write("content/synonyms.yml", Array("- [到账, ".utf8) + [0xFF] + Array("]\n".utf8))
        }, expectation: .fails(["content/synonyms.yml:1:1: error: the synonyms file is not valid UTF-8"])),
        Fixture(name: "a site title with an escape", setUp: { kb in
            try kb.write("kb.yml", "site:\n  title: \"帮助\\e]0;中心\"\n")
        }, expectation: .fails(["kb.yml:2:10: error: `site.title` contains the control character U+001B"])),
        Fixture(name: "a synonym with an escape", setUp: { kb in
            try kb.write("content/synonyms.yml", "- [到账, \"入\\e[2J账\"]\n")
        }, expectation: .fails(["content/synonyms.yml:1:8: error: a synonym contains the control character U+001B"])),
        Fixture(name: "kb.yml that is binary", setUp: { kb in
            try kb.write("kb.yml", [0x00, 0xFF, 0xFE, 0x00])
        }, expectation: .fails(["kb.yml:1:1: error: kb.yml is not valid UTF-8"])),
    ]

    /// Situations that need more than a file (HostileBuildTests): a file deleted, changed after
    /// the listing, changed while read, broken while read; content/ missing; content/, a folder
    /// and a file unreadable.
    static let countOfSpecialCases = 8

    @Test func fixturesAreDistinct() {
        #expect(Set(Self.fixtures.map(\.name)).count == Self.fixtures.count)
        print("hostile content fixtures: \(Self.fixtures.count) files, plus \(Self.countOfSpecialCases) build situations (HostileBuildTests)")
    }

    @Test(arguments: HostileContentTests.fixtures)
    func hostileContent(_ fixture: Fixture) throws {
        let kb = try Sandbox()
        let failing = if case .fails = fixture.expectation { true } else { false }
        // Where the build must fail, it runs with the site too, to show the site is left as it was.
        if failing { try kb.addSiteTemplates() }
        let first = try kb.spawn(failing ? ["build"] : ["build", "--no-site"]).wait()
        #expect(first.status == 0, "\(first)")
        let before = try #require(kb.indexBytes())
        let siteBefore = kb.siteSnapshot()
        try fixture.setUp(kb)
        let result = try kb.spawn(failing ? ["build"] : ["build", "--no-site"]).wait(timeout: HangGuard.process)
        #expect(!result.timedOut, "\(fixture.name): the build hung")
        switch fixture.expectation {
        case let .fails(lines):
            #expect(result.status == 1, "\(fixture.name): \(result)")
            for line in lines { #expect(result.stderr.contains(line), "\(fixture.name) lacks `\(line)`:\n\(result.stderr)") }
            #expect(result.stderr.hasSuffix("the previous index and site are unchanged\n"), "\(fixture.name): \(result.stderr)")
            #expect(kb.indexBytes() == before, "\(fixture.name): the previous index changed")
            let siteAfter = kb.siteSnapshot()
            #expect(siteAfter.count == siteBefore.count && siteAfter.count > 20, "\(fixture.name): \(siteBefore.count) → \(siteAfter.count) site files")
            for (path, (data, date)) in siteBefore {
                #expect(siteAfter[path]?.0 == data && siteAfter[path]?.1 == date, "\(fixture.name): public/\(path) changed")
            }
            let check = try kb.kb("check")
            #expect(check.status == 1, "\(fixture.name): kb check agrees")
            for line in lines { #expect(check.stderr.contains(line), "\(fixture.name): kb check lacks `\(line)`") }
        case let .warns(lines):
            #expect(result.status == 0, "\(fixture.name): \(result)")
            for line in lines { #expect(result.stderr.contains(line), "\(fixture.name) lacks `\(line)`:\n\(result.stderr)") }
            // Nothing lost: all ten fixture articles are in the new index.
            #expect(result.stderr.contains("built 10 articles"), "\(fixture.name): \(result.stderr)")
            #expect(try kb.searchIDs("打印纸用完或装反导致小票打不出来")?.first == "causes/paper-out")
        case let .indexes(query, id):
            #expect(result.status == 0, "\(fixture.name): \(result)")
            #expect(result.stderr.contains("built 11 articles"), "\(fixture.name): \(result.stderr)")
            #expect(try kb.searchIDs(query)?.first == id, "\(fixture.name): \(query)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: kb.url(".kb").path).filter { $0.contains(".tmp-") }.isEmpty)
    }

    static let fixtureTitles: [(id: String, title: String)] = [
        ("causes/paper-out", "打印纸用完或装反导致小票打不出来"), ("fixes/check-signal", "检查POS机的网络信号"),
        ("guides/refund-not-received", "顾客说退款没到账怎么办"), ("products/qr-box", "扫码盒子介绍"),
        ("causes/sim-suspended", "流量卡欠费停机导致机器连不上网"),
    ]

    static func expectEverythingFound(_ kb: Sandbox, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for (id, title) in fixtureTitles {
            #expect(try kb.searchIDs(title)?.first == id, "\(name): \(title) is not found first", sourceLocation: sourceLocation)
        }
    }
}
