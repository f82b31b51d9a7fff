import ArgumentParser
import Foundation
import KBCommandLine
import KBWorkspace

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Start a knowledge base, or write out kb's default site to change it.",
        discussion: """
            Creates content/ and a minimal kb.yml in the folder (never overwriting either). kb builds a \
            complete site from content/ alone: its templates, stylesheets and browser search engine are \
            part of kb. With --site, kb's default templates and stylesheets are also written to site/, \
            for editors who want to change them; each file left there replaces kb's own of the same name, \
            so delete the ones you do not change. Files that exist and differ are kept unless --force. \
            site/.kb-defaults records which default each copy came from, so kb check can say when a \
            newer kb changed a default you override.
            """)

    @Argument(help: ArgumentHelp("The knowledge base folder (default: the current folder).", valueName: "dir"))
    var directory: String = "."

    @Flag(name: .long, help: "Also write kb's default templates and assets to site/.")
    var site = false

    @Flag(name: .long, help: "With --site: overwrite site files that differ from the defaults.")
    var force = false

    func validate() throws {
        if force && !site { throw ValidationError("--force only applies with --site") }
    }

    func run() throws {
        let root = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        let base = KnowledgeBase(root: root)
        let manager = FileManager.default
        do {
            if !manager.fileExists(atPath: base.contentDirectory.path) {
                try manager.createDirectory(at: base.contentDirectory, withIntermediateDirectories: true)
                print("created \(relative(base.contentDirectory.path, to: root))/")
            }
            let settings = root.appendingPathComponent("kb.yml")
            if !manager.fileExists(atPath: settings.path) {
                try Data(Self.starterSettings.utf8).write(to: settings, options: .withoutOverwriting)
                print("created kb.yml")
            }
        } catch {
            throw CommandError(message: "cannot create the knowledge base in \(root.path): \(error.localizedDescription)")
        }
        guard site else {
            print("next: kb new guides/first-article --title \"…\", then kb build")
            return
        }
        do {
            let report = try SiteOverrides.write(into: base, overwrite: force)
            for path in report.written { print("wrote \(path)") }
            for path in report.kept { print("kept \(path) (it differs from kb's default; --force overwrites it)") }
            if report.written.isEmpty && report.kept.isEmpty { print("site/ already holds kb's defaults") }
        } catch let error as WorkspaceError {
            throw CommandError(message: error.description)
        }
    }

    private func relative(_ path: String, to root: URL) -> String {
        path.hasPrefix(root.path + "/") ? String(path.dropFirst(root.path.count + 1)) : path
    }

    static let starterSettings = """
        # Settings of this knowledge base (see content/README.md of kb and `kb check`).
        site:
          title: \(SiteWordsLoader.standard.text(.siteTitle))

        """
}
