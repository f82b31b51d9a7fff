"use strict";
/* The comparison the parity vectors rely on: it must not hide a difference, nor report noise. */
const assert = require("node:assert");
const { test } = require("node:test");
const { firstDifference, describe } = require("./first-difference.js");

test("equal values and float noise are no difference", () => {
  assert.strictEqual(firstDifference({ a: [1, "x", true] }, { a: [1, "x", true] }), null);
  assert.strictEqual(firstDifference(0.1 + 0.2, 0.3), null);
  assert.strictEqual(firstDifference({ intent: null }, {}), null, "Swift leaves out nil; JavaScript has null or nothing");
});

test("a constant changed in one engine is a difference, named by its path", () => {
  const found = firstDifference({ documents: [{ id: "causes/fraud", bonus: 0.24 }] },
    { documents: [{ id: "causes/fraud", bonus: 0.29 }] });
  assert.strictEqual(describe(found), "documents[0 causes/fraud].bonus: Swift 0.24, JavaScript 0.29");
  assert.notStrictEqual(firstDifference(1.5, 1.5 + 1e-6), null);
});

test("missing, extra and retyped values are differences", () => {
  assert.strictEqual(firstDifference([1, 2], [1]).path, "[1]");
  assert.strictEqual(firstDifference({ a: 1 }, { a: 1, b: 2 }).path, "b");
  assert.strictEqual(firstDifference({ a: "1" }, { a: 1 }).path, "a");
  assert.strictEqual(firstDifference([[0, 2]], [[0, 3]]).path, "[0][1]");
});
