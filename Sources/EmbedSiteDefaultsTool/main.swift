import Foundation

// Writes a Swift file holding the given files as raw string literals, keyed by their path relative
// to the site folder: `EmbedSiteDefaultsTool SITE OUTPUT FILE...` (run by the EmbedSiteDefaults
// plugin at build time).

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: EmbedSiteDefaultsTool SITE OUTPUT FILE...\n".utf8))
    exit(2)
}
let site = URL(fileURLWithPath: arguments[arguments.startIndex]).standardizedFileURL.path
let output = URL(fileURLWithPath: arguments[arguments.startIndex + 1])

/// A raw-string delimiter (`#`, `##`, …) that the text itself never contains after quotes or a backslash.
func delimiter(for text: String) -> String {
    var hashes = "#"
    while text.contains("\"\"\"" + hashes) || text.contains("\"" + hashes) || text.contains("\\" + hashes) { hashes += "#" }
    return hashes
}

var swift = """
// Generated at build time by the EmbedSiteDefaults plugin from kb's site/ folder. Do not edit.

extension SiteDefaults {
    static let embedded: [(path: String, text: String)] = [

"""
for path in arguments.dropFirst(2).sorted() {
    let file = URL(fileURLWithPath: path).standardizedFileURL.path
    guard file.hasPrefix(site + "/"), let data = FileManager.default.contents(atPath: file),
          let text = String(data: data, encoding: .utf8) else {
        FileHandle.standardError.write(Data("EmbedSiteDefaultsTool: cannot read \(file) as UTF-8 under \(site)\n".utf8))
        exit(1)
    }
    let relative = String(file.dropFirst(site.count + 1))
    let hashes = delimiter(for: text)
    swift += "        (\"\(relative)\", \(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes)),\n"
}
swift += "    ]\n}\n"
do {
    try Data(swift.utf8).write(to: output, options: .atomic)
} catch {
    FileHandle.standardError.write(Data("EmbedSiteDefaultsTool: cannot write \(output.path): \(error)\n".utf8))
    exit(1)
}
