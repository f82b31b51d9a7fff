import Foundation
import KBCore
import Testing
@testable import KBWorkspace

enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
}

/// A private copy of a fixture knowledge base, built in process.
final class FixtureBase: @unchecked Sendable {
    let base: KnowledgeBase
    var root: URL { base.root }

    init(_ name: String = "kb") throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-ws-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Fixtures.root.appendingPathComponent(name), to: root)
        base = KnowledgeBase(root: root)
    }

    deinit { try? FileManager.default.removeItem(at: base.root) }

    func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    func read(_ relative: String) throws -> String { try String(contentsOf: url(relative), encoding: .utf8) }

    func write(_ relative: String, _ text: String) throws { try write(relative, Data(text.utf8)) }

    func write(_ relative: String, _ data: Data) throws {
        try FileManager.default.createDirectory(at: url(relative).deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url(relative))
    }

    func remove(_ relative: String) throws { try FileManager.default.removeItem(at: url(relative)) }

    /// Replaces `old` with `new` in a file, failing the test when `old` is not there.
    func edit(_ relative: String, replacing old: String, with new: String,
              sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let text = try read(relative)
        #expect(text.contains(old), "\(relative) has no `\(old)`", sourceLocation: sourceLocation)
        try write(relative, text.replacingOccurrences(of: old, with: new))
    }

    @discardableResult
    func build(full: Bool = false) throws -> BuildReport {
        try Builder.build(base, options: BuildOptions(full: full, site: false))
    }

    /// Builds, expecting the build to stop; returns its diagnostics.
    func failingBuild(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [Diagnostic] {
        do {
            try build()
            Issue.record("the build should have failed", sourceLocation: sourceLocation)
            return []
        } catch let failure as BuildFailure {
            return failure.report.diagnostics
        }
    }

    func indexBytes() -> Data? { FileManager.default.contents(atPath: base.indexPath) }

    func service() throws -> SearchService { try SearchService(base: base) }
}

extension Diagnostic {
    /// `path:line:column: severity: message`, as `kb check` prints it without colours.
    var line: String { DiagnosticPrinter(style: TerminalStyle(colors: false)).format(self) }
}
