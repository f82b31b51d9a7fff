import Foundation
import Testing

/// How many times the concurrency and crash tests repeat: modest in `make test`, raised by
/// `make stress` through `KB_STRESS_SCALE`.
enum Stress {
    static let scale = max(1, Int(ProcessInfo.processInfo.environment["KB_STRESS_SCALE"] ?? "") ?? 1)
}

/// Two versions of the fixture content that a search can tell apart: B drops one article and
/// renames another. Every search must see exactly A or exactly B, never a mixture or nothing.
struct TwoVersions {
    static let query = "POS机"
    let kb: Sandbox
    let paperOut: String
    let miniPOS: String

    init(_ kb: Sandbox) throws {
        self.kb = kb
        paperOut = try kb.read("content/causes/paper-out.md")
        miniPOS = try kb.read("content/products/mini-pos.md")
    }

    func useA() throws {
        try kb.write("content/causes/paper-out.md", paperOut)
        try kb.write("content/products/mini-pos.md", miniPOS)
    }

    func useB() throws {
        try kb.write("content/causes/paper-out.md", paperOut.replacingOccurrences(
            of: "title: 打印纸用完或装反导致小票打不出来", with: "title: POS机打印纸用完或装反导致小票打不出来"))
        if FileManager.default.fileExists(atPath: kb.url("content/products/mini-pos.md").path) {
            try kb.remove("content/products/mini-pos.md")
        }
    }

    /// The ids the query finds in each version, built once each; they must differ.
    func answers() throws -> (a: [String], b: [String]) {
        try useB()
        try kb.build()
        let b = try #require(try kb.searchIDs(Self.query))
        try useA()
        try kb.build()
        let a = try #require(try kb.searchIDs(Self.query))
        #expect(a != b && !a.isEmpty && !b.isEmpty, "the versions must be told apart: \(a) / \(b)")
        return (a, b)
    }
}

/// Counters shared by the threads of a test.
final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Int] = [:]
    private var notes: [String] = []

    func add(_ key: String, _ amount: Int = 1) { lock.withLock { values[key, default: 0] += amount } }
    func note(_ text: String) { lock.withLock { if notes.count < 20 { notes.append(text) } } }
    subscript(_ key: String) -> Int { lock.withLock { values[key, default: 0] } }
    var problems: [String] { lock.withLock { notes } }
}

@Suite struct ConcurrencyTests {
    /// Searches run in a loop, as separate processes, while `kb build` rebuilds again and again
    /// (incremental and full, the content switching between two versions each time). Every search
    /// succeeds and sees one whole version.
    @Test func searchesDuringRebuildsAlwaysSeeACompleteIndex() throws {
        let kb = try Sandbox()
        let versions = try TwoVersions(kb)
        let (a, b) = try versions.answers()
        let builds = 12 * Stress.scale
        let tally = Tally()
        let group = DispatchGroup()
        for searcher in 0..<2 {
            DispatchQueue.global().async(group: group) {
                while tally["done"] == 0 {
                    // A search overlaps a build if one was running when it started or began before it ended.
                    let (startedBefore, finishedBefore) = (tally["builds started"], tally["builds finished"])
                    do {
                        let (ids, result) = try kb.search(TwoVersions.query)
                        tally.add("searches")
                        if ids != a && ids != b { tally.note("searcher \(searcher) saw \(String(describing: ids)): \(result)") }
                    } catch {
                        tally.note("searcher \(searcher): \(error)")
                    }
                    if startedBefore != finishedBefore || tally["builds started"] != startedBefore {
                        tally.add("searches during builds")
                    }
                }
            }
        }
        // Rebuild at least `builds` times, and until as many searches have overlapped a build.
        var round = 0
        while round < builds || (tally["searches during builds"] < builds && round < 20 * builds) {
            try round % 2 == 0 ? versions.useB() : versions.useA()
            tally.add("builds started")
            let result = try kb.spawn(round % 3 == 2 ? ["build", "--no-site", "--full"] : ["build", "--no-site"]).wait()
            tally.add("builds finished")
            if result.status != 0 { tally.note("build \(round): \(result)") }
            round += 1
        }
        tally.add("done")
        group.wait()
        #expect(tally.problems.isEmpty, "\(tally.problems)")
        #expect(tally["searches during builds"] >= builds, "\(tally["searches during builds"]) searches overlapped \(round) builds")
        print("concurrency: \(tally["searches"]) searches, \(tally["searches during builds"]) of them during one of \(round) rebuilds")
    }

    /// A second build waits for the first, or refuses at once with `--wait 0`, with a message.
    @Test func twoBuildsAtOnceTakeTurns() throws {
        let kb = try Sandbox()
        let versions = try TwoVersions(kb)
        let (_, b) = try versions.answers()
        try versions.useB()
        let first = try kb.spawn(["build", "--no-site"], environment: ["KB_PAUSE_AT": "locked"])
        #expect(first.waitUntilStopped())

        let refused = try kb.kb("build", "--no-site", "--wait", "0")
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.stderr == "kb: another kb build is running (lock held on \(kb.indexPath).lock); wait for it to finish\n")

        let second = try kb.spawn(["build", "--no-site", "--wait", "300"])
        usleep(500_000)
        var status: Int32 = 0
        #expect(waitpid(second.pid, &status, WNOHANG) == 0, "the second build waits while the first holds the lock")
        first.send(SIGCONT)
        #expect(first.wait().status == 0)
        let waited = second.wait()
        #expect(waited.status == 0, "\(waited)")
        #expect(waited.stderr.hasPrefix("kb: another build holds \(kb.indexPath).lock; waiting for it to finish…\n"))
        #expect(try kb.searchIDs(TwoVersions.query) == b)
    }

    /// The lock is the kernel's: a build killed while holding it releases it at once.
    @Test func aKilledBuildLeavesNoStaleLock() throws {
        let kb = try Sandbox()
        try kb.build()
        let holder = try kb.spawn(["build", "--no-site"], environment: ["KB_PAUSE_AT": "locked"])
        #expect(holder.waitUntilStopped())
        holder.send(SIGKILL)
        #expect(holder.wait().signal == SIGKILL)
        #expect(FileManager.default.fileExists(atPath: kb.indexPath + ".lock"), "the lock file stays; the lock does not")
        let next = try kb.kb("build", "--no-site", "--wait", "0")
        #expect(next.status == 0, "\(next)")
    }

    /// `kb build` killed with SIGKILL at each checkpoint: before publishing, the previous index is
    /// byte for byte intact; from publishing on, the new one is whole. Either way searches work, and
    /// the next build cleans up and completes.
    @Test(arguments: ["locked", "scanned", "read", "staging-copied", "staging-half-written", "staging-written", "published", "finished"],
          [false, true])
    func killedAtACheckpoint(_ checkpoint: String, full: Bool) throws {
        guard !(full && checkpoint == "staging-copied") else { return }  // a full build copies nothing
        let kb = try Sandbox()
        let versions = try TwoVersions(kb)
        let (a, b) = try versions.answers()
        let before = kb.indexBytes()
        try versions.useB()
        let build = try kb.spawn(full ? ["build", "--no-site", "--full"] : ["build", "--no-site"],
                                 environment: ["KB_PAUSE_AT": checkpoint])
        #expect(build.waitUntilStopped(), "\(checkpoint)")
        build.send(SIGKILL)
        #expect(build.wait().signal == SIGKILL)
        let published = ["published", "finished"].contains(checkpoint)
        if published {
            #expect(try kb.searchIDs(TwoVersions.query) == b, "\(checkpoint): the new index is whole")
        } else {
            #expect(kb.indexBytes() == before, "\(checkpoint): the previous index is untouched")
            #expect(try kb.searchIDs(TwoVersions.query) == a, "\(checkpoint)")
        }
        let next = try kb.kb("build", "--no-site", "--wait", "0")
        #expect(next.status == 0, "\(checkpoint): \(next)")
        #expect(try kb.searchIDs(TwoVersions.query) == b)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: kb.url(".kb").path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "\(checkpoint): \(leftovers)")
    }

    /// SIGKILL at random moments of builds big enough to take a while: whatever the moment, the
    /// index is one whole version and the next build completes.
    @Test func killedAtRandomMoments() throws {
        let kb = try Sandbox()
        // Two hundred more articles, so that a build lasts long enough to be hit anywhere.
        for n in 0..<200 {
            try kb.write("content/fixes/extra-\(n).md", HostileContentTests.article(
                title: "补充文章\(n)", body: String(repeating: "第\(n)篇补充说明，刷卡成功钱没到账时先查交易记录。\n\n", count: 40)))
        }
        let versions = try TwoVersions(kb)
        let (a, b) = try versions.answers()
        let kills = 6 * Stress.scale
        var generator = SystemRandomNumberGenerator()
        var intact = 0, replaced = 0
        for round in 0..<kills {
            try round % 2 == 0 ? versions.useB() : versions.useA()
            let build = try kb.spawn(round % 3 == 2 ? ["build", "--no-site", "--full"] : ["build", "--no-site"])
            usleep(UInt32.random(in: 0...600_000, using: &generator))
            build.send(SIGKILL)
            build.wait()
            let ids = try kb.searchIDs(TwoVersions.query)
            #expect(ids == a || ids == b, "round \(round): \(String(describing: ids))")
            if ids == (round % 2 == 0 ? b : a) { replaced += 1 } else { intact += 1 }
        }
        let next = try kb.kb("build", "--no-site")
        #expect(next.status == 0, "\(next)")
        print("random kills: \(kills), previous index intact \(intact), new index published \(replaced)")
    }
}
