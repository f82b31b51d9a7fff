import Foundation
import KBCore

/// The output folder: writes each file atomically (a temporary file renamed over the old one),
/// skips files whose inputs did not change since the last build (recorded in a manifest), and
/// removes the files of the last build that this one no longer produces. Files it did not write
/// itself are never touched.
final class SiteOutput {
    struct Manifest: Codable {
        static let currentVersion = 1
        var version = Manifest.currentVersion
        /// Output path → fingerprint of the inputs it was made from.
        var files: [String: String] = [:]
    }

    let directory: URL
    private let previous: Manifest
    private var current = Manifest()
    private(set) var report = SiteReport()
    private var createdFolders = Set<String>()

    init(directory: URL, full: Bool = false) throws {
        self.directory = directory
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw SiteError.write(path: directory.path, detail: error.localizedDescription)
        }
        let manifestURL = directory.appendingPathComponent(SitePaths.manifest)
        if !full, let data = FileManager.default.contents(atPath: manifestURL.path),
           let manifest = try? JSONDecoder().decode(Manifest.self, from: data), manifest.version == Manifest.currentVersion {
            previous = manifest
        } else {
            previous = Manifest()
        }
    }

    /// True when `path` was written from inputs with this fingerprint and is still there.
    func isCurrent(_ path: String, fingerprint: String) -> Bool {
        previous.files[path] == fingerprint
            && FileManager.default.fileExists(atPath: directory.appendingPathComponent(path).path)
    }

    /// Records `path` as part of this build; writes it (from `contents`, asked for only then)
    /// unless it is current.
    func emit(_ path: String, fingerprint: String, contents: () throws -> Data) throws {
        precondition(current.files[path] == nil, "\(path) emitted twice")
        current.files[path] = fingerprint
        if isCurrent(path, fingerprint: fingerprint) {
            report.pagesUnchanged += 1
            return
        }
        try write(try contents(), to: path)
        report.pagesWritten += 1
    }

    func emit(_ path: String, text: String) throws {
        let data = Data(text.utf8)
        try emit(path, fingerprint: ContentHash.hex(of: data), contents: { data })
    }

    /// Removes what the previous build wrote and this one did not, writes the manifest.
    func finish() throws -> SiteReport {
        for path in previous.files.keys.sorted() where current.files[path] == nil {
            let url = directory.appendingPathComponent(path)
            if (try? FileManager.default.removeItem(at: url)) != nil { report.filesRemoved += 1 }
            removeEmptyParents(of: path)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try write(try encoder.encode(current), to: SitePaths.manifest)
        report.files = current.files.keys.sorted()
        return report
    }

    /// Writes a temporary file beside the target and renames it over the target: a reader sees the
    /// old file or the new one, never half of one. (Plain POSIX calls: Foundation's atomic writes
    /// sync each file to disk, which makes a site of tens of thousands of files crawl.)
    private func write(_ data: Data, to path: String) throws {
        let url = directory.appendingPathComponent(path)
        let folder = url.deletingLastPathComponent()
        if !createdFolders.contains(folder.path) {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw SiteError.write(path: folder.path, detail: error.localizedDescription)
            }
            createdFolders.insert(folder.path)
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
