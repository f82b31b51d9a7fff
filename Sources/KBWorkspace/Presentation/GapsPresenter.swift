import Foundation

/// `kb gaps` for a person: the searches that found nothing, then the articles readers voted "no" on,
/// each with its reasons and comments. Everything a reader or a searcher typed is sanitized: a
/// comment holding escape sequences prints as plain text.
public struct GapsPresenter {
    public let labels: Labels
    public let style: TerminalStyle

    public init(labels: Labels, style: TerminalStyle) {
        self.labels = labels
        self.style = style
    }

    public func text(searches: [GapLog.Gap], articles: [ArticleFeedback]) -> String {
        var lines: [String] = []
        if searches.isEmpty {
            lines.append(labels.noGaps)
        } else {
            lines.append(style.dim(labels.gapsHeader))
            for gap in searches {
                let marker = gap.neverAnswered ? "" : style.dim(" (\(labels.soundAlikeOnly))")
                lines.append(String(format: "%5d  ", gap.count) + Self.oneLine(gap.query) + marker)
            }
        }
        lines.append("")
        if articles.isEmpty {
            lines.append(labels.noFeedback)
        } else {
            lines.append(style.dim(labels.feedbackHeader))
            for article in articles {
                let title = article.title.map { "  " + Self.oneLine($0) } ?? ""
                lines.append(String(format: "%3d %3d  ", article.notHelpful, article.helpful) + style.bold(article.id.rawValue) + title)
                let reasons = article.reasons.map { "\(labels.reason($0.reason)) \($0.count)" }.joined(separator: ", ")
                lines.append("         " + reasons)
                for comment in article.comments {
                    let day = comment.time.map { " " + style.dim(String($0.prefix(10))) } ?? ""
                    lines.append("         「" + Self.oneLine(comment.comment) + "」" + day)
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Typed text on one line, with nothing the terminal would act on.
    static func oneLine(_ text: String) -> String {
        TerminalStyle.sanitize(text).replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " ")
    }
}
