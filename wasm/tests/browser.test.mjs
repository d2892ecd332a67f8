// The demo form in real headless Chromium: typing, marking, suggestions,
// a pasted list and its CSV, keyboard use, no request beyond the page's own.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { serve } from "./serve.mjs";
import { launch } from "./chromium.mjs";

const OUT = fileURLToPath(new URL("../../target/wasm-test/", import.meta.url));
let server;
let context;
let page;

before(async () => {
  mkdirSync(OUT, { recursive: true });
  server = await serve();
  context = await launch();
  page = await context.newPage();
  const external = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(server.url) && !r.url().startsWith("blob:")) external.push(r.url());
  });
  page.external = external;
  await page.goto(server.url);
  await page.waitForSelector("body[data-ready=true]");
});

after(async () => {
  await context?.close();
  server?.close();
});

async function type(value) {
  await page.fill("#code", "");
  await page.type("#code", value);
}

test("a valid code shows its parts", async () => {
  await type("91350100M000100Y43");
  assert.equal(await page.getAttribute("#code", "aria-invalid"), "false");
  assert.match(await page.textContent("#code-status"), /^有效/);
  const parts = await page.textContent("#code-parts");
  assert.match(parts, /工商/);
  assert.match(parts, /企业/);
  assert.match(parts, /350100 福州市/);
  assert.equal(await page.isVisible("#code-suggestion"), false);
  assert.equal(await page.$$eval("#code-marked mark", (m) => m.length), 0);
});

test("while typing, progress and no alarm", async () => {
  await type("9135010");
  assert.equal(await page.getAttribute("#code", "aria-invalid"), "false");
  assert.match(await page.textContent("#code-status"), /已输入 7 位，还需 11 位/);
});

test("one wrong character: marked, Chinese message, suggestion", async () => {
  await type("91350100M000100Y43");
  assert.equal(await page.isVisible("#code-parts"), true);
  await type("91350100M000100Y4A");
  assert.equal(await page.getAttribute("#code", "aria-invalid"), "true");
  assert.equal(await page.textContent("#code-status"), "无效：第18位校验码错误：应为“3”，实际为“A”");
  assert.deepEqual(await page.$$eval("#code-marked mark", (m) => m.map((x) => x.textContent)), ["A"]);
  assert.match(await page.textContent("#code-suggestion"), /您是否要输入 91350100M000100Y43/);
  // The parts of the valid code typed before are gone.
  assert.equal(await page.isVisible("#code-parts"), false);
  await page.screenshot({ path: `${OUT}form-invalid.png`, fullPage: true });
  // The suggestion is a button: keyboard users reach it with Tab and take it with Enter.
  await page.focus("#code-suggestion button");
  await page.keyboard.press("Enter");
  assert.equal(await page.inputValue("#code"), "91350100M000100Y43");
  assert.match(await page.textContent("#code-status"), /^有效/);
});

test("a letter outside the alphabet is marked at once", async () => {
  await type("9135O1");
  assert.equal(await page.getAttribute("#code", "aria-invalid"), "true");
  assert.deepEqual(await page.$$eval("#code-marked mark", (m) => m.map((x) => x.textContent)), ["O"]);
});

test("a full-width code is normalized and valid", async () => {
  await type("９１３５０１００Ｍ０００１００Ｙ４３");
  assert.equal(await page.getAttribute("#code", "aria-invalid"), "false");
  assert.match(await page.textContent("#code-status"), /^有效/);
  assert.equal(await page.textContent("#code-marked"), "91350100M000100Y43");
  const described = await page.getAttribute("#code", "aria-describedby");
  assert.deepEqual(described.split(" "), ["code-help", "code-status"]);
});

test("a pasted list is checked, and the CSV downloads", async () => {
  const list = ["914403001922038216", "91350100M000100Y4A", "无", "９１３５０１００Ｍ０００１００Ｙ４３", "11010519491231002X"];
  await page.fill("#list", list.join("\n"));
  // Keyboard only: Tab from the textarea to the button, then Enter.
  await page.focus("#list");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "check-list");
  await page.keyboard.press("Enter");
  assert.equal(await page.textContent("#list-summary"), "共 5 个，有效 2 个，需处理 3 个。");
  const rows = await page.$$eval("#list-results tbody tr", (trs) =>
    trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.equal(rows.length, 5);
  assert.deepEqual(rows.map((r) => r[3]), ["有效", "无效", "占位值", "有效", "其他证件号码"]);
  assert.equal(rows[1][5], "91350100M000100Y43");
  assert.equal(rows[3][2], "91350100M000100Y43");
  // The personal identity number is masked on the page and in the file.
  assert.equal(rows[4][1], "110105********002X");
  await page.screenshot({ path: `${OUT}form-list.png`, fullPage: true });

  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
  const path = `${OUT}results.csv`;
  await download.saveAs(path);
  const csv = readFileSync(path, "utf8");
  assert.ok(csv.startsWith("\uFEFF行,原值,规范后,结果,问题代码,问题,建议代码\r\n"));
  const lines = csv.trim().split("\r\n");
  assert.equal(lines.length, 6);
  assert.ok(!csv.includes("11010519491231002X"));
  assert.match(lines[2], /^2,91350100M000100Y4A,91350100M000100Y4A,无效,check_char_mismatch possible_pilot_era,.*,91350100M000100Y43$/);
});

test("nothing was fetched from outside the page's own server", () => {
  assert.deepEqual(page.external, []);
  assert.ok(server.requests.includes("/pkg/uscc_wasm_bg.wasm"));
});
