import Foundation
import KBCore
import KBSearch
@testable import KBWorkspace
import Testing

/// The knowledge base must find itself: every article's title and every symptom phrase its editors
/// wrote, searched as a merchant would type it, returns that article in the top three.
@Suite(.serialized) struct SelfRetrievalTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test func everyTitleAndSymptomFindsItsArticle() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-self-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let base = KnowledgeBase(root: Self.repositoryRoot, indexPath: folder.appendingPathComponent("index.sqlite").path)
        _ = try Builder.build(base, options: BuildOptions(site: false))
        let service = try SearchService(base: base)

        let report = try Builder.check(base)
        #expect(report.articleCount >= 26)
        var tried = 0
        var missed: [String] = []
        for article in try service.allArticles() {
            for query in [article.title] + article.frontMatter.symptoms {
                tried += 1
                let top = try service.search(query, options: SearchOptions(limit: 3)).results.map(\.record.id)
                if !top.contains(article.id) { missed.append("\(article.id): \(query) → \(top.map(\.rawValue))") }
            }
        }
        #expect(tried >= 150, "titles and symptoms tried: \(tried)")
        #expect(missed.isEmpty, "\(missed.count) of \(tried) missed:\n\(missed.joined(separator: "\n"))")
    }
}
