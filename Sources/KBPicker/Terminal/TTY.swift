import Glibc

/// Why the terminal could not be used, and where.
public enum PickerError: Error, Equatable, CustomStringConvertible {
    /// Standard input or output (`stream`) is a pipe or a file.
    case notATerminal(stream: String)
    /// A terminal call failed: which one, and `errno`.
    case terminal(call: String, errno: Int32)

    public var description: String {
        switch self {
        case let .notATerminal(stream):
            "the interactive search (kb search -i) needs a terminal: \(stream) is not a TTY (in scripts, use kb search --json or --format reply)"
        case let .terminal(call, code):
            "the interactive search could not set up the terminal: \(call) failed (\(String(cString: strerror(code))))"
        }
    }
}

/// The picker's terminal: raw mode through termios, the alternate screen, the cursor, bracketed
/// paste, the window size and the signals that matter. All of kb's terminal system calls are here.
///
/// Every way out puts the terminal back as it was: `restore()` (called by the session's `defer`,
/// so also when an error is thrown), and signals (SIGINT, SIGTERM, SIGHUP) which arrive as
/// events and end the session normally. Raw mode turns Ctrl-C into a key (byte 3), so SIGINT only
/// comes from `kill`.
public final class TTY {
    /// What `next` reports.
    public enum Event: Equatable {
        case input([UInt8])
        /// Nothing arrived within the wait asked for.
        case quiet
        case resized
        /// SIGINT, SIGTERM or SIGHUP: the session should end and the signal be passed on.
        case signal(Int32)
        /// Standard input ended: the terminal is gone.
        case closed
    }

    static let input = STDIN_FILENO
    static let output = STDOUT_FILENO
    /// The signals the session ends on; SIGWINCH only redraws.
    static let endingSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    private var original: termios
    private var previousActions: [Int32: sigaction] = [:]
    private var restored = false

    /// Alternate screen, bracketed paste; undone in reverse by `leave`.
    private static let enter = "\u{1B}[?1049h\u{1B}[?2004h\u{1B}[H\u{1B}[2J"
    private static let leave = "\u{1B}[?2004l\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l"

    /// Refuses pipes and files: the picker reads keys and draws a screen.
    public static func requireTerminal() throws {
        guard isatty(input) == 1 else { throw PickerError.notATerminal(stream: "stdin") }
        guard isatty(output) == 1 else { throw PickerError.notATerminal(stream: "stdout") }
    }

    /// Takes over the terminal: signals first, so that none arrives while it is half set up
    /// without a way back.
    public init() throws {
        try Self.requireTerminal()
        var saved = termios()
        guard tcgetattr(Self.input, &saved) == 0 else { throw PickerError.terminal(call: "tcgetattr", errno: errno) }
        original = saved
        _ = SignalPipe.shared  // created before any handler can write to it
        for signal in Self.endingSignals + [SIGWINCH] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = forwardSignal
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0  // no SA_RESTART: a signal wakes up poll
            var previous = sigaction()
            sigaction(signal, &action, &previous)
            previousActions[signal] = previous
        }
        var raw = saved
        // Bytes as typed: no line editing, echo, signal keys (Ctrl-C arrives as byte 3), flow
        // control (Ctrl-S) or CR-to-NL translation. Output processing stays on.
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        raw.c_cflag |= tcflag_t(CS8)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(Self.input, TCSADRAIN, &raw) == 0 else {
            let code = errno
            restoreSignals()
            throw PickerError.terminal(call: "tcsetattr", errno: code)
        }
        write(Self.enter)
    }

    deinit { restore() }

    /// Puts the terminal back: main screen, cursor shown, the saved termios, the signal handlers
    /// kb had before. Safe to call more than once; failures (a terminal already gone) are ignored.
    public func restore() {
        guard !restored else { return }
        restored = true
        write(Self.leave)
        var saved = original
        _ = tcsetattr(Self.input, TCSADRAIN, &saved)
        restoreSignals()
    }

    private func restoreSignals() {
        for (signal, var previous) in previousActions { sigaction(signal, &previous, nil) }
        previousActions = [:]
    }

    /// The window size from the terminal, or 24×80 when it does not say.
    public func size() -> TerminalSize {
        var window = winsize()
        guard ioctl(Self.output, UInt(TIOCGWINSZ), &window) == 0, window.ws_row > 0, window.ws_col > 0 else {
            return TerminalSize(rows: 24, columns: 80)
        }
        return TerminalSize(rows: Int(window.ws_row), columns: Int(window.ws_col))
    }

    /// Waits for input or a signal, at most `milliseconds` (forever when nil).
    public func next(waitingAtMost milliseconds: Int? = nil) -> Event {
        let signals = SignalPipe.shared.read
        while true {
            var descriptors = [pollfd(fd: signals, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: Self.input, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&descriptors, 2, Int32(milliseconds ?? -1))
            if ready < 0 {
                if errno == EINTR { continue }  // the signal's byte is in the pipe: read next time round
                return .closed
            }
            if ready == 0 { return .quiet }
            if descriptors[0].revents & Int16(POLLIN) != 0 {
                var byte: UInt8 = 0
                if Glibc.read(signals, &byte, 1) == 1 {
                    let signal = Int32(byte)
                    if signal == SIGWINCH { return .resized }
                    return .signal(signal)
                }
            }
            if descriptors[1].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                var buffer = [UInt8](repeating: 0, count: 4096)
                let count = Glibc.read(Self.input, &buffer, buffer.count)
                if count > 0 { return .input(Array(buffer[..<count])) }
                if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
                return .closed
            }
        }
    }

    /// Writes a frame at once: each line at its row, erased to the end, then the cursor.
    public func draw(_ frame: Frame) {
        var out = "\u{1B}[?25l"
        for (row, line) in frame.lines.enumerated() {
            out += "\u{1B}[\(row + 1);1H\u{1B}[0m" + line + "\u{1B}[0m\u{1B}[K"
        }
        if let cursor = frame.cursor {
            out += "\u{1B}[\(cursor.row + 1);\(cursor.column + 1)H\u{1B}[?25h"
        }
        write(out)
    }

    /// Writes all of `text` to standard output, unbuffered.
    public func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(Self.output, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return  // the terminal is gone: nothing to draw on
            }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Ends the process by `signal` as if kb had not caught it (the shell then reports it so),
    /// after the session has put the terminal back.
    public static func resend(_ signal: Int32) -> Never {
        Glibc.signal(signal, SIG_DFL)
        raise(signal)
        exit(128 + signal)
    }
}

/// The self-pipe: a signal handler may do almost nothing, so it writes the signal's number to a
/// pipe that the session polls beside the keyboard.
struct SignalPipe: Sendable {
    let read: Int32
    let write: Int32

    static let shared: SignalPipe = {
        var ends: [Int32] = [-1, -1]
        _ = pipe(&ends)
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        return SignalPipe(read: ends[0], write: ends[1])
    }()
}

/// The signal handler: one async-signal-safe `write`, `errno` kept for the interrupted code.
private func forwardSignal(_ signal: Int32) {
    let saved = errno
    var byte = UInt8(truncatingIfNeeded: signal)
    _ = write(SignalPipe.shared.write, &byte, 1)
    errno = saved
}
