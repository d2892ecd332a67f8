// The demo form: validation as you type, and a pasted list checked at once.
// Everything runs in the page; the module makes no network request.
import init, { checkMany, explain, redact } from "./pkg/uscc_wasm.js";

const VERDICTS = {
  valid: "有效",
  valid_with_warnings: "有效（有提示）",
  invalid: "无效",
  placeholder: "占位值",
  pilot_era: "试点时期代码",
  other_identifier: "其他证件号码",
};

const $ = (id) => document.getElementById(id);
const code = $("code");
const status = $("code-status");
const marked = $("code-marked");
const suggestion = $("code-suggestion");
const parts = $("code-parts");
const list = $("list");
const checkList = $("check-list");
const download = $("download");
const summary = $("list-summary");
const results = $("list-results");
let lastRows = [];

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

// The cleaned value with every position an error names marked.
function showMarked(report) {
  marked.replaceChildren();
  const bad = new Set();
  for (const f of report.findings) {
    if (f.severity !== "error" || f.position === null) continue;
    for (let p = f.position[0]; p <= f.position[1]; p++) bad.add(p);
  }
  [...report.value].forEach((ch, i) => {
    marked.append(bad.has(i + 1) ? el("mark", { title: `第${i + 1}位` }, ch) : ch);
  });
}

// The parts of an explanation (explain's shape, docs/dialect.md).
function showParts(e) {
  parts.replaceChildren();
  const row = (term, value) => parts.append(el("dt", {}, term), el("dd", {}, value));
  if (e.department) row("登记管理部门", `${e.department.code} ${e.department.name_zh}`);
  if (e.category) row("机构类别", `${e.category.code} ${e.category.name_zh}`);
  if (e.division) {
    const name = e.division.name ?? e.division.province ?? "未收录";
    const years = e.division.last_year ? `（${e.division.last_year}年已撤销）` : "";
    row("登记管理机关行政区划", `${e.division.code} ${name}${years}`);
  }
  row("主体标识码", e.org_code);
  row("校验码", e.value.slice(17));
  parts.hidden = false;
}

function showSuggestion(s) {
  suggestion.replaceChildren();
  if (!s.best) {
    suggestion.hidden = true;
    return;
  }
  const button = el("button", { type: "button", class: "link" }, s.best);
  button.addEventListener("click", () => {
    code.value = s.best;
    onInput();
    code.focus();
  });
  suggestion.append("您是否要输入 ", button, s.unique ? "？" : "？（另有其他可能）");
  suggestion.hidden = false;
}

function onInput() {
  const value = code.value;
  parts.hidden = true;
  suggestion.hidden = true;
  marked.replaceChildren();
  if (value.trim() === "") {
    code.setAttribute("aria-invalid", "false");
    status.textContent = "";
    status.className = "status";
    return;
  }
  const report = explain(value);
  const errors = report.findings.filter((f) => f.severity === "error");
  const length = [...report.value].length;
  // While the code is still being typed, only a wrong character is news.
  const typing = length < 18 && errors.every((f) => f.code === "wrong_length");
  if (typing) {
    code.setAttribute("aria-invalid", "false");
    status.className = "status";
    status.textContent = `已输入 ${length} 位，还需 ${18 - length} 位`;
    showMarked(report);
    return;
  }
  code.setAttribute("aria-invalid", String(!report.valid));
  status.className = report.valid ? "status ok" : "status bad";
  const notes = report.findings.filter((f) => f.severity !== "info" || report.valid);
  const first = notes.find((f) => f.severity === "error") ?? notes[0];
  status.textContent = VERDICTS[report.verdict] + (first ? `：${first.message_zh}` : "");
  showMarked(report);
  if (report.valid && report.org_code) showParts(report);
  if (!report.valid) showSuggestion(report.suggestions);
}

// A personal identity number is never shown or saved in full (a row's
// value is masked already; its input is masked here).
function shown(row, value) {
  return row.personal ? redact(value) : value;
}

function problem(row) {
  const errors = row.findings.filter((f) => f.severity !== "info");
  return errors.map((f) => f.message_zh).join("；");
}

let lastInputs = [];

function onCheckList() {
  const lines = list.value.split(/\r?\n/).filter((l) => l.trim() !== "");
  lastInputs = lines;
  lastRows = checkMany(lines);
  const valid = lastRows.filter((r) => r.valid).length;
  summary.textContent = `共 ${lastRows.length} 个，有效 ${valid} 个，需处理 ${lastRows.length - valid} 个。`;
  const table = el("table");
  table.append(el("caption", {}, "核验结果"));
  const head = el("tr");
  for (const h of ["行", "原值", "规范后", "结果", "问题", "建议"]) head.append(el("th", { scope: "col" }, h));
  table.append(el("thead", {}, head));
  const body = el("tbody");
  lastRows.forEach((r, i) => {
    const tr = el("tr", { class: r.valid ? "ok" : "bad" });
    for (const cell of [String(i + 1), shown(r, lastInputs[i]), r.value, VERDICTS[r.verdict], problem(r), r.suggestion ?? ""]) {
      tr.append(el("td", {}, cell));
    }
    body.append(tr);
  });
  table.append(body);
  results.replaceChildren(table);
  download.disabled = lastRows.length === 0;
}

// A cell that a spreadsheet could take for a formula gets a leading
// apostrophe, as every sheet uscc writes (docs/rules.md).
function csvCell(s) {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function onDownload() {
  const header = ["行", "原值", "规范后", "结果", "问题代码", "问题", "建议代码"];
  const lines = [header.join(",")];
  lastRows.forEach((r, i) => {
    const codes = r.findings.map((f) => f.code).join(" ");
    lines.push([String(i + 1), shown(r, lastInputs[i]), r.value, VERDICTS[r.verdict], codes, problem(r), r.suggestion ?? ""]
      .map(csvCell).join(","));
  });
  // A byte-order mark tells Excel the file is UTF-8.
  const blob = new Blob(["\uFEFF" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
  const a = el("a", { href: URL.createObjectURL(blob), download: "核验结果.csv" });
  document.body.append(a);
  a.click();
  a.remove();
}

await init();
code.addEventListener("input", onInput);
checkList.addEventListener("click", onCheckList);
download.addEventListener("click", onDownload);
for (const control of [code, list, checkList]) control.disabled = false;
document.body.dataset.ready = "true";
if (code.value) onInput();
