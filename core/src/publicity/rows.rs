//! Checking a batch of rows on the analysis's threads (`parallel`
//! feature): each row's verdict and its keys for the checks across rows in
//! one small record, the findings of the few rows that have any apart.
//!
//! The rows are checked in pieces of [`PIECE`] rows, each piece on one
//! thread with a cache of the public bodies it met: a file names a handful
//! of authorities and sources, so their names and codes are read once per
//! piece rather than once per row.

use super::across::{BODIES, body_key};
use std::sync::Arc;

use super::{
    BodyCode, ColumnFinding, Date, Record, RowCodes, RowKeys, SubjectKind, check_codes, parse, shown, shown_text,
};
use crate::finding::Severity;
use crate::publicity::Role;

/// Rows a thread checks at a time.
const PIECE: usize = 1024;

/// Bodies a piece keeps read: more than a file names per column pair.
const BODIES_KEPT: usize = 16;

/// What the checks make of one row, but its findings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowCheck {
    /// What the checks across rows compare of the row ([`super::Across::add_keyed`]).
    pub keys: RowKeys,
    /// No error finding in any checked column, 代码_1 included (judged by
    /// its own check; empty is right for a natural person).
    pub compliant: bool,
    /// A natural person without a credit code: correct, and not in the
    /// 重错码率.
    pub natural_without_code: bool,
}

/// A finding in a row's column, with what outputs show of the row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellFinding {
    /// The row's place in the batch.
    pub row: usize,
    /// What [`super::check_record`] found.
    pub finding: ColumnFinding,
    /// The column's cell as outputs show it ([`shown`]).
    pub cell: String,
    /// The row's subject (行政相对人名称) as outputs show it, shared by the
    /// row's findings.
    pub name: Option<Arc<str>>,
}

/// What the checks make of a batch of rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checked {
    /// Per row, in order.
    pub rows: Vec<RowCheck>,
    /// The findings, by row and then in the order of [`super::check_record`].
    pub found: Vec<CellFinding>,
}

/// Checks `n` rows, each made by `row(i)`, on the analysis's threads
/// (`parallel` feature).
#[must_use]
pub fn check_rows<'a>(n: usize, row: impl Fn(usize) -> Record<'a> + Sync + Send, today: Date) -> Checked {
    let mut out = Checked::default();
    check_rows_into(n, row, today, &mut out);
    out
}

/// [`check_rows`] into `out` (its memory reused: a caller checking a file
/// chunk by chunk gives the same one each time).
pub fn check_rows_into<'a>(n: usize, row: impl Fn(usize) -> Record<'a> + Sync + Send, today: Date, out: &mut Checked) {
    // Every row's verdict is written below: only rows beyond the last
    // batch's need a first value.
    out.rows.truncate(n);
    out.rows.resize(n, RowCheck::default());
    let found = crate::analysis::parallel::par_fill_pieces(&mut out.rows, PIECE, |start, checks| {
        let mut bodies = Bodies::default();
        // Room for a piece with a finding in one row of eight.
        let mut found = Vec::with_capacity(checks.len() / 8);
        for (i, check) in (start..).zip(checks) {
            let r = &row(i);
            let (codes, keys) = bodies.codes(r);
            let kind = SubjectKind::of(r);
            let findings = check_codes(r, &codes, kind, today);
            let code = r.get(Role::CreditCode).unwrap_or("");
            // 代码_1 as the analysis judges it: valid as it stands or cleaned.
            let code_ok = code.is_empty() || codes.code.is_some();
            *check = RowCheck {
                keys: RowKeys::with(r, codes.code.as_ref(), keys),
                compliant: code_ok && findings.iter().all(|f| f.check.severity() != Severity::Error),
                natural_without_code: without_code(code, kind),
            };
            if !findings.is_empty() {
                // What outputs show of the row, made here on the threads.
                let name: Option<Arc<str>> = r.get(Role::Name).map(|n| Arc::from(shown_text(Role::Name, n).as_ref()));
                for finding in findings {
                    let cell = shown(finding.role, r.get(finding.role).unwrap_or(""));
                    found.push(CellFinding { row: i, finding, cell, name: name.clone() });
                }
            }
        }
        found
    });
    out.found.clear();
    out.found.reserve(found.iter().map(Vec::len).sum());
    for mut piece in found {
        out.found.append(&mut piece);
    }
}

/// Whether a row is a natural person's without a credit code: correct, and
/// not in the 重错码率. It reads the row's 行政相对人类别, 代码_1 and
/// 证件号码 alone ([`SubjectKind::of`]).
#[must_use]
pub fn natural_without_code(r: &Record<'_>) -> bool {
    without_code(r.get(Role::CreditCode).unwrap_or(""), SubjectKind::of(r))
}

/// [`natural_without_code`], the row's 代码_1 and kind read.
fn without_code(code: &str, kind: Option<SubjectKind>) -> bool {
    code.is_empty() && kind == Some(SubjectKind::NaturalPerson)
}

/// A public body met: its name's and code's cells as a row gives them (and
/// their [`fingerprint`]s, compared first), what its code is ([`BodyCode`])
/// and the body's key ([`body_key`]).
struct Body<'a> {
    prints: u128,
    cells: (Option<&'a str>, Option<&'a str>),
    code: BodyCode,
    key: Option<u128>,
}

/// A cell's fingerprint: its last 8 bytes (all of a shorter one) and its
/// length, as one number. Cells of different fingerprints differ, so that a
/// body is found among those met mostly without comparing text.
fn fingerprint(cell: Option<&str>) -> u64 {
    let b = cell.map_or(&[][..], str::as_bytes);
    let last = b.last_chunk::<8>().copied().unwrap_or_else(|| {
        let mut last = [0u8; 8];
        last[8 - b.len()..].copy_from_slice(b);
        last
    });
    // The length mixed in (the last 8 bytes of "a" and of "\0a" are the same).
    u64::from_le_bytes(last) ^ (b.len() as u64).rotate_right(8) ^ u64::from(cell.is_none())
}

/// The public bodies a piece of rows met, per column pair.
#[derive(Default)]
struct Bodies<'a> {
    met: [Vec<Body<'a>>; 2],
}

impl<'a> Bodies<'a> {
    /// A row's codes read, and its bodies' keys.
    fn codes(&mut self, r: &Record<'a>) -> (RowCodes, [Option<u128>; 2]) {
        let mut codes = RowCodes { code: r.filled(Role::CreditCode).and_then(parse), bodies: [BodyCode::Invalid; 2] };
        let mut keys = [None; 2];
        for (pair, (name_role, code_role)) in BODIES.into_iter().enumerate() {
            let cells = (r.filled(name_role), r.filled(code_role));
            let prints = u128::from(fingerprint(cells.0)) << 64 | u128::from(fingerprint(cells.1));
            let met = &mut self.met[pair];
            (codes.bodies[pair], keys[pair]) =
                if let Some(body) = met.iter().find(|m| m.prints == prints && m.cells == cells) {
                    (body.code, body.key)
                } else {
                    let parsed = cells.1.and_then(parse);
                    let (code, key) = (BodyCode::of(parsed.as_ref()), body_key(r, pair, parsed.as_ref()));
                    if met.len() < BODIES_KEPT {
                        met.push(Body { prints, cells, code, key });
                    }
                    (code, key)
                };
        }
        (codes, keys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publicity::synth;

    /// Checking in pieces, bodies kept, gives what checking each row alone gives.
    #[test]
    fn a_batch_gives_each_rows_own_verdict() {
        let today = Date::new(2026, 11, 30).unwrap();
        let rows = synth::generate(5, &synth::Options { records: 3000, ..synth::Options::default() });
        let checked = check_rows(rows.len(), |i| rows[i].record(), today);
        assert_eq!(checked.rows.len(), rows.len());
        let mut found = checked.found.iter().peekable();
        let mut with_findings = 0;
        for (i, row) in rows.iter().enumerate() {
            let r = row.record();
            let alone = super::super::check_record(&r, today);
            assert_eq!(checked.rows[i].keys, RowKeys::of(&r), "row {i}");
            let mut its = Vec::new();
            while let Some(f) = found.next_if(|f| f.row == i) {
                assert_eq!(f.cell, shown(f.finding.role, r.get(f.finding.role).unwrap()), "row {i}");
                assert_eq!(f.name.as_deref(), r.get(Role::Name).map(|n| shown(Role::Name, n)).as_deref(), "row {i}");
                its.push(f.finding.clone());
            }
            assert_eq!(its, alone, "row {i}");
            with_findings += usize::from(!alone.is_empty());
        }
        assert!(found.next().is_none());
        assert!(with_findings > 100, "{with_findings}");
    }

    /// A row read without the columns no check reads ([`Role::is_read`])
    /// is judged as the whole row is.
    #[test]
    fn the_columns_no_check_reads_change_nothing() {
        let today = Date::new(2026, 11, 30).unwrap();
        let rows = synth::generate(9, &synth::Options { records: 2000, ..synth::Options::default() });
        let read: Vec<(Role, usize)> =
            Role::ALL.into_iter().enumerate().filter(|(_, r)| r.is_read()).map(|(col, r)| (r, col)).collect();
        assert_eq!(read.len(), Role::ALL.len() - 3);
        let mut across = (crate::publicity::Across::default(), crate::publicity::Across::default());
        for (i, row) in rows.iter().enumerate() {
            let (whole, part) = (row.record(), Record::of(&read, |col| row.values[col].as_str()));
            assert_eq!(super::super::check_record(&part, today), super::super::check_record(&whole, today), "row {i}");
            assert_eq!(RowKeys::of(&part), RowKeys::of(&whole), "row {i}");
            across.0.add(i as u64, &whole);
            across.1.add(i as u64, &part);
        }
        assert_eq!(across.1.finish(), across.0.finish());
    }
}
