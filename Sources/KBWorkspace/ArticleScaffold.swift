import Foundation
import KBCore

/// Why `kb new` refused, with what it needs to word the message (see `Labels.scaffoldError`).
public enum ScaffoldError: Error, Equatable {
    case invalidID(String, IDProblem)
    case emptyTitle
    case multilineTitle
    /// The article's file exists already (path relative to the root); it is never overwritten.
    case exists(String)
    case write(String, String)
    /// The category's skeleton (its path) cannot make a valid article: why, as `kb check` says it.
    case skeleton(String, String)
}

/// What `kb new` wrote.
public struct ScaffoldResult: Sendable, Equatable {
    public var id: ArticleID
    /// Path relative to the knowledge-base root, e.g. `content/causes/paper-jam.md`.
    public var path: String
    public var text: String
    /// `【待填写：…】` markers left for the editor.
    public var placeholderCount: Int
}

/// Creates a new article from its category's skeleton (`ArticleTemplate`), after checking the id
/// against the naming rule.
public enum ArticleScaffold {
    /// What the editor typed, as an id: `content/causes/paper-jam.md` and `causes/paper-jam` are the same.
    public static func id(from input: String) -> ArticleID {
        var text = input.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("./") { text.removeFirst(2) }
        if text.hasPrefix("content/") { text.removeFirst("content/".count) }
        if text.hasSuffix(".md") { text.removeLast(3) }
        return ArticleID(text)
    }

    /// The text of the new article, or why it cannot be made (nothing is written). The skeleton is
    /// `base`'s own when it keeps one (`site/templates/new-<category>.md`), else kb's.
    public static func render(_ input: String, title: String, products: [Product] = Product.allCases,
                              updated: Day, in base: KnowledgeBase? = nil) throws -> (ArticleID, Category, String) {
        let id = id(from: input)
        if let problem = ArticleIDRule.problem(id) { throw ScaffoldError.invalidID(id.rawValue, problem) }
        let category = Category(folder: id.folder!)!
        let title = title.trimmingCharacters(in: .whitespaces)
        guard !title.isEmpty else { throw ScaffoldError.emptyTitle }
        guard !title.contains(where: { $0.isNewline || $0.unicodeScalars.contains { $0.properties.generalCategory == .control } })
        else { throw ScaffoldError.multilineTitle }
        let chosen = products.isEmpty ? Product.allCases : Product.allCases.filter(products.contains)
        let skeleton = try ArticleTemplate.skeleton(of: category, in: base)
        if let problem = ArticleTemplate.problems(of: skeleton.text, category: category, path: skeleton.path).first {
            throw ScaffoldError.skeleton(skeleton.path, "\(problem.location.line):\(problem.location.column): \(problem.message)")
        }
        return (id, category, ArticleTemplate.text(skeleton.text, title: title, products: chosen, updated: updated))
    }

    /// Writes the new article under `content/`, creating its folder if needed, and refusing to replace
    /// any file (even one created a moment ago by someone else: the file is opened with O_EXCL).
    public static func create(_ input: String, title: String, products: [Product] = Product.allCases,
                              updated: Day, in base: KnowledgeBase) throws -> ScaffoldResult {
        let (id, _, text) = try render(input, title: title, products: products, updated: updated, in: base)
        let url = base.contentDirectory.appendingPathComponent(id.rawValue + ".md")
        let path = base.relativePath(url)
        if FileManager.default.fileExists(atPath: url.path) { throw ScaffoldError.exists(path) }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw ScaffoldError.write(path, error.localizedDescription)
        }
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw ScaffoldError.exists(path) }
            throw ScaffoldError.write(path, String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if result < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                unlink(url.path)
                throw ScaffoldError.write(path, reason)
            }
            written += result
        }
        let count = Placeholder.find(in: text, path: path).count
        return ScaffoldResult(id: id, path: path, text: text, placeholderCount: count)
    }

    /// Today in the local time zone: the date an editor sees on the calendar.
    public static func today(_ now: Date = Date()) -> Day {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: now)
        return Day(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
