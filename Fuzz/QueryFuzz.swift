// libFuzzer target: a query from arbitrary bytes, parsed, planned and run against a real SQLite FTS5
// index. Any error is a finding: no query may fail, and none may reach SQL or FTS5 as syntax.
// Built and run by `make fuzz` (Tools/fuzz); not part of the SwiftPM package.
import Foundation
import KBCore
import KBIndex
import KBSearch
import KBText

/// An index of a few articles, written once per fuzzing process into a temporary folder.
let engine: SearchEngine = {
    let texts: [(String, String, String)] = [
        ("causes/network", "网络信号不好导致交易不到账", "刷卡时POS机要实时上送数据。信号不好、Wi-Fi断开或4G没有流量，交易超时，钱没到账。"),
        ("causes/account", "结算卡被冻结", "结算账户冻结、户名或开户行填错，钱打不进来。account frozen."),
        ("fixes/check-network", "检查网络和信号", "看信号格，换位置，切换Wi-Fi和4G，询问运营商。ＰＯＳ机重启。"),
        ("products/e-sign", "电签POS", "电签POS内置eSIM，支持扫码、刷卡、花呗和白条。e-sign terminal."),
    ]
    let entries = texts.map { id, title, body -> IndexEntry in
        let section = Section(index: 0, heading: nil, level: 0, anchor: nil, text: body, line: 1)
        let frontMatter = FrontMatter(title: title, category: ArticleID(id).folder.flatMap(Category.init(folder:)) ?? .fix,
                                      products: [.eSign, .smart], symptoms: [title + "怎么办"], summary: body,
                                      related: [], tags: ["4G", "Wi-Fi"], updated: Day(iso: "2026-10-08")!)
        let article = Article(id: ArticleID(id), sourcePath: "content/\(id).md", contentHash: ContentHash.hex(of: body),
                              frontMatter: frontMatter, sections: [section], links: [])
        return IndexEntry(article: article, fileSize: body.utf8.count, fileModified: 1)
    }
    let folder = NSTemporaryDirectory() + "kb-fuzz-\(getpid())"
    try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = folder + "/index.sqlite"
    let synonyms = SynonymTable(groups: [["不到账", "钱没到", "not received"], ["信号", "网络", "signal"], ["冻结", "frozen"]])
    _ = try! IndexWriter.write(entries, synonyms: synonyms, to: path, full: true)
    return SearchEngine(index: try! IndexReader(path: path))
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQuery(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let query = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let filters = [SearchFilter(), SearchFilter(category: .cause), SearchFilter(product: .traditional)]
    let filter = filters[size % filters.count]
    do {
        let response = try engine.search(query, options: SearchOptions(limit: 5, filter: filter))
        guard response.results.count <= 5, response.total >= response.results.count else {
            fatalError("inconsistent response for \(Array(query.utf8))")
        }
        for result in response.results {
            let length = result.snippet.text.utf8.count
            guard result.snippet.highlights.allSatisfy({ $0.lowerBound >= 0 && $0.upperBound <= length }) else {
                fatalError("highlight out of the snippet for \(Array(query.utf8))")
            }
        }
    } catch {
        fatalError("search failed: \(error) for \(Array(query.utf8))")
    }
    return 0
}
