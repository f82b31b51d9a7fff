import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How a finished process ended, and what it printed.
struct ProcessResult: CustomStringConvertible {
    /// Exit status, or nil when a signal ended it.
    var status: Int32?
    var signal: Int32?
    var timedOut: Bool
    var stdoutBytes: [UInt8]
    var stderrBytes: [UInt8]

    var stdout: String { String(decoding: stdoutBytes, as: UTF8.self) }
    var stderr: String { String(decoding: stderrBytes, as: UTF8.self) }

    var description: String {
        let end = timedOut ? "timed out" : status.map { "exit \($0)" } ?? "signal \(signal ?? -1)"
        return "\(end)\n--- stdout\n\(stdout.prefix(2000))\n--- stderr\n\(stderr.prefix(2000))"
    }
}

/// A child process started with `posix_spawn`, so that tests control exactly what it receives:
/// arguments as raw bytes (invalid UTF-8 included), the whole environment, the working directory,
/// and whether standard output is a terminal. Foundation's `Process` allows none of the first and
/// reaps children itself, which would race with the stop/kill tests.
final class Subprocess {
    enum Output { case files, terminal }

    let pid: pid_t
    private let outputDirectory: URL
    private var terminal: Int32 = -1
    private var terminalBytes: [UInt8] = []
    private var finished: ProcessResult?

    /// The environment every spawned process starts from: no inherited KB_*, NO_COLOR or locale, and
    /// a fixed "today" for article freshness, so that no test changes its answer as the years pass.
    static let baseEnvironment: [String: String] = [
        "KB_TODAY": fixedToday,
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": NSTemporaryDirectory(),
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
    ]

    /// The day CLI tests judge article freshness on (`KB_TODAY`).
    static let fixedToday = "2026-12-02"

    init(_ executable: String, arguments: [[UInt8]], environment: [String: String] = baseEnvironment,
         directory: String? = nil, output: Output = .files) throws {
        outputDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("kb-proc-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, outputDirectory.appendingPathComponent("stderr").path,
                                         O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var replica: Int32 = -1
        switch output {
        case .files:
            posix_spawn_file_actions_addopen(&actions, 1, outputDirectory.appendingPathComponent("stdout").path,
                                             O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        case .terminal:
            (terminal, replica) = try PseudoTerminal.open()
            posix_spawn_file_actions_adddup2(&actions, replica, 1)
        }
        if let directory { _ = LibC.addChdir(&actions, directory) }

        var argv: [UnsafeMutablePointer<CChar>?] = ([Array(executable.utf8)] + arguments).map { bytes in
            let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            for (i, byte) in bytes.enumerated() { pointer[i] = CChar(bitPattern: byte) }
            pointer[bytes.count] = 0
            return pointer
        }
        argv.append(nil)
        var envp: [UnsafeMutablePointer<CChar>?] = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") }
        envp.append(nil)
        defer {
            for pointer in argv { pointer?.deallocate() }
            for pointer in envp { free(pointer) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, nil, argv, envp)
        if replica >= 0 { close(replica) }
        guard status == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EINVAL)
        }
        pid = child
        if terminal >= 0 { _ = fcntl(terminal, F_SETFL, fcntl(terminal, F_GETFL) | O_NONBLOCK) }
    }

    deinit {
        if finished == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        if terminal >= 0 { close(terminal) }
        try? FileManager.default.removeItem(at: outputDirectory)
    }

    func send(_ signal: Int32) { kill(pid, signal) }

    /// Waits until the process stops itself (a `KB_PAUSE_AT` checkpoint). False if it ended or the
    /// time ran out instead; the result is then available from `wait`.
    func waitUntilStopped(timeout: Duration = HangGuard.process) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            drainTerminal()
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG | WUNTRACED)
            if reaped == pid {
                if status & 0xFF == 0x7F { return true }
                finished = result(status: status, timedOut: false)
                return false
            }
            usleep(2_000)
        }
        return false
    }

    /// Waits for the process to end, killing it when `timeout` passes (a hang is a failure the
    /// result reports, never a stuck test run).
    @discardableResult
    func wait(timeout: Duration = HangGuard.process) -> ProcessResult {
        if let finished { return finished }
        let deadline = ContinuousClock.now + timeout
        var timedOut = false
        var status: Int32 = 0
        while true {
            drainTerminal()
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            if reaped < 0 && errno != EINTR { break }
            if ContinuousClock.now >= deadline {
                timedOut = true
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                break
            }
            usleep(2_000)
        }
        drainTerminal()
        let outcome = result(status: status, timedOut: timedOut)
        finished = outcome
        return outcome
    }

    private func result(status: Int32, timedOut: Bool) -> ProcessResult {
        let exited = status & 0x7F == 0
        let read = { (name: String) in [UInt8]((try? Data(contentsOf: self.outputDirectory.appendingPathComponent(name))) ?? Data()) }
        drainTerminal()
        return ProcessResult(status: exited && !timedOut ? (status >> 8) & 0xFF : nil,
                             signal: exited ? nil : status & 0x7F, timedOut: timedOut,
                             stdoutBytes: terminal >= 0 ? terminalBytes : read("stdout"), stderrBytes: read("stderr"))
    }

    /// Reads what the child wrote to its terminal so far, so it never blocks on a full buffer.
    private func drainTerminal() {
        guard terminal >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(terminal, &buffer, buffer.count)
            guard count > 0 else { return }
            terminalBytes += buffer[0..<count]
        }
    }
}

/// libc functions the Swift Glibc module does not import (they sit behind feature macros).
enum LibC {
    private static func symbol<T>(_ name: String, as type: T.Type) -> T {
        let handle = dlopen(nil, RTLD_NOW)
        guard let pointer = dlsym(handle, name) else { fatalError("libc has no \(name)") }
        return unsafeBitCast(pointer, to: type)
    }

    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    static let addChdir = symbol("posix_spawn_file_actions_addchdir_np", as: AddChdir.self)
    static let openPT = symbol("posix_openpt", as: (@convention(c) (Int32) -> Int32).self)
    static let grantPT = symbol("grantpt", as: (@convention(c) (Int32) -> Int32).self)
    static let unlockPT = symbol("unlockpt", as: (@convention(c) (Int32) -> Int32).self)
    static let ptsName = symbol("ptsname", as: (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self)
}

enum PseudoTerminal {
    /// A new pseudo-terminal: the controlling side for the test, the terminal side for the child.
    static func open() throws -> (controller: Int32, replica: Int32) {
        let controller = LibC.openPT(O_RDWR | O_NOCTTY)
        guard controller >= 0, LibC.grantPT(controller) == 0, LibC.unlockPT(controller) == 0,
              let name = LibC.ptsName(controller) else { throw POSIXError(.ENOTTY) }
        let replica = Glibc.open(name, O_RDWR | O_NOCTTY)
        guard replica >= 0 else { throw POSIXError(.ENOTTY) }
        return (controller, replica)
    }
}

/// How long a test waits for a process or a server before calling it hung. Generous on purpose:
/// these guard against hangs, never measure speed, and `make test` runs suites in parallel on a
/// machine that may be busy compiling.
enum HangGuard {
    static let process: Duration = .seconds(300)
    static let seconds: Double = 180
}
