import Foundation
import KBSearch
import KBTestSupport
import Testing
@testable import KBSite

/// The site manifest's line format reads back exactly what it wrote, whatever the paths hold, and
/// writes the same bytes for the same site.
@Suite struct SiteManifestTests {
    static func sample() -> SiteManifest {
        var manifest = SiteManifest()
        let paths = ["index.html", "tag/网络.html", "odd/100%.html", "odd/tab\there.txt", "odd/line\nbreak.txt",
                     "odd/cr\r.txt", "odd/%09literal.txt", "_search/t/12.js", "causes/network.html"]
        for (index, path) in paths.enumerated() {
            manifest.files[path] = String(format: "%032x", index * 7919)
            if index % 2 == 0 { manifest.keys[path] = String(format: "%032x", index * 104_729) }
        }
        manifest.search = SearchIndexState(
            lengths: CollectionLengths(documentCount: 3, totals: [1, 2, 3, 4, 5, 6]), layoutAverages: [1.5, 2.25],
            shardCounts: ["t": 4, "y": 2, "x": 8, "r": 16], termEntryBytes: 1234, pinyinEntryBytes: 567, wordLengths: [1, 2, 5],
            documents: ["1": "aa", "2": "bb", "10": "cc"], unusual: ["2": [0x1F600]], manySections: [10],
            staticFingerprint: "ff")
        return manifest
    }

    /// The next manifest made from the last one's order (what this build wrote, what it carries
    /// over of the last, what went): the same lines as collecting them all and sorting, and the
    /// paths that went are exactly those neither written nor carried.
    @Test(arguments: [1, 2, 3])
    func carriedLinesAreTheSortedUnion(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let folders = ["a", "b/", "_search/p/", "标签/", "z"]
        func path() -> String { folders[Int(random.next() % 5)] + String(random.next() % 500) }
        var previous = SiteManifest()
        for _ in 0..<300 { previous.files[path()] = "x" + String(random.next() % 3) }
        previous.order = SiteManifest.sortedPaths(previous.files.keys)
        for round in 0..<4 {
            var current = SiteManifest()
            for (path, fingerprint) in previous.files where !path.hasPrefix("_search/") && random.next() % 10 != 0 {
                current.files[path] = fingerprint + "y"
                if random.next() % 2 == 0 { current.keys[path] = "k" }
            }
            for _ in 0..<(round * 7) { current.files[path()] = "new" }
            var dropped = Set<String>()
            for path in previous.files.keys where path.hasPrefix("_search/") && random.next() % 8 == 0 { dropped.insert(path) }
            let retained = { (path: String) in path.hasPrefix("_search/") && !dropped.contains(path) }

            var expected = current.files
            for (path, fingerprint) in previous.files where expected[path] == nil && retained(path) { expected[path] = fingerprint }
            let expectedLines = SiteManifest.sortedPaths(expected.keys)
                .map { SiteManifest.Line(path: $0, fingerprint: expected[$0]!, key: current.keys[$0]) }
            let expectedGone = Set(previous.files.keys.filter { expected[$0] == nil })

            let carried = previous.carried(into: current, retained: retained)
            #expect(carried.lines == expectedLines, "round \(round)")
            #expect(Set(carried.gone) == expectedGone && carried.gone.count == expectedGone.count, "round \(round)")
            var unsorted = previous
            unsorted.order.reverse()
            #expect(unsorted.carried(into: current, retained: retained).lines == expectedLines, "without a usable order")
        }
    }

    @Test func roundTrips() throws {
        let manifest = Self.sample()
        let data = try manifest.encoded()
        var decoded = try #require(SiteManifest.decode(data))
        #expect(decoded.order == SiteManifest.sortedPaths(manifest.files.keys))
        decoded.order = []
        #expect(decoded == manifest)
        #expect(try decoded.encoded() == data, "the same manifest gives the same bytes")
        // One line per file, sorted by bytes, whatever order the files were added in.
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").filter { $0.hasPrefix("f\t") }
        #expect(lines.count == manifest.files.count)
    }

    @Test func refusesWhatItDidNotWrite() {
        #expect(SiteManifest.decode(Data(#"{"version":2,"files":{}}"#.utf8)) == nil)
        #expect(SiteManifest.decode(Data("kb-site 3\nf\tonly-a-path\n".utf8)) == nil)
        #expect(SiteManifest.decode(Data("kb-site 3\nz\tunknown\n".utf8)) == nil)
        #expect(SiteManifest.decode(Data()) == nil)
        #expect(SiteManifest.decode(Data("kb-site 3\n".utf8)) == SiteManifest())
    }

    /// A folder the previous version of the generator wrote (its manifest was JSON): the first
    /// build reads it, removes what it no longer produces, and replaces the old manifest.
    @Test func readsTheJSONManifestOfEarlierBuilds() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-manifest-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("old".utf8).write(to: folder.appendingPathComponent("gone.html"))
        try Data("kept".utf8).write(to: folder.appendingPathComponent("kept.html"))
        try Data(#"{"version":2,"files":{"gone.html":"1","kept.html":"2"}}"#.utf8)
            .write(to: folder.appendingPathComponent(SitePaths.legacyManifest))
        let out = try SiteOutput(directory: folder)
        #expect(out.previousFingerprint("kept.html") == "2")
        try out.emit("kept.html", fingerprint: "2", contents: { Data("kept".utf8) })
        let report = try out.finish()
        #expect(report.pagesUnchanged == 1 && report.pagesWritten == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == [SitePaths.manifest, "kept.html"])
    }
}
