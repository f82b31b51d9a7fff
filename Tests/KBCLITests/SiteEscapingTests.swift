import Foundation
import Testing

/// Content written to break out of the pages `kb build` generates: markup, attribute quotes,
/// template syntax, dangerous links, control characters. Every page and the browser's search index
/// carry it as text. (The site's own tests check escaping of its fixture; this one attacks.)
@Suite struct SiteEscapingTests {
    static let hostile = """
        ---
        title: "标题\\"><script>alert(1)</script><\\"' onmouseover=\\"alert(2)\\" {{title}} {{{body}}} </title>"
        category: fix
        products: [e-sign]
        symptoms: ["症状</textarea><svg onload=alert(3)>", "{{#articles}}循环{{/articles}}"]
        summary: "摘要 <iframe src=javascript:alert(4)> & &amp; &lt; \\u2028 \\u202e 反向"
        tags: ["\\"><img src=x onerror=alert(5)>", "{{> head}}"]
        updated: 2026-10-08
        ---

        正文 <script>alert(6)</script> {{site.title}} <!-- 注释 --> 信号不好。

        [链接](javascript:alert(7)) [又一个](JaVaScRiPt:alert(8)) [数据](data:text/html,<script>alert(9)</script>)
        ![图](x" onerror="alert(10)) <a href="javascript:alert(11)">原始链接</a>

        ## 小节"><script>alert(12)</script>

        | 列 | <b onclick=alert(13)>值</b> |
        |---|---|
        | `<script>` | {{!注释}} |
        """

    /// The only `<textarea>` a page may have: the comment box of `site/templates/article.mustache`.
    static let feedbackTextarea = #"<textarea id="feedback-comment" class="feedback-comment" name="comment" rows="3" maxlength="500">"#

    @Test func hostileContentStaysTextInEveryPage() throws {
        let kb = try Sandbox()
        try FileManager.default.copyItem(at: Paths.packageRoot.appendingPathComponent("site"), to: kb.url("site"))
        try kb.write("content/fixes/attack.md", Self.hostile)
        let build = try kb.kb("build")
        #expect(build.status == 0, "\(build)")

        let public_ = kb.url("public")
        let files = (FileManager.default.enumerator(atPath: public_.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".html") || $0.hasSuffix(".js") || $0.hasSuffix(".json") }
        #expect(files.contains("fixes/attack.html"), "\(files.sorted())")
        var pagesChecked = 0, tagsChecked = 0
        let tagPattern = #/<([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/#
        for file in files where !file.hasPrefix("assets/") {
            let text = try String(contentsOf: public_.appendingPathComponent(file), encoding: .utf8)
            if file.hasSuffix(".html") {
                // Markup comes from the templates and from Markdown, never from the content's text:
                // no event handler, no script but the site's own files, no javascript: or data: URL.
                var textareas = 0
                for match in text.matches(of: tagPattern) {
                    let name = match.1.lowercased()
                    #expect(!["iframe", "svg", "object", "embed", "base"].contains(name), "\(file): <\(name)> from content")
                    // The one text box is the feedback form's, from the template, exactly as written there.
                    if name == "textarea" {
                        textareas += 1
                        #expect(match.0 == Self.feedbackTextarea && textareas == 1, "\(file): \(match.0)")
                    }
                    var attributes: [(String, String)] = []
                    for attribute in match.2.matches(of: #/\s+([^\s=>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/#) {
                        let value = attribute.2.map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) } ?? ""
                        attributes.append((attribute.1.lowercased(), value.lowercased()))
                    }
                    for (attribute, value) in attributes {
                        #expect(!attribute.hasPrefix("on"), "\(file): <\(name) \(attribute)=…> is an event handler")
                        if ["href", "src", "action", "formaction"].contains(attribute) {
                            #expect(!value.hasPrefix("javascript:") && !value.hasPrefix("data:") && !value.hasPrefix("vbscript:"),
                                    "\(file): <\(name) \(attribute)=\(value)>")
                        }
                    }
                    if name == "script" { #expect(attributes.contains { $0.0 == "src" }, "\(file): inline <script>") }
                    tagsChecked += 1
                }
                #expect(!text.contains("循环循环"), "\(file): template syntax in content was expanded")
                let control = text.unicodeScalars.first { ($0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r")
                    || (0x7F...0x9F).contains($0.value) }
                #expect(control == nil, "\(file) carries U+\(String(control?.value ?? 0, radix: 16)) raw")
            } else if file.hasPrefix("_search/") && file.hasSuffix(".js") {
                // The browser's index is JSON assigned to a property: the content can only be data.
                let json = try #require(text.firstRange(of: "]=").map { String(text[$0.upperBound...]) })
                let body = json.trimmingCharacters(in: CharacterSet(charactersIn: ";\n "))
                #expect((try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed])) != nil,
                        "\(file) is not plain data: \(body.prefix(200))")
            }
            pagesChecked += 1
        }
        let page = try String(contentsOf: public_.appendingPathComponent("fixes/attack.html"), encoding: .utf8)
        #expect(page.contains("{{title}}"), "template syntax in a title shows as written")
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "markup in the title shows as text")
        #expect(pagesChecked > 20 && tagsChecked > 500, "\(pagesChecked) files, \(tagsChecked) tags")
        // And searching for it in the terminal shows no markup problem and no escape.
        let search = try kb.kb("search", "信号不好")
        #expect(search.status == 0)
        #expect(!containsControlCharacters(search.stdoutBytes))
    }
}
