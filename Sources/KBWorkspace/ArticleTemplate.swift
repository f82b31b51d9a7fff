import KBCore
import Yams

/// The file `kb new` writes: complete front matter and the section skeleton that articles of the
/// category use in `content/` (answer first, then steps, when to escalate, and related articles).
///
/// What the editor must still write is marked `【待填写：…】`. `kb check` reports every marker as
/// an error (rule `placeholder`), and empty `symptoms` of a guide, cause or fix as `missing-symptoms`,
/// so a skeleton is never published half-written. The skeleton is content, so it is in Chinese
/// whatever the language of the terminal.
public enum ArticleTemplate {
    static func placeholder(_ text: String) -> String { Placeholder.make(text) }

    public static func text(id: ArticleID, category: Category, title: String, products: [Product], updated: Day) -> String {
        let symptomsNote = category.requiresSymptoms ? "必填" : "建议填写"
        return """
            ---
            title: \(yamlScalar(title))
            category: \(category.rawValue)
            products: [\(products.map(\.rawValue).joined(separator: ", "))]
            # symptoms（\(symptomsNote)）：商户真会输入的口语短句 5 到 10 条，每行一条，例如
            #   - 刷卡成功钱没到
            symptoms: []
            summary: \(placeholder("一到两句话，说明这篇文章回答什么问题，会显示在搜索结果里"))
            # related：\(relatedNote(category))，只写 id，例如 [fixes/check-network]
            related: []
            tags: []
            updated: \(updated)
            ---

            \(body(category))
            """
    }

    private static func relatedNote(_ category: Category) -> String {
        switch category {
        case .guide: "排查时用到的原因和处理方法"
        case .cause: "处理它的方法和预防它的措施"
        case .fix: "它解决的原因和相关的预防措施"
        case .prevention: "它能避免的原因"
        case .product: "适用于这款机器的排查文章"
        }
    }

    /// Sections follow the articles of each category in `content/`: an answer before the first
    /// heading, what to do in numbered steps, and when to turn to the provider.
    private static func body(_ category: Category) -> String {
        let link = "`[检查网络和信号](../fixes/check-network.md)`"
        let sections: [(String?, String)]
        switch category {
        case .guide:
            sections = [
                (nil, placeholder("先给答案：用一两句话说明遇到这个问题先做什么、按什么顺序查")),
                ("先确认是不是还没到时间", placeholder("排查之前先确认的情况，例如结算周期")),
                ("按这个顺序逐项排查", """
                    1. \(placeholder("第一项检查，链接对应的原因和处理方法，例如 \(link)"))
                    2. \(placeholder("第二项检查"))
                    3. \(placeholder("第三项检查"))
                    """),
                ("都查过了还是不行", placeholder("什么时候联系服务商客服、要准备哪些信息（终端号、交易时间和金额），问题一时解决不了怎样继续收款")),
            ]
        case .cause:
            sections = [
                (nil, placeholder("先给答案：用一两句话说明这个原因是什么，为什么会让钱不到账或到账慢")),
                ("为什么会造成不到账", placeholder("说明它怎样让交易失败、结果不明或入账推迟")),
                ("怎样判断是不是这个原因", "- \(placeholder("商户能看到的现象，一条一行"))"),
                ("接下来怎么做", """
                    1. \(placeholder("第一步，链接处理它的方法，例如 \(link)"))
                    2. \(placeholder("第二步"))
                    """),
                ("什么时候联系服务商", placeholder("商户自己解决不了的情况，以及联系服务商客服前要准备的信息")),
            ]
        case .fix:
            sections = [
                (nil, placeholder("先给答案：用一两句话说明怎么处理，并链接它解决的原因")),
                ("处理步骤", """
                    1. \(placeholder("第一步：在哪里、做什么"))
                    2. \(placeholder("第二步"))
                    """),
                ("处理完先核对交易", placeholder("怎样查清受影响的交易结果，确认失败了再重新收款，避免重复扣款")),
                ("处理后还是不行", placeholder("什么情况下联系服务商客服或开户银行，要准备哪些信息")),
            ]
        case .prevention:
            sections = [
                (nil, placeholder("先给答案：用一两句话说明这项预防措施能避免什么问题")),
                ("平时要做的事", "- **\(placeholder("要点"))**：\(placeholder("具体做法"))"),
                ("定期检查", """
                    1. \(placeholder("检查的第一步"))
                    2. \(placeholder("检查的第二步"))
                    """),
                ("发现异常时", placeholder("发现问题后按哪篇处理方法做，什么时候联系服务商")),
            ]
        case .product:
            sections = [
                (nil, placeholder("先给答案：用一两句话介绍这款机器是什么、有什么特点")),
                ("主要特点", """
                    | 项目 | 说明 |
                    |---|---|
                    | \(placeholder("项目")) | \(placeholder("说明")) |
                    """),
                ("不到账时先查这几处", """
                    1. \(placeholder("这款机器最常见的不到账原因，链接对应的排查文章"))
                    2. \(placeholder("第二处"))
                    """),
                ("什么时候联系服务商", placeholder("商户自己解决不了的情况，以及要准备的信息")),
            ]
        }
        return sections.map { heading, text in
            heading.map { "## \($0)\n\n\(text)\n" } ?? "\(text)\n"
        }.joined(separator: "\n")
    }

    /// A YAML scalar that reads back as exactly `value`: plain when that is safe, else double-quoted.
    static func yamlScalar(_ value: String) -> String {
        if let node = try? Yams.compose(yaml: "v: \(value)"), let scalar = node.mapping?["v"]?.scalar,
           scalar.string == value, scalar.style == .plain
        {
            return value
        }
        var escaped = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\t": escaped += "\\t"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return "\"\(escaped)\""
    }
}
