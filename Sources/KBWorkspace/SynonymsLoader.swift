import Foundation
import KBCore
import KBText
import Yams

/// Reads `content/synonyms.yml`: a list of groups, each a list of words. A word in two groups, an
/// empty group or a malformed file is reported with its line and column.
enum SynonymsLoader {
    static func load(_ base: KnowledgeBase) -> (SynonymTable, [Diagnostic]) {
        let path = base.relativePath(base.synonymsFile)
        guard let data = FileManager.default.contents(atPath: base.synonymsFile.path) else { return (.empty, []) }
        guard let text = String(data: data, encoding: .utf8) else {
            return (.empty, [.error(SourceLocation(path: path), .invalidUTF8, "the synonyms file is not valid UTF-8",
                                    hint: "save it as UTF-8")])
        }
        return parse(text, path: path)
    }

    static func parse(_ text: String, path: String) -> (SynonymTable, [Diagnostic]) {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            let problem = YAMLProblem(error, yaml: text)
            return (.empty, [.error(problem.position.location(in: path), .synonymsSyntax,
                                    "the synonyms file is not valid YAML: \(problem.message)", hint: problem.duplicateHint(lineOffset: 0))])
        }
        guard let node else { return (.empty, []) }
        func location(_ node: Node?, or fallback: Node? = nil) -> SourceLocation {
            let mark = node?.mark ?? fallback?.mark
            return SourceLocation(path: path, line: mark?.line ?? 1, column: mark?.column ?? 1)
        }
        guard let groups = node.sequence else {
            return (.empty, [.error(location(node), .synonymsFormat, "the synonyms file must be a list of groups",
                                    hint: "one group per line: `- [到账, 入账]`")])
        }
        var diagnostics: [Diagnostic] = []
        var result: [[String]] = []
        var firstSeen: [String: (line: Int, group: Int, word: String)] = [:]
        for (groupIndex, group) in groups.enumerated() {
            guard let items = group.sequence else {
                diagnostics.append(.error(location(group), .synonymsFormat, "a synonym group must be a list of words",
                                          hint: "write `- [到账, 入账]`"))
                continue
            }
            var members: [String] = []
            for item in items {
                guard let scalar = item.scalar else {
                    diagnostics.append(.error(location(item, or: group), .synonymsFormat, "a synonym must be a word, not a list or mapping",
                                              hint: "write the words of a group in one list: `- [到账, 入账]`"))
                    continue
                }
                let word = scalar.string.trimmingCharacters(in: .whitespaces)
                guard !word.isEmpty else {
                    diagnostics.append(.error(location(item, or: group), .synonymsFormat, "a synonym must not be empty",
                                              hint: "remove the empty item"))
                    continue
                }
                if let control = word.unicodeScalars.first(where: { ArticleLoader.isControlCharacter($0.value) }) {
                    diagnostics.append(.error(location(item, or: group), .controlCharacter,
                                              "a synonym contains the control character \(ArticleLoader.codePoint(control.value))",
                                              hint: "remove the escape that makes it"))
                    continue
                }
                let key = Tokenizer.normalizedKey(word)
                let here = location(item, or: group)
                if let earlier = firstSeen[key] {
                    if earlier.group == groupIndex {
                        diagnostics.append(.warning(here, .synonymRedundant,
                                                    "`\(word)` searches the same as `\(earlier.word)` (case, width and 帐/账 are normalised)",
                                                    hint: "remove it"))
                    } else {
                        diagnostics.append(.error(here, .synonymInTwoGroups,
                                                  "`\(word)` is already in the group on line \(earlier.line)",
                                                  hint: "a word may belong to one group only: merge the groups or remove it from one"))
                    }
                    continue
                }
                firstSeen[key] = (location(group).line, groupIndex, word)
                members.append(word)
            }
            if items.count < 2 {
                diagnostics.append(.warning(location(group), .synonymGroupSmall, "a synonym group needs at least two words",
                                            hint: "add the other ways merchants say it, or remove the group"))
            }
            if !members.isEmpty { result.append(members) }
        }
        return (SynonymTable(groups: result), diagnostics)
    }
}
