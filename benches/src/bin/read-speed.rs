//! How fast files are read into chunks, the analysis left out: each file
//! read RUNS times (default 5) into chunks as `uscc check` reads it, the
//! median and fastest time and the rate printed.
//!
//! Run: `cargo run --release -p uscc-benches --bin read-speed -- FILE... [--runs N]`

use std::path::Path;
use std::time::Instant;

use uscc_io::columns::{ColumnSpecs, resolve};
use uscc_io::ingest::{Chunk, read_chunks};
use uscc_io::{ReadOptions, Table};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut runs = 5;
    if let Some(i) = args.iter().position(|a| a == "--runs") {
        runs = args.get(i + 1).and_then(|n| n.parse().ok()).unwrap_or(runs);
        args.drain(i..(i + 2).min(args.len()));
    }
    for file in &args {
        let path = Path::new(file);
        let size = std::fs::metadata(path).map_or(0, |m| m.len());
        let mut times = Vec::new();
        let mut rows = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let mut table = Table::open(path, ReadOptions::default()).expect("open");
            let columns = resolve(&table, &ColumnSpecs::default()).expect("columns");
            let mut chunk = Chunk::default();
            let mut bytes = 0;
            rows = read_chunks(&mut table, &columns, &mut chunk, &mut |c| {
                bytes += c.bytes();
                Ok(())
            })
            .expect("read");
            std::hint::black_box(bytes);
            times.push(start.elapsed().as_secs_f64());
        }
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        #[allow(clippy::cast_precision_loss)] // sizes far below 2^52
        let rate = size as f64 / median / 1e6;
        println!("{file}: {rows} rows, median {median:.3} s (fastest {:.3} s), {rate:.0} MB/s", times[0]);
    }
}
