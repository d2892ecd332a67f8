//! Cells for spreadsheets: CSV fields that cannot start a formula, and an
//! XLSX writer that keeps within Excel's limits (a cell over 32,767
//! characters is cut with a marker; past 1,048,576 rows the rows continue
//! on another worksheet, under the same header).

use std::borrow::Cow;
use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::error::OutputError;
use crate::files::AtomicFile;

/// A CSV field that a spreadsheet program will not read as a formula: a
/// field starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets
/// a leading `'` (OWASP's advice on CSV injection). JSON keeps raw values.
#[must_use]
pub fn csv_safe(field: &str) -> Cow<'_, str> {
    match field.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{field}").into(),
        _ => field.into(),
    }
}

/// Writes a CSV row, each field through [`csv_safe`].
pub fn write_csv_row<'a, W: std::io::Write>(
    w: &mut csv::Writer<W>,
    fields: impl IntoIterator<Item = &'a str>,
) -> csv::Result<()> {
    for f in fields {
        w.write_field(csv_safe(f).as_bytes())?;
    }
    w.write_record(None::<&[u8]>)
}

/// The most characters an XLSX cell holds.
pub const MAX_CELL_CHARS: usize = 32_767;
/// The most rows of an XLSX worksheet.
pub const MAX_SHEET_ROWS: u32 = 1_048_576;

/// What a cut cell ends with.
const CUT: &str = "…[截断]";

/// A cell's text within Excel's limit.
fn fit_cell(text: &str) -> Cow<'_, str> {
    if text.len() <= MAX_CELL_CHARS {
        return text.into();
    }
    // Excel counts UTF-16 units.
    let mut units = 0;
    let keep = MAX_CELL_CHARS - CUT.encode_utf16().count();
    let mut end = 0;
    for (i, c) in text.char_indices() {
        units += c.len_utf16();
        if units > MAX_CELL_CHARS {
            break;
        }
        if units <= keep {
            end = i + c.len_utf8();
        }
    }
    if units <= MAX_CELL_CHARS {
        return text.into();
    }
    format!("{}{CUT}", &text[..end]).into()
}

/// One cell's value.
pub enum Cell<'a> {
    /// Text (never a formula).
    Text(&'a str),
    /// A number.
    Number(f64),
    /// Nothing.
    Empty,
}

/// An XLSX workbook of one table, over as many worksheets as its rows need.
pub struct TableBook {
    book: Workbook,
    name: String,
    headers: Vec<String>,
    bold: Format,
    sheets: u32,
    row: u32,
    /// Rows per worksheet, the header included.
    limit: u32,
}

impl TableBook {
    /// A workbook whose first worksheet is `name`, with `headers` in bold.
    pub fn new(name: &str, headers: &[&str]) -> Result<TableBook, XlsxError> {
        let mut t = TableBook {
            book: Workbook::new(),
            name: name.to_owned(),
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            bold: Format::new().set_bold(),
            sheets: 0,
            row: 0,
            limit: MAX_SHEET_ROWS,
        };
        t.next_sheet()?;
        Ok(t)
    }

    fn next_sheet(&mut self) -> Result<(), XlsxError> {
        self.sheets += 1;
        let name = if self.sheets == 1 { self.name.clone() } else { format!("{} ({})", self.name, self.sheets) };
        let sheet = self.book.add_worksheet();
        sheet.set_name(&name)?;
        for (c, h) in self.headers.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, h, &self.bold)?;
        }
        if !self.headers.is_empty() {
            sheet.set_freeze_panes(1, 0)?;
        }
        self.row = u32::from(!self.headers.is_empty());
        Ok(())
    }

    fn sheet(&mut self) -> Result<&mut Worksheet, XlsxError> {
        self.book.worksheet_from_index(self.sheets as usize - 1)
    }

    /// Adds a row (columns past 16,384 are dropped: no spreadsheet shows them).
    pub fn row(&mut self, cells: &[Cell<'_>]) -> Result<(), XlsxError> {
        if self.row >= self.limit {
            self.next_sheet()?;
        }
        let row = self.row;
        let sheet = self.sheet()?;
        for (c, cell) in cells.iter().enumerate().take(16_384) {
            match cell {
                Cell::Text(t) if !t.is_empty() => {
                    sheet.write_string(row, c as u16, fit_cell(t))?;
                }
                Cell::Number(n) => {
                    sheet.write_number(row, c as u16, *n)?;
                }
                _ => {}
            }
        }
        self.row += 1;
        Ok(())
    }

    /// A worksheet of notes (a legend) after the table's.
    pub fn notes(&mut self, name: &str, lines: &[[&str; 2]]) -> Result<(), XlsxError> {
        let sheet = self.book.add_worksheet();
        sheet.set_name(name)?;
        for (r, [a, b]) in lines.iter().enumerate() {
            sheet.write_string(r as u32, 0, *a)?;
            sheet.write_string(r as u32, 1, *b)?;
        }
        sheet.set_column_width(1, 60)?;
        Ok(())
    }

    /// The first worksheet's columns fitted to their text.
    fn fit(&mut self) {
        if let Ok(sheet) = self.book.worksheet_from_index(0) {
            sheet.set_autofit_max_width(400).autofit();
        }
    }

    /// The workbook's bytes (for a download in the browser).
    pub fn to_bytes(mut self) -> Result<Vec<u8>, XlsxError> {
        self.fit();
        self.book.save_to_buffer()
    }

    /// Saves the workbook at `path`, atomically.
    pub fn save(mut self, path: &Path) -> Result<(), OutputError> {
        self.fit();
        let file = AtomicFile::create(path)?;
        self.book.save(file.temp_path()).map_err(|e| OutputError::new(path, format!("cannot write: {e}")))?;
        file.commit_saved()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        for f in ["=HYPERLINK(\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1"] {
            assert!(csv_safe(f).starts_with('\''), "{f:?}");
        }
        assert_eq!(csv_safe("914403001922038216"), "914403001922038216");
        assert_eq!(csv_safe("华为"), "华为");
        assert_eq!(csv_safe(""), "");
    }

    #[test]
    fn rows_past_a_sheets_last_go_on_another_sheet() {
        use calamine::Reader;
        let mut book = TableBook::new("表", &["a"]).unwrap();
        book.limit = 3;
        for i in 0..7 {
            book.row(&[Cell::Text(&i.to_string())]).unwrap();
        }
        let path = std::env::temp_dir().join(format!("uscc-io-sheets-{}.xlsx", std::process::id()));
        book.save(&path).unwrap();
        let mut back: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
        assert_eq!(back.sheet_names(), ["表", "表 (2)", "表 (3)", "表 (4)"]);
        let mut values = Vec::new();
        for name in back.sheet_names() {
            let range = back.worksheet_range(&name).unwrap();
            assert_eq!(
                range.get_value((0, 0)).map(ToString::to_string).as_deref(),
                Some("a"),
                "each sheet has the header"
            );
            values.extend(range.rows().skip(1).map(|r| r[0].to_string()));
        }
        assert_eq!(values, ["0", "1", "2", "3", "4", "5", "6"]);
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    fn long_cells_are_cut() {
        let long = "甲".repeat(40_000);
        let cut = fit_cell(&long);
        assert!(cut.ends_with(CUT));
        assert!(cut.encode_utf16().count() <= MAX_CELL_CHARS);
        assert_eq!(fit_cell("short"), "short");
    }
}
