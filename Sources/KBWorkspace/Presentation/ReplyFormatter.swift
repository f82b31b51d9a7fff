import Foundation
import KBCore
import KBSearch

/// `kb search --format reply`: a short plain-text answer an agent can paste to a merchant: the
/// likely cause in a sentence, then numbered steps from the article that says what to do. Written
/// entirely in the merchant's language, Chinese, whatever the agent's terminal speaks; a question
/// about a topic no article answers gets that said plainly instead of a near miss.
public struct ReplyFormatter {
    /// The reply's words: Chinese, the language of the articles it quotes.
    let labels = Labels(.zh)
    public let service: SearchService

    public init(service: SearchService) {
        self.service = service
    }

    public func reply(_ response: SearchResponse) throws -> String {
        let clean: (String) -> String = { TerminalStyle.sanitize($0) }
        if !response.outOfScope.isEmpty {
            // Only an out-of-scope answer points to the start article: read it then.
            var pointing = labels
            pointing.start = service.startArticle
            return pointing.outOfScope(response.outOfScope.map(clean))
        }
        guard let top = response.results.first else { return labels.noResults(clean(response.searchedText)) }
        return try reply(to: top)
    }

    /// The reply built from one result, whatever else the search found: what `kb search -i` prints
    /// for the result the agent picked.
    public func reply(to result: SearchResult) throws -> String {
        let clean: (String) -> String = { TerminalStyle.sanitize($0) }
        var lines = ["【\(clean(result.record.title))】", clean(result.record.summary)]
        // A cause answers "why"; its first fix answers "what to do".
        let stepsSource = result.record.category == .cause ? (result.relatedFixes.first.map(\.id) ?? result.record.id) : result.record.id
        let article = try service.article(stepsSource)
        let steps = Self.steps(in: article)
        if !steps.isEmpty {
            lines.append("")
            lines.append("\(labels.steps)：")
            lines += steps.enumerated().map { "\($0.offset + 1). \(clean($0.element))" }
        }
        return lines.joined(separator: "\n")
    }

    /// The numbered steps of the article's first section that has any (`1. …` lines).
    static func steps(in article: Article) -> [String] {
        for section in article.sections {
            let numbered = section.text.split(separator: "\n").compactMap { line -> String? in
                guard let dot = line.firstIndex(of: "."), line[..<dot].allSatisfy(\.isNumber), !line[..<dot].isEmpty else { return nil }
                return line[line.index(after: dot)...].trimmingCharacters(in: .whitespaces)
            }
            if numbered.count >= 2 { return numbered }
        }
        return []
    }
}
