//! `uscc normalize`: a file written back with a cleaned code column beside
//! the original and a note of what changed, every row kept (ragged rows
//! too: a row short of the code column is padded to it).

use std::io::Write;
use std::path::Path;

use crate::cells::{Cell, TableBook, write_csv_row};
use crate::error::{InputError, OutputError};
use crate::files::AtomicFile;
use crate::sheet::is_xlsx;
use crate::table::Table;

/// Why normalizing stopped.
#[derive(Debug, thiserror::Error)]
pub enum NormalizeError {
    /// The input.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The output.
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// Where the rows go: CSV (a file gets a byte-order mark so that Excel
/// reads it as UTF-8; no field can start a formula) or an XLSX workbook,
/// every cell as text.
enum Sink<'a> {
    Csv(Box<csv::Writer<&'a mut dyn Write>>),
    Xlsx(Box<TableBook>),
}

/// The output's headers: the input's, with the cleaned column and the note
/// after the code column.
fn headers(table: &Table, code: usize) -> Vec<String> {
    let mut headers = table.headers.clone();
    let code_header = headers.get(code).cloned().unwrap_or_default();
    headers.insert((code + 1).min(headers.len()), format!("{code_header}_规范化"));
    headers.insert((code + 2).min(headers.len()), "规范化说明".to_owned());
    headers
}

/// Normalizes `table`'s column `code` into `out` (CSV), or into a workbook
/// saved at `xlsx`.
fn run(table: &mut Table, code: usize, mut sink: Sink<'_>, name: &Path) -> Result<Option<TableBook>, NormalizeError> {
    let werr = |e: &dyn std::fmt::Display| OutputError::new(name, format!("cannot write: {e}"));
    if let Sink::Csv(w) = &mut sink {
        write_csv_row(w, headers(table, code).iter().map(String::as_str)).map_err(|e| werr(&e))?;
    }
    let path = table.path.clone();
    let mut out_error = None;
    table.for_each(&mut |row, rec| {
        let text = csv::StringRecord::from_byte_record(rec.clone()).map_err(|e| {
            InputError::new(&path, "bytes not valid in UTF-8").at(Some(row), e.utf8_error().field().checked_add(1))
        })?;
        let mut fields: Vec<&str> = text.iter().collect();
        if fields.len() <= code {
            fields.resize(code + 1, "");
        }
        let n = uscc::normalize(fields[code]);
        let note: Vec<&str> = n.changes.codes().map(uscc::FindingCode::as_str).collect();
        let joined = note.join(" ");
        fields.insert(code + 1, &n.value);
        fields.insert(code + 2, &joined);
        let written = match &mut sink {
            Sink::Csv(w) => write_csv_row(w, fields.iter().copied()).map_err(|e| werr(&e)),
            Sink::Xlsx(book) => {
                let cells: Vec<Cell<'_>> = fields.iter().map(|f| Cell::Text(f)).collect();
                book.row(&cells).map_err(|e| werr(&e))
            }
        };
        match written {
            Ok(()) => Ok(true),
            Err(e) => {
                out_error = Some(e);
                Ok(false)
            }
        }
    })?;
    if let Some(e) = out_error {
        return Err(e.into());
    }
    match sink {
        Sink::Csv(mut w) => {
            w.flush().map_err(|e| werr(&e))?;
            Ok(None)
        }
        Sink::Xlsx(book) => Ok(Some(*book)),
    }
}

/// Normalizes `table`'s column `code` into the file `output` (XLSX for a
/// `.xlsx` name, else CSV with a BOM), written atomically.
pub fn normalize_to_file(table: &mut Table, code: usize, output: &Path) -> Result<(), NormalizeError> {
    if is_xlsx(output) {
        let headers = headers(table, code);
        let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
        let book = TableBook::new("规范化", &refs).map_err(|e| OutputError::new(output, e))?;
        if let Some(book) = run(table, code, Sink::Xlsx(Box::new(book)), output)? {
            book.save(output)?;
        }
        return Ok(());
    }
    let mut file = AtomicFile::create(output)?;
    file.write_all(b"\xEF\xBB\xBF").map_err(|e| OutputError::new(output, format!("cannot write: {e}")))?;
    run(table, code, Sink::Csv(Box::new(flexible(&mut file))), output)?;
    file.commit()?;
    Ok(())
}

/// Normalizes `table`'s column `code` as CSV into `out` (standard output).
pub fn normalize_to(table: &mut Table, code: usize, out: &mut dyn Write) -> Result<(), NormalizeError> {
    run(table, code, Sink::Csv(Box::new(flexible(out))), Path::new("standard output"))?;
    Ok(())
}

/// A CSV writer that takes rows of any length (ragged rows stay ragged).
fn flexible(out: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new().flexible(true).from_writer(out)
}
