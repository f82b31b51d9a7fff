import Foundation
import KBCore
import KBMarkdown

/// `kb show`: an article as terminal text. Renders the Markdown source when the file is there
/// (tables and lists keep their shape), the indexed sections otherwise.
public struct ArticleViewer {
    public let base: KnowledgeBase
    public let labels: Labels
    public let style: TerminalStyle

    public init(base: KnowledgeBase, labels: Labels, style: TerminalStyle) {
        self.base = base
        self.labels = labels
        self.style = style
    }

    public func render(_ id: ArticleID) throws -> String {
        try render(id, using: SearchService(base: base))
    }

    /// The same, through an index already open (`kb search -i` opens articles one after another).
    public func render(_ id: ArticleID, using service: SearchService) throws -> String {
        let article = try service.article(id)
        let fm = article.frontMatter
        let clean: (String) -> String = { TerminalStyle.sanitize($0) }
        var lines = [style.bold(clean(fm.title))]
        let products = fm.products.map(labels.product).joined(separator: " · ")
        lines.append(style.dim("\(labels.category(fm.category)) · \(labels.appliesTo) \(products) · \(labels.updated) \(fm.updated)"))
        lines.append("")
        lines.append(clean(fm.summary))
        lines.append("")
        let style = self.style
        let markup = TerminalMarkup(heading: { style.bold($0) }, strong: { style.bold($0) }, subtle: { style.dim($0) },
                                    clean: { TerminalStyle.sanitize($0) }, width: { TerminalStyle.width($0) })
        if let body = sourceBody(of: article) {
            lines.append(TerminalRenderer.render(body, markup: markup))
        } else {
            for section in article.sections {
                if let heading = section.heading {
                    lines.append("")
                    lines.append(style.bold(clean(heading)))
                }
                lines.append(clean(section.text))
            }
        }
        if !fm.related.isEmpty {
            lines.append("")
            lines.append(style.bold(labels.related))
            lines += fm.related.map { "  → \(clean($0.rawValue))" }
        }
        lines.append("")
        lines.append(style.dim(clean(article.sourcePath)))
        return lines.joined(separator: "\n")
    }

    private func sourceBody(of article: Article) -> String? {
        let url = base.root.appendingPathComponent(article.sourcePath)
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8),
              case let .success(split) = FrontMatterReader.split(text, path: article.sourcePath) else { return nil }
        return split.body
    }
}
