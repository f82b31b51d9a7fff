import Foundation
import KBCore
import KBSite
import Yams

/// Reads the site's words (`SiteWords`): kb's default `templates/words.yml`, then the knowledge
/// base's `site/templates/words.yml` over it, key by key. What is wrong with the knowledge base's
/// file is reported at its line (rule `site-words`), and kb's word is kept for that key.
public enum SiteWordsLoader {
    /// kb's own words, from its default site.
    public static let standard: SiteWords = {
        let (texts, problems) = read(SiteDefaults.files[SiteWords.path] ?? "", path: "kb's default site/\(SiteWords.path)")
        precondition(problems.isEmpty, "kb's default site words: \(problems)")
        return SiteWords(texts)
    }()

    static let shownPath = "site/" + SiteWords.path

    static func load(_ base: KnowledgeBase) -> (SiteWords, [Diagnostic]) {
        let url = base.siteDirectory.appendingPathComponent(SiteWords.path)
        guard let data = FileManager.default.contents(atPath: url.path) else { return (standard, []) }
        guard let text = String(data: data, encoding: .utf8) else {
            return (standard, [.error(SourceLocation(path: shownPath), .siteWords, "\(shownPath) is not valid UTF-8", hint: "save it as UTF-8")])
        }
        let (texts, diagnostics) = read(text, path: shownPath)
        return (standard.replacing(texts), diagnostics)
    }

    /// The keys a words file sets, and what is wrong with it.
    static func read(_ text: String, path: String) -> ([SiteWords.Key: TextTemplate], [Diagnostic]) {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            let problem = YAMLProblem(error, yaml: text)
            return ([:], [.error(problem.position.location(in: path), .siteWords, "not valid YAML: \(problem.message)",
                                 hint: problem.duplicateHint(lineOffset: 0))])
        }
        guard let node else { return ([:], []) }
        func location(_ node: Node) -> SourceLocation {
            SourceLocation(path: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        }
        guard let mapping = node.mapping else {
            return ([:], [.error(location(node), .siteWords, "the site's words must be a mapping of keys to texts",
                                 hint: "write one `key: text` per line, e.g. `search_title: 搜索`")])
        }
        let names = SiteWords.Key.allCases.map(\.rawValue)
        var texts: [SiteWords.Key: TextTemplate] = [:]
        var diagnostics: [Diagnostic] = []
        for (keyNode, value) in mapping {
            guard let name = keyNode.string, let key = SiteWords.Key(rawValue: name) else {
                let name = keyNode.string ?? "?"
                diagnostics.append(.warning(location(keyNode), .siteWords, "unknown key `\(name)`: no page uses it",
                                            hint: FrontMatterReader.suggestion(for: name, among: names).map { "did you mean `\($0)`?" }
                                                ?? "the keys are \(names.joined(separator: ", "))"))
                continue
            }
            guard let line = value.scalar?.string, !line.trimmingCharacters(in: .whitespaces).isEmpty, !line.contains("\n"),
                  ArticleLoader.firstControlCharacter(in: line) == nil else {
                let quoting = value.mapping != nil || value.sequence != nil
                diagnostics.append(.error(location(value), .siteWords, "`\(name)` must be one line of text",
                                          hint: quoting ? "put the text in double quotes: YAML reads a value that starts with `{` or `[` as a mapping or list"
                                              : "write the text after `\(name):` on the same line"))
                continue
            }
            let template = TextTemplate(line)
            if let unknown = template.unknown(key.placeholders).first {
                let offered = key.placeholders.sorted().map { "{\($0)}" }
                diagnostics.append(.error(location(value), .siteWords, "`\(name)` has no placeholder `{\(unknown.name)}`",
                                          hint: offered.isEmpty ? "write the text without `{…}`"
                                              : "it can use \(offered.joined(separator: ", "))"))
                continue
            }
            texts[key] = template
        }
        return (texts, diagnostics)
    }
}
