// One dialect: the browser package's explanation has exactly the core's
// shape, as testdata/dialect.json holds it (written and checked by the Rust
// test core/tests/dialect.rs; Python is held to the same file).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as uscc from "../pkg/node/uscc_wasm.js";

const dialect = JSON.parse(readFileSync(new URL("../../testdata/dialect.json", import.meta.url), "utf8"));

test("explain has the core's shape, key for key", () => {
  dialect.codes.forEach((code, i) => {
    assert.deepEqual(uscc.explain(code), dialect.explain[i], code);
  });
});

test("explain takes strings only", () => {
  assert.throws(() => uscc.explain(42), TypeError);
});
