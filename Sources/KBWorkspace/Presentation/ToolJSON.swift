import Foundation

/// JSON for tools (`kb search --json`, `kb check --format json`, `kb gaps --json`, the preview
/// server's API): one line, keys sorted, so that output is deterministic for scripts and tests.
public enum ToolJSON {
    public static func encode<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return escapingInvisibleControls(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// The encoder escapes C0 controls only. The other characters `TerminalStyle` never lets
    /// through raw (C1 controls, line separators, bidirectional overrides) are written as `\uXXXX`
    /// too, so JSON printed to a terminal or embedded in a page carries none of them. They can only
    /// occur inside strings, where the escape means the same character.
    static func escapingInvisibleControls(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: TerminalStyle.isInvisibleControl) else { return json }
        var output = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            if TerminalStyle.isInvisibleControl(scalar) {
                let hex = String(scalar.value, radix: 16)
                output.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
            } else {
                output.append(scalar)
            }
        }
        return String(output)
    }
}
