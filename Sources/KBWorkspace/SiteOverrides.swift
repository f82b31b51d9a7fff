import Foundation
import KBCore
import KBSite

/// A knowledge base's `site/` folder against kb's default site (`SiteDefaults`): writing the
/// defaults out for editors who want to change them (`kb init --site`), and warning when an
/// override no longer fits the kb that builds it.
public enum SiteOverrides {
    /// Beside the copies `kb init --site` writes: each file's path and the digest of the default it
    /// was copied from, so that `kb check` can tell when kb's default has changed since.
    public static let manifestName = ".kb-defaults"

    /// What `write` did, by path under the knowledge base root.
    public struct WriteReport: Equatable, Sendable {
        public var written: [String] = []
        /// Files that exist and differ from the default: left as they are unless `overwrite`.
        public var kept: [String] = []
    }

    /// Writes every default file under `site/`. Existing files that differ are kept unless
    /// `overwrite`; the manifest records the default each copy came from.
    public static func write(into base: KnowledgeBase, overwrite: Bool) throws -> WriteReport {
        var report = WriteReport()
        var manifest = readManifest(base)
        for (path, text) in SiteDefaults.files.sorted(by: { $0.key < $1.key }) {
            let url = base.siteDirectory.appendingPathComponent(path)
            let shown = "site/" + path
            let existing = FileManager.default.contents(atPath: url.path)
            if let existing, existing != Data(text.utf8), !overwrite {
                report.kept.append(shown)
                continue
            }
            if existing != Data(text.utf8) {
                do {
                    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try Data(text.utf8).write(to: url, options: .atomic)
                } catch {
                    throw WorkspaceError.output(url.path, error.localizedDescription)
                }
                report.written.append(shown)
            }
            manifest[path] = SiteDefaults.digest(of: path)
        }
        let lines = manifest.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        let header = "# Written by kb init --site: each file and the digest of kb's default it was copied from.\n"
        let url = base.siteDirectory.appendingPathComponent(manifestName)
        do {
            try Data((header + lines.joined(separator: "\n") + "\n").utf8).write(to: url, options: .atomic)
        } catch {
            throw WorkspaceError.output(url.path, error.localizedDescription)
        }
        return report
    }

    /// Warnings about `site/`: a browser engine file that differs from kb's own (its results would
    /// differ from `kb search`), and an override whose default changed after it was copied; and what
    /// is wrong with the knowledge base's own `kb new` skeletons.
    static func check(_ base: KnowledgeBase) -> [Diagnostic] {
        let manifest = readManifest(base)
        var diagnostics = ArticleTemplate.check(base)
        for folder in ["templates", "assets"] {
            let overrides = (try? SiteDefaults.overrides(in: base.siteDirectory.appendingPathComponent(folder, isDirectory: true))) ?? []
            for relative in overrides {
                let path = folder + "/" + relative
                guard let current = SiteDefaults.files[path],
                      let data = FileManager.default.contents(atPath: base.siteDirectory.appendingPathComponent(path).path),
                      data != Data(current.utf8) else { continue }
                let location = SourceLocation(path: "site/" + path, line: 1, column: 1)
                if SiteDefaults.isEngine(path) {
                    diagnostics.append(.warning(location, .siteEngineOverride,
                        "replaces kb's browser search engine with a different copy: searches on the site would rank differently from `kb search`",
                        hint: "delete the file: kb puts its own engine, matching its ranking, into every site"))
                } else if let copied = manifest[path], copied != SiteDefaults.digest(of: path) {
                    diagnostics.append(.warning(location, .siteOverrideOutdated,
                        "copied from an older kb: the default `\(path)` has changed since",
                        hint: "compare it with the current default (`kb init --site` in an empty folder writes it) and carry your changes over, then delete its line from site/\(manifestName)"))
                }
            }
        }
        return diagnostics
    }

    private static func readManifest(_ base: KnowledgeBase) -> [String: String] {
        let url = base.siteDirectory.appendingPathComponent(manifestName)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [:] }
        var manifest: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            if parts.count == 2 { manifest[String(parts[0])] = String(parts[1]) }
        }
        return manifest
    }
}
