//! `uscc generate`: a synthetic data set written as CSV (UTF-8, GBK or
//! UTF-16) or as an XLSX workbook.

use std::io::Write;
use std::path::{Path, PathBuf};

use uscc::analysis::synth::{self, SynthOptions, SynthRecord};
use uscc::publicity;

use crate::cells::{Cell, TableBook};
use crate::decode::TextEncoding;
use crate::error::OutputError;

/// The most records generated into CSV: the generator holds them all (each
/// may repeat an earlier one), about 150 bytes each.
pub const MAX_RECORDS: usize = 20_000_000;

const HEADERS: [&str; 3] = ["统一社会信用代码", "行政相对人名称", "数据来源单位"];

/// Writes records to `out` as CSV in `encoding`, a few thousand rows at a
/// time.
pub fn write_csv(out: &mut dyn Write, data: &[SynthRecord], encoding: TextEncoding) -> std::io::Result<()> {
    write_rows_csv(out, &HEADERS, data, |r| vec![&r.code, &r.name, &r.group], encoding)
}

/// Writes 双公示 records to `out` as CSV in `encoding`.
pub fn write_publicity_csv(
    out: &mut dyn Write,
    data: &[publicity::synth::Row],
    penalties: bool,
    encoding: TextEncoding,
) -> std::io::Result<()> {
    let headers = publicity::synth::headers(penalties);
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    write_rows_csv(out, &headers, data, |r| r.values.iter().map(String::as_str).collect(), encoding)
}

/// Writes rows under headers as CSV in `encoding`, a few thousand rows at a
/// time.
fn write_rows_csv<R>(
    out: &mut dyn Write,
    headers: &[&str],
    data: &[R],
    fields: impl Fn(&R) -> Vec<&str>,
    encoding: TextEncoding,
) -> std::io::Result<()> {
    match encoding {
        TextEncoding::Utf16le => out.write_all(&[0xFF, 0xFE])?,
        TextEncoding::Utf16be => out.write_all(&[0xFE, 0xFF])?,
        _ => {}
    }
    // The header goes with the first batch (an empty data set is one empty batch).
    let mut header = Some(headers);
    let batches = data.chunks(4096).chain(data.is_empty().then_some(&data[..0]));
    for batch in batches {
        let mut text = csv::Writer::from_writer(Vec::new());
        if let Some(h) = header.take() {
            text.write_record(h)?;
        }
        for r in batch {
            text.write_record(fields(r))?;
        }
        let bytes = text.into_inner().map_err(|e| std::io::Error::other(e.to_string()))?;
        out.write_all(&encode(&bytes, encoding))?;
    }
    out.flush()
}

/// UTF-8 text in `encoding` (whole rows at a time, so no character is cut).
fn encode(utf8: &[u8], encoding: TextEncoding) -> Vec<u8> {
    let s = String::from_utf8_lossy(utf8);
    match encoding {
        TextEncoding::Utf8 => utf8.to_vec(),
        TextEncoding::Gbk => encoding_rs::GB18030.encode(&s).0.into_owned(),
        TextEncoding::Utf16le => s.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        TextEncoding::Utf16be => s.encode_utf16().flat_map(u16::to_be_bytes).collect(),
    }
}

/// Writes records as an XLSX workbook, every code as text, atomically.
pub fn write_xlsx(path: &Path, data: &[SynthRecord]) -> Result<(), OutputError> {
    write_rows_xlsx(path, &HEADERS, data, |r| vec![&r.code, &r.name, &r.group])
}

/// Writes 双公示 records as an XLSX workbook, every cell as text, atomically.
pub fn write_publicity_xlsx(path: &Path, data: &[publicity::synth::Row], penalties: bool) -> Result<(), OutputError> {
    let headers = publicity::synth::headers(penalties);
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    write_rows_xlsx(path, &headers, data, |r| r.values.iter().map(String::as_str).collect())
}

fn write_rows_xlsx<R>(
    path: &Path,
    headers: &[&str],
    data: &[R],
    fields: impl Fn(&R) -> Vec<&str>,
) -> Result<(), OutputError> {
    let err = |e: rust_xlsxwriter::XlsxError| OutputError::new(path, e);
    let mut book = TableBook::new("Sheet1", headers).map_err(err)?;
    for r in data {
        let cells: Vec<Cell<'_>> = fields(r).into_iter().map(Cell::Text).collect();
        book.row(&cells).map_err(err)?;
    }
    book.save(path)
}

/// Whether `records` fit a file of the kind and what the generator can
/// keep; why not, otherwise.
pub fn check_size(records: usize, xlsx: bool) -> Result<(), String> {
    let most = if xlsx { crate::cells::MAX_SHEET_ROWS as usize - 1 } else { MAX_RECORDS };
    if records > most {
        return Err(format!(
            "at most {most} records can be generated into {} (asked for {records})",
            if xlsx { "one XLSX worksheet" } else { "a CSV file" },
        ));
    }
    Ok(())
}

/// The records, or why not: more than a file of the kind can hold or the
/// generator can keep.
pub fn records(seed: u64, options: &SynthOptions, xlsx: bool) -> Result<Vec<SynthRecord>, String> {
    check_size(options.records, xlsx)?;
    Ok(synth::generate(seed, options))
}

/// The files of a monthly sequence: `NAME-01.EXT`, `NAME-02.EXT` … beside
/// the path given.
#[must_use]
pub fn month_paths(path: &Path, months: usize) -> Vec<PathBuf> {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = path.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
    (1..=months).map(|k| path.with_file_name(format!("{stem}-{k:02}{ext}"))).collect()
}
