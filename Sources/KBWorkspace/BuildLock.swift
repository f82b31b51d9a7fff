import Foundation

/// One build at a time per index: an exclusive `flock` on `<index>.lock`. The kernel drops the lock
/// when its process ends, however it ends, so a killed build never leaves a stale lock behind.
public struct BuildLock {
    private let descriptor: Int32

    /// How long a second build waits for the first before giving up.
    public static let patience: Duration = .seconds(120)

    static func acquire(for indexPath: String, patience: Duration = patience,
                        waitingMessage: (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) throws -> BuildLock {
        let path = indexPath + ".lock"
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WorkspaceError.output(path, String(cString: strerror(errno))) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 { return BuildLock(descriptor: fd) }
        guard patience > .zero else {
            close(fd)
            throw WorkspaceError.locked(path)
        }
        waitingMessage("kb: another build holds \(path); waiting for it to finish…\n")
        let deadline = ContinuousClock.now + patience
        while ContinuousClock.now < deadline {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return BuildLock(descriptor: fd) }
            usleep(50_000)
        }
        close(fd)
        throw WorkspaceError.locked(path)
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
