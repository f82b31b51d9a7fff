/// Fragment identifiers for headings, GitHub style, so that links editors write by hand
/// (`check-network.md#处理步骤`) work: lowercase, spaces to hyphens, punctuation dropped, Chinese kept.
public enum Anchor {
    public static func slug(_ heading: String) -> String {
        var slug = ""
        for scalar in heading.lowercased().unicodeScalars {
            let properties = scalar.properties
            if scalar == " " || scalar == "\t" {
                slug += "-"
            } else if scalar == "-" || scalar == "_" || properties.isAlphabetic || properties.numericType != nil
                        || properties.generalCategory == .nonspacingMark
            {
                slug.unicodeScalars.append(scalar)
            }
        }
        return slug
    }

    /// Assigns slugs to headings in document order, suffixing repeats (`a`, `a-1`, `a-2`) and
    /// naming empty ones `section-N` (N counting from 1).
    public static func uniqueSlugs(_ headings: [String]) -> [String] {
        var used: [String: Int] = [:]
        var taken = Set<String>()
        return headings.enumerated().map { offset, heading in
            var base = slug(heading)
            if base.isEmpty { base = "section-\(offset + 1)" }
            var candidate = base
            var count = used[base, default: 0]
            while taken.contains(candidate) {
                count += 1
                candidate = "\(base)-\(count)"
            }
            used[base] = count
            taken.insert(candidate)
            return candidate
        }
    }
}
