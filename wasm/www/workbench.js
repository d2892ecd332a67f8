// The workbench page: files chosen or dropped go to a worker that runs the
// `uscc check` engine on them; the page shows the progress, the summary,
// the report's tables and charts, the correction sheet page by page, and
// offers the downloads. Nothing leaves the page.

const $ = (id) => document.getElementById(id);
const PAGE = 50;
const choices = new Map(); // file name → columns the user picked, while the page is open
let entries = [];
let worker = null;
let classes = {};
let offset = 0;
let total = 0;
let pageId = 0;
let started = 0;
const urls = [];

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c ?? "");
  return node;
}

function start() {
  const w = new Worker("workbench-worker.js", { type: "module" });
  w.onmessage = ({ data }) => handlers[data.type]?.(data);
  w.postMessage({ type: "hello" });
  return w;
}

function run() {
  if (entries.length === 0) return;
  for (const u of urls.splice(0)) URL.revokeObjectURL(u);
  $("result").hidden = true;
  $("findings").hidden = true;
  $("errors").replaceChildren();
  $("read").hidden = true;
  $("progress-box").hidden = false;
  $("progress-text").textContent = "正在读取…";
  $("files").disabled = true;
  started = performance.now();
  worker.postMessage({ type: "run", entries, denominator: $("denominator").value });
}

function choose(files) {
  entries = [...files].map((file) => ({ file, columns: choices.get(file.name) ?? null }));
  run();
}

function cancel() {
  worker.terminate();
  worker = start();
  $("progress-box").hidden = true;
  $("progress-text").textContent = "";
  $("errors").replaceChildren(el("p", { class: "status bad" }, "已取消。"));
}

// A file's problem; when its columns were not found, a choice of its headers.
function showError(e) {
  const where = [e.row ? `第${e.row}行` : "", e.column ? `第${e.column}列` : ""].filter(Boolean).join("、");
  const box = el("div", { class: "error" }, el("p", {}, `${e.file}${where ? `（${where}）` : ""}无法读取：${e.message}`));
  if (e.headers) {
    const fieldset = el("fieldset", {}, el("legend", {}, `为 ${e.file} 指定列`));
    const pick = (label, role, required) => {
      const select = el("select", { "data-role": role });
      if (!required) select.append(el("option", { value: "" }, "（无）"));
      e.headers.forEach((h, i) => select.append(el("option", { value: String(i + 1) }, h || `第${i + 1}列`)));
      fieldset.append(el("label", {}, label, select));
      return select;
    };
    const code = pick("统一社会信用代码列", "code", true);
    const name = pick("名称列", "name", false);
    const group = pick("分组列", "group", false);
    const again = el("button", { type: "button" }, "用所选列重新核查");
    again.addEventListener("click", () => {
      const columns = { code: code.value, name: name.value || null, group: group.value || null };
      choices.set(e.file, columns);
      entries = entries.map((x) => (x.file.name === e.file ? { ...x, columns } : x));
      run();
    });
    fieldset.append(again);
    box.append(fieldset);
  }
  $("errors").append(box);
}

function percent(rate) {
  return rate === null || rate === undefined ? "不适用" : `${(rate * 100).toFixed(2)}%`;
}

const handlers = {
  ready({ classes: list }) {
    classes = Object.fromEntries(list.map((c) => [c.code, c.name_zh]));
    const select = $("filter-problem");
    select.replaceChildren(el("option", { value: "" }, "全部"));
    for (const c of list) select.append(el("option", { value: c.code }, c.name_zh));
    $("files").disabled = false;
    document.body.dataset.ready = "true";
  },
  progress({ file, rows }) {
    $("progress-text").textContent = file ? `正在读取 ${file}：已读取 ${rows} 行` : `已读取 ${rows} 行，正在查找重码与错码…`;
  },
  done({ head, reads, errors }) {
    $("progress-box").hidden = true;
    $("files").disabled = false;
    errors.forEach(showError);
    const body = $("read").tBodies[0];
    body.replaceChildren();
    for (const r of reads) {
      const col = (i) => (i === null ? "（无）" : r.headers[i]);
      body.append(el("tr", {}, el("td", {}, r.name), el("td", {}, r.encoding), el("td", {}, String(r.rows)),
        el("td", {}, col(r.columns.code)), el("td", {}, col(r.columns.name)), el("td", {}, col(r.columns.group))));
    }
    $("read").hidden = reads.length === 0;
    if (!head) {
      document.body.dataset.done = "true";
      return;
    }
    const o = head.summary.overall;
    const summary = $("summary");
    Object.assign(summary.dataset, { records: o.records, distinctCodes: o.distinct_codes, flagged: o.flagged, rate: o.rate ?? "" });
    const seconds = (performance.now() - started) / 1000;
    summary.textContent = `共 ${o.records} 条记录、${o.distinct_codes} 个不同代码，其中重码与错码 ${o.flagged} 个，重错码率 ${percent(o.rate)}（${head.files.length} 个文件，用时 ${seconds.toFixed(1)} 秒）。`;
    // A 双公示 file: its columns' 合规率 (the findings are in the report and the sheet).
    const c = head.columns?.overall;
    if (c) {
      Object.assign(summary.dataset, { compliance: c.rate ?? "", columnFindings: head.columns.findings });
      summary.textContent += `双公示字段合规率 ${percent(c.rate)}（${c.compliant} / ${c.rows} 行），字段问题 ${head.columns.findings} 项，自然人无代码 ${c.natural_persons} 行不计入重错码率。`;
    } else {
      delete summary.dataset.compliance;
      delete summary.dataset.columnFindings;
    }
    document.body.dataset.seconds = seconds.toFixed(3);
    const group = $("filter-group");
    group.replaceChildren(el("option", { value: "" }, "全部"));
    for (const g of head.summary.groups) group.append(el("option", { value: g.group ?? "" }, g.group ?? "（未分组）"));
    for (const id of ["download-json", "download-fixes", "download-report"]) {
      $(id).removeAttribute("href");
      $(id).setAttribute("aria-disabled", "true");
    }
    $("result").hidden = false;
    $("findings").hidden = false;
    offset = 0;
    requestPage();
    for (const what of ["report", "json", "fixes"]) worker.postMessage({ type: "download", what });
    document.body.dataset.done = "true";
  },
  page({ id, page }) {
    if (id !== pageId) return;
    total = page.total;
    const body = $("findings-table").tBodies[0];
    body.replaceChildren();
    for (const f of page.lines) {
      body.append(el("tr", {}, el("td", {}, f.file), el("td", {}, String(f.row)), el("td", {}, String(f.rows)),
        el("td", {}, f.original), el("td", {}, f.value), el("td", {}, f.name ?? ""), el("td", {}, f.group ?? ""),
        el("td", {}, classes[f.problem] ?? f.problem), el("td", {}, f.correction?.code ?? ""),
        el("td", {}, f.action === null ? "" : String(f.action))));
    }
    const last = Math.min(offset + PAGE, total);
    $("findings-count").textContent = total === 0 ? "没有需要处理的行。" : `第 ${offset + 1}–${last} 行，共 ${total} 行`;
    $("page-prev").disabled = offset === 0;
    $("page-next").disabled = last >= total;
  },
  download({ what, bytes }) {
    const types = { json: "application/json", report: "text/html;charset=utf-8", fixes: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" };
    const url = URL.createObjectURL(new Blob([bytes], { type: types[what] }));
    urls.push(url);
    const link = $(`download-${what}`);
    link.href = url;
    link.setAttribute("aria-disabled", "false");
    if (what === "report") $("report").srcdoc = new TextDecoder().decode(bytes);
  },
  failed({ message }) {
    $("progress-box").hidden = true;
    $("files").disabled = false;
    $("errors").append(el("p", { class: "status bad" }, `出错：${message}`));
  },
};

function filter() {
  return { problem: $("filter-problem").value || null, group: $("filter-group").selectedIndex > 0 ? $("filter-group").value : null, search: $("filter-search").value || null };
}

function requestPage() {
  pageId += 1;
  worker.postMessage({ type: "page", id: pageId, offset, limit: PAGE, filter: filter() });
}

worker = start();
$("files").addEventListener("change", () => choose($("files").files));
$("cancel").addEventListener("click", cancel);
$("denominator").addEventListener("change", run);
for (const id of ["filter-problem", "filter-group"]) $(id).addEventListener("change", () => { offset = 0; requestPage(); });
$("filter-search").addEventListener("input", () => { offset = 0; requestPage(); });
$("page-prev").addEventListener("click", () => { offset = Math.max(0, offset - PAGE); requestPage(); });
$("page-next").addEventListener("click", () => { offset += PAGE; requestPage(); });
const drop = $("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); choose(e.dataTransfer.files); });
