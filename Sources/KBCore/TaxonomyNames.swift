/// What readers see for each category and product line: the one table the site, the terminal and
/// the browser search (through the search page's filter labels) share. What each category or
/// product line is about, for a particular knowledge base, is written in its kb.yml.
extension Category {
    public var chineseName: String {
        switch self {
        case .guide: "排查指南"
        case .cause: "常见原因"
        case .fix: "解决办法"
        case .prevention: "预防措施"
        case .product: "产品介绍"
        }
    }

    public var englishName: String {
        switch self {
        case .guide: "guide"
        case .cause: "cause"
        case .fix: "fix"
        case .prevention: "prevention"
        case .product: "product"
        }
    }
}

extension Product {
    public var chineseName: String {
        switch self {
        case .eSign: "电签POS"
        case .traditional: "传统POS"
        case .smart: "智能POS"
        }
    }

    public var englishName: String {
        switch self {
        case .eSign: "e-sign POS"
        case .traditional: "traditional POS"
        case .smart: "smart POS"
        }
    }
}
