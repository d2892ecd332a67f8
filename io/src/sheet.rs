//! The correction sheet: one line per problem of a (code, name, group), as
//! CSV (UTF-8 with a BOM, which Excel opens right; no field can start a
//! formula) or as an XLSX workbook.

use std::io::Write;
use std::path::Path;

use uscc::analysis::Fix;

use crate::cells::{Cell, TableBook, write_csv_row};
use crate::error::OutputError;
use crate::files::write_file;
use crate::ingest::split_row_id;

/// The file and row of a fix's row id.
#[must_use]
pub fn place(row: u64, files: &[String]) -> (String, u64) {
    let (file, row) = split_row_id(row);
    (files.get(file).cloned().unwrap_or_default(), row)
}

/// The sheet's headers.
pub const FIX_HEADERS: [&str; 12] = [
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
    "处理标志",
];

/// Columns written as numbers in a workbook: row, rows and the action flag.
const NUMERIC: [usize; 3] = [1, 2, 11];

fn fix_fields(f: &Fix, files: &[String]) -> [String; 12] {
    let (file, row) = place(f.row, files);
    [
        file,
        row.to_string(),
        f.rows.to_string(),
        f.original.clone(),
        f.value.clone(),
        f.name.clone().unwrap_or_default(),
        f.group.clone().unwrap_or_default(),
        format!("{} {}", f.problem.name_zh(), f.problem.as_str()),
        f.findings.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(" "),
        f.correction.as_ref().map(|c| c.code.clone()).unwrap_or_default(),
        f.correction.as_ref().map(|c| c.evidence.describe_zh()).unwrap_or_default(),
        f.action.map(|a| a.flag().to_string()).unwrap_or_default(),
    ]
}

/// Writes the correction sheet as CSV.
pub fn write_fixes_csv(out: &mut dyn Write, fixes: &[Fix], inputs: &[String]) -> std::io::Result<()> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record(FIX_HEADERS)?;
    for f in fixes {
        write_csv_row(&mut w, fix_fields(f, inputs).iter().map(String::as_str))?;
    }
    w.flush()
}

/// The correction sheet as an XLSX workbook.
pub fn fixes_book(fixes: &[Fix], inputs: &[String]) -> Result<TableBook, rust_xlsxwriter::XlsxError> {
    let mut book = TableBook::new("更正表", &FIX_HEADERS)?;
    for f in fixes {
        let fields = fix_fields(f, inputs);
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
    Ok(book)
}

/// Whether a path asks for a workbook.
#[must_use]
pub fn is_xlsx(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// Writes the correction sheet, as XLSX when the path ends in `.xlsx`,
/// else as CSV; atomically either way.
pub fn write_fixes(path: &Path, fixes: &[Fix], inputs: &[String]) -> Result<(), OutputError> {
    if is_xlsx(path) {
        fixes_book(fixes, inputs).map_err(|e| OutputError::new(path, e))?.save(path)
    } else {
        write_file(path, |w| write_fixes_csv(w, fixes, inputs))
    }
}
