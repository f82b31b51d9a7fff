import Foundation
import KBCore
import KBSearch

/// The `--json` contract read by `shared/eval/relevance.py` and served by `kb serve`'s search API:
/// `{"query", "total", "took_ms", "results": [{"id", "title", "category", "products", "score",
/// "section", "anchor", "snippet", "path"}]}` plus optional extras.
public struct SearchJSON: Encodable {
    public struct Result: Encodable {
        var id: String
        var title: String
        var category: String
        var products: [String]
        var score: Double
        var section: String?
        var anchor: String?
        var snippet: String
        /// Snippet highlights as [start, end) Unicode scalar offsets.
        var highlights: [[Int]]
        var path: String
        var related_fixes: [String]?
        var explain: Explanation?

        enum CodingKeys: String, CodingKey {
            case id, title, category, products, score, section, anchor, snippet, highlights, path, related_fixes, explain
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(title, forKey: .title)
            try container.encode(category, forKey: .category)
            try container.encode(products, forKey: .products)
            try container.encode(score, forKey: .score)
            try container.encode(section, forKey: .section)  // null for the lead, as the contract says
            try container.encode(anchor, forKey: .anchor)
            try container.encode(snippet, forKey: .snippet)
            try container.encode(highlights, forKey: .highlights)
            try container.encode(path, forKey: .path)
            try container.encodeIfPresent(related_fixes, forKey: .related_fixes)
            try container.encodeIfPresent(explain, forKey: .explain)
        }
    }

    public struct Explanation: Encodable {
        var coverage: Double
        var relevance: Double
        var proximity: Double
        var bonus: Double
        var concepts: [ConceptExplanation]
    }

    public struct ConceptExplanation: Encodable {
        var concept: String
        var importance: Double
        var matched: String?
        var tier: String?
        var fields: [String]
        var coverage: Double
        var strength: Double
    }

    var query: String
    var total: Int
    var took_ms: Double
    var tier: String
    /// "high", or "low" when the best result covers the query only partly.
    var confidence: String
    var did_you_mean: String?
    /// Topics the query asks about that no article answers.
    var out_of_scope: [String]?
    var notices: [String]
    var results: [Result]

    public init(_ response: SearchResponse, explain: Bool) {
        query = response.query
        total = response.total
        took_ms = (response.elapsed.milliseconds * 1000).rounded() / 1000
        tier = response.tier.rawValue
        confidence = response.confident ? "high" : "low"
        did_you_mean = response.didYouMean
        out_of_scope = response.outOfScope.isEmpty ? nil : response.outOfScope
        notices = response.notices
        results = response.results.map { result in
            Result(id: result.record.id.rawValue, title: result.record.title, category: result.record.category.rawValue,
                   products: result.record.products.map(\.rawValue), score: (result.score.score * 10_000).rounded() / 10_000,
                   section: result.section.heading, anchor: result.section.anchor, snippet: result.snippet.text,
                   highlights: result.snippet.scalarHighlights.map { [$0.lowerBound, $0.upperBound] },
                   path: result.record.sourcePath,
                   related_fixes: result.record.category == .cause ? result.relatedFixes.map(\.id.rawValue) : nil,
                   explain: explain ? SearchJSON.explanation(result, plan: response.plan) : nil)
        }
    }

    static func explanation(_ result: SearchResult, plan: QueryPlan) -> Explanation {
        let score = result.score
        return Explanation(
            coverage: round4(score.coverage), relevance: round4(score.relevance), proximity: round4(score.proximity),
            bonus: round4(score.bonus),
            concepts: score.matches.map { match in
                let concept = plan.concepts[match.concept]
                let alternative = match.alternative.map { concept.alternatives[$0] }
                return ConceptExplanation(
                    concept: concept.label,
                    importance: round4(score.importance.indices.contains(match.concept) ? score.importance[match.concept] : 0),
                    matched: alternative?.label, tier: alternative?.tier.rawValue,
                    fields: Field.allCases.filter { match.fields & (1 << $0.rawValue) != 0 }.map(\.name),
                    coverage: round4(match.coverage), strength: round4(match.strength))
            })
    }

    static func round4(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }

    /// One line of JSON, keys sorted: deterministic output for tools and tests.
    public func encoded() throws -> String { try ToolJSON.encode(self) }
}

extension SearchResponse {
    /// The query as searched: spacing normalised and cut to `QueryParser.maxCharacters` (a notice says
    /// so), which is what the terminal repeats back instead of a possibly huge paste.
    var searchedText: String { plan.query }
}

extension Duration {
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}

/// Human-readable renderings of a search: the result list, `--explain`, and `--format reply`.
public struct SearchPresenter {
    public let labels: Labels
    public let style: TerminalStyle

    public init(labels: Labels, style: TerminalStyle) {
        self.labels = labels
        self.style = style
    }

    public func text(_ response: SearchResponse, explain: Bool) -> String {
        let clean: (String) -> String = { TerminalStyle.sanitize($0) }
        var lines: [String] = []
        if explain { lines += planLines(response.plan) }
        if let rewritten = response.didYouMean {
            lines.append(style.accent(labels.didYouMean(clean(rewritten))))
        }
        for notice in response.notices { lines.append(style.dim("(\(notice))")) }
        if !response.outOfScope.isEmpty {
            lines.append(style.accent(labels.outOfScope(response.outOfScope.map(clean))))
        }
        guard !response.results.isEmpty else {
            lines.append(labels.noResults(clean(response.searchedText)))
            return lines.joined(separator: "\n")
        }
        lines.append(style.dim(labels.resultCount(response.total, query: clean(response.searchedText),
                                                  milliseconds: response.elapsed.milliseconds)))
        if !response.confident { lines.append(style.accent(labels.lowConfidence)) }
        for (rank, result) in response.results.enumerated() {
            let record = result.record
            let meta = ([labels.category(record.category)] + record.products.map(labels.product)).joined(separator: " · ")
            lines.append("")
            lines.append("\(style.bold(String(format: "%2d.", rank + 1))) \(style.bold(clean(record.title)))  \(style.dim(meta))")
            let snippet = result.snippet.marked(open: "\u{0}", close: "\u{1}", escape: { TerminalStyle.sanitize($0) })
            lines.append("    " + applyHighlights(snippet))
            var location = clean(record.sourcePath)
            if let anchor = result.section.anchor { location += "#" + clean(anchor) }
            if let heading = result.section.heading {
                lines.append("    " + style.accent(location) + style.dim("  § " + clean(heading)))
            } else {
                lines.append("    " + style.accent(location))
            }
            if !result.relatedFixes.isEmpty {
                let fixes = result.relatedFixes.map { "\(clean($0.title)) (\(clean($0.id.rawValue)))" }.joined(separator: "；")
                lines.append("    → \(labels.fixesLabel): \(fixes)")
            }
            if explain { lines += explanation(result, plan: response.plan).map { "      " + $0 } }
        }
        return lines.joined(separator: "\n")
    }

    /// Turns the NUL/SOH markers placed around highlights into terminal styling (or brackets when
    /// there is no colour, so matches stay visible in a pipe).
    private func applyHighlights(_ marked: String) -> String {
        var output = ""
        var inside = ""
        var highlighting = false
        for scalar in marked.unicodeScalars {
            switch scalar.value {
            case 0:
                highlighting = true
                inside = ""
            case 1:
                highlighting = false
                output += style.colors ? style.highlight(inside) : "[\(inside)]"
            default:
                if highlighting { inside.unicodeScalars.append(scalar) } else { output.unicodeScalars.append(scalar) }
            }
        }
        return output
    }

    /// The query as searched: each concept, its weight, and the alternatives with their tier and
    /// document frequency; then the words taken for names and left out.
    private func planLines(_ plan: QueryPlan) -> [String] {
        plan.concepts.map { concept in
            let alternatives = concept.alternatives.map { alternative in
                let df = alternative.tokens.map { plan.documentFrequencies[$0] }.min() ?? 0
                return "\(TerminalStyle.sanitize(alternative.label))[\(alternative.tier.rawValue) df=\(df)]"
            }.joined(separator: " | ")
            return style.dim("query \(TerminalStyle.sanitize(concept.label)) ×\(String(format: "%.2f", concept.weight)): \(alternatives)")
        } + plan.unknownNames.map { style.dim("name \(TerminalStyle.sanitize($0)): not searched (unknown words before a name)") }
    }

    private func explanation(_ result: SearchResult, plan: QueryPlan) -> [String] {
        let e = SearchJSON.explanation(result, plan: plan)
        var lines = [style.dim(String(format: "score %.4f = coverage %.3f + relevance %.3f×%.2f + proximity %.3f×%.2f + bonus %.3f",
                                      result.score.score, e.coverage, e.relevance, RankingParameters.standard.relevanceWeight,
                                      e.proximity, RankingParameters.standard.proximityWeight, e.bonus))]
        for concept in e.concepts {
            if let matched = concept.matched, let tier = concept.tier {
                lines.append(style.dim("  \(TerminalStyle.sanitize(concept.concept)) → \(TerminalStyle.sanitize(matched)) [\(tier)] in \(concept.fields.joined(separator: ",")) cov \(concept.coverage) str \(concept.strength)"))
            } else {
                lines.append(style.dim("  \(TerminalStyle.sanitize(concept.concept)) → (no match)"))
            }
        }
        return lines
    }
}
