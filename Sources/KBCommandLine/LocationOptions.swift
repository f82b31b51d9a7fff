import ArgumentParser
import KBWorkspace

/// Options every command that touches a knowledge base shares.
public struct LocationOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Knowledge base root (the folder holding content/).", valueName: "dir"))
    public var root: String?

    @Option(name: .long, help: ArgumentHelp("Index file (default: .kb/index.sqlite in the root).", valueName: "file"))
    public var db: String?

    @Option(name: .long, help: "Language of labels: zh or en (default: from LANG).")
    public var lang: Language?

    public init() {}

    public var language: Language { lang ?? Language.fromEnvironment() }

    public func knowledgeBase() throws -> KnowledgeBase {
        do {
            return try KnowledgeBase.locate(root: root, index: db)
        } catch let error as WorkspaceError {
            throw CommandError(message: error.description)
        }
    }

    /// For read-only commands: `--db FILE` alone is enough.
    public func knowledgeBaseForReading() throws -> KnowledgeBase {
        try Self.knowledgeBaseForReading(root: root, db: db)
    }

    public static func knowledgeBaseForReading(root: String?, db: String?) throws -> KnowledgeBase {
        do {
            return try KnowledgeBase.locateForReading(root: root, index: db)
        } catch let error as WorkspaceError {
            throw CommandError(message: error.description)
        }
    }
}

extension Language: ExpressibleByArgument {}
