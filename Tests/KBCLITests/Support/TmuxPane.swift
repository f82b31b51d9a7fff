import Foundation
import Testing

/// A command running in a detached tmux pane of a known size, on a tmux server of its own (a
/// private socket, so tests in parallel and a developer's own tmux never meet). Keys go in with
/// `send-keys`, the screen comes out with `capture-pane`, and waiting is polling until what is
/// expected shows up: never a fixed sleep, so a slow machine only makes a test slower.
final class TmuxPane {
    static let executable = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// How long to wait for the screen to show something, generous because `make test` runs
    /// suites in parallel on a machine that may be compiling.
    static let deadline: Double = 120

    private let tmux: String
    private let folder: URL
    private var socket: String { folder.appendingPathComponent("socket").path }
    private let target = "picker"

    /// Runs `script` (shell commands) with `sh` in `directory`, in a pane `columns`×`rows` wide.
    init(script: String, directory: URL, columns: Int = 100, rows: Int = 30) throws {
        tmux = try #require(Self.executable, "tmux is missing: `make test` installs it (APT_TEST), or apt-get install tmux")
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-tmux-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let scriptFile = folder.appendingPathComponent("pane.sh")
        try script.write(to: scriptFile, atomically: true, encoding: .utf8)
        // -u: UTF-8 whatever the locale says; -f /dev/null: no user configuration.
        try run(["-f", "/dev/null", "new-session", "-d", "-x", String(columns), "-y", String(rows), "-s", target,
                 "-c", directory.path, "sh '\(scriptFile.path)'"])
    }

    deinit {
        _ = try? run(["kill-server"], check: false)
        try? FileManager.default.removeItem(at: folder)
    }

    /// Types `text` as it is (UTF-8 included), not as key names.
    func type(_ text: String) throws { try run(["send-keys", "-t", target, "-l", text]) }

    /// Presses keys by tmux's names: Down, Tab, Enter, Escape, BSpace, C-c.
    func press(_ keys: String...) throws { try run(["send-keys", "-t", target] + keys) }

    func resize(columns: Int, rows: Int) throws {
        try run(["resize-window", "-t", target, "-x", String(columns), "-y", String(rows)])
    }

    /// The pane's screen and its history, wrapped lines joined.
    func capture() throws -> String { try run(["capture-pane", "-p", "-J", "-S", "-200", "-t", target]) }

    /// The visible screen only, one string per row.
    func screen() throws -> [String] {
        try run(["capture-pane", "-p", "-t", target]).components(separatedBy: "\n")
    }

    /// A tmux format about the pane, e.g. `#{alternate_on}` or `#{cursor_x}`.
    func display(_ format: String) throws -> String {
        try run(["display-message", "-p", "-t", target, format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls the screen until `predicate` holds. When the deadline passes, records an issue with
    /// the last screen and throws: the steps after it would only wait in vain.
    @discardableResult
    func waitFor(_ what: String, sourceLocation: SourceLocation = #_sourceLocation,
                 _ predicate: ([String]) -> Bool) throws -> [String] {
        let deadline = Date().addingTimeInterval(Self.deadline)
        var lines = try screen()
        while !predicate(lines) {
            guard Date() < deadline else {
                Issue.record("waited \(Int(Self.deadline)) s for \(what); the pane shows:\n\(lines.joined(separator: "\n"))",
                             sourceLocation: sourceLocation)
                throw TimedOut(what: what)
            }
            usleep(50_000)
            lines = try screen()
        }
        return lines
    }

    /// The same, over the history as well (output printed after the picker left its screen).
    @discardableResult
    func waitForOutput(_ what: String, sourceLocation: SourceLocation = #_sourceLocation,
                       _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(Self.deadline)
        var text = try capture()
        while !predicate(text) {
            guard Date() < deadline else {
                Issue.record("waited \(Int(Self.deadline)) s for \(what); the pane shows:\n\(text)", sourceLocation: sourceLocation)
                throw TimedOut(what: what)
            }
            usleep(50_000)
            text = try capture()
        }
        return text
    }

    /// The process ids of the processes named `name` under the pane's shell (the `kb` under test),
    /// however many shells stand between.
    func descendants(named name: String) throws -> [pid_t] {
        guard let shell = Int32(try display("#{pane_pid}")) else { return [] }
        var parents: [pid_t: pid_t] = [:]
        var names: [pid_t: Substring] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { continue }
            // pid (command) state ppid …: the command may hold spaces, hence the brackets.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 1, let parent = Int32(fields[1]) else { continue }
            parents[pid] = parent
            names[pid] = stat[stat.index(after: open)..<close]
        }
        func isUnderShell(_ pid: pid_t) -> Bool {
            var current = pid
            while let parent = parents[current], parent > 1 {
                if parent == shell { return true }
                current = parent
            }
            return false
        }
        return names.filter { $0.value == name && isUnderShell($0.key) }.map(\.key)
    }

    @discardableResult
    private func run(_ arguments: [String], check: Bool = true) throws -> String {
        let process = try Subprocess(tmux, arguments: (["-u", "-S", socket] + arguments).map { Array($0.utf8) })
        let result = process.wait(timeout: .seconds(60))
        if check && result.status != 0 {
            throw TmuxError(arguments: arguments, result: result.description)
        }
        return result.stdout
    }

    struct TimedOut: Error {
        var what: String
    }

    struct TmuxError: Error, CustomStringConvertible {
        var arguments: [String]
        var result: String
        var description: String { "tmux \(arguments.joined(separator: " ")): \(result)" }
    }
}
