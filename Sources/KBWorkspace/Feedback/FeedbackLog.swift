import Foundation
import KBCore

/// `.kb/feedback.log`: the votes `kb serve` received, one JSON object per line (JSONL), beside the
/// index. The browser's export has the same format, so `kb gaps --feedback FILE` reads both alike.
public struct FeedbackLog: Sendable {
    public let path: String

    /// The log lives beside the index (`.kb/feedback.log`), as the gaps log does.
    public init(indexPath: String) {
        path = (indexPath as NSString).deletingLastPathComponent + "/feedback.log"
    }

    public init(path: String) {
        self.path = path
    }

    /// Appends one vote as one whole line. An exclusive lock covers the write, so that concurrent
    /// writers (threads or processes) never interleave; a write that fails halfway is cut off
    /// again, so the log never holds half a line. A previous line left unfinished (a crash of some
    /// other writer) is closed first, so that this vote starts a line of its own.
    public func append(_ vote: FeedbackVote) throws(FeedbackLogError) {
        let line: String
        do {
            line = try vote.jsonLine()
        } catch {
            throw .write(path: path, reason: "\(error)")
        }
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        let fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .write(path: path, reason: Self.reason(errno)) }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw .write(path: path, reason: Self.reason(errno)) }
        defer { flock(fd, LOCK_UN) }

        var status = stat()
        guard fstat(fd, &status) == 0 else { throw .write(path: path, reason: Self.reason(errno)) }
        let size = status.st_size
        var bytes = Array(line.utf8) + [0x0A]
        if size > 0 {
            var last: UInt8 = 0
            if pread(fd, &last, 1, size - 1) == 1, last != 0x0A { bytes.insert(0x0A, at: 0) }
        }
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else {
                let problem = Self.reason(errno)
                _ = ftruncate(fd, size)
                throw .write(path: path, reason: problem)
            }
            written += result
        }
    }

    /// The votes of a feedback file, and a warning for every line that is not a vote (skipped).
    /// A missing log reads as empty; a missing file named on the command line is an error.
    public static func read(_ path: String, missingIsEmpty: Bool = false) throws(FeedbackLogError) -> FeedbackFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            if missingIsEmpty && !FileManager.default.fileExists(atPath: path) { return FeedbackFile(path: path) }
            throw .read(path: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file")
        }
        var file = FeedbackFile(path: path)
        var lineNumber = 0
        for rawLine in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Data(rawLine)
            if lineNumber == 1, line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
            if line.last == 0x0D { line.removeLast() }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            do {
                file.votes.append(try FeedbackVote.decode(line, from: .file))
            } catch {
                file.warnings.append(FeedbackWarning(path: path, line: lineNumber, problem: error))
            }
        }
        return file
    }

    private static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}

/// What one feedback file holds.
public struct FeedbackFile: Sendable, Equatable {
    public var path: String
    public var votes: [FeedbackVote] = []
    public var warnings: [FeedbackWarning] = []
}

/// A line of a feedback file that is not a vote: where, and why. The line is skipped.
public struct FeedbackWarning: Sendable, Equatable, Encodable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var problem: FeedbackProblem

    public var description: String { "\(path):\(line): warning: \(problem) (line skipped)" }

    enum CodingKeys: String, CodingKey { case path, line, message }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(line, forKey: .line)
        try container.encode(problem.description, forKey: .message)
    }
}

public enum FeedbackLogError: Error, Equatable, CustomStringConvertible {
    case write(path: String, reason: String)
    case read(path: String, reason: String)

    public var description: String {
        switch self {
        case let .write(path, reason): "cannot append to \(path): \(reason)"
        case let .read(path, reason): "cannot read feedback file \(path): \(reason)"
        }
    }
}
