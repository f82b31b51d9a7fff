import Foundation
import Testing

/// `kb serve` started as a process on a free loopback port, driven over real sockets.
@Suite(.serialized) struct ServeTests {
    /// A preview server on a copy of the repository's knowledge base.
    final class Preview {
        let base: ScratchFolder
        let server: RunningKB
        let http: HTTPProbe

        init() throws {
            base = try ScratchFolder.knowledgeBase()
            server = try RunningKB(["serve", "--root", base.url.path, "--out", base.path("out").path, "--port", "0"])
            guard let line = server.waitForOutput(#"serving http://127\.0\.0\.1:[0-9]+/"#),
                  let port = Int(line.split(separator: ":").last!.dropLast()) else {
                throw ServeTestError.didNotStart(server.stdout + server.stderr)
            }
            http = HTTPProbe(port: port)
        }

        /// The server goes before its folder, or a last rebuild could write into the removed folder.
        deinit { server.terminate() }

        /// Files the test serves itself beside the generated site, written after a build so that
        /// they stay as written.
        func writeOwnFiles() throws {
            try base.write("out/extra/index.html", "<html><body>测试目录</body></html>")
            try base.write("out/extra/style.css", "body { color: #333 }\n")
        }
    }

    enum ServeTestError: Error { case didNotStart(String) }

    /// Generations announced on an events stream, in order.
    static func generations(_ events: String) -> [String] {
        events.components(separatedBy: "\n\n").compactMap { block in
            guard block.contains("event: build") else { return nil }
            return block.split(separator: "\n").first { $0.hasPrefix("data: ") }.map { String($0.dropFirst(6)) }
        }
    }

    static func json(_ text: String) throws -> NSDictionary {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
    }

    @Test func servesTheGeneratedSiteWithTheReloadScript() throws {
        let preview = try Preview()
        try preview.writeOwnFiles()

        let home = try preview.http.get("/")
        #expect(home.status == 200)
        #expect(home.headers["content-type"] == "text/html; charset=utf-8")
        #expect(home.headers["cache-control"] == "no-store")
        #expect(home.text.contains("POS 收款不到账帮助中心"))
        #expect(home.text.contains("<script data-kb-serve>"))
        #expect(home.text.contains("new EventSource(\"/__kb/events\")"))
        // The script is added on the way out, never to the files on disk.
        let onDisk = try preview.base.read("out/index.html")
        #expect(!onDisk.contains("data-kb-serve"))
        #expect(home.text.count > onDisk.count)

        let article = try preview.http.get("/causes/network.html")
        #expect(article.status == 200)
        #expect(article.text.contains("网络信号不好导致交易不到账"))
        #expect(article.text.contains("<script data-kb-serve>"))

        let css = try preview.http.get("/_assets/site.css")
        #expect(css.status == 200)
        #expect(css.headers["content-type"] == "text/css; charset=utf-8")
        #expect(css.text == (try preview.base.read("out/_assets/site.css")))
        #expect(try preview.http.get("/_assets/site.css", method: "HEAD").headers["content-length"] == String(css.body.count))

        let folder = try preview.http.get("/extra")
        #expect(folder.status == 301)
        #expect(folder.headers["location"] == "/extra/")
        #expect(try preview.http.get("/extra/").text.contains("测试目录"))
        #expect(try preview.http.get("/%E9%A2%84%E8%A7%88.html").status == 404)
        // A missing page is the site's own 404 page, its links made to work from any folder.
        let missing = try preview.http.get("/causes/no-such-article.html")
        #expect(missing.status == 404)
        #expect(missing.text.contains("页面不存在"))
        #expect(missing.text.contains("<base href=\"/\">"))
        #expect(missing.text.contains("<script data-kb-serve>"))
        // The generator's own bookkeeping is not served.
        #expect(try preview.http.get("/.kb-site.json").status == 404)
    }

    @Test func answersTheSearchAPIAsKBSearchJSON() throws {
        let preview = try Preview()
        // The search endpoint answers with exactly what `kb search --json` prints (but the timing).
        let query = "刷卡成功钱没到账"
        let api = try preview.http.get("/api/search?q=\(query.queryEncoded)&limit=5")
        #expect(api.status == 200)
        #expect(api.headers["content-type"] == "application/json; charset=utf-8")
        let cli = try KBBinary.run(["search", "--json", "--limit", "5", "--root", preview.base.url.path, query])
        #expect(cli.status == 0)
        let served = try Self.json(api.text).mutableCopy() as! NSMutableDictionary
        let printed = try Self.json(cli.stdout).mutableCopy() as! NSMutableDictionary
        served.removeObject(forKey: "took_ms")
        printed.removeObject(forKey: "took_ms")
        #expect(served == printed)
        #expect((served["results"] as? [Any])?.isEmpty == false)

        let filtered = try preview.http.get("/api/search?q=\("网络".queryEncoded)&category=fix&product=smart")
        let results = try #require(try Self.json(filtered.text)["results"] as? [NSDictionary])
        #expect(!results.isEmpty && results.allSatisfy { $0["category"] as? String == "fix" })
        #expect(try preview.http.get("/api/search").status == 400)
        #expect(try preview.http.get("/api/search?q=a&limit=0").status == 400)
        #expect(try preview.http.get("/api/search?q=a&category=faq").text == #"{"error":"category must be one of guide, cause, fix, prevention, product"}"#)
        // Queries are data, never SQL or FTS syntax.
        #expect(try preview.http.get("/api/search?q=\("\" OR 1=1; DROP TABLE x --".queryEncoded)").status == 200)
        #expect(try preview.http.get("/api/search?q=x", method: "POST").status == 405)
    }

    /// A vote posted from an article page lands in `.kb/feedback.log` with its time, and in
    /// `kb gaps --json`; every hostile post is refused with a 4xx JSON error, and nothing of it is
    /// written.
    @Test func recordsVotesAndRefusesHostileOnes() throws {
        let preview = try Preview()
        let logPath = preview.base.path(".kb/feedback.log").path
        func logLines() -> [String] {
            ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
        func post(_ json: String, contentType: String? = "application/json") throws -> HTTPProbe.Reply {
            try preview.http.post("/api/feedback", body: Data(json.utf8), contentType: contentType)
        }

        let vote = try post(#"{"id":"causes/network","helpful":false,"reason":"unclear","comment":"<script>alert(1)</script> 第三步看不懂"}"#)
        #expect(vote.status == 201)
        #expect(vote.headers["content-type"] == "application/json; charset=utf-8")
        #expect(vote.text == #"{"recorded":true}"#)
        #expect(try post(#"{"id":"causes/network","helpful":true}"#, contentType: "application/json; charset=utf-8").status == 201)
        let recorded = logLines()
        #expect(recorded.count == 2)
        #expect(recorded.first?.hasPrefix(#"{"comment":"\u003cscript\u003ealert(1)\u003c/script\u003e 第三步看不懂","helpful":false,"id":"causes/network","reason":"unclear","time":"20"#) == true,
                "\(recorded)")
        #expect(!recorded.joined().contains("<"))

        let hostile: [(String, String?, Int, String)] = [
            ("not json", "application/json", 400, "not valid JSON"),
            (#"{"id":"causes/network","helpful":false"#, "application/json", 400, "not valid JSON"),
            (#"{"id":"causes/no-such-article","helpful":true}"#, "application/json", 400, "there is no article `causes/no-such-article`"),
            (#"{"id":"causes/network","helpful":false,"reason":"spam"}"#, "application/json", 400, "`spam` is not a reason"),
            (#"{"id":"causes/network","helpful":false}"#, "application/json", 400, "a \"no\" needs a reason"),
            (#"{"id":"causes/network","helpful":"1"}"#, "application/json", 400, "`helpful` must be true or false"),
            (#"{"id":"causes/network","helpful":true,"time":"2000-01-01T00:00:00Z"}"#, "application/json", 400, "unknown field `time`"),
            (#"{"id":"causes/network","helpful":false,"reason":"other","comment":"\#(String(repeating: "长", count: 600))"}"#,
             "application/json", 400, "the comment has 600 characters; at most 500"),
            (#"{"id":"causes/network","helpful":true}"#, "text/plain", 415, "Content-Type: application/json"),
            (#"{"id":"causes/network","helpful":true}"#, nil, 415, "Content-Type: application/json"),
            (#"id=causes/network&helpful=true"#, "application/x-www-form-urlencoded", 415, "Content-Type: application/json"),
        ]
        for (body, type, status, message) in hostile {
            let reply = try post(body, contentType: type)
            #expect(reply.status == status, "\(body.prefix(60)): \(reply.status) \(reply.text)")
            #expect(reply.headers["content-type"] == "application/json; charset=utf-8")
            let error = try Self.json(reply.text)["error"] as? String
            #expect(error?.contains(message) == true, "\(body.prefix(60)): \(reply.text)")
        }
        // Oversized: announced, or sent in chunks without a length.
        let huge = Data((#"{"id":"causes/network","helpful":false,"reason":"other","comment":""# + String(repeating: "a", count: 1_000_000) + "\"}").utf8)
        let announced = try preview.http.post("/api/feedback", body: huge)
        #expect(announced.status == 413, "\(announced.text)")
        #expect(try Self.json(announced.text)["error"] as? String == "a vote is at most 4096 bytes; this one has \(huge.count)")
        #expect(try preview.http.post("/api/feedback", body: huge, chunked: true).status == 413)
        // Votes are only posted.
        let get = try preview.http.get("/api/feedback")
        #expect(get.status == 405)
        #expect(get.headers["allow"] == "POST")
        #expect(logLines() == recorded, "a refused vote wrote nothing")
        #expect(try preview.http.post("/api/search?q=x", body: Data()).status == 405)

        // kb gaps reads the log.
        let gaps = try KBBinary.run(["gaps", "--json", "--root", preview.base.url.path])
        #expect(gaps.status == 0, "\(gaps.stderr)")
        let articles = try #require(try Self.json(gaps.stdout)["articles"] as? [NSDictionary])
        #expect(articles.count == 1)
        #expect(articles.first?["id"] as? String == "causes/network")
        #expect(articles.first?["not_helpful"] as? Int == 1)
        #expect(articles.first?["helpful"] as? Int == 1)
        #expect((articles.first?["reasons"] as? [NSDictionary])?.first?["reason"] as? String == "unclear")
        #expect((articles.first?["comments"] as? [NSDictionary])?.first?["comment"] as? String == "<script>alert(1)</script> 第三步看不懂")
        let text = try KBBinary.run(["gaps", "--root", preview.base.url.path])
        #expect(text.stdout.contains("causes/network"), "\(text.stdout)")
        #expect(text.stdout.contains("「<script>alert(1)</script> 第三步看不懂」"), "\(text.stdout)")
    }

    /// Many readers voting at once: every vote is one whole line of the log.
    @Test func concurrentVotesGiveWholeLines() throws {
        let preview = try Preview()
        let http = preview.http
        let clients = 8, each = 10
        let lock = NSLock()
        nonisolated(unsafe) var statuses: [Int] = []
        DispatchQueue.concurrentPerform(iterations: clients) { client in
            for index in 0..<each {
                let comment = "读者\(client)-\(index)：" + String(repeating: "步骤不完整，", count: 60)
                let body = #"{"id":"fixes/refund","helpful":false,"reason":"incomplete","comment":""# + comment + "\"}"
                let status = (try? http.post("/api/feedback", body: Data(body.utf8)).status) ?? -1
                lock.withLock { statuses.append(status) }
            }
        }
        #expect(statuses.count == clients * each && statuses.allSatisfy { $0 == 201 }, "\(statuses)")
        let lines = try String(contentsOfFile: preview.base.path(".kb/feedback.log").path, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "", "the log ends with a newline")
        let votes = lines.dropLast().compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? NSDictionary }
        #expect(votes.count == clients * each && lines.count == clients * each + 1)
        #expect(Set(votes.compactMap { ($0["comment"] as? String)?.split(separator: "：").first }).count == clients * each)
    }

    @Test func neverServesAFileOutsideTheOutputFolder() throws {
        let preview = try Preview()
        try preview.writeOwnFiles()
        try preview.base.write("secret.txt", "TOP-SECRET")
        try preview.base.write("out/.hidden", "hidden")
        try FileManager.default.createSymbolicLink(atPath: preview.base.path("out/leak.txt").path, withDestinationPath: "../secret.txt")
        try FileManager.default.createSymbolicLink(atPath: preview.base.path("out/up").path, withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: preview.base.path("out/same.css").path, withDestinationPath: "extra/style.css")

        for path in ["/../secret.txt", "/../../secret.txt", "/guides/../../secret.txt", "/%2e%2e/secret.txt",
                     "/%2E%2E%2Fsecret.txt", "/..%2fsecret.txt", "/..%5csecret.txt", "/.%2e/secret.txt",
                     "/%252e%252e/secret.txt", "/leak.txt", "/up/secret.txt", "/up/out/extra/style.css", "/same.css",
                     "/.hidden", "/style.css%00.html", "/%ZZ", "//etc/passwd", "/\(preview.base.path("secret.txt").path)"] {
            let reply = try preview.http.get(path)
            #expect(reply.status == 404 || reply.status == 400, "\(path) answered \(reply.status)")
            #expect(!reply.text.contains("TOP-SECRET"), "\(path) leaked the file")
        }
        #expect(try preview.http.get("/extra/style.css").status == 200)
    }

    @Test func rebuildsWhatChangedAndReloadsOpenPages() throws {
        let preview = try Preview()
        let events = try preview.http.open("/__kb/events")
        #expect(try events.read(timeout: HangGuard.seconds) { Self.generations($0).count == 1 })
        #expect(events.received.contains("text/event-stream"))
        let first = try #require(Self.generations(events.received).first)

        let word = "鹦鹉螺"
        #expect((try Self.json(try preview.http.get("/api/search?q=\(word.queryEncoded)").text)["results"] as? [Any])?.isEmpty == true)
        let article = "content/causes/hardware.md"
        let edited = Date()
        try preview.base.write(article, try preview.base.read(article) + "\n收银台旁边放着一只\(word)。\n")

        #expect(try events.read(timeout: HangGuard.seconds) { Self.generations($0).count == 2 })
        let latency = Date().timeIntervalSince(edited)
        let second = try #require(Self.generations(events.received).last)
        #expect(second != first)
        print("kb serve: edit to reload event in \(Int(latency * 1000)) ms")

        let found = try Self.json(try preview.http.get("/api/search?q=\(word.queryEncoded)").text)
        #expect((found["results"] as? [NSDictionary])?.first?["id"] as? String == "causes/hardware")
        #expect(preview.server.waitForOutput(#"content/causes/hardware\.md changed: rebuilt in [0-9]+ ms \(1 of \#(KBBinary.realArticleCount) articles parsed\), reloading 1 page"#,
                                             timeout: HangGuard.seconds) != nil)
        // Pages carry the new generation, so the reloaded page does not reload again.
        #expect(try preview.http.get("/").text.contains("var generation = \"\(second)\";"))
        // The edited article's page is served changed.
        let page = try preview.http.get("/causes/hardware.html")
        #expect(page.text.contains(word))
        #expect(page.text.contains("var generation = \"\(second)\";"))
        // Files of the output folder are served as they are now, never from a cache.
        try preview.writeOwnFiles()
        #expect(try preview.http.get("/extra/style.css").text == "body { color: #333 }\n")
        try preview.base.write("out/extra/style.css", "body { color: red }\n")
        #expect(try preview.http.get("/extra/style.css").text == "body { color: red }\n")
    }

    @Test func showsABuildErrorOnThePageAndInTheTerminalAndKeepsServing() throws {
        let preview = try Preview()
        let events = try preview.http.open("/__kb/events")
        #expect(try events.read(timeout: HangGuard.seconds) { Self.generations($0).count == 1 })

        let article = "content/fixes/legal.md"
        let original = try preview.base.read(article)
        try preview.base.write(article, original.replacingOccurrences(of: "category: fix\n", with: "category: fixx\n"))
        #expect(try events.read(timeout: HangGuard.seconds) { Self.generations($0).count == 2 })

        let diagnostic = "content/fixes/legal.md:3:11: error: category `fixx` is not one of guide, cause, fix, prevention, product"
        let page = try preview.http.get("/")
        #expect(page.status == 200)
        #expect(page.text.contains("POS 收款不到账帮助中心"))
        #expect(page.text.contains("id=\"kb-build-error\""))
        #expect(page.text.contains(diagnostic))
        #expect(preview.server.waitForOutput(NSRegularExpression.escapedPattern(for: diagnostic), timeout: HangGuard.seconds, in: \.stderr) != nil)
        #expect(preview.server.waitForOutput("content/fixes/legal.md changed: build stopped: 1 error in content; .*Still serving the last good build",
                                             timeout: HangGuard.seconds) != nil)
        #expect(preview.server.process.isRunning)
        // The last good index still answers.
        let search = try Self.json(try preview.http.get("/api/search?q=\("律师".queryEncoded)").text)
        #expect((search["results"] as? [NSDictionary])?.contains { $0["id"] as? String == "fixes/legal" } == true)

        try preview.base.write(article, original)
        #expect(try events.read(timeout: HangGuard.seconds) { Self.generations($0).count == 3 })
        #expect(!(try preview.http.get("/").text.contains("kb-build-error")))
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func stopsCleanly(on signal: Int32) throws {
        let preview = try Preview()
        let events = try preview.http.open("/__kb/events")
        #expect(try events.read(timeout: HangGuard.seconds) { Self.generations($0).count == 1 })
        #expect(preview.server.stop(signal: signal, timeout: HangGuard.seconds) == 0)
        #expect(preview.server.stdout.hasSuffix("preview stopped\n"))
        // The open events stream was ended by the server (the last, empty chunk), not cut off.
        #expect(try events.read(timeout: HangGuard.seconds) { $0.hasSuffix("\r\n0\r\n\r\n") })
    }

    @Test func aPortInUseIsAClearError() throws {
        let base = try ScratchFolder.knowledgeBase()
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) == 0 && listen(listener, 1) == 0
                && getsockname(listener, $0, &length) == 0 }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        let server = try RunningKB(["serve", "--root", base.url.path, "--port", String(port)])
        let deadline = Date().addingTimeInterval(60)
        while server.process.isRunning && Date() < deadline { usleep(50_000) }
        #expect(!server.process.isRunning)
        #expect(server.process.terminationStatus == 2)
        #expect(server.stderr.contains("kb: port \(port) is in use: choose another with --port"))
    }

    @Test func kbHandsServeToItsOwnProgramWithHelpAndErrorsUnchanged() throws {
        let listed = try KBBinary.run(["--help"])
        #expect(listed.stdout.contains("serve") && listed.stdout.contains("Preview the site locally"))
        for arguments in [["serve", "--help"], ["help", "serve"]] {
            let help = try KBBinary.run(arguments)
            #expect(help.status == 0)
            #expect(help.stdout.contains("USAGE: kb serve [--root <dir>]"), "\(arguments)")
            #expect(help.stdout.contains("--port <port>"))
        }
        let invalid = try KBBinary.run(["serve", "--port", "70000"])
        #expect(invalid.status == 2)
        #expect(invalid.stderr == "kb: --port must be between 0 and 65535\n")
        let unknown = try KBBinary.run(["serve", "--bogus"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("(see `kb serve --help`)"))
    }

    @Test func withoutItsProgramServeSaysWhatToBuild() throws {
        let folder = try ScratchFolder.knowledgeBase()
        let alone = folder.path("bin/kb")
        try FileManager.default.createDirectory(at: alone.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: KBBinary.url, to: alone)
        let process = Process()
        process.executableURL = alone
        process.arguments = ["serve", "--root", folder.url.path]
        process.environment = KBBinary.environment
        let err = Pipe()
        process.standardError = err
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(message.contains("kb serve needs the kb-serve program next to kb (\(folder.path("bin/kb-serve").path))"))
        #expect(message.contains("make release"))
    }
}
