//! `uscc check`: the files into one job (`uscc_io::job`, as the browser
//! workbench runs it), then the summary, the correction sheet, the report
//! and JSON.

use std::path::Path;

use uscc::analysis::Options;
use uscc_io::history::{FileFacts, History, Standing, trend_section};
use uscc_io::ingest::read_registry;
use uscc_io::job::Job;
use uscc_io::{Table, report, sheet};

use crate::term::Out;
use crate::{CheckArgs, Failure, summary};

pub fn run(args: &CheckArgs, out: &mut Out) -> Result<u8, Failure> {
    // Every output is checked against the inputs and each other before any
    // work: an output never replaces an input.
    let mut inputs: Vec<&Path> = args.files.iter().map(std::path::PathBuf::as_path).collect();
    if let Some(r) = &args.registry {
        inputs.push(r);
    }
    let mut outputs = Vec::new();
    if let Some(p) = &args.fixes {
        outputs.push(("--fixes", p.as_path()));
    }
    if let Some(p) = &args.report {
        outputs.push(("--report", p.as_path()));
    }
    if let Some(p) = &args.history {
        outputs.push(("--history", p.as_path()));
    }
    uscc_io::files::check_outputs(&inputs, &outputs).map_err(Failure::Other)?;
    // A history that cannot take the run is refused before any work.
    let mut history = match &args.history {
        Some(p) => Some(History::open(p).map_err(|e| Failure::Other(e.to_string()))?),
        None => None,
    };

    // The files' sizes and SHA-256 for the history, read beside the analysis.
    let facts = history.is_some().then(|| {
        let files = args.files.clone();
        std::thread::spawn(move || file_facts(&files))
    });
    let options =
        Options { denominator: args.denominator.into(), reveal_personal: args.reveal_personal, ..Options::default() };
    let read = args.columns.read_options();
    let specs = args.columns.specs();
    let mut job = Job::new(options);
    if let Some(path) = &args.registry {
        job = job.with_registry(read_registry(path, read)?);
    }
    let progress = Progress::new();
    for path in &args.files {
        let name = path.display().to_string();
        progress.0.set_message(crate::term::safe(&name).into_owned());
        let table = Table::open(path, read)?;
        let size = std::fs::metadata(path).map_or(0, |m| m.len());
        job.add(&name, table, &specs, size, &mut |n| progress.0.inc(n))?;
    }
    progress.0.set_message("finding duplicates");
    let done = job.finish();
    progress.0.finish_and_clear();
    let (trend, standing) = match (&mut history, facts) {
        (Some(h), Some(facts)) => {
            let facts =
                facts.join().unwrap_or_else(|_| Err(Failure::Other("hashing the input files failed".into())))?;
            record(h, args, &facts, &done.analysis)?
        }
        _ => (None, None),
    };

    let (analysis, names) = (&done.analysis, &done.files);
    let s = &analysis.summary;
    if args.json {
        let text = serde_json::to_string_pretty(&done.json()).map_err(|e| Failure::Other(e.to_string()))?;
        out.json(&format!("{text}\n")).map_err(Failure::Other)?;
    } else {
        out.text(&format!(
            "uscc check: {} file(s), {} records, {} distinct codes\n\n{}\n{}",
            names.len(),
            s.overall.records,
            s.overall.distinct_codes,
            summary::summary_table(s),
            summary::notes(s)
        ))
        .map_err(Failure::Other)?;
        if let Some(c) = &done.columns {
            out.text(&summary::columns_table(c)).map_err(Failure::Other)?;
        }
    }
    if let Some(path) = &args.report {
        report::write_report(path, analysis, done.columns.as_ref(), names, trend.as_deref())?;
        if !args.json {
            out.text(&format!("report: {}\n", path.display())).map_err(Failure::Other)?;
        }
    }
    if let Some(path) = &args.fixes {
        let cell = |f: &uscc::analysis::Fix| standing.as_ref().map(|r| r.cell(&f.value)).unwrap_or_default();
        let extra = sheet::Extra { header: sheet::HISTORY_HEADER, cell: &cell };
        done.sheet(standing.is_some().then_some(&extra)).write(path)?;
        if !args.json {
            out.text(&format!("correction sheet: {} ({} rows)\n", path.display(), analysis.fixes().len()))
                .map_err(Failure::Other)?;
        }
    }
    let status = u8::from(s.overall.flagged > 0);
    // The process ends next: its memory goes back to the system at once,
    // without freeing a million small allocations one by one first.
    std::mem::forget(done);
    Ok(status)
}

/// The size and SHA-256 of each input file.
fn file_facts(files: &[std::path::PathBuf]) -> Result<Vec<FileFacts>, Failure> {
    files
        .iter()
        .map(|path| {
            FileFacts::of(&path.display().to_string(), path)
                .map_err(|e| Failure::Other(format!("{}: cannot read: {e}", path.display())))
        })
        .collect()
}

/// Records the run; returns what the outputs asked for show of the
/// history: the report's 趋势 section and where each flagged code stands.
fn record(
    h: &mut History,
    args: &CheckArgs,
    facts: &[FileFacts],
    analysis: &uscc::analysis::Analysis,
) -> Result<(Option<String>, Option<Standing>), Failure> {
    let fail = |e: uscc_io::history::HistoryError| Failure::Other(e.to_string());
    let run = h.record(args.label.as_deref(), facts, analysis).map_err(fail)?;
    let mut trend = None;
    if args.report.is_some() {
        // The runs up to this one (another may have landed since).
        let runs: Vec<_> = h.runs().map_err(fail)?.into_iter().filter(|r| r.id <= run.run.id).collect();
        let before = runs.iter().rev().find(|r| r.id < run.run.id);
        let comparison = before.map(|b| h.compare(b, &run.run)).transpose().map_err(fail)?;
        trend = Some(trend_section(&runs, comparison.as_ref()));
    }
    let standing = args.fixes.as_ref().map(|_| h.standing(&run)).transpose().map_err(fail)?;
    Ok((trend, standing))
}

/// A spinner with the row count and rate, on a terminal only.
struct Progress(indicatif::ProgressBar);

impl Progress {
    fn new() -> Progress {
        if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            let p = indicatif::ProgressBar::new_spinner();
            if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg} {pos} rows ({per_sec})") {
                p.set_style(style);
            }
            Progress(p)
        } else {
            Progress(indicatif::ProgressBar::hidden())
        }
    }
}
