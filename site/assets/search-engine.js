/*
 * kb browser search, part 4 of 4: ranking and the search itself (KBSearch's Ranker, SearchEngine,
 * SnippetBuilder), and the public `KBSearch` object.
 *
 * `kb search` scores every document that holds a query token; loading every posting of a frequent
 * term would cost a large site hundreds of kilobytes. Here each document's score is an interval,
 * narrowed only where the order at a cut-off depends on it: coverage is always exact (the document
 * sets say which documents hold a token, and where), the BM25F part is exact for postings loaded
 * and bounded by the band ceiling for the others. Frequent terms' best bands are loaded until the
 * `rerankDepth` best documents are certain; their final scores come from the postings' sections,
 * or from the document's own file when a posting is missing. The scores are the same numbers
 * `kb search` computes, in the same order.
 */
(function (global) {
  "use strict";

  var KB = global.KBSearchInternals;

  // ---------------------------------------------------------------- Ranker

  /** Ranker.idf. */
  function idf(df, n) { return Math.log(1 + (n - df + 0.5) / (df + 0.5)); }

  /**
   * Ranker.importance: weight × idf of the concept's most common phrasing, times the non-topical
   * factor for a known concept no document holds outside its body.
   */
  function importance(plan, topicalTokens) {
    var p = KB.rules().parameters;
    var n = Math.max(plan.documentCount, 1);
    return plan.concepts.map(function (concept) {
      var df = 0;
      concept.alternatives.forEach(function (a) { df = Math.max(df, KB.frequencyOf(plan, a)); });
      var topical = concept.alternatives.some(function (a) {
        return a.tokens.every(function (t) { return topicalTokens.has(t); });
      });
      var factor = df > 0 && !topical ? p.nonTopicalFactor : 1;
      return concept.weight * factor * idf(Math.max(df, 1), n);
    });
  }

  /**
   * SearchEngine.breadth: the importance-weighted share of articles the query's concepts occur in
   * (入账, in most articles, is broad; 结算卡冻结 is not).
   */
  function breadth(plan, weights) {
    var total = 0;
    weights.forEach(function (w) { total += w; });
    if (!(total > 0) || !(plan.documentCount > 0)) return 0;
    var weighted = 0;
    plan.concepts.forEach(function (concept, c) {
      var df = 0;
      concept.alternatives.forEach(function (a) { df = Math.max(df, KB.frequencyOf(plan, a)); });
      weighted += weights[c] * df / plan.documentCount;
    });
    return weighted / total;
  }

  /** Ranker.saturated: BM25F's saturated term frequency from counts and lengths per field. */
  function saturated(counts, lengths) {
    var r = KB.rules();
    var p = r.parameters;
    var averages = r.meta.averageFieldLengths;
    var weighted = 0;
    for (var field = 0; field < r.fieldCount; field++) {
      var tf = counts[field];
      if (!(tf > 0)) continue;
      var average = Math.max(averages[field], 1);
      var b = p.lengthNormalization[field];
      var norm = 1 - b + b * lengths[field] / average;
      weighted += p.fieldWeights[field] * tf / norm;
    }
    return weighted / (p.k1 + weighted);
  }

  /**
   * Ranker.score over an interval. `doc` answers, per plan token, whether the document holds it
   * (`contains`), whether outside its body (`topical`), and its saturation as [low, high] (equal
   * when known). Coverage is exact; the score lies in [lower, upper].
   */
  function scoreBounds(doc, plan, weights) {
    var r = KB.rules();
    var bodyOnly = r.parameters.bodyOnlyCoverage;
    var total = 0;
    weights.forEach(function (w) { total += w; });
    var covered = 0, relevanceLow = 0, relevanceHigh = 0;
    var matches = [];
    var open = [];
    for (var c = 0; c < plan.concepts.length; c++) {
      var concept = plan.concepts[c];
      // The alternative is picked by (coverage, strength): coverage is exact, the low strengths
      // pick among equal coverages and the high ones bound what the pick could be worth.
      var best = { concept: c, alternative: null, coverage: 0, strength: 0, strengthHigh: 0 };
      var candidates = [];
      for (var a = 0; a < concept.alternatives.length; a++) {
        var alternative = concept.alternatives[a];
        var present = 0, low = 0, high = 0, topical = false, unknown = [];
        for (var k = 0; k < alternative.tokens.length; k++) {
          var token = alternative.tokens[k];
          if (!doc.contains(token)) continue;
          present += 1;
          var s = doc.saturation(token);
          low += s[0];
          high += s[1];
          if (s[1] > s[0]) unknown.push(token, s[1] - s[0]);
          if (doc.topical(token)) topical = true;
        }
        if (present === 0) continue;
        var weight = r.tierWeight[alternative.tier];
        var share = present / alternative.tokens.length;
        var coverage = weight * share * share * (topical ? 1 : bodyOnly);
        var strength = weight * share * low / alternative.tokens.length;
        candidates.push({ coverage: coverage, high: weight * share * high / alternative.tokens.length,
          unknown: unknown, scale: weights[c] * weight * share / alternative.tokens.length });
        if (coverage > best.coverage || (coverage === best.coverage && strength > best.strength)) {
          best = { concept: c, alternative: a, coverage: coverage, strength: strength, strengthHigh: 0 };
        }
      }
      candidates.forEach(function (candidate) {
        if (candidate.coverage !== best.coverage) return;
        best.strengthHigh = Math.max(best.strengthHigh, candidate.high);
        // Tokens whose postings would narrow this document's score, and by how much at most.
        for (var u = 0; u < candidate.unknown.length; u += 2) open.push(candidate.unknown[u], candidate.unknown[u + 1] * candidate.scale);
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
      upper: coverageShare + rw * high, matches: matches, open: open, total: total };
  }

  // ---------------------------------------------------------------- SearchEngine

  /**
   * SearchEngine.search. Resolves with `{query, plan, results, tier, didYouMean, confident,
   * notices}`, each result `{id, title, category, products, score, coverage, section, anchor,
   * snippet, highlights, url, relatedFixes}` as `kb search --json` prints them. Options: `limit`,
   * `homophones` (false: never search by sound), `category` and `product` (the filters of
   * `kb search --category/--product`).
   */
  async function search(query, options) {
    options = options || {};
    var limit = options.limit || 10;
    var homophonesAllowed = options.homophones !== false;
    await KB.load("meta");
    var r = KB.rules();
    // `{category, product}`: only those documents take part, as `kb search --category/--product`
    // restricts its hits before anything is scored.
    var allowed = await KB.facetFilter(options);
    await KB.prepareFolding(query);
    var parsed = KB.parseQuery(query);
    var plan = await KB.planQuery(parsed, false);
    var ranked = await run(plan, parsed, limit, allowed);
    var tier = "exact";
    if (homophonesAllowed && isWeak(ranked, plan)) {
      var soundsLike = await KB.planQuery(parsed, true);
      if (tiersUsed(soundsLike).has("homophone")) {
        var alternative = await run(soundsLike, parsed, limit, allowed);
        if (improvesOnExact(alternative, ranked, soundsLike)) {
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
      used.forEach(function (t) { if (weakest === null || r.tierOrder[t] > r.tierOrder[weakest]) weakest = t; });
      if (weakest === "typo" || weakest === "homophone") tier = weakest;
    }
    var shown = ranked.slice(0, limit);
    await Promise.all(shown.map(function (result) { return settle(result, plan, parsed, result.weights); }));
    var opinion = learnedBonus(parsed);
    var outOfScope = parsed.outOfScopeTopics.concat(opinion.allowsUnknownTopics === false ? [] : plan.unknownThings);
    return {
      query: query, plan: plan, tier: tier,
      didYouMean: ranked.length ? plan.rewrittenQuery : null,
      confident: (ranked.length ? ranked[0].coverage : 0) >= r.parameters.confidentCoverage && outOfScope.length === 0
        && !asksAboutTheWholeCollection(parsed, plan) && !opinion.doubtsAnyAnswer,
      outOfScope: outOfScope,
      notices: plan.notices,
      results: shown.map(present),
    };
  }

  function tiersUsed(plan) {
    var set = new Set();
    plan.concepts.forEach(function (c) { c.alternatives.forEach(function (a) { set.add(a.tier); }); });
    return set;
  }

  /** SearchEngine.isWeak: the best result covers little while some query bigram is unknown. */
  function isWeak(ranked, plan) {
    var unknown = plan.concepts.some(function (concept) {
      return concept.alternatives.every(function (a) { return KB.frequencyOf(plan, a) === 0; }) &&
        Array.from(concept.label).length === 2;
    });
    if (!unknown) return false;
    return (ranked.length ? ranked[0].coverage : 0) < KB.rules().engine.weakCoverage;
  }

  /** SearchEngine.improvesOnExact: the sound-alike best result relies on a homophone and covers clearly more. */
  function improvesOnExact(soundsLike, exact, plan) {
    if (!soundsLike.length) return false;
    var usesHomophone = soundsLike[0].matches.some(function (m) {
      return m.alternative !== null && plan.concepts[m.concept].alternatives[m.alternative].tier === "homophone";
    });
    return usesHomophone && soundsLike[0].coverage >= (exact.length ? exact[0].coverage : 0) + KB.rules().engine.homophoneMargin;
  }

  /** What a run knows of one document: its tokens, their saturations and sections. */
  function DocumentView(doc, states) {
    this.doc = doc;
    this.states = states;
  }
  DocumentView.prototype.contains = function (token) {
    var state = this.states[token];
    return state !== undefined && state.documents[this.doc] === 1;
  };
  DocumentView.prototype.topical = function (token) { return this.states[token].topical[this.doc] === 1; };
  DocumentView.prototype.posting = function (token) { return this.states[token].postings.get(this.doc); };
  DocumentView.prototype.saturation = function (token) {
    var state = this.states[token];
    var posting = state.postings.get(this.doc);
    if (posting) {
      if (posting.saturation === undefined) posting.saturation = saturated(posting.counts, posting.lengths);
      return [posting.saturation, posting.saturation];
    }
    return state.range(this.doc);
  };
  /** True when every token the document holds has its posting loaded. */
  DocumentView.prototype.known = function (tokens) {
    for (var i = 0; i < tokens.length; i++) {
      if (this.contains(tokens[i]) && !this.posting(tokens[i])) return false;
    }
    return true;
  };

  /**
   * SearchEngine.run: the results after re-ranking, best first, with the same scores and order as
   * `kb search`; exact for every result that can be among the first `limit`.
   */
  async function run(plan, parsed, limit, allowed) {
    await loadModelShards(parsed);
    var r = KB.rules();
    var p = r.parameters;
    var opened = await openPlan(plan, allowed);
    if (!opened) return [];
    var searchable = opened.searchable, states = opened.states, weights = opened.weights;
    var queryBreadth = breadth(plan, weights);
    var guideBonus = p.guideBreadthBonus * queryBreadth;
    // A cause or a fix may earn the intent bonus (and, for a how-question, a prevention article):
    // the documents table does not tell which it is.
    var intentBonus = parsed.intent ? p.intentBonus : 0;
    var otherIntentBonus = INTENT_CATEGORIES[parsed.intent] && INTENT_CATEGORIES[parsed.intent].indexOf("prevention") >= 0 ? intentBonus : 0;
    /** The category bonuses as far as the documents table tells them: [low, high]. */
    var learned = learnedBonus(parsed);
    function categoryBonus(doc) {
      var state = KB.documentState(doc);
      var known = learned.get(doc) || 0;
      if (r.guides.has(doc)) return [known + p.answerCategoryBonus + guideBonus, known + p.answerCategoryBonus + guideBonus];
      if (state === 2) return [known + p.answerCategoryBonus, known + p.answerCategoryBonus + intentBonus];
      return [known, known + (state === 3 ? p.answerCategoryBonus + intentBonus : otherIntentBonus)];
    }
    function view(doc) { return new DocumentView(doc, states); }
    function bounds(doc) { return scoreBounds(view(doc), plan, weights); }

    // Every document that holds any searchable token.
    var maxDocument = r.meta.maxDocument;
    var candidates = [];
    var bestCoverage = 0;
    for (var doc = 0; doc <= maxDocument; doc++) {
      if (allowed && !allowed(doc)) continue;
      for (var s = 0; s < searchable.length; s++) {
        if (states[searchable[s]].documents[doc] !== 1) continue;
        var c = { document: doc, b: bounds(doc), settled: null };
        bestCoverage = Math.max(bestCoverage, c.b.coverage);
        candidates.push(c);
        break;
      }
    }
    // Coverage is exact: when no document covers enough of the query, nothing will be shown.
    if (bestCoverage < p.minimumCoverage) return [];

    // 1. The rerankDepth best by the first-pass score (ties: lower document first), as `kb search`
    // picks them. Only membership matters, and only for documents that could be shown: once every
    // document whose place is uncertain would score below the `limit`-th shown whatever its
    // place, the rest cannot change what is shown. (A plan with typo alternatives is resolved in
    // full: the tier reported depends on every result that passes the cut.)
    var depth = r.engine.rerankDepth;
    var titleHolds = await titleCheck(parsed);
    var titleFits = titleLengthTest(parsed);
    var strict = plan.concepts.some(function (concept) {
      return concept.alternatives.some(function (a) { return a.tier === "typo"; });
    });
    function finalLow(c) {
      var v = view(c.document);
      return c.b.lower + (p.proximityWeight * placeProximity(v, c.b, plan, weights).low + categoryBonus(c.document)[0]);
    }
    function finalHigh(c) {
      var title = titleHolds(c.document) && titleFits(titleLength(view(c.document), searchable));
      return c.b.upper + p.proximityWeight + categoryBonus(c.document)[1] + (title ? p.exactTitleBonus : 0);
    }
    var top;
    for (;;) {
      if (candidates.length > depth) {
        var lows = candidates.map(function (x) { return x.b.lower; }).sort(function (x, y) { return y - x; });
        var threshold = lows[depth - 1];
        candidates = candidates.filter(function (x) { return x.b.upper >= threshold; });
      }
      if (candidates.length <= depth) {
        top = candidates;
        break;
      }
      var places = classify(candidates, depth);
      var open = places.uncertain.filter(function (x) { return x.b.lower !== x.b.upper; });
      if (!strict && open.length) {
        // Shown for sure: those above the relative cut whatever the best result scores.
        var cut = p.relativeCutoff * Math.max.apply(null, candidates.map(finalHigh));
        var shownLows = places.in.filter(function (x) { return x.b.coverage >= p.minimumSecondaryCoverage; })
          .map(finalLow).filter(function (low) { return low >= cut; }).sort(function (a, b) { return b - a; });
        if (shownLows.length >= limit) {
          var least = shownLows[limit - 1];
          var matter = places.uncertain.some(function (x) {
            return x.b.coverage >= p.minimumSecondaryCoverage && finalHigh(x) >= least;
          });
          if (!matter) {
            top = places.in;
            break;
          }
        }
      }
      if (!open.length) {
        candidates.sort(function (x, y) { return y.b.lower - x.b.lower || x.document - y.document; });
        top = candidates.slice(0, depth);
        break;
      }
      await narrow(open, states, plan, parsed, weights);
      candidates.forEach(function (x) { if (!x.settled) x.b = bounds(x.document); });
    }

    // 2. Re-ranking with section evidence and bonuses: exact where the order depends on it.
    function rerank(c) {
      var result = { document: c.document, coverage: c.b.coverage, matches: c.b.matches, weights: weights,
        record: null, exact: false, candidate: c, b: c.b };
      if (c.settled) {
        adopt(result, c.settled);
        return result;
      }
      // State 3: a document whose postings do not list all its sections (and whose category the
      // table does not say); only its own file scores it exactly.
      var documentState = KB.documentState(c.document);
      var bonuses = categoryBonus(c.document);
      result.categoryBonus = bonuses[0];
      var categoryHigh = bonuses[1];
      var v = view(c.document);
      result.titlePossible = titleHolds(c.document) && titleFits(titleLength(v, searchable));
      // Proximity from the postings' sections and fields: exact when every posting is known and
      // the symptoms (one place per phrase, one field in the index) cannot add, else at least
      // what the known ones give (a token found in more places only adds).
      // (Outside state 3 the category bonus is known exactly too, unless the question words ask
      // for a cause or a fix: the table does not say which an answer is.)
      var known = documentState !== 3 && bonuses[0] === bonuses[1] && v.known(searchable);
      var proximity = placeProximity(v, c.b, plan, weights);
      var title = result.titlePossible ? p.exactTitleBonus : 0;
      result.low = c.b.lower + (p.proximityWeight * proximity.low + result.categoryBonus);
      if (c.b.lower === c.b.upper && known) {
        result.high = result.low + p.proximityWeight * (proximity.high - proximity.low) + title;
        if (!result.titlePossible && proximity.high === proximity.low) {
          result.score = result.low;
          result.exact = true;
        }
      } else {
        result.high = c.b.upper + p.proximityWeight + categoryHigh + title;
      }
      return result;
    }
    var minimumSecondary = p.minimumSecondaryCoverage;
    var results;
    for (;;) {
      results = top.map(rerank);
      var needed = contenders(results, 1, function () { return true; })
        .concat(contenders(results, limit, function (x) { return x.coverage >= minimumSecondary; }))
        .filter(function (x) { return !x.exact; });
      if (!needed.length) break;
      // Their own files settle them: those that rank among the first `limit` whatever the others
      // score first (they are shown, their files are read anyway), then the others.
      var shownFor = results.filter(function (x) { return x.coverage >= minimumSecondary; });
      var highs = shownFor.map(function (x) { return x.exact ? x.score : x.high; }).sort(function (a, b) { return b - a; });
      var surelyShown = needed.filter(function (x) {
        var above = highs.filter(function (h) { return h > x.low; }).length - 1;
        return x.coverage >= minimumSecondary && above < limit;
      });
      var toSettle = surelyShown.length ? surelyShown : needed;
      var settled = await Promise.all(toSettle.map(function (x) { return exactScore(x.document, plan, parsed, weights); }));
      toSettle.forEach(function (x, i) { x.candidate.settled = settled[i]; x.candidate.b = settled[i].first; });
    }
    // Equal scores at the last place shown are ordered by article id, as `kb search` orders them.
    results.sort(compareResults);
    var shownScores = results.filter(function (x) { return x.exact && x.coverage >= minimumSecondary; }).slice(0, limit);
    if (shownScores.length) {
      var lastScore = shownScores[shownScores.length - 1].score;
      var tied = results.filter(function (x) { return x.exact && x.score === lastScore; });
      if (tied.length > 1) {
        await Promise.all(tied.filter(function (x) { return !x.record; }).map(function (x) { return settle(x, plan, parsed, weights); }));
      }
    }
    results.sort(compareResults);
    // Confidence is a property of the query: if no article shown covers enough of it, nothing is
    // shown. (Any article shown, not the first: the learned model may put first one that covers less.)
    if (!results.length || !results[0].exact) return [];
    var cut = results[0].score * p.relativeCutoff;
    function passes(x) { return x.coverage >= minimumSecondary && (x.exact ? x.score : x.high) >= cut; }
    var covering = results.filter(function (x) { return passes(x) && x.coverage >= p.minimumCoverage; });
    // Whether an unsettled one is shown depends on its exact score.
    var unsettled = covering.filter(function (x) { return !x.exact; });
    if (unsettled.length) {
      await Promise.all(unsettled.map(function (x) { return settle(x, plan, parsed, weights); }));
      results.sort(compareResults);
    }
    if (!covering.some(passes)) return [];
    return results.filter(passes);
  }

  /**
   * SearchEngine.firstPass's shared part: the plan's searchable tokens (indices), each opened as a
   * TokenState, and the concepts' importance (weights). Null when no token is in the index.
   */
  async function openPlan(plan, allowed) {
    var searchable = [];
    plan.tokens.forEach(function (_, i) { if (plan.documentFrequencies[i] > 0) searchable.push(i); });
    if (!searchable.length) return null;
    var entries = await KB.termEntries(searchable.map(function (i) { return plan.tokens[i]; }));
    var opened = await Promise.all(entries.map(function (entry, i) { return KB.openToken(plan.tokens[searchable[i]], entry); }));
    var states = {};
    var topicalTokens = new Set();
    searchable.forEach(function (token, i) {
      states[token] = opened[i];
      if (allowed ? anyAllowed(opened[i].topical, allowed) : opened[i].anyTopical) topicalTokens.add(token);
    });
    return { searchable: searchable, states: states, weights: importance(plan, topicalTokens) };
  }

  /** True when a document set (one byte per document) holds a document the filter keeps. */
  function anyAllowed(set, allowed) {
    for (var doc = 0; doc < set.length; doc++) if (set[doc] === 1 && allowed(doc)) return true;
    return false;
  }

  /**
   * Candidates certainly among the first `depth` (fewer than `depth` others might rank above them)
   * and those whose place is not certain yet (nor are `depth` others certainly above them).
   */
  function classify(candidates, depth) {
    var uppers = candidates.map(function (x) { return x.b.upper; }).sort(function (a, b) { return b - a; });
    var lowers = candidates.map(function (x) { return x.b.lower; }).sort(function (a, b) { return b - a; });
    // How many values of a descending list are above (or at least) `value`.
    function countAbove(list, value, inclusive) {
      var low = 0, high = list.length;
      while (low < high) {
        var mid = (low + high) >> 1;
        if (inclusive ? list[mid] >= value : list[mid] > value) low = mid + 1; else high = mid;
      }
      return low;
    }
    var places = { in: [], uncertain: [] };
    candidates.forEach(function (x) {
      if (countAbove(uppers, x.b.lower, true) - 1 < depth) places.in.push(x);
      else if (countAbove(lowers, x.b.upper, false) < depth) places.uncertain.push(x);
    });
    return places;
  }

  /**
   * Narrows uncertain scores at the least cost: the next band of the token that bounds most of the
   * uncertainty per byte, or, when even the best band would cost more than the documents' own
   * files, those files (which settle the documents exactly).
   */
  async function narrow(uncertain, states, plan, parsed, weights) {
    var r = KB.rules();
    var averages = r.meta.averageFieldLengths;
    var recordCost = 200 + 3 * averages.reduce(function (sum, x) { return sum + x; }, 0);
    var gain = new Map();
    uncertain.forEach(function (x) {
      for (var i = 0; i < x.b.open.length; i += 2) {
        var state = states[x.b.open[i]];
        if (state && !state.complete()) gain.set(state, (gain.get(state) || 0) + x.b.open[i + 1]);
      }
    });
    var options = Array.from(gain.entries()).map(function (entry) {
      return { state: entry[0], value: entry[1] / entry[0].nextBandCost() };
    }).sort(function (a, b) { return b.value - a.value; });
    var cheapestBand = options.length ? options[0].state.nextBandCost() : Infinity;
    if (!options.length || uncertain.length * recordCost <= cheapestBand) {
      var settled = await Promise.all(uncertain.map(function (x) { return exactScore(x.document, plan, parsed, weights); }));
      uncertain.forEach(function (x, i) {
        x.settled = settled[i];
        x.b = settled[i].first;
      });
      return;
    }
    var best = options[0].value;
    var chosen = options.filter(function (o) { return o.value >= best / 2; }).slice(0, 3);
    await Promise.all(chosen.map(function (o) { return o.state.loadNextBand(); }));
  }

  function compareResults(x, y) {
    var a = x.exact ? x.score : x.high, b = y.exact ? y.score : y.high;
    if (a !== b) return b - a;
    if (x.record && y.record) return x.record.id < y.record.id ? -1 : x.record.id > y.record.id ? 1 : 0;
    return x.document - y.document;
  }

  /** Results that might be among the first `count` of those passing `keep`: all need exact scores. */
  function contenders(results, count, keep) {
    var kept = results.filter(keep);
    if (kept.length <= count) return kept;
    var lows = kept.map(function (x) { return x.exact ? x.score : x.low; }).sort(function (a, b) { return b - a; });
    var threshold = lows[count - 1];
    return kept.filter(function (x) { return (x.exact ? x.score : x.high) >= threshold; });
  }

  /**
   * Which documents can get a title bonus. A title equal to the query's content or to the whole
   * query, or containing the content, holds each ideograph of the content as a token (punctuation
   * in the title may split bigrams, never characters), so a document lacking one of them in its
   * title gets no title bonus. The rarest few characters make the test (their sets are smallest).
   * Returns a test of a document number.
   */
  async function titleCheck(parsed) {
    var chars = [];
    // The units of the content key: the title test must leave out what the key leaves out (names).
    parsed.contentUnits.forEach(function (unit) {
      if (unit.kind === "ideograph" && chars.indexOf(unit.text) < 0) chars.push(unit.text);
    });
    if (!chars.length) return function () { return true; };
    var entries = await KB.termEntries(chars);
    if (entries.some(function (entry) { return entry === null; })) return function () { return false; };
    var picked = chars.map(function (ch, i) { return { ch: ch, entry: entries[i] }; })
      .sort(function (a, b) { return a.entry[0] - b.entry[0]; }).slice(0, 3);
    var sets = await Promise.all(picked.map(function (x) { return KB.openTitles(x.ch, x.entry); }));
    return function (doc) { return sets.every(function (state) { return state.titles[doc] === 1; }); };
  }

  /** A document's exact first-pass score, best section and bonus, from its own file. */
  async function exactScore(document, plan, parsed, weights) {
    await loadModelShards(parsed);
    var record = await KB.documentRecord(document);
    var hits = documentHits(record, plan);
    var doc = {
      contains: function (t) { return hits.counts[t] !== undefined; },
      topical: function (t) { return (hits.masks[t] & ~(1 << KB.rules().field.body)) !== 0; },
      saturation: function (t) { var v = saturated(hits.counts[t], hits.lengths); return [v, v]; },
    };
    var first = scoreBounds(doc, plan, weights);
    var chosen = bestSection(record, first, plan, weights);
    var p = KB.rules().parameters;
    var matched = new Set();
    first.matches.forEach(function (m) {
      if (m.alternative === null) return;
      plan.concepts[m.concept].alternatives[m.alternative].tokens.forEach(function (t) { matched.add(plan.tokens[t]); });
    });
    var bonusValue = bonus(record, parsed, breadth(plan, weights)) + (learnedBonus(parsed).get(document) || 0);
    return { record: record, first: first, section: chosen.section, matchedTokens: matched,
      proximity: chosen.proximity, bonus: bonusValue,
      score: first.lower + (p.proximityWeight * chosen.proximity + bonusValue) };
  }

  function adopt(result, settled) {
    result.record = settled.record;
    result.matches = settled.first.matches;
    result.coverage = settled.first.coverage;
    result.section = settled.section;
    result.score = settled.score;
    result.matchedTokens = settled.matchedTokens;
    result.exact = true;
  }

  /** Scores a result exactly from its document's file. */
  async function settle(result, plan, parsed, weights) {
    adopt(result, await exactScore(result.document, plan, parsed, weights));
  }

  /** What the index reports for one document: each plan token's count per field, and field lengths. */
  function documentHits(record, plan) {
    var wanted = new Map();
    plan.tokens.forEach(function (token, i) { if (plan.documentFrequencies[i] > 0) wanted.set(token, i); });
    var fieldCount = KB.rules().fieldCount;
    var counts = {};
    var masks = {};
    var lengths = new Array(fieldCount).fill(0);
    indexedFields(record).forEach(function (text, field) {
      KB.tokenize(text, "document").forEach(function (token) {
        if (!token.colocated) lengths[field] += 1;
        var index = wanted.get(token.text);
        if (index === undefined) return;
        if (!counts[index]) { counts[index] = new Array(fieldCount).fill(0); masks[index] = 0; }
        counts[index][field] += 1;
        masks[index] |= 1 << field;
      });
    });
    return { counts: counts, masks: masks, lengths: lengths };
  }

  /** IndexedFields: each field's text as the index assembles it, by name. */
  var FIELD_TEXT = {
    title: function (record) { return record.title; },
    symptoms: function (record) { return record.symptoms.join("\n"); },
    tags: function (record) { return record.tags.join("\n"); },
    summary: function (record) { return record.summary; },
    headings: function (record) {
      return record.sections.filter(function (s) { return s[0] !== null; }).map(function (s) { return s[0]; }).join("\n");
    },
    body: function (record) { return record.sections.map(function (s) { return s[3]; }).join("\n"); },
  };

  /** The fields' texts in the exported layout's order. */
  function indexedFields(record) {
    return KB.rules().meta.fields.map(function (name) { return FIELD_TEXT[name](record); });
  }

  /**
   * SearchEngine.bestSection's share of the matched concepts in one place (a section, the title,
   * the summary, a symptom phrase), from a presence test of plan tokens. Null when nothing matched.
   */
  function shareFunction(score, plan, weights) {
    var r = KB.rules();
    var matched = score.matches.filter(function (m) { return m.alternative !== null; });
    var total = matched.reduce(function (sum, m) { return sum + weights[m.concept] * m.coverage; }, 0);
    if (!(total > 0)) return null;
    function share(present) {
      var value = 0.0;
      matched.forEach(function (match) {
        var concept = plan.concepts[match.concept];
        var found = 0;
        concept.alternatives.forEach(function (alternative) {
          var hits = alternative.tokens.filter(present).length;
          var part = hits / Math.max(alternative.tokens.length, 1);
          found = Math.max(found, r.tierWeight[alternative.tier] * part * part);
        });
        value += weights[match.concept] * found;
      });
      return value;
    }
    share.total = total;
    return share;
  }

  /** The first section with the largest share, and that share (-1 without sections). */
  function bestShare(sectionCount, presentIn, share) {
    var tie = KB.rules().engine.sectionTieMargin;
    var best = -1;
    var bestValue = -1.0;
    for (var s = 0; s < sectionCount; s++) {
      var value = share(function (t) { return presentIn(s, t); });
      if (value > bestValue + tie) {
        bestValue = value;
        best = s;
      }
    }
    return { index: best, value: bestValue };
  }

  function proximityOf(value, total) { return Math.min(1, Math.max(0, value) / total); }

  /**
   * SearchEngine.bestSection on a document's file: the section shown, and proximity, the largest
   * share found in one place (a section, the title, the summary or one symptom phrase).
   */
  function bestSection(record, score, plan, weights) {
    var sections = record.sections.map(function (s) { return { heading: s[0], anchor: s[1], level: s[2], text: s[3] }; });
    var fallback = sections[0] || { heading: null, anchor: null, level: 0, text: record.summary };
    var share = shareFunction(score, plan, weights);
    if (!share) return { section: fallback, proximity: 0 };
    function presence(text) {
      var set = new Set(KB.tokenize(text, "document").map(KB.textOf));
      return function (t) { return set.has(plan.tokens[t]); };
    }
    var present = sections.map(function (section) { return presence((section.heading || "") + "\n" + section.text); });
    var chosen = bestShare(sections.length, function (s, t) { return present[s](t); }, share);
    var closest = 0;
    [record.title, record.summary].concat(record.symptoms).forEach(function (place) {
      closest = Math.max(closest, share(presence(place)));
    });
    return { section: chosen.index >= 0 ? sections[chosen.index] : fallback,
      proximity: proximityOf(Math.max(chosen.value, closest), share.total) };
  }

  /**
   * The title length a title bonus needs: a title equal to the query's content (or to the whole
   * query) has as many positions as it has ideographs when it holds no Latin word, and at least
   * as many as ideographs and words otherwise; one that contains the content, at least that many.
   * Returns a test of a document's title length (undefined when not known: anything fits).
   */
  function titleLengthTest(parsed) {
    var e = KB.rules().engine;
    function shape(key) {
      var list = KB.units(key);
      var words = list.filter(function (u) { return u.kind === "word"; }).length;
      return { least: list.length, exact: words === 0 && list.length > 0 };
    }
    var content = shape(parsed.contentKey), whole = shape(KB.normalizedKey(parsed.text));
    var contains = Array.from(parsed.contentKey).length >= e.titleContainsMinimum;
    function equals(s, length) { return s.least > 0 && (s.exact ? length === s.least : length >= s.least); }
    return function (length) {
      if (length === undefined) return true;
      return equals(content, length) || equals(whole, length) || (contains && length >= content.least);
    };
  }

  /** A document's title length, when a loaded posting of a token in its title tells it. */
  function titleLength(view, tokens) {
    for (var i = 0; i < tokens.length; i++) {
      if (!view.contains(tokens[i])) continue;
      var posting = view.posting(tokens[i]);
      var title = KB.rules().field.title;
      if (posting && posting.counts[title] > 0) return posting.lengths[title];
    }
    return undefined;
  }

  /**
   * The proximity from what the loaded postings list: each section, the title and the summary
   * are places. The symptoms are one field in the index but one place per
   * phrase, so their field gives only an upper bound. Returns {low, high}: exact when every
   * posting of the document is loaded and the symptoms cannot add, a lower bound otherwise.
   */
  function placeProximity(view, score, plan, weights) {
    var share = shareFunction(score, plan, weights);
    if (!share) return { low: 0, high: 0 };
    var sectionCount = 0;
    var presence = {};
    plan.tokens.forEach(function (_, t) {
      if (!view.contains(t) || !view.posting(t)) return;
      var sections = new Set(view.posting(t).sections);
      presence[t] = sections;
      sections.forEach(function (s) { sectionCount = Math.max(sectionCount, s + 1); });
    });
    function inField(field) {
      return function (t) { return presence[t] !== undefined && view.posting(t).counts[field] > 0; };
    }
    // Sections holding no token share nothing; the first of several equal ones is the lowest index,
    // so sections past the last one holding a token never win.
    var sections = bestShare(sectionCount, function (s, t) { return presence[t] !== undefined && presence[t].has(s); }, share);
    var field = KB.rules().field;
    var low = Math.max(sections.value, share(inField(field.title)), share(inField(field.summary)));
    var high = Math.max(low, share(inField(field.symptoms)));
    return { low: proximityOf(low, share.total), high: proximityOf(high, share.total) };
  }

  // ---------------------------------------------------------------- QueryModel

  /** QueryModel.features: single ideographs, adjacent ideograph pairs and words of the query's units. */
  function modelFeatures(units) {
    var found = new Set();
    units.forEach(function (unit, i) {
      found.add(unit.text);
      if (unit.kind === "ideograph" && i + 1 < units.length && units[i + 1].kind === "ideograph" && units[i + 1].start === unit.end) {
        found.add(unit.text + units[i + 1].text);
      }
    });
    return found;
  }

  /** The query's own features, as the model reads them. */
  function queryFeatures(parsed) { return modelFeatures(parsed.units || KB.units(parsed.text)); }

  /**
   * Loads the model shards (`m/N.js`) that hold the query's features: the model's features are
   * hash-sharded by first character, so a search reads its own few rows, not the whole model.
   * Once per parsed query: `run` and every `exactScore` of its candidates ask for it.
   */
  var modelLoads = new WeakMap();
  function loadModelShards(parsed) {
    if (!modelLoads.has(parsed)) {
      var model = KB.rules().meta.queryModel;
      modelLoads.set(parsed, !model || !model.documents.length ? Promise.resolve()
        : KB.loadShards("m", Array.from(queryFeatures(parsed)).map(modelShardKey)));
    }
    return modelLoads.get(parsed);
  }

  /** BrowserRules.queryModelShardKey: a feature is in the shard of its first character. */
  function modelShardKey(feature) { return String.fromCodePoint(feature.codePointAt(0)); }

  /** A feature's `[article, count]` entries, or null when the model does not know it. */
  function modelEntries(feature) {
    var shard = KB.shardFor("m", modelShardKey(feature));
    return Object.prototype.hasOwnProperty.call(shard, feature) ? shard[feature] : null;
  }

  /**
   * QueryModel.opinion, by document number: what the learned model adds to each article's score
   * (nothing when the index has no model or the query no known feature), `doubtsAnyAnswer` and
   * `allowsUnknownTopics` (false when the model vouches that some article answers: see
   * QueryModel.unknownTopicThreshold).
   * Computed once per parsed query, after `loadModelShards`.
   */
  var learnedByQuery = new WeakMap();
  function learnedBonus(parsed) {
    if (learnedByQuery.has(parsed)) return learnedByQuery.get(parsed);
    var model = KB.rules().meta.queryModel;
    var byDocument = new Map();
    learnedByQuery.set(parsed, byDocument);
    if (!model || !model.documents.length) return byDocument;
    // The units of the (possibly cut) query text, as QueryParser derives them.
    var known = Array.from(queryFeatures(parsed)).filter(function (f) { return modelEntries(f) !== null; }).sort();
    if (!known.length) return byDocument;
    var k = known.length;
    var logs = model.totals.map(function (total) { return -k * Math.log(total + model.alpha * model.vocabulary) + k * Math.log(model.alpha); });
    known.forEach(function (feature) {
      modelEntries(feature).forEach(function (entry) {
        if (entry[0] < logs.length) logs[entry[0]] += Math.log(entry[1] + model.alpha) - Math.log(model.alpha);
      });
    });
    var temperature = Math.pow(k, model.tempering);
    logs = logs.map(function (l) { return l / temperature; });
    var top = Math.max.apply(null, logs);
    var exps = logs.map(function (l) { return Math.exp(l - top); });
    var sum = exps.reduce(function (a, b) { return a + b; }, 0);
    // QueryModel.opinion: the articles share what the no-answer class leaves; above its
    // threshold, the model doubts that any article answers.
    var none = model.noAnswer >= 0 ? exps[model.noAnswer] / sum : 0;
    byDocument.allowsUnknownTopics = none >= (model.unknownTopicThreshold || 0);
    if (none >= 1) {
      byDocument.doubtsAnyAnswer = true;
      return byDocument;
    }
    model.documents.forEach(function (doc, a) {
      if (doc >= 0) byDocument.set(doc, model.weight * ((exps[a] / sum) / (1 - none)));
    });
    byDocument.doubtsAnyAnswer = none > model.noAnswerThreshold;
    return byDocument;
  }

  /** QuestionIntent.category. */
  var INTENT_CATEGORIES = { why: ["cause"], how: ["fix", "prevention"] };

  /** SearchEngine.bonus: exact-title and category bonuses. */
  /** SearchEngine.asksAboutTheWholeCollection: names alone that most articles mention. */
  function asksAboutTheWholeCollection(parsed, plan) {
    var grammar = KB.rules().grammarCharacters;
    var names = plan.concepts.filter(function (concept) {
      return !Array.from(concept.label).every(function (ch) { return grammar.has(ch); });
    });
    if (!parsed.namesOnly || plan.documentCount <= 0 || !names.length) return false;
    var narrowest = Infinity;
    // A name counts by its form as typed where the content uses it, else by its most common form.
    names.forEach(function (concept) {
      var typed = 0, any = 0;
      concept.alternatives.forEach(function (a) {
        var df = KB.frequencyOf(plan, a);
        any = Math.max(any, df);
        if (a.tier === "exact") typed = Math.max(typed, df);
      });
      narrowest = Math.min(narrowest, typed > 0 ? typed : any);
    });
    return narrowest / plan.documentCount > KB.rules().engine.generalNameShare;
  }

  function bonus(record, parsed, queryBreadth) {
    var r = KB.rules();
    var p = r.parameters;
    var value = 0.0;
    var title = KB.normalizedKey(record.title);
    var query = parsed.contentKey;
    if (query.length) {
      if (title === query || KB.normalizedKey(parsed.text) === title) value += p.exactTitleBonus;
      else if (Array.from(query).length >= r.engine.titleContainsMinimum && title.indexOf(query) >= 0) {
        // A query that is only a detail of the title earns part of the bonus (SearchEngine.bonus).
        var share = Array.from(query).length / Math.max(1, Array.from(title).length);
        value += p.titleContainsBonus * Math.min(1, share / r.engine.titleSubjectShare);
      }
    }
    if (r.answerCategories.has(record.category)) value += p.answerCategoryBonus;
    if (parsed.intent && INTENT_CATEGORIES[parsed.intent].indexOf(record.category) >= 0) value += p.intentBonus * (1 - queryBreadth);
    if (record.category === "guide") value += p.guideBreadthBonus * queryBreadth;
    return value;
  }

  // ---------------------------------------------------------------- SnippetBuilder

  var SPACE = /\p{White_Space}/u;

  /** SnippetBuilder.snippet: highlights as [start, end) code point offsets into the text. */
  function snippet(text, matched) {
    var e = KB.rules().engine;
    var maxScalars = e.snippetMaxScalars;
    var ends = new Set(KB.rules().meta.sentenceEnds);
    var tokens = KB.tokenize(text, "document").filter(function (t) { return matched.has(t.text); });
    var scalars = Array.from(text);
    var count = scalars.length;
    if (count <= maxScalars) {
      return { text: text.replace(/\n/g, " "), highlights: merge(tokens.map(function (t) { return [t.c0, t.c1]; })) };
    }
    var bestStart = 0, bestCount = -1;
    tokens.forEach(function (token) {
      var start = Math.max(0, token.c0 - e.snippetLeadingContext);
      var end = Math.min(count, start + maxScalars);
      var distinct = new Set();
      tokens.forEach(function (t) { if (t.c0 >= start && t.c1 <= end) distinct.add(t.text); });
      if (distinct.size > bestCount) {
        bestCount = distinct.size;
        bestStart = start;
      }
    });
    var startScalar = bestStart;
    for (var i = bestStart - 1; i >= Math.max(0, bestStart - e.snippetSentenceLookBack); i--) {
      if (ends.has(scalars[i])) { startScalar = i + 1; break; }
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
        ? record.related.filter(function (x) { return x[2] === "fix"; }).map(function (x) {
          return { id: x[0], title: x[1], url: x[0] + ".html" };
        })
        : [],
    };
  }

  // The layers one by one, for the parity vectors (Tests/Parity): the search uses them inside.
  KB.openPlan = openPlan;
  KB.exactScore = exactScore;
  KB.snippet = snippet;

  global.KBSearch = {
    search: search,
    tokenize: function (text, mode) {
      return KB.load("meta").then(function () { return KB.prepareFolding(text); }).then(function () { return KB.tokenize(text, mode); });
    },
    // The synchronous forms fold Traditional script once the folding table is loaded: after an
    // asynchronous call with such text, or `ready({folding: true})`.
    tokenizeSync: function (text, mode) { KB.rules(); return KB.tokenize(text, mode); },
    stemSync: function (word) { KB.rules(); return KB.stem(word); },
    parse: function (text) { KB.rules(); return KB.parseQuery(text); },
    /** Names of the index files loaded so far (for measuring what one query reads). */
    loadedFiles: KB.loadedFiles,
    /** Loads meta.js; with `{folding: true}`, the whole script-folding table too. */
    ready: function (options) {
      return KB.load("meta").then(function () {
        KB.rules();
        return options && options.folding ? KB.loadFolding() : null;
      });
    },
  };
})(typeof window !== "undefined" ? window : this);
