//! Reading a history back: the runs, a run by its label or number, and a
//! run's flagged codes.

use uscc::analysis::GroupSummary;

use super::{History, HistoryError};

/// A stored run, as `uscc history` lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// Its number in the history (1 for the first).
    pub id: i64,
    /// Its label (`--label`, or the date).
    pub label: String,
    /// When it was recorded (UTC, RFC 3339).
    pub at: String,
    /// The files read.
    pub files: Vec<String>,
    /// Overall counts.
    pub overall: Counts,
    /// Counts per group, by group name (`None`: rows without a group).
    pub groups: Vec<(Option<String>, Counts)>,
}

/// A run's counts, overall or for a group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Counts {
    /// Records.
    pub records: u64,
    /// Distinct codes.
    pub distinct_codes: u64,
    /// Distinct codes counted as 重码 or 错码.
    pub flagged: u64,
    /// The rate's denominator.
    pub denominator: u64,
    /// The 重错码率, when there is a denominator.
    pub rate: Option<f64>,
}

impl From<&GroupSummary> for Counts {
    fn from(g: &GroupSummary) -> Counts {
        Counts {
            records: g.records,
            distinct_codes: g.distinct_codes,
            flagged: g.flagged,
            denominator: g.denominator,
            rate: g.rate(),
        }
    }
}

/// A flagged code as a run stored it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCode {
    /// What recognises the code from run to run: the normalized value, or
    /// for a personal identity number `hmac:` and its keyed hash.
    pub key: String,
    /// The value as the reports show it (a personal number masked).
    pub value: String,
    /// Its class (a row class's name, docs/rules.md).
    pub class: String,
    /// Its error finding codes.
    pub errors: Vec<String>,
    /// The groups it was published in.
    pub groups: Vec<String>,
    /// The names it was published under.
    pub names: Vec<String>,
}

impl History {
    /// Every stored run, oldest first.
    pub fn runs(&self) -> Result<Vec<Run>, HistoryError> {
        let err = |e: rusqlite::Error| self.err(e);
        let mut stmt = self
            .conn
            .prepare("SELECT id, label, at, records, distinct_codes, flagged, denominator, rate FROM runs ORDER BY id")
            .map_err(err)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Run {
                    id: r.get(0)?,
                    label: r.get(1)?,
                    at: r.get(2)?,
                    files: Vec::new(),
                    overall: Counts {
                        records: r.get(3)?,
                        distinct_codes: r.get(4)?,
                        flagged: r.get(5)?,
                        denominator: r.get(6)?,
                        rate: r.get(7)?,
                    },
                    groups: Vec::new(),
                })
            })
            .map_err(err)?;
        let mut runs: Vec<Run> = rows.collect::<Result<_, _>>().map_err(err)?;
        let mut files = self.conn.prepare("SELECT name FROM files WHERE run = ?1 ORDER BY position").map_err(err)?;
        let mut groups = self
            .conn
            .prepare(
                "SELECT grp, records, distinct_codes, flagged, denominator, rate FROM groups WHERE run = ?1 \
                 ORDER BY grp IS NOT NULL, grp",
            )
            .map_err(err)?;
        for run in &mut runs {
            run.files = files.query_map([run.id], |r| r.get(0)).map_err(err)?.collect::<Result<_, _>>().map_err(err)?;
            run.groups = groups
                .query_map([run.id], |r| {
                    Ok((
                        r.get(0)?,
                        Counts {
                            records: r.get(1)?,
                            distinct_codes: r.get(2)?,
                            flagged: r.get(3)?,
                            denominator: r.get(4)?,
                            rate: r.get(5)?,
                        },
                    ))
                })
                .map_err(err)?
                .collect::<Result<_, _>>()
                .map_err(err)?;
        }
        Ok(runs)
    }

    /// The run a label or number names: the last run with that label, else
    /// the run with that number.
    pub fn find(&self, run: &str) -> Result<Run, HistoryError> {
        let runs = self.runs()?;
        let by_label = runs.iter().rev().find(|r| r.label == run);
        let by_id = || run.trim_start_matches('#').parse::<i64>().ok().and_then(|id| runs.iter().find(|r| r.id == id));
        if let Some(r) = by_label.or_else(by_id) {
            return Ok(r.clone());
        }
        let labels: Vec<&str> = runs.iter().map(|r| r.label.as_str()).collect();
        Err(self.err(format!(
            "no run labelled or numbered {run:?} (the runs: {})",
            if labels.is_empty() { "none yet".to_owned() } else { labels.join(", ") }
        )))
    }

    /// The flagged codes a run stored, by key.
    pub fn codes(&self, run: i64) -> Result<Vec<StoredCode>, HistoryError> {
        let err = |e: rusqlite::Error| self.err(e);
        let mut stmt = self
            .conn
            .prepare("SELECT key, value, class, errors, groups, names FROM codes WHERE run = ?1")
            .map_err(err)?;
        let list = |text: String| serde_json::from_str::<Vec<String>>(&text).unwrap_or_default();
        let rows = stmt
            .query_map([run], |r| {
                let errors: String = r.get(3)?;
                Ok(StoredCode {
                    key: r.get(0)?,
                    value: r.get(1)?,
                    class: r.get(2)?,
                    errors: errors.split_whitespace().map(str::to_owned).collect(),
                    groups: list(r.get(4)?),
                    names: list(r.get(5)?),
                })
            })
            .map_err(err)?;
        let mut codes: Vec<StoredCode> = rows.collect::<Result<_, _>>().map_err(err)?;
        // Stored in the order they were made; a run's keys are distinct.
        codes.sort_unstable_by(|a, b| a.key.cmp(&b.key));
        Ok(codes)
    }

    /// The keys of the codes a run flagged, sorted.
    pub(super) fn keys(&self, run: i64) -> Result<Vec<String>, HistoryError> {
        let err = |e: rusqlite::Error| self.err(e);
        let mut stmt = self.conn.prepare_cached("SELECT key FROM codes WHERE run = ?1").map_err(err)?;
        let rows = stmt.query_map([run], |r| r.get::<_, String>(0)).map_err(err)?;
        let mut keys: Vec<String> = rows.collect::<Result<_, _>>().map_err(err)?;
        keys.sort_unstable();
        Ok(keys)
    }
}
