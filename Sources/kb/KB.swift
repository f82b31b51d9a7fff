import ArgumentParser
import Foundation
import KBWorkspace

@main
struct KB: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb",
        abstract: "An offline knowledge base with Chinese full-text search.",
        discussion: """
            Finds the knowledge base like git finds a repository: the nearest folder upward that holds content/
            (or --root, or $\(KnowledgeBase.rootVariable)). The index lives in .kb/index.sqlite (or --db, or $\(KnowledgeBase.indexVariable)).
            """,
        subcommands: [BuildCommand.self, SearchCommand.self, ShowCommand.self, CheckCommand.self, NewCommand.self,
                      ServeCommand.self, GapsCommand.self, InitCommand.self])

    /// Runs a command with kb's exit statuses: 0 success, 1 nothing found or problems reported,
    /// 2 usage or index errors, each with a one-line message that says what to do.
    static func main() async {
        let arguments = CommandLine.arguments
        // The commands a support agent runs all day start without ArgumentParser (see
        // `SearchRequest.fastPath`); every other command line, help and errors included, goes to it.
        if arguments.count == 2 && arguments[1] == "--version" {
            print("kb \(version)")
            return
        }
        if let request = SearchRequest.fastPath(arguments) {
            do {
                try SearchCommand.perform(request)
            } catch {
                fail(error)
            }
            return
        }
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            fail(error)
        }
    }

    /// Printed by `kb --version`.
    static let version = "0.1.0"

    /// Ends the process for an error with kb's exit status and message.
    static func fail(_ error: Error) -> Never {
        do {
            throw error
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch let error as CommandError {
            printError(error.message)
            Foundation.exit(error.status)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)  // --help and --version
            }
            let problem = message(for: error).trimmingCharacters(in: .whitespacesAndNewlines)
            // kb's own validation messages say what to do; the parser's (an unknown option, a value
            // of the wrong kind) get a pointer to the help.
            printError(isOwnValidation(error) ? problem : "\(problem) (see `\(helpCommand())`)")
            Foundation.exit(2)
        }
    }

    /// One line on standard error. Arguments and file content can hold control characters, and
    /// messages quote them: they are removed so that nothing reaches the terminal as an escape.
    static func printError(_ message: String) {
        let line = TerminalStyle.sanitize(message).replacingOccurrences(of: "\n", with: " ")
        FileHandle.standardError.write(Data("kb: \(line)\n".utf8))
    }

    /// True for a `ValidationError` thrown by a command's `validate()`, which ArgumentParser wraps in
    /// an internal error (`parserError: .userValidationError`) that can only be looked into.
    private static func isOwnValidation(_ error: Error) -> Bool {
        if error is ValidationError { return true }
        let parserError = Mirror(reflecting: error).children.first { $0.label == "parserError" }?.value
        return parserError.map { String(describing: $0).hasPrefix("userValidationError") } ?? false
    }

    /// `kb search --help` when the command line names a subcommand, `kb --help` otherwise.
    private static func helpCommand() -> String {
        let names = Set(configuration.subcommands.map { $0._commandName })
        let subcommand = CommandLine.arguments.dropFirst().first { names.contains($0) }
        return subcommand.map { "kb \($0) --help" } ?? "kb --help"
    }
}

/// A failure with its exit status and a message that says what to do.
struct CommandError: Error {
    var message: String
    var status: Int32 = 2
}

/// Options every command that touches a knowledge base shares.
struct LocationOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Knowledge base root (the folder holding content/).", valueName: "dir"))
    var root: String?

    @Option(name: .long, help: ArgumentHelp("Index file (default: .kb/index.sqlite in the root).", valueName: "file"))
    var db: String?

    @Option(name: .long, help: "Language of labels: zh or en (default: from LANG).")
    var lang: Language?

    var language: Language { lang ?? Language.fromEnvironment() }

    func knowledgeBase() throws -> KnowledgeBase {
        do {
            return try KnowledgeBase.locate(root: root, index: db)
        } catch let error as WorkspaceError {
            throw CommandError(message: error.description)
        }
    }

    /// For read-only commands: `--db FILE` alone is enough.
    func knowledgeBaseForReading() throws -> KnowledgeBase {
        try Self.knowledgeBaseForReading(root: root, db: db)
    }

    static func knowledgeBaseForReading(root: String?, db: String?) throws -> KnowledgeBase {
        do {
            return try KnowledgeBase.locateForReading(root: root, index: db)
        } catch let error as WorkspaceError {
            throw CommandError(message: error.description)
        }
    }
}

extension Language: ExpressibleByArgument {}
