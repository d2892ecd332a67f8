//! Reading a table into the analyzer, chunk by chunk: the rows' bytes kept
//! in one buffer per chunk and checked as UTF-8 once, as a whole; with the
//! `threads` feature a second thread reads the next chunk while the
//! analyzer takes the current one.

use std::ops::Range;
use std::path::Path;

use uscc::analysis::{Analyzer, Record, Registry};
use uscc::publicity::{Checked, Date};

use crate::columns::{ColumnSpecs, Columns, resolve};
use crate::error::InputError;
use crate::publicity::{ColumnChecks, RoleColumns};
use crate::table::{ReadOptions, Row, Table};

/// Rows per chunk: 16 k rows keep a chunk's prepared records (about 2 MB) in the
/// cache between the analysis's steps (64 k rows ran about 15% slower).
pub const CHUNK: usize = 1 << 14;

/// Chunks the reading thread may fill ahead of the analysis: while the
/// analysis is in a step on one thread (counting a chunk's 双公示 rows, its
/// finishing steps), the reader keeps the other core busy rather than wait
/// for a free chunk (10 M rows: 3.74 s against 3.89 s with one, medians of
/// 7 alternating runs; about 4 × 1.4 MB more there).
#[cfg(feature = "threads")]
const READ_AHEAD: usize = 4;

/// Row ids carry the file's index above bit 40.
#[must_use]
pub fn row_id(file: usize, row: u64) -> u64 {
    ((file as u64) << 40) | row
}

/// The file (by index) and row of a row id.
#[must_use]
pub fn split_row_id(id: u64) -> (usize, u64) {
    ((id >> 40) as usize, id & ((1 << 40) - 1))
}

/// A chunk of rows read from a file, kept and reused (its buffers too) from
/// one chunk to the next: the rows' bytes one after the other, each field
/// followed by the byte that ends it (a delimiter, or a line end after a
/// row's last), checked as UTF-8 once, as a whole; and for each row its
/// number and where its code, name and group lie in them.
#[derive(Default)]
pub struct Chunk {
    bytes: Vec<u8>,
    rows: Vec<ChunkRow>,
    /// Where every field ends, to say which one holds a byte not valid in
    /// the encoding.
    ends: Vec<usize>,
    /// Where each group the chunk met was first met (the first
    /// [`GROUPS_KEPT`]).
    groups: Vec<Range<usize>>,
}

/// Groups a chunk keeps where it met them first: more than a file names.
const GROUPS_KEPT: usize = 16;

struct ChunkRow {
    row: u64,
    /// The row's first field in `ends`.
    first: usize,
    code: Option<Range<usize>>,
    name: Option<Range<usize>>,
    group: Option<Range<usize>>,
}

impl Chunk {
    /// Rows in the chunk.
    #[must_use]
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the chunk holds no row.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Bytes of text in the chunk.
    #[must_use]
    pub fn bytes(&self) -> usize {
        self.bytes.len()
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.rows.clear();
        self.ends.clear();
        self.groups.clear();
    }

    /// Adds a row read into a record: its fields one after the other, each
    /// followed by a line end (as [`Chunk::push_line`] lays a line out).
    fn push(&mut self, row: u64, rec: &csv::ByteRecord, cols: &Columns) {
        let first = self.ends.len();
        for field in rec {
            self.bytes.extend_from_slice(field);
            self.ends.push(self.bytes.len());
            self.bytes.push(b'\n');
        }
        self.row_pushed(row, first, cols);
    }

    /// Adds a line without quotes or carriage returns as it stands, its
    /// delimiters between the fields and a line end after the last: each
    /// field ends where a delimiter is.
    fn push_line(&mut self, row: u64, line: &[u8], delimiter: u8, cols: &Columns) {
        let (base, first) = (self.bytes.len(), self.ends.len());
        self.bytes.extend_from_slice(line);
        self.bytes.push(b'\n');
        crate::rows::delimiters(line, delimiter, |at| self.ends.push(base + at));
        self.ends.push(base + line.len());
        self.row_pushed(row, first, cols);
    }

    /// Notes a row whose fields were added from field `first` on.
    fn row_pushed(&mut self, row: u64, first: usize, cols: &Columns) {
        let fields = first..self.ends.len();
        let span = |i: usize| {
            let field = first + i;
            fields.contains(&field).then(|| self.start(field)..self.ends[field])
        };
        let (code, name, mut group) = (span(cols.code), cols.name.and_then(span), cols.group.and_then(span));
        // A group met before in the chunk is read where it was first met: a
        // file names a handful of groups, and every reading of a row's group
        // (the analysis's, the 双公示 counting's) then finds it in the cache.
        if let Some(g) = group.clone() {
            let cell = &self.bytes[g.clone()];
            if let Some(first) = self.groups.iter().find(|f| f.len() == cell.len() && self.bytes[(*f).clone()] == *cell)
            {
                group = Some(first.clone());
            } else if self.groups.len() < GROUPS_KEPT {
                self.groups.push(g);
            }
        }
        self.rows.push(ChunkRow { row, first, code, name, group });
    }

    /// Where field `field` (counted over the chunk) starts: after the byte
    /// that ends the field before it.
    fn start(&self, field: usize) -> usize {
        if field == 0 { 0 } else { self.ends[field - 1] + 1 }
    }

    /// The chunk's text, or the first row and field (from 0) whose bytes
    /// are not valid UTF-8.
    pub fn text(&self) -> Result<&str, (u64, usize)> {
        if let Ok(text) = simdutf8::basic::from_utf8(&self.bytes) {
            return Ok(text);
        }
        for (i, r) in self.rows.iter().enumerate() {
            let (mut start, ends) = self.fields(i);
            for (field, &end) in ends.iter().enumerate() {
                if std::str::from_utf8(&self.bytes[start..end]).is_err() {
                    return Err((r.row, field));
                }
                start = end + 1;
            }
        }
        Err((self.rows.last().map_or(0, |r| r.row), 0))
    }

    /// Row `i`'s number in its file.
    #[must_use]
    pub fn row(&self, i: usize) -> u64 {
        self.rows[i].row
    }

    /// Row `i`'s cells, found once for reading several.
    #[must_use]
    pub fn cells<'a>(&'a self, text: &'a str, i: usize) -> RowCells<'a> {
        let (start, ends) = self.fields(i);
        RowCells { text, start, ends }
    }

    /// Where row `i`'s first field starts, and where each of its fields ends.
    fn fields(&self, i: usize) -> (usize, &[usize]) {
        let r = &self.rows[i];
        let last = self.rows.get(i + 1).map_or(self.ends.len(), |next| next.first);
        (self.start(r.first), &self.ends[r.first..last])
    }

    /// Row `i`'s group cell, when the file has a group column.
    #[must_use]
    pub fn group<'a>(&self, text: &'a str, i: usize) -> Option<&'a str> {
        self.rows[i].group.clone().and_then(|s| text.get(s))
    }

    /// The chunk's rows as analysis records of file `file`; a row without
    /// a group column takes `default_group`.
    #[must_use]
    pub fn records<'a>(&'a self, text: &'a str, file: usize, default_group: Option<&'a str>) -> Vec<Record<'a>> {
        let field = |span: &Option<Range<usize>>| span.clone().and_then(|s| text.get(s));
        self.rows
            .iter()
            .map(|r| {
                let group = if r.group.is_some() { field(&r.group) } else { default_group };
                Record::new(row_id(file, r.row), field(&r.code).unwrap_or(""), field(&r.name), group)
            })
            .collect()
    }
}

/// A row's cells in a chunk ([`Chunk::cells`]).
pub struct RowCells<'a> {
    text: &'a str,
    /// Where the row's first field starts.
    start: usize,
    /// Where each of its fields ends.
    ends: &'a [usize],
}

impl<'a> RowCells<'a> {
    /// Field `col` (0-based); empty when the row has no such field.
    #[must_use]
    pub fn get(&self, col: usize) -> &'a str {
        let Some(&end) = self.ends.get(col) else { return "" };
        let start = if col == 0 { self.start } else { self.ends[col - 1] + 1 };
        self.text.get(start..end).unwrap_or("")
    }
}

/// Reads every row of `table` into chunks of [`CHUNK`] rows, each checked as
/// UTF-8, and gives each full chunk (and the last) to `each`, which may swap
/// in another chunk to fill. Returns the number of rows read.
pub fn read_chunks(
    table: &mut Table,
    cols: &Columns,
    chunk: &mut Chunk,
    each: &mut dyn FnMut(&mut Chunk) -> Result<(), InputError>,
) -> Result<u64, InputError> {
    let path = table.path.clone();
    let encoding_error = |table: &Table, (row, field): (u64, usize)| table.invalid_bytes(row, field);
    let mut rows = 0u64;
    chunk.clear();
    let mut bad = None;
    let result = table.for_each_row(&mut |row, rec| {
        match rec {
            Row::Line { text, delimiter } => chunk.push_line(row, text, delimiter, cols),
            Row::Record(rec) => {
                // A credit code over several lines is no credit code: most likely a
                // quote opened in the row above and closed far too late. (A line
                // break before or after it is mess that normalization cleans.)
                if rec.get(cols.code).is_some_and(|c| memchr::memchr2(b'\n', b'\r', c.trim_ascii()).is_some()) {
                    return Err(InputError::new(
                        &path,
                        "the credit-code cell holds a line break: is a quote (\") in this row or the one above unclosed?",
                    )
                    .at(Some(row), Some(cols.code + 1)));
                }
                chunk.push(row, rec, cols);
            }
        }
        rows += 1;
        if chunk.len() == CHUNK {
            if let Err(at) = chunk.text() {
                bad = Some(at);
                return Ok(false);
            }
            each(chunk)?;
            chunk.clear();
        }
        Ok(true)
    });
    result?;
    if let Some(at) = bad.or_else(|| chunk.text().err()) {
        return Err(encoding_error(table, at));
    }
    if !chunk.is_empty() {
        each(chunk)?;
        chunk.clear();
    }
    Ok(rows)
}

/// About how many more rows a file of `file_len` bytes holds after a first
/// chunk of `rows` rows and `bytes` bytes of text, for sizing the analyzer's
/// tables up front. At most one row per 19 bytes (an 18-character code and a
/// line end), so that short first rows cannot make it reserve far too much.
#[must_use]
pub fn expected_rows(file_len: u64, rows: usize, bytes: usize) -> usize {
    let guess = u128::from(file_len) * rows as u128 / bytes.max(1) as u128;
    let most = u128::from(file_len / 19);
    usize::try_from(guess.min(most)).unwrap_or(usize::MAX).saturating_sub(rows)
}

/// One input file for the analyzer.
pub struct Input<'a> {
    /// The open table.
    pub table: Table,
    /// Its columns.
    pub columns: Columns,
    /// The file's index among the inputs (in the row ids).
    pub index: usize,
    /// The file's size in bytes when known (to size the tables; 0 if not).
    pub size: u64,
    /// The group of rows without a group column (the file's name).
    pub default_group: Option<&'a str>,
    /// The 双公示 column checks, for a file with such columns.
    pub publicity: Option<Publicity<'a>>,
}

/// The 双公示 checks of an input: where they count, its columns, the day
/// dates are checked against.
pub struct Publicity<'a> {
    /// Where the findings and counts go.
    pub checks: &'a mut ColumnChecks,
    /// The file's 双公示 columns.
    pub columns: RoleColumns,
    /// The day of the check.
    pub today: Date,
}

/// Reads one input into the analyzer; `progress` hears of each chunk's
/// rows. A file with no data row is an error.
pub fn push_input(
    input: &mut Input<'_>,
    analyzer: &mut Analyzer,
    progress: &mut dyn FnMut(u64),
) -> Result<u64, InputError> {
    let total = push_rows(input, analyzer, progress)?;
    if total == 0 {
        return Err(InputError::new(&input.table.path, "the file has a header row but no data rows")
            .at(Some(input.table.header_row + 1), None));
    }
    Ok(total)
}

/// Sizes the analyzer's tables (and the 双公示 checks') from the first
/// chunk of a file, when it is a full one.
fn reserve_for(
    chunk: &Chunk,
    first: &mut bool,
    size: u64,
    analyzer: &mut Analyzer,
    publicity: Option<&mut Publicity<'_>>,
) {
    if std::mem::take(first) && chunk.len() == CHUNK {
        let rows = expected_rows(size, chunk.len(), chunk.bytes());
        analyzer.reserve(rows);
        if let Some(p) = publicity {
            p.checks.reserve(rows);
        }
    }
}

/// Takes a read chunk into the analyzer; with 双公示 columns, `checked`
/// holds its rows' verdicts ([`ColumnChecks::check_chunk`]), and the rows
/// are counted while the analyzer takes them.
fn count_and_push(
    input_index: usize,
    default_group: Option<&str>,
    chunk: &Chunk,
    analyzer: &mut Analyzer,
    publicity: Option<(&mut ColumnChecks, &RoleColumns)>,
    checked: &mut Checked,
) {
    // The chunk was checked when read: this is the SIMD check again, a
    // fraction of a millisecond, to have the text as `str`.
    if let Ok(text) = chunk.text() {
        let records = chunk.records(text, input_index, default_group);
        match publicity {
            Some((checks, columns)) => {
                checks.count_chunk(chunk, text, input_index, columns, default_group, checked, |keep| {
                    let kept: Vec<Record<'_>> =
                        records.into_iter().zip(keep).filter_map(|(r, k)| k.then_some(r)).collect();
                    analyzer.push(&kept);
                });
            }
            None => analyzer.push(&records),
        }
    }
}

/// Checks a chunk's 双公示 rows into `checked` ([`ColumnChecks::check_chunk`]).
fn check_chunk(chunk: &Chunk, columns: &RoleColumns, today: Date, checked: &mut Checked) {
    if let Ok(text) = chunk.text() {
        ColumnChecks::check_chunk(chunk, text, columns, today, checked);
    }
}

#[cfg(not(feature = "threads"))]
fn push_rows(input: &mut Input<'_>, analyzer: &mut Analyzer, progress: &mut dyn FnMut(u64)) -> Result<u64, InputError> {
    let (index, group, size) = (input.index, input.default_group, input.size);
    let mut first = true;
    let mut chunk = Chunk::default();
    let mut checked = Checked::default();
    let publicity = &mut input.publicity;
    read_chunks(&mut input.table, &input.columns, &mut chunk, &mut |c| {
        reserve_for(c, &mut first, size, analyzer, publicity.as_mut());
        if let Some(p) = publicity.as_mut() {
            check_chunk(c, &p.columns, p.today, &mut checked);
        }
        let counted = publicity.as_mut().map(|p| (&mut *p.checks, &p.columns));
        count_and_push(index, group, c, analyzer, counted, &mut checked);
        progress(c.len() as u64);
        Ok(())
    })
}

#[cfg(feature = "threads")]
fn push_rows(input: &mut Input<'_>, analyzer: &mut Analyzer, progress: &mut dyn FnMut(u64)) -> Result<u64, InputError> {
    use std::sync::mpsc::{channel, sync_channel};
    let (index, group, size) = (input.index, input.default_group, input.size);
    let (full_tx, full_rx) = sync_channel::<Chunk>(READ_AHEAD);
    let (free_tx, free_rx) = channel::<Chunk>();
    for _ in 0..READ_AHEAD {
        let _ = free_tx.send(Chunk::default());
    }
    let (table, columns, publicity) = (&mut input.table, &input.columns, &mut input.publicity);
    let path = table.path.clone();
    let failed = InputError::new(&path, "the reading thread failed");
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut chunk = Chunk::default();
            read_chunks(table, columns, &mut chunk, &mut |c| {
                // Hand the full chunk over, take an empty one back.
                let stopped = || InputError::new(&path, "reading stopped");
                let free = free_rx.recv().map_err(|_| stopped())?;
                full_tx.send(std::mem::replace(c, free)).map_err(|_| stopped())
            })
        });
        let mut first = true;
        // With 双公示 columns, a chunk's rows are checked beside the
        // counting and analysing of the chunk before (`held`, its verdicts
        // in `checked`): the checks fill the time a step of the analysis
        // leaves a thread idle.
        let (mut checked, mut next) = (Checked::default(), Checked::default());
        let mut held: Option<Chunk> = None;
        while let Ok(chunk) = full_rx.recv() {
            reserve_for(&chunk, &mut first, size, analyzer, publicity.as_mut());
            let Some(p) = publicity.as_mut() else {
                count_and_push(index, group, &chunk, analyzer, None, &mut checked);
                progress(chunk.len() as u64);
                let _ = free_tx.send(chunk);
                continue;
            };
            let (checks, columns, today) = (&mut *p.checks, &p.columns, p.today);
            crate::publicity::join(
                || check_chunk(&chunk, columns, today, &mut next),
                || {
                    if let Some(prev) = &held {
                        count_and_push(index, group, prev, analyzer, Some((checks, columns)), &mut checked);
                    }
                },
            );
            if let Some(prev) = held.replace(chunk) {
                progress(prev.len() as u64);
                let _ = free_tx.send(prev);
            }
            std::mem::swap(&mut checked, &mut next);
        }
        if let (Some(prev), Some(p)) = (held, publicity.as_mut()) {
            count_and_push(index, group, &prev, analyzer, Some((&mut *p.checks, &p.columns)), &mut checked);
            progress(prev.len() as u64);
        }
        reader.join().unwrap_or(Err(failed))
    })
}

/// Reads a trusted (code, name) file for the cross-check.
pub fn read_registry(path: &Path, options: ReadOptions) -> Result<Registry, InputError> {
    let mut table = Table::open(path, options)?;
    let cols = resolve(&table, &ColumnSpecs::default())?;
    let name = cols
        .name
        .ok_or_else(|| InputError::new(path, "the registry needs a name column").at(Some(table.header_row), None))?;
    let mut pairs = Vec::new();
    let mut bad = None;
    table.for_each(&mut |row, rec| {
        let field = |i: usize| rec.get(i).map(std::str::from_utf8);
        match (field(cols.code), field(name)) {
            (Some(Err(_)), _) => bad = Some((row, cols.code)),
            (_, Some(Err(_))) => bad = Some((row, name)),
            (c, n) => pairs.push((
                c.and_then(Result::ok).unwrap_or("").to_owned(),
                n.and_then(Result::ok).unwrap_or("").to_owned(),
            )),
        }
        Ok(bad.is_none())
    })?;
    if let Some(at) = bad {
        return Err(table.invalid_bytes(at.0, at.1));
    }
    Ok(Registry::new(pairs.iter().map(|(c, n)| (c.as_str(), n.as_str()))))
}

#[cfg(test)]
mod tests {
    use super::Chunk;
    use crate::columns::Columns;

    fn columns() -> Columns {
        Columns { code: 1, name: Some(0), group: Some(3), roles: Vec::new() }
    }

    /// A line laid out as it stands and the same row read into a record
    /// give the same cells, code, name and group.
    #[test]
    fn a_line_and_its_record_read_the_same() {
        let lines: [&[u8]; 5] =
            [b"a,914403001922038216,,g", b"", b",,,", b"\xe4\xb8\xad,x,y", b"only one field with no delimiter"];
        let (mut by_line, mut by_record) = (Chunk::default(), Chunk::default());
        for (row, line) in (2..).zip(lines) {
            by_line.push_line(row, line, b',', &columns());
            let rec = csv::ByteRecord::from(line.split(|&b| b == b',').collect::<Vec<_>>());
            by_record.push(row, &rec, &columns());
        }
        let (a, b) = (by_line.text().unwrap(), by_record.text().unwrap());
        let name = |c: &Chunk, t: &str, i: usize| c.rows[i].name.clone().map(|s| t[s].to_owned());
        for (i, line) in lines.iter().enumerate() {
            let fields = line.split(|&b| b == b',').count();
            for col in 0..=fields {
                assert_eq!(by_line.cells(a, i).get(col), by_record.cells(b, i).get(col), "row {i} column {col}");
            }
            let want = line.split(|&b| b == b',').nth(1).map(|c| std::str::from_utf8(c).unwrap());
            assert_eq!(by_line.rows[i].code.clone().map(|s| &a[s]), want, "row {i}");
            assert_eq!(by_record.rows[i].code.clone().map(|s| &b[s]), want, "row {i}");
            assert_eq!(name(&by_line, a, i), name(&by_record, b, i), "row {i}");
            assert_eq!(by_line.group(a, i), by_record.group(b, i), "row {i}");
        }
        assert_eq!(by_line.cells(a, 0).get(1), "914403001922038216");
        assert_eq!(by_line.group(a, 0), Some("g"));
        assert_eq!(by_line.cells(a, 3).get(0), "中");
    }

    /// Rows of one group read it where the first of them has it.
    #[test]
    fn a_run_of_one_group_is_read_in_one_place() {
        let mut chunk = Chunk::default();
        for (row, group) in (2..).zip(["甲局", "甲局", "乙局", "甲局", "甲局"]) {
            let line = format!("n,914403001922038216,x,{group}");
            chunk.push_line(row, line.as_bytes(), b',', &columns());
        }
        let text = chunk.text().unwrap();
        let groups: Vec<_> = (0..5).map(|i| chunk.group(text, i).unwrap()).collect();
        assert_eq!(groups, ["甲局", "甲局", "乙局", "甲局", "甲局"]);
        let spans: Vec<_> = chunk.rows.iter().map(|r| r.group.clone().unwrap()).collect();
        assert_eq!([&spans[1], &spans[3], &spans[4]], [&spans[0]; 3]);
        assert_ne!(spans[2], spans[0]);
        // Each row's own cell is still its own.
        assert_eq!(chunk.cells(text, 4).get(3), "甲局");
    }

    /// A character cut between two cells makes both invalid, though their
    /// bytes read together would be valid: the first is reported.
    #[test]
    fn a_character_cut_between_cells_is_invalid() {
        for line in [&b"914403001922038216\xe4,\xb8\xad"[..], b"x,914403001922038216\xe4,\xb8\xad"] {
            let mut chunk = Chunk::default();
            chunk.push_line(7, b"ok,914403001922038216", b',', &columns());
            chunk.push_line(8, line, b',', &columns());
            let field = usize::from(line[0] == b'x');
            assert_eq!(chunk.text().err(), Some((8, field)));
        }
    }
}
