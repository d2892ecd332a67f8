//! One `uscc check` job, as the command and the browser workbench both run
//! it: files read one after the other into one analysis (each row grouped
//! by its group column, or by its file's name without one), then the
//! outputs made from the finished analysis: the JSON document, the HTML
//! report, the correction sheet as XLSX or CSV bytes.

use std::path::Path;

use uscc::analysis::{Analysis, Analyzer, Options, Registry};
use uscc::publicity::Date;

use crate::columns::{ColumnSpecs, Columns, resolve};
use crate::decode::TextEncoding;
use crate::error::InputError;
use crate::ingest::{Input, Publicity, push_input};
use crate::publicity::{ColumnChecks, RoleColumns};
use crate::table::Table;
use crate::{json, report, sheet};

/// What reading one file found: its header row, its columns, its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRead {
    /// The file, as the outputs name it.
    pub name: String,
    /// The header row's cells.
    pub headers: Vec<String>,
    /// The header's row number.
    pub header_row: u64,
    /// The columns used.
    pub columns: Columns,
    /// The text encoding (UTF-8 for a workbook).
    pub encoding: TextEncoding,
    /// Data rows read.
    pub rows: u64,
}

/// Files read into one analysis.
pub struct Job {
    analyzer: Analyzer,
    files: Vec<String>,
    checks: ColumnChecks,
    /// The day dates are checked against (today unless set).
    today: Option<Date>,
}

impl Job {
    /// A job with these options.
    #[must_use]
    pub fn new(options: Options) -> Job {
        Job { analyzer: Analyzer::new(options), files: Vec::new(), checks: ColumnChecks::default(), today: None }
    }

    /// Cross-checks against a trusted registry of (code, name) pairs.
    #[must_use]
    pub fn with_registry(mut self, registry: Registry) -> Job {
        self.analyzer = self.analyzer.with_registry(registry);
        self
    }

    /// The columns an open table would be read by: the user's `specs`, else
    /// the headers departments use.
    pub fn columns(table: &Table, specs: &ColumnSpecs) -> Result<Columns, InputError> {
        resolve(table, specs)
    }

    /// Reads an open table into the analysis; `name` names the file in the
    /// outputs, its stem groups rows that have no group column; `size` is
    /// the file's size in bytes when known (0 if not), to size the tables.
    /// `progress` hears of each chunk's rows. A file with no data row is an
    /// error; a file that fails part way leaves its earlier rows in the
    /// analysis (the caller starts again without it).
    pub fn add(
        &mut self,
        name: &str,
        table: Table,
        specs: &ColumnSpecs,
        size: u64,
        progress: &mut dyn FnMut(u64),
    ) -> Result<FileRead, InputError> {
        let columns = resolve(&table, specs)?;
        let stem = file_stem(name);
        let (headers, header_row, encoding) = (table.headers.clone(), table.header_row, table.encoding);
        let size = if table.is_workbook() { 0 } else { size };
        let index = self.files.len();
        let roles = RoleColumns::find(&headers, &columns);
        if let Some(r) = &roles {
            self.checks.files.push((index, r.clone()));
        }
        let today = *self.today.get_or_insert_with(crate::dates::today);
        let publicity = roles.map(|columns| Publicity { checks: &mut self.checks, columns, today });
        let mut input = Input { table, columns: columns.clone(), index, size, default_group: Some(&stem), publicity };
        let rows = push_input(&mut input, &mut self.analyzer, progress)?;
        self.files.push(name.to_owned());
        Ok(FileRead { name: name.to_owned(), headers, header_row, columns, encoding, rows })
    }

    /// The files read so far, in order.
    #[must_use]
    pub fn files(&self) -> &[String] {
        &self.files
    }

    /// Finishes the analysis: 重码 and 错码 found, the summary counted.
    #[must_use]
    pub fn finish(self) -> Done {
        let (mut checks, analyzer) = (self.checks, self.analyzer);
        // The checks across rows (mostly one thread) beside the analysis's
        // last steps.
        let ((), analysis) = crate::publicity::join(|| checks.finish(), || analyzer.finish());
        let columns = (!checks.files.is_empty()).then_some(checks);
        Done { analysis, files: self.files, columns }
    }

    /// Checks dates against this day rather than today: for data sets as
    /// of a day, and where the clock is not the system's (a browser).
    #[must_use]
    pub fn as_of(mut self, day: Date) -> Job {
        self.today = Some(day);
        self
    }
}

/// A finished job and what it writes.
pub struct Done {
    /// The analysis.
    pub analysis: Analysis,
    /// The files read, in order.
    pub files: Vec<String>,
    /// The 双公示 column checks, when a file had such columns.
    pub columns: Option<ColumnChecks>,
}

impl Done {
    /// The full result as `uscc check --json` prints it (docs/cli-json.md).
    #[must_use]
    pub fn json(&self) -> serde_json::Value {
        let mut v = json::to_json(&self.analysis, &self.files);
        if let Some(c) = &self.columns {
            v["columns"] = json::columns(c, &self.files);
        }
        v
    }

    /// The HTML report, as `uscc check --report` writes it.
    #[must_use]
    pub fn report(&self) -> String {
        report::report(&self.analysis, self.columns.as_ref(), &self.files, None)
    }

    /// The correction sheet as an XLSX workbook's bytes, as `uscc check
    /// --fixes x.xlsx` writes it.
    pub fn fixes_xlsx(&self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        self.sheet(None).book()?.to_bytes()
    }

    /// The correction sheet, with `extra` after its own columns.
    #[must_use]
    pub fn sheet<'a>(&'a self, extra: Option<&'a sheet::Extra<'a>>) -> sheet::FixSheet<'a> {
        sheet::FixSheet { fixes: self.analysis.fixes(), columns: self.columns.as_ref(), files: &self.files, extra }
    }

    /// The correction sheet as CSV bytes (UTF-8 with a BOM), as `uscc check
    /// --fixes x.csv` writes it.
    #[must_use]
    pub fn fixes_csv(&self) -> Vec<u8> {
        let mut out = Vec::new();
        // Writing into memory cannot fail.
        let _ = self.sheet(None).write_csv(&mut out);
        out
    }
}

/// A file name's stem: the group of its rows when it has no group column.
fn file_stem(name: &str) -> String {
    Path::new(name).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;
    use crate::table::ReadOptions;

    fn table(name: &str, text: &str) -> Table {
        Table::from_source(Path::new(name), Box::new(Cursor::new(text.as_bytes().to_vec())), ReadOptions::default())
            .unwrap()
    }

    #[test]
    fn files_are_grouped_by_their_stem_without_a_group_column() {
        let mut job = Job::new(Options::default());
        let specs = ColumnSpecs::default();
        let a = job.add(
            "dir/税务局.csv",
            table("税务局.csv", "统一社会信用代码\n91350100M000100Y43\n"),
            &specs,
            0,
            &mut |_| {},
        );
        assert_eq!(a.unwrap().rows, 1);
        let b =
            job.add("住建局.csv", table("住建局.csv", "统一社会信用代码,名称\n无,甲\nx,乙\n"), &specs, 0, &mut |_| {});
        let b = b.unwrap();
        assert_eq!((b.rows, b.columns.name, b.header_row), (2, Some(1), 1));
        let done = job.finish();
        let groups: Vec<_> = done.analysis.summary.groups.iter().map(|g| g.group.clone().unwrap_or_default()).collect();
        assert_eq!(groups, ["住建局", "税务局"]);
        let json = done.json();
        assert_eq!(json["files"], serde_json::json!(["dir/税务局.csv", "住建局.csv"]));
        assert!(done.report().contains("住建局"));
        assert!(done.fixes_xlsx().unwrap().starts_with(b"PK\x03\x04"));
        assert!(done.fixes_csv().starts_with("\u{FEFF}文件,行号".as_bytes()));
    }

    #[test]
    fn a_file_without_data_rows_is_an_error() {
        let mut job = Job::new(Options::default());
        let e = job.add("a.csv", table("a.csv", "统一社会信用代码\n"), &ColumnSpecs::default(), 0, &mut |_| {});
        assert!(e.unwrap_err().to_string().contains("no data rows"));
        assert!(job.files().is_empty());
    }
}
