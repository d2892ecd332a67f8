//! `uscc normalize`: a file written back with a cleaned code column.

use std::path::Path;

use uscc_io::normalize::{NormalizeError, normalize_to, normalize_to_file};
use uscc_io::{Table, columns};

use crate::{ColumnArgs, Failure};

pub fn run(file: &Path, output: Option<&Path>, columns: &ColumnArgs) -> Result<u8, Failure> {
    if let Some(out) = output {
        uscc_io::files::check_outputs(&[file], &[("--output", out)]).map_err(Failure::Other)?;
    }
    let mut table = Table::open(file, columns.read_options())?;
    let specs = columns::ColumnSpecs { code: columns.code_column.clone(), ..Default::default() };
    let cols = columns::resolve(&table, &specs)?;
    let result = if let Some(out) = output {
        normalize_to_file(&mut table, cols.code, out)
    } else {
        let mut sink = crate::term::StdoutSink::default();
        normalize_to(&mut table, cols.code, &mut sink)
            .and_then(|()| sink.result().map_err(|e| uscc_io::OutputError::new(Path::new("standard output"), e).into()))
    };
    match result {
        Ok(()) => Ok(0),
        Err(NormalizeError::Input(e)) => Err(e.into()),
        Err(NormalizeError::Output(e)) => Err(e.into()),
    }
}
