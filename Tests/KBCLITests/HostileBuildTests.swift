import Foundation
import Testing

/// The content folder changing under a running build, missing, or not readable. The build is
/// stopped at a checkpoint (`KB_PAUSE_AT`), the files changed, and the build let go on.
@Suite struct HostileBuildTests {
    /// Starts `kb build` and waits until it stops at `checkpoint`.
    private func pausedBuild(_ kb: Sandbox, at checkpoint: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Subprocess {
        let build = try kb.spawn(["build", "--no-site"], environment: ["KB_PAUSE_AT": checkpoint])
        let stopped = build.waitUntilStopped()
        #expect(stopped, "the build did not reach \(checkpoint): \(build.wait())", sourceLocation: sourceLocation)
        return build
    }

    @Test func aFileDeletedWhileTheBuildReadsIsAnErrorAndLosesNothing() throws {
        let kb = try Sandbox()
        try kb.build()
        let before = kb.indexBytes()
        try kb.write("content/products/mini-pos.md", try kb.read("content/products/mini-pos.md") + "\n新加的一段。\n")
        let build = try pausedBuild(kb, at: "scanned")
        try kb.remove("content/products/mini-pos.md")
        build.send(SIGCONT)
        let result = build.wait()
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains(
            "content/products/mini-pos.md:1:1: error: the file was deleted while the build ran (run kb build again)"),
            "\(result.stderr)")
        #expect(kb.indexBytes() == before)
        // The next build sees the file gone and drops it from the index.
        let next = try kb.kb("build", "--no-site")
        #expect(next.status == 0, "\(next)")
        #expect(try kb.searchIDs("迷你电签POS使用说明")?.contains("products/mini-pos") == false)
        #expect(try kb.searchIDs("扫码盒子介绍")?.first == "products/qr-box")
    }

    private func title(_ kb: Sandbox, _ id: String) throws -> String? {
        try kb.kb("show", id).stdout.split(separator: "\n").first.map(String.init)
    }

    private func retitle(_ kb: Sandbox, _ title: String) throws {
        let text = try kb.read("content/causes/paper-out.md")
        let old = try #require(text.split(separator: "\n").first { $0.hasPrefix("title: ") })
        try kb.write("content/causes/paper-out.md", text.replacingOccurrences(of: old, with: "title: " + title))
    }

    /// Changed after the build listed it, and unchanged before: the build keeps the version it had
    /// (a consistent snapshot as of the listing); the next build picks the change up.
    @Test func aFileChangedAfterTheListingIsPickedUpByTheNextBuild() throws {
        let kb = try Sandbox()
        try kb.build()
        let build = try pausedBuild(kb, at: "scanned")
        try retitle(kb, "热敏纸受潮导致小票字迹变淡")
        build.send(SIGCONT)
        let result = build.wait()
        #expect(result.status == 0, "\(result)")
        #expect(try title(kb, "causes/paper-out") == "打印纸用完或装反导致小票打不出来")
        let next = try kb.kb("build", "--no-site")
        #expect(next.stderr.contains("built 10 articles (1 parsed)"), "\(next.stderr)")
        #expect(try title(kb, "causes/paper-out") == "热敏纸受潮导致小票字迹变淡")
    }

    /// Changed before the listing and again while the build reads: the build reads the newest
    /// bytes, and records the file as listed, so the next build checks it again and finds them.
    @Test func aFileChangedWhileTheBuildReadsIsIndexedAsRead() throws {
        let kb = try Sandbox()
        try kb.build()
        try retitle(kb, "第一次修改的标题")
        let build = try pausedBuild(kb, at: "scanned")
        try retitle(kb, "热敏纸受潮导致小票字迹变淡")
        build.send(SIGCONT)
        let result = build.wait()
        #expect(result.status == 0, "\(result)")
        #expect(try title(kb, "causes/paper-out") == "热敏纸受潮导致小票字迹变淡")
        let next = try kb.kb("build", "--no-site")
        #expect(next.stderr.contains("built 10 articles (0 parsed)"), "\(next.stderr)")
        #expect(try title(kb, "causes/paper-out") == "热敏纸受潮导致小票字迹变淡")
    }

    @Test func aFileBrokenWhileTheBuildReadsStopsTheBuild() throws {
        let kb = try Sandbox()
        try kb.build()
        let before = kb.indexBytes()
        try kb.write("content/causes/paper-out.md", try kb.read("content/causes/paper-out.md") + "\n改过。\n")
        let build = try pausedBuild(kb, at: "scanned")
        try kb.write("content/causes/paper-out.md", [0x00, 0x01, 0x02])
        build.send(SIGCONT)
        let result = build.wait()
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("content/causes/paper-out.md:1:1: error: the file contains a NUL byte"), "\(result.stderr)")
        #expect(kb.indexBytes() == before)
    }

    @Test func aMissingContentFolder() throws {
        let kb = try Sandbox()
        try kb.build()
        let before = kb.indexBytes()
        try kb.remove("content")
        let here = try kb.kb("build")
        #expect(here.status == 2, "\(here)")
        #expect(here.stderr.hasPrefix("kb: no knowledge base here: no content/ folder in \(kb.root.path) or any parent"))
        let explicit = try kb.kb("build", "--root", kb.root.path)
        #expect(explicit.status == 2)
        #expect(explicit.stderr == "kb: \(kb.root.path) has no content/ folder: point --root at the folder that holds content/\n")
        #expect(kb.indexBytes() == before)
        // Searching does not need content/: the index still answers.
        #expect(try kb.kb("search", "--db", kb.indexPath, "信号不好").status == 0)
    }

    @Test(.enabled(if: Privileges.canTestPermissions, "needs setpriv to run kb as nobody"))
    func unreadableContent() throws {
        let cases: [(String, String, Int32)] = [
            ("content", "kb: cannot read content: permission denied\n", 2),
            ("content/fixes", "content/fixes:1:1: error: cannot list this folder: ", 1),
            ("content/fixes/replace-paper.md",
             "content/fixes/replace-paper.md:1:1: error: cannot read the file: permission denied", 1),
        ]
        for (path, message, status) in cases {
            let kb = try Sandbox()
            try kb.build()
            // Changed since the last build, so the build has to read it (an unchanged file is reused).
            try kb.write("content/fixes/replace-paper.md", try kb.read("content/fixes/replace-paper.md") + "\n补充一句。\n")
            try Privileges.prepare(kb.root)
            let before = kb.indexBytes()
            Privileges.makeUnreadable(kb.url(path).path)
            let result = try Privileges.runKB(["build", "--no-site"], in: kb.root)
            #expect(result.status == status, "\(path): \(result)")
            #expect(result.stderr.contains(message), "\(path): \(result.stderr)")
            #expect(kb.indexBytes() == before, "\(path)")
        }
    }
}
