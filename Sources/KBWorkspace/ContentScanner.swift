import Foundation
import KBCore

/// A Markdown file found under `content/`, before it is read.
public struct SourceFile: Sendable, Equatable {
    public var url: URL
    /// Path relative to the knowledge-base root (`content/causes/network.md`), used in messages.
    public var path: String
    public var id: ArticleID
    public var size: Int
    /// Modification time in nanoseconds, with `size` a cheap first test of whether a file changed.
    public var modified: Int64
}

/// What `content/` holds: articles, other files (images), and problems found while walking it.
public struct ContentListing: Sendable {
    public var articles: [SourceFile] = []
    /// Non-Markdown files, relative to `content/` (`images/a.png`), copied to the site as they are.
    public var assets: [String] = []
    public var diagnostics: [Diagnostic] = []
}

/// Walks `content/` without following a symbolic link into a folder twice (so a link loop ends),
/// skipping hidden files and the editors' `README.md`.
enum ContentScanner {
    static let ignoredNames: Set<String> = ["readme.md", "synonyms.yml"]

    static func scan(_ base: KnowledgeBase) throws -> ContentListing {
        let content = base.contentDirectory
        guard KnowledgeBase.directoryExists(content) else { throw WorkspaceError.noContentFolder(base.root.path) }
        guard FileManager.default.isReadableFile(atPath: content.path) else {
            throw WorkspaceError.unreadableContent(base.relativePath(content), "permission denied")
        }
        var listing = ContentListing()
        var visited = Set<String>()
        try walk(content, relative: "", base: base, visited: &visited, into: &listing)
        listing.articles.sort { $0.id < $1.id }
        listing.assets.sort()
        return listing
    }

    private static func walk(_ directory: URL, relative: String, base: KnowledgeBase,
                             visited: inout Set<String>, into listing: inout ContentListing) throws {
        let canonical = directory.resolvingSymlinksInPath().path
        guard visited.insert(canonical).inserted else {
            listing.diagnostics.append(.warning(SourceLocation(path: base.relativePath(directory)), rule: "symlink-loop",
                                                "folder reached twice through a symbolic link; skipped"))
            return
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        } catch {
            listing.diagnostics.append(.error(SourceLocation(path: base.relativePath(directory)), rule: "unreadable",
                                              "cannot list this folder: \(error.localizedDescription)"))
            return
        }
        for name in names where !name.hasPrefix(".") {
            let url = directory.appendingPathComponent(name)
            let relativeName = relative.isEmpty ? name : relative + "/" + name
            let path = base.relativePath(url)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path) else {
                listing.diagnostics.append(.warning(SourceLocation(path: path), rule: "broken-link",
                                                    "cannot read this entry (a broken symbolic link?); skipped"))
                continue
            }
            let type = attributes[.type] as? FileAttributeType
            if type == .typeDirectory {
                try walk(url, relative: relativeName, base: base, visited: &visited, into: &listing)
                continue
            }
            guard type == .typeRegular else {
                // Reading a pipe or a device would block or never end; a link that still resolves to
                // a link goes nowhere (dangling, or a loop). Say so rather than skip in silence.
                let message = type == .typeSymbolicLink
                    ? "a symbolic link that leads nowhere (its target is missing, or links loop); skipped"
                    : "not a regular file (a device, pipe or socket); skipped"
                listing.diagnostics.append(.warning(SourceLocation(path: path), rule: "not-a-file", message))
                continue
            }
            if relative.isEmpty && ignoredNames.contains(name.lowercased()) { continue }
            guard name.hasSuffix(".md") else {
                listing.assets.append(relativeName)
                continue
            }
            let id = ArticleID(String(relativeName.dropLast(3)))
            let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            let modified = (attributes[.modificationDate] as? Date).map { Int64($0.timeIntervalSince1970 * 1_000_000_000) } ?? 0
            if let problem = idProblem(id) {
                listing.diagnostics.append(.error(SourceLocation(path: path), rule: "invalid-id", problem.message, hint: problem.hint))
                continue
            }
            listing.articles.append(SourceFile(url: url, path: path, id: id, size: size, modified: modified))
        }
    }

    /// Ids are `<category folder>/<slug>`, the slug lowercase ASCII letters, digits and hyphens.
    static func idProblem(_ id: ArticleID) -> (message: String, hint: String)? {
        let parts = id.rawValue.split(separator: "/", omittingEmptySubsequences: false)
        let folders = Category.allCases.map(\.folder).joined(separator: ", ")
        guard parts.count == 2, let category = Category(folder: String(parts[0])) else {
            return ("article `\(id)` is not in a category folder", "put articles directly in one of: \(folders)")
        }
        guard id.isWellFormed else {
            return ("article id `\(id)` is not lowercase ASCII letters, digits and hyphens",
                    "rename the file, e.g. `\(category.folder)/paper-jam.md`")
        }
        return nil
    }
}
