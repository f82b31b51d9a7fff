import Foundation
import KBCore
import KBSearch
import KBTestSupport
import Testing
@testable import KBSite

/// What an edit that keeps a frequent term's documents, bands and flags does without decoding the
/// term's head: postings replaced in their encoded lists, the head's sets copied as they were. Each
/// patched file must be what a fresh layout of the edited postings writes.
@Suite struct HeadPatchTests {
    static let assigner = BandAssigner(statistics: CollectionStatistics(
        documentCount: 5_000, averageFieldLengths: IndexLayout.layoutAverages([12, 30, 4, 20, 10, 400])))

    static func postings(seed: UInt64, count: Int) -> [Posting] {
        var random = SeededRandom(seed: seed)
        var document = 0
        return (0..<count).map { _ in
            document += 1 + Int(random.next() % 4)
            var counts = FieldCounts()
            var lengths = FieldLengths()
            for field in 0..<6 { lengths[field] = UInt32(1 + random.next() % 600) }
            counts[5] = UInt16(1 + random.next() % 6)
            if random.next() % 4 == 0 { counts[0] = 1 }
            let sections = SectionSet((0..<8).filter { _ in random.next() % 3 == 0 })
            return Posting(document: document, counts: counts, lengths: lengths, sections: sections)
        }
    }

    /// The same posting with a longer body, or nil when that moves it to another band or changes
    /// its flags (an edit the patch does not take).
    static func edited(_ posting: Posting) -> Posting? {
        var lengths = posting.lengths
        lengths[5] += 3
        let edited = Posting(document: posting.document, counts: posting.counts, lengths: lengths, sections: SectionSet([0, 9]))
        guard assigner.band(of: edited) == assigner.band(of: posting) else { return nil }
        return edited
    }

    @Test(arguments: [40, 150, 900, 2_500])
    func aPatchedTermEqualsAFreshLayout(count: Int) throws {
        let term = "到账"
        let postings = Self.postings(seed: UInt64(count), count: count)
        let (head, files) = FrequentTerm.make(term, postings: postings, assigner: Self.assigner)
        let written = Dictionary(uniqueKeysWithValues: files.map { ($0.0, PostingCoding.encode($0.1)) })
        var encoded = try EncodedHead(json: JSONValue.parse(Substring(head.json)))
        #expect(encoded.json == head.json, "an encoded head is written back as it was read")

        var random = SeededRandom(seed: 99)
        var changed = postings
        var replaced: [Posting] = []
        while replaced.count < 5 {
            let index = Int(random.next() % UInt64(postings.count))
            guard let edit = Self.edited(postings[index]), !replaced.contains(where: { $0.document == edit.document }) else { continue }
            changed[index] = edit
            replaced.append(edit)
        }
        replaced.sort { $0.document < $1.document }
        let (freshHead, freshFiles) = FrequentTerm.make(term, postings: changed, assigner: Self.assigner)

        // Each edited posting replaced where the head says it is.
        var patched = written
        var byFile: [String?: [Posting]] = [:]
        for posting in replaced {
            let location = try #require(encoded.location(term, band: Self.assigner.band(of: posting), document: posting.document))
            byFile[location.file, default: []].append(posting)
        }
        for (file, list) in byFile {
            if let file {
                let text = try #require(written[file])
                let bytes = try #require(PostingCoding.replacing(list, in: Substring(text).utf8))
                patched[file] = String(decoding: bytes, as: UTF8.self)
            } else {
                let inline = try #require(encoded.inline)
                let bytes = try #require(PostingCoding.replacing(list, in: Substring(inline).utf8))
                encoded.inline = String(decoding: bytes, as: UTF8.self)
            }
        }
        #expect(encoded.json == freshHead.json)
        #expect(try FrequentTerm(json: JSONValue.parse(Substring(encoded.json))) == freshHead)
        #expect(patched == Dictionary(uniqueKeysWithValues: freshFiles.map { ($0.0, PostingCoding.encode($0.1)) }))
    }

    @Test func replacingAPostingOfAbsentDocumentIsRefused() throws {
        let postings = Self.postings(seed: 3, count: 50)
        let text = PostingCoding.encode(postings)
        var missing = postings[10]
        missing.document = try #require((1...).first { document in !postings.contains { $0.document == document } })
        #expect(PostingCoding.replacing([missing], in: Substring(text).utf8) == nil)
        #expect(PostingCoding.replacing([postings[10]], in: Substring("*").utf8) == nil)
        // Replacing postings by themselves gives the bytes back.
        let same = try #require(PostingCoding.replacing([postings[0], postings[49]], in: Substring(text).utf8))
        #expect(String(decoding: same, as: UTF8.self) == text)
    }

    @Test func quotingCopiesPlainTextAndEscapesTheRest() {
        #expect(quoted("AbZ09-_") == "\"AbZ09-_\"")
        #expect(quoted("到账") == "\"到账\"")
        #expect(quoted("a\"b\\c") == #""a\"b\\c""#)
        #expect(quoted("</script>") == #""\u003c/script>""#)
        #expect(quoted("x\u{2028}y\u{2029}\n\t\u{1}") == #""x\u2028y\u2029\n\t\u0001""#)
        // E2 80 A8 only as that scalar: other scalars with those bytes inside are copied.
        #expect(quoted("\u{2027}\u{20A8}") == "\"\u{2027}\u{20A8}\"")
    }
}
