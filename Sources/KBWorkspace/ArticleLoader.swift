import Foundation
import KBCore
import KBMarkdown

/// An article read from its file this build: the values, its body HTML, and where things are.
public struct ParsedArticle: Sendable {
    public var article: Article
    public var html: String
    public var lines: FrontMatterLines
}

/// Reads one Markdown file into an article, or into diagnostics explaining why it cannot be one.
enum ArticleLoader {
    /// Larger files are refused: no help article is this long, and it is likely an accident.
    static let maxBytes = 4 * 1024 * 1024

    /// - Parameter html: false skips rendering the body (for `kb check`, which writes nothing).
    static func load(_ file: SourceFile, bytes: [UInt8], html: Bool = true) -> (ParsedArticle?, [Diagnostic]) {
        let start = SourceLocation(path: file.path)
        if bytes.isEmpty {
            return (nil, [.error(start, .emptyFile, "the file is empty", hint: "write front matter and a body, or delete it")])
        }
        if bytes.count > maxBytes {
            let megabytes = Double(bytes.count) / 1_048_576
            return (nil, [.error(start, .fileTooLarge,
                                 "the file is \((megabytes * 10).rounded() / 10) MB; articles are limited to \(maxBytes / 1_048_576) MB",
                                 hint: "split it into several articles")])
        }
        if let nul = bytes.firstIndex(of: 0) {
            return (nil, [.error(location(ofByte: nul, in: bytes, path: file.path), .binaryFile,
                                 "the file contains a NUL byte: it looks like a binary file, not Markdown",
                                 hint: "an article is text; give an image or document its own extension (.png, .pdf)")])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let offset = firstInvalidUTF8(bytes)
            return (nil, [.error(location(ofByte: offset, in: bytes, path: file.path), .invalidUTF8,
                                 "the file is not valid UTF-8 (byte \(offset))", hint: "save it as UTF-8")])
        }
        let split: SplitSource
        switch FrontMatterReader.split(text, path: file.path) {
        case let .success(value): split = value
        case let .failure(diagnostic): return (nil, [diagnostic])
        }
        let folderCategory = file.id.folder.flatMap(Category.init(folder:))
        var (frontMatter, lines, diagnostics) = FrontMatterReader.read(split, path: file.path, folderCategory: folderCategory)
        let placeholders = Placeholder.find(in: text, path: file.path)
        diagnostics += placeholders
        if !placeholders.isEmpty { frontMatter = nil }
        guard let frontMatter else { return (nil, diagnostics) }

        let body = MarkdownParser.parse(split.body, id: file.id, firstLine: split.bodyLine, html: html)
        let article = Article(id: file.id, sourcePath: file.path, contentHash: ContentHash.hex(of: bytes),
                              frontMatter: frontMatter, sections: body.sections, links: body.links)
        return (ParsedArticle(article: article, html: body.html, lines: lines), diagnostics)
    }

    static func location(ofByte offset: Int, in bytes: [UInt8], path: String) -> SourceLocation {
        let before = bytes[..<min(offset, bytes.count)]
        let line = before.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let column = bytes[lineStart..<min(offset, bytes.count)].reduce(1) { $1 & 0xC0 != 0x80 ? $0 + 1 : $0 }
        return SourceLocation(path: path, line: line, column: column)
    }

    /// Byte offset of the first byte that does not start a valid UTF-8 sequence.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var index = 0
        while index < bytes.count {
            let length = bytes[index] < 0x80 ? 1 : bytes[index] >= 0xF0 ? 4 : bytes[index] >= 0xE0 ? 3 : 2
            let end = min(index + length, bytes.count)
            if String(validating: bytes[index..<end], as: UTF8.self) == nil { return index }
            index = end
        }
        return bytes.count
    }
}
