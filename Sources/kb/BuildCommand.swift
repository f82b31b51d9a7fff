import ArgumentParser
import Foundation
import KBCommandLine
import KBCore
import KBWorkspace

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Index content/ and generate the site (incrementally).",
        discussion: "Nothing is written unless all content is valid: a failed build leaves the previous index and site as they were.")

    @OptionGroup var location: LocationOptions

    @Option(name: .long, help: ArgumentHelp("Site output folder (default: public/ in the root).", valueName: "dir"))
    var out: String?

    @Flag(name: .long, help: "Rebuild everything instead of only what changed.")
    var full = false

    @Flag(name: .long, help: "Only build the index, not the site.")
    var noSite = false

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    @Option(name: .long, help: ArgumentHelp("Seconds to wait while another build of the same index runs; 0 refuses at once.",
                                            valueName: "seconds"))
    var wait: Int = Int(BuildLock.patience.components.seconds)

    func validate() throws {
        guard wait >= 0 else { throw ValidationError("--wait must be 0 or more seconds") }
    }

    func run() throws {
        let base = try location.knowledgeBase()
        let labels = Labels(location.language)
        let style = TerminalStyle.forStandardError()
        let quiet = self.quiet
        let options = BuildOptions(
            full: full, site: !noSite,
            outputDirectory: out.map { URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) },
            lockPatience: .seconds(wait), today: try today(),
            progress: { line in if !quiet { FileHandle.standardError.write(Data("\(line)\n".utf8)) } })
        let started = ContinuousClock.now
        do {
            let report = try Builder.build(base, options: options)
            // Quiet: only errors (a successful build has none), as `--quiet` promises.
            if !quiet { DiagnosticPrinter(style: style).print(report.diagnostics) }
            if !quiet {
                let elapsed = ContinuousClock.now - started
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                FileHandle.standardError.write(Data((labels.buildSummary(articles: report.articleCount, parsed: report.parsed, seconds: seconds) + "\n").utf8))
            }
        } catch let failure as BuildFailure {
            DiagnosticPrinter(style: style).print(quiet ? failure.report.diagnostics.filter { $0.severity == .error }
                                                        : failure.report.diagnostics)
            throw CommandError(message: failure.message, status: 1)
        } catch let error as WorkspaceError {
            throw CommandError(message: error.description)
        }
    }
}
