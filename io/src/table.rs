//! An open CSV, TSV or XLSX file: its encoding, its delimiter, its header
//! row, and its rows, each with the row number a spreadsheet program shows.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use crate::decode::{BadBytes, DecodeReader, TextEncoding, detect};
use crate::error::InputError;
use crate::rows::{MAX_ROW_BYTES, Raw, RowError, Rows, split_line};
use crate::workbook::{Book, Source};

/// An open file with its headers.
pub struct Table {
    /// The file, as errors name it.
    pub path: PathBuf,
    /// The text encoding (UTF-8 for a workbook).
    pub encoding: TextEncoding,
    /// The header row's cells, trimmed.
    pub headers: Vec<String>,
    /// The header's row number (1 unless blank rows come first).
    pub header_row: u64,
    body: Body,
}

enum Body {
    Text(Box<Rows>),
    Book(Book),
}

/// A row as [`Table::for_each_row`] gives it.
pub enum Row<'a> {
    /// A line of text without quotes or carriage returns, its fields split
    /// at `delimiter` (the bytes not yet checked as UTF-8).
    Line {
        /// The line, without its line end.
        text: &'a [u8],
        /// The field delimiter.
        delimiter: u8,
    },
    /// Any other row, its fields read.
    Record(&'a csv::ByteRecord),
}

/// How a file is read: the encoding and delimiter, when not detected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The text encoding (default: detected).
    pub encoding: Option<TextEncoding>,
    /// The field delimiter (default: sniffed).
    pub delimiter: Option<u8>,
}

/// Whether a file name says workbook.
fn workbook_extension(path: &Path) -> Option<String> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods").then_some(ext)
}

impl Table {
    /// Opens a file: a workbook by its name, else text whose encoding
    /// (unless given) and delimiter are sniffed; reads the header row.
    pub fn open(path: &Path, options: ReadOptions) -> Result<Table, InputError> {
        let file = File::open(path).map_err(|e| InputError::new(path, format!("cannot open: {e}")))?;
        if file.metadata().is_ok_and(|m| m.is_dir()) {
            return Err(InputError::new(path, "is a folder, not a file"));
        }
        // A workbook is read in small pieces (ZIP entries, XML): buffered.
        // Text is read in large blocks by the row reader: not copied twice.
        if workbook_extension(path).is_some() {
            Table::from_source(path, Box::new(io::BufReader::with_capacity(1 << 16, file)), options)
        } else {
            Table::from_source(path, Box::new(file), options)
        }
    }

    /// Reads a file from any seekable source (the bytes of a file dropped
    /// in a browser, say); `path` names it in errors and decides by its
    /// extension whether it is a workbook.
    pub fn from_source(path: &Path, mut src: Box<dyn Source>, options: ReadOptions) -> Result<Table, InputError> {
        if let Some(ext) = workbook_extension(path) {
            let book = Book::open(path, src, &ext)?;
            return Table::with_header(path, TextEncoding::Utf8, Body::Book(book));
        }
        let mut head = vec![0u8; 64 * 1024];
        let n = read_full(&mut src, &mut head).map_err(|e| InputError::new(path, format!("cannot read: {e}")))?;
        head.truncate(n);
        if head.is_empty() {
            return Err(InputError::new(path, "the file is empty"));
        }
        if head.starts_with(b"PK\x03\x04") {
            return Err(InputError::new(path, "this is a ZIP/XLSX file: give it an .xlsx name, or save it as CSV"));
        }
        if head.starts_with(b"\xD0\xCF\x11\xE0") {
            return Err(InputError::new(path, "this is an Excel workbook: give it an .xls name, or save it as CSV"));
        }
        let (detected, bom) = detect(&head);
        let encoding = options.encoding.unwrap_or(detected);
        let utf16 = matches!(encoding, TextEncoding::Utf16le | TextEncoding::Utf16be);
        if !utf16 && let Some(at) = memchr::memchr(0, &head) {
            let line = memchr::memchr_iter(b'\n', &head[..at]).count() + 1;
            return Err(InputError::new(
                path,
                format!(
                    "a NUL byte on line {line}: this is not a CSV or TSV text file (a workbook needs its .xlsx name)"
                ),
            ));
        }
        let skip = if encoding == detected { bom } else { 0 };
        let delimiter = options.delimiter.unwrap_or_else(|| sniff_delimiter(path, &head[skip..]));
        src.seek(SeekFrom::Start(skip as u64)).map_err(|e| InputError::new(path, format!("cannot read: {e}")))?;
        let reader: Box<dyn Read + Send> = match encoding.encoding() {
            None => Box::new(src),
            Some(enc) => Box::new(DecodeReader::new(src, encoding, enc)),
        };
        Table::with_header(path, encoding, Body::Text(Box::new(Rows::new(reader, delimiter))))
    }

    fn with_header(path: &Path, encoding: TextEncoding, body: Body) -> Result<Table, InputError> {
        let mut table = Table { path: path.to_owned(), encoding, headers: Vec::new(), header_row: 0, body };
        let mut header = None;
        table.for_each(&mut |row, rec| {
            header = Some((row, rec.clone()));
            Ok(false)
        })?;
        let (row, rec) = header.ok_or_else(|| InputError::new(path, "the file is empty"))?;
        let rec =
            csv::StringRecord::from_byte_record(rec).map_err(|e| table.invalid_bytes(row, e.utf8_error().field()))?;
        table.headers = rec.iter().map(|h| h.trim_start_matches('\u{FEFF}').trim().to_owned()).collect();
        table.header_row = row;
        Ok(table)
    }

    /// Gives every row after the header to `each` with its row number (the
    /// bytes not yet checked as UTF-8: see [`Table::invalid_bytes`]), until
    /// `each` returns `Ok(false)` or an error.
    pub fn for_each(
        &mut self,
        each: &mut dyn FnMut(u64, &csv::ByteRecord) -> Result<bool, InputError>,
    ) -> Result<(), InputError> {
        let mut fields = csv::ByteRecord::new();
        self.for_each_row(&mut |row, rec| match rec {
            Row::Line { text, delimiter } => {
                split_line(text, delimiter, &mut fields);
                each(row, &fields)
            }
            Row::Record(rec) => each(row, rec),
        })
    }

    /// [`Table::for_each`], a line of text without quotes or carriage
    /// returns given as it stands ([`Row::Line`]: no copy into a record).
    pub fn for_each_row(
        &mut self,
        each: &mut dyn FnMut(u64, Row<'_>) -> Result<bool, InputError>,
    ) -> Result<(), InputError> {
        let path = self.path.clone();
        let header_row = self.header_row;
        match &mut self.body {
            Body::Text(rows) => {
                let mut rec = csv::ByteRecord::new();
                loop {
                    let row = match rows.next_raw(&mut rec) {
                        Ok(Some(raw)) if rows.row() > header_row => match raw {
                            Raw::Line(line) => Row::Line { text: rows.line(line), delimiter: rows.delimiter() },
                            Raw::Record => Row::Record(&rec),
                        },
                        Ok(Some(_)) => continue,
                        Ok(None) => return Ok(()),
                        Err(e) => return Err(row_error(&path, e)),
                    };
                    if !each(rows.row(), row)? {
                        return Ok(());
                    }
                }
            }
            Body::Book(book) => book.rows(&path, &mut |row, rec| {
                if row <= header_row { Ok(true) } else { each(row, Row::Record(rec)) }
            }),
        }
    }

    /// Bytes not valid in the file's encoding, at this row and field (from 0).
    #[must_use]
    pub fn invalid_bytes(&self, row: u64, field: usize) -> InputError {
        InputError::new(&self.path, format!("bytes not valid in {}{}", self.encoding.name(), self.encoding.hint()))
            .at(Some(row), Some(field + 1))
    }

    /// Whether the table is a workbook's sheet rather than a text file.
    #[must_use]
    pub fn is_workbook(&self) -> bool {
        matches!(self.body, Body::Book(_))
    }
}

fn row_error(path: &Path, e: RowError) -> InputError {
    match e {
        RowError::Unclosed { row, column } => InputError::new(
            path,
            "a quoted field opened here is never closed: a closing quote (\") is missing and the rest of the file would be read as one cell",
        )
        .at(Some(row), Some(column)),
        RowError::TooLong { row } => InputError::new(
            path,
            format!("the row is longer than {} MB: is this a CSV or TSV file?", MAX_ROW_BYTES >> 20),
        )
        .at(Some(row), None),
        RowError::Read { row, column, error } => {
            let message = match error.get_ref().and_then(|e| e.downcast_ref::<BadBytes>()) {
                Some(bad) => bad.to_string(),
                None => format!("cannot read: {error}"),
            };
            InputError::new(path, message).at(Some(row), Some(column))
        }
    }
}

fn read_full(src: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match src.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Tab for `.tsv` and `.tab` files or a first line with more tabs than
/// commas; comma otherwise.
fn sniff_delimiter(path: &Path, head: &[u8]) -> u8 {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    if ext == "tsv" || ext == "tab" {
        return b'\t';
    }
    let first = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let tabs = memchr::memchr_iter(b'\t', first).count();
    let commas = memchr::memchr_iter(b',', first).count();
    if tabs > commas { b'\t' } else { b',' }
}
