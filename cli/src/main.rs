//! `uscc`: find every 重码 and 错码 in a department's files, explain codes,
//! clean columns and generate realistic test data.

mod html;
mod input;
mod output;
mod rows;

use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use input::{InputError, Table, TextEncoding};
use uscc::analysis::{Analyzer, Denominator, Options, Record, Registry};

/// Exact checks of China's Unified Social Credit Code (统一社会信用代码,
/// GB 32100-2015) for whole data sets.
#[derive(Parser)]
#[command(name = "uscc", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Find every 重码 and 错码 in CSV, TSV or XLSX files: summary per group,
    /// the correction sheet, JSON.
    ///
    /// Exit code 0 when no code is flagged, 1 when some are, 2 on a usage or
    /// input error.
    Check(CheckArgs),
    /// Take codes apart: parts with names, each rule with its result, and
    /// corrections.
    Explain {
        /// The codes to explain.
        #[arg(required = true)]
        codes: Vec<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Write a file back with a cleaned code column beside the original and
    /// a note of what changed.
    Normalize {
        /// The CSV, TSV or XLSX file.
        file: PathBuf,
        /// Where to write: XLSX for a .xlsx name, else CSV (UTF-8 with a
        /// byte-order mark); default: CSV on standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        columns: ColumnArgs,
    },
    /// Write a synthetic data set with a realistic error mix, deterministic
    /// from a seed: CSV (UTF-8, GBK or UTF-16), or XLSX for a .xlsx name.
    Generate {
        /// Records to write.
        #[arg(short = 'n', long, default_value_t = 1000)]
        records: usize,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Groups (数据来源单位), comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "市市场监督管理局,市税务局,市住房和城乡建设局")]
        groups: Vec<String>,
        /// Text encoding of the file.
        #[arg(long, value_enum, default_value_t = TextEncoding::Utf8)]
        encoding: TextEncoding,
        /// Where to write (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

#[derive(Args)]
struct ColumnArgs {
    /// The code column: a header name or a 1-based index (default: found
    /// by header, e.g. 统一社会信用代码, 行政相对人代码_1).
    #[arg(long, value_name = "NAME|INDEX")]
    code_column: Option<String>,
    /// The entity-name column (default: 行政相对人名称, 名称 …).
    #[arg(long, value_name = "NAME|INDEX")]
    name_column: Option<String>,
    /// The group column (default: 数据来源单位, 部门 …; else the file name).
    #[arg(long, value_name = "NAME|INDEX")]
    group_column: Option<String>,
    /// Text encoding (default: detected: UTF-8 with or without BOM,
    /// UTF-16 with BOM, else GB18030).
    #[arg(long, value_enum)]
    encoding: Option<TextEncoding>,
    /// Field delimiter (default: tab for .tsv files or tab-separated first
    /// lines, else comma).
    #[arg(long, value_parser = parse_delimiter)]
    delimiter: Option<u8>,
}

#[derive(Args)]
struct CheckArgs {
    /// The files: CSV, TSV or XLSX (first worksheet), one department per
    /// file or with a group column.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    #[command(flatten)]
    columns: ColumnArgs,
    /// Write the correction sheet here: XLSX for a .xlsx name, else CSV
    /// (UTF-8 with BOM, which Excel opens right).
    #[arg(long, value_name = "PATH")]
    fixes: Option<PathBuf>,
    /// Write a self-contained HTML report (summary, charts per group,
    /// findings with original and cleaned values) here.
    #[arg(long, value_name = "PATH")]
    report: Option<PathBuf>,
    /// A trusted (code, name) file, such as a registry export, for the
    /// cross-check.
    #[arg(long, value_name = "FILE")]
    registry: Option<PathBuf>,
    /// Print the full result as JSON (docs/cli-json.md) instead of the table.
    #[arg(long)]
    json: bool,
    /// What the 重错码率 divides by.
    #[arg(long, value_enum, default_value_t = DenominatorArg::DistinctValues)]
    denominator: DenominatorArg,
    /// Print personal identity numbers in full (they are masked by default).
    #[arg(long)]
    reveal_personal: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DenominatorArg {
    /// Distinct normalized values, placeholders included.
    DistinctValues,
    /// Distinct normalized values that are not placeholders.
    DistinctNonPlaceholder,
    /// Every record.
    Records,
}

fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "\\t" | "tab" | "\t" => Ok(b'\t'),
        s if s.len() == 1 && s.is_ascii() => Ok(s.as_bytes()[0]),
        _ => Err(format!("{s:?} is not a one-character delimiter")),
    }
}

/// A usage or input error: printed, exit code 2.
#[derive(Debug, thiserror::Error)]
enum Failure {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("{0}")]
    Other(String),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(&args),
        Command::Explain { codes, json } => explain(&codes, json),
        Command::Normalize { file, output, columns } => normalize(&file, output.as_deref(), &columns).map(|()| 0),
        Command::Generate { records, seed, groups, encoding, output } => {
            generate(records, seed, groups, encoding, output.as_deref()).map(|()| 0)
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("uscc: error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Rows per chunk: 16 k rows keep a chunk's prepared records (about 2 MB) in the
/// cache between the analysis's steps (64 k rows ran about 15% slower).
const CHUNK: usize = 1 << 14;

/// Row ids carry the file's index above bit 40.
fn row_id(file: usize, row: u64) -> u64 {
    ((file as u64) << 40) | row
}

fn check(args: &CheckArgs) -> Result<u8, Failure> {
    let options = Options {
        denominator: match args.denominator {
            DenominatorArg::DistinctValues => Denominator::DistinctValues,
            DenominatorArg::DistinctNonPlaceholder => Denominator::DistinctNonPlaceholder,
            DenominatorArg::Records => Denominator::Records,
        },
        reveal_personal: args.reveal_personal,
        ..Options::default()
    };
    let mut analyzer = Analyzer::new(options);
    if let Some(path) = &args.registry {
        analyzer = analyzer.with_registry(read_registry(path, &args.columns)?);
    }
    let mut names = Vec::new();
    // A spinner with the row count and rate, on a terminal only.
    let progress = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        let p = indicatif::ProgressBar::new_spinner();
        if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg} {pos} rows ({per_sec})") {
            p.set_style(style);
        }
        p
    } else {
        indicatif::ProgressBar::hidden()
    };
    for (index, path) in args.files.iter().enumerate() {
        names.push(path.display().to_string());
        progress.set_message(path.display().to_string());
        push_file(index, path, &args.columns, &mut analyzer, &progress)?;
    }
    progress.set_message("finding duplicates");
    let analysis = analyzer.finish();
    progress.finish_and_clear();
    let s = &analysis.summary;
    if args.json {
        let text = serde_json::to_string_pretty(&output::to_json(&analysis, &names))
            .map_err(|e| Failure::Other(e.to_string()))?;
        println!("{text}");
    } else {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "uscc check: {} file(s), {} records, {} distinct codes\n",
            names.len(),
            s.overall.records,
            s.overall.distinct_codes
        );
        let _ = write!(out, "{}", output::summary_table(s));
        let _ = write!(out, "\n{}", output::notes(s));
    }
    if let Some(path) = &args.report {
        std::fs::write(path, html::report(&analysis, &names))
            .map_err(|e| Failure::Other(format!("{}: cannot write the report: {e}", path.display())))?;
        if !args.json {
            println!("report: {}", path.display());
        }
    }
    if let Some(path) = &args.fixes {
        output::write_fixes(path, analysis.fixes(), &names)
            .map_err(|e| Failure::Other(format!("{}: cannot write the correction sheet: {e}", path.display())))?;
        if !args.json {
            println!("correction sheet: {} ({} rows)", path.display(), analysis.fixes().len());
        }
    }
    let status = u8::from(s.overall.flagged > 0);
    // The process ends next: its memory goes back to the system at once,
    // without freeing a million small allocations one by one first.
    std::mem::forget(analysis);
    Ok(status)
}

/// A chunk of rows read from a file, kept and reused (its buffers too) from
/// one chunk to the next: the rows' bytes one after the other (checked as
/// UTF-8 once, as a whole), and for each row its number and where its code, name
/// and group lie in them.
struct Chunk {
    bytes: Vec<u8>,
    rows: Vec<ChunkRow>,
    /// Where every field ends, to say which one holds a byte not valid in
    /// the encoding.
    ends: Vec<usize>,
    record: csv::ByteRecord,
}

struct ChunkRow {
    row: u64,
    /// The row's first field in `ends`.
    first: usize,
    code: Option<Range<usize>>,
    name: Option<Range<usize>>,
    group: Option<Range<usize>>,
}

impl Chunk {
    fn new() -> Chunk {
        Chunk { bytes: Vec::new(), rows: Vec::new(), ends: Vec::new(), record: csv::ByteRecord::new() }
    }

    /// The chunk's text, or the first row and field (from 0) whose bytes
    /// are not valid UTF-8.
    fn text(&self) -> Result<&str, (u64, usize)> {
        if let Ok(text) = simdutf8::basic::from_utf8(&self.bytes) {
            return Ok(text);
        }
        for (i, r) in self.rows.iter().enumerate() {
            let last = self.rows.get(i + 1).map_or(self.ends.len(), |next| next.first);
            let mut start = if r.first == 0 { 0 } else { self.ends[r.first - 1] };
            for (field, &end) in self.ends[r.first..last].iter().enumerate() {
                if std::str::from_utf8(&self.bytes[start..end]).is_err() {
                    return Err((r.row, field));
                }
                start = end;
            }
        }
        Err((self.rows.last().map_or(0, |r| r.row), 0))
    }
}

/// Fills `chunk` with up to [`CHUNK`] rows, checked as UTF-8; `false` when
/// the file has no more.
fn read_chunk(table: &mut Table, cols: &input::Columns, chunk: &mut Chunk) -> Result<bool, Failure> {
    chunk.bytes.clear();
    chunk.rows.clear();
    chunk.ends.clear();
    let more = fill_chunk(table, cols, chunk);
    // A byte not valid in the encoding before the row that stopped the
    // reading is reported first, as when the rows are read one by one.
    if let Err((row, field)) = chunk.text() {
        return Err(table.invalid_bytes(Some(row), field).into());
    }
    more
}

fn fill_chunk(table: &mut Table, cols: &input::Columns, chunk: &mut Chunk) -> Result<bool, Failure> {
    while chunk.rows.len() < CHUNK {
        if !table.next_bytes(&mut chunk.record)? {
            return Ok(false);
        }
        let rec = &chunk.record;
        // An unclosed quote makes the CSV reader run one field over the
        // rest of the file: refuse rather than lose those rows.
        let newlines = |b: &[u8]| memchr::memchr_iter(b'\n', b).count();
        if newlines(rec.as_slice()) > 2
            && let Some((col, n)) = rec.iter().map(newlines).enumerate().find(|&(_, n)| n > 2)
        {
            return Err(InputError::new(
                &table.path,
                format!("a quoted field runs over {} lines: is a closing quote missing?", n + 1),
            )
            .at(Some(table.row()), Some(col + 1))
            .into());
        }
        let base = chunk.bytes.len();
        chunk.bytes.extend_from_slice(rec.as_slice());
        let first = chunk.ends.len();
        chunk.ends.extend((0..rec.len()).filter_map(|i| rec.range(i)).map(|r| base + r.end));
        let span = |i: usize| rec.range(i).map(|r| base + r.start..base + r.end);
        chunk.rows.push(ChunkRow {
            row: table.row(),
            first,
            code: span(cols.code),
            name: cols.name.and_then(span),
            group: cols.group.and_then(span),
        });
    }
    Ok(true)
}

/// About how many more rows a file of `file_len` bytes holds after a first
/// chunk of `rows` rows and `bytes` bytes of text, for sizing the analyzer's
/// tables up front. At most one row per 19 bytes (an 18-character code and a
/// line end), so that short first rows cannot make it reserve far too much.
fn expected_rows(file_len: u64, rows: usize, bytes: usize) -> usize {
    let guess = u128::from(file_len) * rows as u128 / bytes.max(1) as u128;
    let most = u128::from(file_len / 19);
    usize::try_from(guess.min(most)).unwrap_or(usize::MAX).saturating_sub(rows)
}

/// Reads one file into the analyzer, chunk by chunk: a second thread reads
/// and parses the next chunk while the analyzer takes the current one.
fn push_file(
    index: usize,
    path: &Path,
    columns: &ColumnArgs,
    analyzer: &mut Analyzer,
    progress: &indicatif::ProgressBar,
) -> Result<(), Failure> {
    let mut table = Table::open(path, columns.encoding, columns.delimiter)?;
    // A workbook's size says little about its rows (it is compressed).
    let file_len = if table.is_workbook() { 0 } else { std::fs::metadata(path).map_or(0, |m| m.len()) };
    let c = columns;
    let cols = input::resolve(&table, c.code_column.as_deref(), c.name_column.as_deref(), c.group_column.as_deref())?;
    let default_group = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let (full_tx, full_rx) = std::sync::mpsc::sync_channel::<Result<(Chunk, bool), Failure>>(1);
    let (free_tx, free_rx) = std::sync::mpsc::channel::<Chunk>();
    for _ in 0..2 {
        let _ = free_tx.send(Chunk::new());
    }
    let mut total = 0u64;
    let cols = &cols;
    std::thread::scope(|scope| {
        scope.spawn(move || {
            while let Ok(mut chunk) = free_rx.recv() {
                let read = read_chunk(&mut table, cols, &mut chunk);
                let more = matches!(read, Ok(true));
                if full_tx.send(read.map(|more| (chunk, more))).is_err() || !more {
                    break;
                }
            }
        });
        // The reader stops at an error or at the end; the loop ends when it
        // has dropped its sender.
        let mut first = true;
        while let Ok(read) = full_rx.recv() {
            let (chunk, more) = read?;
            if std::mem::take(&mut first) && more && !chunk.bytes.is_empty() {
                analyzer.reserve(expected_rows(file_len, chunk.rows.len(), chunk.bytes.len()));
            }
            // The reader has checked the chunk: this is the SIMD check again,
            // a fraction of a millisecond, to have the text as `str`.
            let text = chunk
                .text()
                .map_err(|(row, _)| InputError::new(path, "bytes not valid in UTF-8").at(Some(row), None))?;
            let field = |span: &Option<Range<usize>>| span.clone().and_then(|s| text.get(s));
            let records: Vec<Record<'_>> = chunk
                .rows
                .iter()
                .map(|r| {
                    let group = if cols.group.is_some() { field(&r.group) } else { Some(default_group.as_str()) };
                    Record::new(row_id(index, r.row), field(&r.code).unwrap_or(""), field(&r.name), group)
                })
                .collect();
            analyzer.push(&records);
            total += chunk.rows.len() as u64;
            progress.inc(chunk.rows.len() as u64);
            drop(records);
            let _ = free_tx.send(chunk);
        }
        Ok::<(), Failure>(())
    })?;
    if total == 0 {
        return Err(InputError::new(path, "the file has a header row but no data rows").at(Some(2), None).into());
    }
    Ok(())
}

fn read_registry(path: &Path, columns: &ColumnArgs) -> Result<Registry, Failure> {
    let mut table = Table::open(path, columns.encoding, columns.delimiter)?;
    let cols = input::resolve(&table, None, None, None)?;
    let name = cols.name.ok_or_else(|| InputError::new(path, "the registry needs a name column").at(Some(1), None))?;
    let mut pairs = Vec::new();
    let mut rec = csv::StringRecord::new();
    while table.next(&mut rec)? {
        pairs.push((rec.get(cols.code).unwrap_or("").to_owned(), rec.get(name).unwrap_or("").to_owned()));
    }
    Ok(Registry::new(pairs.iter().map(|(c, n)| (c.as_str(), n.as_str()))))
}

fn explain(codes: &[String], json: bool) -> Result<u8, Failure> {
    let mut all_valid = true;
    let mut out = Vec::new();
    for code in codes {
        let e = uscc::explain(code);
        all_valid &= e.report.is_valid();
        if json {
            out.push(explain_json(&e));
            continue;
        }
        println!("{}  {}", e.report.redacted_value(), e.report.verdict.as_str());
        if let Some(d) = e.department {
            println!("  登记管理部门 department   {} {} ({})", d.code, d.name_zh, d.name_en);
        }
        if let Some(c) = e.category {
            println!("  机构类别 category         {} {} ({})", c.code, c.name_zh, c.name_en);
        }
        if let Some(d) = &e.division {
            let name = d.division.and_then(|x| x.name()).unwrap_or("不在区划代码表中 not in the table");
            let years = d.division.map_or(String::new(), |x| match (x.first_year(), x.last_year()) {
                (_, Some(to)) => format!(" (retired {to})"),
                (Some(from), None) => format!(" (since {from})"),
                _ => String::new(),
            });
            let level = d.level.map_or("", |l| l.as_str());
            println!("  行政区划 division         {} {} {}{}", d.code, d.province.unwrap_or(""), name, years);
            println!("  级别 level                {level}");
        }
        if let Some(org) = &e.org_code {
            println!("  主体标识码 org code       {org}");
        }
        for c in &e.checks {
            println!("  check {:<20}{}", c.rule, c.outcome.as_str());
        }
        for f in &e.report.findings {
            println!("  {} {}: {} / {}", f.severity().as_str(), f.code, f.message_zh(), f.message_en());
        }
        for (i, c) in e.suggestions.candidates.iter().take(5).enumerate() {
            let lead = if i == 0 && e.suggestions.unique { "您是否要输入" } else { "可能是" };
            let edits: Vec<&str> = c.edits.iter().map(uscc::Edit::kind).collect();
            println!("  {lead} {} ({})", c.code, edits.join(", "));
        }
        println!();
    }
    if json {
        let text = serde_json::to_string_pretty(&out).map_err(|e| Failure::Other(e.to_string()))?;
        println!("{text}");
    }
    Ok(u8::from(!all_valid))
}

fn explain_json(e: &uscc::Explanation) -> serde_json::Value {
    use serde_json::json;
    json!({
        "value": e.report.redacted_value(),
        "verdict": e.report.verdict.as_str(),
        "department": e.department.map(|d| json!({"code": d.code.to_string(), "name_zh": d.name_zh, "name_en": d.name_en})),
        "category": e.category.map(|c| json!({"code": c.code.to_string(), "name_zh": c.name_zh, "name_en": c.name_en})),
        "division": e.division.as_ref().map(|d| json!({
            "code": d.code,
            "name": d.division.and_then(|x| x.name()),
            "province": d.province,
            "level": d.level.map(uscc::Level::as_str),
            "first_year": d.division.and_then(|x| x.first_year()),
            "last_year": d.division.and_then(|x| x.last_year()),
        })),
        "org_code": e.org_code,
        "checks": e.checks.iter().map(|c| json!({"rule": c.rule, "outcome": c.outcome.as_str()})).collect::<Vec<_>>(),
        "findings": e.report.findings.iter().map(|f| json!({
            "code": f.code.as_str(),
            "severity": f.severity().as_str(),
            "position": f.position.map(|(a, b)| [a, b]),
            "expected": f.expected.map(String::from),
            "found": f.found.map(String::from),
            "message_zh": f.message_zh(),
            "message_en": f.message_en(),
        })).collect::<Vec<_>>(),
        "suggestions": e.suggestions.candidates.iter().map(|c| json!({
            "code": c.code.as_str(),
            "cost": c.cost,
            "edits": c.edits.iter().map(uscc::Edit::kind).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "unique": e.suggestions.unique,
    })
}

fn writer(path: Option<&Path>) -> Result<Box<dyn Write>, Failure> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).map_err(|e| Failure::Other(format!("{}: cannot create: {e}", p.display())))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

/// Where `normalize` writes its rows: CSV (a file gets a byte-order mark so
/// that Excel reads it as UTF-8) or an XLSX workbook, every cell as text.
enum Sink {
    Csv(Box<csv::Writer<Box<dyn Write>>>),
    Xlsx { book: Box<rust_xlsxwriter::Workbook>, row: u32, path: PathBuf },
}

impl Sink {
    fn open(output: Option<&Path>) -> Result<Sink, Failure> {
        if let Some(path) = output.filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))) {
            let mut book = rust_xlsxwriter::Workbook::new();
            book.add_worksheet().set_name("规范化").map_err(|e| Failure::Other(e.to_string()))?;
            return Ok(Sink::Xlsx { book: Box::new(book), row: 0, path: path.to_owned() });
        }
        let mut w = writer(output)?;
        if output.is_some() {
            w.write_all(b"\xEF\xBB\xBF").map_err(|e| Failure::Other(format!("cannot write: {e}")))?;
        }
        Ok(Sink::Csv(Box::new(csv::Writer::from_writer(w))))
    }

    fn write<S: AsRef<str>>(&mut self, fields: &[S]) -> Result<(), Failure> {
        match self {
            Sink::Csv(w) => w
                .write_record(fields.iter().map(AsRef::as_ref))
                .map_err(|e| Failure::Other(format!("cannot write: {e}"))),
            Sink::Xlsx { book, row, path } => {
                let sheet = book.worksheet_from_index(0).map_err(|e| Failure::Other(e.to_string()))?;
                for (c, v) in fields.iter().enumerate() {
                    sheet
                        .write_string(*row, c as u16, v.as_ref())
                        .map_err(|e| Failure::Other(format!("{}: {e}", path.display())))?;
                }
                *row += 1;
                Ok(())
            }
        }
    }

    fn finish(self) -> Result<(), Failure> {
        match self {
            Sink::Csv(mut w) => w.flush().map_err(|e| Failure::Other(format!("cannot write: {e}"))),
            Sink::Xlsx { mut book, path, .. } => {
                book.save(&path).map_err(|e| Failure::Other(format!("{}: cannot write: {e}", path.display())))
            }
        }
    }
}

fn normalize(file: &Path, output: Option<&Path>, columns: &ColumnArgs) -> Result<(), Failure> {
    let mut table = Table::open(file, columns.encoding, columns.delimiter)?;
    let cols = input::resolve(&table, columns.code_column.as_deref(), None, None)?;
    let mut out = Sink::open(output)?;
    let code_header = table.headers[cols.code].clone();
    let mut header: Vec<String> = table.headers.clone();
    header.insert(cols.code + 1, format!("{code_header}_规范化"));
    header.insert(cols.code + 2, "规范化说明".to_owned());
    out.write(&header)?;
    let mut rec = csv::StringRecord::new();
    while table.next(&mut rec)? {
        let raw = rec.get(cols.code).unwrap_or("");
        let n = uscc::normalize(raw);
        let note: Vec<&str> = n.changes.codes().map(uscc::FindingCode::as_str).collect();
        let mut fields: Vec<&str> = rec.iter().collect();
        let at = (cols.code + 1).min(fields.len());
        let joined = note.join(" ");
        fields.insert(at, &n.value);
        fields.insert(at + 1, &joined);
        out.write(&fields)?;
    }
    out.finish()
}

/// Writes synthetic records as an XLSX workbook, every code as text.
fn write_xlsx(path: &Path, data: &[uscc::analysis::synth::SynthRecord]) -> Result<(), rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["统一社会信用代码", "行政相对人名称", "数据来源单位"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h)?;
    }
    for (r, rec) in data.iter().enumerate() {
        let row = r as u32 + 1;
        sheet.write_string(row, 0, &rec.code)?;
        sheet.write_string(row, 1, &rec.name)?;
        sheet.write_string(row, 2, &rec.group)?;
    }
    book.save(path)
}

fn generate(
    records: usize,
    seed: u64,
    groups: Vec<String>,
    encoding: TextEncoding,
    output: Option<&Path>,
) -> Result<(), Failure> {
    use uscc::analysis::synth;
    let data = synth::generate(seed, &synth::SynthOptions { records, groups, ..Default::default() });
    let mut text = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| Failure::Other(e.to_string());
    text.write_record(["统一社会信用代码", "行政相对人名称", "数据来源单位"]).map_err(err)?;
    for r in &data {
        text.write_record([&r.code, &r.name, &r.group]).map_err(err)?;
    }
    if let Some(path) = output.filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))) {
        return write_xlsx(path, &data).map_err(|e| Failure::Other(format!("{}: {e}", path.display())));
    }
    let bytes = text.into_inner().map_err(|e| Failure::Other(e.to_string()))?;
    let bytes = match encoding {
        TextEncoding::Utf8 => bytes,
        TextEncoding::Gbk => {
            let s = String::from_utf8_lossy(&bytes);
            encoding_rs::GB18030.encode(&s).0.into_owned()
        }
        TextEncoding::Utf16le | TextEncoding::Utf16be => {
            let s = String::from_utf8_lossy(&bytes);
            let le = encoding == TextEncoding::Utf16le;
            let mut out = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
            for u in s.encode_utf16() {
                out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            out
        }
    };
    let mut w = writer(output)?;
    w.write_all(&bytes).and_then(|()| w.flush()).map_err(|e| Failure::Other(format!("cannot write: {e}")))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::expected_rows;

    #[test]
    fn rows_guessed_from_the_first_chunk() {
        // 100 rows in 10,000 bytes of a 1,000,000-byte file: 10,000 rows in
        // all, 9,900 still to come.
        assert_eq!(expected_rows(1_000_000, 100, 10_000), 9_900);
        // Short first rows cannot promise more than one row per 19 bytes.
        assert_eq!(expected_rows(1_900, 10, 10), 90);
        assert_eq!(expected_rows(0, 10, 100), 0);
    }
}
