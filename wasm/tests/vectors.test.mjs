// The shared vectors of testdata/ through the nodejs build of uscc-wasm,
// and the API's contract: plain objects, TypeErrors for non-strings, no
// throw for any string.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as uscc from "../pkg/node/uscc_wasm.js";
const vectors = JSON.parse(readFileSync(new URL("../../testdata/vectors.json", import.meta.url), "utf8"));

function expectReport(c, r, explained) {
  assert.equal(r.verdict, c.verdict, `${c.name}: verdict`);
  assert.deepEqual(r.findings.map((f) => f.code), c.findings, `${c.name}: findings`);
  assert.equal(r.valid, c.verdict.startsWith("valid") || c.verdict === "pilot_era" ? r.valid : false);
  if (c.value !== undefined && !r.personal) assert.equal(r.value, c.value, `${c.name}: value`);
  if (c.first_error) {
    const f = r.findings.find((x) => x.severity === "error");
    assert.equal(f.code, c.first_error.code, `${c.name}: first error`);
    assert.deepEqual(f.position, c.first_error.position, `${c.name}: position`);
    if (c.first_error.expected) assert.equal(f.expected, c.first_error.expected);
    if (c.first_error.found) assert.equal(f.found, c.first_error.found);
  }
  const identifiers = r.findings.map((f) => f.detail?.identifier).filter((k) => k !== undefined);
  if (c.identifier) assert.ok(identifiers.includes(c.identifier), `${c.name}: identifier`);
  if (explained) {
    if (c.department) assert.equal(explained.department.code, c.department);
    if (c.category) assert.equal(explained.category.code, c.category);
    if (c.division) assert.equal(explained.division.code, c.division);
    if (c.division_name) assert.equal(explained.division.name, c.division_name);
  }
  for (const f of r.findings) {
    assert.ok(f.message_zh.length > 0 && f.message_en.length > 0, `${c.name}: ${f.code} has messages`);
    assert.ok(["info", "warning", "error"].includes(f.severity));
  }
}

test("validate vectors: the value exactly as given", () => {
  for (const c of vectors.validate) expectReport(c, uscc.validate(c.input), c.verdict.startsWith("valid") ? uscc.explain(c.input) : null);
});

test("check vectors: the value cleaned first", () => {
  for (const c of vectors.check) expectReport(c, uscc.check(c.input), uscc.explain(c.input));
});

test("validate is strict and check lenient", () => {
  const full = "９１３５０１００Ｍ０００１００Ｙ４３";
  assert.equal(uscc.validate(full).verdict, "invalid");
  assert.equal(uscc.validate(full).main_error, "invalid_character");
  assert.equal(uscc.check(full).verdict, "valid");
  assert.equal(uscc.check(full).value, "91350100M000100Y43");
});

test("isValid is the strict check", () => {
  for (const c of vectors.validate) {
    const valid = c.verdict === "valid" || c.verdict === "valid_with_warnings";
    assert.equal(uscc.isValid(c.input), valid, c.name);
  }
  assert.equal(uscc.isValid("９１３５０１００Ｍ０００１００Ｙ４３"), false);
  const inputs = vectors.validate.map((c) => c.input);
  assert.deepEqual([...uscc.isValidMany(inputs)], inputs.map((c) => (uscc.isValid(c) ? 1 : 0)));
  assert.ok(uscc.isValidMany([]) instanceof Uint8Array);
  assert.throws(() => uscc.isValidMany(["x", 1]), /isValidMany: element 1 is number/);
});

test("validateMany is validate and checkMany is check, row by row, in order", () => {
  const inputs = [...vectors.validate, ...vectors.check].map((c) => c.input);
  const strict = uscc.validateMany(inputs);
  const lenient = uscc.checkMany(inputs);
  assert.equal(strict.length, inputs.length);
  assert.equal(lenient.length, inputs.length);
  inputs.forEach((input, i) => {
    assert.deepEqual(strict[i], uscc.validate(input), input);
    const { suggestion, suggestion_unique, ...report } = lenient[i];
    assert.deepEqual(report, uscc.check(input), input);
    const s = uscc.suggest(input);
    assert.equal(suggestion, report.verdict === "invalid" ? s.best : null, input);
    assert.equal(suggestion_unique, report.verdict === "invalid" ? s.unique : false, input);
  });
  assert.deepEqual(uscc.validateMany([]), []);
  assert.deepEqual(uscc.checkMany([]), []);
});

test("the rows split strings of every width exactly", () => {
  const inputs = ["😀", "９１３５０１００Ｍ０００１００Ｙ４３", "", "91350100M000100Y43", "a\u0000b", "\ud800", "x"];
  const rows = uscc.checkMany(inputs);
  assert.deepEqual(rows.map((r) => r.verdict), inputs.map((s) => uscc.check(s).verdict));
  assert.equal(rows[1].value, "91350100M000100Y43");
  assert.equal(rows[3].verdict, "valid");
  assert.equal(rows[2].verdict, "placeholder");
  assert.equal(uscc.validateMany(inputs)[1].verdict, "invalid");
});

test("suggest vectors", () => {
  for (const c of vectors.suggest) {
    const s = uscc.suggest(c.input);
    if (c.best) assert.equal(s.best, c.best, c.name);
    if (c.contains) assert.ok(s.candidates.some((x) => x.code === c.contains), c.name);
    if (c.unique !== undefined) assert.equal(s.unique, c.unique, c.name);
    if (c.candidates !== undefined) assert.equal(s.candidates.length, c.candidates, c.name);
  }
  const e = uscc.suggest("9135O1OOM000100Y43").candidates[0].edits;
  assert.deepEqual(e.map((x) => [x.kind, x.position, x.from, x.to]), [
    ["look_alike", 5, "O", "0"],
    ["look_alike", 7, "O", "0"],
    ["look_alike", 8, "O", "0"],
  ]);
});

test("checkChar vectors", () => {
  for (const c of vectors.check_char) assert.equal(uscc.checkChar(c.input), c.expected, c.name);
  assert.equal(uscc.checkChar("too short"), null);
});

test("normalize and identify", () => {
  assert.deepEqual(uscc.normalize(" ９１３５０１００ｍ０００１００Ｙ４３"), {
    value: "91350100M000100Y43",
    changes: ["normalized_fullwidth", "normalized_lowercase", "normalized_whitespace"],
  });
  assert.deepEqual(uscc.identify("11010519491231002X"), { kind: "resident_id", check_passed: true, personal: true });
  assert.deepEqual(uscc.identify("D2143569-1"), { kind: "organization_code", check_passed: false, personal: false });
  assert.deepEqual(uscc.identify("914403001922038216"), { kind: "credit_code", check_passed: null, personal: false });
  assert.equal(uscc.identify("无").kind, "placeholder");
  assert.equal(uscc.validate("11010519491231002X").personal, true);
  assert.equal(uscc.validate("11010519491231002X").value, "110105********002X");
  assert.equal(uscc.checkMany(["11010519491231002X"])[0].value, "110105********002X");
  assert.equal(uscc.validate("D2143569-X").personal, false);
  assert.equal(uscc.redact("11010519491231002X"), "110105********002X");
});

test("parts of a valid code", () => {
  const r = uscc.explain("91350100M000100Y43");
  assert.deepEqual(r.department, { code: "9", name_zh: "工商（市场监管）", name_en: "industry and commerce (market regulation)" });
  assert.equal(r.category.code, "1");
  assert.deepEqual(r.division, { ...r.division, code: "350100", name: "福州市", province: "福建省", level: "prefecture" });
  assert.equal(r.org_code, "M000100Y4");
  assert.equal(r.suggestions.best, null);
});

test("a wrong character: position, messages and the suggestion", () => {
  const r = uscc.check("91350100M000100Y4A");
  assert.equal(r.valid, false);
  assert.equal(r.main_error, "check_char_mismatch");
  const f = r.findings[0];
  assert.deepEqual(f.position, [18, 18]);
  assert.equal(f.message_zh, "第18位校验码错误：应为“3”，实际为“A”");
  assert.equal(uscc.explain("91350100M000100Y4A").suggestions.best, "91350100M000100Y43");
  assert.equal(uscc.checkMany(["91350100M000100Y4A"])[0].suggestion, "91350100M000100Y43");
});

test("non-strings give a TypeError; strings never throw", () => {
  for (const f of ["isValid", "validate", "check", "explain", "normalize", "suggest", "identify", "checkChar", "redact"]) {
    for (const bad of [undefined, null, 42, {}, ["91350100M000100Y43"]]) {
      assert.throws(() => uscc[f](bad), TypeError, `${f}(${String(bad)})`);
    }
  }
  for (const f of ["validateMany", "checkMany"]) {
    assert.throws(() => uscc[f]("91350100M000100Y43"), TypeError);
    assert.throws(() => uscc[f](["91350100M000100Y43", 7]), new RegExp(`${f}: element 1 is number`));
    assert.throws(() => uscc[f]([null]), /element 0 is null/);
  }
  const nasty = ["", "\u0000", "\ud800", "😀".repeat(40), "x".repeat(100000), "Ｏ".repeat(18), "-".repeat(18), "'",
    "9.9E+99", "\u200b\u200b", "١٢٣", "ABCDEFGHJKLMNPQRTUWXY"];
  for (const s of nasty) {
    for (const f of ["isValid", "validate", "check", "explain", "normalize", "suggest", "identify", "checkChar"]) uscc[f](s);
  }
  assert.equal(uscc.validateMany(nasty).length, nasty.length);
  assert.equal(uscc.checkMany(nasty).length, nasty.length);
});

test("random strings never throw", () => {
  let seed = 2026;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXYIOSVZ ９Ｍｍ-'\u3000\u200b😀";
  const chars = [...alphabet];
  const inputs = [];
  for (let i = 0; i < 2000; i++) {
    let s = "";
    const n = next() % 24;
    for (let j = 0; j < n; j++) s += chars[next() % chars.length];
    inputs.push(s);
    const r = uscc.check(s);
    assert.ok(typeof r.verdict === "string");
  }
  uscc.checkMany(inputs).forEach((row, i) => assert.equal(row.verdict, uscc.check(inputs[i]).verdict));
  uscc.validateMany(inputs).forEach((row, i) => assert.deepEqual(row, uscc.validate(inputs[i])));
});

test("checkColumnar says what check says, value for value", () => {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  const chars = [..."0123456789ABCDEFGHJKLMNPQRTUWXYIOSVZ ９Ｍｍ-'\u3000\u200b😀"];
  const inputs = [...vectors.validate, ...vectors.check].map((c) => c.input);
  for (let i = 0; i < 3000; i++) {
    let s = "";
    for (let j = next() % 24; j > 0; j--) s += chars[next() % chars.length];
    inputs.push(s, "91350100M000100Y43", "11010519491231002X");
  }
  const c = uscc.checkColumnar(inputs);
  assert.equal(c.verdict.length, inputs.length);
  const values = new Map([...c.cleaned].map((i, k) => [i, c.values[k]]));
  inputs.forEach((input, i) => {
    const r = uscc.check(input);
    assert.equal(c.verdicts[c.verdict[i]], r.verdict, input);
    assert.equal(c.main_error[i] === 0 ? null : c.finding_codes[c.main_error[i] - 1], r.main_error, input);
    assert.equal(values.get(i) ?? input, r.value, input);
  });
  assert.ok(c.values.includes("110105********002X"));
  // Arrow's layout of the same column gives the same result.
  const encoded = inputs.map((s) => new TextEncoder().encode(s));
  const offsets = new Uint32Array(inputs.length + 1);
  encoded.forEach((b, i) => (offsets[i + 1] = offsets[i] + b.length));
  const bytes = new Uint8Array(offsets[inputs.length]);
  encoded.forEach((b, i) => bytes.set(b, offsets[i]));
  assert.deepEqual(uscc.checkColumnar({ values: bytes, offsets }), c);
  assert.deepEqual(uscc.checkColumnar({ values: bytes, offsets: new Int32Array(offsets) }), c);
  assert.throws(() => uscc.checkColumnar({ values: bytes, offsets: new Uint32Array([0, 5, 3]) }), /never decrease/);
  assert.throws(() => uscc.checkColumnar({ values: bytes, offsets: [0, 1] }), /offsets must be/);
  assert.deepEqual(uscc.checkColumnar([]).verdict, new Uint8Array());
  assert.throws(() => uscc.checkColumnar(["x", 1]), /checkColumnar: element 1 is number/);
  assert.throws(() => uscc.checkColumnar("x"), TypeError);
});
