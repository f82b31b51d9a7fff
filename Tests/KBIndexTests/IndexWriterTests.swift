import Foundation
import KBCore
import KBSearch
import KBText
import Testing
@testable import KBIndex

@Suite struct IndexWriterTests {
    private func search(_ reader: IndexReader, _ query: String) throws -> [String] {
        try SearchEngine(index: reader).search(query, options: SearchOptions(limit: 50)).results.map(\.record.id.rawValue)
    }

    /// The reader builds its synonym table from the match keys stored with each member, not by
    /// tokenizing the members again: it must match exactly where the table the build had matches
    /// (split forms, Latin stems, full-width letters, Traditional script, every role).
    @Test func theStoredSynonymKeysMatchAsTheBuildsTableDoes() throws {
        let table = SynonymTable(groups: [
            SynonymTable.Group(members: ["不到账", "钱没到", "not credited"]),
            SynonymTable.Group(members: ["刷卡", "swipes", "ＰＯＳ刷卡"]),
            SynonymTable.Group(members: ["拉卡拉", "lakala"], role: .entity),
            SynonymTable.Group(members: ["手续费", "费率"], role: .outOfScope),
        ])
        let folder = try IndexFolder()
        _ = try folder.write(Articles.sample, synonyms: table)
        let stored = try folder.reader().synonyms
        #expect(stored == table)
        for query in ["刷卡到不了账", "钱到不了 swipe", "Not Credited 拉卡拉", "pos刷卡沒到賬", "手续费 lakala", "费率不能到账"] {
            let units = Tokenizer.units(of: query)
            #expect(stored.matches(in: units) == table.matches(in: units), "\(query)")
        }
        #expect(!stored.matches(in: Tokenizer.units(of: "刷卡到不了账")).isEmpty, "a split form is matched")
    }

    @Test func incrementalWritesOnlyWhatChanged() throws {
        let folder = try IndexFolder()
        let first = try folder.write(Articles.sample)
        #expect(first.added.count == 5 && !first.incremental && first.documentCount == 5)

        var next = Articles.sample
        next.remove(at: 1)  // causes/account deleted
        next[0] = Articles.entry("causes/network", title: "网络信号不好导致交易不到账", body: "基站检修时整片区域没有信号。")
        next.append(Articles.entry("fixes/new-one", title: "新增文章", body: "流量卡欠费停机。"))
        let second = try folder.write(next)
        #expect(second.incremental)
        #expect(second.added == ["fixes/new-one"])
        #expect(second.updated == ["causes/network"])
        #expect(second.removed == ["causes/account"])
        #expect(second.unchanged == 3)

        let reader = try folder.reader()
        #expect(reader.documentCount == 5)
        #expect(try reader.article("causes/account") == nil)
        #expect(try search(reader, "结算卡被冻结").allSatisfy { $0 != "causes/account" })
        #expect(try search(reader, "基站检修").first == "causes/network")
        #expect(try search(reader, "传不出去").isEmpty, "the old text of an updated article is gone from FTS")
        #expect(try search(reader, "欠费停机") == ["fixes/new-one"])

        let third = try folder.write(next)
        #expect(third.added.isEmpty && third.updated.isEmpty && third.removed.isEmpty && third.unchanged == 5)
    }

    @Test func incrementalAndFullBuildsHoldTheSameIndex() throws {
        let incremental = try IndexFolder(), full = try IndexFolder()
        var entries = Articles.sample
        try incremental.write(entries)
        entries.removeFirst()
        entries[0] = Articles.entry("causes/account", title: "结算账户异常", body: "户名填错了，钱退回。", symptoms: ["户名错了"])
        entries.append(Articles.entry("prevention/check", title: "定期核对", body: "每月核对一次结算账户。"))
        try incremental.write(entries)
        try full.write(entries, full: true)
        let a = try incremental.reader(), b = try full.reader()
        #expect(try a.allArticles() == b.allArticles())
        for query in ["结算账户", "信号", "钱", "户名错了", "核对", "pos", "esim", "wifi", "jiesuan"] {
            #expect(try search(a, query) == search(b, query), "\(query)")
        }
    }

    @Test func buildingTheSameContentTwiceGivesIdenticalBytes() throws {
        let one = try IndexFolder(), two = try IndexFolder()
        try one.write(Articles.sample, full: true)
        try two.write(Articles.sample.reversed(), full: true)
        #expect(one.bytes() == two.bytes())
    }

    private struct InjectedFault: Error {}

    /// A write that fails at any stage before publishing leaves the published file byte for byte as
    /// it was, and no staging file behind.
    @Test(arguments: [IndexWriter.Stage.stagingCopied, .halfWritten, .stagingWritten])
    func aFailedWriteLeavesThePreviousIndexUntouched(_ failing: IndexWriter.Stage) throws {
        let folder = try IndexFolder()
        try folder.write(Articles.sample)
        let before = folder.bytes()
        var changed = Articles.sample
        changed[0] = Articles.entry("causes/network", title: "改过的标题", body: "完全不同的正文。")
        changed.removeLast()
        for full in [false, true] where !(full && failing == .stagingCopied) {
            #expect(throws: InjectedFault.self) {
                try IndexWriter.write(changed, synonyms: .empty, to: folder.path, full: full) { stage in
                    if stage == failing { throw InjectedFault() }
                }
            }
            #expect(folder.bytes() == before, "\(failing), full: \(full)")
            #expect(folder.strayFiles().isEmpty, "\(folder.strayFiles())")
        }
        let reader = try folder.reader()
        #expect(try search(reader, "信号不好").first == "causes/network")
        #expect(try reader.article("products/e-sign") != nil)
    }

    /// An incremental write changes the published file in place (no copy, no rename: the same
    /// inode), in one WAL transaction: a reader opened before it keeps the version it opened, a
    /// reader opened after sees the new one, and the WAL is copied back into the file.
    @Test func anIncrementalWriteUpdatesTheIndexInPlace() throws {
        let folder = try IndexFolder()
        try folder.write(Articles.sample)
        func inode() -> UInt64 {
            var status = stat()
            return stat(folder.path, &status) == 0 ? UInt64(status.st_ino) : 0
        }
        let published = inode()
        let early = try folder.reader()
        let before = try search(early, "信号不好")
        #expect(before.first == "causes/network")

        var changed = Articles.sample
        changed[0] = Articles.entry("causes/network", title: "改过的标题", body: "完全不同的正文。")
        let update = try folder.write(changed)
        #expect(update.incremental && update.updated == [ArticleID("causes/network")])
        #expect(inode() == published, "updated in place")
        #expect(try search(early, "信号不好") == before, "an open reader keeps its version")
        #expect(try search(folder.reader(), "信号不好").first != "causes/network", "a new reader sees the edit")
        #expect(try search(folder.reader(), "完全不同的正文").first == "causes/network")

        // With no reader holding it back, the commit is copied into the file and the WAL emptied.
        _ = consume early
        try folder.write(Articles.sample)
        var wal = stat()
        #expect(stat(folder.path + "-wal", &wal) != 0 || wal.st_size == 0)
        #expect(try search(folder.reader(), "信号不好").first == "causes/network")
    }

    /// A killed build leaves `<index>.tmp-<pid>`; the next write removes it (its process is gone)
    /// but never the staging file of a live process.
    @Test func abandonedStagingFilesAreRemoved() throws {
        let folder = try IndexFolder()
        try folder.write(Articles.sample)
        let dead = IndexWriter.stagingPath(of: folder.path, process: 2_000_000_000)  // above any pid_max
        let alive = IndexWriter.stagingPath(of: folder.path, process: getppid())
        let unrelated = folder.path + ".tmp-notapid"
        for path in [dead, alive, unrelated] { FileManager.default.createFile(atPath: path, contents: Data("x".utf8)) }
        try folder.write(Articles.sample)
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: alive))
        #expect(FileManager.default.fileExists(atPath: unrelated))
    }

    @Test func theIndexRecordsItsSchemaVersion() throws {
        let folder = try IndexFolder()
        try folder.write(Articles.sample)
        let connection = try Connection(path: folder.path, mode: .readOnly)
        #expect(try connection.pragma("user_version") == Int64(Schema.version))
        #expect(try connection.pragma("application_id").map { Int32(truncatingIfNeeded: $0) } == Schema.applicationID)
    }

    /// Tokens reach FTS5 only inside quoted strings: whatever a token holds, the MATCH parses.
    @Test func hitsQuoteEveryToken() throws {
        let folder = try IndexFolder()
        try folder.write(Articles.sample)
        let reader = try folder.reader()
        let hostile = ["信号", "\"", "\"\"", "a\"b", "NOT", "*", "(", ")", "title:x", "^", "NEAR(a b)", "-", "'", "\u{0}", "", " "]
        let hits = try reader.hits(for: hostile, filter: SearchFilter())
        #expect(hits.documents.count == 2, "only 信号 matches: \(hits.documents.map(\.document))")
        #expect(try reader.documentFrequencies(of: hostile) == [2] + Array(repeating: 0, count: hostile.count - 1))
        let filtered = try reader.hits(for: ["信号"], filter: SearchFilter(category: .fix, product: .smart))
        #expect(filtered.documents.count == 1)
    }
}
