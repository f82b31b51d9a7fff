import Foundation
import KBCore
import Yams

/// Optional settings of a knowledge base, from `kb.yml` at its root.
///
/// ```yaml
/// site:
///   title: POS 收款不到账帮助中心
///   base_url: https://help.example.com/   # optional: absolute URLs in sitemap.xml
/// required:        # ids that must exist; kb check reports any that is missing
///   - guides/not-credited
/// ```
public struct Configuration: Sendable, Equatable {
    public static let fileName = "kb.yml"

    public var siteTitle = "帮助中心"
    /// Where the site is published (`https://help.example.com/`), for absolute URLs in
    /// `sitemap.xml`; nil keeps them relative.
    public var siteBaseURL: String?
    public var required: [ArticleID] = []

    public init() {}

    static func load(_ base: KnowledgeBase) -> (Configuration, [Diagnostic]) {
        let url = base.root.appendingPathComponent(fileName)
        var configuration = Configuration()
        guard let data = FileManager.default.contents(atPath: url.path) else { return (configuration, []) }
        let location = SourceLocation(path: fileName)
        guard let text = String(data: data, encoding: .utf8) else {
            return (configuration, [.error(location, rule: "invalid-utf8", "\(fileName) is not valid UTF-8")])
        }
        do {
            guard let node = try Yams.compose(yaml: text) else { return (configuration, []) }
            guard let mapping = node.mapping else {
                return (configuration, [.error(location, rule: "config-not-mapping", "\(fileName) must be a mapping of settings")])
            }
            var diagnostics: [Diagnostic] = []
            if let title = mapping["site"]?.mapping?["title"]?.string { configuration.siteTitle = title }
            if let base = mapping["site"]?.mapping?["base_url"]?.string, !base.isEmpty { configuration.siteBaseURL = base }
            if let required = mapping["required"] {
                if let items = required.sequence {
                    configuration.required = items.compactMap { $0.string.map { ArticleID($0) } }
                } else {
                    diagnostics.append(.error(SourceLocation(path: fileName, line: required.mark?.line ?? 1),
                                              rule: "wrong-type", "`required` must be a list of article ids"))
                }
            }
            return (configuration, diagnostics)
        } catch {
            return (configuration, [.error(location, rule: "yaml-syntax", "\(fileName) is not valid YAML: \(error)")])
        }
    }
}
