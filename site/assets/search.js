/*
 * kb browser search: the same query understanding and ranking as `kb search`, offline and from file://.
 *
 * Ported function by function from the Swift sources (KBText: Normalizer, Tokenizer, units,
 * SynonymTable, PinyinTable/PinyinSegmenter; KBSearch: FillerWords, QueryParser, QueryPlanner,
 * Ranker, SearchEngine, SnippetBuilder), so a change there ports here in the same place. Every rule
 * table and number comes from `_search/meta.js`, which `kb build` exports from the Swift code.
 *
 * The index is a set of script files (no fetch, no XHR, no WebAssembly). A query loads the shards of
 * its terms, the best-scoring chunks of frequent terms' postings until the top results are certain,
 * and the files of the documents it shows. Everything is plain data; nothing from the index or the
 * query is ever inserted as HTML (see search-page.js).
 */
(function (global) {
  "use strict";

  var DATA = (global.KBSearchData = global.KBSearchData || {});
  var FORMAT = 1;

  // ---------------------------------------------------------------- loading

  /** The folder of the index, from the script tag that loaded meta.js. */
  var indexBase = (function () {
    if (!global.document) return "";
    var scripts = global.document.getElementsByTagName("script");
    for (var i = 0; i < scripts.length; i++) {
      var src = scripts[i].getAttribute("src") || "";
      var at = src.lastIndexOf("meta.js");
      if (at >= 0 && at === src.length - 7) return src.slice(0, at);
    }
    return "_search/";
  })();

  var pending = {};
  var filesLoaded = 0;

  /** Loads `_search/NAME.js` once, resolving with what it registered. */
  function load(name) {
    if (Object.prototype.hasOwnProperty.call(DATA, name)) return Promise.resolve(DATA[name]);
    if (pending[name]) return pending[name];
    pending[name] = new Promise(function (resolve, reject) {
      var script = global.document.createElement("script");
      script.src = indexBase + name + ".js";
      script.async = true;
      script.onload = function () {
        script.parentNode.removeChild(script);
        if (!Object.prototype.hasOwnProperty.call(DATA, name)) {
          reject(new Error("index file " + name + ".js did not register"));
          return;
        }
        filesLoaded += 1;
        resolve(DATA[name]);
      };
      script.onerror = function () {
        script.parentNode.removeChild(script);
        delete pending[name];
        reject(new Error("cannot load the search index file " + name + ".js (rebuild the site with kb build)"));
      };
      global.document.head.appendChild(script);
    });
    return pending[name];
  }

  function loadAll(names) {
    return Promise.all(names.map(load));
  }

  // ---------------------------------------------------------------- meta

  var META = null;
  var RULES = null;

  function rules() {
    if (RULES) return RULES;
    META = DATA.meta;
    if (!META) throw new Error("the search index is missing (_search/meta.js); rebuild the site with kb build");
    if (META.format !== FORMAT) throw new Error("the search index has another format; rebuild the site with kb build");
    var text = META.text;
    var folding = {};
    text.variantFolding.forEach(function (pair) { folding[pair[0]] = pair[1]; });
    var slow = {};
    text.slowPath.forEach(function (entry) {
      var pieces = [];
      for (var i = 0; i < entry[1].length; i++) pieces.push([CLASS_OF_CODE[entry[1][i]], entry[2][i]]);
      slow[entry[0]] = pieces;
    });
    var tierWeight = {};
    var tierOrder = {};
    META.tiers.forEach(function (tier, index) { tierWeight[tier[0]] = tier[1]; tierOrder[tier[0]] = index; });
    RULES = {
      folding: folding,
      slowPath: slow,
      ideographRanges: text.ideographRanges,
      separatorRanges: text.separatorRanges,
      fullWidth: text.fullWidth,
      maxWordBytes: text.maxWordBytes,
      maxCompoundParts: text.maxCompoundParts,
      tierWeight: tierWeight,
      tierOrder: tierOrder,
      parameters: META.parameters,
      engine: META.engine,
      syllables: new Set(META.pinyinSyllables),
      longestSyllable: META.pinyinSyllables.reduce(function (m, s) { return Math.max(m, s.length); }, 0),
      fillerChinese: META.filler.chinese,
      fillerEnglish: new Set(META.filler.english),
      answerCategories: new Set(META.answerCategories),
    };
    RULES.synonyms = new SynonymTable(META.synonyms);
    RULES.fillerUnits = RULES.fillerChinese.map(function (word) { return units(word).map(textOf); })
      .map(function (u, i) { return { units: u, index: i }; })
      .sort(function (a, b) { return b.units.length - a.units.length || a.index - b.index; })
      .map(function (entry) { return entry.units; });
    return RULES;
  }

  function textOf(unit) { return unit.text; }

  // ---------------------------------------------------------------- KBText: Normalizer

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

  // ---------------------------------------------------------------- KBText: Tokenizer

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

  // ---------------------------------------------------------------- KBText: SynonymTable

  function SynonymTable(groups) {
    this.groups = groups;
    this.byFirstUnit = new Map();
    var self = this;
    groups.forEach(function (members, g) {
      members.forEach(function (member, m) {
        var memberUnits = units(member).map(textOf);
        if (!memberUnits.length) return;
        var list = self.byFirstUnit.get(memberUnits[0]);
        if (!list) self.byFirstUnit.set(memberUnits[0], (list = []));
        list.push({ group: g, member: m, units: memberUnits });
      });
    });
  }

  /** Every occurrence of every member in `list`, longest first at each start. */
  SynonymTable.prototype.matches = function (list) {
    var found = [];
    for (var start = 0; start < list.length; start++) {
      var candidates = this.byFirstUnit.get(list[start].text);
      if (!candidates) continue;
      candidates.forEach(function (candidate) {
        var end = start + candidate.units.length;
        if (end > list.length) return;
        for (var i = start; i < end; i++) if (list[i].text !== candidate.units[i - start]) return;
        found.push({ group: candidate.group, member: candidate.member, lower: start, upper: end });
      });
    }
    return found.sort(function (a, b) {
      return a.lower - b.lower || (b.upper - b.lower) - (a.upper - a.lower);
    });
  };

  // ---------------------------------------------------------------- KBText: pinyin

  /** PinyinSegmenter.segmentations: fewest syllables first, at most `limit`. */
  function segmentations(letters, limit) {
    limit = limit === undefined ? 4 : limit;
    var r = rules();
    var chars = Array.from(letters.toLowerCase().replace(/ü/g, "v"));
    if (!chars.length || chars.length > 48 || !chars.every(function (c) { return c >= "a" && c <= "z"; })) return [];
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

  var READINGS = null;

  /** PinyinTable's readings, loaded only when a homophone lookup needs them. */
  function readingsTable() {
    if (READINGS) return Promise.resolve(READINGS);
    return load("pinyin").then(function (source) {
      var table = new Map();
      source.split("\n").forEach(function (line) {
        var colon = line.indexOf(":");
        if (colon < 0) return;
        var syllable = line.slice(0, colon);
        for (var ch of line.slice(colon + 1)) {
          var list = table.get(ch);
          if (!list) table.set(ch, (list = []));
          list.push(syllable);
        }
      });
      READINGS = table;
      return table;
    });
  }

  /** PinyinTable.keys(for:limit:): every reading of `text` as one string, at most `limit`. */
  function pinyinKeys(table, text, limit) {
    var keys = [""];
    for (var ch of text) {
      var options = table.get(ch) || [];
      if (!options.length) return [];
      var next = [];
      keys.forEach(function (prefix) {
        options.forEach(function (option) { if (next.length < limit) next.push(prefix + option); });
      });
      keys = next;
    }
    return keys;
  }

  // ---------------------------------------------------------------- KBSearch: FillerWords

  function isFiller(text) {
    var key = normalizedKey(text);
    return rules().fillerChinese.indexOf(key) >= 0 || rules().fillerEnglish.has(key);
  }

  // ---------------------------------------------------------------- KBSearch: QueryParser

  var WHITESPACE_OR_CONTROL = /[\p{White_Space}\u0000-\u001f]+/u;

  function parseQuery(raw) {
    var r = rules();
    var max = r.engine.maxQueryCharacters;
    var points = Array.from(raw);
    var truncated = points.length > max;
    var text = truncated ? points.slice(0, max).join("") : raw;
    text = text.split(WHITESPACE_OR_CONTROL).filter(function (part) { return part.length > 0; }).join(" ");
    var list = units(text);

    var role = list.map(function () { return "content"; });
    var synonymPieces = [];
    maximalMatches(r.synonyms.matches(list)).forEach(function (match) {
      var last = synonymPieces[synonymPieces.length - 1];
      if (last && last.group === match.group &&
          ((last.lower < match.upper && match.lower < last.upper) || last.upper === match.lower)) {
        last.upper = Math.max(last.upper, match.upper);
      } else {
        synonymPieces.push({ group: match.group, lower: match.lower, upper: match.upper });
      }
    });
    synonymPieces.forEach(function (piece) { for (var i = piece.lower; i < piece.upper; i++) role[i] = "synonym"; });
    markFiller(list, role);

    var pieces = [];
    var index = 0;
    var nextSynonym = 0;
    while (index < list.length) {
      if (nextSynonym < synonymPieces.length && synonymPieces[nextSynonym].lower === index) {
        var piece = synonymPieces[nextSynonym];
        pieces.push({ kind: "synonym", group: piece.group, text: joinUnits(list.slice(piece.lower, piece.upper)),
          lower: piece.lower, upper: piece.upper });
        index = piece.upper;
        nextSynonym += 1;
        while (nextSynonym < synonymPieces.length && synonymPieces[nextSynonym].lower < index) {
          var overlapping = synonymPieces[nextSynonym];
          pieces.push({ kind: "synonym", group: overlapping.group,
            text: joinUnits(list.slice(overlapping.lower, overlapping.upper)),
            lower: overlapping.lower, upper: overlapping.upper });
          nextSynonym += 1;
        }
        continue;
      }
      if (role[index] !== "content") {
        index += 1;
        continue;
      }
      var unit = list[index];
      var end = index + 1;
      while (end < list.length && role[end] === "content" && list[end].kind === unit.kind &&
             (list[end].start === list[end - 1].end || unit.kind === "word")) {
        if (unit.kind === "word" && !isPinyin(list[end].text)) break;
        end += 1;
      }
      if (unit.kind === "ideograph") {
        pieces.push({ kind: "ideographs", text: joinUnits(list.slice(index, end)), lower: index, upper: end });
      } else {
        var words = list.slice(index, end);
        var allPinyin = words.every(function (w) { return isPinyin(w.text) && !/\p{N}/u.test(w.text); });
        if (allPinyin) {
          var syllables = [];
          words.forEach(function (w) { syllables = syllables.concat(segmentations(w.text)[0] || []); });
          pieces.push({ kind: "pinyin", syllables: syllables, text: words.map(textOf).join(" "), lower: index, upper: end });
        } else {
          end = index + 1;
          pieces.push({ kind: "word", text: unit.text, unit: index });
        }
      }
      index = end;
    }
    var contentKey = list.filter(function (_, i) { return role[i] !== "filler"; }).map(textOf).join("");
    return { text: text, truncated: truncated, units: list, pieces: pieces, contentKey: contentKey, role: role };
  }

  /** Drops matches contained in a longer match. */
  function maximalMatches(matches) {
    return matches.filter(function (match) {
      return !matches.some(function (other) {
        return other !== match && (other.upper - other.lower) > (match.upper - match.lower) &&
          other.lower <= match.lower && other.upper >= match.upper;
      });
    });
  }

  function markFiller(list, role) {
    var r = rules();
    var index = 0;
    while (index < list.length) {
      if (role[index] !== "content") { index += 1; continue; }
      if (list[index].kind === "word") {
        if (r.fillerEnglish.has(list[index].text)) role[index] = "filler";
        index += 1;
        continue;
      }
      var matched = 0;
      for (var f = 0; f < r.fillerUnits.length; f++) {
        var filler = r.fillerUnits[f];
        if (index + filler.length > list.length) continue;
        var ok = true;
        for (var k = 0; k < filler.length; k++) {
          var candidate = list[index + k];
          if (candidate.text !== filler[k] || candidate.kind !== "ideograph" || role[index + k] !== "content") { ok = false; break; }
        }
        if (ok) { matched = filler.length; break; }
      }
      if (matched > 0) {
        for (var i = index; i < index + matched; i++) role[i] = "filler";
        index += matched;
      } else {
        index += 1;
      }
    }
    if (role.every(function (x) { return x === "filler"; })) {
      for (var j = 0; j < role.length; j++) role[j] = "content";
    }
  }

  // ---------------------------------------------------------------- the index as a Vocabulary

  function shardOf(text, count) {
    var bytes = new TextEncoder().encode(text);
    var hash = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      hash ^= bytes[i];
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash & (count - 1);
  }

  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DIGIT = {};
  for (var a = 0; a < ALPHABET.length; a++) DIGIT[ALPHABET.charCodeAt(a)] = a;

  /** Reads the varints of IndexEncoding. */
  function Reader(text, at) { this.text = text; this.at = at || 0; }
  Reader.prototype.more = function () { return this.at < this.text.length; };
  Reader.prototype.varint = function () {
    var value = 0, shift = 0, d;
    do {
      d = DIGIT[this.text.charCodeAt(this.at++)];
      value += (d & 31) * Math.pow(2, shift);
      shift += 5;
    } while (d & 32);
    return value;
  };
  Reader.prototype.digit = function () { return DIGIT[this.text.charCodeAt(this.at++)]; };

  /** A document set of IndexEncoding.documentSet, as a byte per document number. */
  function decodeDocumentSet(text, maxDocument) {
    var set = new Uint8Array(maxDocument + 1);
    var mode = text.charAt(0);
    var reader = new Reader(text, 1);
    var doc = 0;
    if (mode === "d") {
      while (reader.more()) { doc += reader.varint(); set[doc] = 1; }
    } else if (mode === "c") {
      for (var d = 1; d <= maxDocument; d++) set[d] = 1;
      set[0] = 0;
      while (reader.more()) { doc += reader.varint(); set[doc] = 0; }
      // Numbers no document has are not in the complement either: clear them.
      for (var n = 0; n <= maxDocument; n++) if (META.documents.charAt(n) === ".") set[n] = 0;
    } else {
      for (var i = 1; i < text.length; i++) {
        var bits = DIGIT[text.charCodeAt(i)];
        for (var b = 0; b < 6; b++) if (bits & (1 << b)) set[(i - 1) * 6 + b] = 1;
      }
    }
    return set;
  }

  /** Postings: document, and per field present its count and the document's field length. */
  function decodePostings(text) {
    var reader = new Reader(text);
    var doc = 0;
    var out = [];
    while (reader.more()) {
      doc += reader.varint();
      var mask = reader.digit();
      var counts = [0, 0, 0, 0, 0, 0];
      var lengths = [0, 0, 0, 0, 0, 0];
      for (var field = 0; field < 6; field++) {
        if (mask & (1 << field)) {
          counts[field] = reader.varint();
          lengths[field] = reader.varint();
        }
      }
      out.push({ document: doc, mask: mask, counts: counts, lengths: lengths });
    }
    return out;
  }

  /** What the index says about a term: document frequency and where its postings are. */
  function termEntries(list) {
    var count = META.shards.t;
    var names = Array.from(new Set(list.map(function (term) { return "t/" + shardOf(term, count); })));
    return loadAll(names).then(function () {
      return list.map(function (term) {
        var shard = DATA["t/" + shardOf(term, count)];
        return Object.prototype.hasOwnProperty.call(shard, term) ? shard[term] : null;
      });
    });
  }

  var Vocabulary = {
    documentCount: function () { return META.documentCount; },

    documentFrequencies: function (list) {
      return termEntries(list).then(function (entries) {
        return entries.map(function (entry) { return entry ? entry[0] : 0; });
      });
    },

    /** Indexed terms read as `key`, most frequent first (the index keeps the best few per key). */
    termsWithPinyin: function (key, limit) {
      var name = "y/" + shardOf(key, META.shards.y);
      return load(name).then(function (shard) {
        var list = Object.prototype.hasOwnProperty.call(shard, key) ? shard[key] : [];
        return list.slice(0, limit).map(function (pair) { return { term: pair[0], documentFrequency: pair[1] }; });
      });
    },

    /** Indexed words within one edit of `word`, most frequent first. */
    wordsWithinOneEdit: function (word, limit) {
      var length = new TextEncoder().encode(word).length;
      var names = [length - 1, length, length + 1].filter(function (n) { return META.wordLengths.indexOf(n) >= 0; })
        .map(function (n) { return "w/" + n; });
      return loadAll(names).then(function (tables) {
        var found = [];
        tables.forEach(function (table) {
          Object.keys(table).forEach(function (term) {
            if (term !== word && isWithinOneEdit(term, word)) found.push({ term: term, documentFrequency: table[term] });
          });
        });
        found.sort(function (x, y) {
          return y.documentFrequency - x.documentFrequency || (x.term < y.term ? -1 : x.term > y.term ? 1 : 0);
        });
        return found.slice(0, limit);
      });
    },
  };

  /** EditDistance.isWithinOne (Damerau–Levenshtein ≤ 1) on ASCII words. */
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

  // ---------------------------------------------------------------- KBSearch: QueryPlanner

  function PlanBuilder(plan) {
    this.concepts = plan ? plan.concepts.map(cloneConcept) : [];
    this.tokens = plan ? plan.tokens.slice() : [];
    this.tokenIndex = new Map();
    var self = this;
    this.tokens.forEach(function (token, i) { self.tokenIndex.set(token, i); });
  }

  function cloneConcept(c) {
    return { label: c.label, weight: c.weight, alternatives: c.alternatives.slice(), firstUnit: c.firstUnit };
  }

  PlanBuilder.prototype.alternative = function (tokenTexts, tier, label) {
    var self = this;
    var indices = tokenTexts.map(function (text) {
      if (self.tokenIndex.has(text)) return self.tokenIndex.get(text);
      self.tokens.push(text);
      self.tokenIndex.set(text, self.tokens.length - 1);
      return self.tokens.length - 1;
    });
    return { tokens: indices, tier: tier, label: label };
  };

  PlanBuilder.prototype.add = function (concept) {
    this.concepts.push(concept);
    return this.concepts.length - 1;
  };

  PlanBuilder.prototype.finish = function (query) {
    var self = this;
    return Vocabulary.documentFrequencies(this.tokens).then(function (frequencies) {
      return { query: query, concepts: self.concepts, tokens: self.tokens, documentFrequencies: frequencies,
        documentCount: Vocabulary.documentCount(), rewrittenQuery: null, notices: [] };
    });
  };

  function frequencyOf(plan, alternative) {
    if (!alternative.tokens.length) return 0;
    return Math.min.apply(null, alternative.tokens.map(function (t) { return plan.documentFrequencies[t]; }));
  }

  function queryTokens(text) { return terms(text, "query"); }

  /** QueryPlanner.plan: concepts with alternatives per tier. Async: the vocabulary is loaded as needed. */
  async function planQuery(parsed, homophones) {
    var r = rules();
    var lookups = r.engine.alternativesPerLookup;
    var loneCharacterWeight = r.engine.loneCharacterWeight;
    var builder = new PlanBuilder();
    var loneWeight = parsed.pieces.length > 1 ? loneCharacterWeight : 1.0;
    var pendingHomophones = [];

    for (var p = 0; p < parsed.pieces.length; p++) {
      var piece = parsed.pieces[p];
      if (piece.kind === "synonym") {
        var alternatives = [];
        var key = normalizedKey(piece.text);
        var members = r.synonyms.groups[piece.group];
        if (!members.some(function (m) { return normalizedKey(m) === key; })) {
          alternatives.push(builder.alternative(queryTokens(piece.text), "exact", piece.text));
        }
        members.forEach(function (member) {
          var tier = normalizedKey(member) === key ? "exact" : "synonym";
          alternatives.push(builder.alternative(queryTokens(member), tier, member));
        });
        var span = parsed.units.slice(piece.lower, piece.upper);
        var bigramCount = span.every(function (u) { return u.kind === "ideograph"; }) ? span.length - 1 : span.length;
        builder.add({ label: piece.text, weight: Math.max(1, bigramCount),
          alternatives: alternatives.filter(function (a) { return a.tokens.length > 0; }), firstUnit: piece.lower });
      } else if (piece.kind === "ideographs") {
        var chars = Array.from(piece.text);
        if (chars.length === 1) {
          builder.add({ label: piece.text, weight: loneWeight,
            alternatives: [builder.alternative([piece.text], "exact", piece.text)], firstUnit: piece.lower });
          continue;
        }
        var bigrams = [];
        for (var i = 0; i < chars.length - 1; i++) bigrams.push(chars[i] + chars[i + 1]);
        var known = (await Vocabulary.documentFrequencies(bigrams)).map(function (df) { return df > 0; });
        for (var b = 0; b < bigrams.length; b++) {
          var coveredBefore = b > 0 && known[b - 1];
          if (!known[b] && !coveredBefore) {
            builder.add({ label: chars[b], weight: loneCharacterWeight,
              alternatives: [builder.alternative([chars[b]], "exact", chars[b])], firstUnit: piece.lower + b });
          }
          var index = builder.add({ label: bigrams[b], weight: 1,
            alternatives: [builder.alternative([bigrams[b]], "exact", bigrams[b])], firstUnit: piece.lower + b });
          if (homophones) pendingHomophones.push({ concept: index, bigram: bigrams[b] });
        }
        if (!known[known.length - 1]) {
          var lastChar = chars[chars.length - 1];
          builder.add({ label: lastChar, weight: loneCharacterWeight,
            alternatives: [builder.alternative([lastChar], "exact", lastChar)], firstUnit: piece.upper - 1 });
        }
      } else if (piece.kind === "word") {
        var wordAlternatives = [builder.alternative([piece.text], "exact", piece.text)];
        var wordKnown = (await Vocabulary.documentFrequencies([piece.text]))[0] > 0;
        if (!wordKnown && Array.from(piece.text).length >= 5 && /^[A-Za-z]+$/.test(piece.text)) {
          var near = await Vocabulary.wordsWithinOneEdit(piece.text, lookups);
          near.forEach(function (n) { wordAlternatives.push(builder.alternative([n.term], "typo", n.term)); });
        }
        builder.add({ label: piece.text, weight: 1, alternatives: wordAlternatives, firstUnit: piece.unit });
      } else {
        await addPinyin(piece, parsed, loneWeight, builder);
      }
    }

    var plan = await builder.finish(parsed.text);
    if (homophones) plan = await addHomophones(pendingHomophones, plan);
    plan.rewrittenQuery = rewrite(parsed.text, plan);
    if (parsed.truncated) plan.notices.push("query truncated to " + r.engine.maxQueryCharacters + " characters");
    return plan;
  }

  async function addPinyin(piece, parsed, loneWeight, builder) {
    var lookups = rules().engine.alternativesPerLookup;
    for (var unit = piece.lower; unit < piece.upper; unit++) {
      var word = parsed.units[unit].text;
      if ((await Vocabulary.documentFrequencies([word]))[0] > 0) {
        builder.add({ label: word, weight: 1, alternatives: [builder.alternative([word], "exact", word)], firstUnit: unit });
      }
    }
    var syllables = piece.syllables;
    var keys = [];
    if (syllables.length === 1) keys = syllables.slice();
    else for (var i = 0; i < syllables.length - 1; i++) keys.push(syllables[i] + syllables[i + 1]);
    for (var offset = 0; offset < keys.length; offset++) {
      var found = (await Vocabulary.termsWithPinyin(keys[offset], lookups + 2))
        .filter(function (t) { return !isFiller(t.term); }).slice(0, lookups);
      if (!found.length) continue;
      var alternatives = found.map(function (t) { return builder.alternative([t.term], "pinyin", t.term); });
      builder.add({ label: keys[offset], weight: syllables.length === 1 ? loneWeight : 1, alternatives: alternatives,
        firstUnit: piece.lower + Math.min(offset, piece.upper - piece.lower - 1) });
    }
  }

  async function addHomophones(pendingList, plan) {
    var lookups = rules().engine.alternativesPerLookup;
    var builder = new PlanBuilder(plan);
    var table = pendingList.length ? await readingsTable() : null;
    for (var i = 0; i < pendingList.length; i++) {
      var item = pendingList[i];
      var concept = plan.concepts[item.concept];
      var known = concept.alternatives.some(function (alt) {
        return alt.tokens.every(function (t) { return plan.documentFrequencies[t] > 0; });
      });
      if (known) continue;
      var seen = new Set([item.bigram]);
      var alternatives = [];
      var keys = pinyinKeys(table, item.bigram, 4);
      for (var k = 0; k < keys.length; k++) {
        var found = await Vocabulary.termsWithPinyin(keys[k], lookups);
        found.forEach(function (t) {
          if (!seen.has(t.term) && alternatives.length < lookups) {
            seen.add(t.term);
            alternatives.push(builder.alternative([t.term], "homophone", t.term));
          } else {
            seen.add(t.term);
          }
        });
      }
      builder.concepts[item.concept].alternatives = builder.concepts[item.concept].alternatives.concat(alternatives);
    }
    var rebuilt = await builder.finish(plan.query);
    plan.concepts = rebuilt.concepts;
    plan.tokens = rebuilt.tokens;
    plan.documentFrequencies = rebuilt.documentFrequencies;
    return plan;
  }

  /** The query with each weaker-tier concept replaced by its most frequent alternative, or null. */
  function rewrite(query, plan) {
    var text = query;
    var changed = false;
    plan.concepts.forEach(function (concept) {
      var exact = concept.alternatives.some(function (a) {
        return a.tier === "exact" && a.tokens.every(function (t) { return plan.documentFrequencies[t] > 0; });
      });
      if (exact) return;
      var best = null;
      concept.alternatives.forEach(function (a) {
        if (a.tier !== "homophone" && a.tier !== "typo" && a.tier !== "pinyin") return;
        // Swift's max(by:) keeps the first of equal maxima.
        if (!best || frequencyOf(plan, a) > frequencyOf(plan, best)) best = a;
      });
      if (!best || frequencyOf(plan, best) <= 0 || best.tier === "pinyin") return;
      var at = text.indexOf(concept.label);
      if (at >= 0) {
        text = text.slice(0, at) + best.label + text.slice(at + concept.label.length);
        changed = true;
      }
    });
    return changed ? text : null;
  }

  // ---------------------------------------------------------------- KBSearch: Ranker

  /** Ranker.idf. */
  function idf(df, n) { return Math.log(1 + (n - df + 0.5) / (df + 0.5)); }

  /** Ranker.importance. */
  function importance(plan) {
    var n = Math.max(plan.documentCount, 1);
    return plan.concepts.map(function (concept) {
      var df = 0;
      concept.alternatives.forEach(function (a) { df = Math.max(df, frequencyOf(plan, a)); });
      return concept.weight * idf(Math.max(df, 1), n);
    });
  }

  /** Ranker.saturated: BM25F's saturated term frequency from counts and lengths per field. */
  function saturated(counts, lengths) {
    var p = rules().parameters;
    var weighted = 0;
    for (var field = 0; field < 6; field++) {
      var tf = counts[field];
      if (!(tf > 0)) continue;
      var average = Math.max(META.averageFieldLengths[field], 1);
      var b = p.lengthNormalization[field];
      var norm = 1 - b + b * lengths[field] / average;
      weighted += p.fieldWeights[field] * tf / norm;
    }
    return weighted / (p.k1 + weighted);
  }

  /**
   * Ranker.score, over an interval: `sat(token)` returns [low, high] for a token the document
   * contains (equal when known). Coverage is exact; the score lies in [lower, upper], which are
   * the same number when every saturation is known.
   */
  function scoreBounds(contains, sat, plan, weights) {
    var r = rules();
    var total = 0;
    weights.forEach(function (w) { total += w; });
    var covered = 0, relevanceLow = 0, relevanceHigh = 0;
    var matches = [];
    for (var c = 0; c < plan.concepts.length; c++) {
      var concept = plan.concepts[c];
      // Swift's rule picks the alternative by (coverage, strength); coverage is exact here, so the
      // low strengths pick the alternative and the high ones bound what it could be.
      var best = { concept: c, alternative: null, coverage: 0, strength: 0, strengthHigh: 0 };
      var candidates = [];
      for (var a = 0; a < concept.alternatives.length; a++) {
        var alternative = concept.alternatives[a];
        var present = 0, low = 0, high = 0;
        for (var k = 0; k < alternative.tokens.length; k++) {
          var token = alternative.tokens[k];
          if (!contains(token)) continue;
          present += 1;
          var s = sat(token);
          low += s[0];
          high += s[1];
        }
        if (present === 0) continue;
        var weight = r.tierWeight[alternative.tier];
        var share = present / alternative.tokens.length;
        var coverage = weight * share * share;
        var strength = weight * share * low / alternative.tokens.length;
        candidates.push({ coverage: coverage, high: weight * share * high / alternative.tokens.length });
        if (coverage > best.coverage || (coverage === best.coverage && strength > best.strength)) {
          best = { concept: c, alternative: a, coverage: coverage, strength: strength, strengthHigh: 0 };
        }
      }
      candidates.forEach(function (candidate) {
        if (candidate.coverage === best.coverage) best.strengthHigh = Math.max(best.strengthHigh, candidate.high);
      });
      covered += weights[c] * best.coverage;
      relevanceLow += weights[c] * best.strength;
      relevanceHigh += weights[c] * best.strengthHigh;
      matches.push(best);
    }
    var coverageShare = total > 0 ? covered / total : 0;
    var low = total > 0 ? relevanceLow / total : 0;
    var high = total > 0 ? relevanceHigh / total : 0;
    var rw = r.parameters.relevanceWeight;
    return { coverage: coverageShare, relevance: low, lower: coverageShare + rw * low,
      upper: coverageShare + rw * high, matches: matches };
  }

  // ---------------------------------------------------------------- postings state of one run

  /** What a run knows of one plan token: its documents, and the saturation in those seen so far. */
  function TokenState(maxDocument) {
    this.documents = null;
    this.titles = null;
    this.known = new Float64Array(maxDocument + 1).fill(NaN);
    this.bound = 0;
    this.chunks = [];
    this.nextChunk = 0;
    this.key = null;
  }

  TokenState.prototype.absorb = function (postings) {
    var self = this;
    postings.forEach(function (p) { self.known[p.document] = saturated(p.counts, p.lengths); });
  };

  TokenState.prototype.advance = function () {
    this.nextChunk += 1;
    this.bound = this.nextChunk < this.chunks.length ? this.chunks[this.nextChunk][1] : 0;
  };

  TokenState.prototype.complete = function () { return this.nextChunk >= this.chunks.length; };

  /** Loads a term's document set and its best postings (all of them for a rare term). */
  function openToken(entry) {
    var state = new TokenState(META.maxDocument);
    if (typeof entry[1] === "string" && entry[1].length && !isFrequentKey(entry)) {
      var postings = decodePostings(entry[1]);
      state.documents = new Uint8Array(META.maxDocument + 1);
      state.titles = new Uint8Array(META.maxDocument + 1);
      postings.forEach(function (p) {
        state.documents[p.document] = 1;
        if (p.mask & 1) state.titles[p.document] = 1;
      });
      state.absorb(postings);
      return Promise.resolve(state);
    }
    state.key = entry[1];
    return load("p/" + state.key).then(function (file) {
      state.documents = decodeDocumentSet(file.docs, META.maxDocument);
      state.titles = decodeDocumentSet(file.title, META.maxDocument);
      state.chunks = file.chunks;
      state.absorb(decodePostings(file.first));
      state.advance();
      return state;
    });
  }

  function isFrequentKey(entry) { return entry[0] > META.layout.inlineLimit; }

  function loadNextChunk(state) {
    var name = "p/" + state.key + "." + state.nextChunk;
    return load(name).then(function (text) {
      state.absorb(decodePostings(text));
      state.advance();
    });
  }

  function documentRecord(doc) { return load("d/" + doc); }

  // ---------------------------------------------------------------- KBSearch: SearchEngine

  function Result(doc) {
    this.document = doc;
    this.record = null;
    this.exact = false;
  }

  /**
   * SearchEngine.search. Resolves with `{query, plan, results, tier, didYouMean, notices}`, each
   * result `{id, title, category, products, score, coverage, section, anchor, snippet, highlights,
   * url, relatedFixes}` as `kb search --json` prints them.
   */
  async function search(query, options) {
    options = options || {};
    var limit = options.limit || 10;
    var homophonesAllowed = options.homophones !== false;
    await load("meta");
    rules();
    var parsed = parseQuery(query);
    var plan = await planQuery(parsed, false);
    var ranked = await run(plan, parsed, limit);
    var tier = "exact";
    if (homophonesAllowed && isWeak(ranked, plan)) {
      var soundsLike = await planQuery(parsed, true);
      if (tiersUsed(soundsLike).has("homophone")) {
        var alternative = await run(soundsLike, parsed, limit);
        if ((alternative.length ? alternative[0].score : 0) > (ranked.length ? ranked[0].score : 0)) {
          plan = soundsLike;
          ranked = alternative;
          tier = "homophone";
        }
      }
    }
    var used = new Set();
    ranked.forEach(function (result) {
      result.matches.forEach(function (m) {
        if (m.alternative !== null) used.add(plan.concepts[m.concept].alternatives[m.alternative].tier);
      });
    });
    if (tier === "exact") {
      var weakest = null;
      used.forEach(function (t) { if (weakest === null || rules().tierOrder[t] > rules().tierOrder[weakest]) weakest = t; });
      if (weakest === "typo" || weakest === "homophone") tier = weakest;
    }
    return {
      query: query, plan: plan, tier: tier,
      didYouMean: ranked.length ? plan.rewrittenQuery : null,
      notices: plan.notices, total: ranked.length,
      results: ranked.slice(0, limit).map(present),
    };
  }

  function tiersUsed(plan) {
    var set = new Set();
    plan.concepts.forEach(function (c) { c.alternatives.forEach(function (a) { set.add(a.tier); }); });
    return set;
  }

  /** SearchEngine.isWeak. */
  function isWeak(ranked, plan) {
    var unknown = plan.concepts.some(function (concept) {
      return concept.alternatives.every(function (a) { return frequencyOf(plan, a) === 0; }) &&
        Array.from(concept.label).length === 2;
    });
    if (!unknown) return false;
    return (ranked.length ? ranked[0].coverage : 0) < 0.75;
  }

  /**
   * SearchEngine.run: the `limit` best results after re-ranking, with the same scores and order as
   * `kb search`. Instead of scoring every matching document exactly, it keeps each document's score
   * as an interval and narrows it only where the order at the cut-offs depends on it: first the
   * `rerankDepth` best by the first-pass score, then the shown results by the final score.
   */
  async function run(plan, parsed, limit) {
    var r = rules();
    var searchable = [];
    plan.tokens.forEach(function (_, i) { if (plan.documentFrequencies[i] > 0) searchable.push(i); });
    if (!searchable.length) return [];
    var weights = importance(plan);
    var entries = await termEntries(searchable.map(function (i) { return plan.tokens[i]; }));
    var opened = await Promise.all(entries.map(openToken));
    var states = {};
    searchable.forEach(function (token, i) { states[token] = opened[i]; });

    function contains(doc) {
      return function (token) { return states[token] !== undefined && states[token].documents[doc] === 1; };
    }
    function saturation(doc) {
      return function (token) {
        var state = states[token];
        var value = state.known[doc];
        return value === value ? [value, value] : [0, state.bound];
      };
    }
    function bounds(doc) { return scoreBounds(contains(doc), saturation(doc), plan, weights); }

    // Every document that holds any searchable token.
    var universe = [];
    for (var doc = 0; doc <= META.maxDocument; doc++) {
      for (var s = 0; s < searchable.length; s++) {
        if (states[searchable[s]].documents[doc] === 1) { universe.push(doc); break; }
      }
    }

    // 1. The rerankDepth best by the first-pass score, exactly as `kb search` picks them.
    var depth = r.engine.rerankDepth;
    var scored = universe.map(function (d) { return { document: d, b: bounds(d) }; });
    var candidates = scored;
    while (candidates.length > depth) {
      var lows = candidates.map(function (c) { return c.b.lower; }).sort(function (x, y) { return y - x; });
      var threshold = lows[depth - 1];
      candidates = candidates.filter(function (c) { return c.b.upper >= threshold; });
      var unsure = candidates.filter(function (c) { return c.b.lower !== c.b.upper; });
      if (candidates.length <= depth || !unsure.length) break;
      var loads = chunksWorthLoading(unsure, states, plan, weights);
      if (!loads.length) break;
      await Promise.all(loads.map(loadNextChunk));
      candidates.forEach(function (c) { c.b = bounds(c.document); });
    }
    candidates.sort(function (x, y) { return y.b.lower - x.b.lower || x.document - y.document; });
    var top = candidates.slice(0, depth);

    // 2. Re-ranking: section evidence and bonuses, exact for every result that is shown.
    var titleTokens = await titleCheck(parsed);
    var results = top.map(function (c) {
      var result = new Result(c.document);
      result.coverage = c.b.coverage;
      result.first = c.b;
      result.category = META.categories[Math.floor(DIGIT[META.documents.charCodeAt(c.document)] / 8)];
      result.titlePossible = titleTokens === null || titleTokens.every(function (state) {
        return state !== null && state.titles[c.document] === 1;
      });
      result.low = c.b.lower + categoryBonus(result.category);
      result.high = c.b.upper + r.parameters.proximityWeight + categoryBonus(result.category) +
        (result.titlePossible ? r.parameters.exactTitleBonus : 0);
      return result;
    });
    var minimum = r.parameters.minimumCoverage;
    for (;;) {
      var needed = contenders(results, 1, function () { return true; })
        .concat(contenders(results, limit, function (x) { return x.coverage >= minimum; }))
        .filter(function (x) { return !x.exact; });
      if (!needed.length) break;
      await Promise.all(needed.map(function (x) { return settle(x, plan, parsed, weights); }));
    }
    results.sort(compareResults);
    var exactOnes = results.filter(function (x) { return x.exact; });
    if (!exactOnes.length) return [];
    var best = exactOnes[0].score;
    var cut = best * r.parameters.relativeCutoff;
    return exactOnes.filter(function (x) { return x.coverage >= minimum && x.score >= cut; }).slice(0, limit);
  }

  function categoryBonus(category) {
    return rules().answerCategories.has(category) ? rules().parameters.answerCategoryBonus : 0;
  }

  function compareResults(x, y) {
    var a = x.exact ? x.score : x.high, b = y.exact ? y.score : y.high;
    if (a !== b) return b - a;
    var ia = x.record ? x.record.id : "", ib = y.record ? y.record.id : "";
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  }

  /** Results that might be among the first `count` of those passing `keep`: all need exact scores. */
  function contenders(results, count, keep) {
    var kept = results.filter(keep);
    if (kept.length <= count) return kept;
    var lows = kept.map(function (x) { return x.exact ? x.score : x.low; }).sort(function (a, b) { return b - a; });
    var threshold = lows[count - 1];
    return kept.filter(function (x) { return (x.exact ? x.score : x.high) >= threshold; });
  }

  /** Chunks whose loading narrows the uncertain scores most: up to three per round. */
  function chunksWorthLoading(unsure, states, plan, weights) {
    var gain = new Map();
    plan.concepts.forEach(function (concept, c) {
      concept.alternatives.forEach(function (alternative) {
        alternative.tokens.forEach(function (token) {
          var state = states[token];
          if (!state || state.complete()) return;
          var count = 0;
          unsure.forEach(function (u) {
            if (state.documents[u.document] === 1 && state.known[u.document] !== state.known[u.document]) count += 1;
          });
          var value = count * state.bound * weights[c] / alternative.tokens.length;
          if (value > (gain.get(state) || 0)) gain.set(state, value);
        });
      });
    });
    return Array.from(gain.entries()).filter(function (e) { return e[1] > 0; })
      .sort(function (x, y) { return y[1] - x[1]; }).slice(0, 3).map(function (e) { return e[0]; });
  }

  /**
   * Tokens whose title sets tell which documents can get a title bonus. A title equal to the
   * query's content (or containing it, or equal to the whole query) holds every ideograph of the
   * content as a unigram token, so a document lacking any of them in its title gets no title bonus.
   * A few ideographs suffice for that test. Null when it cannot be told (no ideographs).
   */
  async function titleCheck(parsed) {
    var chars = [];
    parsed.units.forEach(function (unit, i) {
      if (parsed.role[i] !== "filler" && unit.kind === "ideograph" && chars.indexOf(unit.text) < 0) chars.push(unit.text);
    });
    if (!chars.length) return null;
    var picked = chars.length <= 3 ? chars : [chars[0], chars[Math.floor(chars.length / 2)], chars[chars.length - 1]];
    var entries = await termEntries(picked);
    return Promise.all(entries.map(function (entry) { return entry ? openTitles(entry) : null; }));
  }

  function openTitles(entry) {
    if (!isFrequentKey(entry)) return openToken(entry);
    return load("p/" + entry[1]).then(function (file) {
      return { titles: decodeDocumentSet(file.title, META.maxDocument) };
    });
  }

  /** Loads a result's document and scores it exactly: first pass, best section, bonus, snippet. */
  async function settle(result, plan, parsed, weights) {
    var record = await documentRecord(result.document);
    var hits = documentHits(record, plan);
    var first = scoreBounds(function (t) { return hits.counts[t] !== undefined; },
      function (t) { var v = saturated(hits.counts[t], hits.lengths); return [v, v]; }, plan, weights);
    var chosen = bestSection(record, first, plan, weights);
    var bonusValue = bonus(record, parsed);
    var p = rules().parameters;
    result.record = record;
    result.matches = first.matches;
    result.coverage = first.coverage;
    result.section = chosen.section;
    result.score = first.lower + (p.proximityWeight * chosen.proximity + bonusValue);
    result.exact = true;
    var matched = new Set();
    first.matches.forEach(function (m) {
      if (m.alternative === null) return;
      plan.concepts[m.concept].alternatives[m.alternative].tokens.forEach(function (t) { matched.add(plan.tokens[t]); });
    });
    result.matchedTokens = matched;
  }

  /** What FTS5 reports for one document: each plan token's count per field, and field lengths. */
  function documentHits(record, plan) {
    var wanted = new Map();
    plan.tokens.forEach(function (token, i) { if (plan.documentFrequencies[i] > 0) wanted.set(token, i); });
    var fields = indexedFields(record);
    var counts = {};
    var lengths = [0, 0, 0, 0, 0, 0];
    fields.forEach(function (text, field) {
      tokenize(text, "document").forEach(function (token) {
        if (!token.colocated) lengths[field] += 1;
        var index = wanted.get(token.text);
        if (index === undefined) return;
        if (!counts[index]) counts[index] = [0, 0, 0, 0, 0, 0];
        counts[index][field] += 1;
      });
    });
    return { counts: counts, lengths: lengths };
  }

  /** IndexedFields.texts: the fields as the index assembles them. */
  function indexedFields(record) {
    return [
      record.title,
      record.symptoms.join("\n"),
      record.tags.join("\n"),
      record.summary,
      record.sections.filter(function (s) { return s[0] !== null; }).map(function (s) { return s[0]; }).join("\n"),
      record.sections.map(function (s) { return s[3]; }).join("\n"),
    ];
  }

  /** SearchEngine.bestSection: the section holding the largest share of the matched concepts. */
  function bestSection(record, score, plan, weights) {
    var r = rules();
    var sections = record.sections.map(function (s) { return { heading: s[0], anchor: s[1], level: s[2], text: s[3] }; });
    var fallback = sections[0] || { heading: null, anchor: null, level: 0, text: record.summary };
    var matched = score.matches.filter(function (m) { return m.alternative !== null; });
    var total = matched.reduce(function (sum, m) { return sum + weights[m.concept] * m.coverage; }, 0);
    if (!(total > 0)) return { section: fallback, proximity: 0 };
    var best = fallback;
    var bestShare = -1.0;
    sections.forEach(function (section) {
      var present = new Set(tokenize((section.heading || "") + "\n" + section.text, "document").map(textOf));
      var share = 0.0;
      matched.forEach(function (match) {
        var concept = plan.concepts[match.concept];
        var found = 0;
        concept.alternatives.forEach(function (alternative) {
          var hits = alternative.tokens.filter(function (t) { return present.has(plan.tokens[t]); }).length;
          var part = hits / Math.max(alternative.tokens.length, 1);
          found = Math.max(found, r.tierWeight[alternative.tier] * part * part);
        });
        share += weights[match.concept] * found;
      });
      if (share > bestShare + 1e-9) {
        bestShare = share;
        best = section;
      }
    });
    return { section: best, proximity: Math.min(1, Math.max(0, bestShare) / total) };
  }

  /** SearchEngine.bonus: exact-title and category bonuses. */
  function bonus(record, parsed) {
    var p = rules().parameters;
    var value = 0.0;
    var title = normalizedKey(record.title);
    var query = parsed.contentKey;
    if (query.length) {
      if (title === query || normalizedKey(parsed.text) === title) value += p.exactTitleBonus;
      else if (Array.from(query).length >= 3 && title.indexOf(query) >= 0) value += p.titleContainsBonus;
    }
    if (rules().answerCategories.has(record.category)) value += p.answerCategoryBonus;
    return value;
  }

  // ---------------------------------------------------------------- KBSearch: SnippetBuilder

  var SENTENCE_END = { "\n": true, "。": true, "！": true, "？": true };
  var SPACE = /\p{White_Space}/u;

  /** SnippetBuilder.snippet: highlights as [start, end) code point offsets into the text. */
  function snippet(text, matched, maxScalars) {
    maxScalars = maxScalars || rules().engine.snippetMaxScalars;
    var tokens = tokenize(text, "document").filter(function (t) { return matched.has(t.text); });
    var scalars = Array.from(text);
    var count = scalars.length;
    if (count <= maxScalars) {
      return { text: text.replace(/\n/g, " "), highlights: merge(tokens.map(function (t) { return [t.c0, t.c1]; })) };
    }
    var bestStart = 0, bestCount = -1;
    tokens.forEach(function (token) {
      var start = Math.max(0, token.c0 - 8);
      var end = Math.min(count, start + maxScalars);
      var distinct = new Set();
      tokens.forEach(function (t) { if (t.c0 >= start && t.c1 <= end) distinct.add(t.text); });
      if (distinct.size > bestCount) {
        bestCount = distinct.size;
        bestStart = start;
      }
    });
    var startScalar = bestStart;
    for (var i = bestStart - 1; i >= Math.max(0, bestStart - 12); i--) {
      if (SENTENCE_END[scalars[i]]) { startScalar = i + 1; break; }
    }
    var endScalar = Math.min(count, startScalar + maxScalars);
    var body = scalars.slice(startScalar, endScalar);
    var leading = 0;
    while (leading < body.length && SPACE.test(body[leading])) leading += 1;
    body = body.slice(leading);
    var prefix = startScalar > 0 ? "…" : "";
    var suffix = endScalar < count ? "…" : "";
    var shift = -startScalar - leading + prefix.length;
    var bodyStart = prefix.length, bodyEnd = bodyStart + body.length;
    var ranges = [];
    tokens.forEach(function (t) {
      var lower = t.c0 + shift, upper = t.c1 + shift;
      if (lower >= bodyStart && upper <= bodyEnd) ranges.push([lower, upper]);
    });
    return { text: (prefix + body.join("") + suffix).replace(/\n/g, " "), highlights: merge(ranges) };
  }

  function merge(ranges) {
    var merged = [];
    ranges.slice().sort(function (a, b) { return a[0] - b[0]; }).forEach(function (range) {
      var last = merged[merged.length - 1];
      if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
      else merged.push([range[0], range[1]]);
    });
    return merged;
  }

  // ---------------------------------------------------------------- results

  /** A result as `kb search --json` shows it, plus the page link. */
  function present(result) {
    var record = result.record;
    var section = result.section;
    var source = section.text.length ? section.text : record.summary;
    var shown = snippet(source, result.matchedTokens);
    return {
      id: record.id,
      title: record.title,
      category: record.category,
      products: record.products,
      score: Math.round(result.score * 10000) / 10000,
      coverage: result.coverage,
      section: section.heading,
      anchor: section.anchor,
      snippet: shown.text,
      highlights: shown.highlights,
      url: record.id + ".html" + (section.anchor ? "#" + encodeURIComponent(section.anchor) : ""),
      relatedFixes: record.category === "cause"
        ? record.related.filter(function (r) { return r[2] === "fix"; }).map(function (r) {
          return { id: r[0], title: r[1], url: r[0] + ".html" };
        })
        : [],
    };
  }

  global.KBSearch = {
    search: search,
    tokenize: function (text, mode) { return load("meta").then(function () { rules(); return tokenize(text, mode); }); },
    tokenizeSync: function (text, mode) { rules(); return tokenize(text, mode); },
    parse: function (text) { rules(); return parseQuery(text); },
    /** Names of the index files loaded so far (for measuring what one query reads). */
    loadedFiles: function () { return Object.keys(DATA); },
    ready: function () { return load("meta").then(function () { rules(); }); },
  };
})(typeof window !== "undefined" ? window : this);
