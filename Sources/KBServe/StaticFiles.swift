import Foundation

/// Maps request paths to files inside the output folder and refuses anything that could reach
/// outside it: `..` and `.` segments (also percent-encoded), hidden names, NUL bytes, backslashes,
/// malformed escapes, and symbolic links anywhere on the way. A refusal is a plain 404.
struct StaticFiles: Sendable {
    enum Lookup: Equatable {
        /// A regular file inside the folder (absolute path).
        case file(String)
        /// A folder asked for without its trailing slash: relative links in its index need one.
        case redirect(String)
        case notFound
    }

    /// The output folder with symbolic links resolved, without a trailing slash.
    let root: String

    init(root: URL) {
        let path = root.standardizedFileURL.path
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            self.root = String(cString: resolved)
        } else {
            self.root = path
        }
    }

    /// The path's segments, percent-decoded, or nil when the path is refused.
    static func segments(ofRequestPath raw: String) -> [String]? {
        guard raw.hasPrefix("/"), let decoded = percentDecoded(raw) else { return nil }
        guard !decoded.contains(0), !decoded.contains(UInt8(ascii: "\\")),
              let text = String(validating: decoded, as: UTF8.self) else { return nil }
        let segments = text.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard segments.allSatisfy({ !$0.hasPrefix(".") }) else { return nil }  // `.`, `..` and hidden files
        return segments
    }

    /// Bytes of `text` with `%XX` escapes decoded once; nil for a malformed escape.
    static func percentDecoded(_ text: String) -> [UInt8]? {
        let input = Array(text.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            guard input[index] == UInt8(ascii: "%") else {
                bytes.append(input[index])
                index += 1
                continue
            }
            guard index + 2 < input.count, let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2]) else {
                return nil
            }
            bytes.append(high << 4 | low)
            index += 3
        }
        return bytes
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// What a request path names. Every component is checked with `lstat`, so a symbolic link
    /// (pointing anywhere) is never followed.
    func lookup(_ rawPath: String) -> Lookup {
        guard let segments = Self.segments(ofRequestPath: rawPath) else { return .notFound }
        var path = root
        for (index, segment) in segments.enumerated() {
            path += "/" + segment
            switch Self.kind(path) {
            case .directory:
                continue
            case .regular where index == segments.count - 1:
                return .file(path)
            default:
                return .notFound
            }
        }
        // A folder (or the root): serve its index, after making sure the URL ends with a slash.
        if !segments.isEmpty && !rawPath.hasSuffix("/") { return .redirect(rawPath + "/") }
        let index = path + "/index.html"
        return Self.kind(index) == .regular ? .file(index) : .notFound
    }

    enum Kind { case regular, directory, other, missing }

    static func kind(_ path: String) -> Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        default: return .other  // symbolic links, devices, sockets
        }
    }

    /// The Content-Type of a file, by its extension.
    static func contentType(of path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let suffix = name.split(separator: ".").count > 1 ? String(name.split(separator: ".").last!).lowercased() : ""
        return contentTypes[suffix] ?? "application/octet-stream"
    }

    static let contentTypes: [String: String] = [
        "html": "text/html; charset=utf-8", "htm": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8",
        "json": "application/json; charset=utf-8", "txt": "text/plain; charset=utf-8", "md": "text/plain; charset=utf-8",
        "xml": "application/xml", "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
        "gif": "image/gif", "webp": "image/webp", "avif": "image/avif", "ico": "image/x-icon", "pdf": "application/pdf",
        "woff": "font/woff", "woff2": "font/woff2", "ttf": "font/ttf", "otf": "font/otf", "wasm": "application/wasm",
        "map": "application/json; charset=utf-8", "webmanifest": "application/manifest+json",
    ]
}
