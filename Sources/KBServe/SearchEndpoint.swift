import Foundation
import KBCore
import KBSearch
import KBWorkspace

/// `GET /api/search?q=…[&limit=N][&category=…][&product=…]`: the JSON of `kb search --json`.
/// One SQLite connection, used by one request at a time; reopened after every build because a
/// build publishes a new index file in place of the old one.
actor SearchEndpoint {
    struct Reply: Sendable, Equatable {
        var status: Int
        var json: String
    }

    let base: KnowledgeBase
    private var service: SearchService?

    init(base: KnowledgeBase) {
        self.base = base
    }

    /// Forget the open index; the next search opens the one the last build published.
    func reopen() {
        service = nil
    }

    func reply(toQuery query: String?) -> Reply {
        let parameters = Self.parameters(query)
        guard let text = parameters["q"], !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return Self.error(400, "missing query: use /api/search?q=…")
        }
        var options = SearchOptions()
        if let raw = parameters["limit"] {
            guard let limit = Int(raw), (1...1000).contains(limit) else { return Self.error(400, "limit must be between 1 and 1000") }
            options.limit = limit
        }
        if let raw = parameters["category"] {
            guard let category = Category(rawValue: raw) else {
                return Self.error(400, "category must be one of \(Category.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            options.filter.category = category
        }
        if let raw = parameters["product"] {
            guard let product = Product(rawValue: raw) else {
                return Self.error(400, "product must be one of \(Product.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            options.filter.product = product
        }
        do {
            if service == nil { service = try SearchService(base: base) }
            let response = try service!.search(text, options: options)
            return Reply(status: 200, json: try SearchJSON(response, explain: false).encoded())
        } catch let error as SearchServiceError {
            service = nil
            return Self.error(503, error.description)
        } catch {
            service = nil
            return Self.error(500, "\(error)")
        }
    }

    static func error(_ status: Int, _ message: String) -> Reply {
        Reply(status: status, json: (try? ToolJSON.encode(["error": message])) ?? #"{"error":"internal error"}"#)
    }

    /// Decodes `a=1&b=x+y` as a form does (`+` is a space); the first value of a name wins.
    static func parameters(_ query: String?) -> [String: String] {
        var result: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String? {
                StaticFiles.percentDecoded(text.replacingOccurrences(of: "+", with: " "))
                    .flatMap { String(validating: $0, as: UTF8.self) }
            }
            guard let name = decode(parts[0]), result[name] == nil else { continue }
            result[name] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return result
    }
}
