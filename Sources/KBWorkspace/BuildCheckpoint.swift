import Foundation
import KBIndex

/// Named moments of a build at which crash and race tests can stop the process.
///
/// With `KB_PAUSE_AT=published kb build`, the build stops itself with SIGSTOP when it gets there,
/// so a test can SIGKILL it at exactly that moment (does the previous index survive?) or change
/// files and let it continue with SIGCONT (a file deleted while the build reads). Without the
/// variable, reaching a checkpoint costs one set lookup and does nothing.
public enum BuildCheckpoint: String, CaseIterable, Sendable {
    /// The build lock is held; nothing read yet.
    case locked
    /// `content/` has been listed; no article read yet.
    case scanned
    /// Every article is read and checked; nothing written yet.
    case read
    /// Incremental builds only: the transaction on the published index is open, nothing written.
    /// (The names are those of the staging copy incremental builds used to make.)
    case stagingCopied = "staging-copied"
    /// Half of the articles are written, inside the open transaction (of the published index when
    /// incremental, of the staging file when full).
    case stagingHalfWritten = "staging-half-written"
    /// Everything is written, nothing committed to the published index yet (a full build: the
    /// staging file is complete, not yet copied or renamed into place).
    case stagingWritten = "staging-written"
    /// The new index is published (committed; its WAL perhaps not yet copied back into the
    /// file); the site is not generated yet.
    case published
    /// Everything is written; the lock is about to be released.
    case finished

    /// The environment variable naming the checkpoints to stop at, separated by commas.
    public static let variable = "KB_PAUSE_AT"

    private static let requested: Set<String> = Set(
        (ProcessInfo.processInfo.environment[variable] ?? "").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        })

    static func reach(_ checkpoint: BuildCheckpoint) {
        guard requested.contains(checkpoint.rawValue) else { return }
        raise(SIGSTOP)
    }

    static func reach(_ stage: IndexWriter.Stage) {
        let checkpoint: BuildCheckpoint = switch stage {
        case .stagingCopied: .stagingCopied
        case .halfWritten: .stagingHalfWritten
        case .stagingWritten: .stagingWritten
        case .published: .published
        }
        reach(checkpoint)
    }
}
