import Foundation
import KBCore

/// The `kb check --format json` contract, for CI: counts, then one flat object per problem.
///
/// ```json
/// {"articles":26,"diagnostics":[{"column":3,"hint":"…","line":7,"message":"…","path":"content/causes/a.md",
///   "rule":"invalid-product","severity":"error"}],"errors":1,"warnings":0}
/// ```
public struct CheckJSON: Encodable {
    struct Entry: Encodable {
        var path: String
        var line: Int
        var column: Int
        var severity: String
        var rule: String
        var message: String
        var hint: String?
    }

    var articles: Int
    var errors: Int
    var warnings: Int
    var diagnostics: [Entry]

    public init(_ report: CheckReport) {
        articles = report.articleCount
        errors = report.diagnostics.filter { $0.severity == .error }.count
        warnings = report.diagnostics.count - errors
        diagnostics = report.diagnostics.map {
            Entry(path: $0.location.path, line: $0.location.line, column: $0.location.column,
                  severity: $0.severity.rawValue, rule: $0.rule, message: $0.message, hint: $0.hint)
        }
    }

    public func encoded() throws -> String {
        try ToolJSON.encode(self)
    }
}
