import Foundation
import Testing

/// A damaged index as the user meets it: `kb search` and `kb show` exit 2 with one line saying to
/// rebuild, and `kb build` (no flags needed) replaces it with a good one.
@Suite struct DamagedIndexCLITests {
    private static let damages: [(name: String, damage: @Sendable (Data) -> Data)] = [
        ("truncated to half", { $0.prefix($0.count / 2) }),
        ("truncated by one byte", { $0.dropLast() }),
        ("empty", { _ in Data() }),
        ("garbage", { data in Data((0..<data.count).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }) }),
        ("header garbage", { data in Data(repeating: 0x5A, count: 100) + data.dropFirst(100) }),
        ("older schema version", { data in  // PRAGMA user_version lives at byte 60, big-endian
            var copy = data
            copy.replaceSubrange(60..<64, with: [0, 0, 0, 0])
            return copy
        }),
        ("another application's file", { data in  // PRAGMA application_id at byte 68
            var copy = data
            copy.replaceSubrange(68..<72, with: [0, 0, 0, 1])
            return copy
        }),
    ]

    @Test func damagedIndexesSayToRebuildAndKbBuildRepairsThem() throws {
        let kb = try Sandbox()
        try kb.build()
        let good = try #require(kb.indexBytes())
        let expected = try kb.searchIDs("信号不好")
        #expect(expected?.first == "fixes/check-signal")
        for (name, damage) in Self.damages {
            try damage(good).write(to: URL(fileURLWithPath: kb.indexPath))
            for arguments in [["search", "信号不好"], ["search", "--json", "钱"], ["show", "causes/paper-out"]] {
                let result = try kb.spawn(arguments).wait()
                #expect(result.status == 2, "\(name) \(arguments): \(result)")
                let lines = result.stderr.split(separator: "\n")
                #expect(lines.count == 1 && lines[0].hasPrefix("kb: the index at \(kb.indexPath) "), "\(name): \(result.stderr)")
                #expect(result.stderr.hasSuffix("rebuild it with `kb build --full`\n"), "\(name): \(result.stderr)")
                #expect(result.stdout.isEmpty)
            }
            let rebuild = try kb.kb("build", "--no-site")
            #expect(rebuild.status == 0, "\(name): \(rebuild)")
            #expect(try kb.searchIDs("信号不好") == expected, "\(name): rebuilt")
        }
    }

    /// An index the user may not read: said so, not called damaged.
    @Test(.enabled(if: Privileges.canTestPermissions, "needs setpriv to run kb as nobody"))
    func anUnreadableIndexSaysSo() throws {
        let kb = try Sandbox()
        try kb.build()
        try Privileges.prepare(kb.root)
        Privileges.makeUnreadable(kb.indexPath)
        let result = try Privileges.runKB(["search", "信号"], in: kb.root)
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr == "kb: cannot read the index at \(kb.indexPath) (permission denied): check its permissions, or rebuild it with `kb build --full`\n")
    }
}
