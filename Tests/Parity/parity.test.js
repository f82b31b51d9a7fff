"use strict";
/*
 * The browser engine (site/assets/search-*.js) against `kb search`, layer by layer, on the vectors
 * Swift writes (Tests/Fixtures/parity, see Tests/KBParityTests): the parsed query, the plans,
 * every matching document's scores and the ranking, the sections and snippets shown. The scores
 * and snippets layers take Swift's plan as their input, so a drift is reported at the layer where
 * it happens. The Chromium agreement test (Tests/Browser/agreement.py) stays the end-to-end check.
 *
 *     node --test Tests/Parity/parity.test.js     (after `swift build`; KB, KB_PARITY_SITE: see browser-engine.js)
 */
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const { describe, test, before } = require("node:test");
const { REPOSITORY, builtSite, loadEngine } = require("./browser-engine.js");
const { firstDifference, describe: describeDifference } = require("./first-difference.js");

const VECTORS = path.join(REPOSITORY, "Tests/Fixtures/parity");

function vectors(layer) {
  return JSON.parse(fs.readFileSync(path.join(VECTORS, `${layer}.json`), "utf8"));
}

const parsedVectors = vectors("parse");
const planVectors = vectors("plan");
const scoreVectors = vectors("scores");
const snippetVectors = vectors("snippets");
const parsedByQuery = new Map(parsedVectors.map((v) => [v.query, v]));
const plansByQuery = new Map(planVectors.map((v) => [v.query, v]));

let engine;
before(async () => {
  engine = loadEngine(builtSite());
  // The parse layer parses synchronously, Traditional queries among them: the whole folding table
  // first (a search loads it only when its query needs it; folding.test.js tests that).
  await engine.search.ready({ folding: true });
});

/** How a query is named in test titles: long ones cut. */
function named(query) {
  const points = Array.from(query);
  return points.length > 24 ? `${JSON.stringify(points.slice(0, 24).join(""))}… (${points.length} characters)` : JSON.stringify(query);
}

/** Fails naming the layer, the query and the first differing field. */
function expectSame(layer, query, expected, actual) {
  const found = firstDifference(expected, actual);
  if (found) assert.fail(`${layer} layer, query ${named(query)}: ${describeDifference(found)}`);
}

/** Strings in Unicode scalar order, as Swift's `sorted()` orders them. */
function byScalars(a, b) {
  const x = Array.from(a, (c) => c.codePointAt(0)), y = Array.from(b, (c) => c.codePointAt(0));
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/** A browser plan in the vectors' shape (QueryPlan's coding keys). */
function planShape(plan) {
  return {
    query: plan.query,
    concepts: plan.concepts.map((c) => ({
      label: c.label, weight: c.weight, firstUnit: c.firstUnit,
      alternatives: c.alternatives.map((a) => ({ label: a.label, tier: a.tier, tokens: Array.from(a.tokens) })),
    })),
    tokens: Array.from(plan.tokens),
    documentFrequencies: Array.from(plan.documentFrequencies),
    documentCount: plan.documentCount,
    rewrittenQuery: plan.rewrittenQuery,
    unknownThings: Array.from(plan.unknownThings),
    unknownNames: Array.from(plan.unknownNames),
    notices: Array.from(plan.notices),
  };
}

/**
 * Swift's inputs of the ranking layers for one query: the plan the search ended with and the
 * parsed query's fields the bonuses read.
 */
function swiftInputs(query, planName) {
  const parsed = parsedByQuery.get(query);
  const plan = plansByQuery.get(query)[planName];
  return { plan, parsed: { text: parsed.text, contentKey: parsed.contentKey, intent: parsed.intent || null } };
}

/**
 * Every document holding a searchable token of `plan`, scored exactly from its own file by the
 * browser (the search itself scores only as far as the order needs), by article id.
 */
async function everyDocument(plan, parsed) {
  const KB = engine.internals;
  const opened = await KB.openPlan(plan, null);
  if (!opened) return { importance: [], documents: [] };
  const numbers = [];
  for (let doc = 0; doc <= KB.rules().meta.maxDocument; doc++) {
    if (opened.searchable.some((t) => opened.states[t].documents[doc] === 1)) numbers.push(doc);
  }
  const scored = await Promise.all(numbers.map((doc) => KB.exactScore(doc, plan, parsed, opened.weights)));
  const documents = scored.map((s) => ({ id: s.record.id, score: s }));
  documents.sort((a, b) => byScalars(a.id, b.id));
  return { importance: Array.from(opened.weights), documents };
}

describe("parse layer (QueryParser)", () => {
  for (const vector of parsedVectors) {
    test(named(vector.query), () => {
      const parsed = engine.internals.parseQuery(vector.query);
      expectSame("parse", vector.query, vector, {
        query: vector.query,
        text: parsed.text,
        truncated: parsed.truncated,
        pieces: parsed.pieces.map((p) => ({
          kind: p.kind, text: p.text, group: p.group, lower: p.lower, upper: p.upper, unit: p.unit,
          syllables: p.syllables && Array.from(p.syllables),
        })),
        contentKey: parsed.contentKey,
        intent: parsed.intent,
        outOfScopeTopics: Array.from(parsed.outOfScopeTopics),
        namesOnly: parsed.namesOnly,
      });
    });
  }
});

describe("plan layer (QueryPlanner)", () => {
  for (const vector of planVectors) {
    test(named(vector.query), async () => {
      const KB = engine.internals;
      const parsed = KB.parseQuery(vector.query);
      expectSame("plan", vector.query, { exact: vector.exact, soundsLike: vector.soundsLike }, {
        exact: planShape(await KB.planQuery(parsed, false)),
        soundsLike: planShape(await KB.planQuery(parsed, true)),
      });
    });
  }
});

describe("scores layer (Ranker, SearchEngine)", () => {
  for (const vector of scoreVectors) {
    test(named(vector.query), async () => {
      const { plan, parsed } = swiftInputs(vector.query, vector.plan);
      const scored = await everyDocument(plan, parsed);
      const response = await engine.search.search(vector.query);
      expectSame("scores", vector.query, vector, {
        query: vector.query,
        plan: response.tier === "homophone" ? "soundsLike" : "exact",
        importance: scored.importance,
        documents: scored.documents.map(({ id, score }) => ({
          id, coverage: score.first.coverage, relevance: score.first.relevance,
          proximity: score.proximity, bonus: score.bonus, score: score.score,
        })),
        ranked: response.results.map((r) => r.id),
        tier: response.tier,
        confident: response.confident,
        outOfScope: response.outOfScope,
        didYouMean: response.didYouMean,
      });
    });
  }
});

describe("snippets layer (SearchEngine.bestSection, SnippetBuilder)", () => {
  for (const vector of snippetVectors) {
    test(named(vector.query), async () => {
      const KB = engine.internals;
      const { plan, parsed } = swiftInputs(vector.query, scoreVectors.find((v) => v.query === vector.query).plan);
      const byId = new Map((await everyDocument(plan, parsed)).documents.map((d) => [d.id, d.score]));
      expectSame("snippets", vector.query, vector, {
        query: vector.query,
        results: vector.results.map(({ id }) => {
          const scored = byId.get(id);
          if (!scored) return { id: `(no document ${id} holds a token of the plan)` };
          const section = scored.section;
          const shown = KB.snippet(section.text.length ? section.text : scored.record.summary, scored.matchedTokens);
          return {
            id, section: section.heading, anchor: section.anchor,
            matchedTokens: Array.from(scored.matchedTokens).sort(byScalars),
            snippet: shown.text, highlights: shown.highlights.map((h) => Array.from(h)),
          };
        }),
      });
    });
  }
});
