//! The whole `check` path on arbitrary bytes: read as a CSV file, analysed,
//! every output written (sheet, report, JSON). An error or a result, never
//! a panic; every row read is accounted for.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use uscc::analysis::{Analyzer, Options};
use uscc_io::ingest::{Input, push_input};
use uscc_io::{ColumnSpecs, ReadOptions, Table, columns};

fuzz_target!(|data: &[u8]| {
    let path = Path::new("f.csv");
    let Ok(table) = Table::from_source(path, Box::new(std::io::Cursor::new(data.to_vec())), ReadOptions::default())
    else {
        return;
    };
    // The first column is the code's when no header names one.
    let specs = ColumnSpecs { code: Some("1".into()), ..Default::default() };
    let Ok(cols) = columns::resolve(&table, &specs) else { return };
    let mut input =
        Input { table, columns: cols, index: 0, size: data.len() as u64, default_group: Some("f"), publicity: None };
    let mut analyzer = Analyzer::new(Options::default());
    let Ok(rows) = push_input(&mut input, &mut analyzer, &mut |_| {}) else { return };
    let analysis = analyzer.finish();
    assert_eq!(analysis.summary.overall.records, rows);
    let names = ["f.csv".to_owned()];
    let mut sheet = Vec::new();
    let fixes = uscc_io::sheet::FixSheet { fixes: analysis.fixes(), columns: None, files: &names, extra: None };
    fixes.write_csv(&mut sheet).unwrap();
    let _ = uscc_io::report::report(&analysis, None, &names, None);
    let _ = uscc_io::json::to_json(&analysis, &names);
});
