/// Groups of words merchants use for the same thing, from `content/synonyms.yml`.
/// Matching works on normalised units, so `ＰＯＳ机`, `POS机` and `pos 机` all find `pos机`.
public struct SynonymTable: Sendable, Hashable, Codable {
    public struct Group: Sendable, Hashable, Codable {
        public var members: [String]
        public init(members: [String]) { self.members = members }
    }

    /// A place in a text where a member of a group occurs.
    public struct Match: Hashable, Sendable {
        public var group: Int
        public var member: Int
        /// Range of units covered.
        public var units: Range<Int>
    }

    public let groups: [Group]
    /// Member unit sequences, indexed by their first unit.
    private let byFirstUnit: [String: [(group: Int, member: Int, units: [String])]]

    public init(groups: [[String]]) {
        self.groups = groups.map { Group(members: $0) }
        var index: [String: [(Int, Int, [String])]] = [:]
        for (g, members) in groups.enumerated() {
            for (m, member) in members.enumerated() {
                let units = Tokenizer.units(of: member).map(Self.matchKey)
                guard let first = units.first else { continue }
                index[first, default: []].append((g, m, units))
            }
        }
        self.byFirstUnit = index
    }

    public static let empty = SynonymTable(groups: [])

    /// Units match by their normalised text; Latin words by their stem (`swipes` meets `swipe`).
    static func matchKey(_ unit: TextUnit) -> String {
        unit.kind == .word ? EnglishStemmer.stem(unit.text) : unit.text
    }

    /// The units of each member of group `group`.
    public func memberUnits(_ group: Int) -> [[String]] {
        groups[group].members.map { Tokenizer.units(of: $0).map(\.text) }
    }

    /// Every occurrence of every member in `units`, longest first at each start.
    public func matches(in units: [TextUnit]) -> [Match] {
        var found: [Match] = []
        for start in units.indices {
            guard let candidates = byFirstUnit[Self.matchKey(units[start])] else { continue }
            for candidate in candidates {
                let end = start + candidate.units.count
                guard end <= units.count else { continue }
                if zip(units[start..<end], candidate.units).allSatisfy({ Self.matchKey($0) == $1 }) {
                    found.append(Match(group: candidate.group, member: candidate.member, units: start..<end))
                }
            }
        }
        return found.sorted { ($0.units.lowerBound, -$0.units.count) < ($1.units.lowerBound, -$1.units.count) }
    }

    public static func == (lhs: SynonymTable, rhs: SynonymTable) -> Bool { lhs.groups == rhs.groups }
    public func hash(into hasher: inout Hasher) { hasher.combine(groups) }

    public init(from decoder: Decoder) throws {
        let groups = try decoder.singleValueContainer().decode([[String]].self)
        self.init(groups: groups)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(groups.map(\.members))
    }
}
