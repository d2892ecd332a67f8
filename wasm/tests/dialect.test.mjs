// One dialect: the browser package's results have exactly the core's
// shapes, as testdata/dialect.json holds them (written and checked by the
// Rust test core/tests/dialect.rs; Python and the command are held to the
// same file).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as uscc from "../pkg/node/uscc_wasm.js";
import * as workbench from "../pkg-workbench/node/uscc_wasm.js";

const dialect = JSON.parse(readFileSync(new URL("../../testdata/dialect.json", import.meta.url), "utf8"));

test("every call on one value has the core's shape, key for key", () => {
  for (const call of ["validate", "check", "explain", "suggest", "identify", "normalize"]) {
    dialect.codes.forEach((code, i) => {
      assert.deepEqual(uscc[call](code), dialect[call][i], `${call}(${code})`);
    });
  }
});

test("the rows of a column are the reports", () => {
  assert.deepEqual(uscc.validateMany(dialect.codes), dialect.validate);
  const rows = uscc.checkMany(dialect.codes);
  rows.forEach(({ suggestion, suggestion_unique, ...report }, i) => {
    assert.deepEqual(report, dialect.check[i], dialect.codes[i]);
  });
});

test("analyze gives the core's summary and sheet lines", () => {
  const groups = dialect.codes.map(() => dialect.group);
  const a = workbench.analyze(dialect.codes, dialect.names, groups);
  assert.deepEqual(a.summary, dialect.summary);
  assert.deepEqual(a.fixes, dialect.fixes);
});

test("explain takes strings only", () => {
  assert.throws(() => uscc.explain(42), TypeError);
});

test("analyze: the summary and the correction sheet of columns", () => {
  const codes = ["91350100M000100Y43", "91350100M000100Y43", "91350100M000100Y4A", "无"];
  const names = ["甲公司", "乙公司", "丙公司", "丁公司"];
  const groups = ["税务局", "税务局", "住建局", "住建局"];
  const a = workbench.analyze(codes, names, groups);
  assert.equal(a.summary.overall.records, 4);
  assert.equal(a.summary.overall.flagged, 3);
  assert.deepEqual(a.summary.groups.map((g) => g.group), ["住建局", "税务局"]);
  assert.deepEqual(a.fixes.map((f) => f.problem).sort(), ["invalid", "one_code_many_names", "one_code_many_names", "placeholder"]);
  assert.deepEqual(workbench.analyze(codes, null, null).summary.groups.map((g) => [g.group, g.records]), [[null, 4]]);
  assert.throws(() => workbench.analyze(codes, ["x"], null), /4 codes but 1 names/);
});

