import ArgumentParser
import Foundation
import KBCommandLine
import KBCore
import KBWorkspace

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate all content without writing anything.",
        discussion: """
            Prints path:line:column: error|warning: message (hint) for every problem in content/, \
            content/synonyms.yml and kb.yml; exits 1 if there is any error. --format json prints one \
            object for CI: {"articles", "errors", "warnings", "diagnostics": [{"path", "line", "column", \
            "severity", "rule", "message", "hint"}]}.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var location: LocationOptions

    @Option(name: .long, help: "Output format: text or json.")
    var format: Format = .text

    func run() throws {
        let base = try location.knowledgeBase()
        let report: CheckReport
        do {
            report = try Builder.check(base, today: try today())
        } catch let error as WorkspaceError {
            throw CommandError(message: error.description)
        }
        let diagnostics = report.diagnostics
        switch format {
        case .json:
            print(try CheckJSON(report).encoded())
        case .text:
            DiagnosticPrinter(style: TerminalStyle.forStandardError()).print(diagnostics)
            let errors = diagnostics.filter { $0.severity == .error }.count
            let summary = Labels(location.language).checkSummary(errors: errors, warnings: diagnostics.count - errors,
                                                                 articles: report.articleCount)
            FileHandle.standardError.write(Data("kb check: \(summary)\n".utf8))
        }
        if diagnostics.hasErrors { throw ExitCode(1) }
    }
}

/// The day articles' freshness is judged on: `KB_TODAY` when set (a usage error when unreadable), else the clock.
func today() throws -> Day {
    do {
        return try Freshness.today()
    } catch {
        throw CommandError(message: error.description)
    }
}
