import KBCore

/// Names and descriptions the pages show for categories and product lines. The rest of the page
/// text lives in the templates under `site/`, where a designer edits it.
enum SiteText {
    static func name(_ category: Category) -> String {
        switch category {
        case .guide: "排查指南"
        case .cause: "常见原因"
        case .fix: "解决办法"
        case .prevention: "预防措施"
        case .product: "产品介绍"
        }
    }

    static func blurb(_ category: Category) -> String {
        switch category {
        case .guide: "刷卡扫码成功、钱却没到账时，从这里按顺序一步步排查。"
        case .cause: "钱为什么没到：网络、结算账户、系统维护、风控等常见原因。"
        case .fix: "找到原因后，照着这些步骤处理。"
        case .prevention: "平时做好这些，少遇到不到账。"
        case .product: "电签POS、传统POS和智能POS各自的功能和排查要点。"
        }
    }

    static func name(_ product: Product) -> String {
        switch product {
        case .eSign: "电签POS"
        case .traditional: "传统POS"
        case .smart: "智能POS"
        }
    }

    static func blurb(_ product: Product) -> String {
        switch product {
        case .eSign: "小巧便携，内置eSIM，支持电子签名和扫码收款。"
        case .traditional: "功能齐全的台式收款终端，新款支持扫码和电子签名。"
        case .smart: "基于云计算的智能收银终端（云POS），支持会员、营销和应用市场。"
        }
    }

    /// `2026-11-20` → `2026年11月20日`.
    static func date(_ day: Day) -> String { "\(day.year)年\(day.month)月\(day.day)日" }
}
