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
    /// The article every reader should start with (kb.yml's `site.start`), which an out-of-scope
    /// answer points to; nil when the knowledge base names none.
    public var start: StartArticle?

    public init(_ language: Language, start: StartArticle? = nil) {
        self.language = language
        self.start = start
    }

    private func pick(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }

    public func category(_ category: Category) -> String { pick(category.chineseName, category.englishName) }

    public func product(_ product: Product) -> String { pick(product.chineseName, product.englishName) }

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

    /// The knowledge base has no article on these topics: say so, and where to ask instead.
    public func outOfScope(_ topics: [String]) -> String {
        let named = topics.map { "「\($0)」" }.joined(separator: "、")
        let answer = pick("这里没有关于\(named)的文章：这类问题请直接问你的服务商。",
                          "There is no article about \(topics.joined(separator: ", ")) here: ask your provider.")
        guard let start else { return answer }
        let title = TerminalStyle.sanitize(start.title)
        return answer + pick("也可以先看「\(title)」（\(start.id)）。", " You may also start with \"\(title)\" (\(start.id)).")
    }

    public var lowConfidence: String {
        pick("没有找到确切的答案，下面的文章可能有关：", "No exact answer; these articles may be related:")
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
    public var noFeedback: String { pick("还没有读者说哪篇文章没有帮助。", "No reader has said an article did not help yet.") }
    public var feedbackHeader: String { pick("否  是  文章（读者说没有解决问题）", " no yes  article (readers said it did not help)") }

    /// The page's reasons, as `site/templates/article.mustache` words them.
    public func reason(_ reason: FeedbackReason) -> String {
        switch reason {
        case .incomplete: pick("信息不全", "incomplete")
        case .incorrect: pick("内容有误", "incorrect")
        case .unclear: pick("看不懂", "unclear")
        case .brokenLink: pick("链接失效", "broken link")
        case .other: pick("其他", "other")
        }
    }

    public func checkSummary(errors: Int, warnings: Int, articles: Int) -> String {
        pick("检查了 \(articles) 篇文章：\(errors) 个错误，\(warnings) 个警告",
             "checked \(articles) article\(articles == 1 ? "" : "s"): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
    }

    public func buildSummary(articles: Int, parsed: Int, seconds: Double) -> String {
        let time = String(format: "%.2f", seconds)
        return pick("已构建 \(articles) 篇文章（重新解析 \(parsed) 篇），用时 \(time) 秒",
                    "built \(articles) articles (\(parsed) parsed) in \(time) s")
    }

    // MARK: kb new

    public func created(_ path: String) -> String { pick("已创建 \(path)", "created \(path)") }

    public func fillIn(placeholders: Int, symptoms: Bool) -> String {
        let what = symptoms ? pick("\(placeholders) 处【待填写】和 symptoms", "\(placeholders) 【待填写】 placeholders and the symptoms")
                            : pick("\(placeholders) 处【待填写】", "\(placeholders) 【待填写】 placeholders")
        return pick("接下来：填写\(what)，然后运行 kb check（没填完的地方它都会列出来）。",
                    "next: fill in the \(what), then run kb check (it lists whatever is left).")
    }

    public func scaffoldError(_ error: ScaffoldError) -> String {
        let folders = ArticleIDRule.folderList
        switch error {
        case let .invalidID(id, .noFolder):
            return pick("`\(id)` 没有分类文件夹：写成 `causes/\(id)` 这样（文件夹：\(folders)）",
                        "`\(id)` has no category folder: write it as `causes/\(id)` (folders: \(folders))")
        case let .invalidID(_, .unknownFolder(folder, suggestion)):
            let guess = suggestion.map { pick("（是不是 `\($0)`？）", " (did you mean `\($0)`?)") } ?? ""
            return pick("`\(folder)` 不是分类文件夹\(guess)。可用的文件夹：\(folders)",
                        "`\(folder)` is not a category folder\(guess); the folders are: \(folders)")
        case let .invalidID(id, .tooDeep):
            return pick("`\(id)`：文章直接放在分类文件夹里，不能再分子文件夹", "`\(id)`: articles sit directly in a category folder, without subfolders")
        case let .invalidID(_, .invalidSlug(slug, suggestion)):
            let example = suggestion ?? "paper-jam"
            return pick("`\(slug)` 不符合命名规则：文件名只用小写英文字母、数字和连字符，例如 `\(example)`",
                        "`\(slug)` breaks the naming rule: use lowercase ASCII letters, digits and hyphens, e.g. `\(example)`")
        case .emptyTitle:
            return pick("标题是空的：用 --title \"……\" 给出中文标题", "the title is empty: give it with --title \"…\"")
        case .multilineTitle:
            return pick("标题只能有一行，不能含换行或控制字符", "the title must be one line, without line breaks or control characters")
        case let .exists(path):
            return pick("\(path) 已经存在，不会覆盖：换一个 id，或直接编辑这个文件",
                        "\(path) already exists and was left as it is: choose another id, or edit that file")
        case let .write(path, reason):
            return pick("无法写入 \(path)：\(reason)", "cannot write \(path): \(reason)")
        case let .skeleton(path, problem):
            return pick("\(path) 写不出有效的文章（\(problem)）：改好它（kb check 会列出问题），或删掉它改用 kb 的默认骨架",
                        "\(path) cannot make a valid article (\(problem)): fix it (kb check lists what is wrong), or delete it to use kb's default")
        }
    }

    // MARK: kb search -i

    public var pickerPrompt: String { pick("搜索> ", "search> ") }
    public var pickerEmpty: String {
        pick("输入商户描述的问题，结果随输入更新，例如：刷卡成功钱没到账", "Type the merchant's problem; results update as you type, e.g. 刷卡成功钱没到账")
    }
    public var pickerListKeys: String {
        pick("↑↓ 选择  Enter 查看文章  Tab 输出回复并退出  Esc 退出", "↑↓ select  Enter read  Tab print reply and exit  Esc quit")
    }
    public var pickerArticleKeys: String {
        pick("↑↓ 滚动  空格 翻页  Tab 输出回复并退出  q/Esc 返回列表", "↑↓ scroll  Space page  Tab print reply and exit  q/Esc back")
    }
    public var pickerTooSmall: String { pick("窗口太小", "window too small") }

    // MARK: kb serve

    public func serveListening(_ url: String) -> String {
        pick("预览地址：\(url)（按 Ctrl-C 停止）", "serving \(url) (press Ctrl-C to stop)")
    }

    public func serveWatching(_ folders: String) -> String {
        pick("正在监视 \(folders)，保存后自动重新构建并刷新页面", "watching \(folders): saving a file rebuilds the site and reloads open pages")
    }

    public func serveExposed(_ host: String) -> String {
        pick("注意：监听的是 \(host)，同一网络里的其他人也能访问这个预览", "note: listening on \(host), so others on the network can open this preview")
    }

    public func serveRebuilt(changed: String, milliseconds: Double, parsed: Int, articles: Int, pages: Int) -> String {
        let time = String(format: "%.0f", milliseconds)
        return pick("\(changed) 有改动：已重新构建（\(time) 毫秒，\(articles) 篇中重新解析 \(parsed) 篇），刷新 \(pages) 个页面",
                    "\(changed) changed: rebuilt in \(time) ms (\(parsed) of \(articles) articles parsed), reloading \(pages) page\(pages == 1 ? "" : "s")")
    }

    public func serveAndMore(_ first: String, more: Int) -> String {
        pick("\(first) 等 \(more + 1) 个文件", "\(first) and \(more) more")
    }

    public func serveBuildFailed(_ message: String, changed: String?) -> String {
        let zh = "\(message)。预览继续显示上一次成功构建的站点，改正后保存即可"
        let en = "\(message). Still serving the last good build: save a fix to try again"
        guard let changed else { return pick(zh, en) }
        return pick("\(changed) 有改动：\(zh)", "\(changed) changed: \(en)")
    }

    public func servePortInUse(_ port: Int) -> String {
        pick("端口 \(port) 已被占用：用 --port 换一个（--port 0 自动选择空闲端口）",
             "port \(port) is in use: choose another with --port (--port 0 picks a free one)")
    }

    public func serveCannotListen(_ host: String, _ reason: String) -> String {
        pick("无法在 \(host) 上监听：\(reason)", "cannot listen on \(host): \(reason)")
    }

    public func serveOutputInsideWatched(_ path: String) -> String {
        pick("输出目录 \(path) 在 content/ 或 site/ 里面：每次构建都会再次触发构建，请换一个 --out",
             "the output folder \(path) is inside content/ or site/, so every build would trigger another: choose another --out")
    }

    public var serveStopped: String { pick("预览已停止", "preview stopped") }
    public var serveOverlayTitle: String { pick("构建失败：页面显示的是上一次成功构建的结果", "Build failed: this page shows the last good build") }
    public var serveOverlayHint: String { pick("改正后保存文件，页面会自动刷新。", "Save a fix and this page reloads by itself.") }
    public var serveNotFound: String { pick("找不到这个页面", "Page not found") }
    public var serveNoSite: String { pick("站点还没有成功构建过", "The site has not been built successfully yet") }
    public var serveHome: String { pick("返回首页", "Back to the home page") }
}

/// The article an answer can point a reader to when nothing else fits.
public struct StartArticle: Sendable, Equatable {
    public var id: ArticleID
    public var title: String

    public init(id: ArticleID, title: String) {
        self.id = id
        self.title = title
    }
}
