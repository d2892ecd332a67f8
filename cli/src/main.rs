//! `uscc`: find every 重码 and 错码 in a department's files, explain codes,
//! clean columns and generate realistic test data. This file parses the
//! arguments and dispatches; each command has its own file, and the file
//! edges are the `uscc-io` crate's.

mod check;
mod explain;
mod generate;
mod history;
mod normalize;
mod summary;
mod term;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use uscc::analysis::Denominator;
use uscc_io::{ColumnSpecs, InputError, OutputError, ReadOptions, TextEncoding};

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
        /// byte-order mark); default: CSV on standard output. Never the
        /// input itself.
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        columns: ColumnArgs,
    },
    /// List the runs a history file keeps (uscc check --history): each run's
    /// counts and 重错码率, overall and per group.
    ///
    /// With --compare: per group the 重错码率 before and after, and the
    /// codes fixed, new and still open (with the runs in a row each has
    /// stayed open).
    History {
        /// The history file.
        file: PathBuf,
        /// Print JSON instead of the table.
        #[arg(long)]
        json: bool,
        /// Compare two runs, by label or number (default: the last two).
        #[arg(long, num_args = 0..=2, value_name = "RUN")]
        compare: Option<Vec<String>>,
        /// With --compare: write the still-open codes here (XLSX for a .xlsx
        /// name, else CSV). Never the history itself.
        #[arg(long, value_name = "PATH", requires = "compare")]
        out: Option<PathBuf>,
    },
    /// Write a synthetic data set with a realistic error mix, deterministic
    /// from a seed: CSV (UTF-8, GBK or UTF-16), or XLSX for a .xlsx name.
    Generate(GenerateArgs),
}

#[derive(Args)]
struct GenerateArgs {
    /// Records to write (at most 20,000,000; 1,048,575 into XLSX).
    #[arg(short = 'n', long, default_value_t = 1000)]
    records: usize,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Groups (数据来源单位), comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "市市场监督管理局,市税务局,市住房和城乡建设局")]
    groups: Vec<String>,
    /// Text encoding of the file: utf8, gbk, utf16le or utf16be.
    #[arg(long, value_parser = parse_encoding, default_value = "utf8")]
    encoding: TextEncoding,
    /// Where to write (default: standard output).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Write this many monthly files for the same departments instead of
    /// one, named NAME-01.EXT, NAME-02.EXT … after --output: each month a
    /// share of the month before's wrong values is corrected and some
    /// records newly go wrong.
    #[arg(long, requires = "output", value_parser = clap::value_parser!(u16).range(1..=36))]
    months: Option<u16>,
    /// With --months: the share of the month before's wrong values
    /// corrected each month, in percent.
    #[arg(long, default_value_t = 40, value_parser = clap::value_parser!(u32).range(0..=100))]
    fixed_percent: u32,
    /// With --months: records that newly go wrong each month, per thousand.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(0..=1000))]
    new_per_mille: u32,
    /// What to write: `plain` (code, name, department) or `双公示` (every
    /// column of a 双公示 licensing file, consistent across each row, with a
    /// known mix of column errors: docs/rules.md).
    #[arg(long, value_parser = ["plain", "双公示"], default_value = "plain")]
    format: String,
    /// With --format 双公示: penalty decisions (处罚) instead of licences.
    #[arg(long)]
    penalties: bool,
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
    /// A 双公示 column named by hand, as ROLE=HEADER (or ROLE=INDEX,
    /// 1-based); repeatable. Roles: code_1 … code_6, subject_kind,
    /// id_type, id_number, legal_rep_id_type, legal_rep_id_number,
    /// authority_code, source_code, decision_number, decision_date,
    /// valid_from, valid_to … (docs/rules.md). Default: found by header.
    #[arg(long, value_name = "ROLE=HEADER", value_parser = parse_role_column)]
    column: Vec<(uscc::publicity::Role, String)>,
    /// Text encoding: utf8, gbk, utf16le or utf16be (default: detected:
    /// UTF-8 with or without BOM, UTF-16 with BOM, else GB18030).
    #[arg(long, value_parser = parse_encoding)]
    encoding: Option<TextEncoding>,
    /// Field delimiter (default: tab for .tsv files or tab-separated first
    /// lines, else comma).
    #[arg(long, value_parser = parse_delimiter)]
    delimiter: Option<u8>,
}

impl ColumnArgs {
    fn read_options(&self) -> ReadOptions {
        ReadOptions { encoding: self.encoding, delimiter: self.delimiter }
    }

    fn specs(&self) -> ColumnSpecs {
        ColumnSpecs {
            code: self.code_column.clone(),
            name: self.name_column.clone(),
            group: self.group_column.clone(),
            roles: self.column.clone(),
        }
    }
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
    /// (UTF-8 with BOM, which Excel opens right). Never an input file.
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
    /// Record the run in this history file (SQLite; created on first use,
    /// with its key file beside it): its counts and every flagged code.
    #[arg(long, value_name = "FILE")]
    history: Option<PathBuf>,
    /// The run's label in the history (default: today's date).
    #[arg(long, requires = "history")]
    label: Option<String>,
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

impl From<DenominatorArg> for Denominator {
    fn from(d: DenominatorArg) -> Denominator {
        match d {
            DenominatorArg::DistinctValues => Denominator::DistinctValues,
            DenominatorArg::DistinctNonPlaceholder => Denominator::DistinctNonPlaceholder,
            DenominatorArg::Records => Denominator::Records,
        }
    }
}

fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "\\t" | "tab" | "\t" => Ok(b'\t'),
        s if s.len() == 1 && s.is_ascii() => Ok(s.as_bytes()[0]),
        _ => Err(format!("{s:?} is not a one-character delimiter")),
    }
}

fn parse_role_column(s: &str) -> Result<(uscc::publicity::Role, String), String> {
    use uscc::publicity::Role;
    let (role, header) = s.split_once('=').ok_or_else(|| format!("{s:?} is not ROLE=HEADER"))?;
    let role = Role::parse(role.trim()).ok_or_else(|| {
        let names: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
        format!("{role:?} is not a role ({})", names.join(", "))
    })?;
    Ok((role, header.to_owned()))
}

fn parse_encoding(s: &str) -> Result<TextEncoding, String> {
    TextEncoding::parse(s).ok_or_else(|| {
        let names: Vec<&str> = TextEncoding::ALL.iter().map(|e| e.1).collect();
        format!("{s:?} is not an encoding uscc reads ({})", names.join(", "))
    })
}

/// A usage, input or output error: printed, exit code 2.
#[derive(Debug, thiserror::Error)]
enum Failure {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("{0}")]
    Other(String),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = term::Out::default();
    let result = match cli.command {
        Command::Check(args) => check::run(&args, &mut out),
        Command::Explain { codes, json } => explain::run(&codes, json, &mut out),
        Command::History { file, json, compare, out: sheet } => match compare {
            Some(runs) => history::compare(&file, &runs, json, sheet.as_deref(), &mut out),
            None => history::run(&file, json, &mut out),
        },
        Command::Normalize { file, output, columns } => normalize::run(&file, output.as_deref(), &columns),
        Command::Generate(args) => generate::run(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            term::error(&e.to_string());
            ExitCode::from(2)
        }
    }
}
