//! The rows of a CSV text, numbered as a spreadsheet program shows them.
//!
//! Most lines of a department's export have no quote at all: such a line is
//! split at the delimiter directly, a search for three bytes at a time
//! (`memchr`). Any other line goes through `csv_core`'s parser, so that
//! quoted fields (with delimiters, quotes or line breaks inside) and lone
//! carriage returns read exactly as the `csv` crate reads them. Blank lines
//! give no record, as there, but count as rows.
//!
//! Judged by structure, not by counting lines: a quoted field still open at
//! the end of the text is an error naming the row and column where it
//! opened; a line break inside a quoted field starts no new row. A row
//! longer than [`MAX_ROW_BYTES`] is an error, so that a file with no line
//! end (`/dev/zero`) cannot grow the buffer until the process aborts.

use std::io::{self, Read};
use std::ops::Range;

/// The longest row read, in bytes.
pub const MAX_ROW_BYTES: usize = 64 << 20;

/// Why a row could not be read.
#[derive(Debug)]
pub enum RowError {
    /// A quoted field opened at this row and column (1-based) is still open
    /// at the end of the text.
    Unclosed {
        /// The row where the field opened.
        row: u64,
        /// Its column.
        column: usize,
    },
    /// A row longer than [`MAX_ROW_BYTES`].
    TooLong {
        /// The row.
        row: u64,
    },
    /// The source failed (a decoding error among them) while this row and
    /// column were being read.
    Read {
        /// The row being read.
        row: u64,
        /// The column being read.
        column: usize,
        /// The source's error.
        error: io::Error,
    },
}

/// A line without quotes or carriage returns read into `record`, split at
/// `delimiter`.
pub fn split_line(line: &[u8], delimiter: u8, record: &mut csv::ByteRecord) {
    record.clear();
    let mut start = 0;
    delimiters(line, delimiter, |at| {
        record.push_field(&line[start..at]);
        start = at + 1;
    });
    record.push_field(&line[start..]);
}

/// Calls `each` with the place of every `delimiter` in `line`, in order:
/// eight bytes at a time, each byte equal to the delimiter marked in a word
/// (a line of many short cells has a delimiter every few bytes, where a
/// search that stops at each costs more than it saves).
pub(crate) fn delimiters(line: &[u8], delimiter: u8, mut each: impl FnMut(usize)) {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let spread = u64::from_ne_bytes([delimiter; 8]);
    let mut words = line.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let x = u64::from_le_bytes(word.try_into().unwrap_or_default()) ^ spread;
        // The high bit of each byte that is zero (equal to the delimiter).
        let mut zeros = !(((x & LOW7) + LOW7) | x | LOW7);
        while zeros != 0 {
            each(at + zeros.trailing_zeros() as usize / 8);
            zeros &= zeros - 1;
        }
        at += 8;
    }
    for (i, &b) in words.remainder().iter().enumerate() {
        if b == delimiter {
            each(at + i);
        }
    }
}

/// A row [`Rows::next_raw`] read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Raw {
    /// A line without quotes or carriage returns: where it lies in the
    /// reader's buffer ([`Rows::line`]).
    Line(Range<usize>),
    /// Any other row, read into the record given.
    Record,
}

/// Reads rows from a byte stream.
pub struct Rows {
    src: Box<dyn Read + Send>,
    buf: Vec<u8>,
    /// The unread bytes are `buf[pos..end]`.
    pos: usize,
    end: usize,
    eof: bool,
    delimiter: u8,
    parser: csv_core::Reader,
    /// The quoted path's output: the fields' bytes and where each ends.
    out: Vec<u8>,
    ends: Vec<usize>,
    /// Where the bytes read so far stand, in rows and quotes.
    scan: Scan,
    /// The first quote or carriage return in `buf` from `pos` on (or
    /// `end`), when at or after `pos`.
    clean: usize,
    /// The row of the record last returned.
    row: u64,
}

const BUFFER: usize = 1 << 16;

/// The structure of the bytes consumed so far, as the CSV grammar reads
/// them: line ends outside quotes (rows), fields, and an open quote.
#[derive(Debug, Default, Clone)]
#[allow(clippy::struct_excessive_bools)] // the grammar's state, one flag per fact
struct Scan {
    /// Line ends outside quoted fields so far (`\r\n` counts once).
    lines: u64,
    /// The last byte was a `\r` outside quotes.
    after_cr: bool,
    /// A record has begun since the last line end.
    in_record: bool,
    /// The row where the current record began.
    record_row: u64,
    /// The current field (from 0) of the current record.
    field: usize,
    /// No byte of the current field yet.
    field_start: bool,
    /// Inside a quoted field.
    quoted: bool,
    /// Inside a quoted field, just after a quote (a closing quote, or the
    /// first of a doubled one).
    after_quote: bool,
    /// Where the open quoted field began (row, field).
    opened: (u64, usize),
}

impl Scan {
    fn feed(&mut self, bytes: &[u8], delimiter: u8) {
        for &b in bytes {
            if self.quoted {
                if self.after_quote {
                    self.after_quote = false;
                    if b == b'"' {
                        continue;
                    }
                    self.quoted = false;
                } else {
                    self.after_quote = b == b'"';
                    continue;
                }
            }
            if b == b'\n' || b == b'\r' {
                if !(b == b'\n' && self.after_cr) {
                    self.lines += 1;
                }
                self.after_cr = b == b'\r';
                self.in_record = false;
                continue;
            }
            self.after_cr = false;
            if !self.in_record {
                self.in_record = true;
                self.record_row = self.lines + 1;
                self.field = 0;
                self.field_start = true;
            }
            if b == delimiter {
                self.field += 1;
                self.field_start = true;
                continue;
            }
            if self.field_start && b == b'"' {
                self.quoted = true;
                self.opened = (self.lines + 1, self.field);
            }
            self.field_start = false;
        }
    }

    /// The row being read: the current record's, or the next line's.
    fn row(&self) -> u64 {
        if self.in_record { self.record_row } else { self.lines + 1 }
    }

    /// The current line ends outside quotes (a fast-path line).
    fn line_end(&mut self) {
        self.lines += 1;
        self.in_record = false;
        self.after_cr = false;
    }
}

impl Rows {
    /// Rows of `src`, split at `delimiter`.
    #[must_use]
    pub fn new(src: Box<dyn Read + Send>, delimiter: u8) -> Rows {
        Rows {
            src,
            buf: vec![0; BUFFER],
            pos: 0,
            end: 0,
            eof: false,
            delimiter,
            parser: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            out: vec![0; BUFFER],
            ends: vec![0; 64],
            scan: Scan::default(),
            clean: 0,
            row: 0,
        }
    }

    /// The row (1-based, as a spreadsheet shows it) of the record last
    /// returned by [`Rows::next`].
    #[must_use]
    pub fn row(&self) -> u64 {
        self.row
    }

    /// Moves the unread bytes to the front and reads more after them,
    /// growing the buffer when it is full (a line longer than it).
    fn fill(&mut self, column: usize) -> Result<(), RowError> {
        self.buf.copy_within(self.pos..self.end, 0);
        self.end -= self.pos;
        self.pos = 0;
        self.clean = 0;
        if self.end == self.buf.len() {
            if self.buf.len() >= MAX_ROW_BYTES {
                return Err(RowError::TooLong { row: self.scan.row() });
            }
            self.buf.resize(self.buf.len() * 2, 0);
        }
        loop {
            match self.src.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(RowError::Read { row: self.scan.row(), column, error }),
            }
        }
    }

    /// Reads the next row into `record`; `false` at the end.
    pub fn next(&mut self, record: &mut csv::ByteRecord) -> Result<bool, RowError> {
        match self.next_raw(record)? {
            None => Ok(false),
            Some(Raw::Record) => Ok(true),
            Some(Raw::Line(line)) => {
                split_line(&self.buf[line], self.delimiter, record);
                Ok(true)
            }
        }
    }

    /// The next row, `None` at the end: a line without quotes or carriage
    /// returns as it stands in the text (its bytes are [`Rows::line`]; its
    /// fields are split at [`Rows::delimiter`]), any other row read into
    /// `record`.
    pub fn next_raw(&mut self, record: &mut csv::ByteRecord) -> Result<Option<Raw>, RowError> {
        loop {
            // The `\n` of a `\r\n` whose `\r` ended the last record.
            if self.scan.after_cr && self.pos < self.end && self.buf[self.pos] == b'\n' {
                self.pos += 1;
                self.scan.after_cr = false;
            }
            let unread = &self.buf[self.pos..self.end];
            let Some(nl) = memchr::memchr(b'\n', unread) else {
                if self.eof || memchr::memchr2(b'"', b'\r', unread).is_some() {
                    if unread.is_empty() {
                        return self.finish().map(|more| more.then_some(Raw::Record));
                    }
                    // The last line, or one the parser must read (it
                    // streams, so a text of lone carriage returns never
                    // has to be held whole).
                    return self.quoted(record).map(|more| more.then_some(Raw::Record));
                }
                let column = memchr::memchr_iter(self.delimiter, unread).count() + 1;
                self.fill(column)?;
                continue;
            };
            // Where the next quote or carriage return is, found once for
            // the lines before it (a file without any: once a block).
            let line_end = self.pos + nl;
            if self.clean < line_end {
                self.clean = memchr::memchr2(b'"', b'\r', unread).map_or(self.end, |at| self.pos + at);
            }
            let line = &unread[..nl];
            let body = if line_end <= self.clean {
                line
            } else if self.clean + 1 == line_end && line.ends_with(b"\r") {
                // A line that ends in \r\n.
                &line[..nl - 1]
            } else {
                return self.quoted(record).map(|more| more.then_some(Raw::Record));
            };
            let start = self.pos;
            self.pos += nl + 1;
            let row = self.scan.lines + 1;
            self.scan.line_end();
            if body.is_empty() {
                continue;
            }
            self.row = row;
            return Ok(Some(Raw::Line(start..start + body.len())));
        }
    }

    /// The bytes of a line [`Rows::next_raw`] gave, until the next call.
    #[must_use]
    pub fn line(&self, line: Range<usize>) -> &[u8] {
        &self.buf[line]
    }

    /// The field delimiter.
    #[must_use]
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// The end of the text: an error if a quoted field is still open.
    fn finish(&self) -> Result<bool, RowError> {
        if self.scan.quoted {
            let (row, field) = self.scan.opened;
            return Err(RowError::Unclosed { row, column: field + 1 });
        }
        Ok(false)
    }

    /// One row through `csv_core`, from the first unread byte.
    fn quoted(&mut self, record: &mut csv::ByteRecord) -> Result<bool, RowError> {
        use csv_core::ReadRecordResult as R;
        let (mut nout, mut nends) = (0, 0);
        loop {
            let (result, read, wrote, ended) =
                self.parser.read_record(&self.buf[self.pos..self.end], &mut self.out[nout..], &mut self.ends[nends..]);
            self.scan.feed(&self.buf[self.pos..self.pos + read], self.delimiter);
            self.pos += read;
            nout += wrote;
            nends += ended;
            match result {
                R::InputEmpty => {
                    if !self.eof {
                        self.fill(self.scan.field + 1)?;
                    }
                    // At the end of the input, the next call (with nothing
                    // to read) tells the parser so.
                }
                R::OutputFull => {
                    if self.out.len() >= MAX_ROW_BYTES {
                        return Err(RowError::TooLong { row: self.scan.row() });
                    }
                    self.out.resize(self.out.len() * 2, 0);
                }
                R::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                R::Record => {
                    if self.eof && self.pos == self.end && self.scan.quoted {
                        return self.finish();
                    }
                    record.clear();
                    let mut start = 0;
                    for &end in &self.ends[..nends] {
                        record.push_field(&self.out[start..end]);
                        start = end;
                    }
                    self.row = self.scan.record_row;
                    return Ok(true);
                }
                R::End => return self.finish(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{RowError, Rows};

    proptest::proptest! {
        /// The delimiters found a word at a time are every delimiter.
        #[test]
        fn every_delimiter_is_found(line in proptest::collection::vec(proptest::prop_oneof![
            proptest::strategy::Just(b','), proptest::strategy::Just(b'\t'), proptest::num::u8::ANY,
        ], 0..80), tab in proptest::bool::ANY) {
            let delimiter = if tab { b'\t' } else { b',' };
            let mut found = Vec::new();
            super::delimiters(&line, delimiter, |at| found.push(at));
            let want: Vec<usize> = line.iter().enumerate().filter(|(_, b)| **b == delimiter).map(|(i, _)| i).collect();
            proptest::prop_assert_eq!(found, want);
        }
    }

    /// Every row as the `csv` crate reads it (flexible, no header).
    fn by_csv(text: &[u8], delimiter: u8) -> Vec<Vec<Vec<u8>>> {
        let mut r = csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text);
        r.byte_records().map(|x| x.map(|rec| rec.iter().map(<[u8]>::to_vec).collect()).unwrap()).collect()
    }

    /// A source that gives a few bytes at a time (so that lines and quoted
    /// fields cross refills).
    struct Trickle(Vec<u8>, usize, usize);
    impl std::io::Read for Trickle {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.2.min(out.len()).min(self.0.len() - self.1);
            out[..n].copy_from_slice(&self.0[self.1..self.1 + n]);
            self.1 += n;
            Ok(n)
        }
    }

    /// Every row as [`Rows`] reads it, with its row number; the error if any.
    type Numbered = Vec<(u64, Vec<Vec<u8>>)>;

    fn read_all(text: &[u8], delimiter: u8, step: usize) -> (Numbered, Option<RowError>) {
        let mut rows = Rows::new(Box::new(Trickle(text.to_vec(), 0, step)), delimiter);
        let mut rec = csv::ByteRecord::new();
        let mut all = Vec::new();
        loop {
            match rows.next(&mut rec) {
                Ok(true) => all.push((rows.row(), rec.iter().map(<[u8]>::to_vec).collect())),
                Ok(false) => return (all, None),
                Err(e) => return (all, Some(e)),
            }
        }
    }

    fn by_rows(text: &[u8], delimiter: u8, step: usize) -> Vec<Vec<Vec<u8>>> {
        read_all(text, delimiter, step).0.into_iter().map(|(_, r)| r).collect()
    }

    /// Whether a quoted field is left open at the end of `text` (the
    /// grammar's own reading: an odd number of quotes in a field that
    /// starts with one).
    fn open_at_end(text: &[u8]) -> bool {
        let mut s = super::Scan::default();
        s.feed(text, b',');
        s.quoted
    }

    #[test]
    fn reads_as_the_csv_crate_does() {
        let cases: &[&[u8]] = &[
            b"",
            b"a,b\n",
            b"a,b",
            b"a,b\r\nc,d\r\n",
            b"a,b\n\n\nc,d\n",
            b"\n\r\n,\n,,\n",
            b"a,\"b,c\"\nd,e\n",
            b"a,\"line\none\",x\nnext,row\n",
            b"a,\"say \"\"hi\"\"\",b\n",
            b"a,b\"c,d\n",
            b"a\rb,c\nd,e\n",
            b"a,b\r\r\nc\n",
            b"x,\"\"\n\"\",y",
            "统一社会信用代码,名称\n91440300192203821X,华为（深圳）\n".as_bytes(),
        ];
        for &text in cases {
            for step in [1, 2, 3, 7, 1 << 20] {
                assert_eq!(
                    by_rows(text, b',', step),
                    by_csv(text, b','),
                    "{:?} step {step}",
                    String::from_utf8_lossy(text)
                );
            }
        }
        let tsv = b"a\tb,c\t\"d\te\"\n";
        assert_eq!(by_rows(tsv, b'\t', 2), by_csv(tsv, b'\t'));
    }

    #[test]
    fn rows_are_numbered_as_a_spreadsheet_shows_them() {
        // Blank lines are rows; a line break inside quotes is not; \r\n,
        // \n and a lone \r each end one row.
        let text = b"h1,h2\n\na,\"x\ny\nz\"\r\nb,c\rd,e\r\n\r\nf,g";
        for step in [1, 2, 5, 1 << 20] {
            let (rows, err) = read_all(text, b',', step);
            assert!(err.is_none());
            let numbers: Vec<u64> = rows.iter().map(|r| r.0).collect();
            assert_eq!(numbers, [1, 3, 4, 5, 7], "step {step}");
        }
    }

    #[test]
    fn an_open_quote_at_the_end_is_an_error_where_it_opened() {
        // On one of the last rows (it used to swallow them silently).
        for (text, row, column) in [
            (&b"code,name\n1,a\n2,\"b\n3,c\n4,d\n"[..], 3, 2),
            (b"code,name\r1,a\r2,b\r3,\"c\r4,d\r5,e\r", 4, 2),
            (b"code,name\n1,\"a\"\"", 2, 2),
        ] {
            for step in [1, 3, 1 << 20] {
                let (_, err) = read_all(text, b',', step);
                match err {
                    Some(RowError::Unclosed { row: r, column: c }) => assert_eq!((r, c), (row, column)),
                    other => panic!("{:?}: {other:?}", String::from_utf8_lossy(text)),
                }
            }
        }
        // A closed quote with line breaks inside is fine, however many.
        let text = b"code,note\n1,\"a\nb\nc\nd\ne\"\n2,x\n";
        let (rows, err) = read_all(text, b',', 3);
        assert!(err.is_none());
        assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), [1, 2, 3]);
    }

    #[test]
    fn a_line_that_never_ends_is_refused() {
        struct Zeros;
        impl std::io::Read for Zeros {
            fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                out.fill(b'0');
                Ok(out.len())
            }
        }
        let mut rows = Rows::new(Box::new(Zeros), b',');
        let mut rec = csv::ByteRecord::new();
        assert!(matches!(rows.next(&mut rec), Err(RowError::TooLong { row: 1 })));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// Random texts over the bytes that matter: the rows are the csv
        /// crate's, or the text ends inside a quoted field and that is said.
        #[test]
        fn random_text_reads_as_the_csv_crate_does(
            text in proptest::collection::vec(proptest::sample::select(b"ab,\"\r\n ".to_vec()), 0..40),
        ) {
            for step in [1, 5, 64] {
                let (rows, err) = read_all(&text, b',', step);
                if open_at_end(&text) {
                    proptest::prop_assert!(matches!(err, Some(RowError::Unclosed { .. })), "{:?}", String::from_utf8_lossy(&text));
                } else {
                    proptest::prop_assert!(err.is_none());
                    let rows: Vec<_> = rows.into_iter().map(|r| r.1).collect();
                    proptest::prop_assert_eq!(rows, by_csv(&text, b','), "{:?}", String::from_utf8_lossy(&text));
                }
            }
        }
    }

    #[test]
    fn a_long_line_grows_the_buffer() {
        let cell = "9".repeat(3 * super::BUFFER);
        let text = format!("a,{cell}\n\"{cell}\",b\n");
        assert_eq!(by_rows(text.as_bytes(), b',', 1 << 20), by_csv(text.as_bytes(), b','));
    }
}
