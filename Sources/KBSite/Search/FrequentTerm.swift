/// A term in more than `IndexLayout.inlineLimit` documents. Its head (`p/KEY.js`) holds its
/// document set, the subsets where it is topical (outside the body) and in the title, the impact
/// band of each document's posting (so that the browser bounds a score from both sides without the
/// posting), and its postings grouped by band: consecutive bands are merged
/// until a group has `IndexLayout.minimumGroup` postings, so that a term has few files. A small
/// first group's postings sit in the head; every other group has a file (`p/KEY.B.js`, B its first
/// band), or one per part when it is large (`p/KEY.B.P.js`).
struct FrequentTerm: Equatable {
    struct Group: Equatable {
        var first: Int
        var last: Int
        var count: Int
        /// The parts holding postings, when the group is split (more than `partThreshold` postings).
        var parts: [Int]?

        func contains(band: Int) -> Bool { band >= first && band <= last }
    }

    var documents: [Int]
    /// The band of each document's posting, in `documents` order.
    var bands: [UInt8]
    var topical: [Int]
    var titled: [Int]
    var groups: [Group]
    /// The first group's postings, when it is not split.
    var inline: [Posting]?

    /// Postings per band, for the bands that have any, ascending.
    var bandCounts: [(band: Int, count: Int)] {
        var counts = [Int](repeating: 0, count: IndexLayout.bandFloors.count + 1)
        for band in bands { counts[Int(band)] += 1 }
        return counts.indices.filter { counts[$0] > 0 }.map { (band: $0, count: counts[$0]) }
    }

    // MARK: Layout

    /// Consecutive bands merged until each group has at least `minimumGroup` postings (the last
    /// group may have fewer). A function of the counts alone.
    static func grouping(_ bandCounts: [(band: Int, count: Int)]) -> [(first: Int, last: Int, count: Int)] {
        var groups: [(first: Int, last: Int, count: Int)] = []
        var open: (first: Int, last: Int, count: Int)?
        for (band, count) in bandCounts {
            if var current = open {
                current.last = band
                current.count += count
                open = current
            } else {
                open = (band, band, count)
            }
            if open!.count >= IndexLayout.minimumGroup {
                groups.append(open!)
                open = nil
            }
        }
        if let open { groups.append(open) }
        return groups
    }

    /// The parts of a group with these documents, or nil when it is kept whole.
    static func parts(_ documents: [Int]) -> [Int]? {
        guard documents.count > IndexLayout.partThreshold else { return nil }
        var parts: [Int] = []
        for document in documents where parts.last != BandAssigner.part(of: document) {
            parts.append(BandAssigner.part(of: document))
        }
        return parts
    }

    /// Splits a group's postings (sorted by document) into its files' postings: nil part when whole.
    static func files(of postings: [Posting]) -> [(part: Int?, postings: [Posting])] {
        guard parts(postings.map(\.document)) != nil else { return [(nil, postings)] }
        var byPart: [(part: Int?, postings: [Posting])] = []
        for posting in postings {
            let part = BandAssigner.part(of: posting.document)
            if byPart.last?.part != part { byPart.append((part, [])) }
            byPart[byPart.count - 1].postings.append(posting)
        }
        return byPart
    }

    /// The head and group files of a term from all its postings (sorted by document).
    static func make(_ term: String, postings: [Posting], assigner: BandAssigner) -> (head: FrequentTerm, files: [(String, [Posting])]) {
        var byBand: [Int: [Posting]] = [:]
        for posting in postings { byBand[assigner.band(of: posting), default: []].append(posting) }
        var head = FrequentTerm(documents: postings.map(\.document), bands: postings.map { UInt8(assigner.band(of: $0)) },
                                topical: postings.filter(\.isTopical).map(\.document),
                                titled: postings.filter(\.inTitle).map(\.document), groups: [], inline: nil)
        var files: [(String, [Posting])] = []
        for (index, group) in grouping(head.bandCounts).enumerated() {
            let members = (group.first...group.last).flatMap { byBand[$0] ?? [] }.sorted { $0.document < $1.document }
            let layout = lay(term, index: index, first: group.first, last: group.last, postings: members)
            head.groups.append(layout.group)
            if let inline = layout.inline { head.inline = inline }
            files += layout.files
        }
        return (head, files)
    }

    /// One group laid out: its entry in the head, its postings inline (first group, whole) or its files.
    static func lay(_ term: String, index: Int, first: Int, last: Int, postings: [Posting])
        -> (group: Group, inline: [Posting]?, files: [(String, [Posting])]) {
        let pieces = files(of: postings)
        let split = pieces.count > 1 || pieces.first?.part != nil
        let group = Group(first: first, last: last, count: postings.count, parts: split ? pieces.map { $0.part! } : nil)
        if index == 0 && !split && postings.count <= IndexLayout.inlineGroupLimit { return (group, postings, []) }
        return (group, nil, pieces.map { (fileName(term, group: group, part: $0.part), $0.postings) })
    }

    // MARK: Names

    /// File names (below the index folder) of a term's head and group files.
    static func headName(_ term: String) -> String { "p/" + key(term) }

    static func fileName(_ term: String, group: Group, part: Int?) -> String {
        headName(term) + ".\(group.first)" + (part.map { ".\($0)" } ?? "")
    }

    /// True when a group's postings sit in the head.
    static func isInline(_ group: Group, index: Int) -> Bool {
        index == 0 && group.parts == nil && group.count <= IndexLayout.inlineGroupLimit
    }

    /// The files of a group (none for a first group kept in the head).
    static func fileNames(_ term: String, group: Group, index: Int) -> [String] {
        guard let parts = group.parts else { return isInline(group, index: index) ? [] : [fileName(term, group: group, part: nil)] }
        return parts.map { fileName(term, group: group, part: $0) }
    }

    /// A term's file key: its UTF-8 bytes in hex. Unique without any table, and `search-index.js`
    /// derives it from the term alone.
    static func key(_ term: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(term.utf8.count * 2)
        for byte in term.utf8 {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: JSON

    /// `{"docs":…,"bands":…,"topical":…,"title":…,"groups":[[first,last,count(,[parts])]…](,"first":…)}`, the
    /// bands three bits a document, two documents a character.
    var json: String {
        var packed: [UInt8] = []
        packed.reserveCapacity(bands.count / 2 + 1)
        var index = 0
        while index < bands.count {
            let pair = Int(bands[index]) | (index + 1 < bands.count ? Int(bands[index + 1]) << 3 : 0)
            packed.append(IndexEncoding.alphabet[pair])
            index += 2
        }
        return Self.json(EncodedHead.Sets(documents: IndexEncoding.documentSet(documents),
                                          bands: String(decoding: packed, as: UTF8.self),
                                          topical: IndexEncoding.subset(topical, of: documents),
                                          titled: IndexEncoding.subset(titled, of: topical)),
                         groups: groups, inline: inline.map(PostingCoding.encode))
    }

    /// A head's text from its encoded sets, groups and first group's postings.
    static func json(_ sets: EncodedHead.Sets, groups: [Group], inline: String?) -> String {
        let groupList = groups.map { group in
            "[\(group.first),\(group.last),\(group.count)" + (group.parts.map { ",[" + $0.map(String.init).joined(separator: ",") + "]" } ?? "") + "]"
        }.joined(separator: ",")
        return "{\"docs\":\"\(sets.documents)\","
            + "\"bands\":\"\(sets.bands)\","
            + "\"topical\":\"\(sets.topical)\","
            + "\"title\":\"\(sets.titled)\","
            + "\"groups\":[\(groupList)]"
            + (inline.map { ",\"first\":\"\($0)\"" } ?? "") + "}"
    }

    init(documents: [Int], bands: [UInt8], topical: [Int], titled: [Int], groups: [Group], inline: [Posting]?) {
        self.documents = documents
        self.bands = bands
        self.topical = topical
        self.titled = titled
        self.groups = groups
        self.inline = inline
    }

    init(json value: JSONValue) throws {
        let encoded = try EncodedHead(json: value)
        documents = try IndexEncoding.decodeSet(encoded.sets.documents)
        topical = try IndexEncoding.decodeSet(encoded.sets.topical, parent: documents)
        titled = try IndexEncoding.decodeSet(encoded.sets.titled, parent: topical)
        var reader = IndexEncoding.Reader(Substring(encoded.sets.bands).utf8)
        var bands: [UInt8] = []
        while reader.hasMore {
            let pair = try reader.digit()
            bands.append(UInt8(pair & 7))
            bands.append(UInt8(pair >> 3))
        }
        guard bands.count >= documents.count, bands.count <= documents.count + 1 else { throw IndexEncoding.DecodingProblem.malformed }
        self.bands = Array(bands.prefix(documents.count))
        groups = encoded.groups
        inline = try encoded.inline.map(PostingCoding.decode)
    }
}
