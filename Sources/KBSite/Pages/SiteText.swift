import KBCore

/// Text the pages show that is not in the templates: category and product names (one table, in
/// KBCore), what each category and product line is about (kb.yml: `site.categories`,
/// `site.products`), and dates.
struct SiteText {
    /// From kb.yml; a category or product line without one shows no introduction.
    var categoryBlurbs: [Category: String] = [:]
    var productBlurbs: [Product: String] = [:]

    static func name(_ category: Category) -> String { category.chineseName }
    static func name(_ product: Product) -> String { product.chineseName }

    func blurb(_ category: Category) -> String { categoryBlurbs[category] ?? "" }
    func blurb(_ product: Product) -> String { productBlurbs[product] ?? "" }

    /// `2026-11-20` → `2026年11月20日`.
    static func date(_ day: Day) -> String { "\(day.year)年\(day.month)月\(day.day)日" }
}
