//! The 双公示 column checks in memory, step by step: each row checked
//! (`check_rows_into`, on all threads and on one), and the rows fed to the checks
//! across rows (`Across`), on generated licensing rows with the generator's
//! mix of column errors, their cells one after the other in one buffer as
//! a chunk of a file holds them. What `uscc check` adds to a 双公示 file
//! beyond reading it and analysing its code column.
//!
//! Run: `cargo run --release -p uscc-benches --bin publicity-checks -- [ROWS] [RUNS] [ERRORS]`
//! (default 1,000,000 rows, 5 runs, the generator's 150 rows in 1,000 with
//! a column error; 0 for clean rows alone; the median of each step is printed).

use std::time::Instant;

use uscc::publicity::{Across, Checked, Date, Record, Role, check_rows_into, synth};

/// Rows' cells one after the other, as a chunk of a file holds them.
struct Cells {
    text: String,
    /// Where each cell ends, `Role::ALL.len()` a row.
    ends: Vec<usize>,
    /// Each read role's column, as `Record::of` reads a row for the checks.
    columns: Vec<(Role, usize)>,
}

impl Cells {
    fn of(rows: &[synth::Row]) -> Cells {
        let columns = Role::ALL
            .into_iter()
            .enumerate()
            .filter(|(_, role)| role.is_read())
            .map(|(col, role)| (role, col))
            .collect();
        let mut cells = Cells { text: String::new(), ends: Vec::new(), columns };
        for row in rows {
            for v in &row.values {
                cells.text.push_str(v);
                cells.ends.push(cells.text.len());
            }
        }
        cells
    }

    fn record(&self, i: usize) -> Record<'_> {
        let first = i * Role::ALL.len();
        let end = |col: usize| self.ends[first + col];
        let start = |col: usize| if first + col == 0 { 0 } else { self.ends[first + col - 1] };
        Record::of(&self.columns, |col| &self.text[start(col)..end(col)])
    }
}

/// How many rows ahead the checks across rows are asked to fetch what a
/// row reads (as `uscc check` asks).
const AHEAD: usize = 16;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let runs: usize = std::env::args().nth(2).and_then(|s| s.parse().ok()).unwrap_or(5);
    let errors_per_mille: u32 = std::env::args().nth(3).and_then(|s| s.parse().ok()).unwrap_or(150);
    let today = Date::new(2026, 11, 30).expect("a date");
    // Made on a thread of its own (docs/analysis.md, "Measuring").
    let rows = std::thread::spawn(move || {
        synth::generate(11, &synth::Options { records: n, errors_per_mille, ..Default::default() })
    })
    .join()
    .expect("the rows");
    let cells = Cells::of(&rows);
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a pool");
    let (mut all, mut single, mut across) = (Vec::new(), Vec::new(), Vec::new());
    let mut found = 0;
    // The verdicts' memory kept from run to run, as `uscc check` keeps it
    // from chunk to chunk.
    let (mut checked, mut alone) = (Checked::default(), Checked::default());
    for _ in 0..runs {
        let start = Instant::now();
        check_rows_into(rows.len(), |i| cells.record(i), today, &mut checked);
        all.push(start.elapsed().as_secs_f64());
        found = checked.found.len();

        let start = Instant::now();
        one.install(|| check_rows_into(rows.len(), |i| cells.record(i), today, &mut alone));
        single.push(start.elapsed().as_secs_f64());
        assert_eq!(alone, checked);

        let start = Instant::now();
        let mut a = Across::default();
        a.reserve(rows.len());
        // What a row reads fetched some rows ahead, as `uscc check` does.
        for v in checked.rows.iter().take(AHEAD) {
            a.prefetch(&v.keys);
        }
        for (i, v) in checked.rows.iter().enumerate() {
            if let Some(ahead) = checked.rows.get(i + AHEAD) {
                a.prefetch(&ahead.keys);
            }
            a.add_keyed(i as u64, &v.keys, || cells.record(i));
        }
        let out = a.finish();
        across.push(start.elapsed().as_secs_f64());
        std::hint::black_box(out);
    }
    let ns = |s: f64| s * 1e9 / n as f64;
    let (all, single, across) = (median(all), median(single), median(across));
    println!("{n} rows, {found} findings in rows, median of {runs} runs");
    println!("check_rows_into, all threads: {all:.3} s ({:.0} ns a row)", ns(all));
    println!("check_rows_into, one thread: {single:.3} s ({:.0} ns a row)", ns(single));
    println!("across rows (one thread): {across:.3} s ({:.0} ns a row)", ns(across));
}
