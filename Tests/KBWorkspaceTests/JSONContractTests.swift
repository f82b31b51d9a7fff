import Foundation
import KBCore
import KBSearch
import Testing
@testable import KBWorkspace

/// `kb search --json`: exactly one object, `{"query": str, "total": int, "took_ms": number,
/// "results": [{"id": str, "title": str, "category": str, "products": [str], "score": number,
/// "section": str|null, "anchor": str|null, "snippet": str, "path": str}]}`, results in rank order.
/// `shared/eval/relevance.py` reads it. Extra keys are allowed only from a known list.
@Suite struct JSONContractTests {
    static let topKeys: Set<String> = ["query", "total", "took_ms", "results"]
    static let topExtras: Set<String> = ["tier", "did_you_mean", "notices", "confidence", "out_of_scope"]
    static let resultKeys: Set<String> = ["id", "title", "category", "products", "score", "section", "anchor", "snippet", "path"]
    static let resultExtras: Set<String> = ["highlights", "related_fixes", "explain"]

    private func object(_ query: String, in kb: FixtureBase, limit: Int = 10) throws -> [String: Any] {
        let response = try kb.service().search(query, options: SearchOptions(limit: limit))
        let json = try SearchJSON(response, explain: false).encoded()
        #expect(!json.contains("\n"), "one line")
        // JSONSerialization cannot tell 3 from 3.0 or true on Linux: the integer is checked in the text.
        #expect(json.contains(#/"total":\d+[,}]/#), "total is an integer: \(json)")
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    private func isNumber(_ value: Any?) -> Bool {
        guard let value, !(value is Bool) else { return false }
        return value is Int || value is Double
    }

    /// Checks every key and type of the contract; returns the results.
    @discardableResult
    private func checkShape(_ object: [String: Any], query: String,
                            sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [[String: Any]] {
        let keys = Set(object.keys)
        #expect(keys.isSuperset(of: Self.topKeys), "missing \(Self.topKeys.subtracting(keys))", sourceLocation: sourceLocation)
        #expect(keys.subtracting(Self.topKeys).isSubset(of: Self.topExtras), "unknown keys \(keys)", sourceLocation: sourceLocation)
        #expect(object["query"] as? String == query, sourceLocation: sourceLocation)
        if let topics = object["out_of_scope"] {
            #expect((topics as? [String])?.isEmpty == false, "out_of_scope names topics", sourceLocation: sourceLocation)
            #expect(object["confidence"] as? String == "low", "an out-of-scope answer is low-confidence", sourceLocation: sourceLocation)
        }
        #expect(object["total"] is Int, sourceLocation: sourceLocation)
        #expect(isNumber(object["took_ms"]), sourceLocation: sourceLocation)
        let results = object["results"] as? [[String: Any]]
        #expect(results != nil, "results is a list of objects", sourceLocation: sourceLocation)
        for result in results ?? [] {
            let keys = Set(result.keys)
            #expect(keys.isSuperset(of: Self.resultKeys), "missing \(Self.resultKeys.subtracting(keys))", sourceLocation: sourceLocation)
            #expect(keys.subtracting(Self.resultKeys).isSubset(of: Self.resultExtras), "unknown \(keys)", sourceLocation: sourceLocation)
            for key in ["id", "title", "category", "snippet", "path"] {
                #expect(result[key] is String, "\(key) is a string", sourceLocation: sourceLocation)
            }
            #expect(Category(rawValue: result["category"] as? String ?? "") != nil, sourceLocation: sourceLocation)
            let products = result["products"] as? [String]
            #expect(products != nil && products!.allSatisfy { Product(rawValue: $0) != nil }, sourceLocation: sourceLocation)
            #expect(isNumber(result["score"]), sourceLocation: sourceLocation)
            for key in ["section", "anchor"] {
                #expect(result[key] is String || result[key] is NSNull, "\(key) is a string or null", sourceLocation: sourceLocation)
            }
            #expect((result["section"] is NSNull) == (result["anchor"] is NSNull), sourceLocation: sourceLocation)
            let id = result["id"] as? String ?? ""
            #expect(result["path"] as? String == "content/\(id).md", sourceLocation: sourceLocation)
        }
        let total = object["total"] as? Int ?? -1
        #expect(total >= (results?.count ?? 0), sourceLocation: sourceLocation)
        return results ?? []
    }

    @Test func shapeAndTypesForResultsAndForNone() throws {
        let kb = try FixtureBase()
        try kb.build()
        for query in ["信号不好", "换纸步骤", "钱", "量子纠缠", "\"NOT\" *", "dayinzhi"] {
            checkShape(try object(query, in: kb), query: query)
        }
        let none = checkShape(try object("量子纠缠", in: kb), query: "量子纠缠")
        #expect(none.isEmpty)
    }

    @Test func resultsAreInRankOrder() throws {
        let kb = try FixtureBase()
        try kb.build()
        let results = checkShape(try object("信号", in: kb, limit: 50), query: "信号")
        let scores = results.compactMap { ($0["score"] as? Double) ?? ($0["score"] as? Int).map(Double.init) }
        #expect(scores.count == results.count && scores.count > 2)
        #expect(zip(scores, scores.dropFirst()).allSatisfy { $0 >= $1 }, "\(scores)")
        let ids = results.compactMap { $0["id"] as? String }
        #expect(Set(ids).count == ids.count, "one result per article")
    }

    @Test func leadSectionIsNullAndHeadedSectionIsNamed() throws {
        let kb = try FixtureBase()
        try kb.build()
        let lead = checkShape(try object("扫码盒子", in: kb), query: "扫码盒子").first
        #expect(lead?["section"] is NSNull)
        #expect(lead?["anchor"] is NSNull)
        let headed = checkShape(try object("换纸步骤", in: kb), query: "换纸步骤").first
        #expect(headed?["section"] as? String == "换纸步骤")
        #expect(headed?["anchor"] as? String == "换纸步骤")
    }

    @Test func highlightsPointAtMatchedText() throws {
        let kb = try FixtureBase()
        try kb.build()
        let results = checkShape(try object("信号不好", in: kb), query: "信号不好")
        for result in results {
            let snippet = Array((result["snippet"] as? String ?? "").unicodeScalars)
            let highlights = result["highlights"] as? [[Int]] ?? []
            #expect(!highlights.isEmpty)
            for range in highlights {
                #expect(range.count == 2 && range[0] < range[1] && range[1] <= snippet.count)
                let text = String(String.UnicodeScalarView(snippet[range[0]..<range[1]]))
                // The query's characters, or its synonym 网络.
                #expect(text.count >= 2 && text.allSatisfy { "信号不好网络".contains($0) }, "highlighted \(text)")
            }
        }
    }
}
