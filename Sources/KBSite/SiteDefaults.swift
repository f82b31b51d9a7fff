import Foundation
import KBCore

/// The site kb ships with: the templates, stylesheets and browser search engine of `site/` in kb's
/// own sources, compiled into the binary (`Plugins/EmbedSiteDefaults`). A knowledge base's `site/`
/// folder holds only what it changes: each of its files replaces the default of the same path.
public enum SiteDefaults {
    /// Every default file by its path under `site/` (`templates/article.mustache`, `assets/site.css`).
    public static let files: [String: String] = Dictionary(uniqueKeysWithValues: embedded.map { ($0.path, $0.text) })

    /// Digest of every default file: `meta.js` carries it, and `kb init --site` records it beside
    /// the copies it writes, so `kb check` can tell an override written for an older kb.
    public static let digest = ContentHash.hex(of: embedded.map { $0.path + "\u{0}" + $0.text }.joined(separator: "\u{0}"))

    /// True for the files of the browser search engine (`assets/search-*.js`): the port of kb's
    /// ranking, which a knowledge base must not replace with another copy.
    public static func isEngine(_ path: String) -> Bool { path.hasPrefix("assets/search-") && path.hasSuffix(".js") }

    /// The files a knowledge base keeps in one folder of its `site/` (`templates`, `assets`), by
    /// path under it; none when the folder does not exist.
    public static func overrides(in folder: URL) throws -> [String] { try SiteFiles.overrides(in: folder).map(\.path) }

    /// The digest of one default file, or nil when kb has no such file.
    public static func digest(of path: String) -> String? { files[path].map { ContentHash.hex(of: $0) } }

    /// The default files of one folder (`templates`, `assets`), by their path under it, sorted.
    static func files(in folder: String) -> [(path: String, text: String)] {
        embedded.filter { $0.path.hasPrefix(folder + "/") }
            .map { (String($0.path.dropFirst(folder.count + 1)), $0.text) }
            .sorted { $0.path < $1.path }
    }
}
