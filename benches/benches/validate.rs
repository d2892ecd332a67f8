//! Validation benches: the fast path over a batch, the full report, normalize.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn corpus(n: usize) -> Vec<String> {
    uscc::generate(42, n).iter().map(ToString::to_string).collect()
}

fn fast_path(c: &mut Criterion) {
    let codes = corpus(100_000);
    let bytes: Vec<[u8; 18]> = uscc::generate(42, 100_000).iter().map(|c| *c.as_bytes()).collect();
    let mut g = c.benchmark_group("is_valid");
    g.throughput(Throughput::Elements(codes.len() as u64));
    g.bench_function("strings_one_core", |b| {
        b.iter(|| black_box(&codes).iter().filter(|c| uscc::is_valid(c)).count());
    });
    g.bench_function("arrays_one_core", |b| {
        b.iter(|| black_box(&bytes).iter().filter(|c| uscc::is_valid_bytes(&c[..])).count());
    });
    g.finish();
}

fn report(c: &mut Criterion) {
    let mut g = c.benchmark_group("report");
    g.bench_function("validate_invalid", |b| b.iter(|| uscc::validate(black_box("91350100M000100Y4A"))));
    g.bench_function("validate_valid", |b| b.iter(|| uscc::validate(black_box("914403001922038216"))));
    g.bench_function("normalize_messy", |b| {
        b.iter(|| uscc::normalize(black_box(" '９１３５０１００ｍ０００１００Ｙ４３\u{200b} ")));
    });
    g.bench_function("suggest_check_char", |b| b.iter(|| uscc::suggest(black_box("91350100M000100Y4A"))));
    g.finish();
}

criterion_group!(benches, fast_path, report);
criterion_main!(benches);
