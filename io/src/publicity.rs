//! The 双公示 columns of a file (docs/rules.md, "双公示 files"): found by
//! header, checked row by row as the file is read (`uscc::publicity`), and
//! counted per group: the rows, the rows with no error finding (the 合规率),
//! each finding with its row and column.

use std::collections::HashMap;

use uscc::publicity::{Check, ColumnFinding, Date, Record, Role, check_rows, shown};

use crate::columns::Columns;
use crate::ingest::{Chunk, row_id};

/// The roles a file has a column for, with the column and its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleColumns {
    /// Each role found: its column (0-based) and its header.
    pub found: Vec<(Role, usize, String)>,
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
        let mut found: Vec<(Role, usize, String)> =
            columns.roles.iter().map(|(r, i)| (*r, *i, headers.get(*i).cloned().unwrap_or_default())).collect();
        for (i, h) in headers.iter().enumerate() {
            if let Some(role) = Role::of_header(h)
                && !found.iter().any(|f| f.0 == role || f.1 == i)
            {
                found.push((role, i, h.clone()));
            }
        }
        if !found.iter().any(|f| is_checked(f.0)) {
            return None;
        }
        // The code column the analysis reads is 代码_1, whatever its header.
        if let Some(f) = found.iter_mut().find(|f| f.0 == Role::CreditCode) {
            f.1 = code;
            f.2.clone_from(&headers[code]);
        } else {
            found.push((Role::CreditCode, code, headers[code].clone()));
        }
        found.sort_by_key(|f| f.0);
        Some(RoleColumns { found })
    }

    /// The roles checked that the file lacks.
    #[must_use]
    pub fn missing(&self) -> Vec<Role> {
        Role::ALL.into_iter().filter(|r| !self.found.iter().any(|f| f.0 == *r)).collect()
    }

    fn header(&self, role: Role) -> &str {
        self.found.iter().find(|f| f.0 == role).map_or("", |f| f.2.as_str())
    }
}

/// A finding in a row's column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowFinding {
    /// The row id (file and row, as the analysis's).
    pub row: u64,
    /// The column's header.
    pub header: String,
    /// What was found.
    pub finding: ColumnFinding,
    /// The cell as it was (an identity number masked).
    pub value: String,
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
#[derive(Debug, Clone, Default)]
pub struct ColumnChecks {
    /// Per file read with 双公示 columns: its index and its columns.
    pub files: Vec<(usize, RoleColumns)>,
    /// Per named group.
    named: HashMap<String, Compliance>,
    /// Rows without a group.
    ungrouped: Compliance,
    /// Every finding, in reading order.
    pub findings: Vec<RowFinding>,
}

impl ColumnChecks {
    /// Per group, by name (`None`, rows without one, first, when there are any).
    #[must_use]
    pub fn groups(&self) -> Vec<(Option<&str>, Compliance)> {
        let mut out: Vec<(Option<&str>, Compliance)> = self.named.iter().map(|(g, c)| (Some(g.as_str()), *c)).collect();
        if self.ungrouped.rows > 0 {
            out.push((None, self.ungrouped));
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
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
        Check::ALL
            .into_iter()
            .map(|c| (c, self.findings.iter().filter(|f| f.finding.check == c).count() as u64))
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    /// Checks a chunk's rows (file `file`, grouped by the chunk's group
    /// column or `default_group`); returns, per row, whether it stays in
    /// the analysis (a natural person's empty code does not).
    pub fn check_chunk(
        &mut self,
        chunk: &Chunk,
        text: &str,
        file: usize,
        columns: &RoleColumns,
        default_group: Option<&str>,
        today: Date,
    ) -> Vec<bool> {
        let record = |i: usize| {
            let mut r = Record::default();
            for (role, col, _) in &columns.found {
                r.set(*role, chunk.field(text, i, *col).unwrap_or(""));
            }
            r
        };
        let verdicts = check_rows(chunk.len(), record, today);
        let mut keep = Vec::with_capacity(chunk.len());
        for (i, v) in verdicts.into_iter().enumerate() {
            let group = chunk.group(text, i).or(default_group);
            // The group's entry, made the first time only.
            let g = match group {
                None => &mut self.ungrouped,
                Some(name) => {
                    if !self.named.contains_key(name) {
                        self.named.insert(name.to_owned(), Compliance::default());
                    }
                    self.named.get_mut(name).unwrap_or(&mut self.ungrouped)
                }
            };
            g.rows += 1;
            g.compliant += u64::from(v.compliant);
            g.natural_persons += u64::from(v.natural_without_code);
            keep.push(!v.natural_without_code);
            for f in v.findings {
                let cell = record(i).get(f.role).unwrap_or("");
                self.findings.push(RowFinding {
                    row: row_id(file, chunk.row(i)),
                    header: columns.header(f.role).to_owned(),
                    value: shown(f.role, cell),
                    finding: f,
                });
            }
        }
        keep
    }
}
