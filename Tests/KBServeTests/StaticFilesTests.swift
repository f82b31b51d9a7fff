import Foundation
import KBWorkspace
import Testing
@testable import KBServe

/// The parts of `kb serve` that need no running server: path resolution, page decoration,
/// query decoding, change detection.
@Suite struct StaticFilesTests {
    final class Folder {
        let url: URL
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("kb-serve-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url.appendingPathComponent("out/guides"), withIntermediateDirectories: true)
            try "index".write(to: url.appendingPathComponent("out/index.html"), atomically: true, encoding: .utf8)
            try "guides".write(to: url.appendingPathComponent("out/guides/index.html"), atomically: true, encoding: .utf8)
            try "page".write(to: url.appendingPathComponent("out/guides/网络.html"), atomically: true, encoding: .utf8)
            try "secret".write(to: url.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)
            try FileManager.default.createSymbolicLink(atPath: url.appendingPathComponent("out/leak.txt").path, withDestinationPath: "../secret.txt")
            try FileManager.default.createSymbolicLink(atPath: url.appendingPathComponent("out/all").path, withDestinationPath: "..")
        }
        deinit { try? FileManager.default.removeItem(at: url) }
        var files: StaticFiles { StaticFiles(root: url.appendingPathComponent("out")) }
        func path(_ relative: String) -> String { files.root + "/" + relative }
    }

    @Test func pathsInsideTheFolderAreServed() throws {
        let folder = try Folder()
        let files = folder.files
        #expect(files.lookup("/") == .file(folder.path("index.html")))
        #expect(files.lookup("/index.html") == .file(folder.path("index.html")))
        #expect(files.lookup("/guides/") == .file(folder.path("guides/index.html")))
        #expect(files.lookup("/guides") == .redirect("/guides/"))
        #expect(files.lookup("//guides//index.html") == .file(folder.path("guides/index.html")))
        #expect(files.lookup("/guides/%E7%BD%91%E7%BB%9C.html") == .file(folder.path("guides/网络.html")))
    }

    @Test(arguments: ["/../secret.txt", "/guides/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2e%2fsecret.txt",
                      "/..%2Fsecret.txt", "/..%5Csecret.txt", "/..\\secret.txt", "/.%2E/secret.txt", "/%252e%252e/secret.txt",
                      "/leak.txt", "/all/secret.txt", "/all/out/index.html", "/%00", "/index.html%00", "/%zz", "/%e7%bd",
                      "/.", "/./index.html", "/.hidden", "relative.html", "", "/missing.html", "/guides/missing/x"])
    func pathsThatCouldLeaveTheFolderAreRefused(_ path: String) throws {
        #expect(try Folder().files.lookup(path) == .notFound)
    }

    @Test func segmentsAreDecodedOnce() {
        #expect(StaticFiles.segments(ofRequestPath: "/a%20b/c") == ["a b", "c"])
        #expect(StaticFiles.segments(ofRequestPath: "/%252e%252e") == ["%2e%2e"])
        #expect(StaticFiles.segments(ofRequestPath: "/a/%2e%2e/b") == nil)
    }

    @Test func contentTypes() {
        #expect(StaticFiles.contentType(of: "/x/a.HTML") == "text/html; charset=utf-8")
        #expect(StaticFiles.contentType(of: "/x/search.js") == "text/javascript; charset=utf-8")
        #expect(StaticFiles.contentType(of: "/x/README") == "application/octet-stream")
    }

    @Test func pagesGetTheScriptBeforeTheirLastBodyEnd() {
        let labels = Labels(.en)
        let page = PageDecorator.decorate("<html><body>a</body></html>", generation: "g-1", failure: nil, labels: labels)
        #expect(page.hasPrefix("<html><body>a<script data-kb-serve>"))
        #expect(page.hasSuffix("</script>\n</body></html>"))
        #expect(page.contains("var generation = \"g-1\";"))
        let bare = PageDecorator.decorate("fragment", generation: "g-2", failure: nil, labels: labels)
        #expect(bare.hasPrefix("fragment<script data-kb-serve>"))
    }

    @Test func theBuildErrorIsShownEscaped() {
        let failure = BuildFailureReport(message: "build stopped: 1 error in content", diagnostics: [
            .error(.init(path: "content/a.md", line: 3, column: 11), rule: "invalid-category", "category `<b>` is wrong",
                   hint: "use `cause`"),
            .warning(.init(path: "content/b.md"), rule: "duplicate-title", "same title", hint: "rename"),
        ])
        let page = PageDecorator.decorate("<body></body>", generation: "g", failure: failure, labels: Labels(.en))
        #expect(page.contains("Build failed: this page shows the last good build"))
        #expect(page.contains("content/a.md:3:11: error: category `&lt;b&gt;` is wrong (use `cause`)"))
        #expect(!page.contains("same title"))
        #expect(!page.contains("<b>"))
    }

    @Test func queryParametersDecodeAsFormsDo() {
        let parameters = SearchEndpoint.parameters("q=%E5%88%B7%E5%8D%A1+%E5%A4%B1%E8%B4%A5&limit=3&q=second&empty&bad=%zz")
        #expect(parameters == ["q": "刷卡 失败", "limit": "3", "empty": ""])
    }

    @Test func snapshotsSeeAddedChangedAndRemovedFiles() throws {
        let folder = try Folder()
        let content = folder.url.appendingPathComponent("out")
        let before = TreeSnapshot.take([content])
        #expect(TreeSnapshot.take([content]) == before)
        try "changed".write(to: content.appendingPathComponent("index.html"), atomically: false, encoding: .utf8)
        try "new".write(to: content.appendingPathComponent("guides/new.html"), atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(at: content.appendingPathComponent("guides/网络.html"))
        let after = TreeSnapshot.take([content])
        let changed = Set(after.changes(since: before))
        #expect(changed.isSuperset(of: [content.path + "/index.html", content.path + "/guides/new.html", content.path + "/guides/网络.html"]))
        #expect(!changed.contains(content.path + "/leak.txt"))
    }

    @Test func broadcastsReachEveryPageAndEndOnClose() async {
        let broadcaster = ReloadBroadcaster()
        let (_, first) = broadcaster.subscribe(current: "g-1")
        let (_, second) = broadcaster.subscribe(current: "g-1")
        #expect(broadcaster.send(.build(generation: "g-2")) == 2)
        broadcaster.close()
        var events: [[ReloadBroadcaster.Event]] = []
        for stream in [first, second] {
            var received: [ReloadBroadcaster.Event] = []
            for await event in stream { received.append(event) }
            events.append(received)
        }
        #expect(events == Array(repeating: [.build(generation: "g-1"), .build(generation: "g-2")], count: 2))
        let (_, late) = broadcaster.subscribe(current: "g-3")
        var lateEvents: [ReloadBroadcaster.Event] = []
        for await event in late { lateEvents.append(event) }
        #expect(lateEvents == [.build(generation: "g-3")])
        #expect(ReloadBroadcaster.encode(.build(generation: "g-2")) == "event: build\ndata: g-2\n\n")
    }
}

@Suite struct NotFoundPageTests {
    @Test func theSitesOwnPageGetsARootBase() {
        #expect(PageDecorator.rootingLinks("<html><HEAD><title>x</title>") == "<html><HEAD>\n<base href=\"/\"><title>x</title>")
        #expect(PageDecorator.rootingLinks("<head><base href=\"/a/\">") == "<head><base href=\"/a/\">")
        #expect(PageDecorator.rootingLinks("no head") == "no head")
    }

    @Test func theFallbackPageNamesThePathEscaped() {
        let page = PageDecorator.missingPage(path: "/<x>.html", failure: nil, generation: "g", labels: Labels(.zh))
        #expect(page.contains("<h1>找不到这个页面</h1>"))
        #expect(page.contains("<code>/&lt;x&gt;.html</code>"))
        #expect(page.contains("<script data-kb-serve>"))
    }
}
