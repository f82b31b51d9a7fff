import KBCore

/// Classifies link destinations and rewrites them for the generated site. Pure path arithmetic:
/// the site mirrors `content/`, so `../fixes/a.md#x` becomes `../fixes/a.html#x`.
public enum LinkResolver {
    /// What `destination`, written in the article `from`, points at.
    public static func target(of destination: String, from article: ArticleID) -> BodyLink.Target {
        let trimmed = destination.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return .external(destination) }
        if hasScheme(trimmed) || trimmed.hasPrefix("//") { return .external(trimmed) }
        if trimmed.hasPrefix("#") { return .sameArticle(anchor: percentDecoded(String(trimmed.dropFirst()))) }

        var path = trimmed
        var anchor: String?
        if let hash = path.firstIndex(of: "#") {
            anchor = percentDecoded(String(path[path.index(after: hash)...]))
            path = String(path[..<hash])
        }
        if let query = path.firstIndex(of: "?") { path = String(path[..<query]) }
        path = percentDecoded(path)
        guard let resolved = resolve(path, relativeTo: article) else { return .external(trimmed) }
        if resolved.hasSuffix(".md") {
            return .article(ArticleID(String(resolved.dropLast(3))), anchor: anchor.flatMap { $0.isEmpty ? nil : $0 })
        }
        return .file(resolved)
    }

    /// The URL a generated page of `from` uses for `target`; nil to leave the destination as written.
    public static func siteURL(for target: BodyLink.Target, from article: ArticleID) -> String? {
        switch target {
        case let .article(id, anchor):
            return relativePath(from: article, to: id.rawValue + ".html") + (anchor.map { "#" + $0 } ?? "")
        case let .file(path):
            return relativePath(from: article, to: path)
        case .sameArticle, .external:
            return nil
        }
    }

    /// A path from the page of `article` to `target` (both relative to the site root).
    public static func relativePath(from article: ArticleID, to target: String) -> String {
        let depth = article.rawValue.split(separator: "/").count - 1
        return String(repeating: "../", count: depth) + target
    }

    /// Resolves `path` against the article's folder, inside `content/`; nil when it climbs out.
    static func resolve(_ path: String, relativeTo article: ArticleID) -> String? {
        var parts: [Substring] = path.hasPrefix("/") ? [] : article.rawValue.split(separator: "/").dropLast()
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(part)
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    public static func hasScheme(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return false }
        let scheme = text[..<colon]
        return scheme.first!.isASCII && scheme.first!.isLetter
            && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
    }

    static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        let input = Array(text.utf8)
        var bytes: [UInt8] = []
        var i = 0
        while i < input.count {
            if input[i] == UInt8(ascii: "%"), i + 2 < input.count,
               let value = UInt8(String(decoding: input[(i + 1)...(i + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                i += 3
            } else {
                bytes.append(input[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

import Foundation
