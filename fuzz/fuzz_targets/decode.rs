//! Bytes not valid in the encoding, put at any row and column of a GBK,
//! UTF-16 or UTF-8 file: the error names that row and column.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use uscc_io::{ReadOptions, Table, TextEncoding};

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let (kind, rows, bad_row, bad_col) = (data[0] % 3, usize::from(data[1] % 40) + 1, data[2], data[3] % 3);
    let bad_row = usize::from(bad_row) % rows;
    // Rows of three fields from the fuzzer's bytes (letters, digits,
    // Chinese, an occasional quoted field with a line break).
    let words = ["甲", "乙公司", "9144", "x", "\"两\n行\"", "", "统一"];
    let mut text = String::from("code,name,note\n");
    let mut marks = Vec::new();
    for r in 0..rows {
        for c in 0..3 {
            if c > 0 {
                text.push(',');
            }
            if r == bad_row && c == usize::from(bad_col) {
                marks.push(text.len());
                text.push('\u{1}');
            }
            let b = data.get(4 + r * 3 + c).copied().unwrap_or(0);
            // A cell over two lines in any column but the code's.
            let word = words[usize::from(b) % words.len()];
            text.push_str(if c == 0 && word.contains('\n') { "x" } else { word });
        }
        text.push('\n');
    }
    let (encoding, mut bytes, bad): (TextEncoding, Vec<u8>, &[u8]) = match kind {
        0 => (TextEncoding::Gbk, encoding_rs::GB18030.encode(&text).0.into_owned(), b"\x81\x20"),
        1 => (TextEncoding::Utf8, text.into_bytes(), b"\xFF"),
        _ => {
            let b: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
            (TextEncoding::Utf16le, b, b"\x00\xDC")
        }
    };
    // Replace the marker (\u{1}, one unit in each encoding) with bad bytes.
    let marker: &[u8] = if encoding == TextEncoding::Utf16le { b"\x01\x00" } else { b"\x01" };
    let at = bytes.windows(marker.len()).position(|w| w == marker).unwrap();
    bytes.splice(at..at + marker.len(), bad.iter().copied());
    let src = Box::new(std::io::Cursor::new(bytes));
    let options = ReadOptions { encoding: Some(encoding), delimiter: Some(b',') };
    let mut table = Table::from_source(Path::new("f.csv"), src, options).unwrap();
    let mut chunk = uscc_io::ingest::Chunk::default();
    let cols = uscc_io::Columns { code: 0, name: Some(1), group: Some(2), roles: Vec::new() };
    let err = uscc_io::ingest::read_chunks(&mut table, &cols, &mut chunk, &mut |_| Ok(())).unwrap_err();
    // Header row 1, a blank-free file: data row r is row r + 2.
    assert_eq!((err.row, err.column), (Some(bad_row as u64 + 2), Some(usize::from(bad_col) + 1)), "{err}");
});
