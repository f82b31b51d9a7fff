import Foundation
import KBCore
import KBSearch
import Testing
@testable import KBIndex

/// A damaged index file is recognised when it is opened (or at the latest when a search reads the
/// damaged part) and reported as "rebuild with kb build", never a crash and never a wrong answer.
@Suite struct DamagedIndexTests {
    static let queries = ["信号不好", "结算卡冻结", "钱", "wifi", "电签POS", "核对户名", "xinhao", "不存在的词"]

    /// What each query returns from an intact index: the answer a damaged file must give or refuse.
    private static func answers(_ reader: IndexReader) throws -> [[String]] {
        try queries.map { query in
            try SearchEngine(index: reader).search(query, options: SearchOptions(limit: 50)).results.map {
                "\($0.record.id) \($0.section.index) \($0.snippet.text) \($0.record.title) \($0.record.summary)"
            }
        }
    }

    private enum Outcome: Equatable { case refused, sameAnswers, wrongAnswers(String) }

    /// Opens and searches `path`: refused with a rebuild message, or answers equal to `expected`.
    private static func outcome(_ path: String, expected: [[String]]) -> Outcome {
        do {
            let reader = try IndexReader(path: path)
            let got = try answers(reader)
            return got == expected ? .sameAnswers : .wrongAnswers("\(got)")
        } catch let error as IndexError {
            switch error {
            case .damaged, .incompatibleSchema:
                return error.description.contains("rebuild it with `kb build") ? .refused : .wrongAnswers("message: \(error)")
            default:
                return .wrongAnswers("not reported as damaged: \(error)")
            }
        } catch {
            return .wrongAnswers("unexpected \(error)")
        }
    }

    private func pristine(_ entries: [IndexEntry] = Articles.sample) throws -> (IndexFolder, Data, [[String]]) {
        let folder = try IndexFolder()
        try folder.write(entries)
        return (folder, folder.bytes(), try Self.answers(folder.reader()))
    }

    /// Articles long enough that their rows spill onto overflow pages.
    static let long: [IndexEntry] = Articles.sample.map { entry in
        let article = entry.article
        let body = (0..<80).map { "第\($0)句：" + (article.sections.first?.text ?? "") }.joined()
        return Articles.entry(article.id.rawValue, title: article.title, body: body, symptoms: article.frontMatter.symptoms,
                              tags: article.frontMatter.tags, products: article.frontMatter.products)
    }

    @Test func truncatedFilesAreRefusedAtOpen() throws {
        let (folder, bytes, _) = try pristine()
        let pageSize = 4096
        #expect(bytes.count % pageSize == 0 && bytes.count >= 8 * pageSize)
        var cuts = [0, 1, 50, 99, 100, 101, 512, pageSize - 1, pageSize, pageSize + 1, bytes.count - 1, bytes.count - pageSize]
        cuts += stride(from: 2 * pageSize, to: bytes.count, by: pageSize).map { $0 }
        cuts += stride(from: 2 * pageSize + 777, to: bytes.count, by: 3 * pageSize).map { $0 }
        print("truncated index: \(Set(cuts).count) lengths, each refused at open")
        for cut in Set(cuts).sorted() {
            try bytes.prefix(cut).write(to: URL(fileURLWithPath: folder.path))
            #expect(throws: IndexError.self, "cut at \(cut) of \(bytes.count)") { try IndexReader(path: folder.path) }
            #expect(Self.outcome(folder.path, expected: []) == .refused, "cut at \(cut)")
        }
        // Extra bytes after the last page are damage too.
        try (bytes + Data(repeating: 0, count: 100)).write(to: URL(fileURLWithPath: folder.path))
        #expect(Self.outcome(folder.path, expected: []) == .refused)
    }

    @Test func garbageIsRefused() throws {
        let (folder, bytes, _) = try pristine()
        var generator = SystemRandomNumberGenerator()
        let noise = Data((0..<bytes.count).map { _ in UInt8.random(in: 0...255, using: &generator) })
        for garbage in [noise, Data(repeating: 0, count: bytes.count), Data(repeating: 0xFF, count: bytes.count),
                        Data("SQLite format 3\u{0}".utf8) + noise.dropFirst(16), Data("not an index".utf8)] {
            try garbage.write(to: URL(fileURLWithPath: folder.path))
            #expect(Self.outcome(folder.path, expected: []) == .refused)
        }
    }

    /// Every page overwritten with garbage in turn, and the 100-byte header in pieces: each is either
    /// refused or — when the page was free space — answers exactly as the intact file did.
    @Test(arguments: ["short", "long"])
    func damagedPagesAreRefusedOrHarmless(_ kind: String) throws {
        let (folder, bytes, expected) = try pristine(kind == "long" ? Self.long : Articles.sample)
        let pageSize = 4096
        var generator = SystemRandomNumberGenerator()
        var refused = 0, harmless = 0
        var damages: [(String, Data)] = []
        for page in 0..<(bytes.count / pageSize) {
            var copy = bytes
            let start = page == 0 ? 100 : page * pageSize  // the header is damaged separately
            for i in start..<((page + 1) * pageSize) { copy[i] = UInt8.random(in: 0...255, using: &generator) }
            damages.append(("page \(page)", copy))
        }
        for offset in stride(from: 0, to: 100, by: 4) {
            var copy = bytes
            for i in offset..<(offset + 4) { copy[i] ^= 0xA5 }
            damages.append(("header byte \(offset)", copy))
        }
        for (name, damaged) in damages {
            try damaged.write(to: URL(fileURLWithPath: folder.path))
            switch Self.outcome(folder.path, expected: expected) {
            case .refused: refused += 1
            case .sameAnswers: harmless += 1
            case let .wrongAnswers(detail): Issue.record("\(name): \(detail)")
            }
        }
        #expect(refused + harmless == damages.count)
        #expect(refused > damages.count / 2, "most damage is detected: \(refused) of \(damages.count)")
        print("damaged index (\(kind)): \(damages.count) damaged copies, \(refused) refused, \(harmless) answered exactly as intact")
    }

    @Test func otherSchemaVersionsAreRefused() throws {
        for version in [0, Int(Schema.version) - 1, Int(Schema.version) + 1] where version != Int(Schema.version) {
            let (folder, _, _) = try pristine()
            try Connection(path: folder.path, mode: .readWriteCreate).execute("PRAGMA user_version=\(version)")
            #expect(throws: IndexError.incompatibleSchema(path: folder.path, found: Int32(version), expected: Schema.version)) {
                try IndexReader(path: folder.path)
            }
            #expect(Self.outcome(folder.path, expected: []) == .refused)
        }
    }

    @Test func foreignAndIncompleteDatabasesAreRefused() throws {
        let (folder, _, _) = try pristine()
        // Another program's SQLite file.
        try FileManager.default.removeItem(atPath: folder.path)
        try Connection(path: folder.path, mode: .readWriteCreate).execute("CREATE TABLE notes(x); INSERT INTO notes VALUES(1);")
        #expect(throws: IndexError.damaged(path: folder.path, detail: "not a kb index")) { try IndexReader(path: folder.path) }
        // A kb index missing a table it needs.
        for table in ["sections", "articles", "synonyms", "meta", "fts", "pinyin_terms"] {
            let (broken, _, _) = try pristine()
            let connection = try Connection(path: broken.path, mode: .readWriteCreate)
            try FTS5Bridge.register(on: connection)
            try connection.execute("DROP TABLE \(table)")
            #expect(Self.outcome(broken.path, expected: []) == .refused, "without \(table)")
        }
    }

    /// A build renames a new index over the path while a reader opens the old one: the reader's
    /// length check must measure the file it has open, not whatever the path names a moment later
    /// (a search racing a build once reported a whole index as "damaged").
    @Test func theLengthCheckMeasuresTheOpenFile() throws {
        let old = try IndexFolder(), new = try IndexFolder()
        try old.write(Articles.sample)
        try new.write(Articles.sample + SubstringPropertyTests.padding)
        #expect(old.bytes().count != new.bytes().count)
        let oldSize = Int64(old.bytes().count), newSize = Int64(new.bytes().count)
        let connection = try Connection(path: old.path, mode: .readOnly)
        #expect(try connection.openFileSize() == oldSize)
        #expect(rename(new.path, old.path) == 0)
        #expect(Int64(old.bytes().count) == newSize, "the path now names the new file")
        #expect(try connection.openFileSize() == oldSize, "the connection still reads the old one")
    }

    @Test func aFolderOrUnreadableFileInPlaceOfTheIndex() throws {
        let folder = try IndexFolder()
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        #expect(Self.outcome(folder.path, expected: []) == .refused)
    }
}
