//! Reading the first worksheet of a workbook: XLSX streamed from the
//! sheet's XML as it comes ([`crate::xlsx`]), never as a dense range sized
//! by references read from the file; XLS and ODS through calamine.
//!
//! Limits, each refused with a clear error naming the file: a part of the
//! ZIP archive that expands past [`MAX_PART_BYTES`]; a shared-string count
//! that the part's size cannot hold; a cell past Excel's last row or column.
//! Blank sheet rows are skipped, as blank CSV lines are.

use std::io::{Read, Seek};
use std::path::Path;

use calamine::{Data, Reader};

use crate::error::InputError;
use crate::xlsx::{NumberKind, Xlsx, excel_number, number_text};

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
    Xlsx(Box<Xlsx>),
    /// XLS or ODS: read as a range (their formats bound its size: an XLS
    /// sheet has at most 65,536 rows and 256 columns).
    Range(calamine::Range<Data>),
}

/// Where a row ends the reading: `Ok(true)` for more.
pub(crate) type RowSink<'a> = dyn FnMut(u64, &csv::ByteRecord) -> Result<bool, InputError> + 'a;

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
        let book = Xlsx::open(src).map_err(|e| err(format!("cannot read the workbook: {e}")))?;
        Ok(Book::Xlsx(Box::new(book)))
    }

    /// Gives each non-blank row of the first sheet to `sink` with its row
    /// number (1-based), until `sink` says stop.
    pub(crate) fn rows(&mut self, path: &Path, sink: &mut RowSink<'_>) -> Result<(), InputError> {
        match self {
            Book::Range(range) => {
                let first = range.start().map_or(0, |(r, _)| u64::from(r));
                let mut record = csv::ByteRecord::new();
                for (i, cells) in range.rows().enumerate() {
                    record.clear();
                    for cell in cells {
                        record.push_field(data_text(cell).as_bytes());
                    }
                    if record.iter().any(|t| !t.is_empty()) && !sink(first + i as u64 + 1, &record)? {
                        break;
                    }
                }
                Ok(())
            }
            Book::Xlsx(book) => book.rows(path, sink),
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

/// A range's cell as text, as an XLSX cell's ([`crate::xlsx`]): a date as
/// its date (XLS and ODS keep the 1900 calendar here).
fn data_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(f) => excel_number(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => {
            let is_1904 = *d == calamine::ExcelDateTime::new(d.as_f64(), calamine::ExcelDateTimeType::DateTime, true);
            let kind = if d.is_datetime() { NumberKind::Date } else { NumberKind::Elapsed };
            number_text(d.as_f64(), Some(kind), is_1904)
        }
        Data::Error(e) => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn attributes() {
        assert_eq!(super::attribute(b"<sst count=\"5\" uniqueCount=\"42\">", b"uniqueCount=\""), Some(42));
        assert_eq!(super::attribute(b"<sst>", b"uniqueCount=\""), None);
    }
}
