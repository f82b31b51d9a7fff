import KBCore

/// The words of the pages that no template holds (page titles and descriptions, the first step of
/// every breadcrumb, dates): `templates/words.yml` of kb's default site, each key replaceable by
/// the knowledge base's own file. Read by KBWorkspace (`SiteWordsLoader`), which checks it.
public struct SiteWords: Sendable, Equatable {
    /// Where the words are among the site's files.
    public static let path = "templates/words.yml"

    public enum Key: String, CaseIterable, Sendable {
        case siteTitle = "site_title"
        case homeDescription = "home_description"
        case home
        case searchTitle = "search_title"
        case searchDescription = "search_description"
        case notFoundTitle = "not_found_title"
        case notFoundDescription = "not_found_description"
        case productTitle = "product_title"
        case tagTitle = "tag_title"
        case tagDescription = "tag_description"
        case date

        /// The `{name}`s its text may use.
        public var placeholders: Set<String> {
            switch self {
            case .productTitle: ["product"]
            case .tagTitle, .tagDescription: ["tag"]
            case .date: ["year", "month", "day"]
            default: []
            }
        }
    }

    private let texts: [Key: TextTemplate]

    /// Every key must have a text.
    public init(_ texts: [Key: TextTemplate]) {
        precondition(Set(texts.keys) == Set(Key.allCases), "missing site words: \(Set(Key.allCases).subtracting(texts.keys))")
        self.texts = texts
    }

    /// The text of a key with its placeholders filled in.
    public func text(_ key: Key, _ values: [String: String] = [:]) -> String {
        texts[key]!.filled(values)
    }

    /// `2026-11-20` as the pages write a date.
    func date(_ day: Day) -> String {
        text(.date, ["year": String(day.year), "month": String(day.month), "day": String(day.day)])
    }

    /// The same words with some keys' texts replaced.
    public func replacing(_ replacements: [Key: TextTemplate]) -> SiteWords {
        SiteWords(texts.merging(replacements) { _, new in new })
    }
}
