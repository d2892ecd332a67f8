//! Recording a run: its files, options, counts and every flagged code, in
//! one transaction.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use rusqlite::{TransactionBehavior, params};
use sha2::{Digest, Sha256};
use uscc::analysis::Analysis;

use super::read::Run;
use super::{History, HistoryError, hex, keyed_hash, masked_names, now_utc};

/// The version of uscc that records a run.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// An input file of a run, as the history keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFacts {
    /// Its name as the run's outputs give it.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its SHA-256, in hexadecimal.
    pub sha256: String,
}

impl FileFacts {
    /// The facts of a file on disk (its size and SHA-256).
    pub fn of(name: &str, path: &Path) -> std::io::Result<FileFacts> {
        let mut file = std::fs::File::open(path)?;
        let mut hash = Sha256::new();
        let mut buf = vec![0u8; 1 << 20];
        let mut size = 0u64;
        loop {
            let n = file.read(&mut buf)?;
            if n == 0 {
                break;
            }
            hash.update(&buf[..n]);
            size += n as u64;
        }
        Ok(FileFacts { name: name.to_owned(), size, sha256: hex(&hash.finalize()) })
    }
}

impl History {
    /// Records a finished run: its label (default: today's date), the
    /// files, the options, the counts overall and per group, and every
    /// flagged distinct code. Returns the run and where each of its flagged
    /// codes stands.
    pub fn record(
        &mut self,
        label: Option<&str>,
        files: &[FileFacts],
        analysis: &Analysis,
    ) -> Result<Recorded, HistoryError> {
        let at = now_utc();
        let label = label.map_or_else(|| at[..10].to_owned(), str::to_owned);
        let s = &analysis.summary;
        let options = serde_json::json!({
            "denominator": s.denominator.as_str(),
            "counted": s.counted.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        })
        .to_string();
        let flagged = analysis.flagged_codes();
        let keys: Vec<String> = flagged
            .iter()
            .map(|f| if f.personal { format!("hmac:{}", keyed_hash(&self.key, &f.value)) } else { f.value.clone() })
            .collect();
        let path = self.path.clone();
        let err = |e: rusqlite::Error| HistoryError::new(&path, e);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(err)?;
        let o = &s.overall;
        tx.execute(
            "INSERT INTO runs (label, at, options, records, distinct_codes, flagged, denominator, rate, uscc) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![label, at, options, o.records, o.distinct_codes, o.flagged, o.denominator, o.rate(), VERSION],
        )
        .map_err(err)?;
        let run = tx.last_insert_rowid();
        {
            let mut insert = tx
                .prepare("INSERT INTO files (run, position, name, size, sha256) VALUES (?1, ?2, ?3, ?4, ?5)")
                .map_err(err)?;
            for (i, f) in files.iter().enumerate() {
                insert.execute(params![run, i, f.name, f.size, f.sha256]).map_err(err)?;
            }
            let mut insert = tx
                .prepare(
                    "INSERT INTO groups (run, grp, records, distinct_codes, flagged, denominator, rate, summary) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )
                .map_err(err)?;
            for g in &s.groups {
                let summary = serde_json::to_string(g).unwrap_or_default();
                insert
                    .execute(params![
                        run,
                        g.group,
                        g.records,
                        g.distinct_codes,
                        g.flagged,
                        g.denominator,
                        g.rate(),
                        summary
                    ])
                    .map_err(err)?;
            }
            let mut insert = tx
                .prepare(
                    "INSERT INTO codes (run, key, value, class, errors, groups, names) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(err)?;
            for (f, stored_key) in flagged.iter().zip(&keys) {
                let value = if f.personal { uscc::redact(&f.value) } else { f.value.clone() };
                let errors: Vec<&str> = f.errors.iter().map(|e| e.as_str()).collect();
                insert
                    .execute(params![
                        run,
                        stored_key,
                        value,
                        f.class.as_str(),
                        errors.join(" "),
                        serde_json::to_string(&f.groups).unwrap_or_default(),
                        serde_json::to_string(&masked_names(&f.names)).unwrap_or_default(),
                    ])
                    .map_err(err)?;
            }
        }
        tx.commit().map_err(err)?;
        let runs = self.runs()?;
        let first = runs.first().is_none_or(|r| r.id == run);
        let run = runs.into_iter().find(|r| r.id == run).ok_or_else(|| self.err(format!("run {run} not found")))?;
        let streaks = self.streaks(&run)?;
        let mut standing: HashMap<String, u32> = HashMap::new();
        for (f, key) in flagged.iter().zip(&keys) {
            let runs = streaks.get(key).map_or(1, |s| s.0);
            // As the run's outputs show it: masked unless revealed. Two
            // numbers masked alike keep the shorter streak.
            let shown = if f.personal && !analysis.options().reveal_personal {
                uscc::redact(&f.value)
            } else {
                f.value.clone()
            };
            standing.entry(shown).and_modify(|n| *n = (*n).min(runs)).or_insert(runs);
        }
        Ok(Recorded { run, first, standing })
    }
}

/// A run just recorded, and where its flagged codes stand.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The run.
    pub run: Run,
    /// Whether it is the history's first run.
    pub first: bool,
    /// For each flagged value, as the run's outputs show it: the runs in a
    /// row, up to and including this one, that flagged it.
    pub standing: HashMap<String, u32>,
}

impl Recorded {
    /// The correction sheet's history cell for a value as the sheet shows
    /// it: 新增 (or 首次运行 in a history's first run) for a code flagged
    /// for the first time in a row, 连续N次未改正 after that; empty for a
    /// value not flagged.
    #[must_use]
    pub fn cell(&self, value: &str) -> String {
        match self.standing.get(value) {
            None => String::new(),
            Some(1) if self.first => "首次运行".to_owned(),
            Some(1) => "新增".to_owned(),
            Some(n) => format!("连续{n}次未改正"),
        }
    }
}
