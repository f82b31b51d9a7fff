/// The five kinds of article. Each lives in its own folder under `content/`.
public enum Category: String, CaseIterable, Codable, Sendable, Comparable {
    case guide, cause, fix, prevention, product

    /// The folder under `content/` that holds articles of this category.
    public var folder: String {
        switch self {
        case .guide: "guides"
        case .cause: "causes"
        case .fix: "fixes"
        case .prevention: "prevention"
        case .product: "products"
        }
    }

    public init?(folder: String) {
        guard let match = Category.allCases.first(where: { $0.folder == folder }) else { return nil }
        self = match
    }

    /// Guides, causes and fixes must say which symptoms they answer.
    public var requiresSymptoms: Bool { self == .guide || self == .cause || self == .fix }

    /// Order used when listing categories: the troubleshooting path first.
    public static func < (lhs: Category, rhs: Category) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The three product lines a merchant may be using.
public enum Product: String, CaseIterable, Codable, Sendable, Comparable {
    case eSign = "e-sign"
    case traditional
    case smart

    public static func < (lhs: Product, rhs: Product) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
