/// The editors' words for understanding queries, from `content/`: groups of words merchants use for
/// the same thing (`synonyms.yml`), names that must not drive ranking (`entities.yml`: providers,
/// banks, apps, device words) and topics the knowledge base does not answer (`out-of-scope.yml`).
/// Matching works on normalised units, so `ＰＯＳ机`, `POS机` and `pos 机` all find `pos机`, and
/// 賬 finds 账.
public struct SynonymTable: Sendable, Hashable, Codable {
    /// What a group's words do in a query.
    public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
        /// Words that stand for one another (到账 / 入账).
        case synonym
        /// Names that say who or what, not what went wrong (拉卡拉, 建行, pos机): a query is
        /// understood without them.
        case entity
        /// A topic the knowledge base has no article about (费率 / 手续费); the group's first word
        /// names it.
        case outOfScope = "out-of-scope"
    }

    public struct Group: Sendable, Hashable, Codable {
        public var members: [String]
        public var role: Role
        public init(members: [String], role: Role = .synonym) {
            self.members = members
            self.role = role
        }
    }

    /// A place in a text where a member of a group occurs.
    public struct Match: Hashable, Sendable {
        public var group: Int
        public var member: Int
        /// Range of units covered.
        public var units: Range<Int>
    }

    /// Negations that form split verb-complements: 不到账 is also said 到不了账, 没收到钱 收不到钱.
    public static let negations: Set<String> = ["不", "没", "未"]
    /// `negations` as scalars: every search builds this table, and comparing a unit's one scalar
    /// is cheaper than hashing or comparing strings.
    private static let negationScalars = negations.map { $0.unicodeScalars.first!.value }

    private static func isNegation(_ unit: String) -> Bool {
        var scalars = unit.unicodeScalars.makeIterator()
        guard let first = scalars.next(), scalars.next() == nil else { return false }
        return negationScalars.contains(first.value)
    }

    public let groups: [Group]
    /// Member unit sequences (and their split forms), indexed by their first unit.
    private let byFirstUnit: [String: [(group: Int, member: Int, units: [String])]]

    public init(groups: [[String]]) {
        self.init(groups: groups.map { Group(members: $0) })
    }

    public init(groups: [Group]) {
        self.init(groups: groups, memberKeys: groups.map { $0.members.map(Self.matchKeys(of:)) })
    }

    /// The table with each member's `matchKeys(of:)` already known (`memberKeys[group][member]`),
    /// as the index stores them: tokenizing every member was a tenth of a short search's time.
    public init(groups: [Group], memberKeys: [[[String]]]) {
        // Closures, not key paths: every search builds this table, and a key path is applied by the
        // runtime (570 calls cost 0.8 M instructions). The index has the stored type exactly, so
        // that assigning it does not convert (copy) the whole dictionary.
        precondition(memberKeys.map { $0.count } == groups.map { $0.members.count }, "one list of keys per member")
        self.groups = groups
        var index: [String: [(group: Int, member: Int, units: [String])]] = [:]
        for (g, group) in groups.enumerated() {
            for (m, units) in memberKeys[g].enumerated() {
                // An out-of-scope phrase states an intent (不用了: no longer wanted); its split form
                // states an inability (用不了了: it does not work), which is a fault articles answer.
                let forms = group.role == .synonym ? [units] + Self.splitForms(of: units) : [units]
                for form in forms {
                    guard let first = form.first else { continue }
                    index[first, default: []].append((g, m, form))
                }
            }
        }
        self.byFirstUnit = index
    }

    public static let empty = SynonymTable(groups: [Group]())

    /// The other forms of a negated phrase: the negation before a verb moves behind it as 不了
    /// (不到账 → 到不了账, 钱没到 → 钱到不了) or, when more follows, as 不 (没收到钱 → 收不到钱),
    /// and takes 能 (不能到账, 没能到账); 没 is also written 没有 (没有到账). Rules of Chinese grammar,
    /// so editors list only the plain form.
    public static func splitForms(of units: [String]) -> [[String]] {
        var forms: [[String]] = []
        for k in units.indices.dropLast() where isNegation(units[k]) {
            let verb = units[k + 1]
            guard verb.unicodeScalars.count == 1, !isNegation(verb), verb != "能" else { continue }
            let before = Array(units[..<k])
            let after = Array(units[(k + 2)...])
            forms.append(before + [verb, "不", "了"] + after)
            if !after.isEmpty && after.first != "了" { forms.append(before + [verb, "不"] + after) }
            forms.append(before + [units[k], "能", verb] + after)
            if units[k] == "没" { forms.append(before + ["没", "有", verb] + after) }
        }
        return forms
    }

    /// What a member is matched by: its units' `matchKey`s, as `matches(in:)` compares a text's units.
    public static func matchKeys(of member: String) -> [String] {
        Tokenizer.units(of: member).map(matchKey)
    }

    /// Units match by their normalised text; Latin words by their stem (`swipes` meets `swipe`).
    static func matchKey(_ unit: TextUnit) -> String {
        unit.kind == .word ? EnglishStemmer.stem(unit.text) : unit.text
    }

    /// The units of each member of group `group`.
    public func memberUnits(_ group: Int) -> [[String]] {
        groups[group].members.map { Tokenizer.units(of: $0).map(\.text) }
    }

    /// Every occurrence of every member (or split form of one) in `units`, longest first at each
    /// start.
    public func matches(in units: [TextUnit]) -> [Match] {
        var found: [Match] = []
        for start in units.indices {
            guard let candidates = byFirstUnit[Self.matchKey(units[start])] else { continue }
            for candidate in candidates {
                let end = start + candidate.units.count
                guard end <= units.count else { continue }
                if zip(units[start..<end], candidate.units).allSatisfy({ Self.matchKey($0) == $1 }) {
                    let match = Match(group: candidate.group, member: candidate.member, units: start..<end)
                    if !found.contains(match) { found.append(match) }
                }
            }
        }
        return found.sorted { ($0.units.lowerBound, -$0.units.count, $0.group, $0.member)
            < ($1.units.lowerBound, -$1.units.count, $1.group, $1.member) }
    }

    public static func == (lhs: SynonymTable, rhs: SynonymTable) -> Bool { lhs.groups == rhs.groups }
    public func hash(into hasher: inout Hasher) { hasher.combine(groups) }

    public init(from decoder: Decoder) throws {
        self.init(groups: try decoder.singleValueContainer().decode([Group].self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(groups)
    }
}
