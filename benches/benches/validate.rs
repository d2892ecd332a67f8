//! Validation benches: the batch fast path against the per-code scalar loop
//! (the baseline, measured in the same run), the full report, normalize,
//! suggest and explain.
//!
//! Run: `cargo bench -p uscc-benches --bench validate`
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

const N: usize = 1_000_000;

fn one_thread<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("thread pool").install(f)
}

fn fast_path(c: &mut Criterion) {
    let codes = uscc::generate(42, N);
    let fixed: Vec<[u8; 18]> = codes.iter().map(|c| *c.as_bytes()).collect();
    let strings: Vec<String> = codes.iter().map(ToString::to_string).collect();
    let values: Vec<u8> = fixed.concat();
    let offsets: Vec<i64> = (0..=N).map(|i| i64::try_from(i * 18).expect("fits")).collect();

    let mut g = c.benchmark_group("is_valid");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(20);
    g.bench_function("baseline_scalar_per_code", |b| {
        b.iter(|| black_box(&fixed).iter().filter(|c| uscc::is_valid_bytes(&c[..])).count());
    });
    g.bench_function(BenchmarkId::new("batch_fixed", "1_thread"), |b| {
        one_thread(|| b.iter(|| uscc::is_valid_fixed(black_box(&fixed))));
    });
    g.bench_function(BenchmarkId::new("batch_packed", "1_thread"), |b| {
        one_thread(|| b.iter(|| uscc::is_valid_packed(black_box(&values), black_box(&offsets))));
    });
    g.bench_function(BenchmarkId::new("batch_strings", "1_thread"), |b| {
        one_thread(|| b.iter(|| uscc::is_valid_many(black_box(&strings))));
    });
    g.bench_function(BenchmarkId::new("batch_fixed", "all_threads"), |b| {
        b.iter(|| uscc::is_valid_fixed(black_box(&fixed)));
    });
    g.finish();
}

fn report(c: &mut Criterion) {
    let mut g = c.benchmark_group("report");
    g.bench_function("validate_invalid", |b| b.iter(|| uscc::validate(black_box("91350100M000100Y4A"))));
    g.bench_function("validate_valid", |b| b.iter(|| uscc::validate(black_box("914403001922038216"))));
    g.bench_function("check_messy", |b| {
        b.iter(|| uscc::check(black_box(" '９１３５０１００ｍ０００１００Ｙ４３\u{200b} ")));
    });
    g.bench_function("normalize_messy", |b| {
        b.iter(|| uscc::normalize(black_box(" '９１３５０１００ｍ０００１００Ｙ４３\u{200b} ")));
    });
    g.bench_function("normalize_clean", |b| b.iter(|| uscc::normalize(black_box("914403001922038216"))));
    g.bench_function("suggest_check_char", |b| b.iter(|| uscc::suggest(black_box("91350100M000100Y4A"))));
    g.bench_function("explain_valid", |b| b.iter(|| uscc::explain(black_box("914403001922038216"))));
    // Valid codes of every division: the division lookup sees varied codes.
    let varied: Vec<String> = uscc::generate(11, 4096).iter().map(ToString::to_string).collect();
    g.throughput(Throughput::Elements(varied.len() as u64));
    g.bench_function("is_clean_varied_4096", |b| {
        b.iter(|| varied.iter().filter(|c| uscc::is_clean(black_box(c))).count());
    });
    g.bench_function("validate_varied_4096", |b| {
        b.iter(|| varied.iter().map(|c| uscc::validate(black_box(c)).findings.len()).sum::<usize>());
    });
    g.finish();
}

criterion_group!(benches, fast_path, report);
criterion_main!(benches);
