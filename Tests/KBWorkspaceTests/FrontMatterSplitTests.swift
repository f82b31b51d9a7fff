import Foundation
import KBCore
import Testing
@testable import KBWorkspace

/// The byte-level `FrontMatterReader.split` must split exactly as splitting the text into
/// `Character` lines did (the first implementation, kept here as the reference).
private func referenceSplit(_ text: String) -> (yaml: String, body: String, bodyLine: Int)? {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
        line.hasSuffix("\r") ? line.dropLast() : line
    }
    if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = first.dropFirst() }
    guard let first = lines.first, first.trimmingCharacters(in: .whitespaces) == "---" else { return nil }
    guard let close = lines.indices.dropFirst().first(where: {
        let line = lines[$0].trimmingCharacters(in: .whitespaces)
        return line == "---" || line == "..."
    }) else { return nil }
    return (lines[1..<close].joined(separator: "\n"), lines[(close + 1)...].joined(separator: "\n"), close + 2)
}

@Suite struct FrontMatterSplitTests {
    static let cases = [
        "---\ntitle: a\n---\nbody\n",
        "---\ntitle: a\n---\nbody",
        "---\n---\n",
        "---\n---",
        "---\ntitle: a\n...\n# 标题\n\n正文\n",
        "\u{FEFF}---\ntitle: 中文\n---\n正文\r",
        "---\r\ntitle: a\r\n---\r\nbody\r\n",
        "---\ntitle: a\r\n---\nbody\r\n",
        "  ---\t\ntitle: a\n \u{3000}---\u{00A0}\nbody\n",
        "---\ntitle: a\n",
        "title: a\n---\n",
        "",
        "\n---\n---\n",
        "---\n--- \n\n\nlast\r",
        "---\na: b\r\r\n---\nx\r\ry\n\r",
        "---\na: -- -\n----\n---\n\u{301}body",
    ]

    @Test func splitsAsCharacterLinesDid() {
        for text in Self.cases {
            let expected = referenceSplit(text)
            switch FrontMatterReader.split(text, path: "content/x.md") {
            case let .success(split):
                #expect(expected?.yaml == split.yaml, "\(text.debugDescription)")
                #expect(expected?.body == split.body, "\(text.debugDescription)")
                #expect(expected?.bodyLine == split.bodyLine, "\(text.debugDescription)")
            case .failure:
                #expect(expected == nil, "\(text.debugDescription)")
            }
        }
    }

    @Test func splitsEveryFileOfTheKnowledgeBaseAsBefore() throws {
        let content = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../content")
        let files = FileManager.default.enumerator(atPath: content.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".md") } ?? []
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOf: content.appendingPathComponent(file), encoding: .utf8)
            guard case let .success(split) = FrontMatterReader.split(text, path: file) else {
                #expect(referenceSplit(text) == nil, "\(file)")
                continue
            }
            let expected = referenceSplit(text)
            #expect(expected?.yaml == split.yaml && expected?.body == split.body && expected?.bodyLine == split.bodyLine, "\(file)")
        }
    }
}
