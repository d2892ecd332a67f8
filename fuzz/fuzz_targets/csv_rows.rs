//! The row reader against the `csv` crate on arbitrary text, read in pieces
//! of any size: the same rows, or an unclosed quote reported after rows the
//! `csv` crate also reads.
#![no_main]

use libfuzzer_sys::fuzz_target;
use uscc_io::rows::{RowError, Rows};

struct Trickle(Vec<u8>, usize, usize);

impl std::io::Read for Trickle {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = self.2.min(out.len()).min(self.0.len() - self.1);
        out[..n].copy_from_slice(&self.0[self.1..self.1 + n]);
        self.1 += n;
        Ok(n)
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&step, text)) = data.split_first() else { return };
    let step = usize::from(step % 64) + 1;
    let mut rows = Rows::new(Box::new(Trickle(text.to_vec(), 0, step)), b',');
    let mut ours = Vec::new();
    let mut rec = csv::ByteRecord::new();
    let unclosed = loop {
        match rows.next(&mut rec) {
            Ok(true) => ours.push(rec.iter().map(<[u8]>::to_vec).collect::<Vec<_>>()),
            Ok(false) => break false,
            Err(RowError::Unclosed { .. }) => break true,
            Err(e) => panic!("{e:?}"),
        }
    };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text);
    let theirs: Vec<Vec<Vec<u8>>> =
        reader.byte_records().map(|r| r.unwrap().iter().map(<[u8]>::to_vec).collect()).collect();
    if unclosed {
        // The csv crate reads the open field to the end as one more record.
        assert_eq!(ours.as_slice(), &theirs[..theirs.len().saturating_sub(1)]);
    } else {
        assert_eq!(ours, theirs);
    }
});
