/// A frequent term's head (`FrequentTerm`) as written, its document sets and bands left encoded.
/// An edit that keeps a term's documents, and each one's band and topical and title flags, changes
/// none of them: only postings, in a group file or in the head's first group. Patching such a head
/// costs a parse of its small fields, not decoding and encoding sets of up to every document.
struct EncodedHead: Equatable {
    /// The encoded fields, as `IndexEncoding` writes them.
    struct Sets: Equatable {
        var documents: String
        var bands: String
        var topical: String
        var titled: String
    }

    var sets: Sets
    var groups: [FrequentTerm.Group]
    /// The first group's postings, when they sit in the head (as `PostingCoding` writes them).
    var inline: String?

    init(json value: JSONValue) throws {
        guard case let .object(fields) = value, case let .string(documents)? = fields["docs"],
              case let .string(topical)? = fields["topical"], case let .string(titled)? = fields["title"],
              case let .string(bands)? = fields["bands"], case let .array(groupList)? = fields["groups"] else {
            throw IndexEncoding.DecodingProblem.malformed
        }
        func int(_ value: JSONValue) throws -> Int {
            guard case let .number(number) = value else { throw IndexEncoding.DecodingProblem.malformed }
            return Int(number)
        }
        sets = Sets(documents: documents, bands: bands, topical: topical, titled: titled)
        groups = try groupList.map { entry in
            guard case let .array(items) = entry, items.count >= 3 else { throw IndexEncoding.DecodingProblem.malformed }
            var parts: [Int]?
            if items.count > 3 {
                guard case let .array(list) = items[3] else { throw IndexEncoding.DecodingProblem.malformed }
                parts = try list.map(int)
            }
            return FrequentTerm.Group(first: try int(items[0]), last: try int(items[1]), count: try int(items[2]), parts: parts)
        }
        if case let .string(first)? = fields["first"] { inline = first } else { inline = nil }
    }

    /// The same text `FrequentTerm.json` gives for the decoded head.
    var json: String { FrequentTerm.json(sets, groups: groups, inline: inline) }

    /// Where a posting of `band` is kept: its group's index, and the file (below the index folder)
    /// holding it, nil when it is the head itself. Nil when no group has that band.
    func location(_ term: String, band: Int, document: Int) -> (group: Int, file: String?)? {
        guard let index = groups.firstIndex(where: { $0.contains(band: band) }) else { return nil }
        let group = groups[index]
        if FrequentTerm.isInline(group, index: index) { return (index, nil) }
        return (index, FrequentTerm.fileName(term, group: group, part: group.parts == nil ? nil : BandAssigner.part(of: document)))
    }
}
