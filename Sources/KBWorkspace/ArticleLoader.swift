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
        if let (offset, value) = firstControlCharacter(in: text) {
            return (nil, [.error(location(ofByte: offset, in: bytes, path: file.path), .controlCharacter,
                                 "the file contains the control character \(codePoint(value))",
                                 hint: "delete it: it is invisible, and no article needs it")])
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
        let hidden = controlCharacters(in: article, lines: lines)
        guard hidden.isEmpty else { return (nil, diagnostics + hidden) }
        return (ParsedArticle(article: article, html: body.html, lines: lines), diagnostics)
    }

    // MARK: Control characters

    /// C0 controls other than tab and line ends, DEL and C1 controls: invisible in an editor, and in a
    /// terminal the start of escape sequences (moving the cursor, retitling the window).
    static func isControlCharacter(_ value: UInt32) -> Bool {
        (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) || (0x7F...0x9F).contains(value)
    }

    static func codePoint(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Byte offset and value of the first control character written in the file.
    static func firstControlCharacter(in text: String) -> (Int, UInt32)? {
        var offset = 0
        for scalar in text.unicodeScalars {
            if isControlCharacter(scalar.value) { return (offset, scalar.value) }
            offset += UTF8.width(scalar)
        }
        return nil
    }

    /// Control characters that escapes produced (YAML's `\e`, an entity like `&#27;`), reported at
    /// the field or section they ended up in.
    static func controlCharacters(in article: Article, lines: FrontMatterLines) -> [Diagnostic] {
        func first(_ text: String) -> UInt32? { text.unicodeScalars.first { isControlCharacter($0.value) }?.value }
        let path = article.sourcePath
        let fm = article.frontMatter
        var found: [Diagnostic] = []
        func report(_ position: TextPosition, _ what: String, _ value: UInt32) {
            found.append(.error(position.location(in: path), .controlCharacter,
                                "\(what) contains the control character \(codePoint(value))",
                                hint: "remove the escape or entity that makes it"))
        }
        for (field, text) in [("title", fm.title), ("summary", fm.summary)] {
            if let value = first(text) { report(lines.field(field), "`\(field)`", value) }
        }
        for (index, symptom) in fm.symptoms.enumerated() {
            if let value = first(symptom) {
                report(lines.symptoms.indices.contains(index) ? lines.symptoms[index] : lines.field("symptoms"), "`symptoms`", value)
            }
        }
        if let value = fm.tags.lazy.compactMap(first).first { report(lines.field("tags"), "`tags`", value) }
        for section in article.sections {
            if let value = first(section.heading ?? "") ?? first(section.text) {
                report(TextPosition(line: section.line), "this section", value)
            }
        }
        return found
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
