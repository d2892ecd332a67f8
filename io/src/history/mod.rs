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

mod compare;
mod json;
mod read;
mod record;
mod schema;
mod sheet;
mod trend;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use hmac::{Hmac, Mac};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use sha2::Sha256;

pub use compare::{Comparison, GroupChange, OpenCode};
pub use json::{comparison_json, runs_json};
pub use read::{Counts, Run, StoredCode};
pub use record::{FileFacts, Recorded, Standing};
pub use schema::SCHEMA_VERSION;
pub use sheet::{OPEN_HEADERS, write_open_codes};
pub use trend::trend_section;

/// SQLite's `application_id` of a uscc history ("USCC").
pub const APPLICATION_ID: i32 = 0x5553_4343;

/// SQLite's page cache, in KiB as `PRAGMA cache_size` takes it (negative).
const CACHE_KIB: i64 = -262_144;

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
        // A run's codes (megabytes) stay in memory until the commit: a
        // smaller cache spills them to the file mid-transaction, each spill
        // waiting on the disk.
        conn.pragma_update(None, "cache_size", CACHE_KIB).map_err(|e| fail(&e))?;
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
    /// [`SCHEMA_VERSION`], in one transaction: a migration that fails
    /// leaves the file as it was.
    fn migrate(&mut self) -> Result<(), HistoryError> {
        let path = self.path.clone();
        let err = |e: &dyn std::fmt::Display| HistoryError::new(&path, e);
        let version = |c: &Connection| c.query_row("PRAGMA user_version", [], |r| r.get::<_, i32>(0));
        // A current history is only read: listing runs writes nothing.
        if version(&self.conn).map_err(|e| err(&e))? == SCHEMA_VERSION {
            return Ok(());
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|e| err(&e))?;
        // Read again under the lock: another run may have migrated it.
        let version = version(&tx).map_err(|e| err(&e))?;
        if version > SCHEMA_VERSION {
            return Err(err(&format!(
                "a history of schema version {version}, newer than this uscc reads ({SCHEMA_VERSION}): update uscc"
            )));
        }
        if version < 1 {
            tx.execute_batch(schema::SCHEMA_1).map_err(|e| err(&e))?;
        }
        for (to, statements) in schema::MIGRATIONS {
            if version < to {
                tx.execute_batch(statements).map_err(|e| err(&e))?;
            }
        }
        tx.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {SCHEMA_VERSION};"))
            .map_err(|e| err(&e))?;
        tx.commit().map_err(|e| err(&e))
    }
}

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

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyed_hashes_depend_on_the_key() {
        assert_ne!(keyed_hash(b"a", "11010519491231002X"), keyed_hash(b"b", "11010519491231002X"));
        assert_eq!(keyed_hash(b"a", "x").len(), 64);
    }
}
