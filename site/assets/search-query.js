/*
 * kb browser search, part 3 of 4: query understanding of KBSearch, ported function by function
 * (FillerWords, QueryParser, QueryPlanner, PlanBuilder). Async where the Swift code asks the index
 * (the Vocabulary loads the shards it needs).
 */
(function (global) {
  "use strict";

  var KB = global.KBSearchInternals;
  var Vocabulary = KB.Vocabulary;

  // ---------------------------------------------------------------- FillerWords

  /** FillerWords.isFiller. */
  function isFiller(text) {
    var r = KB.rules();
    var key = KB.normalizedKey(text);
    return r.fillerChinese.indexOf(key) >= 0 || r.fillerEnglish.has(key);
  }

  // ---------------------------------------------------------------- QueryParser

  var WHITESPACE_OR_CONTROL = /[\p{White_Space}\u0000-\u001f]+/u;

  function parseQuery(raw) {
    var r = KB.rules();
    var max = r.engine.maxQueryCharacters;
    var points = Array.from(raw);
    var truncated = points.length > max;
    var text = truncated ? points.slice(0, max).join("") : raw;
    text = text.split(WHITESPACE_OR_CONTROL).filter(function (part) { return part.length > 0; }).join(" ");
    var list = KB.units(text);

    // Synonym phrases win over filler.
    var role = list.map(function () { return "content"; });
    var synonymPieces = [];
    maximalMatches(r.synonyms.matches(list)).forEach(function (match) {
      var last = synonymPieces[synonymPieces.length - 1];
      // Only overlapping matches merge: a word said twice stays two mentions.
      if (last && last.group === match.group && last.lower < match.upper && match.lower < last.upper) {
        last.upper = Math.max(last.upper, match.upper);
      } else {
        synonymPieces.push({ group: match.group, lower: match.lower, upper: match.upper });
      }
    });
    // Entity names are set apart: the query is understood without them. Out-of-scope topics are
    // searched like synonyms and reported.
    var topics = [];
    synonymPieces.forEach(function (piece) {
      if (r.synonyms.roles[piece.group] !== "out-of-scope") return;
      var topic = r.synonyms.groups[piece.group][0];
      if (topics.indexOf(topic) < 0) topics.push(topic);
    });
    var entityPieces = synonymPieces.filter(function (piece) { return r.synonyms.roles[piece.group] !== "synonym"; });
    synonymPieces = synonymPieces.filter(function (piece) { return r.synonyms.roles[piece.group] === "synonym"; });
    synonymPieces.forEach(function (piece) { for (var i = piece.lower; i < piece.upper; i++) role[i] = "synonym"; });
    entityPieces.forEach(function (piece) { for (var i = piece.lower; i < piece.upper; i++) role[i] = "entity"; });
    var intent = markFiller(list, role);
    // A query of names alone is about them: they are searched as synonyms.
    var namesOnly = entityPieces.length > 0 && role.indexOf("synonym") < 0 && role.every(function (x, i) {
      return x !== "content" || (list[i].kind === "ideograph" && r.grammarCharacters.has(list[i].text));
    });

    var pieces = synonymPieces.map(function (piece) {
      return { first: piece.lower, piece: { kind: "synonym", group: piece.group,
        text: KB.joinUnits(list.slice(piece.lower, piece.upper)), lower: piece.lower, upper: piece.upper } };
    });
    entityPieces.forEach(function (piece) {
      pieces.push({ first: piece.lower, piece: { kind: namesOnly ? "synonym" : "entity", group: piece.group,
        text: KB.joinUnits(list.slice(piece.lower, piece.upper)), lower: piece.lower, upper: piece.upper } });
    });
    // Ideograph runs keep their synonym parts, so that a bigram crossing into a synonym (算咔 in
    // 结算咔) is still seen; the planner skips bigrams that a synonym already covers.
    function insideOneSynonym(a, b) {
      return synonymPieces.some(function (piece) { return piece.lower <= a && b < piece.upper; });
    }
    var index = 0;
    while (index < list.length) {
      var unit = list[index];
      var joinable = unit.kind === "ideograph" ? role[index] !== "filler" && role[index] !== "entity" : role[index] === "content";
      if (!joinable) {
        index += 1;
        continue;
      }
      var end = index + 1;
      if (unit.kind === "ideograph") {
        while (end < list.length && role[end] !== "filler" && role[end] !== "entity" && list[end].kind === "ideograph" &&
               list[end].start === list[end - 1].end) end += 1;  // adjacent in the text only
        var uncovered = false;
        if (end - index === 1) uncovered = role[index] === "content";
        else for (var u = index; u < end - 1; u++) if (!insideOneSynonym(u, u + 1)) { uncovered = true; break; }
        if (uncovered) {
          pieces.push({ first: index, piece: { kind: "ideographs", text: KB.joinUnits(list.slice(index, end)),
            lower: index, upper: end } });
        }
        index = end;
        continue;
      }
      // Words join (as a possible pinyin phrase) across spaces.
      while (end < list.length && role[end] === "content" && list[end].kind === "word" && KB.isPinyin(list[end].text)) end += 1;
      var words = list.slice(index, end);
      if (words.every(function (w) { return KB.isPinyin(w.text); })) {
        var syllables = [];
        words.forEach(function (w) { syllables = syllables.concat(KB.segmentations(w.text)[0] || []); });
        pieces.push({ first: index, piece: { kind: "pinyin", syllables: syllables, text: words.map(KB.textOf).join(" "),
          lower: index, upper: end } });
      } else {
        end = index + 1;
        pieces.push({ first: index, piece: { kind: "word", text: unit.text, unit: index } });
      }
      index = end;
    }
    // Stable order by first unit (Array.prototype.sort is stable).
    pieces = pieces.map(function (entry, offset) { return { first: entry.first, offset: offset, piece: entry.piece }; })
      .sort(function (a, b) { return a.first - b.first || a.offset - b.offset; })
      .map(function (entry) { return entry.piece; });
    // What the query asks about: neither filler nor names (ParsedQuery.contentKey's units).
    var contentUnits = list.filter(function (_, i) { return role[i] !== "filler" && role[i] !== "entity"; });
    var contentKey = contentUnits.map(KB.textOf).join("");
    return { text: text, truncated: truncated, units: list, pieces: pieces, contentUnits: contentUnits, contentKey: contentKey, role: role,
      intent: intent, outOfScopeTopics: topics, namesOnly: namesOnly };
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

  /** QueryParser.markFiller: marks filler, returns the intent of its question words ("why", "how", null). */
  function markFiller(list, role) {
    var r = KB.rules();
    var why = false, how = false;
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
      // A one-character particle inside a phrase belongs to it (开不了机): filler only where a phrase ends.
      if (matched === 1 && r.phraseParticles.has(list[index].text) && !endsPhrase(list, index)) matched = 0;
      if (matched > 0) {
        var word = list.slice(index, index + matched).map(KB.textOf).join("");
        if (r.whyWords.has(word)) why = true;
        if (r.howWords.has(word)) {
          var next = index + matched;
          if (next < list.length && list[next].kind === "ideograph" && !r.notAnAction.has(list[next].text)) how = true;
        }
        for (var i = index; i < index + matched; i++) role[i] = "filler";
        index += matched;
      } else {
        index += 1;
      }
    }
    markCounts(list, role);
    markDurations(list, role);
    if (role.every(function (x) { return x === "filler"; })) {
      for (var j = 0; j < role.length; j++) role[j] = "content";
    }
    return why ? "why" : how ? "how" : null;
  }

  /** QueryParser.markCounts: a count in a page title (5种原因, 四大原因) is filler. */
  function markCounts(list, role) {
    var r = KB.rules();
    for (var index = 0; index < list.length; index++) {
      // The measure word may already be filler (几种 in 十几种): the numerals before it still count.
      if (role[index] === "synonym" || role[index] === "entity" || list[index].kind !== "ideograph" ||
        !r.countMeasureWords.has(list[index].text)) continue;
      var next = index + 1;
      if (!(next === list.length || role[next] === "filler")) continue;
      var first = index;
      while (first > 0 && (role[first - 1] === "content" || role[first - 1] === "filler") && list[first - 1].end === list[first].start) {
        if (!isNumber(list[first - 1])) break;
        first -= 1;
      }
      if (first >= index) continue;
      for (var i = first; i <= index; i++) role[i] = "filler";
    }
  }

  /** QueryParser.isNumber: ASCII digits, or a Chinese numeral (五, 几). */
  function isNumber(unit) {
    return unit.kind === "word" ? /^[0-9]+$/.test(unit.text) : KB.rules().chineseNumerals.has(unit.text);
  }

  /** QueryParser.markDurations: a duration (五天, 3个小时, 两个月) is filler. */
  function markDurations(list, role) {
    var r = KB.rules();
    var sequences = r.durationUnits;
    function adjacent(i) { return list[i].start === list[i - 1].end; }
    function isNumeral(i) {
      return role[i] === "content" && isNumber(list[i]) && !r.notDurationNumerals.has(list[i].text);
    }
    var index = 0;
    while (index < list.length) {
      var end = index;
      while (end < list.length && isNumeral(end) && (end === index || adjacent(end))) end++;
      if (end === index) { index++; continue; }
      var unitStart = end;
      var length = 0;
      for (var s = 0; s < sequences.length && !length; s++) {
        var seq = sequences[s];
        if (unitStart + seq.length > list.length || !adjacent(unitStart)) continue;
        var fits = true;
        for (var k = 0; k < seq.length && fits; k++) {
          var u = list[unitStart + k];
          fits = u.text === seq[k] && u.kind === "ideograph" && role[unitStart + k] === "content";
        }
        if (fits) length = seq.length;
      }
      if (length) {
        for (var i = index; i < unitStart + length; i++) role[i] = "filler";
        index = unitStart + length;
      } else {
        index = end;
      }
    }
  }

  /** True when the ideograph at `index` is the last of its run, or is followed by filler. */
  function endsPhrase(list, index) {
    var next = index + 1;
    if (!(next < list.length && list[next].kind === "ideograph" && list[next].start === list[index].end)) return true;
    return KB.rules().fillerUnits.some(function (filler) {
      if (next + filler.length > list.length) return false;
      for (var k = 0; k < filler.length; k++) if (list[next + k].text !== filler[k]) return false;
      return true;
    });
  }

  // ---------------------------------------------------------------- PlanBuilder

  function PlanBuilder(plan) {
    this.concepts = plan ? plan.concepts.map(cloneConcept) : [];
    this.unknownThings = plan ? plan.unknownThings.slice() : [];
    this.unknownNames = plan ? plan.unknownNames.slice() : [];
    this.junctions = [];
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
        documentCount: Vocabulary.documentCount(), rewrittenQuery: null, notices: [], unknownThings: self.unknownThings,
        unknownNames: self.unknownNames };
    });
  };

  /** QueryPlan.frequency(of:): documents containing the rarest token of an alternative. */
  function frequencyOf(plan, alternative) {
    if (!alternative.tokens.length) return 0;
    return Math.min.apply(null, alternative.tokens.map(function (t) { return plan.documentFrequencies[t]; }));
  }

  function queryTokens(text) { return KB.terms(text, "query"); }

  function documentFrequency(term) {
    return Vocabulary.documentFrequencies([term]).then(function (list) { return list[0]; });
  }

  // ---------------------------------------------------------------- QueryPlanner

  /** QueryPlanner.isMentioned: the index holds the name as typed or another member of its group. */
  async function isMentioned(piece) {
    var forms = [piece.text].concat(KB.rules().synonyms.groups[piece.group]);
    for (var f = 0; f < forms.length; f++) {
      var tokens = queryTokens(forms[f]);
      if (tokens.length && (await Vocabulary.documentFrequencies(tokens)).every(function (df) { return df > 0; })) return true;
    }
    return false;
  }

  /**
   * QueryPlanner.unmentionedNames: in a query of names alone, where the names begin that the
   * content never mentions while it mentions another (拉卡拉电签 asks about the e-sign line).
   */
  async function unmentionedNames(parsed) {
    var r = KB.rules();
    var names = parsed.pieces.filter(function (piece) {
      return piece.kind === "synonym" && r.synonyms.roles[piece.group] === "entity";
    });
    if (names.length < 2) return new Set();
    var unmentioned = [];
    for (var i = 0; i < names.length; i++) {
      if (!(await isMentioned(names[i]))) unmentioned.push(names[i].lower);
    }
    return unmentioned.length < names.length ? new Set(unmentioned) : new Set();
  }

  /** QueryPlanner.plan: concepts with alternatives per tier. */
  async function planQuery(parsed, homophones) {
    var r = KB.rules();
    var builder = new PlanBuilder();
    var topicPieces = parsed.pieces.filter(function (piece) { return piece.kind !== "entity"; });
    var loneWeight = topicPieces.length > 1 ? r.engine.loneCharacterWeight : 1.0;
    var pendingHomophones = [];
    var synonymSpans = parsed.pieces.filter(function (piece) { return piece.kind === "synonym"; })
      .map(function (piece) { return [piece.lower, piece.upper]; });
    // Where a provider, bank, app or device name begins: the words the index lacks right before
    // one are most likely a name the list lacks (海科 in 海科pos机).
    var nameStarts = new Set(parsed.pieces.filter(function (piece) {
      return piece.kind === "entity" && r.synonyms.roles[piece.group] === "entity";
    }).map(function (piece) { return piece.lower; }));

    var unmentioned = await unmentionedNames(parsed);

    for (var p = 0; p < parsed.pieces.length; p++) {
      var piece = parsed.pieces[p];
      if (piece.kind === "synonym") {
        if (!unmentioned.has(piece.lower)) addGroup(piece, parsed, null, builder);
      } else if (piece.kind === "entity") {
        // A name the content never mentions says nothing about which article answers.
        if (await isMentioned(piece)) addGroup(piece, parsed, r.engine.entityWeight, builder);
      } else if (piece.kind === "ideographs") {
        var nameAside = !nameStarts.has(piece.upper) ? "never" : topicPieces.length > 1 ? "always" : "ifSomethingRemains";
        var soundAlike = await ideographConcepts(piece.text, piece.lower, loneWeight, synonymSpans, nameAside, builder);
        if (homophones) pendingHomophones = pendingHomophones.concat(soundAlike);
      } else if (piece.kind === "word") {
        await addWord(piece.text, piece.unit, builder);
      } else {
        await addPinyin(piece, parsed, loneWeight, builder);
      }
    }

    // A query of nothing but grammar (的的) keeps its bigrams: searching for nothing helps nobody.
    if (!builder.concepts.length) {
      builder.junctions.forEach(function (j) {
        builder.add({ label: j.bigram, weight: 1, alternatives: [builder.alternative([j.bigram], "exact", j.bigram)],
          firstUnit: j.firstUnit });
      });
    }
    var plan = await builder.finish(parsed.text);
    if (homophones) plan = await addHomophones(pendingHomophones, plan);
    plan.rewrittenQuery = rewrite(parsed.text, plan);
    if (parsed.truncated) plan.notices.push("query truncated to " + r.engine.maxQueryCharacters + " characters");
    return plan;
  }

  /** QueryPlanner.addGroup: the words as typed and every member of their group as alternatives. */
  function addGroup(piece, parsed, weight, builder) {
    var r = KB.rules();
    var alternatives = [];
    var key = KB.normalizedKey(piece.text);
    var members = r.synonyms.groups[piece.group];
    if (!members.some(function (m) { return KB.normalizedKey(m) === key; })) {
      alternatives.push(builder.alternative(queryTokens(piece.text), "exact", piece.text));
    }
    members.forEach(function (member) {
      var tier = KB.normalizedKey(member) === key ? "exact" : "synonym";
      alternatives.push(builder.alternative(queryTokens(member), tier, member));
    });
    var span = parsed.units.slice(piece.lower, piece.upper);
    var bigramCount = span.every(function (u) { return u.kind === "ideograph"; }) ? span.length - 1 : span.length;
    builder.add({ label: piece.text, weight: weight === null ? Math.max(1, bigramCount) : weight,
      alternatives: alternatives.filter(function (a) { return a.tokens.length > 0; }), firstUnit: piece.lower });
  }

  /**
   * QueryPlanner.ideographConcepts: known bigrams are concepts; an unknown one is kept when it
   * sounds like an indexed one that fits its neighbours, dropped when it only joins two words, and
   * otherwise weighted by how ordinary its word is. Characters no known bigram covers are searched
   * alone.
   */
  async function ideographConcepts(text, firstUnit, loneWeight, synonymSpans, nameAside, builder) {
    var r = KB.rules();
    var e = r.engine;
    var chars = Array.from(text);
    function inSynonym(i) {
      return synonymSpans.some(function (span) { return span[0] <= firstUnit + i && firstUnit + i < span[1]; });
    }
    function inOneSynonym(i) {
      return synonymSpans.some(function (span) { return span[0] <= firstUnit + i && firstUnit + i + 1 < span[1]; });
    }
    function lone(i, weight) {
      builder.add({ label: chars[i], weight: weight,
        alternatives: [builder.alternative([chars[i]], "exact", chars[i])], firstUnit: firstUnit + i });
    }
    if (chars.length === 1) {
      // A function character left alone between filler (及 in 原因及解决方法) is grammar.
      if (r.grammarCharacters.has(chars[0])) builder.junctions.push({ bigram: chars[0], firstUnit: firstUnit });
      else if (!inSynonym(0)) lone(0, loneWeight);
      return [];
    }
    var bigrams = [];
    for (var b = 0; b < chars.length - 1; b++) bigrams.push(chars[b] + chars[b + 1]);
    var loads = await Promise.all([Vocabulary.documentFrequencies(bigrams), KB.loadLexicon(chars.slice(0, -1))]);
    var known = loads[0].map(function (df) { return df > 0; });
    var functional = bigrams.map(isFunctional);
    var knownSet = new Set();
    bigrams.forEach(function (bigram, i) { if (known[i] && !functional[i]) knownSet.add(bigram); });
    var words = KB.segment(chars, function (word) { return knownSet.has(word); });
    var wordOf = new Array(chars.length).fill(0);
    words.forEach(function (range, w) { for (var i = range[0]; i < range[1]; i++) wordOf[i] = w; });
    function wordLength(w) { return words[w][1] - words[w][0]; }
    var nameStart = unknownNameStart(chars, known, wordOf, nameAside, inSynonym);
    if (nameStart < chars.length) builder.unknownNames.push(chars.slice(nameStart).join(""));

    var covered = new Array(chars.length).fill(false);
    var inUnknownWord = new Array(chars.length).fill(false);
    var soundAlike = [];
    for (var s0 = 0; s0 < chars.length; s0++) if (inSynonym(s0)) covered[s0] = true;
    // Sound-alike readings first: an unknown bigram beside a likely typo is the typo's debris.
    var readings = [];
    for (var g = 0; g < bigrams.length; g++) {
      if (known[g] || inOneSynonym(g) || g >= nameStart) { readings.push([]); continue; }
      // A real word spelled right (救济) is not a typo of a word that sounds like it, and a
      // bigram holding a particle (应的 in 无响应的) is grammar beside a word, not a word.
      var insideLongerWord = wordOf[g] === wordOf[g + 1] && wordLength(wordOf[g]) > 2;
      var isWord = insideLongerWord || KB.frequencyClass(bigrams[g]) !== null;
      var holdsParticle = Array.from(bigrams[g]).some(function (ch) { return r.phraseParticles.has(ch) || r.synonyms.negations.has(ch); });
      readings.push(isWord || holdsParticle ? [] : await homophoneTerms(bigrams[g], g, chars, known));
    }
    for (var i = 0; i < bigrams.length; i++) {
      if (inOneSynonym(i)) continue;  // the synonym's own concept covers it
      if (i >= nameStart) break;  // a name is not what the question asks about
      var bigram = bigrams[i];
      var weight = 1.0;
      var candidates = [];
      // A bigram between a synonym and the words beside it (钱不 in 钱不到账) joins two words.
      var crossesSynonym = inSynonym(i) !== inSynonym(i + 1);
      var crossesWords = wordOf[i] !== wordOf[i + 1] || crossesSynonym;
      if (known[i]) {
        // Two words side by side, not a thing asked about: the words themselves are searched.
        if (functional[i] || crossesSynonym || (crossesWords && wordLength(wordOf[i]) > 1 && wordLength(wordOf[i + 1]) > 1)) {
          builder.junctions.push({ bigram: bigram, firstUnit: firstUnit + i });
          continue;
        }
        covered[i] = true;
        covered[i + 1] = true;
      } else {
        candidates = readings[i];
        var besideTypo = (i > 0 && readings[i - 1].length > 0) || (i + 1 < readings.length && readings[i + 1].length > 0);
        if (candidates.length) {
          covered[i] = true;
          covered[i + 1] = true;
        } else if (crossesWords || besideTypo) {
          continue;
        } else {
          var range = words[wordOf[i]];
          var word = chars.slice(range[0], range[1]).join("");
          weight = KB.backgroundWeight(word);
          if (KB.namesATopic(word) && builder.unknownThings.indexOf(word) < 0) builder.unknownThings.push(word);
          inUnknownWord[i] = true;
          inUnknownWord[i + 1] = true;
        }
      }
      var index = builder.add({ label: bigram, weight: weight,
        alternatives: [builder.alternative([bigram], "exact", bigram)], firstUnit: firstUnit + i });
      if (candidates.length) soundAlike.push({ concept: index, candidates: candidates });
    }
    for (var c = 0; c < nameStart; c++) {
      if (covered[c] || r.grammarCharacters.has(chars[c])) continue;
      if (wordLength(wordOf[c]) === 1) lone(c, e.loneCharacterWeight);
      else if (inUnknownWord[c]) lone(c, e.unknownWordCharacterWeight);
    }
    return soundAlike;
  }

  /**
   * QueryPlanner.unknownNameStart: where the name ends a run right before a provider or device
   * name: the longest run of whole words at its end, two characters or more, none of whose bigrams
   * the index knows, with no grammar or synonym in it. `chars.length` when there is none.
   */
  function unknownNameStart(chars, known, wordOf, aside, inSynonym) {
    var r = KB.rules();
    var none = chars.length;
    function nameCharacter(i) { return !r.grammarCharacters.has(chars[i]) && !inSynonym(i); }
    if (aside === "never" || chars.length < 2 || !nameCharacter(chars.length - 1)) return none;
    var start = none;
    for (var i = chars.length - 2; i >= 0 && !known[i] && nameCharacter(i); i--) {
      if (i === 0 || wordOf[i] !== wordOf[i - 1]) start = i;
    }
    if (start === none || aside !== "ifSomethingRemains") return start;
    for (var k = 0; k < start; k++) if (nameCharacter(k)) return start;
    return none;
  }

  /** QueryPlanner.isFunctional: a bigram with a function character that the dictionary does not know. */
  function isFunctional(bigram) {
    var r = KB.rules();
    return KB.frequencyClass(bigram) === null && Array.from(bigram).some(function (ch) { return r.grammarCharacters.has(ch); });
  }

  /** An indexed bigram that is a word, not grammar (the lexicon of its first character is loaded). */
  async function joinsAsWord(bigram) {
    await KB.loadLexicon([Array.from(bigram)[0]]);
    return (await documentFrequency(bigram)) > 0 && !isFunctional(bigram);
  }

  /**
   * QueryPlanner.homophoneTerms: indexed bigrams that read like `bigram`, most frequent first,
   * that are words (or common terms of the knowledge base) and fit the neighbouring characters.
   */
  async function homophoneTerms(bigram, position, chars, known) {
    var r = KB.rules();
    var e = r.engine;
    await KB.loadReadings(Array.from(bigram));
    var seen = new Set([bigram]);
    var terms = [];
    var keys = KB.pinyinKeys(bigram, e.homophoneReadings);
    for (var k = 0; k < keys.length; k++) {
      var found = await Vocabulary.termsWithPinyin(keys[k], e.alternativesPerLookup + e.pinyinLookupSlack);
      found.forEach(function (term) {
        if (Array.from(term.term).length === 2 && !seen.has(term.term)) {
          seen.add(term.term);
          terms.push(term);
        }
      });
    }
    await KB.loadLexicon(terms.map(function (t) { return Array.from(t.term)[0]; }));
    var documentCount = Math.max(Vocabulary.documentCount(), 1);
    var fitting = [];
    for (var t = 0; t < terms.length; t++) {
      var term = terms[t];
      var replacement = Array.from(term.term);
      // A plausible intended word: a content word of the dictionary (证明, not 以及), a bigram
      // that joins a known neighbour (结算咔 → 算卡 beside 结算), or one of the knowledge base's
      // everyday terms (到账); a rare fragment (己收 for 骑手) is a coincidence of sound.
      if (replacement.some(function (ch) { return r.grammarCharacters.has(ch); })) continue;
      var isContentWord = KB.frequencyClass(term.term) !== null;
      // Joining a neighbour is evidence when the bigram it makes is a word, not grammar.
      var joinsLeft = position > 0 && (await joinsAsWord(chars[position - 1] + replacement[0]));
      var joinsRight = position + 2 < chars.length && (await joinsAsWord(replacement[1] + chars[position + 2]));
      var everyday = term.documentFrequency >= e.commonTermShare * documentCount;
      if (!(isContentWord || joinsLeft || joinsRight || everyday)) continue;
      var breaks = false;
      if (position > 0 && replacement[0] !== chars[position]) {
        var left = chars[position - 1] + chars[position];
        if (known[position - 1] || KB.frequencyClass(left) !== null) {
          breaks = (await documentFrequency(chars[position - 1] + replacement[0])) === 0;
        }
      }
      if (!breaks && position + 2 < chars.length && replacement[1] !== chars[position + 1]) {
        var right = chars[position + 1] + chars[position + 2];
        if (known[position + 1] || KB.frequencyClass(right) !== null) {
          breaks = (await documentFrequency(replacement[1] + chars[position + 2])) === 0;
        }
      }
      if (!breaks) fitting.push(term);
    }
    return fitting.sort(function (x, y) { return y.documentFrequency - x.documentFrequency; })
      .slice(0, e.alternativesPerLookup).map(function (x) { return x.term; });
  }

  /** Single-word Latin synonyms with their group, as typo targets. */
  function synonymWords() {
    var out = [];
    KB.rules().synonyms.groups.forEach(function (members, group) {
      members.forEach(function (member) {
        var key = KB.normalizedKey(member);
        if (key.length && /^[A-Za-z]+$/.test(key)) out.push({ group: group, word: key });
      });
    });
    return out;
  }

  /** QueryPlanner.addWord: a Latin word, with typo corrections against the index and the synonyms. */
  async function addWord(text, unit, builder) {
    var r = KB.rules();
    var e = r.engine;
    var alternatives = [builder.alternative([text], "exact", text)];
    var weight = 1.0;
    var known = (await documentFrequency(text)) > 0;
    if (!known) {
      var corrections = [];
      if (Array.from(text).length >= e.minimumTypoLength && /^[A-Za-z]+$/.test(text)) {
        corrections = (await Vocabulary.wordsWithinOneEdit(text, e.alternativesPerLookup)).map(function (w) { return w.term; });
        synonymWords().forEach(function (entry) {
          if (entry.word === text || !KB.isWithinOneEdit(entry.word, text)) return;
          r.synonyms.groups[entry.group].forEach(function (synonym) {
            alternatives.push(builder.alternative(queryTokens(synonym), "typo", synonym));
          });
        });
      }
      corrections.forEach(function (correction) {
        alternatives.push(builder.alternative([correction], "typo", correction));
      });
      if (alternatives.length === 1) weight = e.unknownWordWeight;
    }
    builder.add({ label: text, weight: weight, alternatives: alternatives.filter(function (a) { return a.tokens.length > 0; }),
      firstUnit: unit });
  }

  async function addPinyin(piece, parsed, loneWeight, builder) {
    var e = KB.rules().engine;
    for (var unit = piece.lower; unit < piece.upper; unit++) {
      var word = parsed.units[unit].text;
      if ((await documentFrequency(word)) > 0) {
        builder.add({ label: word, weight: 1, alternatives: [builder.alternative([word], "exact", word)], firstUnit: unit });
      }
    }
    var syllables = piece.syllables;
    var keys = [];
    if (syllables.length === 1) keys = syllables.slice();
    else for (var i = 0; i < syllables.length - 1; i++) keys.push(syllables[i] + syllables[i + 1]);
    for (var offset = 0; offset < keys.length; offset++) {
      var found = (await Vocabulary.termsWithPinyin(keys[offset], e.alternativesPerLookup + e.pinyinLookupSlack))
        .filter(function (t) { return !isFiller(t.term); }).slice(0, e.alternativesPerLookup);
      if (!found.length) continue;
      var alternatives = found.map(function (t) { return builder.alternative([t.term], "pinyin", t.term); });
      builder.add({ label: keys[offset], weight: syllables.length === 1 ? loneWeight : 1, alternatives: alternatives,
        firstUnit: piece.lower + Math.min(offset, piece.upper - piece.lower - 1) });
    }
  }

  /** QueryPlanner.addHomophones: unknown bigrams get the indexed bigrams that sound the same. */
  async function addHomophones(pendingList, plan) {
    var builder = new PlanBuilder(plan);
    pendingList.forEach(function (item) {
      builder.concepts[item.concept].alternatives = builder.concepts[item.concept].alternatives.concat(
        item.candidates.map(function (term) { return builder.alternative([term], "homophone", term); }));
    });
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

  KB.parseQuery = parseQuery;
  KB.planQuery = planQuery;
  KB.frequencyOf = frequencyOf;
})(typeof window !== "undefined" ? window : this);
