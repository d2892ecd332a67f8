//! The 双公示 columns of a file (docs/rules.md, "双公示 files"): found by
//! header, checked row by row as the file is read (`uscc::publicity`), and
//! counted per group: the rows, the rows with no error finding (the 合规率),
//! each finding with its row and column.

use std::collections::HashMap;
use std::sync::Arc;

use uscc::publicity::{
    Across, CellFinding, Check, Checked, ColumnFinding, Date, Record, Role, RowCheck, check_rows_into, shown,
};

use crate::columns::Columns;
use crate::ingest::{Chunk, row_id, split_row_id};

/// How many rows ahead of feeding them to the checks across rows their
/// memory is asked for.
const AHEAD: usize = 16;

/// The roles a file has a column for, with the column and its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleColumns {
    /// Each role found: its column (0-based) and its header (shared by
    /// every finding in the column).
    pub found: Vec<(Role, usize, Arc<str>)>,
}

/// Roles whose columns make a file a 双公示 file: those a check reads
/// beyond the code, the name and the department every file has.
fn is_checked(role: Role) -> bool {
    !matches!(role, Role::Name | Role::CreditCode | Role::Source | Role::Authority | Role::LegalRep)
}

impl RoleColumns {
    /// The roles of a header row, those named by hand (`--column
    /// ROLE=HEADER`) first; `None` when it has no column a 双公示 check
    /// reads (a plain file, read as before). The first column of a role is
    /// taken.
    #[must_use]
    pub fn find(headers: &[String], columns: &Columns) -> Option<RoleColumns> {
        let code = columns.code;
        let header = |i: usize| Arc::from(headers.get(i).map_or("", String::as_str));
        let mut found: Vec<(Role, usize, Arc<str>)> = columns.roles.iter().map(|(r, i)| (*r, *i, header(*i))).collect();
        for (i, h) in headers.iter().enumerate() {
            if let Some(role) = Role::of_header(h)
                && !found.iter().any(|f| f.0 == role || f.1 == i)
            {
                found.push((role, i, header(i)));
            }
        }
        if !found.iter().any(|f| is_checked(f.0)) {
            return None;
        }
        // The code column the analysis reads is 代码_1, whatever its header.
        if let Some(f) = found.iter_mut().find(|f| f.0 == Role::CreditCode) {
            f.1 = code;
            f.2 = header(code);
        } else {
            found.push((Role::CreditCode, code, header(code)));
        }
        found.sort_by_key(|f| f.0);
        Some(RoleColumns { found })
    }

    /// The roles checked that the file lacks.
    #[must_use]
    pub fn missing(&self) -> Vec<Role> {
        Role::ALL.into_iter().filter(|r| !self.found.iter().any(|f| f.0 == *r)).collect()
    }

    /// Each column a check reads ([`Role::is_read`]) and its role: a row as
    /// the checks read it is [`Record::of`] these (a caller reading many
    /// rows makes them once).
    #[must_use]
    pub fn cells(&self) -> Vec<(Role, usize)> {
        self.found.iter().filter(|f| f.0.is_read()).map(|f| (f.0, f.1)).collect()
    }

    /// The header of a role's column (empty when the file has none).
    #[must_use]
    pub fn header(&self, role: Role) -> &str {
        self.found.iter().find(|f| f.0 == role).map_or("", |f| &f.2)
    }

    /// [`RoleColumns::header`], shared.
    fn shared_header(&self, role: Role) -> Arc<str> {
        self.found.iter().find(|f| f.0 == role).map_or_else(|| Arc::from(""), |f| Arc::clone(&f.2))
    }
}

/// A finding in a row's column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowFinding {
    /// The row id (file and row, as the analysis's).
    pub row: u64,
    /// The column's header.
    pub header: Arc<str>,
    /// What was found; for a check across rows, `finding.rows` holds the
    /// row ids of the rows it points at.
    pub finding: ColumnFinding,
    /// The cell as it was (an identity number masked).
    pub value: String,
    /// The row's subject (行政相对人名称), personal numbers in it masked
    /// (shared by the row's findings).
    pub name: Option<Arc<str>>,
    /// The row's group (shared by the group's findings).
    pub group: Option<Arc<str>>,
}

impl RowFinding {
    /// What was expected, in Chinese, with the rows a check across rows
    /// points at (as the outputs place rows among `files`).
    #[must_use]
    pub fn why_zh(&self, files: &[String]) -> String {
        self.why_zh_with(&|r| crate::sheet::place_zh(r, files))
    }

    /// [`RowFinding::why_zh`], the rows placed by `place`.
    #[must_use]
    pub fn why_zh_with(&self, place: &dyn Fn(u64) -> String) -> String {
        let mut why: Vec<String> = self.finding.expected.iter().cloned().collect();
        if !self.finding.rows.is_empty() {
            let rows: Vec<String> = self.finding.rows.iter().map(|&r| place(r)).collect();
            why.push(format!("见{}", rows.join("、")));
        }
        why.join("；")
    }
}

/// Rows to check, wherever they are held.
pub struct Rows<'a> {
    /// How many.
    pub len: usize,
    /// A row as the checks read it ([`Record::of`] its [`RoleColumns::cells`]).
    pub record: &'a (dyn Fn(usize) -> Record<'a> + Sync),
    /// A row's id (as the outputs place it).
    pub row: &'a (dyn Fn(usize) -> u64 + Sync),
    /// A row's group.
    pub group: &'a (dyn Fn(usize) -> Option<&'a str> + Sync),
}

/// Runs `a` and `b`, beside each other with the `threads` feature.
pub(crate) fn join<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    #[cfg(feature = "threads")]
    return rayon::join(a, b);
    #[cfg(not(feature = "threads"))]
    (a(), b())
}

/// What the checks across rows need of a row fed to them: where it is, its
/// group, whether it was compliant so far.
#[derive(Debug, Clone, Copy)]
struct RowMeta {
    row: u64,
    group: u32,
    compliant: bool,
}

/// A group's rows and compliant rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Compliance {
    /// Rows read.
    pub rows: u64,
    /// Rows with no error finding in any checked column (代码_1 judged by
    /// its own check, an empty one correct for a natural person).
    pub compliant: u64,
    /// Natural persons without a credit code: not in the 重错码率.
    pub natural_persons: u64,
}

impl Compliance {
    /// The 合规率, when there are rows.
    #[must_use]
    pub fn rate(&self) -> Option<f64> {
        #[allow(clippy::cast_precision_loss)] // counts far below 2^52
        (self.rows > 0).then(|| self.compliant as f64 / self.rows as f64)
    }
}

/// The column checks of a job: the columns, per group and overall counts,
/// and every finding.
#[derive(Debug, Default)]
pub struct ColumnChecks {
    /// Per file read with 双公示 columns: its index and its columns.
    pub files: Vec<(usize, RoleColumns)>,
    /// Per group (`None`: rows without one), in the order first seen.
    groups: Vec<(Option<Arc<str>>, Compliance)>,
    /// Each named group's index in `groups`, and that of rows without one.
    named: HashMap<String, u32>,
    ungrouped: Option<u32>,
    /// Every finding, in reading order once the job is finished.
    pub findings: Vec<RowFinding>,
    /// The checks across rows, and the rows fed to them.
    across: Across,
    meta: Vec<RowMeta>,
    /// Each counted row's place in `groups`, its memory kept from chunk to
    /// chunk.
    places: Vec<u32>,
}

impl ColumnChecks {
    /// Per group, by name (`None`, rows without one, first, when there are any).
    #[must_use]
    pub fn groups(&self) -> Vec<(Option<&str>, Compliance)> {
        let mut out: Vec<(Option<&str>, Compliance)> = self.groups.iter().map(|(g, c)| (g.as_deref(), *c)).collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// The index of a group in `groups`, made the first time it is seen.
    fn group_index(&mut self, group: Option<&str>) -> u32 {
        let found = match group {
            None => self.ungrouped,
            Some(name) => self.named.get(name).copied(),
        };
        found.unwrap_or_else(|| {
            let i = u32::try_from(self.groups.len()).unwrap_or(u32::MAX);
            match group {
                None => self.ungrouped = Some(i),
                Some(name) => {
                    self.named.insert(name.to_owned(), i);
                }
            }
            self.groups.push((group.map(Arc::from), Compliance::default()));
            i
        })
    }

    /// All groups together.
    #[must_use]
    pub fn overall(&self) -> Compliance {
        self.groups().iter().map(|g| g.1).fold(Compliance::default(), |a, g| Compliance {
            rows: a.rows + g.rows,
            compliant: a.compliant + g.compliant,
            natural_persons: a.natural_persons + g.natural_persons,
        })
    }

    /// Findings per check, in documentation order.
    #[must_use]
    pub fn counts(&self) -> Vec<(Check, u64)> {
        let mut counts = [0u64; Check::ALL.len()];
        for f in &self.findings {
            counts[f.finding.check as usize] += 1;
        }
        Check::ALL.into_iter().map(|c| (c, counts[c as usize])).filter(|(_, n)| *n > 0).collect()
    }

    /// Makes room for about `rows` more rows.
    pub fn reserve(&mut self, rows: usize) {
        self.meta.reserve(rows);
        self.across.reserve(rows);
    }

    /// Checks a chunk's rows into `checked` (its memory reused), on the
    /// analysis's threads; it reads nothing of the checks so far (so that
    /// it may run while the chunk before is counted): the chunk is then
    /// counted ([`ColumnChecks::count_chunk`]).
    pub fn check_chunk(chunk: &Chunk, text: &str, columns: &RoleColumns, today: Date, checked: &mut Checked) {
        let all = columns.cells();
        let record = |i: usize| {
            let cells = chunk.cells(text, i);
            Record::of(&all, |col| cells.get(col))
        };
        check_rows_into(chunk.len(), record, today, checked);
    }

    /// Counts a checked chunk's rows (file `file`, grouped by the chunk's
    /// group column or `default_group`). `then` is given, per row, whether
    /// it stays in the analysis (a natural person's empty code does not),
    /// and runs while the rows are counted (beside it, with the `threads`
    /// feature).
    #[allow(clippy::too_many_arguments)] // a chunk's place, and what runs beside
    pub fn count_chunk(
        &mut self,
        chunk: &Chunk,
        text: &str,
        file: usize,
        columns: &RoleColumns,
        default_group: Option<&str>,
        checked: &mut Checked,
        then: impl FnOnce(Vec<bool>) + Send,
    ) {
        let all = columns.cells();
        let rows = Rows {
            len: chunk.len(),
            record: &|i| {
                let cells = chunk.cells(text, i);
                Record::of(&all, |col| cells.get(col))
            },
            row: &|i| row_id(file, chunk.row(i)),
            group: &|i| chunk.group(text, i).or(default_group),
        };
        self.count_then(&rows, columns, checked, then);
    }

    /// Checks rows, wherever they are held (a chunk of a file, columns in
    /// memory), and counts them; returns, per row, whether it stays in the
    /// analysis (a natural person's empty code does not).
    pub fn check(&mut self, rows: &Rows<'_>, columns: &RoleColumns, today: Date) -> Vec<bool> {
        let mut checked = Checked::default();
        check_rows_into(rows.len, rows.record, today, &mut checked);
        let mut keep = Vec::new();
        self.count_then(rows, columns, &mut checked, |k| keep = k);
        keep
    }

    /// Counts checked rows while `then` is given, per row, whether it
    /// stays in the analysis.
    fn count_then(
        &mut self,
        rows: &Rows<'_>,
        columns: &RoleColumns,
        checked: &mut Checked,
        then: impl FnOnce(Vec<bool>) + Send,
    ) {
        // The verdicts say which rows the analysis takes: it takes them
        // while the rows are counted (on one thread).
        let keep = checked.rows.iter().map(|v| !v.natural_without_code).collect();
        let found = std::mem::take(&mut checked.found);
        join(|| self.absorb(rows, columns, &checked.rows, found), || then(keep));
    }

    /// Counts checked rows: per group, their findings, the checks across
    /// rows fed.
    fn absorb(&mut self, rows: &Rows<'_>, columns: &RoleColumns, checks: &[RowCheck], found: Vec<CellFinding>) {
        let mut places = std::mem::take(&mut self.places);
        places.clear();
        // What feeding a row to the checks across rows reads, asked for some rows ahead.
        for v in checks.iter().take(AHEAD) {
            self.across.prefetch(&v.keys);
        }
        // Rows of a chunk mostly share their group (every row, in a file
        // without a group column): a row's is compared with the last row's
        // before it is looked up.
        let mut last: Option<(Option<&str>, u32)> = None;
        for (i, v) in checks.iter().enumerate() {
            if let Some(ahead) = checks.get(i + AHEAD) {
                self.across.prefetch(&ahead.keys);
            }
            let group = (rows.group)(i);
            let g = match last {
                Some((name, g)) if name == group => g,
                _ => {
                    let g = self.group_index(group);
                    last = Some((group, g));
                    g
                }
            };
            places.push(g);
            let counts = &mut self.groups[g as usize].1;
            counts.rows += 1;
            counts.compliant += u64::from(v.compliant);
            counts.natural_persons += u64::from(v.natural_without_code);
            let row = (rows.row)(i);
            self.across.add_keyed(self.meta.len() as u64, &v.keys, || (rows.record)(i));
            self.meta.push(RowMeta { row, group: g, compliant: v.compliant });
        }
        // The findings' lines made on the threads, once each row's group is
        // known: the cells' texts are theirs, the header, the name and the
        // group shared.
        let groups = &self.groups;
        let line = |f: CellFinding| RowFinding {
            row: (rows.row)(f.row),
            header: columns.shared_header(f.finding.role),
            value: f.cell,
            name: f.name,
            group: groups[places[f.row] as usize].0.clone(),
            finding: f.finding,
        };
        #[cfg(feature = "threads")]
        {
            use rayon::prelude::*;
            self.findings.par_extend(found.into_par_iter().map(line));
        }
        #[cfg(not(feature = "threads"))]
        self.findings.extend(found.into_iter().map(line));
        self.places = places;
    }

    /// Runs the checks across rows once every file is read: their findings
    /// join the others (in reading order), and a row they find an error in
    /// is no longer compliant.
    pub fn finish(&mut self) {
        let across = std::mem::take(&mut self.across);
        let mut meta = std::mem::take(&mut self.meta);
        for found in across.finish() {
            // The rows fed are numbered by their place in `meta`.
            let Some(&m) = usize::try_from(found.row).ok().and_then(|n| meta.get(n)) else { continue };
            if found.finding.check.severity() == uscc::Severity::Error && m.compliant {
                meta[usize::try_from(found.row).unwrap_or(0)].compliant = false;
                self.groups[m.group as usize].1.compliant -= 1;
            }
            let mut finding = found.finding;
            finding.rows = finding
                .rows
                .iter()
                .filter_map(|&r| usize::try_from(r).ok().and_then(|r| meta.get(r)))
                .map(|m| m.row)
                .collect();
            let file = split_row_id(m.row).0;
            let header = self
                .files
                .iter()
                .find(|f| f.0 == file)
                .map_or_else(|| Arc::from(""), |f| f.1.shared_header(finding.role));
            self.findings.push(RowFinding {
                row: m.row,
                header,
                value: shown(finding.role, &found.value),
                name: None,
                group: self.groups[m.group as usize].0.clone(),
                finding,
            });
        }
        self.findings.sort_by_key(|f| (f.row, f.finding.role));
    }
}
