import Foundation
import KBCore

/// The output folder: writes each file atomically (a temporary file renamed over the old one),
/// skips files whose inputs did not change since the last build (recorded in a manifest), and
/// removes the files of the last build that this one no longer produces. Files it did not write
/// itself are never touched. `emit` may be called from several threads at once.
final class SiteOutput: @unchecked Sendable {
    /// The JSON manifest earlier builds wrote (`.kb-site.json`), read once so that the first build
    /// after an upgrade still removes the files the previous one wrote and no longer produces.
    struct LegacyManifest: Decodable {
        var version: Int
        var files: [String: String] = [:]
        var search: SearchIndexState?
        var keys: [String: String]?
    }

    let directory: URL
    /// `directory.path`: paths are joined as strings (URL manipulation cost a third of a stat).
    private let root: String
    private let previous: SiteManifest
    /// Write every file, whatever the manifest says (`kb build --full`).
    private let full: Bool
    private var current = SiteManifest()
    private var report = SiteReport()
    private var createdFolders = Set<String>()
    /// Folders whose files of the previous build are carried over unless emitted or dropped (see
    /// `retain`): resolved at `finish`, so 56,000 index files are not copied into `current` first.
    private var retainedPrefixes: [String] = []
    /// Retained files this build removes (`drop`).
    private var dropped = Set<String>()
    private let lock = NSLock()

    init(directory: URL, full: Bool = false) throws {
        self.directory = directory
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw SiteError.write(path: directory.path, detail: error.localizedDescription)
        }
        self.full = full
        root = directory.path
        // Read even for a full build: the files it no longer produces must still go.
        if let data = FileManager.default.contents(atPath: root + "/" + SitePaths.manifest), let manifest = SiteManifest.decode(data) {
            previous = manifest
        } else if let data = FileManager.default.contents(atPath: root + "/" + SitePaths.legacyManifest),
                  let legacy = try? JSONDecoder().decode(LegacyManifest.self, from: data), legacy.version == 2 {
            var manifest = SiteManifest()
            manifest.files = legacy.files
            manifest.files[SitePaths.legacyManifest] = ""  // removed at `finish`
            manifest.search = legacy.search
            manifest.keys = legacy.keys ?? [:]
            previous = manifest
        } else {
            previous = SiteManifest()
        }
        // Usually the same files again: grown once, not doubled a dozen times while 67,000 go in.
        current.files.reserveCapacity(previous.files.count)
    }

    /// The browser index's state after the last build, when there was one.
    var previousSearchState: SearchIndexState? { full ? nil : previous.search }

    func setSearchState(_ state: SearchIndexState) {
        lock.lock()
        current.search = state
        lock.unlock()
    }

    /// Paths of the previous build below `prefix`.
    func previousPaths(under prefix: String) -> [String] {
        previous.files.keys.filter { $0.hasPrefix(prefix) }
    }

    func previousFingerprint(_ path: String) -> String? { previous.files[path] }

    /// The fingerprint `path` was written with, if the last build recorded the same input key for
    /// it and the file is still there: the page need not be built to know it is current.
    func fingerprint(_ path: String, ifKey key: String) -> String? {
        guard !full, previous.keys[path] == key, let fingerprint = previous.files[path], exists(path) else { return nil }
        return fingerprint
    }

    /// Records the input key of a page emitted in this build.
    func setKey(_ key: String, for path: String) {
        lock.lock()
        current.keys[path] = key
        lock.unlock()
    }

    /// Keeps every file of the previous build below `prefix` as it is, unless this build emits or
    /// drops it: an incremental writer touches only what changed.
    func retain(under prefix: String) {
        lock.lock()
        defer { lock.unlock() }
        retainedPrefixes.append(prefix)
    }

    /// Removes a retained file from this build (it is deleted at `finish`), unless this build
    /// emits it.
    func drop(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        if current.files[path] == nil { dropped.insert(path) }
    }

    /// True when the previous build's `path` is carried into this one without being emitted.
    private func isRetained(_ path: String) -> Bool {
        !retainedPrefixes.isEmpty && retainedPrefixes.contains { path.utf8.starts(with: $0.utf8) } && !dropped.contains(path)
    }

    /// The text of a file the previous build wrote, or nil.
    func previousText(_ path: String) -> String? {
        guard previous.files[path] != nil,
              let data = FileManager.default.contents(atPath: root + "/" + path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// True when `path` was written from inputs with this fingerprint and is still there.
    func isCurrent(_ path: String, fingerprint: String) -> Bool {
        !full && previous.files[path] == fingerprint && exists(path)
    }

    /// True when a file or folder is at `path` (below the output folder).
    private func exists(_ path: String) -> Bool {
        var status = stat()
        return stat(root + "/" + path, &status) == 0
    }

    /// Records `path` as part of this build; writes it (from `contents`, asked for only then)
    /// unless it is current.
    func emit(_ path: String, fingerprint: String, contents: () throws -> Data) throws {
        lock.lock()
        precondition(current.files[path] == nil, "\(path) emitted twice")
        current.files[path] = fingerprint
        lock.unlock()
        if isCurrent(path, fingerprint: fingerprint) {
            lock.lock()
            report.pagesUnchanged += 1
            lock.unlock()
            return
        }
        try write(try contents(), to: path)
        lock.lock()
        report.pagesWritten += 1
        lock.unlock()
    }

    func emit(_ path: String, text: String) throws {
        // Hashed as the string's bytes, before any `Data` is made (the sitemap and meta.js,
        // hundreds of KB each, every build). The same digest.
        try emit(path, fingerprint: ContentHash.hex(of: text), contents: { Data(text.utf8) })
    }

    /// Removes what the previous build wrote and this one did not, writes the manifest.
    func finish() throws -> SiteReport {
        // Retained files join this build's with the fingerprints they had.
        let carried = previous.carried(into: current, retained: isRetained)
        for path in carried.gone {
            if unlink(root + "/" + path) == 0 { report.filesRemoved += 1 }
            removeEmptyParents(of: path)
        }
        try write(try SiteManifest.encode(search: current.search, lines: carried.lines), to: SitePaths.manifest)
        report.files = carried.lines.map(\.path)
        return report
    }

    /// Writes a temporary file beside the target and renames it over the target: a reader sees the
    /// old file or the new one, never half of one. (Plain POSIX calls: Foundation's atomic writes
    /// sync each file to disk, which makes a site of tens of thousands of files crawl.)
    private func write(_ data: Data, to path: String) throws {
        let url = directory.appendingPathComponent(path)
        let folder = url.deletingLastPathComponent()
        lock.lock()
        let known = createdFolders.contains(folder.path)
        lock.unlock()
        if !known {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw SiteError.write(path: folder.path, detail: error.localizedDescription)
            }
            lock.lock()
            createdFolders.insert(folder.path)
            lock.unlock()
        }
        let temporary = folder.path + "/.\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw SiteError.write(path: url.path, detail: String(cString: strerror(errno))) }
        var failure: String?
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += written
            }
        }
        if close(fd) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil && rename(temporary, url.path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw SiteError.write(path: url.path, detail: failure)
        }
    }

    /// Folders emptied by removals (a tag that no longer exists) go too, up to the output folder.
    private func removeEmptyParents(of path: String) {
        var parts = path.split(separator: "/").dropLast()
        while !parts.isEmpty {
            let url = directory.appendingPathComponent(parts.joined(separator: "/"))
            guard let contents = try? FileManager.default.contentsOfDirectory(atPath: url.path), contents.isEmpty else { return }
            try? FileManager.default.removeItem(at: url)
            parts = parts.dropLast()
        }
    }
}
