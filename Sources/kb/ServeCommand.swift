import ArgumentParser
import Foundation
import KBCommandLine

/// `kb serve` lives in its own program, `kb-serve`, next to `kb` (see Sources/kb-serve): kb
/// replaces itself with it, arguments, standard streams and process id unchanged. This command
/// only lists `serve` in `kb --help`; `KB.main` hands every `kb serve …` line over before parsing,
/// so it is never run.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: ServeProgram.abstract)

    /// The arguments for `kb-serve` when this command line is `kb serve …` or `kb help serve`.
    static func handedOver(_ arguments: [String]) -> [String]? {
        let words = Array(arguments.dropFirst())
        if words.first == "serve" { return Array(words.dropFirst()) }
        if words == ["help", "serve"] { return ["--help"] }
        return nil
    }

    /// Runs `kb-serve` with these arguments in place of this process; returns only by throwing.
    static func replaceProcess(with arguments: [String]) throws -> Never {
        let program = programPath()
        let argv = [program] + arguments
        var cArguments = argv.map { strdup($0) } + [nil]
        execv(program, &cArguments)
        let reason = String(cString: strerror(errno))
        throw CommandError(message: "kb serve needs the \(ServeProgram.executableName) program next to kb (\(program)): "
                           + "\(reason); build it with `make release` or `swift build --product \(ServeProgram.executableName)`")
    }

    /// `kb-serve` in the folder of the running `kb` (symbolic links resolved, so that a link to kb
    /// on the PATH still finds it).
    static func programPath() -> String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent()
            .appendingPathComponent(ServeProgram.executableName).path
    }
}
