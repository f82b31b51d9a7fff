import Testing
@testable import KBPicker

/// Styled text measured and cut by columns: styling is free, wide characters count twice and are
/// never split, and a style cut at a line end is closed and reopened.
@Suite struct StyledTextTests {
    static let bold = "\u{1B}[1m"
    static let reset = "\u{1B}[0m"

    @Test func widthIgnoresStylingAndCountsWideCharactersTwice() {
        #expect(StyledText.width("pos机") == 5)
        #expect(StyledText.width(Self.bold + "钱没到账" + Self.reset) == 8)
        #expect(StyledText.width("e\u{301}") == 1)
        #expect(StyledText.width("a\tb") == 3)
    }

    @Test func fitNeverSplitsAWideCharacter() {
        #expect(StyledText.fit("钱没到账", columns: 5) == "钱没")
        #expect(StyledText.fit("a钱没", columns: 4) == "a钱")
        #expect(StyledText.fit("钱没到账", columns: 8) == "钱没到账")
    }

    @Test func aStyleCutInTheMiddleIsClosed() {
        #expect(StyledText.fit(Self.bold + "钱没到账" + Self.reset, columns: 4) == Self.bold + "钱没" + Self.reset)
        #expect(StyledText.wrap(Self.bold + "钱没到账" + Self.reset + "了", columns: 4)
                == [Self.bold + "钱没" + Self.reset, Self.bold + "到账" + Self.reset, "了"])
    }

    @Test func wrapKeepsEveryCharacterOnce() {
        let text = "刷卡成功pos机钱没到账settlement account frozen怎么办"
        for columns in 1...30 {
            let lines = StyledText.wrap(text, columns: columns)
            #expect(lines.joined() == text, "\(columns)")
            #expect(lines.allSatisfy { StyledText.width($0) <= max(columns, 2) }, "\(columns): \(lines)")
        }
        #expect(StyledText.wrap("", columns: 10) == [""])
    }

    @Test func controlsOtherThanStylingAreLeftOut() {
        #expect(StyledText.fit("a\u{7}b\u{1B}]0;title\u{7}c", columns: 20) == "ab0;titlec")
    }
}
