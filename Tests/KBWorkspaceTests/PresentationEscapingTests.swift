import Foundation
import KBCore
import KBIndex
import KBSearch
import KBText
import Testing
@testable import KBWorkspace

/// The build refuses control characters in content, but the terminal output does not rely on that:
/// an index holding them (written by an older kb, or by hand) still prints none.
@Suite struct PresentationEscapingTests {
    static let nasty = "\u{1B}[31m红\u{1B}]0;标题\u{07}\u{9B}2J\u{202E}\u{0}"

    @Test func textFromTheIndexIsSanitizedInEveryRendering() throws {
        let kb = try FixtureBase()
        let section = Section(index: 0, heading: nil, level: 0, anchor: nil, text: "信号不好" + Self.nasty + "步骤：\n1. 重启" + Self.nasty + "\n2. 再试", line: 10)
        let headed = Section(index: 1, heading: "小节" + Self.nasty, level: 2, anchor: "小节" + Self.nasty, text: "信号不好" + Self.nasty, line: 12)
        let frontMatter = FrontMatter(title: "标题" + Self.nasty, category: .fix, products: [.eSign],
                                      symptoms: ["症状" + Self.nasty], summary: "摘要" + Self.nasty,
                                      related: [ArticleID("fixes/x" + Self.nasty)], tags: [Self.nasty], updated: Day(iso: "2026-10-08")!)
        let article = Article(id: "fixes/nasty", sourcePath: "content/fixes/nasty" + Self.nasty + ".md", contentHash: "x",
                              frontMatter: frontMatter, sections: [section, headed], links: [])
        _ = try IndexWriter.write([IndexEntry(article: article, fileSize: 1, fileModified: 1)],
                                  synonyms: SynonymTable(groups: [["信号" + Self.nasty, "网络"]]), to: kb.base.indexPath)
        let service = try kb.service()
        let response = try service.search("信号不好")
        #expect(!response.results.isEmpty)
        let labels = Labels(.zh)
        let style = TerminalStyle(colors: false)
        let outputs = [
            SearchPresenter(labels: labels, style: style).text(response, explain: true),
            try ReplyFormatter(service: service).reply(response),
            try ArticleViewer(base: kb.base, labels: labels, style: style).render("fixes/nasty"),
            SearchPresenter(labels: labels, style: style).text(try service.search("量子" + Self.nasty), explain: false),
        ]
        for output in outputs {
            let control = output.unicodeScalars.first { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E }
            #expect(control == nil, "U+\(String(control?.value ?? 0, radix: 16)) in \(output)")
            #expect(output.contains("红") || output.contains("量子"))
        }
    }
}
