import KBCore
import Testing
@testable import KBWorkspace

/// The build record's diagnostics as text: what is encoded decodes to the same values, and a field
/// holding a separator is refused rather than written ambiguously.
@Suite struct DiagnosticLinesTests {
    static let sample: [Diagnostic] = [
        .warning(SourceLocation(path: "content/causes/网络.md", line: 7, column: 5), CheckRule.duplicateSymptom,
                 "symptom `刷了卡不到账` is also listed by `causes/account-1060`", hint: "keep it in one"),
        .error(SourceLocation(path: "kb.yml", line: 1, column: 1), CheckRule.requiredMissing, "required article `a` is missing",
               hint: ""),
        Diagnostic(.warning, SourceLocation(path: "content/a.md"), rule: "link-external", "no hint\non two lines", hint: nil),
    ]

    @Test func roundTrips() throws {
        let bytes = try #require(DiagnosticLines.encode(Self.sample))
        #expect(DiagnosticLines.decode(bytes[...]) == Self.sample)
        #expect(DiagnosticLines.encode([]) == [])
    }

    /// An article's reader warnings as the index stores them: none is the empty string; decoded,
    /// they point at the file where the article is now; what is not warnings encoded by
    /// `encode` (errors, the mark of warnings that could not be encoded) is refused, so that the
    /// build reads the file again.
    @Test func readerWarningsRoundTripAtTheFilesPath() throws {
        let warning = Diagnostic.warning(SourceLocation(path: "content/causes/a.md", line: 4, column: 33), CheckRule.duplicateProduct,
                                         "product `e-sign` is listed twice", hint: "remove one")
        #expect(ReaderWarnings.encode([]) == "")
        #expect(ReaderWarnings.decode("", path: "content/causes/a.md") == [])
        let stored = ReaderWarnings.encode([warning, warning])
        #expect(ReaderWarnings.decode(stored, path: "content/causes/a.md") == [warning, warning])
        var moved = warning
        moved.location.path = "content/causes/b.md"
        #expect(ReaderWarnings.decode(stored, path: "content/causes/b.md") == [moved, moved])

        var unencodable = warning
        unencodable.message += "\u{1E}"
        #expect(ReaderWarnings.encode([unencodable]) == ReaderWarnings.unencodable)
        #expect(ReaderWarnings.decode(ReaderWarnings.unencodable, path: "content/causes/a.md") == nil)
        var error = warning
        error.severity = .error
        #expect(ReaderWarnings.decode(ReaderWarnings.encode([error]), path: "content/causes/a.md") == nil)
    }

    @Test func refusesSeparatorsInFields() {
        for separator in ["\u{1F}", "\u{1E}"] {
            var diagnostic = Self.sample[0]
            diagnostic.message += separator
            #expect(DiagnosticLines.encode([diagnostic]) == nil)
            diagnostic = Self.sample[0]
            diagnostic.hint = separator
            #expect(DiagnosticLines.encode(Self.sample + [diagnostic]) == nil)
        }
    }
}
