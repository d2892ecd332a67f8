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
            let mut a = Analyzer::new(Options::default());
            for chunk in records.chunks(1 << 16) {
                a.push(chunk);
            }
            a.finish()
        });
        let seconds = start.elapsed().as_secs_f64();
        peak.fetch_max(status_kb("VmRSS:"), Ordering::Relaxed);
        done.store(true, Ordering::Relaxed);
        (seconds, (peak.load(Ordering::Relaxed) - before) * 1024, analysis)
    })
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(10_000_000);
    let threads = rayon::current_num_threads();
    let t = Instant::now();
    let data = synth::generate(2026, &synth::SynthOptions { records: n, ..Default::default() });
    let records: Vec<Record<'_>> = data.iter().map(synth::SynthRecord::as_record).collect();
    println!("generated {n} records in {:.1} s", t.elapsed().as_secs_f64());

    // Memory is measured on the first run: later runs reuse freed memory.
    let (all, peak, analysis) = run(&records, threads);
    let (one, _, again) = run(&records, 1);
    assert_eq!(again.summary, analysis.summary, "results must not depend on the thread count");
    drop(again);
    let o = &analysis.summary.overall;
    let mut names = std::collections::HashSet::new();
    let name_bytes: u64 = data
        .iter()
        .filter_map(|r| uscc::analysis::normalize_name(&r.name))
        .filter(|n| names.insert(n.clone()))
        .map(|n| n.len() as u64)
        .sum();
    let per_code = peak.saturating_sub(name_bytes) as f64 / o.distinct_codes as f64;
    println!("records           {n}");
    println!("distinct codes    {}", o.distinct_codes);
    println!("distinct names    {} ({:.0} MB of text)", names.len(), name_bytes as f64 / 1e6);
    println!("1 thread          {:.2} s  {:.2} M records/s", one, n as f64 / one / 1e6);
    println!("{threads} threads         {:.2} s  {:.2} M records/s", all, n as f64 / all / 1e6);
    println!("speed-up          {:.2}x", one / all);
    println!(
        "peak memory added {:.0} MB = {:.0} bytes per distinct code + the names' text",
        peak as f64 / 1e6,
        per_code
    );
    println!("重错码率          {:.2}% ({} of {})", 100.0 * o.rate(), o.flagged, o.denominator);
}
