//! The run history: every `uscc check` kept in one SQLite file the office
//! keeps (schema: docs/history.md), so that runs can be listed and compared
//! month after month.
//!
//! A file is taken for a history only when SQLite's `application_id` says
//! so; anything else (another database, a text file, a truncated file) is
//! refused before anything is written. A run is written in one transaction
//! (`BEGIN IMMEDIATE`, with a busy timeout), so two runs started together
//! both land, one after the other, and a run that fails or is killed leaves
//! the history as it was. A resident identity number is never stored in
//! clear: it is stored masked, as the reports show it, beside a keyed hash
//! (HMAC-SHA-256 under a key kept in a file beside the history, made on
//! first use) that recognises the same number in the next run.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use hmac::{Hmac, Mac};
use rusqlite::{Connection, OpenFlags, TransactionBehavior, params};
use sha2::{Digest, Sha256};
use uscc::analysis::{Analysis, GroupSummary};

/// SQLite's `application_id` of a uscc history ("USCC").
pub const APPLICATION_ID: i32 = 0x5553_4343;

/// The schema version this build writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i32 = 1;

/// How long a run waits for another one writing the same history.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// A problem with a history file: which file, and what.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {message}", file.display())]
pub struct HistoryError {
    /// The history file (or its key file).
    pub file: PathBuf,
    /// What is wrong.
    pub message: String,
}

impl HistoryError {
    fn new(file: &Path, message: impl std::fmt::Display) -> HistoryError {
        HistoryError { file: file.to_owned(), message: message.to_string() }
    }
}

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

/// An open history.
pub struct History {
    path: PathBuf,
    conn: Connection,
    key: Vec<u8>,
}

impl History {
    /// Opens the history at `path`, creating it (and its key file) when the
    /// file does not exist; a history of an older schema is migrated. Any
    /// file that is not a uscc history is refused, untouched.
    pub fn open(path: &Path) -> Result<History, HistoryError> {
        let fail = |e: &dyn std::fmt::Display| HistoryError::new(path, e);
        let existing = path.exists();
        if existing {
            check_header(path)?;
        }
        let flags = if existing {
            OpenFlags::SQLITE_OPEN_READ_WRITE
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE
        };
        let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|e| fail(&format!("cannot open: {e}")))?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| fail(&e))?;
        let read_id = |c: &Connection| c.query_row("PRAGMA application_id", [], |r| r.get::<_, i32>(0));
        let id = read_id(&conn).map_err(|e| fail(&format!("not a uscc history: {e}")))?;
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(|e| fail(&format!("not a uscc history: {e}")))?;
        if id != APPLICATION_ID && !(id == 0 && tables == 0) {
            return Err(fail(
                &"not a uscc history (another SQLite database); give a new file name or a history uscc made",
            ));
        }
        let key = key_for(path)?;
        let mut history = History { path: path.to_owned(), conn, key };
        history.migrate()?;
        Ok(history)
    }

    fn err(&self, e: impl std::fmt::Display) -> HistoryError {
        HistoryError::new(&self.path, e)
    }

    /// Creates the schema in a new file, or brings an older one up to
    /// [`SCHEMA_VERSION`], in one transaction.
    fn migrate(&mut self) -> Result<(), HistoryError> {
        let path = self.path.clone();
        let err = |e: &dyn std::fmt::Display| HistoryError::new(&path, e);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|e| err(&e))?;
        let version: i32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| err(&e))?;
        if version > SCHEMA_VERSION {
            return Err(err(&format!(
                "a history of schema version {version}, newer than this uscc reads ({SCHEMA_VERSION}): update uscc"
            )));
        }
        if version < 1 {
            tx.execute_batch(SCHEMA_1).map_err(|e| err(&e))?;
        }
        tx.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {SCHEMA_VERSION};"))
            .map_err(|e| err(&e))?;
        tx.commit().map_err(|e| err(&e))
    }

    /// Records a finished run: its label (default: today's date), the
    /// files, the options, the counts overall and per group, and every
    /// flagged distinct code. Returns the run's number.
    pub fn record(
        &mut self,
        label: Option<&str>,
        files: &[FileFacts],
        analysis: &Analysis,
    ) -> Result<i64, HistoryError> {
        let at = now_utc();
        let label = label.map_or_else(|| at[..10].to_owned(), str::to_owned);
        let s = &analysis.summary;
        let options = serde_json::json!({
            "denominator": s.denominator.as_str(),
            "counted": s.counted.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        })
        .to_string();
        let flagged = analysis.flagged_codes();
        let key = self.key.clone();
        let path = self.path.clone();
        let err = |e: rusqlite::Error| HistoryError::new(&path, e);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(err)?;
        let o = &s.overall;
        tx.execute(
            "INSERT INTO runs (label, at, options, records, distinct_codes, flagged, denominator, rate) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![label, at, options, o.records, o.distinct_codes, o.flagged, o.denominator, o.rate()],
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
            for f in &flagged {
                let (stored_key, value) = if f.personal {
                    (format!("hmac:{}", keyed_hash(&key, &f.value)), uscc::redact(&f.value))
                } else {
                    (f.value.clone(), f.value.clone())
                };
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
        Ok(run)
    }

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
}

/// The first version of the schema (docs/history.md).
const SCHEMA_1: &str = "
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    at TEXT NOT NULL,
    options TEXT NOT NULL,
    records INTEGER NOT NULL,
    distinct_codes INTEGER NOT NULL,
    flagged INTEGER NOT NULL,
    denominator INTEGER NOT NULL,
    rate REAL
);
CREATE TABLE files (
    run INTEGER NOT NULL REFERENCES runs(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL
);
CREATE TABLE groups (
    run INTEGER NOT NULL REFERENCES runs(id),
    grp TEXT,
    records INTEGER NOT NULL,
    distinct_codes INTEGER NOT NULL,
    flagged INTEGER NOT NULL,
    denominator INTEGER NOT NULL,
    rate REAL,
    summary TEXT NOT NULL
);
CREATE TABLE codes (
    run INTEGER NOT NULL REFERENCES runs(id),
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    class TEXT NOT NULL,
    errors TEXT NOT NULL,
    groups TEXT NOT NULL,
    names TEXT NOT NULL
);
CREATE INDEX codes_by_run ON codes(run, key);
";

/// Refuses, untouched, a file that is not an SQLite database.
fn check_header(path: &Path) -> Result<(), HistoryError> {
    let mut head = [0u8; 16];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| HistoryError::new(path, format!("cannot read: {e}")))?;
    if n == 0 {
        return Ok(());
    }
    if n < 16 || &head != b"SQLite format 3\0" {
        return Err(HistoryError::new(path, "not a uscc history (not an SQLite database); give a new file name"));
    }
    Ok(())
}

/// The key of a history's hashes, kept in `<history>.key` beside it and
/// made on first use.
fn key_for(path: &Path) -> Result<Vec<u8>, HistoryError> {
    let mut name = path.as_os_str().to_owned();
    name.push(".key");
    let key_path = PathBuf::from(name);
    match std::fs::read_to_string(&key_path) {
        Ok(text) => {
            let text = text.trim();
            if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(HistoryError::new(&key_path, "not a uscc history key (64 hexadecimal digits)"));
            }
            Ok((0..32).map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).unwrap_or(0)).collect())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut key = vec![0u8; 32];
            getrandom::fill(&mut key).map_err(|e| HistoryError::new(&key_path, format!("no random key: {e}")))?;
            write_key(&key_path, &hex(&key)).map_err(|e| HistoryError::new(&key_path, format!("cannot write: {e}")))?;
            Ok(key)
        }
        Err(e) => Err(HistoryError::new(&key_path, format!("cannot read: {e}"))),
    }
}

/// Writes a new key file, readable by its owner only, never over another.
fn write_key(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options.open(path)?;
    f.write_all(text.as_bytes())?;
    f.write_all(b"\n")?;
    f.sync_all()
}

/// HMAC-SHA-256 of a value under the history's key, in hexadecimal.
fn keyed_hash(key: &[u8], value: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(value.as_bytes());
    hex(&mac.finalize().into_bytes())
}

/// Names with any personal identity number in them masked.
fn masked_names(names: &[String]) -> Vec<String> {
    names.iter().map(|n| uscc::redact_personal_text(n).into_owned()).collect()
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// The time now in UTC, RFC 3339 to the second.
fn now_utc() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(i64::try_from(days).unwrap_or(0));
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// The calendar date of a day count since 1970-01-01 (proleptic Gregorian).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_calendar_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_788), (2026, 12, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn keyed_hashes_depend_on_the_key() {
        assert_ne!(keyed_hash(b"a", "11010519491231002X"), keyed_hash(b"b", "11010519491231002X"));
        assert_eq!(keyed_hash(b"a", "x").len(), 64);
    }
}
