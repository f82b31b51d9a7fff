import KBSearch
import Testing
@testable import KBWorkspace

/// `KB_RANKING_OVERRIDES`, the tuning experiments' way in: applied when valid, and never silently
/// ignored when not.
@Suite struct RankingOverridesTests {
    func parameters(_ json: String) -> (RankingParameters, [String]) {
        var warnings: [String] = []
        let parameters = SearchService.parameters(environment: ["KB_RANKING_OVERRIDES": json]) { warnings.append($0) }
        return (parameters, warnings)
    }

    @Test func aValidOverrideApplies() {
        let (parameters, warnings) = parameters(#"{"intentBonus": 0.25}"#)
        #expect(warnings.isEmpty)
        #expect(parameters.intentBonus == 0.25)
        #expect(parameters.k1 == RankingParameters.standard.k1)
    }

    @Test func aBadOverrideIsReportedAndChangesNothing() {
        for (json, warning) in [(#"{"intentBouns": 0.25}"#, "unknown parameter intentBouns"),
                                (#"{"k1": "x"}"#, "a value has the wrong type"),
                                ("k1=2", "not a JSON object")] {
            let (parameters, warnings) = parameters(json)
            #expect(parameters == .standard, "\(json)")
            #expect(warnings.count == 1 && warnings[0].hasPrefix(warning), "\(json): \(warnings)")
        }
    }
}
