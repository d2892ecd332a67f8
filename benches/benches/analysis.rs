//! Data-set analysis of one million synthetic records, on one thread and on
//! all threads (the scale figures come from `src/bin/analysis-scale.rs`).
//!
//! Run: `cargo bench -p uscc-benches --bench analysis`
#![allow(missing_docs)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use uscc::analysis::{Analyzer, Options, Record, synth};

fn analysis(c: &mut Criterion) {
    let n = 1_000_000;
    let data = synth::generate(2026, &synth::SynthOptions { records: n, ..Default::default() });
    let records: Vec<Record<'_>> = data.iter().map(synth::SynthRecord::as_record).collect();
    let mut g = c.benchmark_group("analysis");
    g.throughput(Throughput::Elements(n as u64));
    g.sample_size(10);
    for threads in [1, rayon::current_num_threads()] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
        g.bench_function(BenchmarkId::new("push_finish_fixes", format!("{threads}_threads")), |b| {
            pool.install(|| {
                b.iter(|| {
                    let mut a = Analyzer::new(Options::default());
                    for chunk in records.chunks(1 << 16) {
                        a.push(chunk);
                    }
                    let analysis = a.finish();
                    let _ = analysis.fixes();
                    analysis
                });
            });
        });
    }
    g.finish();
}

criterion_group!(benches, analysis);
criterion_main!(benches);
