import ArgumentParser
import Foundation
import KBCore
import KBWorkspace

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate all content without writing anything.",
        discussion: "Prints path:line:column: error|warning: message for every problem; exits 1 if there is any error.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var location: LocationOptions

    @Option(name: .long, help: "Output format: text or json.")
    var format: Format = .text

    func run() throws {
        let base = try location.knowledgeBase()
        let diagnostics: [Diagnostic]
        do {
            diagnostics = try Builder.check(base)
        } catch let error as WorkspaceError {
            throw CommandError(message: error.description)
        }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(diagnostics), as: UTF8.self))
        case .text:
            DiagnosticPrinter(style: TerminalStyle.forStandardError()).print(diagnostics)
            let errors = diagnostics.filter { $0.severity == .error }.count
            let summary = "\(errors) error\(errors == 1 ? "" : "s"), \(diagnostics.count - errors) warning\(diagnostics.count - errors == 1 ? "" : "s")"
            FileHandle.standardError.write(Data("kb check: \(summary)\n".utf8))
        }
        if diagnostics.hasErrors { throw ExitCode(1) }
    }
}
