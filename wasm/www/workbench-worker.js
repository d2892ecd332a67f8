// The workbench's worker: reads the dropped files piece by piece into the
// workbench module (the `uscc check` engine) and answers the page with the
// summary, one page of the correction sheet at a time, and the downloads'
// bytes. No per-row object crosses to the page.
import init, { Workbench, rowClasses } from "./pkg-workbench/uscc_wasm.js";

const SLICE = 8 << 20;
const ready = init();
let current = null;

// A file's bytes into the workbench, a slice at a time: the whole file is
// held once, in the module's memory.
function feed(wb, file) {
  const reader = new FileReaderSync();
  for (let at = 0; at < file.size; at += SLICE) {
    wb.feed(new Uint8Array(reader.readAsArrayBuffer(file.slice(at, at + SLICE))));
  }
}

function describe(e, file) {
  return {
    file: e.file ?? file.name,
    row: e.row ?? null,
    column: e.column ?? null,
    message: e.message ?? String(e),
    detail: e.detail ?? null,
    headers: e.headers ?? null,
  };
}

// Reads every good file into one job. A file that fails is reported and
// left out, and the job starts again without it: its earlier rows must not
// count.
function run({ entries, denominator }) {
  current?.free();
  current = null;
  let good = entries.slice();
  const errors = [];
  for (;;) {
    const wb = new Workbench({ denominator });
    const reads = [];
    let rows = 0;
    let failed = null;
    for (const entry of good) {
      postMessage({ type: "progress", file: entry.file.name, rows });
      try {
        feed(wb, entry.file);
        reads.push(wb.read(entry.file.name, entry.columns, (n) => {
          rows += n;
          postMessage({ type: "progress", file: entry.file.name, rows });
        }));
      } catch (e) {
        failed = entry;
        errors.push(describe(e, entry.file));
        break;
      }
    }
    if (failed) {
      wb.free();
      good = good.filter((e) => e !== failed);
      continue;
    }
    postMessage({ type: "progress", file: null, rows });
    const head = good.length > 0 ? wb.finish() : null;
    if (head) current = wb;
    else wb.free();
    postMessage({ type: "done", head, reads, errors });
    return;
  }
}

function download(what) {
  if (!current) return;
  let bytes;
  if (what === "json") bytes = new TextEncoder().encode(current.json());
  else if (what === "report") bytes = new TextEncoder().encode(current.report());
  else bytes = current.fixesXlsx();
  postMessage({ type: "download", what, bytes: bytes.buffer }, [bytes.buffer]);
}

onmessage = async ({ data }) => {
  await ready;
  try {
    if (data.type === "hello") postMessage({ type: "ready", classes: rowClasses() });
    else if (data.type === "run") run(data);
    else if (data.type === "page") postMessage({ type: "page", id: data.id, page: current.fixes(data.offset, data.limit, data.filter) });
    else if (data.type === "download") download(data.what);
  } catch (e) {
    postMessage({ type: "failed", message: e?.message ?? String(e) });
  }
};
