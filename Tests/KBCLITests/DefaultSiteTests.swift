import Foundation
import Testing

/// kb carries its own site: a folder with only `content/` builds a complete one, a knowledge base's
/// `site/` replaces kb's defaults file by file, and `kb init` writes the defaults out.
@Suite struct DefaultSiteTests {
    static let repositorySite = KBBinary.repositoryRoot.appendingPathComponent("site")

    /// Every file of a generated site, by relative path.
    static func files(in folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = try #require(FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]))
        for case let url as URL in enumerator {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            files[String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1))] = try Data(contentsOf: url)
        }
        return files
    }

    /// A knowledge base with the real articles and nothing else: no kb.yml, no site/.
    static func contentOnly() throws -> ScratchFolder {
        let folder = try ScratchFolder("kb-bare")
        try FileManager.default.copyItem(at: KBBinary.repositoryRoot.appendingPathComponent("content"), to: folder.path("content"))
        return folder
    }

    @Test func aFolderWithOnlyContentBuildsACompleteSite() throws {
        let base = try Self.contentOnly()
        let build = try KBBinary.run(["build", "-q", "--root", base.url.path])
        #expect(build.status == 0, "\(build.stderr)")
        let site = try Self.files(in: base.path("public"))
        for page in ["index.html", "search.html", "404.html", "guides/not-credited.html", "_search/meta.js"] {
            #expect(site[page] != nil, "\(page) is missing")
        }
        // The assets are kb's own, byte for byte the site/ folder kb was built from.
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.repositorySite.appendingPathComponent("assets").path) {
            let source = try Data(contentsOf: Self.repositorySite.appendingPathComponent("assets/\(name)"))
            #expect(site["_assets/\(name)"] == source, "_assets/\(name) differs from site/assets/\(name)")
        }
    }

    @Test func oneChangedTemplateChangesOnlyWhatItRenders() throws {
        let plain = try Self.contentOnly()
        let changed = try Self.contentOnly()
        let marker = "<!-- 本站由客服部维护 -->"
        let foot = try String(contentsOf: Self.repositorySite.appendingPathComponent("templates/foot.mustache"), encoding: .utf8)
        try changed.write("site/templates/foot.mustache", foot + marker + "\n")
        for base in [plain, changed] {
            let build = try KBBinary.run(["build", "-q", "--root", base.url.path])
            #expect(build.status == 0, "\(build.stderr)")
        }
        let before = try Self.files(in: plain.path("public"))
        let after = try Self.files(in: changed.path("public"))
        #expect(Set(before.keys) == Set(after.keys))
        var pages = 0
        for (path, data) in before {
            let other = try #require(after[path])
            if path == ".kb-site" { continue }  // the build's own record, which notes the templates' digest
            guard path.hasSuffix(".html") else {
                #expect(other == data, "\(path) changed, though only a template did")
                continue
            }
            let text = String(decoding: other, as: UTF8.self)
            #expect(text.contains(marker), "\(path) does not use the changed template")
            #expect(text.replacingOccurrences(of: marker + "\n", with: "") == String(decoding: data, as: UTF8.self),
                    "\(path) differs in more than the changed template")
            pages += 1
        }
        #expect(pages > 30)
    }

    @Test func initWritesTheDefaultsOutAndKeepsWhatAnEditorChanged() throws {
        let base = try ScratchFolder("kb-init")
        let first = try KBBinary.run(["init", base.url.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("created content/") && first.stdout.contains("created kb.yml"))
        #expect(FileManager.default.fileExists(atPath: base.path("content").path))

        let site = try KBBinary.run(["init", "--site", base.url.path])
        #expect(site.status == 0, "\(site.stderr)")
        let defaults = try FileManager.default.contentsOfDirectory(atPath: Self.repositorySite.appendingPathComponent("templates").path)
        for name in defaults {
            #expect(try base.read("site/templates/\(name)") ==
                    String(contentsOf: Self.repositorySite.appendingPathComponent("templates/\(name)"), encoding: .utf8))
        }
        let manifest = try base.read("site/.kb-defaults")
        #expect(manifest.contains("templates/article.mustache "))

        // An edited copy is kept, and kb check says nothing about a template the editor owns…
        try base.write("site/templates/foot.mustache", "<footer>客服部</footer>\n")
        let again = try KBBinary.run(["init", "--site", base.url.path])
        #expect(again.stdout.contains("kept site/templates/foot.mustache"))
        #expect(try base.read("site/templates/foot.mustache") == "<footer>客服部</footer>\n")
        #expect(try KBBinary.run(["check", "--root", base.url.path]).stderr.contains("0 warnings"))
        // …but warns about a changed copy of the browser engine.
        try base.write("site/assets/search-engine.js", "// an older engine\n")
        let check = try KBBinary.run(["check", "--root", base.url.path])
        #expect(check.stderr.contains("site/assets/search-engine.js:1:1: warning: replaces kb's browser search engine"), "\(check.stderr)")
        // --force puts the defaults back.
        let forced = try KBBinary.run(["init", "--site", "--force", base.url.path])
        #expect(forced.stdout.contains("wrote site/templates/foot.mustache"))
        #expect(try base.read("site/templates/foot.mustache") ==
                String(contentsOf: Self.repositorySite.appendingPathComponent("templates/foot.mustache"), encoding: .utf8))
        // Refused: --force without --site.
        #expect(try KBBinary.run(["init", "--force", base.url.path]).status == 2)
    }
}
