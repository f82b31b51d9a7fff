import Foundation
import KBCore
import KBText

/// How merchants ask, learned from judged real queries (`content/query-model.json`, written by
/// `Tools/gen_query_model.py`): a multinomial naive Bayes model over a query's features (single
/// ideographs, adjacent pairs and words) that gives each article the probability that it answers the query.
/// The engine adds `weight` times that probability to an article's score, so a phrasing seen
/// before (多久到账 → the settlement cycle, 怎么投诉 → contact support) weighs in beside the words
/// the articles themselves use. The browser search computes the same numbers (search-engine.js).
public struct QueryModel: Sendable {
    /// The articles the model knows, by position.
    public let articles: [ArticleID]
    /// Per article, the summed weight of all its feature counts.
    public let totals: [Double]
    /// Per feature, the articles it was seen with and its weighted count for each: all of them, or
    /// (read from an index) only those of the query at hand.
    public let features: [String: [(article: Int, count: Double)]]
    /// How many features the model has in all (the smoothing's denominator).
    public let vocabularySize: Int
    /// Above this probability of `noAnswer`, the model takes a query for one no article answers.
    public let noAnswerThreshold: Double
    /// A word the index lacks (优点 in 电签POS机有哪些优点, 公积金 in 公积金多久到账) makes a question out
    /// of scope only when the model gives `noAnswer` at least this much: alone, such a word is as
    /// often a detail of an answerable question as the subject of one no article answers.
    public let unknownTopicThreshold: Double

    /// The class learned from the judged questions that no article answers (not an article id:
    /// ids have no spaces or brackets).
    public static let noAnswer: ArticleID = "(no answer)"
    /// Additive smoothing of the counts.
    public let alpha: Double
    /// How much the posterior adds to a score (scores run from about 0 to 3).
    public let weight: Double
    /// The log-likelihoods are divided by the number of known features raised to this power: naive
    /// Bayes counts a query's overlapping character pairs as independent evidence, and without
    /// tempering grows more certain the longer the query is.
    public let tempering: Double

    public init(articles: [ArticleID], totals: [Double], features: [String: [(article: Int, count: Double)]],
                alpha: Double, weight: Double, tempering: Double, noAnswerThreshold: Double = 1,
                unknownTopicThreshold: Double = 0, vocabularySize: Int? = nil) {
        self.articles = articles
        self.totals = totals
        self.features = features
        self.vocabularySize = vocabularySize ?? features.count
        self.noAnswerThreshold = noAnswerThreshold
        self.unknownTopicThreshold = unknownTopicThreshold
        self.alpha = alpha
        self.weight = weight
        self.tempering = tempering
    }

    /// What the model reads in a query: each ideograph, each pair of ideographs adjacent in the
    /// text (账 and 户 in 帐户, folded like the index folds them) and each word. Single ideographs
    /// carry what pairs miss across a split or a typo (钱 in 钱没下来, 钱还没到).
    public static func features(of units: [TextUnit]) -> Set<String> {
        var found = Set<String>()
        for (i, unit) in units.enumerated() {
            found.insert(unit.text)
            if unit.kind == .ideograph, i + 1 < units.count, units[i + 1].kind == .ideograph, units[i + 1].start == unit.end {
                found.insert(unit.text + units[i + 1].text)
            }
        }
        return found
    }

    /// The same model with only these features' entries: all a posterior for them needs.
    public func restricted(to wanted: Set<String>) -> QueryModel {
        QueryModel(articles: articles, totals: totals, features: features.filter { wanted.contains($0.key) },
                   alpha: alpha, weight: weight, tempering: tempering, noAnswerThreshold: noAnswerThreshold,
                   unknownTopicThreshold: unknownTopicThreshold, vocabularySize: vocabularySize)
    }

    /// What the model says about a query.
    public struct Opinion: Sendable {
        /// The bonus each article earns: the weight times its share of the probability left to the articles.
        public var bonus: [ArticleID: Double] = [:]
        /// The model takes the question for one that no article answers (`noAnswer` above `noAnswerThreshold`).
        public var doubtsAnyAnswer = false
        /// Words the index lacks may name the question's subject (see `unknownTopicThreshold`); true
        /// when the model knows none of the query's features, since it then cannot vouch for it.
        public var allowsUnknownTopics = true

        public init() {}
    }

    public func opinion(_ queryFeatures: Set<String>) -> Opinion {
        let posterior = posterior(queryFeatures)
        var opinion = Opinion()
        guard !posterior.isEmpty else { return opinion }
        let none = posterior[Self.noAnswer] ?? 0
        opinion.allowsUnknownTopics = none >= unknownTopicThreshold
        opinion.doubtsAnyAnswer = none >= 1 || none > noAnswerThreshold
        guard none < 1 else { return opinion }
        for (article, probability) in posterior where article != Self.noAnswer {
            opinion.bonus[article] = weight * (probability / (1 - none))
        }
        return opinion
    }

    /// The probability of each article answering a query with these features (summing to 1), or
    /// nothing when the model has seen none of them: it then has no opinion.
    public func posterior(_ queryFeatures: Set<String>) -> [ArticleID: Double] {
        let known = queryFeatures.filter { features[$0] != nil }.sorted()
        guard !known.isEmpty, !articles.isEmpty else { return [:] }
        let vocabulary = Double(vocabularySize)
        // log P(article) + Σ log P(feature | article), with a uniform prior over the articles.
        var logs = totals.map { -Double(known.count) * log($0 + alpha * vocabulary) + Double(known.count) * log(alpha) }
        for feature in known {
            for entry in features[feature] ?? [] where entry.article < logs.count {
                logs[entry.article] += log(entry.count + alpha) - log(alpha)
            }
        }
        let temperature = pow(Double(known.count), tempering)
        logs = logs.map { $0 / temperature }
        let top = logs.max() ?? 0
        let exps = logs.map { exp($0 - top) }
        let sum = exps.reduce(0, +)
        var result: [ArticleID: Double] = [:]
        for (a, value) in exps.enumerated() { result[articles[a]] = value / sum }
        return result
    }
}

/// A query model file that cannot be read, with where.
public struct QueryModelError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var detail: String
    public var description: String { "\(path): \(detail)" }

    public init(path: String, detail: String) {
        self.path = path
        self.detail = detail
    }
}

extension QueryModel {
    /// What the model file and an index's stored header both carry: everything but the features.
    private struct Header {
        var articles: [ArticleID]
        var totals: [Double]
        var alpha: Double
        var weight: Double
        var tempering: Double
        var noAnswerThreshold: Double
        var unknownTopicThreshold: Double
    }

    private static func header(_ object: [String: Any], fail: (String) -> QueryModelError) throws -> Header {
        guard let names = object["articles"] as? [String] else { throw fail("`articles` must be a list of article ids") }
        guard let totals = (object["totals"] as? [NSNumber])?.map(\.doubleValue), totals.count == names.count else {
            throw fail("`totals` must be a list of numbers, one per article")
        }
        guard let alpha = (object["alpha"] as? NSNumber)?.doubleValue, alpha > 0,
              let weight = (object["weight"] as? NSNumber)?.doubleValue, weight >= 0, weight.isFinite,
              let tempering = (object["tempering"] as? NSNumber)?.doubleValue, tempering >= 0, tempering.isFinite,
              let threshold = (object["noAnswerThreshold"] as? NSNumber)?.doubleValue, threshold >= 0, threshold <= 1
        else {
            throw fail("`alpha` must be a number above 0, `weight` and `tempering` numbers of at least 0, "
                       + "`noAnswerThreshold` a number from 0 to 1")
        }
        // Optional: a model written before it existed lets unknown words count as they always did.
        let unknownTopic = object["unknownTopicThreshold"].map { ($0 as? NSNumber)?.doubleValue ?? -1 } ?? 0
        guard unknownTopic >= 0, unknownTopic <= 1 else { throw fail("`unknownTopicThreshold` must be a number from 0 to 1") }
        return Header(articles: names.map(ArticleID.init(rawValue:)), totals: totals, alpha: alpha, weight: weight,
                      tempering: tempering, noAnswerThreshold: threshold, unknownTopicThreshold: unknownTopic)
    }

    private init(_ header: Header, features: [String: [(article: Int, count: Double)]], vocabularySize: Int? = nil) {
        self.init(articles: header.articles, totals: header.totals, features: features, alpha: header.alpha,
                  weight: header.weight, tempering: header.tempering, noAnswerThreshold: header.noAnswerThreshold,
                  unknownTopicThreshold: header.unknownTopicThreshold, vocabularySize: vocabularySize)
    }

    /// Reads the JSON that `Tools/gen_query_model.py` writes (`path` names it in errors).
    public init(json: Data, path: String) throws {
        func fail(_ detail: String) -> QueryModelError { QueryModelError(path: path, detail: detail) }
        guard let object = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] else {
            throw fail("not a JSON object")
        }
        let header = try Self.header(object, fail: fail)
        guard let table = object["features"] as? [String: [[NSNumber]]] else {
            throw fail("`features` must map each feature to a list of [article, count] pairs")
        }
        var features: [String: [(article: Int, count: Double)]] = [:]
        for (feature, entries) in table {
            features[feature] = try entries.map { entry in
                guard entry.count == 2, let article = Int(exactly: entry[0].doubleValue), header.articles.indices.contains(article),
                      entry[1].doubleValue >= 0 else {
                    throw fail("feature \(feature): each entry must be [article position, count ≥ 0]")
                }
                return (article, entry[1].doubleValue)
            }
        }
        self.init(header, features: features)
    }

    /// Everything but the features, as compact JSON: what an index stores beside its feature rows.
    public var headerJSON: String {
        let object: [String: Any] = ["articles": articles.map(\.rawValue), "totals": totals, "alpha": alpha,
                                     "weight": weight, "tempering": tempering, "noAnswerThreshold": noAnswerThreshold,
                                     "unknownTopicThreshold": unknownTopicThreshold,
                                     "vocabulary": vocabularySize]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// One feature's entries as stored in an index row: `article:count` pairs, comma-separated.
    public static func encodeEntries(_ entries: [(article: Int, count: Double)]) -> String {
        entries.map { "\($0.article):\($0.count)" }.joined(separator: ",")
    }

    /// The model from a stored header and the rows of the features wanted, or nil when either
    /// cannot be read (the build wrote both from a checked file).
    public init?(header text: String, rows: [(feature: String, entries: String)]) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
              let header = try? Self.header(object, fail: { QueryModelError(path: "", detail: $0) }),
              let vocabulary = (object["vocabulary"] as? NSNumber)?.intValue
        else { return nil }
        var features: [String: [(article: Int, count: Double)]] = [:]
        for row in rows {
            var entries: [(article: Int, count: Double)] = []
            for pair in row.entries.split(separator: ",") {
                let parts = pair.split(separator: ":")
                guard parts.count == 2, let article = Int(parts[0]), header.articles.indices.contains(article),
                      let count = Double(parts[1]) else { return nil }
                entries.append((article, count))
            }
            features[row.feature] = entries
        }
        self.init(header, features: features, vocabularySize: vocabulary)
    }
}
