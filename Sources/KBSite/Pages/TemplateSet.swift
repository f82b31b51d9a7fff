import Foundation
import KBCore
import Mustache

/// The Mustache templates of `site/templates/`, loaded once per build. Variables are HTML-escaped
/// by default; the only raw insertion a template should make is `{{{article.body}}}`, cmark's
/// safe-mode output.
struct TemplateSet {
    /// Every page template the generator renders; partials may be added freely.
    static let required = ["home", "article", "listing", "search", "not-found"]

    let library: MustacheLibrary
    /// A digest of every template's text: a page whose template changed is rendered again.
    let fingerprint: String

    init(directory: URL) throws {
        let path = directory.path
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
            throw SiteError.missingTemplates(path: path)
        }
        var library = MustacheLibrary()
        var digestInput = ""
        for name in names.sorted() where name.hasSuffix(".mustache") && !name.hasPrefix(".") {
            let file = directory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: file.path),
                  let text = String(data: data, encoding: .utf8) else {
                throw SiteError.template(path: file.path, detail: "cannot read the file as UTF-8")
            }
            do {
                library.register(try MustacheTemplate(string: text), named: String(name.dropLast(".mustache".count)))
            } catch let error as MustacheTemplate.ParserError {
                throw SiteError.template(
                    path: "\(file.path):\(error.context.lineNumber):\(error.context.columnNumber)",
                    detail: "\(error.error)")
            } catch {
                throw SiteError.template(path: file.path, detail: "\(error)")
            }
            digestInput += name + "\u{0}" + text + "\u{0}"
        }
        for name in Self.required where library.getTemplate(named: name) == nil {
            throw SiteError.template(path: directory.appendingPathComponent(name + ".mustache").path,
                                     detail: "missing: every site needs this template")
        }
        self.library = library
        self.fingerprint = ContentHash.hex(of: digestInput)
    }

    func render(_ template: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: template) ?? ""
    }
}
