//! The rows of a CSV text. Most lines of a department's export have no
//! quote at all: such a line is split at the delimiter directly, a search
//! for three bytes at a time (`memchr`). Any other line goes through
//! `csv_core`'s parser, so that quoted fields (with delimiters, quotes or
//! line breaks inside) and lone carriage returns read exactly as the `csv`
//! crate reads them. Blank lines are skipped, as there.

use std::io::{self, Read};

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
}

const BUFFER: usize = 1 << 16;

impl Rows {
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
        }
    }

    /// Moves the unread bytes to the front and reads more after them,
    /// growing the buffer when it is full (a line longer than it).
    fn fill(&mut self) -> io::Result<()> {
        self.buf.copy_within(self.pos..self.end, 0);
        self.end -= self.pos;
        self.pos = 0;
        if self.end == self.buf.len() {
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
                Err(e) => return Err(e),
            }
        }
    }

    /// Reads the next row into `record`; `false` at the end.
    pub fn next(&mut self, record: &mut csv::ByteRecord) -> io::Result<bool> {
        loop {
            let unread = &self.buf[self.pos..self.end];
            let Some(nl) = memchr::memchr(b'\n', unread) else {
                if !self.eof {
                    self.fill()?;
                    continue;
                }
                if unread.is_empty() {
                    return Ok(false);
                }
                // The last line, without a line end.
                return self.quoted(record);
            };
            let line = &unread[..nl];
            let body = line.strip_suffix(b"\r").unwrap_or(line);
            if memchr::memchr2(b'"', b'\r', body).is_some() {
                return self.quoted(record);
            }
            self.pos += nl + 1;
            if body.is_empty() {
                continue;
            }
            record.clear();
            let mut start = 0;
            for at in memchr::memchr_iter(self.delimiter, body) {
                record.push_field(&body[start..at]);
                start = at + 1;
            }
            record.push_field(&body[start..]);
            return Ok(true);
        }
    }

    /// One row through `csv_core`, from the first unread byte.
    fn quoted(&mut self, record: &mut csv::ByteRecord) -> io::Result<bool> {
        use csv_core::ReadRecordResult as R;
        let (mut nout, mut nends) = (0, 0);
        loop {
            let (result, read, wrote, ended) =
                self.parser.read_record(&self.buf[self.pos..self.end], &mut self.out[nout..], &mut self.ends[nends..]);
            self.pos += read;
            nout += wrote;
            nends += ended;
            match result {
                R::InputEmpty => {
                    if !self.eof {
                        self.fill()?;
                    }
                    // At the end of the input, the next call (with nothing
                    // to read) tells the parser so.
                }
                R::OutputFull => self.out.resize(self.out.len() * 2, 0),
                R::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                R::Record => {
                    record.clear();
                    let mut start = 0;
                    for &end in &self.ends[..nends] {
                        record.push_field(&self.out[start..end]);
                        start = end;
                    }
                    return Ok(true);
                }
                R::End => return Ok(false),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Rows;

    /// Every row as the `csv` crate reads it (flexible, no header).
    fn by_csv(text: &[u8], delimiter: u8) -> Vec<Vec<Vec<u8>>> {
        let mut r = csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text);
        r.byte_records().map(|x| x.map(|rec| rec.iter().map(<[u8]>::to_vec).collect()).unwrap()).collect()
    }

    /// Every row as [`Rows`] reads it, through a source that gives a few
    /// bytes at a time (so that lines and quoted fields cross refills).
    fn by_rows(text: &[u8], delimiter: u8, step: usize) -> Vec<Vec<Vec<u8>>> {
        struct Trickle(Vec<u8>, usize, usize);
        impl std::io::Read for Trickle {
            fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                let n = self.2.min(out.len()).min(self.0.len() - self.1);
                out[..n].copy_from_slice(&self.0[self.1..self.1 + n]);
                self.1 += n;
                Ok(n)
            }
        }
        let mut rows = Rows::new(Box::new(Trickle(text.to_vec(), 0, step)), delimiter);
        let mut rec = csv::ByteRecord::new();
        let mut all = Vec::new();
        while rows.next(&mut rec).unwrap() {
            all.push(rec.iter().map(<[u8]>::to_vec).collect());
        }
        all
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
            b"\"unclosed,a\nb,c\n",
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// Random texts over the bytes that matter.
        #[test]
        fn random_text_reads_as_the_csv_crate_does(
            text in proptest::collection::vec(proptest::sample::select(b"ab,\"\r\n ".to_vec()), 0..40),
        ) {
            for step in [1, 5, 64] {
                proptest::prop_assert_eq!(
                    by_rows(&text, b',', step),
                    by_csv(&text, b','),
                    "{:?}",
                    String::from_utf8_lossy(&text)
                );
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
