import KBCore

/// Text the pages show that is not in the templates: category and product names (one table, in
/// KBCore), what each category and product line is about (kb.yml: `site.categories`,
/// `site.products`), and the site's words (`SiteWords`: page titles, dates).
struct SiteText {
    var words: SiteWords
    /// From kb.yml; a category or product line without one shows no introduction.
    var categoryBlurbs: [Category: String] = [:]
    var productBlurbs: [Product: String] = [:]

    static func name(_ category: Category) -> String { category.chineseName }
    static func name(_ product: Product) -> String { product.chineseName }

    func blurb(_ category: Category) -> String { categoryBlurbs[category] ?? "" }
    func blurb(_ product: Product) -> String { productBlurbs[product] ?? "" }

    func word(_ key: SiteWords.Key, _ values: [String: String] = [:]) -> String { words.text(key, values) }

    func date(_ day: Day) -> String { words.date(day) }
}
