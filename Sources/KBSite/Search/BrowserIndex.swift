import Foundation
import KBCore

/// The browser search index (filled in by the search step).
struct BrowserIndex {
    let input: SiteInput
    func emit(into out: SiteOutput, folder: String) throws {}
}
