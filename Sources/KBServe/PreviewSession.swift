import Dispatch
import Foundation
import KBCore
import KBWorkspace

/// What the served pages need to know about the builds, and the builds themselves: one at a time,
/// incremental, on their own thread so that requests keep being answered while one runs.
final class PreviewSession: @unchecked Sendable {
    let base: KnowledgeBase
    let output: URL
    let labels: Labels
    let console: ServeConsole
    let broadcaster = ReloadBroadcaster()
    let search: SearchEndpoint
    let feedback: FeedbackEndpoint

    private let lock = NSLock()
    private var builds = 0
    private var lastFailure: BuildFailureReport?
    /// Distinguishes this server's generations from those of an earlier run, whose pages may still be open.
    private let runID = String(UInt64(Date().timeIntervalSince1970 * 1000), radix: 36)
    private let queue = DispatchQueue(label: "kb.serve.build", qos: .userInitiated)

    init(base: KnowledgeBase, output: URL, labels: Labels, console: ServeConsole) {
        self.base = base
        self.output = output
        self.labels = labels
        self.console = console
        self.search = SearchEndpoint(base: base)
        self.feedback = FeedbackEndpoint(base: base)
    }

    /// The generation pages are served with, and the failure of the last build if it failed.
    var state: (generation: String, failure: BuildFailureReport?) {
        lock.withLock { ("\(runID)-\(builds)", lastFailure) }
    }

    /// Builds what changed, then tells open pages to reload. A failed build leaves the previous site
    /// in place (the Builder writes nothing unless all content is valid) and is shown on every page.
    @discardableResult
    func rebuild(changed: [String]) async -> Bool {
        let started = ContinuousClock.now
        let base = self.base, output = self.output
        let result: Result<BuildReport, BuildFailureReport> = await withCheckedContinuation { continuation in
            queue.async {
                do {
                    continuation.resume(returning: .success(try Builder.build(base, options: BuildOptions(outputDirectory: output))))
                } catch let failure as BuildFailure {
                    continuation.resume(returning: .failure(BuildFailureReport(message: failure.message,
                                                                               diagnostics: failure.report.diagnostics)))
                } catch {
                    continuation.resume(returning: .failure(BuildFailureReport(message: "\(error)", diagnostics: [])))
                }
            }
        }
        let milliseconds = (ContinuousClock.now - started).milliseconds
        await search.reopen()
        await feedback.reopen()
        let generation: String = lock.withLock {
            builds += 1
            switch result {
            case .success: lastFailure = nil
            case let .failure(failure): lastFailure = failure
            }
            return "\(runID)-\(builds)"
        }
        let pages = broadcaster.send(.build(generation: generation))
        switch result {
        case let .success(report):
            console.built(report, changed: changed, milliseconds: milliseconds, pages: pages, base: base)
            return true
        case let .failure(failure):
            console.failed(failure, changed: changed, pages: pages, base: base)
            return false
        }
    }
}

extension Duration {
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
