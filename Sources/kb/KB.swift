import ArgumentParser
import Foundation
import KBCommandLine
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
        // `kb serve` is another program (Sources/kb-serve), its help included.
        if let serveArguments = ServeCommand.handedOver(arguments) {
            do {
                try ServeCommand.replaceProcess(with: serveArguments)
            } catch {
                fail(error)
            }
        }
        if let request = SearchRequest.fastPath(arguments) {
            do {
                try SearchCommand.perform(request)
            } catch {
                fail(error)
            }
            return
        }
        await parseAndRun(help: helpCommand())
    }

    /// Printed by `kb --version`.
    static let version = "0.1.0"

    /// Ends the process for an error with kb's exit status and message.
    static func fail(_ error: Error) -> Never {
        CommandFailure.exit(error, Self.self, help: helpCommand())
    }

    /// `kb search --help` when the command line names a subcommand, `kb --help` otherwise.
    private static func helpCommand() -> String {
        let names = Set(configuration.subcommands.map { $0._commandName })
        let subcommand = CommandLine.arguments.dropFirst().first { names.contains($0) }
        return subcommand.map { "kb \($0) --help" } ?? "kb --help"
    }
}
