//! `uscc generate`: a synthetic data set with a realistic error mix, or a
//! sequence of monthly ones for the same departments.

use std::path::Path;

use uscc::analysis::synth::{MonthOptions, SynthOptions, SynthRecord, months};
use uscc_io::generate::{
    MAX_RECORDS, check_size, month_paths, records, write_csv, write_publicity_csv, write_publicity_xlsx, write_xlsx,
};

use crate::{Failure, GenerateArgs};

pub fn run(args: &GenerateArgs) -> Result<u8, Failure> {
    let xlsx = args.output.as_deref().is_some_and(uscc_io::sheet::is_xlsx);
    if args.format == "双公示" {
        return publicity(args, xlsx);
    }
    let options = SynthOptions { records: args.records, groups: args.groups.clone(), ..Default::default() };
    let Some(count) = args.months.map(usize::from) else {
        let data = records(args.seed, &options, xlsx).map_err(Failure::Other)?;
        return write(args, args.output.as_deref(), &data);
    };
    let (Some(path), true) = (args.output.as_deref(), args.records.saturating_mul(count) <= MAX_RECORDS) else {
        return Err(Failure::Other(format!(
            "--months {count}: at most {MAX_RECORDS} records in all months together (asked for {} a month)",
            args.records
        )));
    };
    check_size(args.records, xlsx).map_err(Failure::Other)?;
    let plan = MonthOptions { months: count, fixed_percent: args.fixed_percent, new_per_mille: args.new_per_mille };
    for (month, file) in months(args.seed, &options, &plan).iter().zip(month_paths(path, count)) {
        write(args, Some(&file), &month.records)?;
    }
    Ok(0)
}

/// `--format 双公示`: every column of a licensing or penalty file.
fn publicity(args: &GenerateArgs, xlsx: bool) -> Result<u8, Failure> {
    if args.months.is_some() {
        return Err(Failure::Other("--months writes the plain format only".to_owned()));
    }
    check_size(args.records, xlsx).map_err(Failure::Other)?;
    let options = uscc::publicity::synth::Options {
        records: args.records,
        penalties: args.penalties,
        ..uscc::publicity::synth::Options::default()
    };
    let rows = uscc::publicity::synth::generate(args.seed, &options);
    match args.output.as_deref() {
        Some(path) if xlsx => write_publicity_xlsx(path, &rows, args.penalties)?,
        Some(path) => {
            uscc_io::files::write_file(path, |w| write_publicity_csv(w, &rows, args.penalties, args.encoding))?;
        }
        None => {
            let mut sink = crate::term::StdoutSink::default();
            let _ = write_publicity_csv(&mut sink, &rows, args.penalties, args.encoding);
            sink.result().map_err(Failure::Other)?;
        }
    }
    Ok(0)
}

fn write(args: &GenerateArgs, output: Option<&Path>, data: &[SynthRecord]) -> Result<u8, Failure> {
    match output {
        Some(path) if uscc_io::sheet::is_xlsx(path) => write_xlsx(path, data)?,
        Some(path) => uscc_io::files::write_file(path, |w| write_csv(w, data, args.encoding))?,
        None => {
            let mut sink = crate::term::StdoutSink::default();
            let _ = write_csv(&mut sink, data, args.encoding);
            sink.result().map_err(Failure::Other)?;
        }
    }
    Ok(0)
}
