// The workbench page in real headless Chromium: the sample files chosen
// through the file input give the summary, the JSON and the correction
// sheet `uscc check` gives; a malformed file shows its message while a good
// file beside it is still analysed; keyboard use; no request beyond the
// page's own files.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { inflateRawSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { serve } from "./serve.mjs";
import { launch } from "./chromium.mjs";

const OUT = fileURLToPath(new URL("../../target/wasm-test/", import.meta.url));
const SAMPLE = fileURLToPath(new URL("../../testdata/sample/", import.meta.url));
const FILES = ["市场监管局.csv", "税务局-gbk.csv", "住建局.xlsx"];
let server;
let context;
let page;
const external = [];

function cli(...args) {
  const r = spawnSync("cargo", ["run", "-q", "-p", "uscc-cli", "--", ...args], { cwd: SAMPLE, encoding: "utf8", maxBuffer: 1 << 28 });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return r.stdout;
}

// The entries of a ZIP file (an XLSX), by name: enough of the format to
// compare two workbooks' sheets.
function unzip(buf) {
  const out = {};
  let end = buf.length - 22;
  while (buf.readUInt32LE(end) !== 0x06054b50) end--;
  let p = buf.readUInt32LE(end + 16);
  for (let n = buf.readUInt16LE(end + 10); n > 0; n--) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const skip = nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const name = buf.toString("utf8", p + 46, p + 46 + nameLen);
    const local = buf.readUInt32LE(p + 42);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    out[name] = method === 8 ? inflateRawSync(data) : data;
    p += 46 + skip;
  }
  return out;
}

before(async () => {
  mkdirSync(OUT, { recursive: true });
  server = await serve();
  context = await launch();
  page = await context.newPage();
  page.on("request", (r) => {
    if (!r.url().startsWith(server.url) && !r.url().startsWith("blob:") && !r.url().startsWith("data:") && r.url() !== "about:srcdoc") external.push(r.url());
  });
  page.on("worker", (w) => w.url().startsWith(server.url) || external.push(w.url()));
  await page.goto(`${server.url}workbench.html`);
  await page.waitForSelector("body[data-ready=true]");
});

after(async () => {
  await context?.close();
  server?.close();
});

async function choose(paths) {
  await page.evaluate(() => delete document.body.dataset.done);
  await page.setInputFiles("#files", paths);
  await page.waitForSelector("body[data-done=true]", { timeout: 60000 });
}

async function download(id) {
  await page.waitForSelector(`#${id}[aria-disabled=false]`, { timeout: 60000 });
  const [d] = await Promise.all([page.waitForEvent("download"), page.click(`#${id}`)]);
  return readFileSync(await d.path());
}

test("the sample files give what uscc check gives", async () => {
  await choose(FILES.map((f) => SAMPLE + f));
  const expected = JSON.parse(cli("check", "--json", ...FILES));
  const o = expected.summary.overall;
  const data = await page.$eval("#summary", (s) => ({ ...s.dataset }));
  assert.deepEqual(data, { records: String(o.records), distinctCodes: String(o.distinct_codes), flagged: String(o.flagged), rate: String(o.rate) });
  assert.equal((await download("download-json")).toString("utf8"), cli("check", "--json", ...FILES));
  const xlsx = unzip(await download("download-fixes"));
  const path = `${OUT}cli-fixes.xlsx`;
  cli("check", ...FILES, "--fixes", path);
  const theirs = unzip(readFileSync(path));
  for (const part of ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/sharedStrings.xml"]) {
    assert.ok(xlsx[part], part);
    assert.ok(xlsx[part].equals(theirs[part]), part);
  }
  const report = (await download("download-report")).toString("utf8");
  cli("check", ...FILES, "--report", `${OUT}cli-report.html`);
  assert.equal(report, readFileSync(`${OUT}cli-report.html`, "utf8"));
  assert.match(await page.textContent("#findings-count"), new RegExp(`共 ${expected.fixes.length} 行`));
  assert.equal(await page.$$eval("#findings-table tbody tr", (rows) => rows.length), Math.min(50, expected.fixes.length));
  await page.screenshot({ path: `${OUT}workbench.png`, fullPage: true });
});

test("a 双公示 file: its 合规率 in the summary, its findings in the report", async () => {
  const name = "双公示-行政处罚.csv";
  await choose([SAMPLE + name]);
  const expected = JSON.parse(cli("check", "--json", name)).columns;
  const data = await page.$eval("#summary", (s) => ({ ...s.dataset }));
  assert.equal(data.compliance, String(expected.overall.rate));
  assert.equal(data.columnFindings, String(expected.findings.length));
  assert.match(await page.textContent("#summary"), /双公示字段合规率/);
  const report = (await download("download-report")).toString("utf8");
  assert.ok(report.includes(`字段问题清单（${expected.findings.length} 项）`));
  await choose(FILES.map((f) => SAMPLE + f));
  assert.equal(await page.$eval("#summary", (s) => s.dataset.compliance), undefined);
});

test("filters and paging work by keyboard alone", async () => {
  const before = await page.textContent("#findings-count");
  await page.focus("#filter-problem");
  await page.keyboard.press("ArrowDown"); // the first class
  await page.waitForFunction((b) => document.getElementById("findings-count").textContent !== b, before);
  const filtered = await page.textContent("#findings-count");
  assert.notEqual(filtered, before);
  await page.focus("#filter-search");
  await page.keyboard.type("ZZZZ不存在");
  await page.waitForFunction(() => document.getElementById("findings-count").textContent.includes("没有"));
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Backspace");
  await page.focus("#filter-problem");
  await page.keyboard.press("Home");
  await page.waitForFunction((b) => document.getElementById("findings-count").textContent === b, before);
  await page.focus("#page-next");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("findings-count").textContent.startsWith("第 51"));
});

test("a malformed file shows its message; the good file beside it is analysed", async () => {
  const bad = `${OUT}坏文件.csv`;
  writeFileSync(bad, '统一社会信用代码,行政相对人名称\n91350100M000100Y43,"甲公司\n');
  const nocode = `${OUT}无代码列.csv`;
  writeFileSync(nocode, "名称,代码\n甲公司,91350100M000100Y43\n");
  await choose([bad, nocode, SAMPLE + FILES[0]]);
  const errors = await page.textContent("#errors");
  assert.match(errors, /坏文件\.csv（第2行、第2列）无法读取/);
  assert.match(errors, /无代码列\.csv/);
  const good = JSON.parse(cli("check", "--json", FILES[0]));
  assert.equal(await page.$eval("#summary", (s) => s.dataset.records), String(good.summary.overall.records));
  await page.screenshot({ path: `${OUT}workbench-errors.png`, fullPage: true });
  // The column the user picks is used, and remembered while the page is open.
  await page.selectOption("#errors fieldset select[data-role=code]", { label: "代码" });
  await page.evaluate(() => delete document.body.dataset.done);
  await page.click("#errors fieldset button");
  await page.waitForSelector("body[data-done=true]");
  assert.equal(await page.$eval("#summary", (s) => s.dataset.records), String(good.summary.overall.records + 1));
});

test("cancel stops the work and the page keeps working", async () => {
  await page.evaluate(() => delete document.body.dataset.done);
  await page.setInputFiles("#files", FILES.map((f) => SAMPLE + f));
  await page.click("#cancel").catch(() => {});
  await page.waitForSelector("body[data-ready=true]");
  await choose([SAMPLE + FILES[0]]);
  assert.ok(Number(await page.$eval("#summary", (s) => s.dataset.records)) > 0);
});

test("opened as a plain file, the page says how to open it", async () => {
  const local = await context.newPage();
  await local.goto(new URL("../www/workbench.html", import.meta.url).href);
  await local.waitForSelector("#load-failed", { state: "visible" });
  assert.match(await local.textContent("#load-failed"), /http\.server/);
  await local.close();
});

test("nothing is fetched from elsewhere", () => {
  assert.deepEqual(external, []);
  const own = new Set(server.requests);
  for (const path of own) assert.match(path, /^\/(workbench\.html|workbench\.js|workbench-worker\.js|style\.css|pkg-workbench\/(uscc_wasm(_bg\.wasm|\.js)|snippets\/[^/]+\/js\/objects\.js)|favicon\.ico)$/, path);
});
