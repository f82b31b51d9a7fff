import Foundation
import KBText
import KBCore

/// A Markdown file found under `content/`, before it is read.
public struct SourceFile: Sendable, Equatable {
    /// Absolute path (a string: making a URL per file was a third of a build with nothing to do).
    public var absolutePath: String
    public var url: URL { URL(fileURLWithPath: absolutePath) }
    /// Path relative to the knowledge-base root (`content/causes/network.md`), used in messages.
    public var path: String
    public var id: ArticleID
    public var size: Int
    /// Modification time in nanoseconds, with `size` a cheap first test of whether a file changed.
    public var modified: Int64
    /// Device and inode: the same file reached under two names has one identity.
    public var identity: FileIdentity
    /// Status-change time in nanoseconds: unlike the modification time, no tool can set it back,
    /// so it tells a rewritten file from an untouched one (see `BuildRecord`).
    public var changed: Int64 = 0
}

public struct FileIdentity: Sendable, Hashable {
    public var device: UInt64
    public var inode: UInt64
}

/// What stat(2) says of a path (following symbolic links).
struct FileStatus {
    enum Kind { case directory, regular, other }
    var kind: Kind
    var size: Int
    /// Modification time in nanoseconds since 1970.
    var modified: Int64
    /// Status-change time in nanoseconds since 1970.
    var changed: Int64
    var identity: FileIdentity

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: kind = .directory
        case S_IFREG: kind = .regular
        default: kind = .other
        }
        size = Int(info.st_size)
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
        identity = FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}

/// What `content/` holds: articles, other files (images), and problems found while walking it.
public struct ContentListing: Sendable {
    public var articles: [SourceFile] = []
    /// Non-Markdown files, relative to `content/` (`images/a.png`), copied to the site as they are.
    public var assets: [String] = []
    public var diagnostics: [Diagnostic] = []
    /// One line per entry found (any kind, even unreadable: path, size, times, inode), in walk order:
    /// equal stamps mean nothing under `content/` changed (`BuildRecord`).
    var stamps = ""
}

/// Walks `content/` without following a symbolic link into a folder twice (so a link loop ends),
/// skipping hidden files and the editors' `README.md`.
enum ContentScanner {
    static let ignoredNames: Set<String> = Set(["readme.md", QueryModelLoader.fileName] + SynonymTable.Role.allCases.map(\.fileName))

    static func scan(_ base: KnowledgeBase) throws -> ContentListing {
        let content = base.contentDirectory
        guard KnowledgeBase.directoryExists(content) else { throw WorkspaceError.noContentFolder(base.root.path) }
        guard FileManager.default.isReadableFile(atPath: content.path) else {
            throw WorkspaceError.unreadableContent(base.relativePath(content), "permission denied")
        }
        guard let root = FileStatus(path: content.path) else { throw WorkspaceError.noContentFolder(base.root.path) }
        var listing = ContentListing()
        var visited = Set<FileIdentity>()
        try walk(content.path, identity: root.identity, relative: "", shown: base.relativePath(content),
                 visited: &visited, into: &listing)
        listing.articles.sort { $0.id < $1.id }
        removeLinkedTwins(&listing)
        listing.assets.sort()
        return listing
    }

    /// `identity`: the folder's device and inode, the same however a link reaches it. `shown`: the
    /// folder's path relative to the knowledge base (`content/causes`), for messages.
    private static func walk(_ directory: String, identity: FileIdentity, relative: String, shown: String,
                             visited: inout Set<FileIdentity>, into listing: inout ContentListing) throws {
        guard visited.insert(identity).inserted else {
            listing.diagnostics.append(.warning(SourceLocation(path: shown), .symlinkLoop,
                                                "folder reached twice through a symbolic link; skipped",
                                                hint: "remove the symbolic link: every folder must appear once under content/"))
            return
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            listing.diagnostics.append(.error(SourceLocation(path: shown), .unreadable,
                                              "cannot list this folder: \(error.localizedDescription)",
                                              hint: "check the folder's permissions"))
            return
        }
        for name in names where !name.hasPrefix(".") {
            let full = directory + "/" + name
            let relativeName = relative.isEmpty ? name : relative + "/" + name
            let path = shown + "/" + name
            // One stat(2) per entry (it follows links): a broken link fails here.
            let status = FileStatus(path: full)
            // Every entry, whatever it is: a new pipe or broken link changes the build's warnings.
            listing.stamps += status.map {
                "\(relativeName)\t\($0.kind)\t\($0.size)\t\($0.modified)\t\($0.changed)\t\($0.identity.inode)\n"
            } ?? "\(relativeName)\t-\n"
            guard let status else {
                listing.diagnostics.append(.warning(SourceLocation(path: path), .brokenSymlink,
                                                    "cannot read this entry (a broken symbolic link?); skipped",
                                                    hint: "delete it, or point it at a file that exists"))
                continue
            }
            if status.kind == .directory {
                try walk(full, identity: status.identity, relative: relativeName, shown: path, visited: &visited, into: &listing)
                continue
            }
            guard status.kind == .regular else {
                // Reading a pipe or a device would block or never end: say so rather than skip in silence.
                listing.diagnostics.append(.warning(SourceLocation(path: path), .notAFile,
                                                    "not a regular file (a device, pipe or socket); skipped",
                                                    hint: "articles and images are ordinary files: delete it"))
                continue
            }
            if relative.isEmpty && ignoredNames.contains(name.lowercased()) { continue }
            guard name.hasSuffix(".md") else {
                listing.assets.append(relativeName)
                continue
            }
            let id = ArticleID(String(relativeName.dropLast(3)))
            if let problem = idProblem(id) {
                listing.diagnostics.append(.error(SourceLocation(path: path), .invalidID, problem.message, hint: problem.hint))
                continue
            }
            listing.articles.append(SourceFile(absolutePath: full, path: path, id: id, size: status.size, modified: status.modified,
                                               identity: status.identity, changed: status.changed))
        }
    }

    /// The same file under two names (through a symbolic link) would be published twice: keep the
    /// real file (or the first id when both are links) and report the others.
    private static func removeLinkedTwins(_ listing: inout ContentListing) {
        let canonical = listing.articles.map(\.identity)
        guard Set(canonical).count < canonical.count else { return }
        func isLink(_ file: SourceFile) -> Bool {
            (try? FileManager.default.attributesOfItem(atPath: file.url.path)[.type] as? FileAttributeType) == .typeSymbolicLink
        }
        var keep: [FileIdentity: Int] = [:]
        for (index, file) in listing.articles.enumerated() {
            guard let kept = keep[canonical[index]] else { keep[canonical[index]] = index; continue }
            if isLink(listing.articles[kept]) && !isLink(file) { keep[canonical[index]] = index }
        }
        var remaining: [SourceFile] = []
        for (index, file) in listing.articles.enumerated() {
            let kept = keep[canonical[index]]!
            if kept == index { remaining.append(file); continue }
            listing.diagnostics.append(.error(SourceLocation(path: file.path), .duplicateArticle,
                                              "`\(file.id)` is a symbolic link to `\(listing.articles[kept].id)`: the article would appear twice",
                                              hint: "delete the link; to send readers to the other article, link to it"))
        }
        listing.articles = remaining
    }

    /// The naming rule, worded for a file found on disk.
    static func idProblem(_ id: ArticleID) -> (message: String, hint: String)? {
        switch ArticleIDRule.problem(id) {
        case nil:
            return nil
        case .noFolder, .tooDeep:
            return ("article `\(id)` is not in a category folder", "put articles directly in one of: \(ArticleIDRule.folderList)")
        case let .unknownFolder(folder, suggestion):
            let guess = suggestion.map { "did you mean `\($0)/`? " } ?? ""
            return ("article `\(id)` is in `\(folder)/`, which is not a category folder",
                    "\(guess)articles go directly in one of: \(ArticleIDRule.folderList)")
        case let .invalidSlug(_, suggestion):
            let folder = id.folder ?? "causes"
            return ("article id `\(id)` is not lowercase ASCII letters, digits and hyphens",
                    "rename the file, e.g. `\(folder)/\(suggestion ?? "paper-jam").md`")
        }
    }
}
