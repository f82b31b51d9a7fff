import KBCore

/// Every rule `kb check` applies, by the stable name its diagnostics carry (`rule` in
/// `--format json`). Each has its own fixture under `Tests/KBWorkspaceTests/Fixtures/check/`.
public enum CheckRule: String, CaseIterable, Sendable {
    // Files and ids (ContentScanner, ArticleLoader)
    case emptyFile = "empty-file"
    case fileTooLarge = "file-too-large"
    case binaryFile = "binary-file"
    case invalidUTF8 = "invalid-utf8"
    case unreadable
    case invalidID = "invalid-id"
    case duplicateArticle = "duplicate-article"
    case symlinkLoop = "symlink-loop"
    case brokenSymlink = "broken-symlink"
    case notAFile = "not-a-file"
    case controlCharacter = "control-character"

    // Front matter (FrontMatterReader)
    case frontMatterMissing = "front-matter-missing"
    case frontMatterUnclosed = "front-matter-unclosed"
    case yamlSyntax = "yaml-syntax"
    case frontMatterNotMapping = "front-matter-not-mapping"
    case frontMatterKey = "front-matter-key"
    case duplicateField = "duplicate-field"
    case unknownField = "unknown-field"
    case missingField = "missing-field"
    case wrongType = "wrong-type"
    case emptyField = "empty-field"
    case invalidCategory = "invalid-category"
    case categoryFolderMismatch = "category-folder-mismatch"
    case invalidProduct = "invalid-product"
    case duplicateProduct = "duplicate-product"
    case missingSymptoms = "missing-symptoms"
    case invalidRelatedID = "invalid-related-id"
    case invalidDate = "invalid-date"

    // One article's body (ArticleLoader, ContentChecker)
    case placeholder
    case emptyBody = "empty-body"
    case missingLead = "missing-lead"
    case emptySection = "empty-section"
    case headingLevel = "heading-level"

    // Across articles (ContentChecker)
    case relatedMissing = "related-missing"
    case relatedSelf = "related-self"
    case relatedRepeated = "related-repeated"
    case linkMissingArticle = "link-missing-article"
    case linkMissingAnchor = "link-missing-anchor"
    case linkMissingFile = "link-missing-file"
    case linkOutsideContent = "link-outside-content"
    case linkEmpty = "link-empty"
    case linkExternal = "link-external"
    case requiredMissing = "required-missing"
    case duplicateTitle = "duplicate-title"
    case duplicateSymptom = "duplicate-symptom"
    /// Older than `review_after_days` in kb.yml (Freshness).
    case staleArticle = "stale-article"

    // content/synonyms.yml (SynonymsLoader)
    case synonymsSyntax = "synonyms-syntax"
    case synonymsFormat = "synonyms-format"
    case synonymInTwoGroups = "synonym-in-two-groups"
    case synonymRedundant = "synonym-redundant"
    case synonymGroupSmall = "synonym-group-small"

    // content/query-model.json (QueryModelLoader)
    case queryModelFormat = "query-model-format"
    case queryModelUnknownArticle = "query-model-unknown-article"

    // site/ overrides (SiteOverrides)
    case siteEngineOverride = "site-engine-override"
    case siteOverrideOutdated = "site-override-outdated"
    /// `site/templates/words.yml` (SiteWordsLoader).
    case siteWords = "site-words"
    /// `site/templates/new-<category>.md`, what `kb new` writes (ArticleTemplate).
    case siteSkeleton = "site-skeleton"

    // kb.yml (Configuration)
    case configSyntax = "config-syntax"
    case configFormat = "config-format"
    case configUnknownKey = "config-unknown-key"
}

extension Diagnostic {
    /// A diagnostic of a catalogued rule. The hint is required: every problem says what to do.
    static func error(_ location: SourceLocation, _ rule: CheckRule, _ message: String, hint: String) -> Diagnostic {
        Diagnostic(.error, location, rule: rule.rawValue, message, hint: hint)
    }

    static func warning(_ location: SourceLocation, _ rule: CheckRule, _ message: String, hint: String) -> Diagnostic {
        Diagnostic(.warning, location, rule: rule.rawValue, message, hint: hint)
    }
}

/// A line and column (from 1; columns count characters) inside a file.
public struct TextPosition: Hashable, Sendable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int = 1) {
        self.line = line
        self.column = column
    }

    public func location(in path: String) -> SourceLocation {
        SourceLocation(path: path, line: line, column: column)
    }
}
