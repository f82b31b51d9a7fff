import Foundation
import KBCore
import KBText
import Yams

/// Reads the editors' query words: `content/synonyms.yml`, `content/entities.yml` and
/// `content/out-of-scope.yml`, each a list of groups, each group a list of words. A word in two
/// groups (of any of the files), an empty group or a malformed file is reported with its file, line
/// and column.
enum SynonymsLoader {
    /// Seen words across the files: a word has one meaning in a query.
    typealias SeenWords = [String: (path: String, line: Int, group: Int, word: String)]

    static func load(_ base: KnowledgeBase) -> (SynonymTable, [Diagnostic]) {
        var groups: [SynonymTable.Group] = []
        var diagnostics: [Diagnostic] = []
        var seen = SeenWords()
        for role in SynonymTable.Role.allCases {
            let file = base.queryWordsFile(role)
            let path = base.relativePath(file)
            guard let data = FileManager.default.contents(atPath: file.path) else { continue }
            guard let text = String(data: data, encoding: .utf8) else {
                diagnostics.append(.error(SourceLocation(path: path), .invalidUTF8, "the \(role.fileNoun) is not valid UTF-8",
                                          hint: "save it as UTF-8"))
                continue
            }
            let (parsed, problems) = parse(text, path: path, role: role, firstGroup: groups.count, seen: &seen)
            groups += parsed
            diagnostics += problems
        }
        return (SynonymTable(groups: groups), diagnostics)
    }

    static func parse(_ text: String, path: String, role: SynonymTable.Role = .synonym, firstGroup: Int = 0,
                      seen firstSeen: inout SeenWords) -> ([SynonymTable.Group], [Diagnostic]) {
        let noun = role.fileNoun
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            let problem = YAMLProblem(error, yaml: text)
            return ([], [.error(problem.position.location(in: path), .synonymsSyntax,
                                "the \(noun) is not valid YAML: \(problem.message)", hint: problem.duplicateHint(lineOffset: 0))])
        }
        guard let node else { return ([], []) }
        func location(_ node: Node?, or fallback: Node? = nil) -> SourceLocation {
            let mark = node?.mark ?? fallback?.mark
            return SourceLocation(path: path, line: mark?.line ?? 1, column: mark?.column ?? 1)
        }
        guard let groups = node.sequence else {
            return ([], [.error(location(node), .synonymsFormat, "the \(noun) must be a list of groups",
                                    hint: "one group per line: `- [到账, 入账]`")])
        }
        var diagnostics: [Diagnostic] = []
        var result: [SynonymTable.Group] = []
        for (offset, group) in groups.enumerated() {
            let groupIndex = firstGroup + offset
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
                    let elsewhere = earlier.path == path ? "" : " of \(earlier.path)"
                    if earlier.group == groupIndex {
                        diagnostics.append(.warning(here, .synonymRedundant,
                                                    "`\(word)` searches the same as `\(earlier.word)` (case, width, Traditional script and 帐/账 are normalised)",
                                                    hint: "remove it"))
                    } else {
                        diagnostics.append(.error(here, .synonymInTwoGroups,
                                                  "`\(word)` is already in the group on line \(earlier.line)\(elsewhere)",
                                                  hint: "a word may belong to one group only: merge the groups or remove it from one"))
                    }
                    continue
                }
                firstSeen[key] = (path, location(group).line, groupIndex, word)
                members.append(word)
            }
            if items.count < 2 && role == .synonym {
                diagnostics.append(.warning(location(group), .synonymGroupSmall, "a synonym group needs at least two words",
                                            hint: "add the other ways merchants say it, or remove the group"))
            }
            if !members.isEmpty { result.append(SynonymTable.Group(members: members, role: role)) }
        }
        return (result, diagnostics)
    }
}

extension SynonymTable.Role {
    /// The file under `content/` that holds the groups of this role.
    var fileName: String {
        switch self {
        case .synonym: "synonyms.yml"
        case .entity: "entities.yml"
        case .outOfScope: "out-of-scope.yml"
        }
    }

    /// How diagnostics name the file.
    var fileNoun: String {
        switch self {
        case .synonym: "synonyms file"
        case .entity: "entities file"
        case .outOfScope: "out-of-scope file"
        }
    }
}
