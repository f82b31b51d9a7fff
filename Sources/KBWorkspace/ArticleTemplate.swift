import Foundation
import KBCore
import KBSite
import Yams

/// The file `kb new` writes: the skeleton of the article's category, with complete front matter and
/// the sections its articles use in `content/` (answer first, then steps, when to escalate). The
/// skeletons are text, not code: `site/templates/new-<category>.md` of kb's default site, each
/// replaced by the knowledge base's own file of that path. `{title}`, `{products}` and `{updated}`
/// are filled in.
///
/// What the editor must still write is marked `【待填写：…】`. `kb check` reports every marker as
/// an error (rule `placeholder`), and empty `symptoms` of a guide, cause or fix as `missing-symptoms`,
/// so a skeleton is never published half-written; it checks the knowledge base's own skeletons too
/// (rule `site-skeleton`).
public enum ArticleTemplate {
    /// What `kb new` fills in.
    static let variables: Set<String> = ["title", "products", "updated"]

    /// Where a category's skeleton is among the site's files.
    static func path(of category: Category) -> String { "templates/new-\(category.rawValue).md" }

    /// The skeleton `kb new` uses for a category: the knowledge base's own, else kb's.
    static func skeleton(of category: Category, in base: KnowledgeBase?) throws -> (text: String, path: String) {
        let path = path(of: category)
        if let base {
            let url = base.siteDirectory.appendingPathComponent(path)
            if let data = FileManager.default.contents(atPath: url.path) {
                guard let text = String(data: data, encoding: .utf8) else {
                    throw ScaffoldError.skeleton("site/" + path, "not valid UTF-8")
                }
                return (text, "site/" + path)
            }
        }
        return (SiteDefaults.files[path] ?? "", "kb's default site/" + path)
    }

    /// The new article's text: `skeleton` with its values filled in.
    static func text(_ skeleton: String, title: String, products: [Product], updated: Day) -> String {
        TextTemplate(skeleton).filled([
            "title": yamlScalar(title),
            "products": products.map(\.rawValue).joined(separator: ", "),
            "updated": updated.description,
        ])
    }

    // MARK: Checking a skeleton

    /// What `kb check` says about the skeletons a knowledge base keeps: each must fill in only what
    /// `kb new` knows, and make an article of its category whose front matter reads back as given.
    static func check(_ base: KnowledgeBase) -> [Diagnostic] {
        let folder = base.siteDirectory.appendingPathComponent("templates", isDirectory: true)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasPrefix("new-") && $0.hasSuffix(".md") }.sorted()
        var diagnostics: [Diagnostic] = []
        for name in names {
            let shown = "site/templates/" + name
            guard let category = Category(rawValue: String(name.dropFirst(4).dropLast(3))) else {
                let known = Category.allCases.map { "new-\($0.rawValue).md" }.joined(separator: ", ")
                diagnostics.append(.warning(SourceLocation(path: shown), .siteSkeleton, "`kb new` never uses this file",
                                            hint: "name it after a category: \(known)"))
                continue
            }
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path),
                  let text = String(data: data, encoding: .utf8) else {
                diagnostics.append(.error(SourceLocation(path: shown), .siteSkeleton, "the skeleton is not valid UTF-8",
                                          hint: "save it as UTF-8"))
                continue
            }
            diagnostics += problems(of: text, category: category, path: shown)
        }
        return diagnostics
    }

    /// A sample of what `kb new` fills in, to read the skeleton's front matter back.
    private static let sample = (title: "Sample title", products: Product.allCases, updated: Day(year: 2000, month: 1, day: 2)!)

    static func problems(of skeleton: String, category: Category, path: String) -> [Diagnostic] {
        let offered = variables.sorted().map { "{\($0)}" }.joined(separator: ", ")
        var problems: [Diagnostic] = TextTemplate(skeleton).unknown(variables).map { placeholder in
            .error(SourceLocation(path: path, line: placeholder.line, column: placeholder.column), .siteSkeleton,
                   "`kb new` fills in no `{\(placeholder.name)}`", hint: "it fills in \(offered)")
        }
        let text = self.text(skeleton, title: sample.title, products: sample.products, updated: sample.updated)
        let split: SplitSource
        switch FrontMatterReader.split(text, path: path) {
        case let .success(value): split = value
        case let .failure(diagnostic): return problems + [skeletonProblem(diagnostic)]
        }
        let (_, _, diagnostics) = FrontMatterReader.read(split, path: path, folderCategory: nil)
        // Left to the editor of each new article: the symptoms.
        let invalid = diagnostics.filter { $0.severity == .error && $0.rule != CheckRule.missingSymptoms.rawValue }
        guard invalid.isEmpty else { return problems + invalid.map(skeletonProblem) }
        // Valid, the front matter must also say what `kb new` was given.
        let fields = (try? Yams.compose(yaml: split.yaml))?.mapping
        func expect(_ field: String, _ value: String, written: String) {
            let found = fields?[field].flatMap { $0.sequence?.compactMap(\.string).joined(separator: ", ") ?? $0.string }
            guard found != value else { return }
            let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix(field + ":") }
            problems.append(.error(SourceLocation(path: path, line: line.map { $0 + 1 } ?? 2), .siteSkeleton,
                                   "the new article's `\(field)` would not be what `kb new` was given",
                                   hint: "write `\(field): \(written)` in the front matter"))
        }
        expect("title", sample.title, written: "{title}")
        expect("category", category.rawValue, written: category.rawValue)
        expect("products", sample.products.map(\.rawValue).joined(separator: ", "), written: "[{products}]")
        expect("updated", sample.updated.description, written: "{updated}")
        return problems
    }

    /// A problem of the article a skeleton makes, as a problem of the skeleton.
    private static func skeletonProblem(_ diagnostic: Diagnostic) -> Diagnostic {
        .error(diagnostic.location, .siteSkeleton, "the new article would be invalid: \(diagnostic.message)",
               hint: diagnostic.hint ?? "compare it with kb's default (`kb init --site` in an empty folder writes it)")
    }

    /// A YAML scalar that reads back as exactly `value`: plain when that is safe, else double-quoted.
    static func yamlScalar(_ value: String) -> String {
        if let node = try? Yams.compose(yaml: "v: \(value)"), let scalar = node.mapping?["v"]?.scalar,
           scalar.string == value, scalar.style == .plain
        {
            return value
        }
        var escaped = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\t": escaped += "\\t"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return "\"\(escaped)\""
    }
}
