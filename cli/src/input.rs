//! Reading department files: CSV or TSV in UTF-8 (with or without BOM),
//! GBK/GB18030 or UTF-16, streamed, with errors that say file, row and column.

use std::fs::File;
use std::io::{self, Chain, Cursor, Read};
use std::path::{Path, PathBuf};

use crate::rows::Rows;
use encoding_rs::{Decoder, DecoderResult, Encoding, GB18030, UTF_16BE, UTF_16LE};

/// A problem with an input file: what and where.
#[derive(Debug, thiserror::Error)]
#[error("{}{}{}: {message}", file.display(), row.map_or_else(String::new, |r| format!(", row {r}")), column.map_or_else(String::new, |c| format!(", column {c}")))]
pub struct InputError {
    /// The file.
    pub file: PathBuf,
    /// The 1-based row (the header is row 1), when known.
    pub row: Option<u64>,
    /// The 1-based column, when known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl InputError {
    pub fn new(file: &Path, message: impl Into<String>) -> InputError {
        InputError { file: file.to_owned(), row: None, column: None, message: message.into() }
    }

    pub fn at(mut self, row: Option<u64>, column: Option<usize>) -> InputError {
        self.row = row;
        self.column = column;
        self
    }
}

/// The text encoding of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TextEncoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// GBK or GB18030 (GB18030 is a superset of GBK).
    Gbk,
    /// UTF-16 little-endian (Excel's "Unicode text").
    Utf16le,
    /// UTF-16 big-endian.
    Utf16be,
}

impl TextEncoding {
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Gbk => "GB18030",
            TextEncoding::Utf16le => "UTF-16LE",
            TextEncoding::Utf16be => "UTF-16BE",
        }
    }

    fn encoding(self) -> Option<&'static Encoding> {
        match self {
            TextEncoding::Utf8 => None,
            TextEncoding::Gbk => Some(GB18030),
            TextEncoding::Utf16le => Some(UTF_16LE),
            TextEncoding::Utf16be => Some(UTF_16BE),
        }
    }
}

/// Decides the encoding from the first bytes: a byte-order mark, else UTF-8
/// when the bytes are valid UTF-8, else GB18030. Returns the encoding and
/// how many bytes of BOM to skip.
pub fn detect(head: &[u8]) -> (TextEncoding, usize) {
    if head.starts_with(b"\xEF\xBB\xBF") {
        return (TextEncoding::Utf8, 3);
    }
    if head.starts_with(b"\xFF\xFE") {
        return (TextEncoding::Utf16le, 2);
    }
    if head.starts_with(b"\xFE\xFF") {
        return (TextEncoding::Utf16be, 2);
    }
    match std::str::from_utf8(head) {
        Ok(_) => (TextEncoding::Utf8, 0),
        // A sequence cut by the end of the sample is still UTF-8.
        Err(e) if e.error_len().is_none() => (TextEncoding::Utf8, 0),
        Err(_) => (TextEncoding::Gbk, 0),
    }
}

/// Decodes a byte stream to UTF-8, refusing malformed input: the error says
/// on which line the bad bytes are.
struct DecodeReader<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    line: u64,
    encoding: &'static str,
}

impl<R: Read> DecodeReader<R> {
    fn new(inner: R, encoding: &'static Encoding) -> Self {
        DecodeReader {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            input: vec![0; 64 * 1024],
            start: 0,
            end: 0,
            eof: false,
            line: 1,
            encoding: encoding.name(),
        }
    }
}

impl<R: Read> Read for DecodeReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.len() < 4 {
            return Err(io::Error::other("read buffer too small for decoding"));
        }
        loop {
            if self.start == self.end && !self.eof {
                self.start = 0;
                self.end = self.inner.read(&mut self.input)?;
                self.eof = self.end == 0;
            }
            let (result, read, written) =
                self.decoder.decode_to_utf8_without_replacement(&self.input[self.start..self.end], out, self.eof);
            self.line += memchr::memchr_iter(b'\n', &out[..written]).count() as u64;
            self.start += read;
            match result {
                DecoderResult::Malformed(_, _) => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("bytes not valid in {} on line {}", self.encoding, self.line),
                    ));
                }
                DecoderResult::OutputFull | DecoderResult::InputEmpty if written > 0 => return Ok(written),
                DecoderResult::InputEmpty if self.eof => return Ok(0),
                _ => {}
            }
        }
    }
}

type Source = Chain<Cursor<Vec<u8>>, File>;

/// An open CSV, TSV or XLSX file with its headers.
pub struct Table {
    pub path: PathBuf,
    pub encoding: TextEncoding,
    pub headers: Vec<String>,
    rows: Rows,
    sheet: Option<Sheet>,
    row: u64,
}

/// The rows of a worksheet, already read.
struct Sheet {
    rows: std::vec::IntoIter<Vec<String>>,
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

fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(f) => excel_number(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.to_string(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

impl Table {
    /// Opens the first worksheet of an XLSX (or XLS, ODS) workbook.
    fn open_workbook(path: &Path) -> Result<Table, InputError> {
        use calamine::Reader;
        let head = std::fs::read(path).map_err(|e| InputError::new(path, format!("cannot open: {e}")))?;
        if head.starts_with(b"\xD0\xCF\x11\xE0") && path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) {
            return Err(InputError::new(
                path,
                "the workbook is encrypted (password-protected): save a copy without a password",
            ));
        }
        let mut book = calamine::open_workbook_auto(path)
            .map_err(|e| InputError::new(path, format!("cannot read the workbook: {e}")))?;
        let range = book
            .worksheet_range_at(0)
            .ok_or_else(|| InputError::new(path, "the workbook has no worksheet"))?
            .map_err(|e| InputError::new(path, format!("cannot read the first worksheet: {e}")))?;
        let mut rows = range.rows().map(|r| r.iter().map(cell_text).collect::<Vec<_>>());
        let headers = rows.next().ok_or_else(|| InputError::new(path, "the first worksheet is empty"))?;
        let first = range.start().map_or(0, |(r, _)| u64::from(r));
        let rest: Vec<Vec<String>> = rows.collect();
        Ok(Table {
            path: path.to_owned(),
            encoding: TextEncoding::Utf8,
            headers: headers.iter().map(|h| h.trim().to_owned()).collect(),
            rows: Rows::new(Box::new(io::empty()), b','),
            sheet: Some(Sheet { rows: rest.into_iter() }),
            row: first + 1,
        })
    }

    /// Opens a file: sniffs its encoding (unless given) and delimiter, reads
    /// the header row.
    pub fn open(path: &Path, encoding: Option<TextEncoding>, delimiter: Option<u8>) -> Result<Table, InputError> {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
        if matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods") {
            return Table::open_workbook(path);
        }
        let mut file = File::open(path).map_err(|e| InputError::new(path, format!("cannot open: {e}")))?;
        let mut head = vec![0u8; 64 * 1024];
        let n = read_full(&mut file, &mut head).map_err(|e| InputError::new(path, format!("cannot read: {e}")))?;
        head.truncate(n);
        if head.is_empty() {
            return Err(InputError::new(path, "the file is empty"));
        }
        if head.starts_with(b"PK\x03\x04") {
            return Err(InputError::new(path, "this is a ZIP/XLSX file: give it an .xlsx name, or save it as CSV"));
        }
        let (detected, bom) = detect(&head);
        let encoding = encoding.unwrap_or(detected);
        let skip = if encoding == detected { bom } else { 0 };
        let delimiter = delimiter.unwrap_or_else(|| sniff_delimiter(path, &head));
        let source: Source = Cursor::new(head[skip..].to_vec()).chain(file);
        let reader: Box<dyn Read + Send> = match encoding.encoding() {
            None => Box::new(source),
            Some(enc) => Box::new(DecodeReader::new(source, enc)),
        };
        let mut table = Table {
            path: path.to_owned(),
            encoding,
            headers: Vec::new(),
            rows: Rows::new(reader, delimiter),
            sheet: None,
            row: 0,
        };
        let mut header = csv::StringRecord::new();
        if !table.next(&mut header)? {
            return Err(InputError::new(path, "the file is empty"));
        }
        table.headers = header.iter().map(|h| h.trim_start_matches('\u{FEFF}').trim().to_owned()).collect();
        Ok(table)
    }

    /// Reads the next row into `record`, checked as UTF-8; `false` at the
    /// end. The row number (header = 1) is [`Table::row`].
    pub fn next(&mut self, record: &mut csv::StringRecord) -> Result<bool, InputError> {
        let mut bytes = csv::ByteRecord::new();
        if !self.next_bytes(&mut bytes)? {
            return Ok(false);
        }
        *record = csv::StringRecord::from_byte_record(bytes)
            .map_err(|e| self.invalid_bytes(Some(self.row), e.utf8_error().field()))?;
        Ok(true)
    }

    /// Reads the next row as bytes, not yet checked as UTF-8 (see
    /// [`Table::invalid_bytes`]); `false` at the end.
    pub fn next_bytes(&mut self, record: &mut csv::ByteRecord) -> Result<bool, InputError> {
        if let Some(sheet) = &mut self.sheet {
            let Some(cells) = sheet.rows.next() else { return Ok(false) };
            record.clear();
            for c in &cells {
                record.push_field(c.as_bytes());
            }
        } else {
            match self.rows.next(record) {
                Ok(true) => {}
                Ok(false) => return Ok(false),
                Err(e) => return Err(self.io_error(&e)),
            }
        }
        self.row += 1;
        Ok(true)
    }

    /// Bytes not valid in the file's encoding, at this row and field (from 0).
    pub fn invalid_bytes(&self, row: Option<u64>, field: usize) -> InputError {
        let hint = if self.encoding == TextEncoding::Utf8 { "; try --encoding gbk" } else { "" };
        InputError::new(&self.path, format!("bytes not valid in {}{hint}", self.encoding.name()))
            .at(row, Some(field + 1))
    }

    /// Whether the table is a workbook's sheet rather than a text file.
    pub fn is_workbook(&self) -> bool {
        self.sheet.is_some()
    }

    /// The row number of the last row read (the header is row 1).
    pub fn row(&self) -> u64 {
        self.row
    }

    /// A read error (bytes not valid in the encoding, or the system's), at
    /// the row being read.
    fn io_error(&self, e: &io::Error) -> InputError {
        InputError::new(&self.path, e.to_string()).at(Some(self.row + 1), None)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn excel_numbers_keep_fifteen_digits() {
        assert_eq!(super::excel_number(914_403_001_922_038_216.0), "914403001922038000");
        assert_eq!(super::excel_number(110_108_000_000_016.0), "110108000000016");
        assert_eq!(super::excel_number(12.5), "12.5");
    }
}

fn read_full(file: &mut File, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Tab for `.tsv` and `.txt` files or a first line with more tabs than
/// commas; comma otherwise.
fn sniff_delimiter(path: &Path, head: &[u8]) -> u8 {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    if ext == "tsv" || ext == "tab" {
        return b'\t';
    }
    let first = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let tabs = first.iter().filter(|&&b| b == b'\t').count();
    let commas = first.iter().filter(|&&b| b == b',').count();
    if tabs > commas { b'\t' } else { b',' }
}

/// Which column holds what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    pub code: usize,
    pub name: Option<usize>,
    pub group: Option<usize>,
}

/// Header names recognised for each role, in order of preference.
pub const CODE_HEADERS: &[&str] = &[
    "统一社会信用代码",
    "行政相对人代码_1",
    "行政相对人代码_1(统一社会信用代码)",
    "社会信用代码",
    "信用代码",
    "统一代码",
    "uscc",
    "credit_code",
    "code",
];
pub const NAME_HEADERS: &[&str] =
    &["行政相对人名称", "名称", "企业名称", "单位名称", "主体名称", "机构名称", "name", "entity_name"];
pub const GROUP_HEADERS: &[&str] =
    &["数据来源单位", "数据来源单位名称", "部门", "来源单位", "报送单位", "department", "group"];

/// Finds a column by a user's spec (a header name, or a 1-based index).
pub fn find_column(headers: &[String], spec: &str) -> Option<usize> {
    if let Ok(i) = spec.parse::<usize>() {
        return (1..=headers.len()).contains(&i).then(|| i - 1);
    }
    headers.iter().position(|h| h.eq_ignore_ascii_case(spec.trim()))
}

fn guess(headers: &[String], names: &[&str]) -> Option<usize> {
    names.iter().find_map(|n| headers.iter().position(|h| h.eq_ignore_ascii_case(n)))
}

/// Resolves the columns from the user's specs or the headers.
pub fn resolve(
    table: &Table,
    code: Option<&str>,
    name: Option<&str>,
    group: Option<&str>,
) -> Result<Columns, InputError> {
    let h = &table.headers;
    let pick = |spec: Option<&str>, names: &[&str], role: &str| -> Result<Option<usize>, InputError> {
        match spec {
            Some(s) => find_column(h, s).map(Some).ok_or_else(|| {
                InputError::new(&table.path, format!("no {role} column {s:?}; the headers are: {}", h.join(", ")))
                    .at(Some(1), None)
            }),
            None => Ok(guess(h, names)),
        }
    };
    let code = pick(code, CODE_HEADERS, "code")?.ok_or_else(|| {
        InputError::new(
            &table.path,
            format!(
                "no credit-code column found (looked for {}); the headers are: {}; name it with --code-column",
                CODE_HEADERS[..4].join(", "),
                h.join(", ")
            ),
        )
        .at(Some(1), None)
    })?;
    Ok(Columns { code, name: pick(name, NAME_HEADERS, "name")?, group: pick(group, GROUP_HEADERS, "group")? })
}
