//! `uscc generate`: a synthetic data set with a realistic error mix.

use std::path::Path;

use uscc::analysis::synth::SynthOptions;
use uscc_io::TextEncoding;
use uscc_io::generate::{records, write_csv, write_xlsx};

use crate::Failure;

pub fn run(
    count: usize,
    seed: u64,
    groups: Vec<String>,
    encoding: TextEncoding,
    output: Option<&Path>,
) -> Result<u8, Failure> {
    let xlsx = output.is_some_and(uscc_io::sheet::is_xlsx);
    let data =
        records(seed, &SynthOptions { records: count, groups, ..Default::default() }, xlsx).map_err(Failure::Other)?;
    match output {
        Some(path) if xlsx => write_xlsx(path, &data)?,
        Some(path) => uscc_io::files::write_file(path, |w| write_csv(w, &data, encoding))?,
        None => {
            let mut sink = crate::term::StdoutSink::default();
            let _ = write_csv(&mut sink, &data, encoding);
            sink.result().map_err(Failure::Other)?;
        }
    }
    Ok(0)
}
