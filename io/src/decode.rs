//! Text encodings: detection from a file's first bytes, and a reader that
//! decodes GB18030 or UTF-16 to UTF-8, refusing bytes not valid in the
//! encoding. Where such bytes are is told by the row reader, which knows
//! the rows: the decoder hands over every good byte before the bad one first.

use std::io::{self, Read};

use encoding_rs::{Decoder, DecoderResult, Encoding, GB18030, UTF_16BE, UTF_16LE};

/// The text encoding of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    /// Every encoding, with the names `parse` accepts first.
    pub const ALL: [(TextEncoding, &'static str); 4] = [
        (TextEncoding::Utf8, "utf8"),
        (TextEncoding::Gbk, "gbk"),
        (TextEncoding::Utf16le, "utf16le"),
        (TextEncoding::Utf16be, "utf16be"),
    ];

    /// The encoding's usual name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Gbk => "GB18030",
            TextEncoding::Utf16le => "UTF-16LE",
            TextEncoding::Utf16be => "UTF-16BE",
        }
    }

    /// The name a user gives (`utf8`, `utf-8`, `gbk`, `gb18030`, `utf16le` …).
    #[must_use]
    pub fn parse(s: &str) -> Option<TextEncoding> {
        match s.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
            "utf8" => Some(TextEncoding::Utf8),
            "gbk" | "gb18030" | "gb2312" | "cp936" => Some(TextEncoding::Gbk),
            "utf16le" | "utf16" => Some(TextEncoding::Utf16le),
            "utf16be" => Some(TextEncoding::Utf16be),
            _ => None,
        }
    }

    /// What to suggest when bytes are not valid in this encoding.
    #[must_use]
    pub fn hint(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "; if the file is in GBK, give --encoding gbk",
            TextEncoding::Gbk => "; if the file is in UTF-8, give --encoding utf8",
            TextEncoding::Utf16le | TextEncoding::Utf16be => "; is the file really UTF-16?",
        }
    }

    pub(crate) fn encoding(self) -> Option<&'static Encoding> {
        match self {
            TextEncoding::Utf8 => None,
            TextEncoding::Gbk => Some(GB18030),
            TextEncoding::Utf16le => Some(UTF_16LE),
            TextEncoding::Utf16be => Some(UTF_16BE),
        }
    }
}

/// Decides the encoding from the first bytes: a byte-order mark; else UTF-8
/// when the bytes are valid UTF-8, GB18030 when they are valid GB18030 and
/// not UTF-8; else the one of the two with fewer bad sequences (a UTF-8
/// file with one bad byte stays UTF-8, and the bad byte is reported where it
/// is). Returns the encoding and how many bytes of BOM to skip.
#[must_use]
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
    let utf8 = utf8_errors(head);
    if utf8 == 0 {
        return (TextEncoding::Utf8, 0);
    }
    if gb18030_errors(head) <= utf8 { (TextEncoding::Gbk, 0) } else { (TextEncoding::Utf8, 0) }
}

/// Bad UTF-8 sequences in `head`, not counting one cut by its end.
fn utf8_errors(head: &[u8]) -> usize {
    let mut errors = 0;
    let mut chunks = head.utf8_chunks().peekable();
    while let Some(chunk) = chunks.next() {
        let last = chunks.peek().is_none();
        // A sequence cut by the end of the sample is not an error.
        let bad = chunk.invalid();
        let cut_at_end = last && bad.len() < 4 && bad.first().is_some_and(|&b| b >= 0xC0);
        if !bad.is_empty() && !cut_at_end {
            errors += 1;
        }
    }
    errors
}

/// Bad GB18030 sequences in `head`, not counting one cut by its end.
fn gb18030_errors(head: &[u8]) -> usize {
    let mut decoder = GB18030.new_decoder_without_bom_handling();
    let mut out = vec![0u8; head.len() * 3 + 16];
    let mut input = head;
    let mut errors = 0;
    loop {
        let (result, read, _) = decoder.decode_to_utf8_without_replacement(input, &mut out, false);
        input = &input[read..];
        match result {
            DecoderResult::Malformed(_, _) => errors += 1,
            DecoderResult::InputEmpty | DecoderResult::OutputFull => return errors,
        }
    }
}

/// Decodes a byte stream to UTF-8, refusing malformed input. Every good byte
/// before a bad one is returned first; the next read then fails with
/// [`io::ErrorKind::InvalidData`], so that the reader of rows can say on
/// which row and in which column the bad bytes are.
pub(crate) struct DecodeReader<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    failed: bool,
    encoding: TextEncoding,
}

impl<R: Read> DecodeReader<R> {
    pub(crate) fn new(inner: R, encoding: TextEncoding, with: &'static Encoding) -> Self {
        DecodeReader {
            inner,
            decoder: with.new_decoder_without_bom_handling(),
            input: vec![0; 64 * 1024],
            start: 0,
            end: 0,
            eof: false,
            failed: false,
            encoding,
        }
    }
}

/// The payload of a decoding error.
#[derive(Debug)]
pub(crate) struct BadBytes(pub TextEncoding);

impl std::fmt::Display for BadBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "bytes not valid in {}{}", self.0.name(), self.0.hint())
    }
}

impl std::error::Error for BadBytes {}

impl<R: Read> Read for DecodeReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.len() < 4 {
            return Err(io::Error::other("read buffer too small for decoding"));
        }
        if self.failed {
            return Err(io::Error::new(io::ErrorKind::InvalidData, BadBytes(self.encoding)));
        }
        loop {
            if self.start == self.end && !self.eof {
                self.start = 0;
                self.end = loop {
                    match self.inner.read(&mut self.input) {
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        r => break r?,
                    }
                };
                self.eof = self.end == 0;
            }
            let (result, read, written) =
                self.decoder.decode_to_utf8_without_replacement(&self.input[self.start..self.end], out, self.eof);
            self.start += read;
            match result {
                DecoderResult::Malformed(_, _) => {
                    self.failed = true;
                    if written > 0 {
                        return Ok(written);
                    }
                    return Err(io::Error::new(io::ErrorKind::InvalidData, BadBytes(self.encoding)));
                }
                DecoderResult::OutputFull | DecoderResult::InputEmpty if written > 0 => return Ok(written),
                DecoderResult::InputEmpty if self.eof => return Ok(0),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection() {
        assert_eq!(detect("统一社会信用代码,名称\n".as_bytes()), (TextEncoding::Utf8, 0));
        assert_eq!(detect(b"\xEF\xBB\xBFa"), (TextEncoding::Utf8, 3));
        assert_eq!(detect(b"\xFF\xFEa\0"), (TextEncoding::Utf16le, 2));
        let gbk = GB18030.encode("统一社会信用代码,名称\n华为技术有限公司\n").0;
        assert_eq!(detect(&gbk), (TextEncoding::Gbk, 0));
        // UTF-8 with one bad byte stays UTF-8.
        let mut bad = "统一社会信用代码,名称\n华为技术有限公司,深圳\n".repeat(20).into_bytes();
        bad.insert(40, 0xFF);
        assert_eq!(detect(&bad), (TextEncoding::Utf8, 0));
        // A sequence cut by the end of the sample.
        let cut = "统一".as_bytes();
        assert_eq!(detect(&cut[..4]), (TextEncoding::Utf8, 0));
    }

    #[test]
    fn good_bytes_come_before_the_error() {
        let mut bytes = GB18030.encode("甲,乙\n丙,丁\n").0.into_owned();
        bytes.extend_from_slice(b"\x81\x20,x\n");
        let mut r = DecodeReader::new(&bytes[..], TextEncoding::Gbk, GB18030);
        let mut out = vec![0u8; 1024];
        let n = r.read(&mut out).unwrap();
        assert_eq!(std::str::from_utf8(&out[..n]).unwrap(), "甲,乙\n丙,丁\n");
        let e = r.read(&mut out).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        assert!(e.to_string().contains("GB18030"), "{e}");
    }
}
