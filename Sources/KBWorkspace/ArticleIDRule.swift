import KBCore

/// Why a path under `content/` cannot be an article id. Shared by `kb check` (files found) and
/// `kb new` (ids typed), which word it for their readers.
public enum IDProblem: Equatable, Sendable {
    /// `paper-jam`: no category folder.
    case noFolder
    /// `cause/paper-jam`: the folder is not one of the categories' folders.
    case unknownFolder(String, suggestion: String?)
    /// `causes/jams/paper`: articles sit directly in a category folder.
    case tooDeep
    /// `causes/Paper_Jam`: the file name breaks the naming rule.
    case invalidSlug(String, suggestion: String?)
}

/// The naming rule of ids: `<category folder>/<slug>`, the slug lowercase ASCII letters, digits and
/// hyphens, not starting or ending with a hyphen.
public enum ArticleIDRule {
    public static func problem(_ id: ArticleID) -> IDProblem? {
        let parts = id.rawValue.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2 else { return .noFolder }
        guard Category(folder: parts[0]) != nil else {
            let folders = Category.allCases.map(\.folder)
            return .unknownFolder(parts[0], suggestion: FrontMatterReader.suggestion(for: parts[0].lowercased(), among: folders))
        }
        guard parts.count == 2 else { return .tooDeep }
        guard ArticleID(parts[1]).isWellFormed else {
            let suggestion = suggestedSlug(parts[1])
            return .invalidSlug(parts[1], suggestion: suggestion == parts[1] ? nil : suggestion)
        }
        return nil
    }

    /// A slug that follows the rule, made from `text` by lowercasing and turning separators into
    /// hyphens; nil when nothing usable is left (a Chinese name, say).
    public static func suggestedSlug(_ text: String) -> String? {
        var slug = ""
        for character in text.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                slug.append(character)
            } else if [" ", "_", "-", "."].contains(character), !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? nil : slug
    }

    public static var folderList: String { Category.allCases.map(\.folder).joined(separator: ", ") }
}
