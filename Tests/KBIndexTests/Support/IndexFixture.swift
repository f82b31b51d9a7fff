import Foundation
import KBCore
import KBSearch
import KBText
import Testing
@testable import KBIndex

/// Articles made in code, and a temporary folder to index them in.
final class IndexFolder: @unchecked Sendable {
    let directory: URL
    var path: String { directory.appendingPathComponent("index.sqlite").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-index-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    @discardableResult
    func write(_ entries: [IndexEntry], synonyms: SynonymTable = .empty, full: Bool = false) throws -> IndexUpdate {
        try IndexWriter.write(entries, synonyms: synonyms, to: path, full: full)
    }

    func bytes() -> Data { FileManager.default.contents(atPath: path) ?? Data() }

    func reader() throws -> IndexReader { try IndexReader(path: path) }

    /// Files in the folder other than the index and its lock, e.g. staging files left behind.
    /// SQLite's own WAL files of the published index are not strays: a reader of the index in WAL
    /// mode creates them, and only a writer's last close removes them.
    func strayFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { !["index.sqlite", "index.sqlite-wal", "index.sqlite-shm"].contains($0) }
    }
}

enum Articles {
    static func entry(_ id: String, title: String, body: String, symptoms: [String] = [], tags: [String] = [],
                      sections: [(String, String)] = [], products: [Product] = [.eSign],
                      category: Category? = nil, related: [ArticleID] = []) -> IndexEntry {
        let articleID = ArticleID(id)
        var all = [Section(index: 0, heading: nil, level: 0, anchor: nil, text: body, line: 10)]
        for (offset, (heading, text)) in sections.enumerated() {
            all.append(Section(index: offset + 1, heading: heading, level: 2, anchor: Anchor.slug(heading), text: text,
                               line: 12 + 2 * offset))
        }
        let frontMatter = FrontMatter(title: title, category: category ?? articleID.folder.flatMap(Category.init(folder:)) ?? .fix,
                                      products: products, symptoms: symptoms, summary: "摘要：" + title, related: related,
                                      tags: tags, updated: Day(iso: "2026-10-08")!)
        let sectionTexts: [String] = sections.flatMap { [$0.0, $0.1] }
        let parts: [String] = [title, body] + symptoms + tags + sectionTexts
        let hash = ContentHash.hex(of: parts.joined(separator: "\u{0}"))
        let article = Article(id: articleID, sourcePath: "content/\(id).md", contentHash: hash, frontMatter: frontMatter,
                              sections: all, links: [])
        return IndexEntry(article: article, fileSize: body.utf8.count, fileModified: 1)
    }

    /// A small collection with overlapping words, enough for idf and filters to matter.
    static let sample: [IndexEntry] = [
        entry("causes/network", title: "网络信号不好导致交易不到账", body: "信号不好时交易数据传不出去，钱没到账。",
              symptoms: ["信号不好钱没到"], tags: ["4G", "Wi-Fi"], sections: [("处理步骤", "先看信号格，再切换Wi-Fi和4G。")],
              products: [.eSign, .traditional, .smart]),
        entry("causes/account", title: "结算账户冻结", body: "结算卡被冻结，钱打不进来。", symptoms: ["结算卡冻结"],
              products: [.traditional]),
        entry("fixes/check-network", title: "检查网络和信号", body: "看信号格，换位置，切换网络。",
              sections: [("信号不好怎么办", "把机器拿到窗边，信号就好了。")], products: [.smart]),
        entry("fixes/verify-account", title: "核对结算账户", body: "核对户名、账号和开户行。", products: [.eSign, .smart]),
        entry("products/e-sign", title: "电签POS", body: "电签POS内置eSIM，支持ＰＯＳ扫码和刷卡。", tags: ["e-sign"]),
    ]
}
