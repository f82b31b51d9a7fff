import Foundation

/// The files a site is made from: kb's defaults (`SiteDefaults`), each replaced by the knowledge
/// base's own file of the same path under `site/`, plus any file the knowledge base adds there.
/// Without a `site/` folder the defaults alone make a complete site.
struct SiteFiles {
    struct File: Equatable {
        /// Path under its folder (`article.mustache`, `site.css`).
        var path: String
        /// Where it came from, for messages: the override's file path, or `kb's default …`.
        var origin: String
        var data: Data
    }

    var templates: [File]
    var assets: [File]

    /// Folders of `site/` that replace or add files.
    static let folders = ["templates", "assets"]

    init(overrides site: URL) throws {
        templates = try Self.merge(folder: "templates", under: site) { $0.hasSuffix(".mustache") && !$0.contains("/") }
        assets = try Self.merge(folder: "assets", under: site) { _ in true }
    }

    /// The default files of `folder`, with the knowledge base's own files laid over them.
    private static func merge(folder: String, under site: URL, keep: (String) -> Bool) throws -> [File] {
        var files: [String: File] = [:]
        for (path, text) in SiteDefaults.files(in: folder) where keep(path) {
            files[path] = File(path: path, origin: "kb's default site/\(folder)/\(path)", data: Data(text.utf8))
        }
        for (path, url) in try overrides(in: site.appendingPathComponent(folder, isDirectory: true)) where keep(path) {
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw SiteError.write(path: url.path, detail: "cannot read the file")
            }
            files[path] = File(path: path, origin: url.path, data: data)
        }
        return files.values.sorted { $0.path < $1.path }
    }

    /// Regular, visible files under `folder` by relative path; none when the folder does not exist.
    static func overrides(in folder: URL) throws -> [(path: String, url: URL)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue,
              let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        else { throw SiteError.write(path: folder.path, detail: "expected a folder of site files") }
        var found: [(String, URL)] = []
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                  !url.lastPathComponent.hasPrefix(".") else { continue }
            found.append((String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1)), url))
        }
        return found.sorted { $0.0 < $1.0 }
    }
}
