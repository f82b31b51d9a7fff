import Foundation
import KBCore
import KBWorkspace

/// What `kb serve` prints: status lines on standard output (written at once, so a pipe sees them
/// as they happen), diagnostics on standard error as `kb check` prints them.
struct ServeConsole: Sendable {
    let labels: Labels
    let style: TerminalStyle
    let errorStyle: TerminalStyle

    init(labels: Labels) {
        self.labels = labels
        style = TerminalStyle.forStandardOutput()
        errorStyle = TerminalStyle.forStandardError()
    }

    private var printer: DiagnosticPrinter { DiagnosticPrinter(style: errorStyle) }

    func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    func built(_ report: BuildReport, changed: [String], milliseconds: Double, pages: Int, base: KnowledgeBase) {
        let paths = changed.map { base.relativePath(URL(fileURLWithPath: $0)) }
        // The first build shows every warning; later ones only those of the files that changed.
        printer.print(paths.isEmpty ? report.diagnostics : report.diagnostics.filter { diagnostic in
            paths.contains { diagnostic.location.path == $0 }
        })
        if paths.isEmpty {
            say(labels.buildSummary(articles: report.articleCount, parsed: report.parsed, seconds: milliseconds / 1000))
        } else {
            say(style.dim(clock()) + " " + labels.serveRebuilt(changed: describe(paths), milliseconds: milliseconds,
                                                              parsed: report.parsed, articles: report.articleCount, pages: pages))
        }
    }

    func failed(_ failure: BuildFailureReport, changed: [String], pages: Int, base: KnowledgeBase) {
        printer.print(failure.diagnostics.filter { $0.severity == .error })
        let paths = changed.map { base.relativePath(URL(fileURLWithPath: $0)) }
        say(style.dim(clock()) + " " + style.error(labels.serveBuildFailed(failure.message, changed: paths.isEmpty ? nil : describe(paths))))
    }

    private func describe(_ paths: [String]) -> String {
        guard let first = paths.first else { return "" }
        return paths.count == 1 ? first : labels.serveAndMore(first, more: paths.count - 1)
    }

    private func clock() -> String {
        let parts = Calendar.current.dateComponents([.hour, .minute, .second], from: Date())
        func pad(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "[\(pad(parts.hour)):\(pad(parts.minute)):\(pad(parts.second))]"
    }
}
