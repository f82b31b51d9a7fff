import Foundation
import KBCore
import Mustache

/// The Mustache templates of the site (kb's defaults and the knowledge base's overrides), loaded
/// once per build. Variables are HTML-escaped by default; the only raw insertion a template should
/// make is `{{{article.body}}}`, cmark's safe-mode output.
struct TemplateSet {
    /// Every page template the generator renders; partials may be added freely.
    static let required = ["home", "article", "listing", "search", "not-found"]

    let library: MustacheLibrary
    /// A digest of every template's text: a page whose template changed is rendered again.
    let fingerprint: String

    init(_ files: [SiteFiles.File]) throws {
        var library = MustacheLibrary()
        var digestInput = ""
        for file in files {
            guard let text = String(data: file.data, encoding: .utf8) else {
                throw SiteError.template(path: file.origin, detail: "cannot read the file as UTF-8")
            }
            do {
                library.register(try MustacheTemplate(string: text), named: String(file.path.dropLast(".mustache".count)))
            } catch let error as MustacheTemplate.ParserError {
                throw SiteError.template(
                    path: "\(file.origin):\(error.context.lineNumber):\(error.context.columnNumber)",
                    detail: "\(error.error)")
            } catch {
                throw SiteError.template(path: file.origin, detail: "\(error)")
            }
            digestInput += file.path + "\u{0}" + text + "\u{0}"
        }
        for name in Self.required where library.getTemplate(named: name) == nil {
            throw SiteError.template(path: "templates/" + name + ".mustache", detail: "missing: every site needs this template")
        }
        self.library = library
        self.fingerprint = ContentHash.hex(of: digestInput)
    }

    func render(_ template: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: template) ?? ""
    }
}
