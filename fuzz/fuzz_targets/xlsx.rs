//! Arbitrary bytes read as a workbook: an error or rows, never a panic or an
//! allocation the bytes alone would ask for.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use uscc_io::{ReadOptions, Table};

fuzz_target!(|data: &[u8]| {
    let src = Box::new(std::io::Cursor::new(data.to_vec()));
    if let Ok(mut table) = Table::from_source(Path::new("f.xlsx"), src, ReadOptions::default()) {
        let _ = table.for_each(&mut |_, _| Ok(true));
    }
});
