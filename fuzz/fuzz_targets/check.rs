//! The whole `check` job on arbitrary bytes, as the command and the browser
//! run it (`uscc_io::job`): read as a CSV file (half the inputs under the
//! header row of a 双公示 file, so that every column check and the checks
//! across rows see arbitrary cells), analysed, every output made (JSON,
//! report, sheet). An error or a result, never a panic; every row read is
//! accounted for.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use uscc::analysis::Options;
use uscc::publicity::{Date, synth};
use uscc_io::job::Job;
use uscc_io::{ColumnSpecs, ReadOptions, Table};

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let mut bytes = Vec::with_capacity(data.len() + 512);
    let publicity = first & 1 == 1;
    if publicity {
        bytes.extend_from_slice(synth::headers(first & 2 == 2).join(",").as_bytes());
        bytes.push(b'\n');
    }
    bytes.extend_from_slice(rest);
    let path = Path::new("f.csv");
    let Ok(table) = Table::from_source(path, Box::new(std::io::Cursor::new(bytes)), ReadOptions::default()) else {
        return;
    };
    // The first column is the code's when no header names one.
    let specs = ColumnSpecs { code: (!publicity).then(|| "1".into()), ..Default::default() };
    let mut job = Job::new(Options::default()).as_of(Date::new(2026, 11, 30).unwrap());
    let Ok(read) = job.add("f.csv", table, &specs, data.len() as u64, &mut |_| {}) else { return };
    let done = job.finish();
    let natural = done.columns.as_ref().map_or(0, |c| c.overall().natural_persons);
    assert_eq!(done.analysis.summary.overall.records + natural, read.rows);
    if let Some(c) = &done.columns {
        assert_eq!(c.overall().rows, read.rows);
        assert!(c.overall().compliant <= read.rows);
    }
    let _ = done.json();
    let _ = done.report();
    let _ = done.fixes_csv();
});
