// Figures for the README: the workbench page in headless Chromium on files
// `uscc generate` writes (1,000,000 rows as UTF-8 CSV and as GBK CSV, and
// 200,000 rows as XLSX): seconds from choosing the file to the summary
// shown (measured by the page), and the browser's peak memory (the resident
// size of all its processes, sampled every 50 ms, above the page at rest).
// Run `make wasm` first (or `make workbench-bench`).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { serve } from "../tests/serve.mjs";
import { launch } from "../tests/chromium.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WORK = `${ROOT}target/workbench-bench/`;
const ROWS = Number(process.env.ROWS ?? 1_000_000);
const XLSX_ROWS = Number(process.env.XLSX_ROWS ?? 200_000);
mkdirSync(WORK, { recursive: true });

const wasm = `${ROOT}wasm/pkg-workbench/web/uscc_wasm_bg.wasm`;
console.log(`workbench module: ${(statSync(wasm).size / 1024).toFixed(0)} KB raw, ${(gzipSync(readFileSync(wasm), { level: 9 }).length / 1024).toFixed(0)} KB gzipped (target <= 1024 KB)`);

execFileSync("cargo", ["build", "--release", "-q", "-p", "uscc-cli"], { cwd: ROOT, stdio: "inherit" });
const uscc = `${ROOT}target/release/uscc`;
const files = [
  [`utf8-${ROWS}.csv`, ["-n", String(ROWS), "--seed", "99"]],
  [`gbk-${ROWS}.csv`, ["-n", String(ROWS), "--seed", "99", "--encoding", "gbk"]],
  [`gen-${XLSX_ROWS}.xlsx`, ["-n", String(XLSX_ROWS), "--seed", "99"]],
];
for (const [name, args] of files) {
  if (!existsSync(WORK + name)) execFileSync(uscc, ["generate", ...args, "-o", WORK + name]);
}

// The resident kB of every Chromium process.
function chromiumKb() {
  let kb = 0;
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      if (!/^Name:\s+(chromium|chrome)/m.test(status)) continue;
      kb += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    } catch {}
  }
  return kb;
}

const server = await serve();
const context = await launch();
const page = await context.newPage();
await page.goto(`${server.url}workbench.html`);
await page.waitForSelector("body[data-ready=true]");
for (const [name] of files) {
  const path = WORK + name;
  const times = [];
  let peak = 0;
  for (let round = 0; round < 3; round++) {
    await page.reload();
    await page.waitForSelector("body[data-ready=true]");
    const rest = chromiumKb();
    let high = rest;
    const sampler = setInterval(() => (high = Math.max(high, chromiumKb())), 50);
    await page.setInputFiles("#files", path);
    await page.waitForSelector("body[data-done=true]", { timeout: 600000 });
    clearInterval(sampler);
    times.push(Number(await page.$eval("body", (b) => b.dataset.seconds)));
    peak = Math.max(peak, high - rest);
    const records = await page.$eval("#summary", (s) => s.dataset.records);
    if (round === 0) console.log(`${name}: ${(statSync(path).size / 1e6).toFixed(0)} MB, ${records} records`);
  }
  times.sort((a, b) => a - b);
  console.log(`  choose → summary: ${times.map((t) => t.toFixed(2)).join(", ")} s (median ${times[1].toFixed(2)}; target <= 3 s for 1 M CSV rows); browser peak +${(peak / 1024).toFixed(0)} MB`);
}
await context.close();
server.close();
