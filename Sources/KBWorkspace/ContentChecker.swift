import KBCore
import KBMarkdown
import KBText

/// Rules on parsed articles: body structure, links and related ids resolve, required articles
/// exist, nothing is accidentally duplicated. Rules on the text of one file live in
/// `FrontMatterReader` and `ArticleLoader`.
struct ContentChecker {
    let articles: [Article]
    let assets: Set<String>
    let configuration: Configuration
    /// The day freshness is judged on (see `Freshness`).
    let today: Day
    /// Articles whose files exist but could not be read (their own errors are reported): links to
    /// them are not reported as missing, which would bury the one real error under its echoes.
    var unreadable: Set<ArticleID> = []
    /// Front-matter positions of an article, read again from its file when it was not parsed this build.
    let lines: (Article) -> FrontMatterLines

    func check() -> [Diagnostic] {
        let byID = Dictionary(articles.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var diagnostics: [Diagnostic] = []
        for article in articles {
            diagnostics += checkRelated(article, byID)
            diagnostics += checkLinks(article, byID)
            diagnostics += checkStructure(article)
            if let days = configuration.reviewAfterDays,
               let stale = Freshness.warning(for: article, today: today, reviewAfterDays: days,
                                             at: lines(article).field("updated")) {
                diagnostics.append(stale)
            }
        }
        diagnostics += checkRequired(byID)
        diagnostics += checkDuplicates()
        return diagnostics
    }

    private func checkRelated(_ article: Article, _ byID: [ArticleID: Article]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let related = article.frontMatter.related
        var positions: [TextPosition]?
        for (index, id) in related.enumerated() {
            let problem: (CheckRule, String, String)? = if unreadable.contains(id) {
                nil
            } else if byID[id] == nil {
                (.relatedMissing, "related article `\(id)` does not exist",
                 nearest(id, in: byID).map { "did you mean `\($0)`?" } ?? "write the id of an existing article, e.g. `fixes/check-network`")
            } else if id == article.id {
                (.relatedSelf, "an article cannot be related to itself", "remove `\(id)` from related")
            } else if related[..<index].contains(id) {
                (.relatedRepeated, "`\(id)` is listed twice in related", "remove one")
            } else {
                nil
            }
            guard let (rule, message, hint) = problem else { continue }
            if positions == nil { positions = lines(article).related }
            let at = positions.flatMap { $0.indices.contains(index) ? $0[index] : nil } ?? lines(article).field("related")
            let location = at.location(in: article.sourcePath)
            diagnostics.append(rule == .relatedMissing ? .error(location, rule, message, hint: hint)
                                                       : .warning(location, rule, message, hint: hint))
        }
        return diagnostics
    }

    private func checkLinks(_ article: Article, _ byID: [ArticleID: Article]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for link in article.links {
            let location = SourceLocation(path: article.sourcePath, line: link.line, column: link.column)
            switch link.target {
            case let .article(id, anchor):
                if unreadable.contains(id) { continue }
                guard let target = byID[id] else {
                    diagnostics.append(.error(location, .linkMissingArticle,
                                              "link to `\(link.destination)`: there is no article `\(id)`",
                                              hint: nearest(id, in: byID).map { "did you mean `\($0)`?" }
                                                ?? "links are relative to this file: `../fixes/check-network.md` from another folder"))
                    continue
                }
                if let anchor, !anchors(of: target).contains(anchor) {
                    diagnostics.append(.error(location, .linkMissingAnchor,
                                              "link to `\(link.destination)`: `\(id)` has no heading `\(anchor)`",
                                              hint: anchorHint(anchor, in: target)))
                }
            case let .sameArticle(anchor):
                if !anchors(of: article).contains(anchor) {
                    diagnostics.append(.error(location, .linkMissingAnchor,
                                              "link to `#\(anchor)`: this article has no such heading",
                                              hint: anchorHint(anchor, in: article)))
                }
            case let .file(path):
                if !assets.contains(path) {
                    let what = link.kind == .image ? "image" : "file"
                    diagnostics.append(.error(location, .linkMissingFile,
                                              "\(what) `\(link.destination)` does not exist (looked for content/\(path))",
                                              hint: "put the file under content/, e.g. in content/images/, and write its path relative to this file"))
                }
            case .external:
                diagnostics.append(externalLink(link, at: location))
            }
        }
        return diagnostics
    }

    /// A destination that is not inside the knowledge base: empty, climbing out of `content/`, or a web address.
    private func externalLink(_ link: BodyLink, at location: SourceLocation) -> Diagnostic {
        let destination = link.destination.trimmingCharacters(in: .whitespaces)
        if destination.isEmpty {
            return .error(location, .linkEmpty, "the \(link.kind == .image ? "image" : "link") has no destination",
                          hint: "write the target between the parentheses, e.g. `[检查网络和信号](../fixes/check-network.md)`")
        }
        if !LinkResolver.hasScheme(destination) && !destination.hasPrefix("//") {
            return .error(location, .linkOutsideContent, "link to `\(link.destination)` points outside content/",
                          hint: "the site holds only what is in content/: copy the file into it and link to the copy")
        }
        return .warning(location, .linkExternal,
                        "link to `\(link.destination)` leaves the knowledge base and will not work offline",
                        hint: "describe the step in words, or link to an article of the knowledge base")
    }

    private func checkStructure(_ article: Article) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let sections = article.sections
        let path = article.sourcePath
        if sections.allSatisfy({ $0.text.isEmpty && $0.heading == nil }) {
            diagnostics.append(.error(TextPosition(line: lines(article).bodyLine).location(in: path), .emptyBody,
                                      "the article has no body",
                                      hint: "after the front matter, answer the question in one or two sentences, then add `##` sections"))
            return diagnostics
        }
        if let lead = sections.first, lead.heading == nil, lead.text.isEmpty, sections.count > 1 {
            diagnostics.append(.warning(SourceLocation(path: path, line: sections[1].line), .missingLead,
                                        "the article starts with a heading instead of the answer",
                                        hint: "write one or two sentences that answer the question before the first heading"))
        }
        for (index, section) in sections.enumerated() {
            guard let heading = section.heading else { continue }
            let location = SourceLocation(path: path, line: section.line)
            if section.level == 1 {
                diagnostics.append(.warning(location, .headingLevel, "`# \(heading)` is a first-level heading",
                                            hint: "the title comes from front matter: use `##` for sections and `###` below them"))
            }
            guard section.text.isEmpty else { continue }
            let next = index + 1 < sections.count ? sections[index + 1] : nil
            if let next, next.level > section.level { continue }  // a heading whose content is its subsections
            diagnostics.append(.error(location, .emptySection, "section `\(heading)` is empty",
                                      hint: "write its text, or remove the heading"))
        }
        return diagnostics
    }

    private func checkRequired(_ byID: [ArticleID: Article]) -> [Diagnostic] {
        func missing(_ ids: [ArticleID], _ positions: [TextPosition], _ kind: String) -> [Diagnostic] {
            ids.enumerated().compactMap { index, id in
                guard byID[id] == nil, !unreadable.contains(id) else { return nil }
                let position = positions.indices.contains(index) ? positions[index] : TextPosition(line: 1)
                return .error(position.location(in: Configuration.fileName), .requiredMissing,
                              "\(kind) article `\(id)` is missing",
                              hint: "create it with `kb new \(id) --title …`, or remove it from the list")
            }
        }
        return missing(configuration.required, configuration.requiredPositions, "required")
            + missing(configuration.featured, configuration.featuredPositions, "featured")
            + missing(configuration.start.map { [$0] } ?? [], [configuration.startPosition], "start")
    }

    private func checkDuplicates() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var titles: [String: Article] = [:]
        var symptoms: [String: ArticleID] = [:]
        // Generated and copied articles share most symptoms: normalise each distinct text once.
        var keys: [String: String] = [:]
        for article in articles {
            let title = Tokenizer.normalizedKey(article.title)
            if let first = titles[title] {
                diagnostics.append(.warning(lines(article).field("title").location(in: article.sourcePath), .duplicateTitle,
                                            "the title `\(article.title)` is also the title of `\(first.id)`",
                                            hint: "titles tell articles apart in search results: make each one specific"))
            } else {
                titles[title] = article
            }
            var positions: [TextPosition]?
            for (index, symptom) in article.frontMatter.symptoms.enumerated() {
                let key = keys[symptom] ?? Tokenizer.normalizedKey(symptom)
                keys[symptom] = key
                guard let first = symptoms[key] else {
                    symptoms[key] = article.id
                    continue
                }
                if positions == nil { positions = lines(article).symptoms }
                let at = positions.flatMap { $0.indices.contains(index) ? $0[index] : nil } ?? lines(article).field("symptoms")
                let message = first == article.id ? "symptom `\(symptom)` is listed twice in this article"
                                                  : "symptom `\(symptom)` is also listed by `\(first)`"
                diagnostics.append(.warning(at.location(in: article.sourcePath), .duplicateSymptom, message,
                                            hint: first == article.id ? "remove one" : "a symptom should lead to one article: keep it in the one that answers it best"))
            }
        }
        return diagnostics
    }

    private func anchors(of article: Article) -> Set<String> {
        Set(article.sections.compactMap(\.anchor))
    }

    private func anchorHint(_ anchor: String, in article: Article) -> String {
        let available = article.sections.compactMap(\.anchor)
        let slug = Anchor.slug(anchor)
        if slug != anchor, available.contains(slug) { return "write `#\(slug)`: anchors are lowercase, without punctuation" }
        return available.isEmpty ? "that article has no headings: link to the article itself"
                                 : "headings there: " + available.map { "#\($0)" }.joined(separator: " ")
    }

    private func nearest(_ id: ArticleID, in byID: [ArticleID: Article]) -> ArticleID? {
        FrontMatterReader.suggestion(for: id.rawValue, among: byID.keys.map(\.rawValue).sorted(), within: 3).map { ArticleID($0) }
    }
}
