//! The still-open codes of a comparison as a sheet (`uscc history --compare
//! --out`): CSV (UTF-8 with a BOM; no field can start a formula) or XLSX.

use std::path::Path;

use uscc::FindingCode;
use uscc::analysis::RowClass;

use super::compare::OpenCode;
use crate::cells::{Cell, TableBook, write_csv_row};
use crate::error::OutputError;
use crate::files::write_file;
use crate::sheet::is_xlsx;

/// The sheet's headers: for people first, then the codes for programs.
pub const OPEN_HEADERS: [&str; 9] =
    ["代码", "问题", "错误明细", "分组", "名称", "连续未改正次数", "始于", "问题代码", "错误代码"];

/// The column written as a number in a workbook.
const RUNS: usize = 5;

/// One still-open code's cells, in the order of [`OPEN_HEADERS`].
fn fields(o: &OpenCode) -> [String; 9] {
    let c = &o.code;
    let class: String = match RowClass::ALL.into_iter().find(|k| k.as_str() == c.class) {
        Some(k) => k.name_zh().to_owned(),
        None => c.class.clone(),
    };
    let errors: Vec<String> = c
        .errors
        .iter()
        .map(|e| e.parse::<FindingCode>().map_or_else(|_| e.clone(), |f| f.title_zh().to_owned()))
        .collect();
    [
        c.value.clone(),
        class,
        errors.join("；"),
        c.groups.join("；"),
        c.names.join("；"),
        o.runs.to_string(),
        o.since.clone(),
        c.class.clone(),
        c.errors.join(" "),
    ]
}

/// Writes the still-open codes, as XLSX when the path ends in `.xlsx`, else
/// as CSV; atomically either way.
pub fn write_open_codes(path: &Path, open: &[OpenCode]) -> Result<(), OutputError> {
    if is_xlsx(path) {
        let err = |e: rust_xlsxwriter::XlsxError| OutputError::new(path, e);
        let mut book = TableBook::new("仍未改正", &OPEN_HEADERS).map_err(err)?;
        for o in open {
            let f = fields(o);
            let cells: Vec<Cell<'_>> = f
                .iter()
                .enumerate()
                .map(|(i, v)| if i == RUNS { Cell::Number(f64::from(o.runs)) } else { Cell::Text(v) })
                .collect();
            book.row(&cells).map_err(err)?;
        }
        book.save(path)
    } else {
        write_file(path, |out| {
            out.write_all(b"\xEF\xBB\xBF")?;
            let mut w = csv::Writer::from_writer(out);
            w.write_record(OPEN_HEADERS)?;
            for o in open {
                write_csv_row(&mut w, fields(o).iter().map(String::as_str))?;
            }
            w.flush()
        })
    }
}
