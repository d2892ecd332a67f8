// Figures for the README: module size, checkMany and validateMany
// throughput in Node.js, and the average time of one check call (what a
// form calls per keystroke) in Node.js and in Chromium.
// Run `./build.sh` first (or `make wasm-bench`).
import { readFileSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import * as uscc from "../pkg/node/uscc_wasm.js";

const N = Number(process.env.N ?? 1_000_000);
const ROUNDS = 5;

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

// ---- size ----
for (const [label, path] of [
  ["with division names", "../pkg/web/uscc_wasm_bg.wasm"],
  ["light (no names)   ", "../pkg-light/web/uscc_wasm_bg.wasm"],
]) {
  const file = new URL(path, import.meta.url);
  const raw = statSync(file).size;
  const gz = gzipSync(readFileSync(file), { level: 9 }).length;
  console.log(`wasm ${label}: ${kb(raw)} raw, ${kb(gz)} gzipped (target <= 150 KB)`);
}

// ---- data: a seeded mix like a department's column ----
let seed = 20261128;
function rand(n) {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
}
const DIVISIONS = ["110105", "310115", "440300", "350100", "510100", "330106", "320594", "420600"];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
function validCode() {
  let body = "";
  for (let i = 0; i < 8; i++) body += String(rand(10));
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(body[i]) * ORG_WEIGHTS[i];
  const c = 11 - (sum % 11);
  body += c === 10 ? "X" : c === 11 ? "0" : String(c);
  const prefix = ["91", "92", "12", "52", "93"][rand(5)] + DIVISIONS[rand(DIVISIONS.length)] + body;
  return prefix + uscc.checkChar(prefix);
}
const FULL = (s) => [...s].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join("");
const codes = new Array(N);
for (let i = 0; i < N; i++) {
  const code = validCode();
  const r = rand(1000);
  if (r < 30) {
    // One mistyped character.
    const p = rand(18);
    codes[i] = code.slice(0, p) + "0123456789ABCDEFGHJKLMNPQRTUWXY"[rand(31)] + code.slice(p + 1);
  } else if (r < 40) codes[i] = code.toLowerCase();
  else if (r < 50) codes[i] = FULL(code);
  else if (r < 55) codes[i] = "无";
  else if (r < 60) codes[i] = code.slice(0, 17);
  else codes[i] = code;
}

function best(f) {
  let min = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const t = process.hrtime.bigint();
    f();
    min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e9);
  }
  return min;
}

const many = best(() => uscc.checkMany(codes));
console.log(`checkMany, ${N} codes (6% not plainly valid), Node.js: ${(N / many / 1e6).toFixed(2)} M codes/s (${(many * 1e3).toFixed(0)} ms; target >= 5 M/s)`);
const strict = best(() => uscc.validateMany(codes));
console.log(`validateMany, same ${N} codes, Node.js: ${(N / strict / 1e6).toFixed(2)} M codes/s (${(strict * 1e3).toFixed(0)} ms)`);
const fallback = codes.find((c) => uscc.isValid(c));
const clean = codes.map((c) => (uscc.isValid(c) ? c : fallback));
const manyClean = best(() => uscc.checkMany(clean));
console.log(`checkMany, ${N} codes, all valid, Node.js: ${(N / manyClean / 1e6).toFixed(2)} M codes/s (${(manyClean * 1e3).toFixed(0)} ms)`);
const columnar = best(() => uscc.checkColumnar(codes));
console.log(`checkColumnar, same ${N} codes, Node.js: ${(N / columnar / 1e6).toFixed(2)} M codes/s (${(columnar * 1e3).toFixed(0)} ms; target >= 10 M/s)`);
// A program that holds the column in Arrow's layout (Arrow JS, DuckDB-wasm)
// hands it over without a string per value.
const encoded = codes.map((c) => new TextEncoder().encode(c));
const offsets = new Uint32Array(N + 1);
encoded.forEach((b, i) => (offsets[i + 1] = offsets[i] + b.length));
const values = new Uint8Array(offsets[N]);
encoded.forEach((b, i) => values.set(b, offsets[i]));
const arrow = best(() => uscc.checkColumnar({ values, offsets }));
console.log(`checkColumnar, same codes in Arrow's layout, Node.js: ${(N / arrow / 1e6).toFixed(2)} M codes/s (${(arrow * 1e3).toFixed(0)} ms; target >= 10 M/s)`);
const fast = best(() => uscc.isValidMany(codes));
console.log(`isValidMany, same ${N} codes, Node.js: ${(N / fast / 1e6).toFixed(2)} M codes/s (${(fast * 1e3).toFixed(0)} ms)`);
const loop = best(() => {
  let n = 0;
  for (let i = 0; i < N; i++) n += uscc.isValid(codes[i]) ? 1 : 0;
  return n;
});
console.log(`isValid in a JS loop, same codes, Node.js: ${(N / loop / 1e6).toFixed(2)} M codes/s (reference)`);

// One check call, on inputs a form sees: 2,000 distinct codes typed
// character by character (18 calls each), the same codes complete, with one
// mistyped character, and pasted full-width.
const TYPED = codes.slice(0, 2000).map((c) => (c.length === 18 ? c : validCode()));
const SETS = {
  "typing, prefix by prefix": TYPED.flatMap((c) => [...c].map((_, i) => c.slice(0, i + 1))),
  "complete, valid": TYPED,
  "one mistyped character": TYPED.map((c, i) => c.slice(0, i % 17) + (c[i % 17] === "8" ? "3" : "8") + c.slice((i % 17) + 1)),
  "pasted full-width": TYPED.map(FULL),
};
function timeSets(sets, validate, rounds) {
  const out = {};
  for (const [name, inputs] of Object.entries(sets)) {
    for (const s of inputs) validate(s);
    let min = Infinity;
    for (let r = 0; r < rounds; r++) {
      const t = performance.now();
      for (const s of inputs) validate(s);
      min = Math.min(min, ((performance.now() - t) * 1000) / inputs.length);
    }
    out[name] = min;
  }
  return out;
}
function show(where, times) {
  const all = Object.values(times);
  const mean = all.reduce((a, b) => a + b, 0) / all.length;
  console.log(`check, one call, ${where}: mean of the ${all.length} kinds ${mean.toFixed(2)} µs (target <= 5 µs)`);
  for (const [s, t] of Object.entries(times)) console.log(`  ${t.toFixed(2)} µs  ${s}`);
}
show("Node.js", timeSets(SETS, uscc.check, ROUNDS));

// ---- the browser ----
if (process.env.NO_BROWSER !== "1") {
  const { serve } = await import("../tests/serve.mjs");
  const { launch } = await import("../tests/chromium.mjs");
  const server = await serve();
  const context = await launch();
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForSelector("body[data-ready=true]");
  const times = await page.evaluate(
    async ({ sets, rounds, timeSets }) => {
      const { check } = await import("./pkg/uscc_wasm.js");
      // The same timing function as in Node.js, sent as source.
      return new Function(`return ${timeSets}`)()(sets, check, rounds);
    },
    { sets: SETS, rounds: ROUNDS, timeSets: timeSets.toString() },
  );
  show(`Chromium ${context.browser()?.version() ?? ""}`.trim(), times);
  await context.close();
  server.close();
}
