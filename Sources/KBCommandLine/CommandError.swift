import ArgumentParser
import Foundation
import KBWorkspace

/// A failure with its exit status and a message that says what to do.
public struct CommandError: Error {
    public var message: String
    public var status: Int32

    public init(message: String, status: Int32 = 2) {
        self.message = message
        self.status = status
    }
}

/// How kb's programs end on an error: kb's exit statuses (0 success, 1 nothing found or problems
/// reported, 2 usage or index errors), each with one line on standard error that says what to do.
public enum CommandFailure {
    /// Ends the process for an error thrown while parsing or running `Command`; `help` is the
    /// command a parser error points to (`kb search --help`).
    public static func exit<Command: ParsableCommand>(_ error: Error, _ command: Command.Type, help: String) -> Never {
        do {
            throw error
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch let error as CommandError {
            printError(error.message)
            Foundation.exit(error.status)
        } catch {
            if Command.exitCode(for: error) == .success {
                Command.exit(withError: error)  // --help and --version
            }
            let problem = Command.message(for: error).trimmingCharacters(in: .whitespacesAndNewlines)
            // kb's own validation messages say what to do; the parser's (an unknown option, a value
            // of the wrong kind) get a pointer to the help.
            printError(isOwnValidation(error) ? problem : "\(problem) (see `\(help)`)")
            Foundation.exit(2)
        }
    }

    /// One line on standard error. Arguments and file content can hold control characters, and
    /// messages quote them: they are removed so that nothing reaches the terminal as an escape.
    public static func printError(_ message: String) {
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
}

extension AsyncParsableCommand {
    /// Parses the command line as this root command and runs what it names, ending the process on
    /// an error with kb's exit status and message (`help` is the command a parser error points to).
    public static func parseAndRun(help: String) async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            CommandFailure.exit(error, Self.self, help: help)
        }
    }
}
