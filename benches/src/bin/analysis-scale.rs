//! Data-set analysis at scale: records per second with one thread and with
//! all threads (the ratio is measured in the same run), and the peak memory
//! the analysis adds, per distinct code.
//!
//! Run: `cargo run --release -p uscc-benches --bin analysis-scale -- [RECORDS]`
//! (default 10,000,000 synthetic records: about 5% errors, 1% duplicates).

use std::time::Instant;

use uscc::analysis::{Analyzer, Options, Record, synth};

/// A `/proc/self/status` field in kB.
fn status_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Runs the analysis while a thread samples the resident size every 5 ms;
/// returns the seconds taken and the peak resident size above the start.
fn run(records: &[Record<'_>], threads: usize) -> (f64, u64, uscc::analysis::Analysis) {
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("thread pool");
    let before = status_kb("VmRSS:");
    let (done, peak) = (AtomicBool::new(false), AtomicU64::new(before));
    std::thread::scope(|s| {
        s.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                peak.fetch_max(status_kb("VmRSS:"), Ordering::Relaxed);
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        });
        let start = Instant::now();
        let analysis = pool.install(|| {
            let mut a = Analyzer::with_capacity(Options::default(), records.len());
            for chunk in records.chunks(1 << 16) {
                a.push(chunk);
            }
            eprintln!(
                "  {threads} thread(s): push {:.2} s, resident {} MB above the start",
                start.elapsed().as_secs_f64(),
                status_kb("VmRSS:").saturating_sub(before) / 1024
            );
            // The correction sheet is made on first use: it is part of the
            // job, so it is made and timed here.
            let analysis = a.finish();
            let _ = analysis.fixes();
            analysis
        });
        let seconds = start.elapsed().as_secs_f64();
        peak.fetch_max(status_kb("VmRSS:"), Ordering::Relaxed);
        done.store(true, Ordering::Relaxed);
        (seconds, (peak.load(Ordering::Relaxed) - before) * 1024, analysis)
    })
}

/// Text columns: one buffer each, with every value's end offset.
struct Columns {
    rows: Vec<u64>,
    text: [(String, Vec<usize>); 3],
}

impl Columns {
    fn of(data: &[synth::SynthRecord]) -> Columns {
        let column = |f: &dyn Fn(&synth::SynthRecord) -> &str| {
            let mut text = String::new();
            let ends = data
                .iter()
                .map(|r| {
                    text.push_str(f(r));
                    text.len()
                })
                .collect();
            (text, ends)
        };
        Columns {
            rows: data.iter().map(|r| r.row).collect(),
            text: [column(&|r| &r.code), column(&|r| &r.name), column(&|r| &r.group)],
        }
    }

    fn records(&self) -> Vec<Record<'_>> {
        let value = |c: usize, i: usize| {
            let (text, ends) = &self.text[c];
            &text[if i == 0 { 0 } else { ends[i - 1] }..ends[i]]
        };
        (0..self.rows.len())
            .map(|i| Record::new(self.rows[i], value(0, i), Some(value(1, i)), Some(value(2, i))))
            .collect()
    }
}

/// One configuration, in this process: prints `seconds peak_bytes distinct name_bytes rate flagged denominator`.
fn measure(n: usize, threads: usize) {
    let start = Instant::now();
    let data = synth::generate(2026, &synth::SynthOptions { records: n, ..Default::default() });
    let mut names = std::collections::HashSet::new();
    let name_bytes: usize = data
        .iter()
        .filter_map(|r| uscc::analysis::normalize_name(&r.name))
        .filter(|n| names.insert(n.clone()))
        .map(|n| n.len())
        .sum();
    let distinct_names = names.len();
    drop(names);
    // The records as a file or an Arrow table holds them: each column's
    // text in one buffer, in row order.
    let columns = Columns::of(&data);
    drop(data);
    let records = columns.records();
    eprintln!("  generated {n} records in {:.2} s", start.elapsed().as_secs_f64());
    let (seconds, peak, analysis) = run(&records, threads);
    let o = &analysis.summary.overall;
    println!("{seconds} {peak} {} {distinct_names} {name_bytes} {} {}", o.distinct_codes, o.flagged, o.denominator);
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(10_000_000);
    if let Some(threads) = args.get(2).and_then(|s| s.parse().ok()) {
        measure(n, threads);
        return;
    }
    // Each configuration runs in a fresh process, so that neither inherits
    // the other's memory.
    let all = std::thread::available_parallelism().map_or(2, usize::from);
    let child = |threads: usize| -> Vec<f64> {
        let out = std::process::Command::new(&args[0])
            .args([n.to_string(), threads.to_string()])
            .output()
            .expect("run the measurement");
        String::from_utf8_lossy(&out.stdout).split_whitespace().filter_map(|x| x.parse().ok()).collect()
    };
    let one = child(1);
    let many = child(all);
    let [s1, ..] = one[..] else { panic!("no result") };
    let [s2, peak, distinct, names, name_bytes, flagged, denominator] = many[..] else { panic!("no result") };
    println!("records           {n} (synthetic: about 5% errors, 1% duplicates)");
    println!("distinct codes    {distinct}");
    println!("distinct names    {names} ({:.0} MB of text)", name_bytes / 1e6);
    println!("1 thread          {s1:.2} s  {:.2} M records/s", n as f64 / s1 / 1e6);
    println!("{all} threads         {s2:.2} s  {:.2} M records/s", n as f64 / s2 / 1e6);
    println!("speed-up          {:.2}x", s1 / s2);
    println!(
        "peak memory added {:.0} MB = {:.0} bytes per distinct code + the names' text",
        peak / 1e6,
        (peak - name_bytes) / distinct
    );
    println!("重错码率          {:.2}% ({flagged} of {denominator})", 100.0 * flagged / denominator);
}
