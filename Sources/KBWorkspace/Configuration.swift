import Foundation
import KBCore
import Yams

/// Optional settings of a knowledge base, from `kb.yml` at its root.
///
/// ```yaml
/// site:
///   title: POS 收款不到账帮助中心
///   base_url: https://help.example.com/   # optional: absolute URLs in sitemap.xml
///   featured:      # optional: the home page's common questions, in this order
///     - causes/settlement-cycle
///   start: guides/not-credited   # optional: the article every reader should start with
///   categories:    # optional: what each category holds, on the home and category pages
///     guide: 刷卡扫码成功、钱却没到账时，从这里按顺序一步步排查。
///   products:      # optional: what each product line is, on the home and product pages
///     e-sign: 小巧便携，内置eSIM，支持电子签名和扫码收款。
/// required:        # ids that must exist; kb check reports any that is missing
///   - guides/not-credited
/// review_after_days: 365   # optional: kb check warns about articles not updated for longer,
///                          # and article pages say their content may be out of date
/// ```
public struct Configuration: Sendable, Equatable {
    public static let fileName = "kb.yml"
    static let keys = ["site", "required", "review_after_days"]
    /// `review_after_days` above this (about a century) is surely a typo.
    static let reviewAfterDaysLimit = 36_500
    static let siteKeys = ["title", "base_url", "featured", "start", "categories", "products"]

    /// The site's name; nil leaves it to the site's words (`site_title` in `site/templates/words.yml`).
    public var siteTitle: String?
    /// Where the site is published (`https://help.example.com/`), for absolute URLs in
    /// `sitemap.xml`; nil keeps them relative.
    public var siteBaseURL: String?
    /// Articles the home page offers as common questions, in order.
    public var featured: [ArticleID] = []
    /// Where each featured id is written in kb.yml, parallel to `featured`.
    public var featuredPositions: [TextPosition] = []
    /// The article every reader should start with (the home page leads with it, an out-of-scope
    /// answer points to it), and where it is written in kb.yml.
    public var start: ArticleID?
    public var startPosition = TextPosition(line: 1)
    /// What each category and product line is about, as the site introduces them.
    public var categoryBlurbs: [Category: String] = [:]
    public var productBlurbs: [Product: String] = [:]
    public var required: [ArticleID] = []
    /// Where each required id is written in kb.yml, parallel to `required`.
    public var requiredPositions: [TextPosition] = []
    /// How many days an article stays fresh after its `updated` date; nil: articles never go stale.
    public var reviewAfterDays: Int?

    public init() {}

    static func load(_ base: KnowledgeBase) -> (Configuration, [Diagnostic]) {
        let url = base.root.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else { return (Configuration(), []) }
        guard let text = String(data: data, encoding: .utf8) else {
            return (Configuration(), [.error(SourceLocation(path: fileName), .invalidUTF8, "\(fileName) is not valid UTF-8",
                                             hint: "save it as UTF-8")])
        }
        return parse(text)
    }

    static func parse(_ text: String) -> (Configuration, [Diagnostic]) {
        var configuration = Configuration()
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            let problem = YAMLProblem(error, yaml: text)
            let message = problem.duplicateKey.map { "setting `\($0.key)` appears twice" } ?? "\(fileName) is not valid YAML: \(problem.message)"
            return (configuration, [.error(problem.position.location(in: fileName), .configSyntax, message,
                                           hint: problem.duplicateHint(lineOffset: 0))])
        }
        guard let node else { return (configuration, []) }
        func location(_ node: Node) -> SourceLocation {
            SourceLocation(path: fileName, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        }
        guard let mapping = node.mapping else {
            return (configuration, [.error(location(node), .configFormat, "\(fileName) must be a mapping of settings",
                                           hint: "write `site:` and `required:` at the start of lines")])
        }
        var diagnostics: [Diagnostic] = []
        func unknown(_ key: Node, allowed: [String]) {
            let name = key.string ?? "?"
            diagnostics.append(.warning(location(key), .configUnknownKey, "unknown setting `\(name)`",
                                        hint: FrontMatterReader.suggestion(for: name, among: allowed).map { "did you mean `\($0)`?" }
                                            ?? "known settings here: \(allowed.joined(separator: ", "))"))
        }
        for (key, value) in mapping {
            switch key.string {
            case "site":
                guard let site = value.mapping else {
                    diagnostics.append(.error(location(value), .configFormat, "`site` must hold settings such as `title`",
                                              hint: "write `site:` and, on the next line, `  title: …`"))
                    continue
                }
                for (siteKey, siteValue) in site {
                    let text = siteValue.scalar?.string.trimmingCharacters(in: .whitespaces)
                    switch siteKey.string {
                    case "title":
                        if let text, let control = ArticleLoader.firstControlCharacter(in: text) {
                            diagnostics.append(.error(location(siteValue), .controlCharacter,
                                                      "`site.title` contains the control character \(ArticleLoader.codePoint(control.1))",
                                                      hint: "remove the escape that makes it"))
                        } else if let text, !text.isEmpty, !text.contains("\n") {
                            configuration.siteTitle = text
                        } else {
                            diagnostics.append(.error(location(siteValue), .configFormat, "`site.title` must be one line of text",
                                                      hint: "for example `  title: POS 收款不到账帮助中心`"))
                        }
                    case "base_url":
                        if let text, text.hasPrefix("https://") || text.hasPrefix("http://") {
                            configuration.siteBaseURL = text
                        } else if siteValue.scalar?.string.isEmpty != true {
                            diagnostics.append(.error(location(siteValue), .configFormat, "`site.base_url` must be a web address",
                                                      hint: "for example `  base_url: https://help.example.com/`, or remove it"))
                        }
                    case "featured":
                        diagnostics += readIDs(siteValue, setting: "site.featured", into: &configuration.featured,
                                               positions: &configuration.featuredPositions, location: location)
                    case "start":
                        let id = ArticleID(text ?? "")
                        if let problem = ContentScanner.idProblem(id) {
                            diagnostics.append(.error(location(siteValue), .configFormat, "`site.start` must be an article id",
                                                      hint: problem.hint))
                        } else {
                            configuration.start = id
                            configuration.startPosition = TextPosition(line: siteValue.mark?.line ?? 1, column: siteValue.mark?.column ?? 1)
                        }
                    case "categories":
                        diagnostics += readTexts(siteValue, setting: "site.categories", keys: Category.allCases.map(\.rawValue),
                                                 location: location) { key, text in
                            configuration.categoryBlurbs[Category(rawValue: key)!] = text
                        }
                    case "products":
                        diagnostics += readTexts(siteValue, setting: "site.products", keys: Product.allCases.map(\.rawValue),
                                                 location: location) { key, text in
                            configuration.productBlurbs[Product(rawValue: key)!] = text
                        }
                    default:
                        unknown(siteKey, allowed: siteKeys)
                    }
                }
            case "required":
                diagnostics += readIDs(value, setting: "required", into: &configuration.required,
                                       positions: &configuration.requiredPositions, location: location)
            case "review_after_days":
                // A quoted "365" is a string to YAML: only a plain whole number counts.
                if let scalar = value.scalar, scalar.style == .plain, let days = Int(scalar.string),
                   (1...reviewAfterDaysLimit).contains(days) {
                    configuration.reviewAfterDays = days
                } else {
                    diagnostics.append(.error(location(value), .configFormat,
                                              "`review_after_days` must be a whole number of days from 1 to \(reviewAfterDaysLimit)",
                                              hint: "for example `review_after_days: 365`, or remove it to never warn"))
                }
            default:
                unknown(key, allowed: keys)
            }
        }
        return (configuration, diagnostics)
    }

    /// A mapping of fixed keys (the categories, the product lines) to one line of text each.
    private static func readTexts(_ value: Node, setting: String, keys: [String], location: (Node) -> SourceLocation,
                                  store: (String, String) -> Void) -> [Diagnostic] {
        guard let mapping = value.mapping else {
            return [.error(location(value), .configFormat, "`\(setting)` must map each of \(keys.joined(separator: ", ")) to a sentence",
                           hint: "for example `    \(keys[0]): …` on its own line")]
        }
        var diagnostics: [Diagnostic] = []
        for (key, text) in mapping {
            guard let name = key.string, keys.contains(name) else {
                let name = key.string ?? "?"
                diagnostics.append(.warning(location(key), .configUnknownKey, "unknown key `\(name)` in `\(setting)`",
                                            hint: FrontMatterReader.suggestion(for: name, among: keys).map { "did you mean `\($0)`?" }
                                                ?? "the keys are \(keys.joined(separator: ", "))"))
                continue
            }
            guard let line = text.scalar?.string.trimmingCharacters(in: .whitespaces), !line.isEmpty, !line.contains("\n"),
                  ArticleLoader.firstControlCharacter(in: line) == nil else {
                diagnostics.append(.error(location(text), .configFormat, "`\(setting).\(name)` must be one line of text",
                                          hint: "write one sentence after `\(name):`"))
                continue
            }
            store(name, line)
        }
        return diagnostics
    }

    /// A list of article ids (`required`, `site.featured`), each with where it is written.
    private static func readIDs(_ value: Node, setting: String, into ids: inout [ArticleID], positions: inout [TextPosition],
                                location: (Node) -> SourceLocation) -> [Diagnostic] {
        guard let items = value.sequence else {
            return [.error(location(value), .configFormat, "`\(setting)` must be a list of article ids",
                           hint: "one `  - causes/network` per line")]
        }
        var diagnostics: [Diagnostic] = []
        for item in items {
            guard let raw = item.scalar?.string, !raw.isEmpty else {
                diagnostics.append(.error(location(item), .configFormat, "every item of `\(setting)` must be an article id",
                                          hint: "for example `  - causes/network`"))
                continue
            }
            let id = ArticleID(raw)
            if let problem = ContentScanner.idProblem(id) {
                diagnostics.append(.error(location(item), .configFormat, "`\(raw)` in `\(setting)` is not an article id",
                                          hint: problem.hint))
                continue
            }
            if ids.contains(id) {
                diagnostics.append(.warning(location(item), .configFormat, "`\(raw)` is listed twice in `\(setting)`", hint: "remove one"))
                continue
            }
            ids.append(id)
            positions.append(TextPosition(line: item.mark?.line ?? 1, column: item.mark?.column ?? 1))
        }
        return diagnostics
    }
}
