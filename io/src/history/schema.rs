//! The schema, version by version (docs/history.md): a new file gets the
//! first version and then every migration, so that a new history and a
//! migrated one are made by the same statements.

/// The schema version this build writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i32 = 3;

/// Version 1, as it was first written.
pub(super) const SCHEMA_1: &str = "
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

/// The migrations: the statements that bring a history of the version
/// before each to it.
pub(super) const MIGRATIONS: [(i32, &str); 2] = [
    (
        2,
        // The version of uscc that recorded a run.
        "
ALTER TABLE runs ADD COLUMN uscc TEXT;
",
    ),
    (
        3,
        // A run's codes found by run alone, and put in order when read: an
        // index on (run, key) took each code into the middle of the index,
        // the costliest part of recording a run.
        "
DROP INDEX codes_by_run;
CREATE INDEX codes_of_run ON codes(run);
",
    ),
];
