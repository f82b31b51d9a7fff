import Foundation

/// The built `kb` binary, run as a user runs it.
enum KBBinary {
    /// Beside the test bundle (SwiftPM puts products and tests in one folder), or in `.build/debug`.
    static let url: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kb")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return repositoryRoot.appendingPathComponent(".build/debug/kb")
    }()

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The Markdown articles under the real `content/`, counted from the file system (not by kb).
    static var realArticleCount: Int {
        let content = repositoryRoot.appendingPathComponent("content")
        let files = FileManager.default.enumerator(at: content, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? []
        return files.filter { $0.pathExtension == "md" && $0.lastPathComponent.lowercased() != "readme.md" }.count
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `kb` to completion in `directory`, with `LANG` unset so that labels are English.
    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Output {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes while the process runs, so that a full pipe cannot block it.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        process.waitUntilExit()
        group.wait()
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in ["LANG", "LC_ALL", "LC_MESSAGES", "KB_ROOT", "KB_DB"] { environment[name] = nil }
        environment["NO_COLOR"] = "1"
        environment["KB_TODAY"] = Subprocess.fixedToday
        return environment
    }
}

/// A long-running `kb` (the preview server): its output collected as it comes, waited on by tests.
final class RunningKB: @unchecked Sendable {
    let process = Process()
    private let lock = NSLock()
    private var stdoutText = ""
    private var stderrText = ""

    init(_ arguments: [String], in directory: URL? = nil) throws {
        process.executableURL = KBBinary.url
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.environment = KBBinary.environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        out.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock { self?.stdoutText += String(decoding: data, as: UTF8.self) }
        }
        err.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock { self?.stderrText += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
    }

    var stdout: String { lock.withLock { stdoutText } }
    var stderr: String { lock.withLock { stderrText } }

    /// Waits until standard output matches, returning the match; nil after `timeout` or if the process ended.
    func waitForOutput(_ pattern: String, timeout: Double = HangGuard.seconds, in stream: KeyPath<RunningKB, String> = \.stdout) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        let expression = try! NSRegularExpression(pattern: pattern)
        while Date() < deadline {
            let text = self[keyPath: stream]
            if let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
               let range = Range(match.range, in: text) {
                return String(text[range])
            }
            if !process.isRunning { return nil }
            usleep(20_000)
        }
        return nil
    }

    /// Sends `signal` and waits for the process to end; its exit status, or nil if it did not end in time.
    func stop(signal: Int32 = SIGINT, timeout: Double = HangGuard.seconds) -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Ends the process at once (a test that is over), waiting until it is gone.
    func terminate() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { terminate() }
}

/// A scratch folder removed at the end of the test.
final class ScratchFolder {
    let url: URL

    init(_ name: String = "kb-cli") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ relative: String) -> URL { url.appendingPathComponent(relative) }

    func write(_ relative: String, _ text: String) throws {
        let file = path(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: false, encoding: .utf8)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOf: path(relative), encoding: .utf8)
    }

    /// A copy of the repository's knowledge base (content/ and kb.yml).
    static func knowledgeBase() throws -> ScratchFolder {
        let folder = try ScratchFolder("kb-base")
        let root = KBBinary.repositoryRoot
        try FileManager.default.copyItem(at: root.appendingPathComponent("content"), to: folder.path("content"))
        try FileManager.default.copyItem(at: root.appendingPathComponent("kb.yml"), to: folder.path("kb.yml"))
        if FileManager.default.fileExists(atPath: root.appendingPathComponent("site").path) {
            try FileManager.default.copyItem(at: root.appendingPathComponent("site"), to: folder.path("site"))
        }
        return folder
    }
}
