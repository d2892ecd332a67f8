//! The correction sheet: one line per problem of a (code, name, group), as
//! CSV (UTF-8 with a BOM, which Excel opens right; no field can start a
//! formula) or as an XLSX workbook.

use std::io::Write;
use std::path::Path;

use uscc::FindingCode;
use uscc::analysis::{Fix, RowClass};

use crate::cells::{Cell, TableBook, write_csv_row};
use crate::error::OutputError;
use crate::files::write_file;
use crate::ingest::split_row_id;
use crate::publicity::{ColumnChecks, RowFinding};
use uscc::publicity::Check;

/// The file and row of a fix's row id.
#[must_use]
pub fn place(row: u64, files: &[String]) -> (String, u64) {
    let (file, row) = split_row_id(row);
    (files.get(file).cloned().unwrap_or_default(), row)
}

/// Where a row is, in Chinese: its row number, after its file's name when
/// the run read several files.
#[must_use]
pub fn place_zh(row: u64, files: &[String]) -> String {
    let (file, row) = place(row, files);
    if files.len() > 1 { format!("{file} 第{row}行") } else { format!("第{row}行") }
}

/// The sheet's headers: for people first, then the same facts as codes for
/// programs. The action flag's header carries its legend, so that a CSV
/// says it too.
pub const FIX_HEADERS: [&str; 14] = [
    "文件",
    "行号",
    "行数",
    "原代码",
    "规范化代码",
    "名称",
    "分组",
    "问题",
    "错误明细",
    "建议代码",
    "依据",
    "处理标志(0=赋予新码/更正,1=删除,2=保留)",
    "问题代码",
    "错误代码",
];

/// The legend of the workbook's second worksheet.
const LEGEND: [[&str; 2]; 10] = [
    ["处理标志", "仅在证据支持时填写"],
    ["0", "赋予新码/更正：按“建议代码”更正该记录的代码"],
    ["1", "删除：删除该记录"],
    ["2", "保留：保留该记录的代码"],
    ["行号", "该行在文件中的行号（表头为第1行，与表格软件所示一致）"],
    ["行数", "代码、名称、分组都相同的行数（本行为其中第一行）"],
    ["原代码", "该行代码的原样（未经清洗）"],
    ["规范化代码", "清洗（全角、空格、大小写等）后的代码"],
    ["问题代码", "“问题”的英文代码，供程序使用"],
    ["错误代码", "“错误明细”的英文代码，供程序使用（见 docs/findings.md）"],
];

/// Columns written as numbers in a workbook: row, rows and the action flag
/// (an extra column is text).
const NUMERIC: [usize; 3] = [1, 2, 11];

/// One line of the sheet, from whatever holds it (the analysis's `Fix`, a
/// DataFrame's columns): the facts, which the sheet writes in its columns.
pub struct Line<'a> {
    /// The file (empty for data held in memory).
    pub file: &'a str,
    /// The row, as the data labels it.
    pub row: String,
    /// Rows sharing the line's code, name and group.
    pub rows: u64,
    /// The value as the row had it.
    pub original: &'a str,
    /// The normalized value.
    pub value: &'a str,
    /// The name.
    pub name: Option<&'a str>,
    /// The group.
    pub group: Option<&'a str>,
    /// The problem.
    pub problem: RowClass,
    /// The error findings.
    pub findings: &'a [FindingCode],
    /// The suggested code.
    pub correction: Option<&'a str>,
    /// Why, in Chinese.
    pub evidence: Option<String>,
    /// The action flag.
    pub action: Option<u8>,
}

impl Line<'_> {
    /// The line's cells, in the order of [`FIX_HEADERS`].
    #[must_use]
    pub fn fields(&self) -> [String; 14] {
        [
            self.file.to_owned(),
            self.row.clone(),
            self.rows.to_string(),
            self.original.to_owned(),
            self.value.to_owned(),
            self.name.unwrap_or_default().to_owned(),
            self.group.unwrap_or_default().to_owned(),
            self.problem.name_zh().to_owned(),
            self.findings.iter().map(|c| c.title_zh()).collect::<Vec<_>>().join("；"),
            self.correction.unwrap_or_default().to_owned(),
            self.evidence.clone().unwrap_or_default(),
            self.action.map(|a| a.to_string()).unwrap_or_default(),
            self.problem.as_str().to_owned(),
            self.findings.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(" "),
        ]
    }
}

fn fix_fields(f: &Fix, files: &[String]) -> [String; 14] {
    let (file, row) = place(f.row, files);
    Line {
        file: &file,
        row: row.to_string(),
        rows: f.rows,
        original: &f.original,
        value: &f.value,
        name: f.name.as_deref(),
        group: f.group.as_deref(),
        problem: f.problem,
        findings: &f.findings,
        correction: f.correction.as_ref().map(|c| c.code.as_str()),
        evidence: f.correction.as_ref().map(|c| c.evidence.describe_zh_with(&|r| place_zh(r, files))),
        action: f.action.map(uscc::analysis::Action::flag),
    }
    .fields()
}

/// A column added after the sheet's own, such as the run history's.
pub struct Extra<'a> {
    /// Its header.
    pub header: &'a str,
    /// Its cell for a line.
    pub cell: &'a dyn Fn(&Fix) -> String,
}

/// The header of the run history's column.
pub const HISTORY_HEADER: &str = "历史(新增/连续未改正次数)";

/// Writes rows under headers as CSV.
fn write_rows_csv(
    out: &mut dyn Write,
    headers: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> std::io::Result<()> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record(headers)?;
    for fields in rows {
        write_csv_row(&mut w, fields.iter().map(String::as_str))?;
    }
    w.flush()
}

/// Writes a sheet's lines as CSV.
pub fn write_lines_csv(out: &mut dyn Write, lines: impl Iterator<Item = [String; 14]>) -> std::io::Result<()> {
    write_rows_csv(out, &FIX_HEADERS, lines.map(Vec::from))
}

/// Rows under headers as an XLSX workbook, with the legend's lines.
fn rows_book(
    headers: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
    legend: &[[&str; 2]],
) -> Result<TableBook, rust_xlsxwriter::XlsxError> {
    let mut book = TableBook::new("更正表", headers)?;
    for fields in rows {
        let cells: Vec<Cell<'_>> = fields
            .iter()
            .enumerate()
            .map(|(c, v)| match v.parse::<f64>() {
                // Row numbers, counts and the action flag as numbers; codes stay text.
                Ok(n) if NUMERIC.contains(&c) => Cell::Number(n),
                _ => Cell::Text(v),
            })
            .collect();
        book.row(&cells)?;
    }
    book.notes("说明", legend)?;
    Ok(book)
}

/// A sheet's lines as an XLSX workbook.
pub fn lines_book(lines: impl Iterator<Item = [String; 14]>) -> Result<TableBook, rust_xlsxwriter::XlsxError> {
    rows_book(&FIX_HEADERS, lines.map(Vec::from), &LEGEND)
}

/// Writes rows under headers, as XLSX when the path ends in `.xlsx`, else
/// as CSV; atomically either way.
fn write_rows(
    path: &Path,
    headers: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
    legend: &[[&str; 2]],
) -> Result<(), OutputError> {
    if is_xlsx(path) {
        rows_book(headers, rows, legend).map_err(|e| OutputError::new(path, e))?.save(path)
    } else {
        write_file(path, |w| write_rows_csv(w, headers, rows))
    }
}

/// Writes a sheet's lines, as XLSX when the path ends in `.xlsx`, else as
/// CSV; atomically either way. With `columns` (data with 双公示 columns),
/// the column findings' lines follow, and every line has a cell for
/// [`COLUMN_HEADER`].
pub fn write_lines(
    path: &Path,
    lines: impl Iterator<Item = [String; 14]>,
    columns: Option<Vec<Vec<String>>>,
) -> Result<(), OutputError> {
    let with_column = columns.is_some();
    let rows = lines
        .map(move |l| {
            let mut v = Vec::from(l);
            v.extend(with_column.then(String::new));
            v
        })
        .chain(columns.into_iter().flatten());
    write_rows(path, &headers(with_column, None), rows, &legend(with_column))
}

/// A sheet's headers: [`FIX_HEADERS`], then [`COLUMN_HEADER`] for data
/// with 双公示 columns, then an extra column's.
fn headers(with_column: bool, extra: Option<&str>) -> Vec<&str> {
    let mut h = FIX_HEADERS.to_vec();
    h.extend(with_column.then_some(COLUMN_HEADER));
    h.extend(extra);
    h
}

/// A sheet's legend, with [`COLUMN_HEADER`]'s line for data with 双公示 columns.
fn legend(with_column: bool) -> Vec<[&'static str; 2]> {
    let mut l = LEGEND.to_vec();
    l.extend(with_column.then_some(COLUMN_LEGEND));
    l
}

/// Whether a path asks for a workbook.
#[must_use]
pub fn is_xlsx(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// The header of the column naming a 双公示 finding's column.
pub const COLUMN_HEADER: &str = "字段";

/// The legend's line for [`COLUMN_HEADER`].
const COLUMN_LEGEND: [&str; 2] = [
    COLUMN_HEADER,
    "双公示字段问题所在的列（表头）。这些行的“原代码”为该列原值（证件号码已脱敏），“建议代码”为建议填写的值，“依据”为应有的值及相关行",
];

/// A line of a 双公示 column finding, from whatever holds it (the job's
/// `RowFinding`, a DataFrame's columns).
pub struct ColumnLine<'a> {
    /// The file (empty for data held in memory).
    pub file: &'a str,
    /// The row, as the data labels it.
    pub row: String,
    /// The column's header.
    pub header: &'a str,
    /// The cell as it was (an identity number masked).
    pub value: &'a str,
    /// The row's subject.
    pub name: Option<&'a str>,
    /// The row's group.
    pub group: Option<&'a str>,
    /// What was found.
    pub check: Check,
    /// The value the column should hold, when known.
    pub suggestion: Option<&'a str>,
    /// What was expected, and the rows that show it.
    pub why: String,
}

impl ColumnLine<'_> {
    /// The line's cells: those of [`FIX_HEADERS`], then [`COLUMN_HEADER`]'s.
    #[must_use]
    pub fn fields(&self) -> Vec<String> {
        let error = self.check.severity() == uscc::Severity::Error;
        vec![
            self.file.to_owned(),
            self.row.clone(),
            "1".to_owned(),
            self.value.to_owned(),
            String::new(),
            self.name.unwrap_or_default().to_owned(),
            self.group.unwrap_or_default().to_owned(),
            if error { "字段错误" } else { "字段提示" }.to_owned(),
            self.check.message_zh().to_owned(),
            self.suggestion.unwrap_or_default().to_owned(),
            self.why.clone(),
            String::new(),
            if error { "column_error" } else { "column_warning" }.to_owned(),
            self.check.as_str().to_owned(),
            self.header.to_owned(),
        ]
    }
}

/// A 双公示 column finding's line of a job's sheet.
fn column_fields(f: &RowFinding, files: &[String]) -> Vec<String> {
    let (file, row) = place(f.row, files);
    ColumnLine {
        file: &file,
        row: row.to_string(),
        header: &f.header,
        value: &f.value,
        name: f.name.as_deref(),
        group: f.group.as_deref(),
        check: f.finding.check,
        suggestion: f.finding.suggestion.as_deref(),
        why: f.why_zh(files),
    }
    .fields()
}

/// The correction sheet of a run: a line per problem of a (code, name,
/// group), then, for 双公示 files, a line per column finding with its
/// column's header; then any extra column.
pub struct FixSheet<'a> {
    /// The analysis's lines.
    pub fixes: &'a [Fix],
    /// The 双公示 column checks, when a file had such columns.
    pub columns: Option<&'a ColumnChecks>,
    /// The files read, in order.
    pub files: &'a [String],
    /// A column after the sheet's own, such as the run history's.
    pub extra: Option<&'a Extra<'a>>,
}

impl FixSheet<'_> {
    /// The sheet's headers.
    #[must_use]
    pub fn headers(&self) -> Vec<&str> {
        headers(self.columns.is_some(), self.extra.map(|e| e.header))
    }

    /// The sheet's rows, each with a cell per header.
    pub fn rows(&self) -> impl Iterator<Item = Vec<String>> + '_ {
        let with_column = self.columns.is_some();
        let fixes = self.fixes.iter().map(move |f| {
            let mut fields = Vec::from(fix_fields(f, self.files));
            if with_column {
                fields.push(String::new());
            }
            fields.extend(self.extra.map(|e| (e.cell)(f)));
            fields
        });
        let findings = self.columns.into_iter().flat_map(|c| &c.findings).map(|f| {
            let mut fields = column_fields(f, self.files);
            fields.extend(self.extra.map(|_| String::new()));
            fields
        });
        fixes.chain(findings)
    }

    /// The sheet as CSV.
    pub fn write_csv(&self, out: &mut dyn Write) -> std::io::Result<()> {
        write_rows_csv(out, &self.headers(), self.rows())
    }

    /// The sheet as an XLSX workbook.
    pub fn book(&self) -> Result<TableBook, rust_xlsxwriter::XlsxError> {
        rows_book(&self.headers(), self.rows(), &legend(self.columns.is_some()))
    }

    /// Writes the sheet, as XLSX when the path ends in `.xlsx`, else as
    /// CSV; atomically either way.
    pub fn write(&self, path: &Path) -> Result<(), OutputError> {
        write_rows(path, &self.headers(), self.rows(), &legend(self.columns.is_some()))
    }
}
