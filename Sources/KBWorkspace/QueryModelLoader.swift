import Foundation
import KBCore
import KBSearch

/// Reads `content/query-model.json`, what `Tools/gen_query_model.py` learned from the judged queries
/// about how merchants ask. The file is optional: without it, search ranks by the articles' words
/// alone. A file that cannot be read is an error (a build must not quietly drop what it was given);
/// articles the content no longer has are a warning (the model predates a rename or a deletion, and
/// simply has no say about them until it is regenerated).
enum QueryModelLoader {
    static let fileName = "query-model.json"

    /// The model, to store with the index and the browser search, and what is wrong with it.
    static func load(_ base: KnowledgeBase, articles: Set<ArticleID>) -> (model: QueryModel?, diagnostics: [Diagnostic]) {
        let file = base.queryModelFile
        let path = base.relativePath(file)
        guard let data = FileManager.default.contents(atPath: file.path) else { return (nil, []) }
        let regenerate = "regenerate it with python3 Tools/gen_query_model.py"
        guard String(data: data, encoding: .utf8) != nil else {
            return (nil, [.error(SourceLocation(path: path), .invalidUTF8, "the query model is not valid UTF-8", hint: regenerate)])
        }
        let model: QueryModel
        do {
            model = try QueryModel(json: data, path: path)
        } catch let error as QueryModelError {
            return (nil, [.error(SourceLocation(path: path), .queryModelFormat, "the query model cannot be read: \(error.detail)",
                                 hint: regenerate)])
        } catch {
            return (nil, [.error(SourceLocation(path: path), .queryModelFormat, "the query model cannot be read: \(error)",
                                 hint: regenerate)])
        }
        let unknown = model.articles.filter { $0 != QueryModel.noAnswer && !articles.contains($0) }
        guard unknown.isEmpty else {
            let names = unknown.map(\.rawValue).joined(separator: ", ")
            return (model, [.warning(SourceLocation(path: path), .queryModelUnknownArticle,
                                    "the query model names articles the content does not have: \(names)",
                                    hint: "\(regenerate) after renaming or deleting articles")])
        }
        return (model, [])
    }
}
