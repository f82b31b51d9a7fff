import Foundation
import KBCore
import KBText
import Yams

/// Reads `content/synonyms.yml`: a list of groups, each a list of words. A word in two groups, an
/// empty group or a malformed file is reported with its line.
enum SynonymsLoader {
    static func load(_ base: KnowledgeBase) -> (SynonymTable, [Diagnostic]) {
        let path = base.relativePath(base.synonymsFile)
        guard let data = FileManager.default.contents(atPath: base.synonymsFile.path) else { return (.empty, []) }
        guard let text = String(data: data, encoding: .utf8) else {
            return (.empty, [.error(SourceLocation(path: path), rule: "invalid-utf8", "the synonyms file is not valid UTF-8")])
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            var line = 1, column = 1
            if case let .scanner(_, _, mark, _) = error { (line, column) = (mark.line, mark.column) }
            if case let .parser(_, _, mark, _) = error { (line, column) = (mark.line, mark.column) }
            return (.empty, [.error(SourceLocation(path: path, line: line, column: column), rule: "yaml-syntax",
                                    "the synonyms file is not valid YAML")])
        } catch {
            return (.empty, [.error(SourceLocation(path: path), rule: "yaml-syntax", "the synonyms file is not valid YAML")])
        }
        guard let node else { return (.empty, []) }
        guard let groups = node.sequence else {
            return (.empty, [.error(SourceLocation(path: path, line: node.mark?.line ?? 1), rule: "synonyms-format",
                                    "the synonyms file must be a list of groups", hint: "one group per line: `- [到账, 入账]`")])
        }
        var diagnostics: [Diagnostic] = []
        var result: [[String]] = []
        var firstSeen: [String: (line: Int, group: Int, word: String)] = [:]
        for (groupIndex, group) in groups.enumerated() {
            let line = group.mark?.line ?? 1
            guard let items = group.sequence else {
                diagnostics.append(.error(SourceLocation(path: path, line: line), rule: "synonyms-format",
                                          "a synonym group must be a list of words", hint: "write `- [到账, 入账]`"))
                continue
            }
            var members: [String] = []
            for item in items {
                guard let word = item.string?.trimmingCharacters(in: .whitespaces), !word.isEmpty else {
                    diagnostics.append(.error(SourceLocation(path: path, line: item.mark?.line ?? line, column: item.mark?.column ?? 1),
                                              rule: "synonyms-format", "a synonym must be a non-empty word"))
                    continue
                }
                if let control = word.unicodeScalars.first(where: { ArticleLoader.isControlCharacter($0.value) }) {
                    diagnostics.append(.error(SourceLocation(path: path, line: item.mark?.line ?? line, column: item.mark?.column ?? 1),
                                              rule: "control-character",
                                              "a synonym contains the control character \(ArticleLoader.codePoint(control.value))"))
                    continue
                }
                let key = Tokenizer.normalizedKey(word)
                let location = SourceLocation(path: path, line: item.mark?.line ?? line, column: item.mark?.column ?? 1)
                if let earlier = firstSeen[key] {
                    if earlier.group == groupIndex {
                        diagnostics.append(.warning(location, rule: "synonym-redundant",
                                                    "`\(word)` searches the same as `\(earlier.word)` (case, width and 帐/账 are normalised)",
                                                    hint: "remove it"))
                    } else {
                        diagnostics.append(.error(location, rule: "synonym-in-two-groups",
                                                  "`\(word)` is already in the group on line \(earlier.line)",
                                                  hint: "a word may belong to one group only"))
                    }
                    continue
                }
                firstSeen[key] = (line, groupIndex, word)
                members.append(word)
            }
            if members.count < 2 {
                diagnostics.append(.warning(SourceLocation(path: path, line: line), rule: "synonym-group-small",
                                            "a synonym group needs at least two words"))
            }
            if !members.isEmpty { result.append(members) }
        }
        return (SynonymTable(groups: result), diagnostics)
    }
}
