import Testing
@testable import KBPicker

/// Bytes from a terminal in raw mode → keys, however the reads split them.
@Suite struct KeyDecoderTests {
    private func decode(_ reads: [[UInt8]], flush: Bool = false) -> [Key] {
        var decoder = KeyDecoder()
        var keys = reads.flatMap { decoder.feed($0) }
        if flush { keys += decoder.flush() }
        return keys
    }

    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func chineseInOneReadIsOneTextKey() {
        #expect(decode([bytes("不到账")]) == [.text("不到账")])
    }

    @Test func chineseSplitAcrossReadsWaitsForTheRestOfEachCharacter() {
        let all = bytes("不到账")  // 9 bytes, 3 per character
        // Every way of cutting the bytes in two gives the same text, and nothing half-decoded.
        for cut in 1..<all.count {
            var decoder = KeyDecoder()
            let first = decoder.feed(all[..<cut])
            let second = decoder.feed(all[cut...])
            let text = (first + second).map { key -> String in
                guard case let .text(text) = key else { Issue.record("\(key) at cut \(cut)"); return "" }
                return text
            }.joined()
            #expect(text == "不到账", "cut at \(cut)")
            #expect(!decoder.hasPending)
        }
        // One byte per read, and a four-byte character (an extension-B ideograph).
        let wide = bytes("𠀋好")
        #expect(decode(wide.map { [$0] }).map { if case let .text(t) = $0 { t } else { "?" } }.joined() == "𠀋好")
    }

    @Test func invalidUTF8IsDroppedNotShown() {
        #expect(decode([[0xFF, 0x61, 0xC3, 0x28, 0x62]]) == [.text("a(b")])
        // Overlong and surrogate encodings are not characters.
        #expect(decode([[0xC0, 0xAF, 0xED, 0xA0, 0x80, 0x63]]) == [.text("c")])
        // A truncated character at a flush is dropped.
        #expect(decode([[0x61, 0xE4, 0xB8]], flush: true) == [.text("a")])
    }

    @Test func arrowsInBothCursorModesAndWithModifiers() {
        #expect(decode([bytes("\u{1B}[A\u{1B}[B\u{1B}[C\u{1B}[D")]) == [.up, .down, .right, .left])
        #expect(decode([bytes("\u{1B}OA\u{1B}OB\u{1B}OH\u{1B}OF")]) == [.up, .down, .home, .end])
        #expect(decode([bytes("\u{1B}[1;5B\u{1B}[5~\u{1B}[6~\u{1B}[3~\u{1B}[1~\u{1B}[4~")]) == [.down, .pageUp, .pageDown, .delete, .home, .end])
    }

    @Test func anEscapeSequenceSplitAcrossReadsIsOneKey() {
        #expect(decode([[0x1B], bytes("[B")]) == [.down])
        #expect(decode([bytes("a\u{1B}["), bytes("1;5"), bytes("A")]) == [.text("a"), .up])
    }

    @Test func aLoneEscapeIsTheEscKeyOnlyAfterAFlush() {
        var decoder = KeyDecoder()
        #expect(decoder.feed([0x1B]).isEmpty)
        #expect(decoder.hasPending)
        #expect(decoder.flush() == [.escape])
        #expect(!decoder.hasPending)
        // Esc followed by other bytes needs no wait: it was a key of its own.
        #expect(decode([[0x1B, 0x1B]], flush: true) == [.escape, .escape])
        #expect(decode([bytes("\u{1B}x")]) == [.escape, .text("x")])
    }

    @Test func controlKeys() {
        #expect(decode([[3, 4, 14, 16, 18, 21, 23]]) == [.control("c"), .control("d"), .control("n"), .control("p"),
                                                        .control("r"), .control("u"), .control("w")])
        #expect(decode([[13, 10, 9, 127, 8]]) == [.enter, .enter, .tab, .backspace, .backspace])
        // Typed text is cut by controls, so each key lands where it was pressed.
        #expect(decode([bytes("钱\u{7F}没")]) == [.text("钱"), .backspace, .text("没")])
    }

    @Test func unknownSequencesAndC1ControlsAreIgnored() {
        #expect(decode([bytes("\u{1B}[99zok")]) == [.text("ok")])
        #expect(decode([bytes("a\u{9B}b")]) == [.text("ab")])
    }

    @Test func bracketedPasteIsOneKeyWithLineBreaksAsSpaces() {
        let paste = bytes("\u{1B}[200~刷卡成功了\r\n钱没到账\u{1B}[201~")
        #expect(decode([paste]) == [.paste("刷卡成功了 钱没到账")])
        // Split anywhere, the end marker included.
        for cut in 1..<paste.count {
            #expect(decode([Array(paste[..<cut]), Array(paste[cut...])]) == [.paste("刷卡成功了 钱没到账")], "cut at \(cut)")
        }
        // Keys after the paste are keys again.
        #expect(decode([bytes("\u{1B}[200~a\u{1B}[201~\r")]) == [.paste("a"), .enter])
    }
}
