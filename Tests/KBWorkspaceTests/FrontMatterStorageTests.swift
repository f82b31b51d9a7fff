import KBCore
import Testing
@testable import KBWorkspace

@Suite struct FrontMatterStorageTests {
    @Test func positionsSurviveTheIndex() {
        var lines = FrontMatterLines()
        lines.fields = ["title": TextPosition(line: 2, column: 8), "symptoms": TextPosition(line: 5, column: 1)]
        lines.related = [TextPosition(line: 10, column: 4), TextPosition(line: 11, column: 4)]
        lines.symptoms = [TextPosition(line: 6, column: 5)]
        lines.bodyLine = 14
        #expect(FrontMatterLines(encoded: lines.encoded) == lines)
        #expect(FrontMatterLines(encoded: FrontMatterLines().encoded) == FrontMatterLines())
        #expect(FrontMatterLines(encoded: "") == nil)
        #expect(FrontMatterLines(encoded: "title=2|||x") == nil)
    }
}
