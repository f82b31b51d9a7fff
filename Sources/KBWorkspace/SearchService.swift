import Foundation
import KBCore
import KBIndex
import KBSearch

/// Why a search could not run, with what to do about it.
public enum SearchServiceError: Error, CustomStringConvertible {
    case index(IndexError)
    case notFound(ArticleID)

    public var description: String {
        switch self {
        case let .index(error): error.description
        case let .notFound(id): "no article `\(id)` in the index (run `kb build` if it was just added)"
        }
    }
}

/// Opens the index of a knowledge base and answers searches: what `kb search`, `kb serve`'s search
/// API and the reply formatter share.
public final class SearchService {
    public let base: KnowledgeBase
    let reader: IndexReader
    public let engine: SearchEngine

    public init(base: KnowledgeBase) throws {
        self.base = base
        do {
            reader = try IndexReader(path: base.indexPath)
        } catch let error as IndexError {
            throw SearchServiceError.index(error)
        }
        engine = SearchEngine(index: reader, parameters: Self.parameters())
    }

    /// Ranking parameters, with overrides from `KB_RANKING_OVERRIDES` (a JSON object of
    /// `RankingParameters` fields) for tuning experiments; the standard ones otherwise.
    /// An override that cannot apply (not JSON, an unknown name, a value of the wrong type) is
    /// reported on standard error, so that a typo never passes for a measured change.
    static func parameters(environment: [String: String] = ProcessInfo.processInfo.environment,
                           warn: (String) -> Void = { FileHandle.standardError.write(Data("kb: KB_RANKING_OVERRIDES: \($0)\n".utf8)) })
        -> RankingParameters
    {
        guard let overrides = environment["KB_RANKING_OVERRIDES"], !overrides.isEmpty,
              let standard = try? JSONEncoder().encode(RankingParameters.standard),
              var merged = (try? JSONSerialization.jsonObject(with: standard)) as? [String: Any]
        else { return .standard }
        guard let changes = (try? JSONSerialization.jsonObject(with: Data(overrides.utf8))) as? [String: Any] else {
            warn("not a JSON object of ranking parameters; using the standard ones")
            return .standard
        }
        let unknown = changes.keys.filter { merged[$0] == nil }.sorted()
        guard unknown.isEmpty else {
            warn("unknown parameter\(unknown.count == 1 ? "" : "s") \(unknown.joined(separator: ", ")); using the standard ones")
            return .standard
        }
        merged.merge(changes) { _, new in new }
        guard let data = try? JSONSerialization.data(withJSONObject: merged),
              let parameters = try? JSONDecoder().decode(RankingParameters.self, from: data) else {
            warn("a value has the wrong type; using the standard ones")
            return .standard
        }
        return parameters
    }

    /// The article the build named as where every reader should start (`site.start`), if it is indexed.
    public var startArticle: StartArticle? {
        guard let id = try? reader.startArticle(), let record = try? reader.records(ids: [id]).first else { return nil }
        return StartArticle(id: id, title: record.title)
    }

    public func search(_ query: String, options: SearchOptions = SearchOptions()) throws -> SearchResponse {
        do {
            return try engine.search(query, options: options)
        } catch let error as IndexError {
            throw SearchServiceError.index(error)
        }
    }

    /// Every indexed article, in id order.
    public func allArticles() throws -> [Article] {
        do {
            return try reader.allArticles()
        } catch let error as IndexError {
            throw SearchServiceError.index(error)
        }
    }

    /// Every indexed article's title, by id: which ids exist, and how to name them in reports.
    public func titles() throws -> [ArticleID: String] {
        do {
            let ids = try reader.documentNumbers().keys.sorted()
            return Dictionary(try reader.records(ids: ids).map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        } catch let error as IndexError {
            throw SearchServiceError.index(error)
        }
    }

    public func article(_ id: ArticleID) throws -> Article {
        do {
            guard let article = try reader.article(id) else { throw SearchServiceError.notFound(id) }
            return article
        } catch let error as IndexError {
            throw SearchServiceError.index(error)
        }
    }
}
