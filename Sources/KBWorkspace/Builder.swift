import Foundation
import KBCore
import KBIndex
import KBMarkdown
import KBSearch
import KBSite
import KBText

public struct BuildOptions: Sendable {
    /// Ignore the previous index and site: parse and write everything.
    public var full = false
    /// Also generate the site.
    public var site = true
    public var outputDirectory: URL?
    /// How long to wait for another build of the same index to finish; zero refuses at once.
    public var lockPatience: Duration = BuildLock.patience
    /// Receives `[n/N] step` lines.
    public var progress: @Sendable (String) -> Void = { _ in }
    /// The day article freshness is judged on; nil: `KB_TODAY`, else the clock (see `Freshness`).
    public var today: Day?

    public init(full: Bool = false, site: Bool = true, outputDirectory: URL? = nil,
                lockPatience: Duration = BuildLock.patience, today: Day? = nil,
                progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.full = full
        self.site = site
        self.outputDirectory = outputDirectory
        self.lockPatience = lockPatience
        self.today = today
        self.progress = progress
    }
}

public struct BuildReport: Sendable {
    public var diagnostics: [Diagnostic] = []
    public var articleCount = 0
    /// Files read and parsed this build; the rest were unchanged since the last one.
    public var parsed = 0
    public var reused = 0
    public var index: IndexUpdate?
    public var site: SiteReport?
    public var outputDirectory: URL?
    /// Seconds per step, in order.
    public var timings: [(step: String, seconds: Double)] = []
}

/// What `kb check` found.
public struct CheckReport: Sendable {
    public var diagnostics: [Diagnostic]
    /// Article files found under `content/`.
    public var articleCount: Int
}

/// Everything `kb check` and `kb build` do, as named steps. Content is read once into plain values;
/// the index and the site are both made from them. Nothing is written unless every file is valid.
public enum Builder {
    /// Checks all content without writing anything, judging freshness on `today` (nil: `KB_TODAY`,
    /// else the clock).
    public static func check(_ base: KnowledgeBase, today: Day? = nil) throws -> CheckReport {
        let listing = try ContentScanner.scan(base)
        BuildCheckpoint.reach(.scanned)
        let loaded = try load(base, listing: listing, stored: [:], html: false, today: resolved(today), progress: { _ in })
        return CheckReport(diagnostics: loaded.diagnostics.sortedForDisplay(), articleCount: loaded.files)
    }

    public static func build(_ base: KnowledgeBase, options: BuildOptions = BuildOptions()) throws -> BuildReport {
        let lock = try BuildLock.acquire(for: base.indexPath, patience: options.lockPatience)
        defer { lock.release() }
        BuildCheckpoint.reach(.locked)

        var report = BuildReport()
        let clock = ContinuousClock()
        var stepStart = clock.now
        let steps = options.site ? 3 : 2
        func step(_ index: Int, _ name: String) {
            options.progress("[\(index)/\(steps)] \(name)")
        }
        func finishStep(_ name: String) {
            let elapsed = clock.now - stepStart
            report.timings.append((name, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
            stepStart = clock.now
        }

        // 1. Read content, reusing what the previous index holds for unchanged files.
        step(1, "reading content")
        let listing = try ContentScanner.scan(base)
        BuildCheckpoint.reach(.scanned)
        let today = resolved(options.today)
        let output = options.outputDirectory ?? base.defaultOutputDirectory
        let sitePath = options.site ? output.standardizedFileURL.path : nil
        let settings = BuildRecord.settings(base)
        let inputs = BuildRecord.inputs(settings: settings, listing: listing, day: today)
        if !options.full, let record = BuildRecord.read(base, inputs: inputs), record.covers(inputs: inputs, site: sitePath, base: base) {
            return unchanged(record, output: sitePath.map { _ in output })
        }
        BuildRecord.forget(base)
        let stored = options.full ? [:] : storedArticles(base)
        let loaded = try load(base, listing: listing, stored: stored, today: today, progress: options.progress)
        report.diagnostics = loaded.diagnostics.sortedForDisplay()
        report.articleCount = loaded.entries.count
        report.parsed = loaded.parsed.count
        report.reused = loaded.entries.count - loaded.parsed.count
        finishStep("read")
        let errors = report.diagnostics.filter { $0.severity == .error }.count
        guard errors == 0 else { throw BuildFailure(report: report, error: .contentErrors(count: errors)) }
        BuildCheckpoint.reach(.read)

        // 2. Index.
        step(2, "indexing \(loaded.entries.count) articles")
        do {
            report.index = try IndexWriter.write(loaded.entries, synonyms: loaded.synonyms, to: base.indexPath,
                                                 start: loaded.configuration.start, queryModel: loaded.queryModel,
                                                 full: options.full, checkpoint: { BuildCheckpoint.reach($0) })
        } catch {
            throw BuildFailure(report: report, underlying: "\(error)")
        }
        finishStep("index")

        // 3. Site.
        if options.site {
            step(3, "generating site in \(base.relativePath(output))")
            do {
                let numbers = try IndexReader(path: base.indexPath).documentNumbers()
                var input = SiteInput(
                    articles: loaded.entries.map(\.article),
                    bodies: Dictionary(loaded.parsed.map { ($0.article.id, $0.html) }, uniquingKeysWith: { a, _ in a }),
                    renderBody: { article in try renderBody(of: article, in: base) },
                    synonyms: loaded.synonyms, siteTitle: loaded.configuration.siteTitle, words: loaded.words,
                    siteDirectory: base.siteDirectory, contentDirectory: base.contentDirectory, assets: loaded.assets,
                    documentNumbers: numbers, baseURL: loaded.configuration.siteBaseURL,
                    featured: loaded.configuration.featured, reviewAfterDays: loaded.configuration.reviewAfterDays,
                    start: loaded.configuration.start)
                input.queryModel = loaded.queryModel
                input.categoryBlurbs = loaded.configuration.categoryBlurbs
                input.productBlurbs = loaded.configuration.productBlurbs
                input.settingsDigest = settings
                report.site = try SiteGenerator.generate(input, to: output, full: options.full)
                Retire.later(input)
                report.outputDirectory = output
            } catch {
                throw BuildFailure(report: report, underlying: "\(error)")
            }
            finishStep("site")
        }
        BuildRecord(inputs: inputs, site: sitePath, outputs: BuildRecord.outputs(base, site: sitePath),
                    articleCount: report.articleCount, diagnostics: report.diagnostics,
                    siteFiles: report.site?.files.count ?? 0).write(base)
        Retire.later((loaded, stored))
        BuildCheckpoint.reach(.finished)
        return report
    }

    /// What the last build stored of each article, read in two halves on two connections at once;
    /// empty when any part cannot be read (every article is then parsed).
    private static func storedArticles(_ base: KnowledgeBase) -> [ArticleID: StoredArticle] {
        let parts = 2
        let read = Concurrently.map(Array(0..<parts)) { part in
            try? IndexReader(path: base.indexPath).storedArticles(part: part, of: parts)
        }
        var stored: [ArticleID: StoredArticle] = [:]
        for part in read {
            guard let part else { return [:] }
            stored.merge(part) { first, _ in first }
        }
        return stored
    }

    /// The report of a build that found nothing to do: the last build's, with nothing parsed,
    /// indexed or written.
    private static func unchanged(_ record: BuildRecord, output: URL?) -> BuildReport {
        var report = BuildReport()
        report.diagnostics = record.diagnostics
        report.articleCount = record.articleCount
        report.reused = record.articleCount
        report.index = IndexUpdate(unchanged: record.articleCount, incremental: true, documentCount: record.articleCount)
        if let output {
            var site = SiteReport()
            site.pagesUnchanged = record.siteFiles
            report.site = site
            report.outputDirectory = output
        }
        BuildCheckpoint.reach(.finished)
        return report
    }

    // MARK: Loading

    struct Loaded {
        var entries: [IndexEntry] = []
        /// Article files found, valid or not.
        var files = 0
        var parsed: [ParsedArticle] = []
        var assets: [String] = []
        var synonyms = SynonymTable.empty
        /// `content/query-model.json`, when there is one that can be used.
        var queryModel: QueryModel?
        var configuration = Configuration()
        var words = SiteWordsLoader.standard
        var diagnostics: [Diagnostic] = []
    }

    /// Reads every article, in parallel on all cores, skipping files whose size and time (or, failing
    /// that, content hash) match the previous index; then runs the cross-article checks.
    /// An explicit day, else `KB_TODAY`, else the clock (an unreadable `KB_TODAY` is reported by
    /// the commands, which read it first).
    private static func resolved(_ today: Day?) -> Day {
        today ?? (try? Freshness.today()) ?? Freshness.localDay(of: Date())
    }

    static func load(_ base: KnowledgeBase, listing: ContentListing, stored: [ArticleID: StoredArticle],
                     html: Bool = true, today: Day, progress: (String) -> Void) throws -> Loaded {
        var loaded = Loaded()
        loaded.assets = listing.assets
        loaded.diagnostics = listing.diagnostics
        (loaded.configuration, loaded.diagnostics) = { let (c, d) = Configuration.load(base); return (c, loaded.diagnostics + d) }()
        let (words, wordDiagnostics) = SiteWordsLoader.load(base)
        loaded.words = words
        loaded.diagnostics += wordDiagnostics
        let (synonyms, synonymDiagnostics) = SynonymsLoader.load(base)
        loaded.synonyms = synonyms
        loaded.diagnostics += synonymDiagnostics

        let files = listing.articles
        loaded.files = files.count
        let outcomes = Concurrently.map(files) { readOne($0, stored: stored[$0.id], html: html) }
        // Positions of reused articles stay encoded until a diagnostic needs them (most never do).
        let lines = LinesCache()
        for (file, outcome) in zip(files, outcomes) {
            switch outcome {
            case let .reused(article, positions, warnings):
                loaded.entries.append(IndexEntry(article: article, fileSize: file.size, fileModified: file.modified,
                                                 frontMatterPositions: positions, readerWarnings: warnings))
                lines.encoded[article.id] = positions
                // Carried as stored; decoded only for the few articles that have any.
                if !warnings.isEmpty { loaded.diagnostics += readerWarnings(warnings, of: file) }
            case let .parsed(parsed, diagnostics):
                loaded.diagnostics += diagnostics
                if let parsed {
                    // Stored with the article (only warnings: an error leaves it out), for builds that reuse it.
                    loaded.entries.append(IndexEntry(article: parsed.article, fileSize: file.size, fileModified: file.modified,
                                                     frontMatterPositions: parsed.lines.encoded,
                                                     readerWarnings: ReaderWarnings.encode(diagnostics)))
                    loaded.parsed.append(parsed)
                    lines.decoded[parsed.article.id] = parsed.lines
                }
            case let .unreadable(diagnostic):
                loaded.diagnostics.append(diagnostic)
            }
        }
        let read = Set(loaded.entries.map(\.article.id))
        let (queryModel, modelDiagnostics) = QueryModelLoader.load(base, articles: read)
        loaded.queryModel = queryModel
        loaded.diagnostics += modelDiagnostics
        let checker = ContentChecker(
            articles: loaded.entries.map(\.article), assets: Set(listing.assets), configuration: loaded.configuration,
            today: today,
            unreadable: Set(files.map(\.id)).subtracting(read),
            lines: { article in lines.lines(of: article.id) ?? rereadLines(of: article, in: base) })
        loaded.diagnostics += checker.check()
        loaded.diagnostics += SiteOverrides.check(base)
        return loaded
    }

    /// Front-matter positions by article: decoded ones of parsed articles, and encoded ones of
    /// reused articles, decoded on first use.
    final class LinesCache {
        var decoded: [ArticleID: FrontMatterLines] = [:]
        var encoded: [ArticleID: String] = [:]

        /// Nil when the article has none, or none readable.
        func lines(of id: ArticleID) -> FrontMatterLines? {
            if let lines = decoded[id] { return lines }
            guard let text = encoded.removeValue(forKey: id), let lines = FrontMatterLines(encoded: text) else { return nil }
            decoded[id] = lines
            return lines
        }
    }

    enum Outcome {
        /// With its front-matter positions (`FrontMatterLines.encoded`) and the warnings reading
        /// its file gave (`ReaderWarnings`), as stored.
        case reused(Article, positions: String, warnings: String)
        case parsed(ParsedArticle?, [Diagnostic])
        case unreadable(Diagnostic)
    }

    private static func readOne(_ file: SourceFile, stored: StoredArticle?, html: Bool) -> Outcome {
        if let stored, stored.file.size == file.size, stored.file.modified == file.modified {
            return .reused(stored.article, positions: stored.frontMatterPositions, warnings: stored.readerWarnings)
        }
        guard let data = FileManager.default.contents(atPath: file.absolutePath) else {
            // Listed a moment ago: either deleted since (the build raced an editor) or not readable.
            let deleted = !FileManager.default.fileExists(atPath: file.absolutePath)
            let readable = FileManager.default.isReadableFile(atPath: file.absolutePath)
            return .unreadable(.error(SourceLocation(path: file.path), .unreadable,
                                      deleted ? "the file was deleted while the build ran"
                                          : readable ? "cannot read the file" : "cannot read the file: permission denied",
                                      hint: deleted ? "run kb build again" : "check that the file is readable, then run again"))
        }
        let bytes = [UInt8](data)
        if let stored, stored.file.contentHash == ContentHash.hex(of: bytes) {
            var article = stored.article
            article.sourcePath = file.path
            return .reused(article, positions: stored.frontMatterPositions, warnings: stored.readerWarnings)
        }
        let (parsed, diagnostics) = ArticleLoader.load(file, bytes: bytes, html: html)
        return .parsed(parsed, diagnostics)
    }

    /// The warnings reading a reused article's file gave: as stored, or read from the file again
    /// when they are unreadable.
    private static func readerWarnings(_ stored: String, of file: SourceFile) -> [Diagnostic] {
        if let warnings = ReaderWarnings.decode(stored, path: file.path) { return warnings }
        guard let data = FileManager.default.contents(atPath: file.absolutePath) else { return [] }
        return ArticleLoader.load(file, bytes: [UInt8](data), html: false).1
    }

    /// Front-matter lines of a reused article whose stored positions were unreadable.
    private static func rereadLines(of article: Article, in base: KnowledgeBase) -> FrontMatterLines {
        let url = base.root.appendingPathComponent(article.sourcePath)
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8),
              case let .success(split) = FrontMatterReader.split(text, path: article.sourcePath) else { return FrontMatterLines() }
        return FrontMatterReader.read(split, path: article.sourcePath, folderCategory: article.category).1
    }

    /// Body HTML of an article that was not parsed this build.
    static func renderBody(of article: Article, in base: KnowledgeBase) throws -> String {
        let url = base.root.appendingPathComponent(article.sourcePath)
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw WorkspaceError.unreadableContent(article.sourcePath, "changed or removed during the build")
        }
        guard case let .success(split) = FrontMatterReader.split(text, path: article.sourcePath) else {
            throw WorkspaceError.unreadableContent(article.sourcePath, "front matter changed during the build")
        }
        return MarkdownParser.parse(split.body, id: article.id, firstLine: split.bodyLine).html
    }
}

/// A build that stopped: the report so far (with its diagnostics) and why.
public struct BuildFailure: Error, CustomStringConvertible {
    public var report: BuildReport
    public var message: String

    init(report: BuildReport, error: WorkspaceError) {
        self.report = report
        self.message = error.description
    }

    init(report: BuildReport, underlying: String) {
        self.report = report
        self.message = "build failed: \(underlying); the previous index and site are unchanged"
    }

    public var description: String { message }
}
