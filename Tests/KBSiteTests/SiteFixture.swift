import Foundation
import KBWorkspace

/// A copy of `Tests/Fixtures/site-kb` with the repository's `site/` folder, in a fresh temporary
/// folder, built with `Builder` as `kb build` does.
struct SiteFixture {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let root: URL
    var output: URL { root.appendingPathComponent("public") }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-site-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("Tests/Fixtures/site-kb"), to: root)
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("site"), to: root.appendingPathComponent("site"))
    }

    @discardableResult
    func build(full: Bool = false) throws -> BuildReport {
        try Builder.build(KnowledgeBase(root: root), options: BuildOptions(full: full))
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    func read(_ path: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
    }

    func write(_ text: String, to path: String) throws {
        try text.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
    }

    /// Every file of the generated site, relative to it.
    func files() -> [String] {
        let base = output.standardizedFileURL.path
        let enumerator = FileManager.default.enumerator(atPath: base)
        var found: [String] = []
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                found.append(path)
            }
        }
        return found.sorted()
    }

    func modificationDate(_ path: String) throws -> Date {
        try FileManager.default.attributesOfItem(atPath: output.appendingPathComponent(path).path)[.modificationDate] as! Date
    }
}

/// Links and ids in generated HTML. The generator writes attributes in double quotes, one per
/// attribute, so a small scanner is enough for checking them.
enum HTMLScan {
    /// The values of the radio buttons named `name`, in page order.
    static func radioValues(_ name: String, in html: String) -> [String] {
        html.matches(of: /<input type="radio" name="([a-z-]+)" value="([^"]*)"/).filter { $0.1 == name }.map { String($0.2) }
    }

    static func attributeValues(_ name: String, in html: String) -> [String] {
        var values: [String] = []
        var rest = Substring(html)
        let marker = " \(name)=\""
        while let start = rest.range(of: marker) {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            values.append(unescape(String(rest[..<end])))
            rest = rest[rest.index(after: end)...]
        }
        return values
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static func percentDecoded(_ text: String) -> String { text.removingPercentEncoding ?? text }
}
