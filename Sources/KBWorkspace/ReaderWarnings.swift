import KBCore

/// The warnings reading an article's file gave (`FrontMatterReader`, `ArticleLoader`), stored with
/// the article in the index (`IndexEntry.readerWarnings`): a build that reuses the unchanged file
/// reports them as the build that read it did, so a report never depends on what was reused.
/// Encoded as `DiagnosticLines`; almost every article has none, stored as the empty string.
enum ReaderWarnings {
    /// Stored when the warnings cannot be encoded (a field would hold a separator, which content
    /// that passed the reader cannot produce). It never decodes: the next build reads the file again.
    static let unencodable = "?"

    static func encode(_ warnings: [Diagnostic]) -> String {
        guard !warnings.isEmpty else { return "" }
        guard let bytes = DiagnosticLines.encode(warnings) else { return unencodable }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The warnings, located in the file at `path` (where the article is now); nil for text
    /// `encode` did not produce from warnings.
    static func decode(_ text: String, path: String) -> [Diagnostic]? {
        guard !text.isEmpty else { return [] }
        guard var warnings = DiagnosticLines.decode(Array(text.utf8)[...]),
              warnings.allSatisfy({ $0.severity == .warning }) else { return nil }
        for index in warnings.indices { warnings[index].location.path = path }
        return warnings
    }
}
