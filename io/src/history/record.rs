//! Recording a run: its files, options, counts and every flagged code, in
//! one transaction.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use rusqlite::{TransactionBehavior, params};
use sha2::{Digest, Sha256};
use uscc::analysis::{Analysis, Flagged};

use super::read::Run;
use super::{History, HistoryError, hex, keyed_hash};
use crate::dates::now_utc;

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
    /// flagged distinct code, in one transaction.
    pub fn record(
        &mut self,
        label: Option<&str>,
        files: &[FileFacts],
        analysis: &Analysis,
    ) -> Result<Recorded, HistoryError> {
        let at = now_utc();
        let label = label.map_or_else(|| at[..10].to_owned(), str::to_owned);
        let reveal = analysis.options().reveal_personal;
        let key = self.key.clone();
        // The rows are made on the analysis's threads, part by part, and
        // written as they come: the making and the writing go on side by
        // side (stored in the order they come, put in order by key when
        // read: docs/history.md).
        let (run, codes) = std::thread::scope(|scope| {
            let (send, parts) = std::sync::mpsc::channel();
            let key = &key;
            scope.spawn(move || {
                // A writer that stopped has its error: the rest is not wanted.
                analysis.each_flagged_part(|f| CodeRow::of(f, key, reveal), |part| drop(send.send(part)));
            });
            self.write(&label, &at, files, analysis, parts)
        })?;
        let runs = self.runs()?;
        let first = runs.first().is_none_or(|r| r.id == run);
        let run = runs.into_iter().find(|r| r.id == run).ok_or_else(|| self.err(format!("run {run} not found")))?;
        Ok(Recorded { run, first, codes })
    }

    /// Writes a run in one transaction, its flagged codes as `parts` brings
    /// them; returns its number and the codes.
    fn write(
        &mut self,
        label: &str,
        at: &str,
        files: &[FileFacts],
        analysis: &Analysis,
        parts: std::sync::mpsc::Receiver<Vec<CodeRow>>,
    ) -> Result<(i64, Vec<CodeRow>), HistoryError> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| HistoryError::new(&path, e);
        let s = &analysis.summary;
        let options = serde_json::json!({
            "denominator": s.denominator.as_str(),
            "counted": s.counted.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        })
        .to_string();
        // BEGIN IMMEDIATE: the write lock now; another run waits here.
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(err)?;
        let o = &s.overall;
        tx.execute(
            "INSERT INTO runs (label, at, options, records, distinct_codes, flagged, denominator, rate, uscc) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![label, at, options, o.records, o.distinct_codes, o.flagged, o.denominator, o.rate(), VERSION],
        )
        .map_err(err)?;
        let run = tx.last_insert_rowid();
        let mut codes = Vec::new();
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
            // Many rows a statement: SQLite's cost per statement, not per row.
            let rows = |n: usize| {
                format!(
                    "INSERT INTO codes (run, key, value, class, errors, groups, names) VALUES {}",
                    vec!["(?, ?, ?, ?, ?, ?, ?)"; n].join(", ")
                )
            };
            let mut full = tx.prepare(&rows(ROWS_PER_INSERT)).map_err(err)?;
            let mut written = 0;
            for part in parts {
                codes.extend(part);
                while codes.len() - written >= ROWS_PER_INSERT {
                    insert_codes(&mut full, run, &codes[written..written + ROWS_PER_INSERT]).map_err(err)?;
                    written += ROWS_PER_INSERT;
                }
            }
            if written < codes.len() {
                let mut rest = tx.prepare(&rows(codes.len() - written)).map_err(err)?;
                insert_codes(&mut rest, run, &codes[written..]).map_err(err)?;
            }
        }
        tx.commit().map_err(err)?;
        Ok((run, codes))
    }

    /// Where each code a run flagged stands: the runs in a row, up to and
    /// including it, that flagged it.
    pub fn standing(&self, recorded: &Recorded) -> Result<Standing, HistoryError> {
        let streaks = self.streaks(&recorded.run)?;
        let mut runs: HashMap<String, u32> = HashMap::with_capacity(recorded.codes.len());
        for c in &recorded.codes {
            let n = streaks.get(c.field(KEY)).map_or(1, |s| s.0);
            // Two numbers masked alike keep the shorter streak.
            runs.entry(c.field(SHOWN).to_owned()).and_modify(|m| *m = (*m).min(n)).or_insert(n);
        }
        Ok(Standing { first: recorded.first, runs })
    }
}

/// A run just recorded.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The run.
    pub run: Run,
    /// Whether it is the history's first run.
    pub first: bool,
    /// Its flagged codes, as stored.
    codes: Vec<CodeRow>,
}

/// Where the codes of a run stand ([`History::standing`]).
#[derive(Debug, Clone)]
pub struct Standing {
    first: bool,
    /// For each flagged value, as the run's outputs show it: the runs in a
    /// row, up to and including this one, that flagged it.
    runs: HashMap<String, u32>,
}

impl Standing {
    /// The correction sheet's history cell for a value as the sheet shows
    /// it: 新增 (or 首次运行 in a history's first run) for a code flagged
    /// for the first time in a row, 连续N次未改正 after that; empty for a
    /// value not flagged.
    #[must_use]
    pub fn cell(&self, value: &str) -> String {
        match self.runs.get(value) {
            None => String::new(),
            Some(1) if self.first => "首次运行".to_owned(),
            Some(1) => "新增".to_owned(),
            Some(n) => format!("连续{n}次未改正"),
        }
    }
}

/// Rows written by one statement.
const ROWS_PER_INSERT: usize = 64;

/// The fields of a [`CodeRow`].
const KEY: usize = 0;
const VALUE: usize = 1;
const ERRORS: usize = 2;
const GROUPS: usize = 3;
const NAMES: usize = 4;
const SHOWN: usize = 5;

/// A flagged code as the `codes` table stores it: its text fields one
/// after the other in one string (a run has tens of thousands of them).
#[derive(Debug, Clone)]
struct CodeRow {
    text: String,
    /// Where each field ends: key, value, errors, groups, names, shown.
    ends: [usize; 6],
    class: &'static str,
}

impl CodeRow {
    fn of(f: &Flagged<'_>, key: &[u8], reveal: bool) -> CodeRow {
        let mut text = String::with_capacity(4 * f.value.len() + 32 * (f.names.len() + f.groups.len()) + 100);
        let mut ends = [0; 6];
        if f.personal {
            text.push_str("hmac:");
            text.push_str(&keyed_hash(key, f.value));
            ends[0] = text.len();
            text.push_str(&uscc::redact(f.value));
        } else {
            text.push_str(f.value);
            ends[0] = text.len();
            text.push_str(f.value);
        }
        ends[1] = text.len();
        for (i, e) in f.errors.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            text.push_str(e.as_str());
        }
        ends[2] = text.len();
        json_list(&mut text, f.groups.iter().map(|g| std::borrow::Cow::Borrowed(*g)));
        ends[3] = text.len();
        // A personal number in a name is stored masked.
        json_list(&mut text, f.names.iter().map(|n| uscc::redact_personal_text(n)));
        ends[4] = text.len();
        if f.personal && reveal {
            text.push_str(f.value);
        } else {
            text.extend_from_within(ends[0]..ends[1]);
        }
        ends[5] = text.len();
        CodeRow { text, ends, class: f.class.as_str() }
    }

    fn field(&self, i: usize) -> &str {
        &self.text[if i == 0 { 0 } else { self.ends[i - 1] }..self.ends[i]]
    }
}

/// Writes `codes` of `run` by a statement made for as many rows.
fn insert_codes(insert: &mut rusqlite::Statement<'_>, run: i64, codes: &[CodeRow]) -> rusqlite::Result<()> {
    for (i, c) in codes.iter().enumerate() {
        let at = 7 * i;
        insert.raw_bind_parameter(at + 1, run)?;
        insert.raw_bind_parameter(at + 2, c.field(KEY))?;
        insert.raw_bind_parameter(at + 3, c.field(VALUE))?;
        insert.raw_bind_parameter(at + 4, c.class)?;
        insert.raw_bind_parameter(at + 5, c.field(ERRORS))?;
        insert.raw_bind_parameter(at + 6, c.field(GROUPS))?;
        insert.raw_bind_parameter(at + 7, c.field(NAMES))?;
    }
    insert.raw_execute().map(drop)
}

/// Appends strings as a JSON array (serde_json's escaping, written in place).
fn json_list<'a>(out: &mut String, items: impl Iterator<Item = std::borrow::Cow<'a, str>>) {
    let mut bytes = std::mem::take(out).into_bytes();
    bytes.push(b'[');
    for (i, item) in items.enumerate() {
        if i > 0 {
            bytes.push(b',');
        }
        // Writing a string into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut bytes, item.as_ref());
    }
    bytes.push(b']');
    // JSON written from strings is UTF-8.
    *out = String::from_utf8(bytes).unwrap_or_default();
}

#[cfg(test)]
mod tests {
    use super::json_list;

    #[test]
    fn json_lists_read_back() {
        let items = ["甲\"乙\\丙", "a\nb\u{1}", ""];
        let mut out = String::from("x");
        json_list(&mut out, items.iter().map(|s| std::borrow::Cow::Borrowed(*s)));
        let back: Vec<String> = serde_json::from_str(&out[1..]).unwrap();
        assert_eq!(back, items);
    }
}
