// The workbench's engine in Node.js: the sample files fed as bytes give
// exactly what `uscc check` gives on the same files (JSON, correction
// sheet), and a malformed file is an error that names it, row and column.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { Workbench } from "../pkg-workbench/node/uscc_wasm.js";

const SAMPLE = new URL("../../testdata/sample/", import.meta.url);
const FILES = ["市场监管局.csv", "税务局-gbk.csv", "住建局.xlsx"];

// `uscc check` in the sample folder, so that the files have the same names.
function cli(...args) {
  const r = spawnSync("cargo", ["run", "-q", "-p", "uscc-cli", "--", ...args], { cwd: SAMPLE, encoding: "utf8", maxBuffer: 1 << 28 });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return r.stdout;
}

function feed(wb, bytes, slice = 1 << 16) {
  for (let i = 0; i < bytes.length; i += slice) wb.feed(bytes.subarray(i, i + slice));
}

test("the sample files give what uscc check gives", () => {
  const wb = new Workbench();
  let progressed = 0;
  const reads = FILES.map((name) => {
    feed(wb, readFileSync(new URL(name, SAMPLE)));
    return wb.read(name, null, (n) => (progressed += n));
  });
  assert.deepEqual(reads.map((r) => r.encoding), ["UTF-8", "GB18030", "UTF-8"]);
  assert.equal(progressed, reads.reduce((a, r) => a + r.rows, 0));
  assert.deepEqual(reads[0].columns, { code: 0, name: 1, group: 2 });
  const head = wb.finish();
  const expected = JSON.parse(cli("check", "--json", ...FILES));
  assert.equal(wb.json(), cli("check", "--json", ...FILES));
  assert.deepEqual(head.summary, expected.summary);
  assert.equal(head.fixes, expected.fixes.length);
  const page = wb.fixes(0, 10, null);
  assert.equal(page.total, expected.fixes.length);
  assert.deepEqual(page.lines, expected.fixes.slice(0, 10));
  const placeholders = wb.fixes(0, 1e9, { problem: "placeholder" });
  assert.deepEqual(placeholders.lines, expected.fixes.filter((f) => f.problem === "placeholder"));
  const group = expected.summary.groups[0].group;
  assert.equal(wb.fixes(0, 0, { group }).total, expected.fixes.filter((f) => (f.group ?? "") === group).length);
  const one = expected.fixes.find((f) => f.value.length === 18).value;
  assert.ok(wb.fixes(0, 100, { search: one.toLowerCase() }).lines.every((f) => f.value.includes(one) || f.original.toUpperCase().includes(one)));
  assert.ok(wb.report().includes("<svg"));
  const xlsx = wb.fixesXlsx();
  assert.deepEqual([...xlsx.subarray(0, 4)], [0x50, 0x4b, 3, 4]);
  assert.ok(new TextDecoder("utf-8", { ignoreBOM: true }).decode(wb.fixesCsv()).startsWith("\ufeff文件,行号"));
});

test("a 双公示 file: the column checks, the sheet and the report as uscc check makes them", () => {
  const name = "双公示-行政处罚.csv";
  const wb = new Workbench();
  feed(wb, readFileSync(new URL(name, SAMPLE)));
  wb.read(name, null);
  wb.finish();
  const json = wb.json();
  assert.equal(json, cli("check", "--json", name));
  const columns = JSON.parse(json).columns;
  assert.ok(columns.findings.some((f) => f.check === "decision_number_repeated" && f.rows.length === 1));
  assert.ok(wb.report().includes("双公示字段合规率"));
  const csv = new TextDecoder("utf-8", { ignoreBOM: true }).decode(wb.fixesCsv());
  assert.ok(csv.split(/\r?\n/)[0].endsWith(",字段"));
});

test("a malformed file names itself, its row and column; the job goes on without it", () => {
  const wb = new Workbench();
  feed(wb, new TextEncoder().encode('统一社会信用代码,名称\n91350100M000100Y43,"甲公司\n'));
  assert.throws(() => wb.read("bad.csv", null), (e) => e instanceof Error && e.file === "bad.csv" && e.row === 2 && e.column === 2 && /quote/.test(e.message));
  feed(wb, new TextEncoder().encode("名称,代码\n甲公司,91350100M000100Y43\n"));
  assert.throws(() => wb.read("nocode.csv", null), (e) => e.row === 1 && e.headers.join() === "名称,代码");
  feed(wb, new TextEncoder().encode("名称,代码\n甲公司,91350100M000100Y43\n"));
  assert.equal(wb.read("nocode.csv", { code: "代码", name: "名称" }).rows, 1);
  feed(wb, new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]));
  assert.throws(() => wb.read("broken.xlsx", null), (e) => e.file === "broken.xlsx");
  feed(wb, new Uint8Array());
  assert.throws(() => wb.read("empty.csv", null), /empty/);
  assert.equal(wb.finish().summary.overall.records, 1);
  assert.throws(() => wb.read("late.csv", null), TypeError);
  assert.throws(() => new Workbench({ denominator: "rows" }), /not a denominator/);
  assert.equal(new Workbench({ denominator: "records" }).finish().options.denominator, "records");
});
