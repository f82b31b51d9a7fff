import Foundation
import Testing

/// Where the package, its fixtures and the built `kb` are.
enum Paths {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = packageRoot.appendingPathComponent("Tests/Fixtures")

    /// The `kb` built beside this test bundle (`swift build --build-tests` builds both), or `$KB_BINARY`.
    static let kb: String = {
        if let given = ProcessInfo.processInfo.environment["KB_BINARY"], !given.isEmpty { return given }
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = bundle.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("kb").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/kb").path
    }()
}

/// A private copy of the fixture knowledge base in a temporary folder, and `kb` run against it.
final class Sandbox: @unchecked Sendable {
    let root: URL
    var content: URL { root.appendingPathComponent("content") }
    var indexPath: String { root.appendingPathComponent(".kb/index.sqlite").path }

    init(fixture: String = "kb") throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-test-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Paths.fixtures.appendingPathComponent(fixture), to: root)
    }

    deinit {
        // Folders made unreadable or loops made by a test must not stop the clean-up.
        _ = try? FileManager.default.removeItem(at: root)
    }

    func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    func write(_ relative: String, _ text: String) throws {
        try write(relative, Array(text.utf8))
    }

    func write(_ relative: String, _ bytes: [UInt8]) throws {
        let url = url(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOf: url(relative), encoding: .utf8)
    }

    func remove(_ relative: String) throws {
        try FileManager.default.removeItem(at: url(relative))
    }

    /// Bytes of the published index, to prove a failed build left it exactly as it was.
    func indexBytes() -> Data? { FileManager.default.contents(atPath: indexPath) }

    /// Gives the sandbox the package's site templates, so that `kb build` generates `public/`.
    func addSiteTemplates() throws {
        try FileManager.default.copyItem(at: Paths.packageRoot.appendingPathComponent("site"), to: url("site"))
    }

    /// Every file of the generated site with its bytes and modification time.
    func siteSnapshot() -> [String: (Data, Date?)] {
        let site = url("public")
        var snapshot: [String: (Data, Date?)] = [:]
        for case let relative as String in FileManager.default.enumerator(atPath: site.path)?.allObjects ?? [] {
            let path = site.appendingPathComponent(relative).path
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            snapshot[relative] = (data, (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date)
        }
        return snapshot
    }

    /// Starts `kb` with the sandbox as working directory.
    func spawn(_ arguments: [String], environment: [String: String] = [:],
               output: Subprocess.Output = .files) throws -> Subprocess {
        try spawn(raw: arguments.map { Array($0.utf8) }, environment: environment, output: output)
    }

    func spawn(raw arguments: [[UInt8]], environment: [String: String] = [:],
               output: Subprocess.Output = .files) throws -> Subprocess {
        try Subprocess(Paths.kb, arguments: arguments,
                       environment: Subprocess.baseEnvironment.merging(environment) { $1 },
                       directory: root.path, output: output)
    }

    /// Runs `kb` to the end (killing it after `timeout`, which the result reports as a hang).
    @discardableResult
    func kb(_ arguments: String..., environment: [String: String] = [:], timeout: Duration = HangGuard.process) throws -> ProcessResult {
        try spawn(arguments, environment: environment).wait(timeout: timeout)
    }

    /// Builds the index and fails the test if that does not work.
    func build(_ extra: String..., sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try spawn(["build", "--no-site"] + extra).wait()
        #expect(result.status == 0, "kb build failed: \(result)", sourceLocation: sourceLocation)
    }

    /// The ids `kb search --json` returns, in rank order, or nil when it did not exit 0 or 1 (a
    /// search that runs past a minute is killed and counts as a hang).
    func searchIDs(_ query: String, limit: Int = 50, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String]? {
        let (ids, result) = try search(query, limit: limit)
        #expect(!result.timedOut, "searching \(query.prefix(40)) hung", sourceLocation: sourceLocation)
        return ids
    }

    /// The ids found and the process's result, to show what went wrong when there are none.
    func search(_ query: String, limit: Int = 50) throws -> (ids: [String]?, result: ProcessResult) {
        let result = try spawn(["search", "--json", "--limit", String(limit), query]).wait(timeout: HangGuard.process)
        guard result.status == 0 || result.status == 1,
              let object = try? JSONSerialization.jsonObject(with: Data(result.stdoutBytes)) as? [String: Any],
              let results = object["results"] as? [[String: Any]] else { return (nil, result) }
        return (results.compactMap { $0["id"] as? String }, result)
    }
}

/// True when `text` holds a terminal escape or other C0/C1 control character besides newline and tab.
func containsControlCharacters(_ bytes: [UInt8]) -> Bool {
    let text = String(decoding: bytes, as: UTF8.self)
    return text.unicodeScalars.contains { scalar in
        let v = scalar.value
        return (v < 0x20 && v != 0x0A && v != 0x09 && v != 0x0D) || (0x7F...0x9F).contains(v)
    }
}
