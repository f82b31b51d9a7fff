"use strict";
/*
 * Script folding in the browser is loaded on demand: meta.js says which characters fold, and
 * `_search/folding.js` (every pair) is read only for a query or an article holding one. These
 * tests run the engine over fresh builds: one of the parity fixture, one of a copy whose article
 * quotes a prompt in Traditional script (so that an article's own file needs the table too).
 *
 *     node --test Tests/Parity/folding.test.js     (after `swift build`; KB as in browser-engine.js)
 */
const assert = require("node:assert");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { test } = require("node:test");
const { execFileSync } = require("node:child_process");
const { REPOSITORY, loadEngine } = require("./browser-engine.js");

const KB = path.resolve(REPOSITORY, process.env.KB || ".build/debug/kb");

/** A built copy of the parity fixture, `change` applied to its folder first: [root, public/]. */
function build(change) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "kb-folding-"));
  process.on("exit", () => fs.rmSync(root, { recursive: true, force: true }));
  fs.cpSync(path.join(REPOSITORY, "Tests/Fixtures/parity-kb"), root, { recursive: true });
  if (change) change(root);
  execFileSync(KB, ["build", "--root", root, "-q"], { stdio: ["ignore", "ignore", "inherit"] });
  return [root, path.join(root, "public")];
}

/** Result ids as an array of this realm (the engine runs in a vm context of its own). */
function ids(response) { return Array.from(response.results, (r) => r.id); }

function swiftIDs(root, query) {
  const out = execFileSync(KB, ["search", "--json", "--root", root, query], { encoding: "utf8", env: { ...process.env, KB_NO_GAPS_LOG: "1" } });
  return JSON.parse(out).results.map((r) => r.id);
}

const [fixtureRoot, fixtureSite] = build(null);

test("a Simplified query never reads folding.js; the same query in Traditional script does, and is answered the same", async () => {
  const engine = loadEngine(fixtureSite);
  const simplified = await engine.search.search("刷卡成功钱没到账");
  assert.ok(simplified.results.length > 0);
  assert.ok(!engine.search.loadedFiles().includes("folding"), "a Simplified query loaded the folding table");
  const traditional = await engine.search.search("刷卡成功錢沒到賬");
  assert.ok(engine.search.loadedFiles().includes("folding"), "a Traditional query did not load the folding table");
  assert.deepStrictEqual(ids(traditional), ids(simplified));
  assert.deepStrictEqual(ids(traditional), swiftIDs(fixtureRoot, "刷卡成功錢沒到賬"));
});

test("meta.js names exactly the characters folding.js folds, and holds only the pairs its own tables use", async () => {
  const engine = loadEngine(fixtureSite);
  await engine.search.ready();
  const rules = engine.internals.rules();
  const partial = Object.keys(rules.folding).map(Number);
  // The fixture's synonyms write 到帐: meta.js folds 帐 without folding.js, and little else.
  assert.strictEqual(String.fromCodePoint(rules.folding["帐".codePointAt(0)]), "账");
  assert.ok(partial.length < 20, `meta.js carries ${partial.length} folding pairs`);
  await engine.search.ready({ folding: true });
  const all = Object.keys(rules.folding).map(Number).sort((a, b) => a - b);
  assert.deepStrictEqual(all, Array.from(rules.foldingKeys).sort((a, b) => a - b));
  assert.ok(all.length > 2000, `folding.js has ${all.length} pairs`);
  assert.strictEqual(String.fromCodePoint(rules.folding["賬".codePointAt(0)]), "账");
});

test("an article quoting Traditional script loads the table before its own file is scored, as kb search ranks it", async () => {
  const [root, site] = build((folder) => {
    const file = path.join(folder, "content/causes/network.md");
    fs.appendFileSync(file, "\n有的機器會顯示「連線逾時請重試」，這時先檢查訊號。\n");
  });
  const engine = loadEngine(site);
  const query = "连线逾时请重试";
  const response = await engine.search.search(query);
  assert.ok(engine.search.loadedFiles().includes("folding"), "the article's Traditional text was scored without the folding table");
  assert.strictEqual(ids(response)[0], "causes/network");
  assert.deepStrictEqual(ids(response), swiftIDs(root, query));
});
