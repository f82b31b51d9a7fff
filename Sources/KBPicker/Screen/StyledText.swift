import KBWorkspace

/// Text that may carry SGR styling (`ESC[…m`, as `TerminalStyle` writes it), measured and cut by
/// display columns: the styling takes none, a wide character takes two and is never split.
public enum StyledText {
    private enum Piece {
        case style(String)
        case character(String, width: Int)
    }

    private static let reset = "\u{1B}[0m"

    /// Display columns of `text`, styling not counted.
    public static func width(_ text: String) -> Int {
        pieces(text).reduce(0) { total, piece in
            if case let .character(_, width) = piece { return total + width }
            return total
        }
    }

    /// `text` cut to at most `columns` columns (styling closed if the cut falls inside it).
    public static func fit(_ text: String, columns: Int) -> String {
        wrap(text, columns: columns).first ?? ""
    }

    /// `text` broken into lines of at most `columns` columns. A style open at a break is closed at
    /// the end of the line and opened again at the start of the next, so each line stands alone.
    public static func wrap(_ text: String, columns: Int) -> [String] {
        let columns = max(1, columns)
        var lines: [String] = []
        var line = ""
        var used = 0
        var active: [String] = []  // styles set since the last reset
        for piece in pieces(text) {
            switch piece {
            case let .style(sequence):
                line += sequence
                if sequence == reset || sequence == "\u{1B}[m" { active = [] } else { active.append(sequence) }
            case let .character(character, width):
                if used + width > columns && used > 0 {
                    lines.append(active.isEmpty ? line : line + reset)
                    line = active.joined()
                    used = 0
                }
                line += character
                used += width
            }
        }
        lines.append(line)
        return lines
    }

    /// Splits styled text into SGR sequences and characters with their widths. Tabs become a space
    /// (their width depends on the column); other controls, which sanitised text no longer holds,
    /// are left out.
    private static func pieces(_ text: String) -> [Piece] {
        var pieces: [Piece] = []
        var sequence: String?  // an escape sequence being read: ESC [ parameters final, kept whole
        for character in text {
            if var open = sequence {
                open.append(character)
                let isFinal = character.unicodeScalars.count == 1 && (0x40...0x7E).contains(character.unicodeScalars.first!.value)
                if open.unicodeScalars.count == 2 && character != "[" {
                    sequence = nil  // not a CSI sequence: dropped with its ESC
                } else if open.unicodeScalars.count > 2 && isFinal {
                    pieces.append(.style(open))
                    sequence = nil
                } else {
                    sequence = open
                }
            } else if character == "\u{1B}" {
                sequence = "\u{1B}"
            } else if character == "\t" {
                pieces.append(.character(" ", width: 1))
            } else if character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && !TerminalStyle.isInvisibleControl($0) }) {
                pieces.append(.character(String(character), width: TerminalStyle.width(String(character))))
            }
        }
        return pieces
    }
}
