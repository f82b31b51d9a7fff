"use strict";
/*
 * The first place two JSON-like values differ, as a path (`documents[3].bonus`). Numbers may
 * differ by float noise only: both engines do the same arithmetic, but not every libm rounds
 * `log` the same way in the last bit. A missing value and null are the same (Swift leaves out
 * what is nil).
 */

const RELATIVE_TOLERANCE = 1e-9;

function sameNumber(a, b) {
  return a === b || Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Null when `actual` is `expected`; else `{path, expected, actual}` at the first difference. */
function firstDifference(expected, actual, path = "") {
  const differ = { path: path || "(the whole value)", expected, actual };
  if (expected == null || actual == null) return expected == null && actual == null ? null : differ;
  if (typeof expected === "number" && typeof actual === "number") return sameNumber(expected, actual) ? null : differ;
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual)) return differ;
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
      // Elements with the same id (an article's scores) are named by it.
      const id = expected[i] && actual[i] && typeof expected[i].id === "string" && expected[i].id === actual[i].id
        ? ` ${expected[i].id}` : "";
      const found = firstDifference(expected[i], actual[i], `${path}[${i}${id}]`);
      if (found) return found;
    }
    return null;
  }
  if (typeof expected === "object" && typeof actual === "object") {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const key of [...keys].sort()) {
      const found = firstDifference(expected[key], actual[key], path ? `${path}.${key}` : key);
      if (found) return found;
    }
    return null;
  }
  return expected === actual ? null : differ;
}

/** A one-line description of a difference for a test failure. */
function describe(found) {
  const show = (value) => (value === undefined ? "nothing" : JSON.stringify(value));
  return `${found.path}: Swift ${show(found.expected)}, JavaScript ${show(found.actual)}`;
}

module.exports = { firstDifference, describe };
