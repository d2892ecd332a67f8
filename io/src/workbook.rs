//! Reading the first worksheet of a workbook, streamed: XLSX cells are read
//! from the sheet's XML as they come (calamine's cell reader), never as a
//! dense range sized by references read from the file.
//!
//! Limits, each refused with a clear error naming the file: a part of the
//! ZIP archive that expands past [`MAX_PART_BYTES`]; a shared-string count
//! that the part's size cannot hold; a cell past Excel's last row or column.
//! Blank sheet rows are skipped, as blank CSV lines are.

use std::io::{Read, Seek};
use std::path::Path;

use calamine::{Data, DataRef, Reader};

use crate::error::InputError;

/// Excel's last row (1-based).
pub const MAX_ROWS: u32 = 1_048_576;
/// Excel's last column (1-based).
pub const MAX_COLUMNS: u32 = 16_384;
/// The largest part of an XLSX archive read, uncompressed.
pub const MAX_PART_BYTES: u64 = 1 << 30;

/// A byte source a workbook can be read from.
pub trait Source: Read + Seek + Send {}
impl<T: Read + Seek + Send> Source for T {}

type Src = Box<dyn Source>;

/// An open workbook.
pub(crate) enum Book {
    Xlsx(Box<calamine::Xlsx<Src>>, String),
    /// XLS or ODS: read as a range (their formats bound its size: an XLS
    /// sheet has at most 65,536 rows and 256 columns).
    Range(calamine::Range<Data>),
}

/// Where a row ends the reading: `Ok(true)` for more.
pub(crate) type RowSink<'a> = dyn FnMut(u64, &[String]) -> Result<bool, InputError> + 'a;

/// Whether the bytes are an encrypted Office document (a compound file
/// holding an `EncryptedPackage` stream) rather than an old XLS workbook.
fn is_encrypted(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
    memchr::memmem::find(bytes, &name).is_some()
}

impl Book {
    /// Opens a workbook from its bytes' source; `ext` is the file's
    /// extension (lower case).
    pub(crate) fn open(path: &Path, mut src: Src, ext: &str) -> Result<Book, InputError> {
        let err = |m: String| InputError::new(path, m);
        let mut head = [0u8; 8];
        let n = src.read(&mut head).map_err(|e| err(format!("cannot read: {e}")))?;
        src.rewind().map_err(|e| err(format!("cannot read: {e}")))?;
        let head = &head[..n];
        if head.starts_with(b"\xD0\xCF\x11\xE0") {
            let mut all = Vec::new();
            src.read_to_end(&mut all).map_err(|e| err(format!("cannot read: {e}")))?;
            if is_encrypted(&all) {
                return Err(err(
                    "the workbook is encrypted (password-protected): save a copy without a password".into()
                ));
            }
            // An Excel 97-2003 workbook, whatever its name says.
            let mut book: calamine::Xls<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(all))
                .map_err(|e| err(format!("cannot read the Excel 97-2003 (.xls) workbook: {e}")))?;
            return first_range(path, &mut book).map(Book::Range);
        }
        if !head.starts_with(b"PK\x03\x04") {
            return Err(err(format!(
                "not a workbook (an .{ext} file should be a ZIP archive): save it as XLSX or CSV"
            )));
        }
        check_archive(path, &mut src)?;
        if ext == "ods" {
            let mut book: calamine::Ods<Src> =
                calamine::open_workbook_from_rs(src).map_err(|e| err(format!("cannot read the workbook: {e}")))?;
            return first_range(path, &mut book).map(Book::Range);
        }
        let book: calamine::Xlsx<Src> =
            calamine::open_workbook_from_rs(src).map_err(|e| err(format!("cannot read the workbook: {e}")))?;
        let name = book.sheet_names().first().cloned().ok_or_else(|| err("the workbook has no worksheet".into()))?;
        Ok(Book::Xlsx(Box::new(book), name))
    }

    /// Gives each non-blank row of the first sheet to `sink` with its row
    /// number (1-based), until `sink` says stop.
    pub(crate) fn rows(&mut self, path: &Path, sink: &mut RowSink<'_>) -> Result<(), InputError> {
        match self {
            Book::Range(range) => {
                let first = range.start().map_or(0, |(r, _)| u64::from(r));
                for (i, cells) in range.rows().enumerate() {
                    let texts: Vec<String> = cells.iter().map(data_text).collect();
                    if texts.iter().any(|t| !t.is_empty()) && !sink(first + i as u64 + 1, &texts)? {
                        break;
                    }
                }
                Ok(())
            }
            Book::Xlsx(book, name) => stream_xlsx(path, book, name, sink),
        }
    }
}

fn first_range<R: Reader<Src2>, Src2: Read + Seek>(
    path: &Path,
    book: &mut R,
) -> Result<calamine::Range<Data>, InputError>
where
    R::Error: std::fmt::Display,
{
    book.worksheet_range_at(0)
        .ok_or_else(|| InputError::new(path, "the workbook has no worksheet"))?
        .map_err(|e| InputError::new(path, format!("cannot read the first worksheet: {e}")))
}

/// Refuses an archive with a part that expands past [`MAX_PART_BYTES`], or
/// whose shared-string table announces more strings than its size holds
/// (the count is used to reserve memory before any string is read).
fn check_archive(path: &Path, src: &mut Src) -> Result<(), InputError> {
    let err = |m: String| InputError::new(path, m);
    let mut zip = zip::ZipArchive::new(&mut *src).map_err(|e| err(format!("cannot read the workbook: {e}")))?;
    for i in 0..zip.len() {
        let part = zip.by_index_raw(i).map_err(|e| err(format!("cannot read the workbook: {e}")))?;
        if part.size() > MAX_PART_BYTES {
            return Err(err(format!(
                "the workbook's part {:?} expands to {} MB, more than the {} MB read: split the data or save it as CSV",
                crate::error::clip(&part.name().map(std::borrow::Cow::into_owned).unwrap_or_default(), 60),
                part.size() >> 20,
                MAX_PART_BYTES >> 20
            )));
        }
    }
    if let Ok(part) = zip.by_name("xl/sharedStrings.xml") {
        let size = part.size();
        let mut head = Vec::with_capacity(4096);
        part.take(4096).read_to_end(&mut head).map_err(|e| err(format!("cannot read the workbook: {e}")))?;
        if let Some(count) = attribute(&head, b"uniqueCount=\"")
            && count > size / 12 + 1
        {
            return Err(err(format!(
                "the workbook announces {count} shared strings in {size} bytes: it is damaged or crafted"
            )));
        }
    }
    drop(zip);
    src.rewind().map_err(|e| err(format!("cannot read: {e}")))?;
    Ok(())
}

/// The number in `name"…"` (`name` includes the opening quote).
fn attribute(xml: &[u8], name: &[u8]) -> Option<u64> {
    let at = memchr::memmem::find(xml, name)? + name.len();
    let digits: Vec<u8> = xml[at..].iter().copied().take_while(u8::is_ascii_digit).collect();
    std::str::from_utf8(&digits).ok()?.parse().ok()
}

fn stream_xlsx(
    path: &Path,
    book: &mut calamine::Xlsx<Src>,
    name: &str,
    sink: &mut RowSink<'_>,
) -> Result<(), InputError> {
    let err = |m: String| InputError::new(path, m);
    let mut cells =
        book.worksheet_cells_reader(name).map_err(|e| err(format!("cannot read the first worksheet: {e}")))?;
    let mut row: Option<u32> = None;
    // The row's cells: `texts[..len]`; the buffers are kept from row to row
    // (those past `len` empty), so that a cell costs no allocation.
    let mut texts: Vec<String> = Vec::new();
    let mut len = 0;
    let flush = |row: u32, texts: &mut [String], len: &mut usize, sink: &mut RowSink<'_>| -> Result<bool, InputError> {
        let cells = &mut texts[..*len];
        let more = if cells.iter().any(|t| !t.is_empty()) { sink(u64::from(row) + 1, cells)? } else { true };
        cells.iter_mut().for_each(String::clear);
        *len = 0;
        Ok(more)
    };
    loop {
        let cell = cells.next_cell().map_err(|e| {
            err(format!(
                "cannot read the first worksheet{}: {e}",
                row.map_or(String::new(), |r| format!(" after row {}", r + 1))
            ))
        })?;
        let Some(cell) = cell else { break };
        let (r, c) = cell.get_position();
        if r >= MAX_ROWS || c >= MAX_COLUMNS {
            return Err(err(format!(
                "a cell at row {}, column {} lies past Excel's last row ({MAX_ROWS}) or column ({MAX_COLUMNS})",
                u64::from(r) + 1,
                u64::from(c) + 1
            )));
        }
        if row != Some(r) {
            if let Some(prev) = row
                && !flush(prev, &mut texts, &mut len, sink)?
            {
                return Ok(());
            }
            row = Some(r);
        }
        let c = c as usize;
        let value = cell.get_value();
        if c >= len {
            // An empty cell past the row's last adds nothing.
            let blank = match value {
                DataRef::Empty => true,
                DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.is_empty(),
                DataRef::SharedString(s) => s.is_empty(),
                _ => false,
            };
            if blank {
                continue;
            }
            if texts.len() <= c {
                texts.resize(c + 1, String::new());
            }
            len = c + 1;
        }
        let text = &mut texts[c];
        text.clear();
        write_cell_text(value, text);
    }
    if let Some(prev) = row {
        flush(prev, &mut texts, &mut len, sink)?;
    }
    Ok(())
}

/// A number as Excel keeps it: 15 significant digits, so an 18-digit code
/// typed as a number comes out with zeros at the end (which the validator
/// reports as `excel_precision_loss`) rather than as binary noise.
fn excel_number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{f:.0}");
    }
    let sci = format!("{f:.14e}");
    let Some((mantissa, exp)) = sci.split_once('e') else { return sci };
    let Ok(exp) = exp.parse::<i32>() else { return sci };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if f.fract() == 0.0 && (15..=30).contains(&exp) {
        let mut s = if f < 0.0 { "-".to_owned() } else { String::new() };
        s.push_str(&digits);
        s.push_str(&"0".repeat((exp.unsigned_abs() as usize + 1).saturating_sub(digits.len())));
        return s;
    }
    f.to_string()
}

/// A cell's text, written into `out` (streamed cells and a range's alike).
fn write_cell_text(cell: &DataRef<'_>, out: &mut String) {
    use std::fmt::Write;
    match cell {
        DataRef::Empty => {}
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => out.push_str(s),
        DataRef::SharedString(s) => out.push_str(s),
        DataRef::Float(f) => out.push_str(&excel_number(*f)),
        DataRef::Int(i) => {
            let _ = write!(out, "{i}");
        }
        DataRef::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        DataRef::DateTime(d) => {
            let _ = write!(out, "{d}");
        }
        DataRef::Error(e) => {
            let _ = write!(out, "#{e:?}");
        }
    }
}

/// A range's cell as text: the cell as a streamed one, [`write_cell_text`].
fn data_text(cell: &Data) -> String {
    let cell = match cell {
        Data::Empty => DataRef::Empty,
        Data::String(s) => DataRef::SharedString(s),
        Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
        Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
        Data::Float(f) => DataRef::Float(*f),
        Data::Int(i) => DataRef::Int(*i),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(d) => DataRef::DateTime(*d),
        Data::Error(e) => DataRef::Error(e.clone()),
    };
    let mut out = String::new();
    write_cell_text(&cell, &mut out);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn excel_numbers_keep_fifteen_digits() {
        assert_eq!(super::excel_number(914_403_001_922_038_216.0), "914403001922038000");
        assert_eq!(super::excel_number(110_108_000_000_016.0), "110108000000016");
        assert_eq!(super::excel_number(12.5), "12.5");
    }

    #[test]
    fn attributes() {
        assert_eq!(super::attribute(b"<sst count=\"5\" uniqueCount=\"42\">", b"uniqueCount=\""), Some(42));
        assert_eq!(super::attribute(b"<sst>", b"uniqueCount=\""), None);
    }
}
