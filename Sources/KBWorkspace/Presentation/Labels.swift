import Foundation
import KBCore

/// The language of user-facing labels: Chinese when the locale is Chinese, English otherwise.
public enum Language: String, Sendable, CaseIterable {
    case zh, en

    /// From `LC_ALL`, `LC_MESSAGES` or `LANG`, the first that is set.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Language {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[name], !value.isEmpty {
                return value.lowercased().hasPrefix("zh") ? .zh : .en
            }
        }
        return .en
    }
}

/// Every label the terminal output shows, in one table, keyed by what it means.
public struct Labels: Sendable {
    public let language: Language

    public init(_ language: Language) { self.language = language }

    private func pick(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }

    public func category(_ category: Category) -> String {
        switch category {
        case .guide: pick("排查指南", "guide")
        case .cause: pick("原因", "cause")
        case .fix: pick("解决办法", "fix")
        case .prevention: pick("预防", "prevention")
        case .product: pick("产品", "product")
        }
    }

    public func product(_ product: Product) -> String {
        switch product {
        case .eSign: pick("电签POS", "e-sign POS")
        case .traditional: pick("传统POS", "traditional POS")
        case .smart: pick("智能POS", "smart POS")
        }
    }

    public func resultCount(_ count: Int, query: String, milliseconds: Double) -> String {
        let time = String(format: "%.1f", milliseconds)
        return pick("「\(query)」找到 \(count) 篇（\(time) 毫秒）",
                    "\(count) result\(count == 1 ? "" : "s") for \"\(query)\" (\(time) ms)")
    }

    public func noResults(_ query: String) -> String {
        pick("没有找到与「\(query)」相关的文章。试试换个说法，比如描述现象（钱没到、刷卡失败）或产品（电签POS）。",
             "No articles match \"\(query)\". Try describing the symptom (钱没到, 刷卡失败) or the product (电签POS).")
    }

    public func didYouMean(_ rewritten: String) -> String {
        pick("已按读音相近的词搜索：「\(rewritten)」", "Searched by sound instead: \"\(rewritten)\"")
    }

    public var section: String { pick("章节", "section") }
    public var fixesLabel: String { pick("对应的解决办法", "what to do") }
    public var updated: String { pick("更新于", "updated") }
    public var appliesTo: String { pick("适用于", "applies to") }
    public var related: String { pick("相关文章", "related") }
    public var summary: String { pick("摘要", "summary") }
    public var steps: String { pick("处理步骤", "steps") }
    public var details: String { pick("详细说明", "details") }
    public var errorsFound: String { pick("发现问题", "problems found") }

    public var noGaps: String { pick("还没有记录到找不到答案的搜索。", "No unanswered searches logged yet.") }
    public var gapsHeader: String { pick("次数  搜索词（没有找到答案）", "count  query (nothing found)") }
    public var soundAlikeOnly: String { pick("只找到读音相近的结果", "only sound-alike matches") }

    public func checkSummary(errors: Int, warnings: Int, articles: Int) -> String {
        pick("检查了 \(articles) 篇文章：\(errors) 个错误，\(warnings) 个警告",
             "checked \(articles) articles: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
    }

    public func buildSummary(articles: Int, parsed: Int, seconds: Double) -> String {
        let time = String(format: "%.2f", seconds)
        return pick("已构建 \(articles) 篇文章（重新解析 \(parsed) 篇），用时 \(time) 秒",
                    "built \(articles) articles (\(parsed) parsed) in \(time) s")
    }
}
