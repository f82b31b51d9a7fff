import Foundation
import KBText

/// Where a knowledge base and its outputs live. Found the way git finds a repository: the nearest
/// folder, from the working directory upward, that holds `content/`.
public struct KnowledgeBase: Sendable, Equatable {
    /// Environment variable naming the knowledge base root, when `--root` is not given.
    public static let rootVariable = "KB_ROOT"
    /// Environment variable naming the index file, when `--db` is not given.
    public static let indexVariable = "KB_DB"

    public var root: URL
    public var indexPath: String

    public var contentDirectory: URL { root.appendingPathComponent("content", isDirectory: true) }
    public var siteDirectory: URL { root.appendingPathComponent("site", isDirectory: true) }
    public var defaultOutputDirectory: URL { root.appendingPathComponent("public", isDirectory: true) }
    public var stateDirectory: URL { root.appendingPathComponent(".kb", isDirectory: true) }
    public var synonymsFile: URL { queryWordsFile(.synonym) }
    /// `content/query-model.json`: how merchants ask, learned from the judged queries (optional).
    public var queryModelFile: URL { contentDirectory.appendingPathComponent(QueryModelLoader.fileName) }
    /// `content/synonyms.yml`, `entities.yml` or `out-of-scope.yml`.
    public func queryWordsFile(_ role: SynonymTable.Role) -> URL { contentDirectory.appendingPathComponent(role.fileName) }

    public init(root: URL, indexPath: String? = nil) {
        self.root = root.standardizedFileURL
        self.indexPath = indexPath ?? self.root.appendingPathComponent(".kb/index.sqlite").path
    }

    /// Resolves the knowledge base from (in order) an explicit root, `KB_ROOT`, or the working
    /// directory and its parents; and the index from `--db`, `KB_DB`, or `.kb/index.sqlite`.
    public static func locate(root explicitRoot: String?, index explicitIndex: String?,
                              environment: [String: String] = ProcessInfo.processInfo.environment,
                              workingDirectory: String = FileManager.default.currentDirectoryPath) throws -> KnowledgeBase {
        let index = explicitIndex ?? environment[indexVariable].flatMap { $0.isEmpty ? nil : $0 }
        let base = URL(fileURLWithPath: workingDirectory, isDirectory: true)
        if let given = explicitRoot ?? environment[rootVariable].flatMap({ $0.isEmpty ? nil : $0 }) {
            let url = URL(fileURLWithPath: given, isDirectory: true, relativeTo: base).standardizedFileURL
            guard directoryExists(url.appendingPathComponent("content")) else {
                throw WorkspaceError.noContentFolder(url.path)
            }
            return KnowledgeBase(root: url, indexPath: index.map { absolute($0, base) })
        }
        var candidate = base.standardizedFileURL
        while true {
            if directoryExists(candidate.appendingPathComponent("content")) {
                return KnowledgeBase(root: candidate, indexPath: index.map { absolute($0, base) })
            }
            let parent = candidate.deletingLastPathComponent()
            if parent.path == candidate.path { break }
            candidate = parent
        }
        throw WorkspaceError.notFound(workingDirectory)
    }

    /// For commands that only read an index (`kb search --db FILE` outside any knowledge base).
    public static func locateForReading(root: String?, index: String?,
                                        environment: [String: String] = ProcessInfo.processInfo.environment,
                                        workingDirectory: String = FileManager.default.currentDirectoryPath) throws -> KnowledgeBase {
        do {
            return try locate(root: root, index: index, environment: environment, workingDirectory: workingDirectory)
        } catch WorkspaceError.notFound(let directory) {
            let explicit = index ?? environment[indexVariable].flatMap { $0.isEmpty ? nil : $0 }
            guard let explicit else { throw WorkspaceError.notFound(directory) }
            let base = URL(fileURLWithPath: workingDirectory, isDirectory: true)
            return KnowledgeBase(root: base, indexPath: absolute(explicit, base))
        }
    }

    private static func absolute(_ path: String, _ base: URL) -> String {
        URL(fileURLWithPath: path, relativeTo: base).standardizedFileURL.path
    }

    static func directoryExists(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// `path` relative to the root, for messages (`content/causes/network.md`).
    public func relativePath(_ url: URL) -> String {
        let rootPath = root.path.hasSuffix("/") ? root.path : root.path + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(rootPath) ? String(path.dropFirst(rootPath.count)) : path
    }
}

/// Problems with the workspace itself, as opposed to its content.
public enum WorkspaceError: Error, Equatable, CustomStringConvertible {
    case notFound(String)
    case noContentFolder(String)
    case unreadableContent(String, String)
    case contentErrors(count: Int)
    case locked(String)
    case output(String, String)

    public var description: String {
        switch self {
        case let .notFound(directory):
            "no knowledge base here: no content/ folder in \(directory) or any parent (use --root DIR or set \(KnowledgeBase.rootVariable))"
        case let .noContentFolder(root):
            "\(root) has no content/ folder: point --root at the folder that holds content/"
        case let .unreadableContent(path, reason):
            "cannot read \(path): \(reason)"
        case let .contentErrors(count):
            "build stopped: \(count) error\(count == 1 ? "" : "s") in content; the previous index and site are unchanged"
        case let .locked(path):
            "another kb build is running (lock held on \(path)); wait for it to finish"
        case let .output(path, reason):
            "cannot write \(path): \(reason)"
        }
    }
}
