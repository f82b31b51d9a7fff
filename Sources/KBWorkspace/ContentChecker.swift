import KBCore
import KBText

/// Rules that look across articles: links and related ids resolve, required articles exist,
/// nothing is accidentally duplicated. Per-file rules live in `FrontMatterReader` and `ArticleLoader`.
struct ContentChecker {
    let articles: [Article]
    let assets: Set<String>
    let configuration: Configuration
    /// Front-matter lines of an article, read again from its file when it was not parsed this build.
    let lines: (Article) -> FrontMatterLines
    /// Ids of articles whose files exist but could not be loaded (their own errors say why): links
    /// and `related` ids pointing at them are not reported again as missing.
    var unloadable: Set<ArticleID> = []

    func check() -> [Diagnostic] {
        let byID = Dictionary(articles.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var diagnostics: [Diagnostic] = []
        for article in articles {
            diagnostics += checkRelated(article, byID)
            diagnostics += checkLinks(article, byID)
            diagnostics += checkStructure(article)
        }
        diagnostics += checkRequired(byID)
        diagnostics += checkDuplicates()
        return diagnostics
    }

    private func checkRelated(_ article: Article, _ byID: [ArticleID: Article]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let related = article.frontMatter.related
        var lineOf: [Int]?
        for (index, id) in related.enumerated() where !unloadable.contains(id) {
            let problem: (String, String)? = if byID[id] == nil {
                ("related article `\(id)` does not exist", nearest(id, in: byID).map { "did you mean `\($0)`?" } ?? "check the id")
            } else if id == article.id {
                ("an article cannot be related to itself", "remove `\(id)` from related")
            } else if related[..<index].contains(id) {
                ("`\(id)` is listed twice in related", "remove one")
            } else {
                nil
            }
            guard let (message, hint) = problem else { continue }
            if lineOf == nil { lineOf = lines(article).related }
            let line = lineOf.flatMap { $0.indices.contains(index) ? $0[index] : nil } ?? lines(article).field("related")
            let severity: Diagnostic.Severity = byID[id] == nil ? .error : .warning
            diagnostics.append(Diagnostic(severity, SourceLocation(path: article.sourcePath, line: line),
                                          rule: byID[id] == nil ? "related-missing" : "related-invalid", message, hint: hint))
        }
        return diagnostics
    }

    private func checkLinks(_ article: Article, _ byID: [ArticleID: Article]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for link in article.links {
            let location = SourceLocation(path: article.sourcePath, line: link.line, column: link.column)
            switch link.target {
            case let .article(id, anchor):
                guard !unloadable.contains(id) else { continue }
                guard let target = byID[id] else {
                    diagnostics.append(.error(location, rule: "link-missing-article",
                                              "link to `\(link.destination)`: there is no article `\(id)`",
                                              hint: nearest(id, in: byID).map { "did you mean `\($0)`?" }))
                    continue
                }
                if let anchor, !anchors(of: target).contains(anchor) {
                    diagnostics.append(.error(location, rule: "link-missing-anchor",
                                              "link to `\(link.destination)`: `\(id)` has no heading `\(anchor)`",
                                              hint: headingHint(target)))
                }
            case let .sameArticle(anchor):
                if !anchors(of: article).contains(anchor) {
                    diagnostics.append(.error(location, rule: "link-missing-anchor",
                                              "link to `#\(anchor)`: this article has no such heading", hint: headingHint(article)))
                }
            case let .file(path):
                if !assets.contains(path) {
                    let what = link.kind == .image ? "image" : "file"
                    diagnostics.append(.error(location, rule: "link-missing-file",
                                              "\(what) `\(link.destination)` does not exist (looked for content/\(path))"))
                }
            case .external:
                diagnostics.append(.warning(location, rule: "link-external",
                                            "link to `\(link.destination)` leaves the knowledge base and will not work offline"))
            }
        }
        return diagnostics
    }

    private func checkStructure(_ article: Article) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let sections = article.sections
        if sections.allSatisfy({ $0.text.isEmpty && $0.heading == nil }) || sections.isEmpty {
            let line = lines(article).fields.values.max().map { $0 + 2 } ?? 1
            diagnostics.append(.error(SourceLocation(path: article.sourcePath, line: line), rule: "empty-body",
                                      "the article has no body", hint: "start with a one- or two-sentence answer"))
            return diagnostics
        }
        for (index, section) in sections.enumerated() where section.heading != nil && section.text.isEmpty {
            let next = index + 1 < sections.count ? sections[index + 1] : nil
            if let next, next.level > section.level { continue }  // an H2 whose content is its H3s
            diagnostics.append(.warning(SourceLocation(path: article.sourcePath, line: section.line), rule: "empty-section",
                                        "section `\(section.heading!)` is empty"))
        }
        return diagnostics
    }

    private func checkRequired(_ byID: [ArticleID: Article]) -> [Diagnostic] {
        configuration.required.filter { byID[$0] == nil && !unloadable.contains($0) }.map { id in
            .error(SourceLocation(path: "content/\(id).md"), rule: "required-missing",
                   "required article `\(id)` is missing", hint: "it is listed under `required` in \(Configuration.fileName)")
        }
    }

    private func checkDuplicates() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var titles: [String: Article] = [:]
        var symptoms: [String: ArticleID] = [:]
        for article in articles {
            let title = Tokenizer.normalizedKey(article.title)
            if let first = titles[title] {
                diagnostics.append(.warning(SourceLocation(path: article.sourcePath, line: lines(article).field("title")),
                                            rule: "duplicate-title", "the title is the same as `\(first.id)`'s",
                                            hint: "titles tell articles apart in search results"))
            } else {
                titles[title] = article
            }
            for (index, symptom) in article.frontMatter.symptoms.enumerated() {
                let key = Tokenizer.normalizedKey(symptom)
                if let first = symptoms[key], first != article.id {
                    let symptomLines = lines(article).symptoms
                    let line = symptomLines.indices.contains(index) ? symptomLines[index] : lines(article).field("symptoms")
                    diagnostics.append(.warning(SourceLocation(path: article.sourcePath, line: line), rule: "duplicate-symptom",
                                                "symptom `\(symptom)` is also listed by `\(first)`",
                                                hint: "a symptom should lead to one article"))
                } else {
                    symptoms[key] = article.id
                }
            }
        }
        return diagnostics
    }

    private func anchors(of article: Article) -> Set<String> {
        Set(article.sections.compactMap(\.anchor))
    }

    private func headingHint(_ article: Article) -> String? {
        let available = article.sections.compactMap(\.anchor)
        return available.isEmpty ? nil : "headings there: " + available.map { "#\($0)" }.joined(separator: " ")
    }

    private func nearest(_ id: ArticleID, in byID: [ArticleID: Article]) -> ArticleID? {
        let best = byID.keys.min { FrontMatterReader.distance($0.rawValue, id.rawValue) < FrontMatterReader.distance($1.rawValue, id.rawValue) }
        guard let best, FrontMatterReader.distance(best.rawValue, id.rawValue) <= 3 else { return nil }
        return best
    }
}
