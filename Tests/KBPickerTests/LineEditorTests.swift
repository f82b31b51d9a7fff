import Testing
@testable import KBPicker

/// The query line: characters, not bytes or scalars; columns, not characters.
@Suite struct LineEditorTests {
    @Test func backspaceRemovesOneWholeCharacter() {
        var editor = LineEditor("刷卡钱没到账")
        editor.backspace()
        #expect(editor.text == "刷卡钱没到")
        #expect(editor.cursor == 5)
        // A letter with a combining accent and a flag (two scalars each) go in one press.
        var composed = LineEditor("ae\u{301}🇨🇳")
        composed.backspace()
        #expect(composed.text == "ae\u{301}")
        composed.backspace()
        #expect(composed.text == "a")
    }

    @Test func aCombiningMarkTypedLaterJoinsTheCharacterBeforeIt() {
        var editor = LineEditor("e")
        editor.insert("\u{301}")
        #expect(editor.text == "e\u{301}")
        #expect(editor.cursor == 1)
        #expect(editor.text.count == 1)
    }

    @Test func insertAndDeleteAtTheCursor() {
        var editor = LineEditor("钱到账")
        editor.moveLeft()
        editor.moveLeft()
        editor.insert("没")
        #expect(editor.text == "钱没到账")
        #expect(editor.cursor == 2)
        editor.deleteForward()
        #expect(editor.text == "钱没账")
        editor.moveToStart()
        editor.backspace()  // nothing before the cursor
        #expect(editor.text == "钱没账")
        editor.moveToEnd()
        editor.moveRight()
        #expect(editor.cursor == 3)
    }

    @Test func cursorColumnCountsWideCharactersTwice() {
        var editor = LineEditor("pos机不到账")
        #expect(editor.cursorColumn == 3 + 4 * 2)
        editor.moveLeft()
        #expect(editor.cursorColumn == 3 + 3 * 2)
        editor.moveToStart()
        #expect(editor.cursorColumn == 0)
    }

    @Test func controlsNeverEnterTheQuery() {
        let editor = LineEditor("钱\u{1B}[31m没\u{7}到\t账\n")
        #expect(editor.text == "钱[31m没到 账 ")
    }

    @Test func shellLikeDeletion() {
        var words = LineEditor("settlement account frozen")
        words.deleteWordBackward()
        #expect(words.text == "settlement account ")
        words.deleteWordBackward()
        #expect(words.text == "settlement ")
        var chinese = LineEditor("拉卡拉 钱没到账")
        chinese.deleteWordBackward()
        #expect(chinese.text == "拉卡拉 ")
        var line = LineEditor("刷卡成功钱没到账")
        line.moveLeft()
        line.moveLeft()
        line.deleteToStart()
        #expect(line.text == "到账")
        #expect(line.cursor == 0)
    }

    @Test func lengthIsCapped() {
        var editor = LineEditor(String(repeating: "钱", count: LineEditor.maxCharacters + 50))
        #expect(editor.text.count == LineEditor.maxCharacters)
        editor.insert("多")
        #expect(editor.text.count == LineEditor.maxCharacters)
    }
}
