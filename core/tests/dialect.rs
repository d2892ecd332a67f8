//! One dialect on every surface: the shapes of `validate`, `check`,
//! `explain`, `suggest`, `identify`, `normalize`, of a summary and of the
//! correction sheet's lines, as the core serializes them, written to
//! `testdata/dialect.json`. The
//! Python and JavaScript tests hold their own results to this file; this
//! test holds the file to the core (run with `USCC_UPDATE_DIALECT=1` to
//! rewrite it after a deliberate change, and say so in docs/dialect.md).
#![cfg(feature = "serde")]

use uscc::analysis::{Options, Record, analyze};

/// Codes of every kind.
const CODES: &[&str] = &[
    "91350100M000100Y43",
    "91350100M000100Y4A",
    "９１３５０１００Ｍ０００１００Ｙ４３",
    "91350100m000100y43",
    "无",
    "11010519491231002X",
    "110105194912310021",
    "110108000000016",
    "9.14403E+17",
    "914403001922038000",
    "91350100M0001TGQXM",
    "9144OO001922038216",
    "12100000400000624D",
    "9135010",
];

/// The name of record `i` in the data set of the summary.
fn name(i: usize) -> &'static str {
    if i.is_multiple_of(2) { "甲公司" } else { "乙公司" }
}

/// The core's serialization of `f` on each code.
fn each<T: serde::Serialize>(f: impl Fn(&str) -> T) -> Vec<serde_json::Value> {
    CODES.iter().map(|c| serde_json::to_value(f(c)).unwrap()).collect()
}

fn document() -> serde_json::Value {
    let records: Vec<Record<'_>> =
        CODES.iter().enumerate().map(|(i, c)| Record::new(i as u64, c, Some(name(i)), Some("局"))).collect();
    let report = analyze(&records, &Options::default());
    serde_json::json!({
        "codes": CODES,
        "validate": each(uscc::validate),
        "check": each(uscc::check),
        "explain": each(uscc::explain),
        "suggest": each(uscc::suggest),
        "identify": each(uscc::identify),
        "normalize": each(uscc::normalize),
        "names": (0..CODES.len()).map(name).collect::<Vec<_>>(),
        "group": "局",
        "summary": report.analysis.summary,
        "fixes": report.analysis.fixes(),
    })
}

#[test]
fn the_dialect_file_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/dialect.json");
    let text = serde_json::to_string_pretty(&document()).unwrap() + "\n";
    if std::env::var_os("USCC_UPDATE_DIALECT").is_some() {
        std::fs::write(path, &text).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == text,
        "testdata/dialect.json is not current: USCC_UPDATE_DIALECT=1 cargo test -p uscc --features serde --test dialect"
    );
}
