//! The workbench's engine (feature `workbench`, the build in
//! `wasm/pkg-workbench`): the whole `uscc check` job on files dropped in a
//! page, by the code the command runs (`uscc_io::job`): the same readers
//! (CSV, TSV, XLSX; UTF-8, UTF-16, GBK/GB18030 detected), the same column
//! choice, the same analysis, the same JSON, report and correction sheet.
//!
//! A file's bytes are fed in slices (a worker reads the file piece by piece)
//! and held once, in the module's memory; the rows go into the analysis in
//! chunks as they are read. No JavaScript object is made per row: the page
//! asks for the summary, one page of the correction sheet at a time, and
//! the downloads' bytes.

use std::io::Cursor;
use std::path::Path;

use js_sys::{Array, Reflect, Uint8Array};
use uscc::analysis::{Denominator, Fix, Options};
use uscc_io::job::{Done, FileRead, Job};
use uscc_io::{ColumnSpecs, InputError, ReadOptions, Table};
use wasm_bindgen::prelude::*;

use crate::js::{core_object, packed, texts, type_error};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** The workbench's options: the rate's denominator (`distinct_values`, `distinct_non_placeholder` or `records`). */
export interface WorkbenchOptions { denominator?: string; }
/** Columns named by their header (or 1-based index); the headers departments use otherwise. */
export interface ColumnChoice { code?: string | null; name?: string | null; group?: string | null; }
/** What reading one file found. Columns are 0-based, null when absent. */
export interface FileRead {
  name: string;
  headers: string[];
  header_row: number;
  encoding: string;
  columns: { code: number; name: number | null; group: number | null };
  rows: number;
}
/** A page of the correction sheet: lines in the shape of `uscc check --json`'s `fixes`. */
export interface SheetPage { total: number; lines: SheetLine[]; }
/** Which lines: a problem (row class), a group, and text found in the code, the original or the name. */
export interface SheetFilter { problem?: string | null; group?: string | null; search?: string | null; }
"#;

/// The strings of an optional column of the same length as the codes.
fn optional_column(values: &JsValue, n: usize, function: &str, what: &str) -> Result<Option<Vec<String>>, JsValue> {
    if values.is_undefined() || values.is_null() {
        return Ok(None);
    }
    let (bytes, ends) = packed(values, function)?;
    if ends.len() != n {
        return Err(type_error(&format!("{function}: {n} codes but {} {what}", ends.len())));
    }
    Ok(Some(texts(&bytes, &ends).map(str::to_owned).collect()))
}

/// Finds every 重码 and 错码 of a data set given as columns (codes, and
/// optionally the names and the groups, one per record): the summary per
/// group and overall, and the correction sheet's lines, with the default
/// options of `uscc check`. Records are numbered by their 0-based index.
#[wasm_bindgen(unchecked_return_type = "Analysis")]
pub fn analyze(
    #[wasm_bindgen(unchecked_param_type = "string[]")] codes: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "string[] | null")] names: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "string[] | null")] groups: &JsValue,
) -> Result<JsValue, JsValue> {
    let (bytes, ends) = packed(codes, "analyze")?;
    let codes: Vec<&str> = texts(&bytes, &ends).collect();
    let names = optional_column(names, codes.len(), "analyze", "names")?;
    let groups = optional_column(groups, codes.len(), "analyze", "groups")?;
    let records: Vec<uscc::analysis::Record<'_>> = codes
        .iter()
        .enumerate()
        .map(|(i, code)| {
            uscc::analysis::Record::new(
                i as u64,
                code,
                names.as_ref().map(|n| n[i].as_str()),
                groups.as_ref().map(|g| g[i].as_str()),
            )
        })
        .collect();
    let report = uscc::analysis::analyze(&records, &Options::default());
    core_object(&AnalysisOut { summary: &report.analysis.summary, fixes: report.analysis.fixes() })
}

/// What `analyze` gives: the core's summary and sheet lines.
struct AnalysisOut<'a> {
    summary: &'a uscc::analysis::Summary,
    fixes: &'a [Fix],
}

impl serde::Serialize for AnalysisOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut m = s.serialize_struct("Analysis", 2)?;
        m.serialize_field("summary", self.summary)?;
        m.serialize_field("fixes", self.fixes)?;
        m.end()
    }
}

/// Every row class (a sheet line's `problem`): its code and Chinese name,
/// in order of precedence.
#[wasm_bindgen(js_name = rowClasses, unchecked_return_type = "{ code: string; name_zh: string }[]")]
pub fn row_classes() -> Result<JsValue, JsValue> {
    let classes: Vec<serde_json::Value> = uscc::analysis::RowClass::ALL
        .iter()
        .map(|c| serde_json::json!({ "code": c.as_str(), "name_zh": c.name_zh() }))
        .collect();
    core_object(&classes)
}

/// A file's problem as a JavaScript `Error` with the message `uscc check`
/// prints, and where: `file`, `row` and `column` (1-based, or null), and
/// the file's `headers` when its columns could not be found.
fn input_error(e: &InputError, headers: Option<&[String]>) -> JsValue {
    let error = js_sys::Error::new(&e.to_string());
    let set = |key: &str, value: &JsValue| {
        let _ = Reflect::set(&error, &JsValue::from_str(key), value);
    };
    set("file", &JsValue::from_str(&e.file.display().to_string()));
    set("row", &e.row.map_or(JsValue::NULL, |r| JsValue::from_f64(r as f64)));
    set("column", &e.column.map_or(JsValue::NULL, |c| JsValue::from_f64(c as f64)));
    set("detail", &JsValue::from_str(&e.message));
    if let Some(h) = headers {
        set("headers", &h.iter().map(|s| JsValue::from_str(s)).collect::<Array>());
    }
    error.into()
}

/// A string property of an options object, if set.
fn text_option(object: &JsValue, key: &str) -> Option<String> {
    if !object.is_object() {
        return None;
    }
    Reflect::get(object, &JsValue::from_str(key)).ok().and_then(|v| v.as_string())
}

/// The whole `uscc check` job on files given as bytes.
#[wasm_bindgen]
pub struct Workbench {
    job: Option<Job>,
    done: Option<Done>,
    bytes: Vec<u8>,
}

#[wasm_bindgen]
impl Workbench {
    /// A job with the default options of `uscc check` (personal identity
    /// numbers always masked); `options.denominator` picks the rate's
    /// denominator.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "WorkbenchOptions | undefined")] options: &JsValue,
    ) -> Result<Workbench, JsValue> {
        let mut o = Options::default();
        if let Some(d) = text_option(options, "denominator") {
            o.denominator = [Denominator::DistinctValues, Denominator::DistinctNonPlaceholder, Denominator::Records]
                .into_iter()
                .find(|x| x.as_str() == d)
                .ok_or_else(|| type_error(&format!("Workbench: not a denominator: {d:?}")))?;
        }
        // The browser's clock gives today, for the 双公示 date checks.
        let now = js_sys::Date::new_0();
        let today = uscc::publicity::Date::new(now.get_full_year(), now.get_month() + 1, now.get_date());
        let job = match today {
            Some(d) => Job::new(o).as_of(d),
            None => Job::new(o),
        };
        Ok(Workbench { job: Some(job), done: None, bytes: Vec::new() })
    }

    /// Appends a slice of the file about to be read.
    pub fn feed(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
    }

    /// Reads the bytes fed so far as the file `name` (its extension says
    /// whether it is a workbook) into the analysis, and forgets them.
    /// `columns` names columns by header; `progress` is called with the
    /// rows of each chunk read. A problem throws an `Error` that says what
    /// and where (see `input_error`); the analysis then holds the rows read
    /// before it, so start a new workbench without that file.
    #[wasm_bindgen(unchecked_return_type = "FileRead")]
    #[allow(clippy::needless_pass_by_value)] // wasm-bindgen passes the callback owned
    pub fn read(
        &mut self,
        name: &str,
        #[wasm_bindgen(unchecked_param_type = "ColumnChoice | null | undefined")] columns: &JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<JsValue, JsValue> {
        let job = self.job.as_mut().ok_or_else(|| type_error("Workbench.read: the job is finished"))?;
        let bytes = std::mem::take(&mut self.bytes);
        let size = bytes.len() as u64;
        let table = Table::from_source(Path::new(name), Box::new(Cursor::new(bytes)), ReadOptions::default())
            .map_err(|e| input_error(&e, None))?;
        let specs = ColumnSpecs {
            code: text_option(columns, "code"),
            name: text_option(columns, "name"),
            group: text_option(columns, "group"),
            roles: Vec::new(),
        };
        if let Err(e) = Job::columns(&table, &specs) {
            return Err(input_error(&e, Some(&table.headers)));
        }
        let mut tell = |n: u64| {
            if let Some(f) = &progress {
                let _ = f.call1(&JsValue::NULL, &JsValue::from_f64(n as f64));
            }
        };
        let read = job.add(name, table, &specs, size, &mut tell).map_err(|e| input_error(&e, None))?;
        core_object(&FileReadOut(&read))
    }

    /// Finishes the analysis and gives the summary (the core's shape, as
    /// `uscc check --json` has it) with the files read.
    #[wasm_bindgen(
        unchecked_return_type = "{ files: string[]; summary: { overall: GroupSummary; groups: GroupSummary[] }; options: { denominator: string; counted: string[] }; fixes: number }"
    )]
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        let job = self.job.take().ok_or_else(|| type_error("Workbench.finish: the job is finished"))?;
        let done = job.finish();
        let mut head = done.json();
        let fixes = done.analysis.fixes().len();
        if let Some(o) = head.as_object_mut() {
            o.remove("fixes");
            o.insert("fixes".into(), fixes.into());
            // The 双公示 column findings stay here too: the head says how many.
            if let Some(c) = o.get_mut("columns").and_then(|c| c.as_object_mut()) {
                let n = c.remove("findings").and_then(|f| f.as_array().map(Vec::len)).unwrap_or(0);
                c.insert("findings".into(), n.into());
            }
        }
        self.done = Some(done);
        core_object(&head)
    }

    /// A page of the correction sheet: the lines that pass `filter`, from
    /// `offset`, at most `limit`, with how many pass in all.
    #[wasm_bindgen(unchecked_return_type = "SheetPage")]
    pub fn fixes(
        &self,
        offset: usize,
        limit: usize,
        #[wasm_bindgen(unchecked_param_type = "SheetFilter | null | undefined")] filter: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let done = self.finished("fixes")?;
        let problem = text_option(filter, "problem").filter(|s| !s.is_empty());
        let group = text_option(filter, "group");
        let search = text_option(filter, "search").map(|s| s.trim().to_uppercase()).filter(|s| !s.is_empty());
        let passes = |f: &&Fix| {
            problem.as_deref().is_none_or(|p| f.problem.as_str() == p)
                && group.as_deref().is_none_or(|g| f.group.as_deref().unwrap_or("") == g)
                && search.as_deref().is_none_or(|s| {
                    f.value.to_uppercase().contains(s)
                        || f.original.to_uppercase().contains(s)
                        || f.name.as_deref().is_some_and(|n| n.contains(s))
                })
        };
        let all = done.analysis.fixes();
        let total = all.iter().filter(passes).count();
        let lines: Vec<serde_json::Value> =
            all.iter().filter(passes).skip(offset).take(limit).map(|f| uscc_io::json::line(f, &done.files)).collect();
        core_object(&serde_json::json!({ "total": total, "lines": lines }))
    }

    /// The full result as `uscc check --json` prints it, as text.
    pub fn json(&self) -> Result<String, JsValue> {
        let done = self.finished("json")?;
        serde_json::to_string_pretty(&done.json()).map(|t| t + "\n").map_err(|e| type_error(&e.to_string()))
    }

    /// The HTML report, as `uscc check --report` writes it.
    pub fn report(&self) -> Result<String, JsValue> {
        Ok(self.finished("report")?.report())
    }

    /// The correction sheet as XLSX bytes, as `uscc check --fixes x.xlsx` writes it.
    #[wasm_bindgen(js_name = fixesXlsx)]
    pub fn fixes_xlsx(&self) -> Result<Uint8Array, JsValue> {
        let bytes = self.finished("fixesXlsx")?.fixes_xlsx().map_err(|e| type_error(&e.to_string()))?;
        Ok(Uint8Array::from(&bytes[..]))
    }

    /// The correction sheet as CSV bytes, as `uscc check --fixes x.csv` writes it.
    #[wasm_bindgen(js_name = fixesCsv)]
    pub fn fixes_csv(&self) -> Result<Uint8Array, JsValue> {
        Ok(Uint8Array::from(&self.finished("fixesCsv")?.fixes_csv()[..]))
    }

    fn finished(&self, function: &str) -> Result<&Done, JsValue> {
        self.done.as_ref().ok_or_else(|| type_error(&format!("Workbench.{function}: call finish() first")))
    }
}

/// A file read, in the shape the page gets.
struct FileReadOut<'a>(&'a FileRead);

impl serde::Serialize for FileReadOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let f = self.0;
        let mut m = s.serialize_struct("FileRead", 6)?;
        m.serialize_field("name", &f.name)?;
        m.serialize_field("headers", &f.headers)?;
        m.serialize_field("header_row", &f.header_row)?;
        m.serialize_field("encoding", f.encoding.name())?;
        m.serialize_field(
            "columns",
            &serde_json::json!({ "code": f.columns.code, "name": f.columns.name, "group": f.columns.group }),
        )?;
        m.serialize_field("rows", &f.rows)?;
        m.end()
    }
}
