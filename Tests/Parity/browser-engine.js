"use strict";
/*
 * The browser search engine in node: the real site/assets/search-*.js, unchanged, run in a vm
 * context that stands in for a page. Their index loader adds <script> elements for
 * `_search/NAME.js`; here appending one reads that file of a built site and runs it, as the
 * browser would, then reports it loaded.
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const vm = require("node:vm");
const { execFileSync } = require("node:child_process");

const REPOSITORY = path.resolve(__dirname, "..", "..");
/** In the load order of the site's search page. */
const ENGINE_FILES = ["search-text.js", "search-index.js", "search-query.js", "search-engine.js"];

/**
 * The `public/` folder of the parity fixture built by kb: KB_PARITY_SITE when given, otherwise a
 * build of a temporary copy with the debug kb (KB overrides its path), removed on exit.
 */
function builtSite() {
  if (process.env.KB_PARITY_SITE) return path.resolve(process.env.KB_PARITY_SITE);
  const kb = path.resolve(REPOSITORY, process.env.KB || ".build/debug/kb");
  if (!fs.existsSync(kb)) throw new Error(`${kb} is missing: run \`swift build\` first, or set KB or KB_PARITY_SITE`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "kb-parity-"));
  process.on("exit", () => fs.rmSync(root, { recursive: true, force: true }));
  fs.cpSync(path.join(REPOSITORY, "Tests/Fixtures/parity-kb"), root, { recursive: true });
  execFileSync(kb, ["build", "--root", root, "-q"], { stdio: ["ignore", "ignore", "inherit"] });
  return path.join(root, "public");
}

/** Just enough of `document` for search-index.js's loader: script elements that load from `site`. */
function documentLoadingFrom(site, context) {
  return {
    getElementsByTagName: () => [],
    createElement: () => ({ parentNode: { removeChild() {} } }),
    head: {
      appendChild(script) {
        // Asynchronous, as a script element is: the loader registers its callbacks first.
        setImmediate(() => {
          const file = path.join(site, script.src);
          let text;
          try {
            text = fs.readFileSync(file, "utf8");
          } catch {
            script.onerror();
            return;
          }
          vm.runInContext(text, context, { filename: file });
          script.onload();
        });
      },
    },
  };
}

/**
 * Loads the engine over a built site. Returns `{search, internals}`: the public `KBSearch` object
 * and `KBSearchInternals`, the functions of each layer.
 */
function loadEngine(site) {
  const context = vm.createContext({ TextEncoder, console });
  // The index files register themselves on `self`, as in a page.
  vm.runInContext("var self = this;", context);
  context.document = documentLoadingFrom(site, context);
  for (const name of ENGINE_FILES) {
    const file = path.join(REPOSITORY, "site/assets", name);
    vm.runInContext(fs.readFileSync(file, "utf8"), context, { filename: file });
  }
  return { search: context.KBSearch, internals: context.KBSearchInternals };
}

module.exports = { REPOSITORY, builtSite, loadEngine };
