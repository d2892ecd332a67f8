//! XLSX workbooks read straight from their XML: the shared strings into
//! one buffer, then the first worksheet's cells streamed in blocks of rows,
//! each row handed on as soon as it is read; the sheet is never held whole.
//!
//! A cell's text is what the cell shows: its string (shared or inline, the
//! runs of rich text joined, phonetic guides left out), its number with 15
//! significant digits as Excel keeps it, a date or time as `2026-11-30` or
//! `2026-11-30 08:30:00` when its style shows a date, `true`/`false`, an
//! error as Excel writes it (`#N/A`). A formula counts by its last value
//! (docs/rules.md, "Workbooks").

mod numbers;
mod package;

use std::path::Path;

pub(crate) use numbers::{NumberKind, excel_number, number_text};
use package::{Parts, Zip, for_blocks};

use crate::error::InputError;
use crate::workbook::{MAX_COLUMNS, MAX_ROWS, RowSink, Source};
use crate::xml::{Piece, Pieces, attr, attrs3, plain_element, push_text, push_unescaped};

/// An open XLSX workbook: its first worksheet, ready to be streamed.
pub(crate) struct Xlsx {
    zip: Zip,
    parts: Parts,
    strings: Strings,
}

/// The shared strings, one after another in one buffer.
#[derive(Default)]
struct Strings {
    text: Vec<u8>,
    ends: Vec<u32>,
}

impl Strings {
    fn get(&self, i: usize) -> Option<&[u8]> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        Some(&self.text[start..end])
    }
}

/// A string's text being put together from its runs (`<si>`, `<is>`).
#[derive(Default)]
struct Rich {
    out: Vec<u8>,
    run: Vec<u8>,
    in_text: bool,
    preserve: bool,
    phonetic: bool,
}

impl Rich {
    fn clear(&mut self) {
        self.out.clear();
        self.in_text = false;
        self.phonetic = false;
    }

    /// Takes a piece inside the string's element.
    fn take(&mut self, piece: Piece<'_>) -> Result<(), String> {
        match piece {
            Piece::Start { name: b"rPh", empty, .. } => self.phonetic = !empty,
            Piece::End(b"rPh") => self.phonetic = false,
            Piece::Start { name: b"t", attrs, empty } if !self.phonetic && !empty => {
                self.in_text = true;
                self.preserve = attr(attrs, b"space") == Some(b"preserve");
                self.run.clear();
            }
            Piece::Text(raw) if self.in_text => push_text(raw, &mut self.run)?,
            Piece::CData(raw) if self.in_text => self.run.extend_from_slice(raw),
            Piece::End(b"t") if self.in_text => {
                self.in_text = false;
                // Spaces, tabs and line ends around a run count only where
                // the run says to keep them.
                let run = if self.preserve { &self.run[..] } else { self.run.trim_ascii() };
                push_unescaped(run, &mut self.out);
            }
            _ => {}
        }
        Ok(())
    }
}

impl Xlsx {
    /// Opens a workbook: its parts found, its shared strings read.
    pub(crate) fn open(src: Box<dyn Source>) -> Result<Xlsx, String> {
        let mut zip = Zip::new(src).map_err(|e| e.to_string())?;
        let parts = Parts::find(&mut zip)?;
        let mut strings = Strings::default();
        if let Some(part) = parts.strings.clone() {
            read_strings(&mut zip, &part, &mut strings)?;
        }
        Ok(Xlsx { zip, parts, strings })
    }

    /// Gives each non-blank row of the first worksheet to `sink` with its
    /// row number (1-based), until `sink` says stop.
    pub(crate) fn rows(&mut self, path: &Path, sink: &mut RowSink<'_>) -> Result<(), InputError> {
        let mut sheet = Sheet::new(&self.strings, &self.parts.styles, self.parts.is_1904);
        let read_error =
            |m: String| Stop::Input(InputError::new(path, format!("cannot read the first worksheet: {m}")));
        let part = self.parts.sheet.clone();
        let result = for_blocks(&mut self.zip, &part, b"row", read_error, &mut |block| sheet.block(block, sink));
        let result = result.and_then(|()| sheet.finish(sink));
        match result {
            Ok(()) | Err(Stop::Sink) => Ok(()),
            Err(Stop::Input(e)) => Err(e),
            Err(Stop::Xml(m)) => {
                let (row, column) = sheet.place;
                Err(InputError::new(path, format!("cannot read the first worksheet: {m}"))
                    .at((row > 0).then_some(row), column))
            }
        }
    }
}

/// Reads the shared strings into `strings`.
fn read_strings(zip: &mut Zip, part: &str, strings: &mut Strings) -> Result<(), String> {
    let mut rich = Rich::default();
    let mut in_item = false;
    let too_long = || "the shared strings are longer than 4 GB".to_owned();
    // Room for the text at once (it is shorter than its XML; pages not
    // written are never touched): the buffer is not copied as it grows.
    // Where the memory is not there (a browser's), it grows as it goes.
    if let Some(size) = package::part_size(zip, part) {
        let _ = strings.text.try_reserve(usize::try_from(size.min(crate::workbook::MAX_PART_BYTES)).unwrap_or(0));
    }
    for_blocks(zip, part, b"si", |m| m, &mut |block| {
        let mut pieces = Pieces::new(block);
        while let Some(p) = pieces.next_piece()? {
            match p {
                Piece::Start { name: b"si", empty, .. } => {
                    rich.clear();
                    in_item = !empty;
                    if empty {
                        strings.ends.push(u32::try_from(strings.text.len()).map_err(|_| too_long())?);
                    } else if let Some((t, len)) = plain_element(pieces.rest(), b"t")
                        && pieces.rest()[len..].starts_with(b"</si>")
                    {
                        // The common string, `<t>…</t></si>`, read at once.
                        rich.run.clear();
                        push_text(t, &mut rich.run)?;
                        push_unescaped(rich.run.trim_ascii(), &mut strings.text);
                        strings.ends.push(u32::try_from(strings.text.len()).map_err(|_| too_long())?);
                        pieces.skip(len + 5);
                        in_item = false;
                    }
                }
                Piece::End(b"si") if in_item => {
                    in_item = false;
                    strings.text.extend_from_slice(&rich.out);
                    strings.ends.push(u32::try_from(strings.text.len()).map_err(|_| too_long())?);
                }
                p if in_item => rich.take(p)?,
                _ => {}
            }
        }
        Ok(true)
    })
}

/// Why reading the sheet stopped early.
enum Stop {
    /// The sink said stop.
    Sink,
    /// The sink's error, or the archive's.
    Input(InputError),
    /// The sheet's XML is not what a worksheet holds.
    Xml(String),
}

impl From<String> for Stop {
    fn from(m: String) -> Stop {
        Stop::Xml(m)
    }
}

impl From<&str> for Stop {
    fn from(m: &str) -> Stop {
        Stop::Xml(m.to_owned())
    }
}

/// A cell's type, from its `t` attribute.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CellType {
    Number,
    Shared,
    Inline,
    Formula,
    Bool,
    Error,
    Date,
    /// No `t`: a number, or text where the value is not one.
    Unset,
}

/// Where in a worksheet the reading is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Before the cells (`sheetData`).
    Before,
    /// Among them.
    Data,
    /// Past them.
    Done,
}

/// Where in a cell the reading is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Within {
    /// In the cell, outside its value.
    Cell,
    /// In its value (`<v>`).
    Value,
    /// In its inline string (`<is>`).
    Inline,
}

/// The worksheet being read: where it is, the row under way.
struct Sheet<'a> {
    strings: &'a Strings,
    styles: &'a [NumberKind],
    is_1904: bool,
    /// Where in the sheet the reading is.
    stage: Stage,
    /// The row and column the next cell without a reference takes.
    next_row: u32,
    next_col: u32,
    /// The row whose cells are being gathered.
    row: Option<u32>,
    /// Where the reading is, for an error: row and column as a spreadsheet
    /// program shows them (row 0 before the first).
    place: (u64, Option<usize>),
    /// The row's cells: `texts[..len]`; buffers are kept from row to row
    /// (those past `len` empty), so that a cell costs no allocation.
    texts: Vec<Vec<u8>>,
    len: usize,
    record: csv::ByteRecord,
    /// The cell under way: its column, type and style.
    cell: Option<(usize, CellType, usize)>,
    /// Where in the cell under way.
    within: Within,
    value: Vec<u8>,
    rich: Rich,
    /// The cell's text being made.
    scratch: Vec<u8>,
}

impl<'a> Sheet<'a> {
    fn new(strings: &'a Strings, styles: &'a [NumberKind], is_1904: bool) -> Sheet<'a> {
        Sheet {
            strings,
            styles,
            is_1904,
            stage: Stage::Before,
            next_row: 0,
            next_col: 0,
            row: None,
            place: (0, None),
            texts: Vec::new(),
            len: 0,
            record: csv::ByteRecord::new(),
            cell: None,
            within: Within::Cell,
            value: Vec::new(),
            rich: Rich::default(),
            scratch: Vec::new(),
        }
    }

    /// Reads a block of the sheet's XML.
    fn block(&mut self, block: &[u8], sink: &mut RowSink<'_>) -> Result<bool, Stop> {
        let mut pieces = Pieces::new(block);
        while self.stage != Stage::Done {
            let Some(p) = pieces.next_piece()? else { break };
            if self.stage == Stage::Data {
                self.take(p, &mut pieces, sink)?;
            } else if let Piece::Start { name, empty, .. } = p {
                match name {
                    b"sheetData" => {
                        self.stage = if empty { Stage::Done } else { Stage::Data };
                    }
                    b"chartsheet" | b"dialogsheet" | b"macrosheet" => {
                        return Err(Stop::Xml("the first sheet holds no cells (a chart or dialog sheet)".into()));
                    }
                    _ => {}
                }
            }
        }
        Ok(self.stage != Stage::Done)
    }

    /// Takes a piece inside `sheetData`.
    fn take(&mut self, p: Piece<'_>, pieces: &mut Pieces<'_>, sink: &mut RowSink<'_>) -> Result<(), Stop> {
        if self.cell.is_some() {
            return self.take_in_cell(p);
        }
        match p {
            Piece::Start { name: b"row", attrs, empty } => {
                if let Some(r) = attr(attrs, b"r") {
                    let r = number(r).filter(|&r| r >= 1).ok_or("a row number that is not one")?;
                    self.next_row = u32::try_from(r - 1).unwrap_or(u32::MAX);
                }
                self.next_col = 0;
                self.place = (u64::from(self.next_row) + 1, None);
                if empty {
                    self.next_row = self.next_row.saturating_add(1);
                }
            }
            Piece::End(b"row") => {
                self.next_row = self.next_row.saturating_add(1);
                self.next_col = 0;
            }
            Piece::Start { name: b"c", attrs, empty } => {
                let [r, style, kind] = attrs3(attrs, [b"r", b"s", b"t"]);
                let (row, col) = match r {
                    Some(r) => cell_ref(r).ok_or_else(|| {
                        format!(
                            "a cell reference that is not one ({:?})",
                            String::from_utf8_lossy(&r[..r.len().min(12)])
                        )
                    })?,
                    None => (u64::from(self.next_row), u64::from(self.next_col)),
                };
                if row >= u64::from(MAX_ROWS) || col >= u64::from(MAX_COLUMNS) {
                    return Err(Stop::Xml(format!(
                        "a cell at row {}, column {} lies past Excel's last row ({MAX_ROWS}) or column ({MAX_COLUMNS})",
                        row + 1,
                        col + 1
                    )));
                }
                self.place = (row + 1, Some(col as usize + 1));
                let (row, col) = (row as u32, col as u32);
                (self.next_row, self.next_col) = (row, col + 1);
                if self.row != Some(row) {
                    if let Some(prev) = self.row {
                        self.flush(prev, sink)?;
                    }
                    self.row = Some(row);
                }
                let kind = match kind {
                    None => CellType::Unset,
                    Some(b"n") => CellType::Number,
                    Some(b"s") => CellType::Shared,
                    Some(b"inlineStr" | b"is") => CellType::Inline,
                    Some(b"str") => CellType::Formula,
                    Some(b"b") => CellType::Bool,
                    Some(b"e") => CellType::Error,
                    Some(b"d") => CellType::Date,
                    Some(t) => {
                        return Err(Stop::Xml(format!(
                            "a cell of unknown type {:?}",
                            String::from_utf8_lossy(&t[..t.len().min(12)])
                        )));
                    }
                };
                let style = style.and_then(number).map_or(usize::MAX, |s| s as usize);
                self.value.clear();
                self.rich.clear();
                self.cell = Some((col as usize, kind, style));
                if empty {
                    self.end_cell()?;
                } else if let Some((v, len)) = plain_element(pieces.rest(), b"v")
                    && pieces.rest()[len..].starts_with(b"</c>")
                {
                    // The common cell, `<v>…</v></c>`, read at once.
                    push_text(v, &mut self.value)?;
                    pieces.skip(len + 4);
                    self.end_cell()?;
                }
            }
            Piece::End(b"sheetData") => self.stage = Stage::Done,
            _ => {}
        }
        Ok(())
    }

    /// Takes a piece inside a cell.
    fn take_in_cell(&mut self, p: Piece<'_>) -> Result<(), Stop> {
        match p {
            Piece::Start { name: b"v", empty: false, .. } if self.within == Within::Cell => self.within = Within::Value,
            Piece::End(b"v") if self.within == Within::Value => self.within = Within::Cell,
            Piece::Text(raw) if self.within == Within::Value => push_text(raw, &mut self.value)?,
            Piece::CData(raw) if self.within == Within::Value => self.value.extend_from_slice(raw),
            Piece::Start { name: b"is", empty, .. } => {
                self.within = if empty { Within::Cell } else { Within::Inline };
                self.rich.clear();
            }
            Piece::End(b"is") if self.within == Within::Inline => self.within = Within::Cell,
            Piece::End(b"c") => self.end_cell()?,
            p if self.within == Within::Inline => self.rich.take(p)?,
            _ => {}
        }
        Ok(())
    }

    /// Ends the cell under way: its text into the row's cells.
    fn end_cell(&mut self) -> Result<(), Stop> {
        let Some((col, kind, style)) = self.cell.take() else { return Ok(()) };
        self.within = Within::Cell;
        let out = &mut self.scratch;
        out.clear();
        match kind {
            CellType::Shared => {
                let v = self.value.trim_ascii();
                if !v.is_empty() {
                    let i = number(v).ok_or("a shared string's index that is not a number")?;
                    let s = usize::try_from(i).ok().and_then(|i| self.strings.get(i));
                    out.extend_from_slice(
                        s.ok_or_else(|| format!("a cell names shared string {i}, which the workbook does not have"))?,
                    );
                }
            }
            CellType::Inline => std::mem::swap(out, &mut self.rich.out),
            CellType::Formula => push_unescaped(&self.value, out),
            CellType::Bool => match self.value.trim_ascii() {
                b"" => {}
                b"0" => out.extend_from_slice(b"false"),
                b"1" => out.extend_from_slice(b"true"),
                v if v.eq_ignore_ascii_case(b"false") => out.extend_from_slice(b"false"),
                v if v.eq_ignore_ascii_case(b"true") => out.extend_from_slice(b"true"),
                _ => return Err(Stop::Xml("a true/false cell holding something else".into())),
            },
            CellType::Error | CellType::Date => std::mem::swap(out, &mut self.value),
            CellType::Number | CellType::Unset if self.value.is_empty() => {}
            CellType::Number | CellType::Unset => {
                match std::str::from_utf8(&self.value).ok().and_then(|v| v.parse::<f64>().ok()) {
                    Some(f) => {
                        let kind = self.styles.get(style).copied();
                        out.extend_from_slice(number_text(f, kind, self.is_1904).as_bytes());
                    }
                    None if kind == CellType::Unset => std::mem::swap(out, &mut self.value),
                    None => return Err(Stop::Xml("a number cell holding something else".into())),
                }
            }
        }
        if col >= self.len {
            // An empty cell past the row's last adds nothing.
            if out.is_empty() {
                return Ok(());
            }
            if self.texts.len() <= col {
                self.texts.resize(col + 1, Vec::new());
            }
            self.len = col + 1;
        }
        // The cell's old buffer (empty) becomes the next cell's.
        std::mem::swap(&mut self.texts[col], out);
        out.clear();
        Ok(())
    }

    /// Hands the row's cells on if any is not empty; the cells are emptied.
    fn flush(&mut self, row: u32, sink: &mut RowSink<'_>) -> Result<(), Stop> {
        let cells = &mut self.texts[..self.len];
        self.len = 0;
        if cells.iter().all(Vec::is_empty) {
            return Ok(());
        }
        self.record.clear();
        for c in cells.iter_mut() {
            self.record.push_field(c);
            c.clear();
        }
        match sink(u64::from(row) + 1, &self.record) {
            Ok(true) => Ok(()),
            Ok(false) => Err(Stop::Sink),
            Err(e) => Err(Stop::Input(e)),
        }
    }

    /// Hands on the last row; an error where the sheet's data did not end.
    fn finish(&mut self, sink: &mut RowSink<'_>) -> Result<(), Stop> {
        if self.stage != Stage::Done {
            return Err(Stop::Xml(if self.stage == Stage::Data {
                "the worksheet ends before its cells do (the file is cut short)".into()
            } else {
                "the worksheet has no cells part (sheetData)".into()
            }));
        }
        match self.row.take() {
            Some(row) => self.flush(row, sink),
            None => Ok(()),
        }
    }
}

/// A decimal number (at most 10 digits).
fn number(b: &[u8]) -> Option<u64> {
    if b.is_empty() || b.len() > 10 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, &d| n * 10 + u64::from(d - b'0')))
}

/// A cell reference such as `B2`: its row and column, from 0.
fn cell_ref(r: &[u8]) -> Option<(u64, u64)> {
    let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if letters == 0 || letters > 4 {
        return None;
    }
    let col = r[..letters].iter().fold(0u64, |n, &b| n * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1));
    let row = number(&r[letters..]).filter(|&r| r >= 1)?;
    Some((row - 1, col - 1))
}

#[cfg(test)]
mod tests;
