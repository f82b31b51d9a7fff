import ArgumentParser
import Foundation
import KBCommandLine
import KBServe
import KBWorkspace

/// `kb serve`, as a program of its own: the HTTP stack (NIO, Hummingbird) is most of what a
/// Swift binary loads and registers at start-up, and every other kb command, `kb search` above
/// all, would pay for it on each run. `kb serve …` replaces itself with this program.
@main
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb serve",
        abstract: ServeProgram.abstract,
        discussion: """
            Serves the output folder on http://127.0.0.1:8080/ (see --host, --port). Saving a file in content/ \
            or site/ (or kb.yml) rebuilds what changed and reloads the pages open in the browser; a build error \
            shows on the page and here, and the last good build stays served. GET /api/search?q=… answers with \
            the JSON of kb search --json (also limit, category, product). Ctrl-C stops the server.
            """)

    static func main() async {
        await parseAndRun(help: "kb serve --help")
    }

    @OptionGroup var location: LocationOptions

    @Option(name: .long, help: "Address to listen on (default: 127.0.0.1, this computer only).")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on; 0 picks a free one.")
    var port = 8080

    @Option(name: .long, help: ArgumentHelp("Site output folder (default: public/ in the root).", valueName: "dir"))
    var out: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard !host.isEmpty else { throw ValidationError("--host must not be empty") }
    }

    func run() async throws {
        let base = try location.knowledgeBase()
        let labels = Labels(location.language)
        let output = out.map { URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) }
        let server = PreviewServer(base: base, options: ServeOptions(host: host, port: port, outputDirectory: output), labels: labels)
        do {
            try await server.run()
        } catch let error as ServeError {
            throw CommandError(message: error.message(labels))
        }
    }
}
