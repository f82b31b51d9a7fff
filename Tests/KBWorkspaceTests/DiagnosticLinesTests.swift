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
