import Foundation

/// Size, modification time and identity of every file under some folders: two snapshots differ
/// exactly when a file was added, removed, replaced or written. Taken with `readdir` and `lstat`
/// (about a millisecond for a thousand files), so polling a few times a second costs little and
/// works on every file system, network mounts and editors' save-by-rename included.
struct TreeSnapshot: Equatable, Sendable {
    struct Stamp: Equatable, Sendable {
        var size: Int64
        var modified: Int64
        var inode: UInt64
        var mode: UInt32
    }

    /// Absolute path → stamp, for files and folders (hidden names skipped, links not followed).
    private(set) var entries: [String: Stamp] = [:]

    static func take(_ roots: [URL]) -> TreeSnapshot {
        var snapshot = TreeSnapshot()
        for root in roots {
            let path = root.standardizedFileURL.path
            if let stamp = stamp(path) {
                snapshot.entries[path] = stamp
                if stamp.mode & UInt32(S_IFMT) == UInt32(S_IFDIR) { snapshot.walk(path, depth: 0) }
            }
        }
        return snapshot
    }

    /// Paths added, removed or changed since `old`, sorted.
    func changes(since old: TreeSnapshot) -> [String] {
        var changed: [String] = []
        for (path, stamp) in entries where old.entries[path] != stamp { changed.append(path) }
        for path in old.entries.keys where entries[path] == nil { changed.append(path) }
        return changed.sorted()
    }

    private mutating func walk(_ directory: String, depth: Int) {
        guard depth < 32, let handle = opendir(directory) else { return }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard !name.hasPrefix(".") else { continue }
            let path = directory + "/" + name
            guard let stamp = Self.stamp(path) else { continue }
            entries[path] = stamp
            if stamp.mode & UInt32(S_IFMT) == UInt32(S_IFDIR) { walk(path, depth: depth + 1) }
        }
    }

    private static func stamp(_ path: String) -> Stamp? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        let modified = Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
        return Stamp(size: Int64(info.st_size), modified: modified, inode: UInt64(info.st_ino), mode: UInt32(info.st_mode))
    }
}
