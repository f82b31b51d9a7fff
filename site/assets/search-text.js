/*
 * kb browser search, part 1 of 4: the text rules of KBText, ported function by function
 * (Normalizer, Tokenizer, units, EnglishStemmer, SynonymTable, PinyinSegmenter, PinyinTable,
 * Lexicon, EditDistance). Every table and number comes from `_search/meta.js` and the shards that
 * `kb build` exports from the Swift code; nothing is written here twice.
 *
 * Load order: search-text.js, search-index.js, search-query.js, search-engine.js.
 */
(function (global) {
  "use strict";

  var KB = (global.KBSearchInternals = global.KBSearchInternals || {});
  var DATA = (global.KBSearchData = global.KBSearchData || {});
  var FORMAT = 4;

  // ---------------------------------------------------------------- rules from meta.js

  var RULES = null;

  /** The exported rules, decoded once. Throws when meta.js is missing or of another format. */
  function rules() {
    if (RULES) return RULES;
    var meta = DATA.meta;
    if (!meta) throw new Error("the search index is missing (_search/meta.js); rebuild the site with kb build");
    if (meta.format !== FORMAT) throw new Error("the search index has another format; rebuild the site with kb build");
    var text = meta.text;
    // TextRules.variantFolding: the pairs meta.js's own tables need; the rest come from
    // folding.js when a query or an article holds a character that folds (prepareFolding).
    var folding = {};
    addFoldingPairs(text.variantFolding, folding);
    var slow = {};
    text.slowPath.forEach(function (entry) {
      var pieces = [];
      for (var i = 0; i < entry[1].length; i++) pieces.push([CLASS_OF_CODE[entry[1][i]], entry[2][i]]);
      slow[entry[0]] = pieces;
    });
    var tierWeight = {};
    var tierOrder = {};
    meta.tiers.forEach(function (tier, index) { tierWeight[tier[0]] = tier[1]; tierOrder[tier[0]] = index; });
    RULES = {
      meta: meta,
      folding: folding,
      foldingKeys: foldingKeys(text.foldingKeys),
      foldingComplete: false,
      slowPath: slow,
      ideographRanges: text.ideographRanges,
      separatorRanges: text.separatorRanges,
      fullWidth: text.fullWidth,
      maxWordBytes: text.maxWordBytes,
      maxCompoundParts: text.maxCompoundParts,
      pinyin: text.pinyin,
      lexicon: text.lexicon,
      stemmer: text.stemmer,
      tierWeight: tierWeight,
      tierOrder: tierOrder,
      field: fieldIndices(meta.fields),
      fieldCount: meta.fields.length,
      parameters: meta.parameters,
      engine: meta.engine,
      syllables: new Set(text.pinyin.syllables.split(" ")),
      longestSyllable: text.pinyin.syllables.split(" ").reduce(function (m, s) { return Math.max(m, s.length); }, 0),
      fillerChinese: meta.filler.chinese,
      fillerEnglish: new Set(meta.filler.english),
      phraseParticles: new Set(meta.filler.phraseParticles),
      /** FillerWords.grammarCharacters: function characters and particles. */
      grammarCharacters: new Set(meta.filler.functionCharacters.concat(meta.filler.phraseParticles)),
      whyWords: new Set(meta.filler.whyWords),
      howWords: new Set(meta.filler.howWords),
      notAnAction: new Set(meta.filler.notAnAction),
      countMeasureWords: new Set(meta.filler.countMeasureWords),
      chineseNumerals: new Set(meta.filler.chineseNumerals),
      notDurationNumerals: new Set(meta.filler.notDurationNumerals),
      answerCategories: new Set(meta.answerCategories),
      guides: (function () {
        var set = new Set(), at = 0;
        (meta.guides || []).forEach(function (delta) { at += delta; set.add(at); });
        return set;
      })(),
    };
    RULES.synonyms = new SynonymTable(meta.synonyms, meta.synonymRoles, new Set(meta.negations));
    // FillerWords.durationUnitSequences: longest first (no two of one length can match at one place).
    RULES.durationUnits = meta.filler.durationUnits.map(function (word) { return units(word).map(textOf); })
      .sort(function (a, b) { return b.length - a.length; });
    // FillerWords.chineseUnits: longest first (a stable sort, as Swift's).
    RULES.fillerUnits = RULES.fillerChinese.map(function (word) { return units(word).map(textOf); })
      .map(function (u, i) { return { units: u, index: i }; })
      .sort(function (a, b) { return b.units.length - a.units.length || a.index - b.index; })
      .map(function (entry) { return entry.units; });
    return RULES;
  }

  function textOf(unit) { return unit.text; }

  // ---------------------------------------------------------------- script folding, on demand

  /** Adds pairs of characters, `from` then `to`, in one string (FoldingExport), to `folding`. */
  function addFoldingPairs(pairs, folding) {
    var points = Array.from(pairs);
    for (var p = 0; p + 1 < points.length; p += 2) folding[points[p].codePointAt(0)] = points[p + 1].codePointAt(0);
  }

  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  /** FoldingExport.keys: ascending code points as distances in base-64 digits, 5 bits each. */
  function foldingKeys(encoded) {
    var keys = new Set();
    var previous = 0, distance = 0, shift = 0;
    for (var i = 0; i < encoded.length; i++) {
      var digit = DIGITS.indexOf(encoded[i]);
      distance += (digit & 31) * Math.pow(2, shift);
      if (digit >= 32) {
        shift += 5;
        continue;
      }
      previous += distance;
      keys.add(previous);
      distance = 0;
      shift = 0;
    }
    return keys;
  }

  /** True when `text` holds a character that folds and the rules cannot fold yet. */
  function needsFolding(text) {
    var r = rules();
    if (r.foldingComplete) return false;
    // A compatibility ideograph folds after NFKC has mapped it (Normalizer.slowPath).
    var forms = [text, text.normalize("NFKC")];
    for (var f = 0; f < forms.length; f++) {
      for (var ch of forms[f]) {
        var value = ch.codePointAt(0);
        if (r.foldingKeys.has(value) && !r.folding[value]) return true;
      }
    }
    return false;
  }

  /**
   * Loads the whole folding table (`_search/folding.js`) when `text` needs it: before a query is
   * parsed and before an article's own file is tokenized. Resolves when the rules fold `text`.
   */
  function prepareFolding(text) {
    return needsFolding(text) ? loadFolding() : Promise.resolve();
  }

  /** Loads the whole folding table, `_search/folding.js`. */
  function loadFolding() {
    return KB.load("folding").then(function (pairs) {
      var r = rules();
      addFoldingPairs(pairs, r.folding);
      r.foldingComplete = true;
    });
  }

  /** The index's fields by name, at their place in the exported layout (`Field` in Ranking.swift). */
  function fieldIndices(names) {
    var field = {};
    names.forEach(function (name, index) { field[name] = index; });
    // The engine knows what each field holds by its name: other names are another layout.
    var known = ["title", "symptoms", "tags", "summary", "headings", "body"];
    if (names.length !== known.length || !known.every(function (name) { return field[name] !== undefined; })) {
      throw new Error("the search index has other fields (" + names.join(", ") + "); rebuild the site with this kb");
    }
    return field;
  }

  // ---------------------------------------------------------------- Normalizer

  var SEPARATOR = 0, WORD = 1, HYPHEN = 2, IDEOGRAPH = 3;
  var CLASS_OF_CODE = { s: SEPARATOR, w: WORD, h: HYPHEN, i: IDEOGRAPH };

  function inRanges(value, ranges) {
    for (var i = 0; i < ranges.length; i++) {
      if (value >= ranges[i][0] && value <= ranges[i][1]) return true;
    }
    return false;
  }

  function isIdeograph(value) { return inRanges(value, rules().ideographRanges); }

  function asciiPiece(byte) {
    if (byte >= 0x41 && byte <= 0x5a) return [WORD, byte + 0x20];
    if ((byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39)) return [WORD, byte];
    if (byte === 0x2d) return [HYPHEN, 0x2d];
    return [SEPARATOR, 0x20];
  }

  /** Normalizer.fastPath: ASCII, ideographs, full-width forms and punctuation, or null. */
  function fastPath(value) {
    var r = rules();
    if (value < 0x80) return asciiPiece(value);
    if (isIdeograph(value)) return [IDEOGRAPH, r.folding[value] || value];
    if (value >= r.fullWidth[0] && value <= r.fullWidth[1]) return asciiPiece(value - r.fullWidth[2]);
    if (inRanges(value, r.separatorRanges)) return [SEPARATOR, 0x20];
    return null;
  }

  var EMOJI_PRESENTATION = /\p{Emoji_Presentation}/u;
  var EMOJI = /\p{Emoji}/u;
  var MARK = /[\p{Mn}\p{Me}\p{Mc}]/u;
  var NONSPACING = /\p{Mn}/u;
  var LETTER_OR_NUMBER = /[\p{Alphabetic}\p{N}]/u;

  /**
   * Normalizer.slowPath. The characters the content uses come from the table `kb build` exports
   * (Foundation's NFKC and folding, exactly); others are normalised the same way by the browser.
   */
  function slowPath(value) {
    var known = rules().slowPath[value];
    if (known) return known;
    if (value >= 0xd800 && value <= 0xdfff) return [[SEPARATOR, 0x20]];
    var ch = String.fromCodePoint(value);
    if (EMOJI_PRESENTATION.test(ch) || (EMOJI.test(ch) && value > 0xff)) return [[SEPARATOR, 0x20]];
    if (MARK.test(ch)) return [];
    // Foundation folds case fully (ß → ss) and drops accents of letters, not marks standing alone.
    var folded = ch.normalize("NFKC").toLowerCase().replace(/ß/g, "ss").normalize("NFD")
      .replace(/([^\p{M}])\p{Mn}+/gu, "$1").normalize("NFC");
    var out = [];
    for (var piece of folded) {
      var v = piece.codePointAt(0);
      if (v < 0x80) out.push(asciiPiece(v));
      else if (isIdeograph(v)) out.push([IDEOGRAPH, rules().folding[v] || v]);
      else if (LETTER_OR_NUMBER.test(piece)) {
        if (NONSPACING.test(piece)) continue;
        out.push([WORD, v]);
      } else out.push([SEPARATOR, 0x20]);
    }
    return out;
  }

  function utf8Length(value) {
    return value < 0x80 ? 1 : value < 0x800 ? 2 : value < 0x10000 ? 3 : 4;
  }

  // ---------------------------------------------------------------- Tokenizer

  /**
   * Tokenizer: `document` or `query` mode. Tokens carry UTF-8 byte offsets (`start`, `end`, as the
   * Swift tokenizer reports them) and code point offsets (`c0`, `c1`, for snippets).
   */
  function tokenize(text, mode) {
    var r = rules();
    var documentMode = mode === "document";
    var tokens = [];
    var compound = [];
    var compoundBytes = 0;
    var partEnds = [];
    var partSpans = [];
    var wordOpen = false;
    var hyphenPending = false;
    var previous = null;
    var runLength = 0;

    function emit(tokenText, start, end, c0, c1, colocated, kind) {
      tokens.push({ text: tokenText, start: start, end: end, c0: c0, c1: c1, colocated: colocated, kind: kind });
    }

    function closeCompound() {
      var parts = partSpans.length;
      if (parts > 0) {
        var first = partSpans[0], last = partSpans[parts - 1];
        var joined = String.fromCodePoint.apply(null, compound);
        if (parts === 1) {
          emit(joined, first.start, last.end, first.c0, last.c1, false, "word");
        } else {
          emit(joined, first.start, last.end, first.c0, last.c1, false, "compound");
          if (documentMode) {
            var from = 0;
            for (var p = 0; p < parts; p++) {
              var to = partEnds[p];
              var span = partSpans[p];
              emit(String.fromCodePoint.apply(null, compound.slice(from, to)), span.start, span.end, span.c0, span.c1,
                p === 0, "word");
              from = to;
            }
          }
        }
      }
      compound = [];
      compoundBytes = 0;
      partEnds = [];
      partSpans = [];
      wordOpen = false;
      hyphenPending = false;
    }

    function appendWordScalar(value, start, end, c0, c1) {
      var width = utf8Length(value);
      var fits = compoundBytes + width <= r.maxWordBytes;
      if (!wordOpen || !fits) {
        if (!wordOpen && hyphenPending && fits) hyphenPending = false;
        else closeCompound();
        wordOpen = true;
        partSpans.push({ start: start, end: end, c0: c0, c1: c1 });
        partEnds.push(compound.length);
      }
      compound.push(value);
      compoundBytes += width;
      partEnds[partEnds.length - 1] = compound.length;
      partSpans[partSpans.length - 1].end = end;
      partSpans[partSpans.length - 1].c1 = c1;
    }

    function ideograph(value, start, end, c0, c1) {
      if (previous) {
        emit(String.fromCodePoint(previous.value, value), previous.start, end, previous.c0, c1, false, "bigram");
        if (documentMode) {
          emit(String.fromCodePoint(previous.value), previous.start, previous.end, previous.c0, previous.c1, true, "unigram");
        }
      }
      previous = { value: value, start: start, end: end, c0: c0, c1: c1 };
      runLength += 1;
    }

    function flushRun() {
      var last = previous;
      if (last && (documentMode || runLength === 1)) {
        emit(String.fromCodePoint(last.value), last.start, last.end, last.c0, last.c1, false, "unigram");
      }
      previous = null;
      runLength = 0;
    }

    /** A dropped scalar (a combining mark) belongs to the character before it: its token's span grows. */
    function extendOpenToken(end, c1) {
      if (wordOpen && partSpans.length > 0) {
        partSpans[partSpans.length - 1].end = end;
        partSpans[partSpans.length - 1].c1 = c1;
      } else if (previous) {
        previous.end = end;
        previous.c1 = c1;
      }
    }

    function handle(cls, value, start, end, c0, c1) {
      switch (cls) {
        case WORD:
          flushRun();
          appendWordScalar(value, start, end, c0, c1);
          break;
        case IDEOGRAPH:
          closeCompound();
          ideograph(value, start, end, c0, c1);
          break;
        case HYPHEN:
          flushRun();
          if (wordOpen && !hyphenPending && partSpans.length < r.maxCompoundParts) {
            wordOpen = false;
            hyphenPending = true;
          } else {
            closeCompound();
          }
          break;
        default:
          flushRun();
          closeCompound();
      }
    }

    var byte = 0;
    var point = 0;
    for (var i = 0; i < text.length; ) {
      var value = text.codePointAt(i);
      i += value > 0xffff ? 2 : 1;
      var width = utf8Length(value);
      var start = byte;
      byte += width;
      var piece = fastPath(value);
      if (piece) {
        handle(piece[0], piece[1], start, byte, point, point + 1);
      } else {
        var pieces = slowPath(value);
        if (pieces.length === 0) extendOpenToken(byte, point + 1);
        for (var k = 0; k < pieces.length; k++) handle(pieces[k][0], pieces[k][1], start, byte, point, point + 1);
      }
      point += 1;
    }
    flushRun();
    closeCompound();
    return tokens;
  }

  /** Tokenizer.terms: distinct token texts in first-seen order. */
  function terms(text, mode) {
    var seen = new Set();
    var out = [];
    tokenize(text, mode).forEach(function (token) {
      if (!seen.has(token.text)) {
        seen.add(token.text);
        out.push(token.text);
      }
    });
    return out;
  }

  /** Tokenizer.units: one unit per ideograph or (hyphen-joined) word, from document tokens. */
  function units(text) {
    var out = [];
    var compoundEnd = -1;
    tokenize(text, "document").forEach(function (token) {
      if (token.kind === "unigram") {
        out.push({ kind: "ideograph", text: token.text, start: token.start, end: token.end });
      } else if (token.kind === "compound") {
        out.push({ kind: "word", text: token.text, start: token.start, end: token.end });
        compoundEnd = token.end;
      } else if (token.kind === "word" && token.end > compoundEnd) {
        out.push({ kind: "word", text: token.text, start: token.start, end: token.end });
      }
    });
    return out;
  }

  function joinUnits(list) {
    var key = "";
    var lastWasWord = false;
    list.forEach(function (unit) {
      if (unit.kind === "word" && lastWasWord) key += " ";
      key += unit.text;
      lastWasWord = unit.kind === "word";
    });
    return key;
  }

  /** Tokenizer.normalizedKey. */
  function normalizedKey(text) { return joinUnits(units(text)); }

  // ---------------------------------------------------------------- EnglishStemmer

  var ASCII_LETTERS = /^[A-Za-z]+$/;

  function endsWith(word, suffix) { return word.slice(-suffix.length) === suffix; }

  /** EnglishStemmer.stem: a light suffix stripper that lets `swipes` meet `swipe`. */
  function stem(word) {
    if (word.length <= 3 || !ASCII_LETTERS.test(word)) return word;
    var w = word;
    if (endsWith(w, "ies") && w.length > 4) {
      w = w.slice(0, -3) + "y";
    } else if (endsWith(w, "sses")) {
      w = w.slice(0, -2);
    } else if (endsWith(w, "es") && (endsWith(w, "ches") || endsWith(w, "shes") || endsWith(w, "xes"))) {
      w = w.slice(0, -2);
    } else if (endsWith(w, "s") && !endsWith(w, "ss") && !endsWith(w, "us") && !endsWith(w, "is")) {
      w = w.slice(0, -1);
    }
    var suffixes = ["ing", "ed"];
    for (var i = 0; i < suffixes.length; i++) {
      var suffix = suffixes[i];
      if (!(endsWith(w, suffix) && w.length > suffix.length + 2)) continue;
      var base = w.slice(0, -suffix.length);
      var last = base[base.length - 1];
      if (base.length > 2 && base[base.length - 2] === last && "lsz".indexOf(last) < 0) base = base.slice(0, -1);
      w = base;
      break;
    }
    return w;
  }

  // ---------------------------------------------------------------- SynonymTable

  /** SynonymTable.matchKey: Latin words match by their stem. */
  function matchKey(unit) { return unit.kind === "word" ? stem(unit.text) : unit.text; }

  /** SynonymTable: groups of members with their role (synonym, entity, out-of-scope). */
  function SynonymTable(groups, roles, negations) {
    this.groups = groups;
    this.roles = roles || groups.map(function () { return "synonym"; });
    this.negations = negations || new Set();
    this.byFirstUnit = new Map();
    var self = this;
    groups.forEach(function (members, g) {
      members.forEach(function (member, m) {
        var memberUnits = units(member).map(matchKey);
        // SynonymTable.init: only synonyms take split forms (不用了 is an intent, 用不了了 a fault).
        var forms = self.roles[g] === "synonym" ? [memberUnits].concat(self.splitForms(memberUnits)) : [memberUnits];
        forms.forEach(function (form) {
          if (!form.length) return;
          var list = self.byFirstUnit.get(form[0]);
          if (!list) self.byFirstUnit.set(form[0], (list = []));
          list.push({ group: g, member: m, units: form });
        });
      });
    });
  }

  /** SynonymTable.splitForms: 不到账 → 到不了账, 到不账 (when more follows), 不能到账. */
  SynonymTable.prototype.splitForms = function (u) {
    var forms = [];
    for (var k = 0; k + 1 < u.length; k++) {
      if (!this.negations.has(u[k])) continue;
      var verb = u[k + 1];
      if (Array.from(verb).length !== 1 || this.negations.has(verb) || verb === "能") continue;
      var before = u.slice(0, k);
      var after = u.slice(k + 2);
      forms.push(before.concat([verb, "不", "了"], after));
      if (after.length && after[0] !== "了") forms.push(before.concat([verb, "不"], after));
      forms.push(before.concat([u[k], "能", verb], after));
      if (u[k] === "没") forms.push(before.concat(["没", "有", verb], after));
    }
    return forms;
  };

  /** Every occurrence of every member (or split form) in `list`, longest first at each start. */
  SynonymTable.prototype.matches = function (list) {
    var found = [];
    var seen = new Set();
    var keys = list.map(matchKey);
    for (var start = 0; start < list.length; start++) {
      var candidates = this.byFirstUnit.get(keys[start]);
      if (!candidates) continue;
      candidates.forEach(function (candidate) {
        var end = start + candidate.units.length;
        if (end > list.length) return;
        for (var i = start; i < end; i++) if (keys[i] !== candidate.units[i - start]) return;
        var id = candidate.group + ":" + candidate.member + ":" + start + ":" + end;
        if (seen.has(id)) return;
        seen.add(id);
        found.push({ group: candidate.group, member: candidate.member, lower: start, upper: end });
      });
    }
    return found.sort(function (a, b) {
      return a.lower - b.lower || (b.upper - b.lower) - (a.upper - a.lower) || a.group - b.group || a.member - b.member;
    });
  };

  // ---------------------------------------------------------------- PinyinSegmenter

  /** PinyinSegmenter.segmentations: fewest syllables first, at most `limit`. */
  function segmentations(letters, limit) {
    var r = rules();
    limit = limit === undefined ? r.pinyin.segmentationLimit : limit;
    var chars = Array.from(letters.toLowerCase().replace(/ü/g, "v"));
    if (!chars.length || chars.length > r.pinyin.maxLetters ||
        !chars.every(function (c) { return c >= "a" && c <= "z"; })) return [];
    var best = new Array(chars.length + 1);
    best[chars.length] = [[]];
    for (var start = chars.length - 1; start >= 0; start--) {
      var found = [];
      for (var length = 1; length <= Math.min(r.longestSyllable, chars.length - start); length++) {
        var syllable = chars.slice(start, start + length).join("");
        if (!r.syllables.has(syllable)) continue;
        best[start + length].forEach(function (rest) { found.push([syllable].concat(rest)); });
      }
      found.sort(function (a, b) { return a.length - b.length; });
      best[start] = found.slice(0, limit);
    }
    return best[0];
  }

  function isPinyin(letters) { return segmentations(letters, 1).length > 0; }

  // ---------------------------------------------------------------- PinyinTable (sharded readings)

  /** Loads the reading shards of `chars` (strings of one character); resolves when they are present. */
  function loadReadings(chars) {
    return KB.loadShards("r", chars);
  }

  /** The readings of one character (its shard must be loaded). */
  function readings(ch) {
    var shard = KB.shardFor("r", ch);
    return Object.prototype.hasOwnProperty.call(shard, ch) ? shard[ch].split(",") : [];
  }

  /** PinyinTable.keys(for:limit:): every reading of `text` as one string, at most `limit`. */
  function pinyinKeys(text, limit) {
    var keys = [""];
    for (var ch of text) {
      var options = readings(ch);
      if (!options.length) return [];
      var next = [];
      keys.forEach(function (prefix) {
        options.forEach(function (option) { if (next.length < limit) next.push(prefix + option); });
      });
      keys = next;
    }
    return keys;
  }

  // ---------------------------------------------------------------- Lexicon (sharded by first character)

  /** Loads the lexicon shards holding words that start with any of `chars`. */
  function loadLexicon(chars) {
    return KB.loadShards("x", chars);
  }

  /** The entries of words starting with `first`, parsed once: rest of word → [class, noun]. */
  var lexiconCache = new Map();

  function lexiconEntries(first) {
    var cached = lexiconCache.get(first);
    if (cached) return cached;
    var shard = KB.shardFor("x", first);
    var table = new Map();
    if (Object.prototype.hasOwnProperty.call(shard, first)) {
      // `rest class[n]` entries joined by spaces, as Lexicon.source has them after the first character.
      shard[first].split(" ").forEach(function (entry) {
        var match = /^(\D*)(\d+)(n?)$/.exec(entry);
        if (match) table.set(match[1], [Number(match[2]), match[3] === "n"]);
      });
    }
    lexiconCache.set(first, table);
    return table;
  }

  function lexiconEntry(word) {
    var chars = Array.from(word);
    if (chars.length < 2) return null;
    return lexiconEntries(chars[0]).get(chars.slice(1).join("")) || null;
  }

  /** Lexicon.frequencyClass: log2 of how often `word` occurs in general Chinese, or null. */
  function frequencyClass(word) {
    var entry = lexiconEntry(word);
    return entry ? entry[0] : null;
  }

  /** Lexicon.segment: the most probable words, as [start, end) character ranges. */
  function segment(chars, isDomainWord) {
    var x = rules().lexicon;
    var n = chars.length;
    if (n <= 1) return n === 1 ? [[0, 1]] : [];
    var best = new Array(n + 1).fill(-Infinity);
    var from = new Array(n + 1).fill(0);
    best[0] = 0;
    for (var end = 1; end <= n; end++) {
      for (var length = 1; length <= Math.min(x.longestWord, end); length++) {
        var start = end - length;
        if (!(best[start] > -Infinity)) continue;
        var klass;
        if (length === 1) {
          klass = x.singleCharacterClass;
        } else {
          var word = chars.slice(start, end).join("");
          klass = frequencyClass(word);
          if (klass === null) klass = length === 2 && isDomainWord(word) ? x.domainWordClass : null;
        }
        if (klass === null) continue;
        var score = best[start] + (klass - x.corpusClass);
        if (score > best[end]) {
          best[end] = score;
          from[end] = start;
        }
      }
    }
    var words = [];
    var at = n;
    while (at > 0) {
      words.push([from[at], at]);
      at = from[at];
    }
    return words.reverse();
  }

  /** Lexicon.backgroundWeight: how much an ordinary word the index lacks counts in a query. */
  function backgroundWeight(word) {
    var x = rules().lexicon;
    var entry = lexiconEntry(word);
    if (!entry) return 1.0;
    var common = x.commonWordClass, rare = x.rareWordClass;
    var t = (entry[0] - rare) / (common - rare);
    var least = x.leastBackgroundWeight;
    var byRarity = Math.max(least, Math.min(1.0, 1.0 - (1.0 - least) * t));
    return entry[1] ? Math.max(byRarity, x.unknownNounWeight) : byRarity;
  }

  /** Lexicon.namesATopic: a thing specific enough to be what a question is about. */
  function namesATopic(word) {
    var entry = lexiconEntry(word);
    return entry ? Boolean(entry[1]) && entry[0] < rules().lexicon.everydayNounClass : false;
  }

  // ---------------------------------------------------------------- EditDistance

  /** EditDistance.isWithinOne (Damerau–Levenshtein ≤ 1), on ASCII words. */
  function isWithinOneEdit(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < Math.min(a.length, b.length) && a[i] === b[i]) i++;
    if (i === a.length && i === b.length) return true;
    if (a.length === b.length) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  KB.FORMAT = FORMAT;
  KB.DATA = DATA;
  KB.rules = rules;
  KB.prepareFolding = prepareFolding;
  KB.loadFolding = loadFolding;
  KB.namesATopic = namesATopic;
  KB.textOf = textOf;
  KB.tokenize = tokenize;
  KB.terms = terms;
  KB.units = units;
  KB.joinUnits = joinUnits;
  KB.normalizedKey = normalizedKey;
  KB.stem = stem;
  KB.segmentations = segmentations;
  KB.isPinyin = isPinyin;
  KB.loadReadings = loadReadings;
  KB.pinyinKeys = pinyinKeys;
  KB.loadLexicon = loadLexicon;
  KB.frequencyClass = frequencyClass;
  KB.segment = segment;
  KB.backgroundWeight = backgroundWeight;
  KB.isWithinOneEdit = isWithinOneEdit;
})(typeof window !== "undefined" ? window : this);
