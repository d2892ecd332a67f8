//! The analysis on the worst distributions a department's file can have,
//! against a normal file of the same size in the same run: every step must
//! stay near-linear whatever the distribution. Each shape runs at N/2 and
//! at N records; a linear step doubles its time.
//!
//! Run: `cargo run --release -p uscc-benches --bin analysis-shapes -- [RECORDS]`
//! (default 1,000,000).

use std::time::Instant;

use uscc::analysis::{Analyzer, Options, Record, synth};

/// A data set's columns: code, name and group of each row.
type Rows = Vec<(String, String, String)>;

fn normal(n: usize) -> Rows {
    synth::generate(7, &synth::SynthOptions { records: n, ..Default::default() })
        .into_iter()
        .map(|r| (r.code, r.name, r.group))
        .collect()
}

/// A shape: its name and the data set it makes for a number of records.
type Shape = (&'static str, fn(usize) -> Rows);

/// The shapes, each a function of the number of records.
fn shapes() -> Vec<Shape> {
    vec![
        ("normal (synthetic mix)", normal),
        ("all rows one value", |n| {
            (0..n).map(|_| ("914403001922038216".into(), "华为技术有限公司".into(), "局".into())).collect()
        }),
        ("one value, a name per row", |n| {
            (0..n).map(|i| ("914403001922038216".into(), format!("公司{i}"), "局".into())).collect()
        }),
        ("one value, a group per row", |n| {
            (0..n).map(|i| ("914403001922038216".into(), "华为技术有限公司".into(), format!("局{i}"))).collect()
        }),
        ("a group per row", |n| {
            normal(n).into_iter().enumerate().map(|(i, (c, name, _))| (c, name, format!("局{i}"))).collect()
        }),
        ("names in full-width brackets", |n| {
            // Names as many departments write them: （集团）, （普通合伙）,
            // normalized to half-width, the rows' own forms kept for the sheet.
            normal(n).into_iter().map(|(c, name, g)| (c, format!("{name}（集团）"), g)).collect()
        }),
        ("codes padded with spaces", |n| {
            // Codes as a fixed-width export writes them (CHAR(20)): cleaned
            // of their spaces, the rows' own forms kept for the sheet.
            normal(n).into_iter().map(|(c, name, g)| (format!("{c}  "), name, g)).collect()
        }),
        ("10% empty codes (自然人 rows)", |n| {
            normal(n)
                .into_iter()
                .enumerate()
                .map(|(i, (c, name, g))| if i % 10 == 0 { (String::new(), format!("张{i}"), g) } else { (c, name, g) })
                .collect()
        }),
    ]
}

/// Seconds to analyse `rows` (with the correction sheet).
fn time(rows: &Rows) -> f64 {
    let records: Vec<Record<'_>> =
        rows.iter().enumerate().map(|(i, (c, n, g))| Record::new(i as u64 + 2, c, Some(n), Some(g))).collect();
    let start = Instant::now();
    let mut a = Analyzer::with_capacity(Options::default(), records.len());
    for chunk in records.chunks(1 << 14) {
        a.push(chunk);
    }
    let analysis = a.finish();
    let fixes = analysis.fixes().len();
    let seconds = start.elapsed().as_secs_f64();
    assert_eq!(analysis.summary.overall.records, rows.len() as u64);
    std::hint::black_box(fixes);
    seconds
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    // A second argument picks one shape by its number (from 0), after the normal one.
    let only: Option<usize> = std::env::args().nth(2).and_then(|s| s.parse().ok());
    println!(
        "{:<32} {:>10} {:>10} {:>12} {:>10} {:>10}",
        "shape", "N/2 s", "N s", "M records/s", "N/(N/2)", "vs normal"
    );
    let mut base = None;
    for (i, (name, make)) in shapes().into_iter().enumerate() {
        if only.is_some_and(|o| i != 0 && i != o) {
            continue;
        }
        // The data are made on a thread of their own, whose allocator arena
        // then holds the making's freed scraps: made here, the first large
        // allocation of the timed analysis sorted millions of them first
        // (glibc's consolidation), 0.2 s of the 1 M-record normal file.
        let made = |k: usize| std::thread::spawn(move || make(k)).join().unwrap();
        let half = time(&made(n / 2));
        let full = time(&made(n));
        let base = *base.get_or_insert(full);
        println!(
            "{name:<32} {half:>10.3} {full:>10.3} {:>12.2} {:>10.2} {:>9.2}x",
            n as f64 / full / 1e6,
            full / half,
            full / base
        );
    }
}
