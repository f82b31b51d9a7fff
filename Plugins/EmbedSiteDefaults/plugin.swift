import Foundation
import PackagePlugin

/// Compiles the default site (`site/templates` and `site/assets` of kb's own sources) into KBSite,
/// so that kb carries its templates and browser search engine: a knowledge base with only
/// `content/` builds a complete site, and the JavaScript always matches the Swift that ranks.
@main
struct EmbedSiteDefaults: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let site = context.package.directoryURL.appending(path: "site")
        let inputs = try ["templates", "assets"].flatMap { folder in
            try FileManager.default.contentsOfDirectory(atPath: site.appending(path: folder).path)
                .filter { !$0.hasPrefix(".") }
                .sorted()
                .map { site.appending(path: folder).appending(path: $0) }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "SiteDefaults+Embedded.swift")
        return [.buildCommand(displayName: "Embedding the default site (\(inputs.count) files)",
                              executable: try context.tool(named: "EmbedSiteDefaultsTool").url,
                              arguments: [site.path, output.path] + inputs.map(\.path),
                              inputFiles: inputs, outputFiles: [output])]
    }
}
