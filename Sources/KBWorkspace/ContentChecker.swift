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
        check(reusing: nil, context: "").diagnostics
    }

    /// The checks, with each article's diagnostics taken from `previous` when what they depend on
    /// is unchanged (`dependency`), and the state to keep for the next build. Diagnostics come
    /// article by article, then those of kb.yml's lists; callers sort them for display.
    func check(reusing previous: CheckState?, context: String) -> (diagnostics: [Diagnostic], state: CheckState) {
        let byID = Dictionary(articles.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        // An unreadable file fails the build, and links to it are judged by its absence: run everything.
        let kept: [ArticleID: CheckState.Entry] = previous.map { previous in
            guard previous.context == context, unreadable.isEmpty else { return [:] }
            return Dictionary(previous.entries.map { ($0.id, $0.entry) }, uniquingKeysWith: { first, _ in first })
        } ?? [:]
        let keys = duplicateKeys(kept)
        let holders = DuplicateHolders(articles, keys)
        var diagnostics: [Diagnostic] = []
        var state = CheckState(context: context)
        state.entries.reserveCapacity(articles.count)
        for (article, key) in zip(articles, keys) {
            let dependency = self.dependency(of: article, key, holders, byID)
            if let dependency, let entry = kept[article.id], entry.dependency == dependency, entry.contentHash == article.contentHash,
               let reused = DiagnosticLines.decode(entry.diagnostics[...]) {
                diagnostics += reused
                state.entries.append((article.id, entry))
                continue
            }
            let found = check(article, key, holders, byID)
            diagnostics += found
            if let dependency, let encoded = DiagnosticLines.encode(found) {
                state.entries.append((article.id, CheckState.Entry(contentHash: article.contentHash, titleKey: key.title,
                                                                    symptomKeys: key.symptoms, dependency: dependency,
                                                                    diagnostics: encoded)))
            }
        }
        diagnostics += checkRequired(byID)
        return (diagnostics, state)
    }

    /// Everything the checks of one article read: its path and bytes, whether each related
    /// article exists, the bytes of each article it links to (their headings), and which article
    /// first holds its title and each of its symptoms. Nil when a diagnostic would name the
    /// nearest existing id (a missing article): that reads every id, so it is never reused.
    /// The settings, the day and the other content files are in the state's context.
    func dependency(of article: Article, _ key: DuplicateKeys, _ holders: DuplicateHolders,
                    _ byID: [ArticleID: Article]) -> String? {
        var text = article.id.rawValue + "\u{0}" + article.sourcePath + "\u{0}" + article.contentHash
        text += "\u{0}t" + (holders.titles[key.title]?.rawValue ?? "-")
        for symptom in key.symptoms { text += "\u{0}s" + (holders.symptoms[symptom]?.rawValue ?? "-") }
        for id in article.frontMatter.related {
            guard byID[id] != nil else { return nil }
            text += "\u{0}r" + id.rawValue
        }
        for link in article.links {
            guard case let .article(id, _) = link.target else { continue }
            guard let target = byID[id] else { return nil }
            text += "\u{0}l" + id.rawValue + "=" + target.contentHash
        }
        return ContentHash.hex(of: text)
    }

    /// The checks of one article alone, its duplicates included.
    private func check(_ article: Article, _ key: DuplicateKeys, _ holders: DuplicateHolders,
                       _ byID: [ArticleID: Article]) -> [Diagnostic] {
        var diagnostics = checkRelated(article, byID)
        diagnostics += checkLinks(article, byID)
        diagnostics += checkStructure(article)
        if let days = configuration.reviewAfterDays,
           let stale = Freshness.warning(for: article, today: today, reviewAfterDays: days,
                                         at: lines(article).field("updated")) {
            diagnostics.append(stale)
        }
        diagnostics += checkDuplicates(article, key, holders)
        return diagnostics
    }

    /// Normalised title and symptoms of every article: kept ones where the article's bytes are
    /// the same, else normalised (each distinct symptom once: generated and copied articles share most).
    private func duplicateKeys(_ kept: [ArticleID: CheckState.Entry]) -> [DuplicateKeys] {
        var normalized: [String: String] = [:]
        return articles.map { article in
            if let entry = kept[article.id], entry.contentHash == article.contentHash,
               entry.symptomKeys.count == article.frontMatter.symptoms.count {
                return DuplicateKeys(title: entry.titleKey, symptoms: entry.symptomKeys)
            }
            let symptoms = article.frontMatter.symptoms.map { symptom in
                if let key = normalized[symptom] { return key }
                let key = Tokenizer.normalizedKey(symptom)
                normalized[symptom] = key
                return key
            }
            return DuplicateKeys(title: Tokenizer.normalizedKey(article.title), symptoms: symptoms)
        }
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

    /// Warnings for a title or symptom an earlier article (in the build's order) already has, or
    /// a symptom listed twice by this one.
    private func checkDuplicates(_ article: Article, _ key: DuplicateKeys, _ holders: DuplicateHolders) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        if let first = holders.titles[key.title], first != article.id {
            diagnostics.append(.warning(lines(article).field("title").location(in: article.sourcePath), .duplicateTitle,
                                        "the title `\(article.title)` is also the title of `\(first)`",
                                        hint: "titles tell articles apart in search results: make each one specific"))
        }
        var positions: [TextPosition]?
        var seen = Set<String>()
        for (index, symptom) in article.frontMatter.symptoms.enumerated() {
            let symptomKey = key.symptoms[index]
            guard let first = holders.symptoms[symptomKey] else { continue }
            // The first article to list a symptom owns it; its first listing is not a duplicate.
            if first == article.id, seen.insert(symptomKey).inserted { continue }
            if positions == nil { positions = lines(article).symptoms }
            let at = positions.flatMap { $0.indices.contains(index) ? $0[index] : nil } ?? lines(article).field("symptoms")
            let message = first == article.id ? "symptom `\(symptom)` is listed twice in this article"
                                              : "symptom `\(symptom)` is also listed by `\(first)`"
            diagnostics.append(.warning(at.location(in: article.sourcePath), .duplicateSymptom, message,
                                        hint: first == article.id ? "remove one" : "a symptom should lead to one article: keep it in the one that answers it best"))
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

/// An article's title and symptoms as the duplicate checks compare them (`Tokenizer.normalizedKey`).
struct DuplicateKeys: Equatable {
    var title: String
    var symptoms: [String]
}

/// The first article, in the build's order, with each title and each symptom.
struct DuplicateHolders {
    var titles: [String: ArticleID] = [:]
    var symptoms: [String: ArticleID] = [:]

    init(_ articles: [Article], _ keys: [DuplicateKeys]) {
        titles.reserveCapacity(articles.count)
        for (article, key) in zip(articles, keys) {
            if titles[key.title] == nil { titles[key.title] = article.id }
            for symptom in key.symptoms where symptoms[symptom] == nil { symptoms[symptom] = article.id }
        }
    }
}
