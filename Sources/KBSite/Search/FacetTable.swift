import KBCore

/// Each document's category and product lines, for the search page's filters: one character of the
/// index alphabet per document number from 0, worth 0 for no document, else
/// `1 + 8 × category + products`, where `category` is the position in `Category.allCases` and
/// `products` has bit `i` set for `Product.allCases[i]`. The browser filters the documents a query
/// holds with it before ranking, exactly where `kb search --category/--product` filters its hits.
enum FacetTable {
    static func encode(_ documents: [(number: Int, article: Article)], maxDocument: Int) -> String {
        var values = [Int](repeating: 0, count: maxDocument + 1)
        for (number, article) in documents {
            let category = Category.allCases.firstIndex(of: article.category)!
            var products = 0
            for product in article.frontMatter.products { products |= 1 << Product.allCases.firstIndex(of: product)! }
            values[number] = 1 + 8 * category + products
        }
        return String(decoding: values.map { IndexEncoding.alphabet[$0] }, as: UTF8.self)
    }

    /// The names the table's positions stand for, in order, as `meta.js` lists them.
    static var namesJSON: String {
        func strings(_ values: [String]) -> String { "[" + values.map(quoted).joined(separator: ",") + "]" }
        return "{\"categories\":\(strings(Category.allCases.map(\.rawValue))),\"products\":\(strings(Product.allCases.map(\.rawValue)))}"
    }
}
