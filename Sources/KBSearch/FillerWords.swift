import KBText

/// Words that carry no topic in a merchant's question: question words, particles, politeness.
/// Removing them keeps long colloquial queries about their content words. Content words that look
/// like filler (不, 没, 到) are deliberately absent: 没到账 depends on them.
public enum FillerWords {
    /// Chinese filler, longest first so that 怎么办 wins over 怎么.
    public static let chinese: [String] = [
        "应该怎么办", "该怎么办", "该怎么处理", "该怎么解决", "该如何处理", "该如何解决", "该如何",
        "怎么回事", "咋回事儿", "怎么搞的", "怎么处理", "怎么解决", "怎么弄", "怎么整", "怎么办", "怎么样",
        "咋回事", "咋整", "咋办", "咋弄", "咋搞", "为什么", "为啥", "为何", "请问", "请教", "是不是", "是否", "能不能",
        "可不可以", "可以吗", "会不会", "有没有", "该怎么", "应该", "怎么", "怎样", "如何", "什么",
        "啥", "咋", "吗", "呢", "啊", "呀", "吧", "嘛", "哦", "哈", "了", "的", "得", "我", "我们",
        "你们", "你", "帮忙", "帮我", "一下", "谢谢", "求助", "在线等", "麻烦", "老是", "总是", "一直",
        "还是", "就是", "现在", "这个", "那个", "这样", "那样", "已经",
        // Question and page-title padding: what kind of answer is wanted, not what it is about.
        "什么意思", "啥意思", "意思", "什么情况", "情况", "解决办法", "解决方法", "处理办法", "处理方法", "办法", "方法",
        "出现", "一般", "到底", "究竟", "能否", "可否", "可以", "几种", "哪些", "可能",
        "详解", "介绍", "总结", "分享", "案例", "原因", "问题", "么",
        "干什么用", "干啥用", "做什么用", "有什么用", "干什么", "干啥", "干嘛", "解决",
        "哪个", "哪家", "哪里", "哪儿", "哪边",
        "全面解析", "解析", "分析", "解决方案", "含义", "常见", "全攻略", "攻略", "必知", "须知", "大全", "汇总",
        "应对策略", "应对措施", "应对方法", "应对", "对策", "策略", "可行性", "难题", "之谜", "简介", "概述", "指南", "技巧",
        "注意事项", "要点", "主要", "典型",
        // Verbs that link a cause to its effect (什么原因导致不到账): the effect is the topic.
        "导致", "造成", "引起", "引发",
        // Conjunctions join the clauses of a question; the clauses carry its topic (如果刷卡不到账该如何解决).
        // 不过 and 要是 are left out: 刷不过去 and 主要是 hold them across a word boundary.
        "如果", "假如", "万一", "的话", "因为", "所以", "但是", "而且", "或者", "然后", "那么", "虽然", "即使",
        "并且", "以及",
    ]

    /// Measure words of a page title's count (5种原因, 四大原因, 3个方法): with the number before
    /// them they count the answers, they are not asked about.
    public static let countMeasureWords: Set<String> = ["种", "大", "类", "招", "步", "个", "条", "项"]
    /// Numerals a count is written with in Chinese (四大, 十几种).
    public static let chineseNumerals: Set<String> = ["一", "二", "两", "三", "四", "五", "六", "七", "八", "九", "十", "几", "百"]
    /// Units of a duration (五天, 3个小时, 两个月): how long the merchant has waited is a detail of the
    /// question, not its topic. 月 counts only after 个 (5月 is May), 日 and 年 not at all (5日, 2023年
    /// are dates).
    public static let durationUnits: [String] = ["个小时", "小时", "个钟头", "钟头", "分钟", "个星期", "星期", "个礼拜", "礼拜",
                                                 "天", "周", "个月"]
    /// Numerals that never start a duration: 几 asks how long (几天到账); 一 is mostly "per" (一天可以结算几次).
    public static let notDurationNumerals: Set<String> = ["几", "一"]

    /// Filler that asks why: the answer is a cause.
    public static let whyWords: Set<String> = ["为什么", "为啥", "为何", "怎么回事", "咋回事", "咋回事儿", "怎么搞的", "原因", "什么情况"]
    /// Filler that asks how to do something: the answer is a fix, when an action follows.
    public static let howWords: Set<String> = ["如何", "怎样", "怎么", "咋", "该怎么", "该如何", "怎么处理", "怎么解决", "怎么弄",
                                               "怎么整", "咋弄", "咋整", "咋搞"]
    /// Characters after a how-word that make it ask why instead (怎么还没到, 咋老是失败, 怎么不到账).
    public static let notAnAction: Set<String> = ["还", "没", "不", "老", "又", "总", "一", "就", "都", "会", "这", "那", "了", "突"]

    /// English words that carry no topic.
    public static let english: Set<String> = [
        "a", "an", "the", "to", "of", "for", "in", "on", "at", "is", "are", "was", "were", "be", "been",
        "my", "i", "me", "we", "our", "you", "your", "it", "its", "and", "or", "but", "due", "with",
        "why", "how", "what", "when", "where", "which", "who", "does", "do", "did", "can", "could",
        "should", "would", "will", "please", "help", "has", "have", "had", "this", "that", "these",
        "those", "from", "by", "into", "after", "still", "yet", "so", "if", "then", "there", "about",
        "any", "some", "get", "got", "im", "dont", "doesnt", "cant", "isnt", "hasnt", "havent",
        "actually", "often", "give", "ok", "okay", "several", "need", "want", "keep", "keeps", "still",
        "just", "also", "very", "really", "there", "here", "what's", "whats", "than", "more", "much", "many",
    ]

    /// Particles that are filler where a phrase ends (坏了, 我的) but part of it inside (开不了机).
    public static let phraseParticles: Set<String> = ["了", "的", "得", "着", "过"]

    /// Function characters that carry no topic when they stand alone between words (与, 后, 在):
    /// never searched as a lone character, though they still form bigrams inside words (后台).
    public static let functionCharacters: Set<String> = [
        "与", "和", "及", "或", "跟", "同", "后", "前", "时", "在", "是", "把", "被", "让", "给", "对", "从", "向",
        "就", "都", "也", "还", "又", "再", "很", "太", "才", "要", "会", "能", "可", "这", "那", "些", "个", "中",
        "里", "上", "下", "着", "过", "之", "其", "所", "以", "而", "并", "但", "却", "则", "为", "于", "由", "等", "该", "已",
        // 急 alone asks for speed; inside 紧急 it is part of a word, so it is never filler.
        "急",
    ]

    /// Characters that are grammar, not topic: the function characters and the particles. A bigram
    /// or a sound-alike word holding one is no word of its own, and one never searches alone.
    public static let grammarCharacters: Set<String> = functionCharacters.union(phraseParticles)

    /// Duration units as unit sequences, longest first.
    static let durationUnitSequences: [[String]] = durationUnits.map { Tokenizer.units(of: $0).map(\.text) }
        .sorted { $0.count > $1.count }

    /// Chinese filler as unit sequences, for matching against query units.
    static let chineseUnits: [[String]] = chinese.map { Tokenizer.units(of: $0).map(\.text) }
        .sorted { $0.count > $1.count }

    /// True when every character of `text` belongs to some filler word (so a pinyin reading such
    /// as `zenme` that maps to 怎么 is dropped like the characters would be).
    public static func isFiller(_ text: String) -> Bool {
        let key = Tokenizer.normalizedKey(text)
        return chinese.contains(key) || english.contains(key)
    }
}
