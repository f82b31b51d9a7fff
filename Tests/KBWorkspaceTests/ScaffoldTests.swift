import Foundation
import KBCore
import KBSite
import Testing
@testable import KBWorkspace

/// `kb new`: the skeleton of every category, and every refusal.
@Suite struct ScaffoldTests {
    static let day = Day(year: 2026, month: 11, day: 20)!

    /// A knowledge base in a temporary folder, removed when the test ends.
    final class TemporaryBase {
        let root: URL
        let base: KnowledgeBase

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-new-\(UUID().uuidString)", isDirectory: true)
            try FileManager.default.createDirectory(at: root.appendingPathComponent("content"), withIntermediateDirectories: true)
            base = KnowledgeBase(root: root)
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        func read(_ path: String) throws -> String {
            try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        }

        func write(_ path: String, _ text: String) throws {
            try text.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
    }

    @Test(arguments: Category.allCases)
    func skeletonOfEveryCategory(_ category: Category) throws {
        let temporary = try TemporaryBase()
        let id = "\(category.folder)/paper-jam"
        let result = try ArticleScaffold.create(id, title: "打印机卡纸打不出小票", updated: Self.day, in: temporary.base)
        #expect(result.path == "content/\(id).md")
        let text = try temporary.read(result.path)
        #expect(text == result.text)

        // Complete front matter: the category of the folder, the date, all three products, empty symptoms.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.prefix(4) == ["---", "title: 打印机卡纸打不出小票", "category: \(category.rawValue)",
                                    "products: [e-sign, traditional, smart]"])
        #expect(lines.contains("symptoms: []"))
        #expect(lines.contains("related: []"))
        #expect(lines.contains("updated: 2026-11-20"))
        // Answer first, then sections; the last one says when to turn to someone else.
        let headings = lines.filter { $0.hasPrefix("## ") }
        #expect(headings.count >= 3)
        let firstHeading = lines.firstIndex { $0.hasPrefix("## ") }!
        #expect(lines[..<firstHeading].contains { $0.hasPrefix(Placeholder.opening) })

        // kb check reports exactly what is left to fill: each placeholder where it is, and the symptoms.
        let diagnostics = try Builder.check(temporary.base).diagnostics
        let placeholders = diagnostics.filter { $0.rule == CheckRule.placeholder.rawValue }
        #expect(placeholders.count == result.placeholderCount)
        #expect(placeholders.count >= 5)
        for diagnostic in placeholders {
            let line = lines[diagnostic.location.line - 1]
            #expect(line.dropFirst(diagnostic.location.column - 1).hasPrefix(Placeholder.opening))
        }
        let others = diagnostics.filter { $0.rule != CheckRule.placeholder.rawValue }
        if category.requiresSymptoms {
            #expect(others.map { "\($0.location.line) \($0.rule)" } == ["\(lines.firstIndex(of: "symptoms: []")! + 1) missing-symptoms"])
        } else {
            #expect(others.isEmpty)
        }

        // Filled in, the skeleton is a valid article: no section is missing or empty.
        var filled = text.replacingOccurrences(of: "symptoms: []", with: "symptoms: [打印机卡纸]")
        while let start = filled.range(of: Placeholder.opening) {
            let end = filled[start.lowerBound...].firstIndex(of: Placeholder.closing)!
            filled.replaceSubrange(start.lowerBound...end, with: "机器卡纸时先打开纸仓")
        }
        try temporary.write(result.path, filled)
        #expect(try Builder.check(temporary.base).diagnostics.map(\.description) == [])
    }

    @Test func productsCanBeNarrowed() throws {
        let (_, _, text) = try ArticleScaffold.render("products/cloud-pos", title: "云POS", products: [.smart], updated: Self.day)
        #expect(text.contains("\nproducts: [smart]\n"))
    }

    @Test func titlesThatYAMLWouldMisreadAreQuoted() throws {
        for title in ["注意: 先重启", "\"重启\"机器", "[重启]", "#1 卡纸", "yes", "2026-11-20", "C:\\path", "'单引号'", "a #b"] {
            let (_, _, text) = try ArticleScaffold.render("products/printer", title: title, updated: Self.day)
            let split = try FrontMatterReader.split(text, path: "a.md").get()
            let (frontMatter, _, diagnostics) = FrontMatterReader.read(split, path: "a.md", folderCategory: .product)
            #expect(diagnostics.isEmpty, "title \(title)")
            #expect(frontMatter?.title == title)
        }
        #expect(ArticleTemplate.yamlScalar("打印机卡纸") == "打印机卡纸")
        #expect(ArticleTemplate.yamlScalar("注意: 先重启") == "\"注意: 先重启\"")
    }

    @Test func idAsAPathIsAccepted() throws {
        #expect(ArticleScaffold.id(from: "content/causes/paper-jam.md") == "causes/paper-jam")
        #expect(ArticleScaffold.id(from: "./content/causes/paper-jam.md") == "causes/paper-jam")
        #expect(ArticleScaffold.id(from: "causes/paper-jam") == "causes/paper-jam")
    }

    @Test func refusesToOverwrite() throws {
        let temporary = try TemporaryBase()
        try FileManager.default.createDirectory(at: temporary.root.appendingPathComponent("content/causes"), withIntermediateDirectories: true)
        try temporary.write("content/causes/paper-jam.md", "编辑写了一半的文章")
        #expect(throws: ScaffoldError.exists("content/causes/paper-jam.md")) {
            try ArticleScaffold.create("causes/paper-jam", title: "卡纸", updated: Self.day, in: temporary.base)
        }
        #expect(try temporary.read("content/causes/paper-jam.md") == "编辑写了一半的文章")
    }

    @Test(arguments: [
        ("paper-jam", ScaffoldError.invalidID("paper-jam", .noFolder)),
        ("cause/paper-jam", .invalidID("cause/paper-jam", .unknownFolder("cause", suggestion: "causes"))),
        ("articles/paper-jam", .invalidID("articles/paper-jam", .unknownFolder("articles", suggestion: nil))),
        ("causes/printer/jam", .invalidID("causes/printer/jam", .tooDeep)),
        ("causes/Paper_Jam", .invalidID("causes/Paper_Jam", .invalidSlug("Paper_Jam", suggestion: "paper-jam"))),
        ("causes/paper jam", .invalidID("causes/paper jam", .invalidSlug("paper jam", suggestion: "paper-jam"))),
        ("causes/卡纸", .invalidID("causes/卡纸", .invalidSlug("卡纸", suggestion: nil))),
        ("causes/-jam", .invalidID("causes/-jam", .invalidSlug("-jam", suggestion: "jam"))),
        ("causes/", .invalidID("causes/", .invalidSlug("", suggestion: nil))),
    ])
    func refusesIDsThatBreakTheNamingRule(_ input: String, _ error: ScaffoldError) throws {
        let temporary = try TemporaryBase()
        #expect(throws: error) {
            try ArticleScaffold.create(input, title: "卡纸", updated: Self.day, in: temporary.base)
        }
        #expect(try FileManager.default.subpathsOfDirectory(atPath: temporary.root.appendingPathComponent("content").path) == [])
    }

    @Test func refusesEmptyOrMultilineTitles() throws {
        let temporary = try TemporaryBase()
        #expect(throws: ScaffoldError.emptyTitle) {
            try ArticleScaffold.create("causes/paper-jam", title: "  ", updated: Self.day, in: temporary.base)
        }
        #expect(throws: ScaffoldError.multilineTitle) {
            try ArticleScaffold.create("causes/paper-jam", title: "卡纸\n打不出小票", updated: Self.day, in: temporary.base)
        }
    }

    // MARK: Skeletons are text

    /// kb's skeletons are files of its default site, valid for their category.
    @Test(arguments: Category.allCases)
    func kbsSkeletonIsAValidFileOfItsSite(_ category: Category) throws {
        let skeleton = try #require(SiteDefaults.files["templates/new-\(category.rawValue).md"])
        #expect(ArticleTemplate.problems(of: skeleton, category: category, path: "new.md").isEmpty)
        #expect(Set(TextTemplate(skeleton).placeholders.map(\.name)) == ArticleTemplate.variables)
    }

    /// A knowledge base's `site/templates/new-<category>.md` is what `kb new` writes for that
    /// category; the other categories keep kb's.
    @Test func aKnowledgeBaseSkeletonReplacesKbs() throws {
        let temporary = try TemporaryBase()
        try FileManager.default.createDirectory(at: temporary.root.appendingPathComponent("site/templates"), withIntermediateDirectories: true)
        let own = "---\ntitle: {title}\ncategory: cause\nproducts: [{products}]\nsymptoms: []\nsummary: 【待填写：摘要】\nupdated: {updated}\n---\n\n【待填写：本店的写法】\n"
        try temporary.write("site/templates/new-cause.md", own)
        let cause = try ArticleScaffold.create("causes/paper-jam", title: "卡纸: 打不出", products: [.smart], updated: Self.day, in: temporary.base)
        #expect(cause.text == "---\ntitle: \"卡纸: 打不出\"\ncategory: cause\nproducts: [smart]\nsymptoms: []\nsummary: 【待填写：摘要】\nupdated: 2026-11-20\n---\n\n【待填写：本店的写法】\n")
        #expect(cause.placeholderCount == 2)
        let fix = try ArticleScaffold.create("fixes/paper-jam", title: "清理卡纸", updated: Self.day, in: temporary.base)
        #expect(fix.text == (try ArticleScaffold.render("fixes/paper-jam", title: "清理卡纸", updated: Self.day).2))
        #expect(try Builder.check(temporary.base).diagnostics.allSatisfy { $0.rule != CheckRule.siteSkeleton.rawValue })
    }

    /// A skeleton that cannot make a valid article is refused, saying where, and nothing is written.
    @Test func aBrokenSkeletonIsRefused() throws {
        let temporary = try TemporaryBase()
        try FileManager.default.createDirectory(at: temporary.root.appendingPathComponent("site/templates"), withIntermediateDirectories: true)
        try temporary.write("site/templates/new-fix.md", "---\ntitle: {title}\ncategory: fix\nproducts: [{products}]\nupdated: {updated}\n---\n\n给{customer}\n")
        #expect(throws: ScaffoldError.skeleton("site/templates/new-fix.md", "8:2: `kb new` fills in no `{customer}`")) {
            try ArticleScaffold.create("fixes/paper-jam", title: "清理卡纸", updated: Self.day, in: temporary.base)
        }
        #expect(try FileManager.default.subpathsOfDirectory(atPath: temporary.root.appendingPathComponent("content").path) == [])
        let message = Labels(.en).scaffoldError(.skeleton("site/templates/new-fix.md", "8:2: `kb new` fills in no `{customer}`"))
        #expect(message.hasPrefix("site/templates/new-fix.md cannot make a valid article (8:2: "))
    }

    @Test func placeholdersAreFoundWhereTheyAreWritten() {
        let template = TextTemplate("a {title}\n{x} {Not} {} {a_b}} {{updated}")
        #expect(template.placeholders.map { "\($0.name)@\($0.line):\($0.column)" } == ["title@1:3", "x@2:1", "a_b@2:14", "updated@2:22"])
        #expect(template.unknown(["title", "updated"]).map(\.name) == ["x", "a_b"])
        #expect(template.filled(["title": "{x}", "x": "X", "updated": "U"]) == "a {x}\nX {Not} {} {a_b}} {U")
    }

    @Test func refusalsAreWordedInBothLanguages() {
        let error = ScaffoldError.invalidID("cause/paper-jam", .unknownFolder("cause", suggestion: "causes"))
        #expect(Labels(.en).scaffoldError(error)
                == "`cause` is not a category folder (did you mean `causes`?); the folders are: guides, causes, fixes, prevention, products")
        #expect(Labels(.zh).scaffoldError(error) == "`cause` 不是分类文件夹（是不是 `causes`？）。可用的文件夹：guides, causes, fixes, prevention, products")
    }
}
