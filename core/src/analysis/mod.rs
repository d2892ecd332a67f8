//! Data-set analysis: every 重码 and 错码 of a department's records, with the
//! rates a city is scored on and the list of rows to fix (docs/rules.md, "Data-set analysis").
//!
//! Records go in as (row id, code, optional entity name, optional group such
//! as 数据来源单位). They can come all at once ([`analyze`]) or as a stream of
//! chunks ([`Analyzer::push`]), in which case memory stays bounded apart from
//! the state kept per distinct code, per distinct name and per distinct group.
//!
//! ```
//! use uscc::analysis::{analyze, Options, Record, RowClass};
//!
//! let records = [
//!     Record::new(1, "914403001922038216", Some("华为技术有限公司"), Some("市场监管局")),
//!     Record::new(2, "914403001922038216", Some("另一家公司"), Some("税务局")),
//!     Record::new(3, "91350100M000100Y4A", Some("福州某公司"), Some("税务局")),
//!     Record::new(4, "无", None, Some("税务局")),
//! ];
//! let report = analyze(&records, &Options::default());
//! assert_eq!(report.rows.len(), 4);
//! assert_eq!(report.rows[0].class, RowClass::OneCodeManyNames);
//! assert_eq!(report.rows[2].class, RowClass::Invalid);
//! assert_eq!(report.rows[3].class, RowClass::Placeholder);
//! let overall = &report.analysis.summary.overall;
//! assert_eq!(overall.records, 4);
//! assert_eq!(overall.distinct_codes, 3);
//! // 重错码率: all three distinct values are 重码 or 错码.
//! assert_eq!(overall.flagged, 3);
//! ```

//!
//! The stages, each in its own module: [`model`] (what goes in and comes
//! out), `store` (the state per distinct code, name and group), `ingest`
//! (records into the store), `filed` (names and codes merged an epoch at
//! a time, in the order of their table slots), `raws` (values and names as
//! their rows wrote them, for the correction sheet), `duplicates` (one code many
//! names, one name many codes, shared organization codes), `decide` (what a
//! value is and what is done about it: the one place those rules are
//! written), `results`
//! (the finished analysis and each row's result), `summary`, `fixes` (the
//! correction sheet); `parallel` holds the rayon helpers and their serial
//! twins.

mod decide;
mod duplicates;
mod filed;
mod fixes;
mod flagged;
mod hash;
mod ingest;
mod model;
mod names;
pub(crate) mod parallel;
mod partition;
mod phases;
mod raws;
mod registry;
mod results;
mod store;
mod summary;
pub mod synth;

pub use decide::{Prepared, ValueKind, one_edit, prepare};
pub use flagged::{Flagged, FlaggedCode};
pub(crate) use hash::{FastMap, FastSet, hash128, prefetch};
pub use ingest::Analyzer;
pub use model::{
    Action, Correction, Denominator, Evidence, Fix, GroupSummary, Options, Record, RowClass, RowResult, Summary,
};
pub use names::normalize_name;
pub(crate) use names::normalize_name_cow;
pub use partition::{NameCode, NameFacts, merge_summaries, partition_key};
pub use registry::Registry;
pub use results::Analysis;

/// The in-memory result: the analysis and the row-level results of every
/// notable row.
#[derive(Debug, Clone)]
pub struct DataSetReport {
    /// Summary, fix list and the state for further classification.
    pub analysis: Analysis,
    /// The result of every row that is not plainly valid (any class but
    /// [`RowClass::Valid`], or with a finding, a cleaned value or a registry
    /// remark), in input order. Plainly valid rows are counted in the
    /// summary; [`Analysis::classify`] gives any row's result.
    pub rows: Vec<RowResult>,
}

/// Analyzes records held in memory: [`Analyzer`] over all of them, then
/// [`Analysis::classify`] of each row (in parallel with the `parallel`
/// feature).
#[must_use]
pub fn analyze(records: &[Record<'_>], options: &Options) -> DataSetReport {
    analyze_with_registry(records, options, None)
}

/// [`analyze`] with a trusted registry for the cross-check.
#[must_use]
pub fn analyze_with_registry(records: &[Record<'_>], options: &Options, registry: Option<Registry>) -> DataSetReport {
    analyze_rows(records.len(), |i| Some(records[i]), options, registry)
}

/// [`analyze_with_registry`] of the records `record(i)` makes for each `i`
/// in `0..n` (`None`: no record), made a chunk at a time as they are
/// needed, never all held at once (columns in memory: each record is a few
/// offsets into them).
#[must_use]
pub fn analyze_rows<'a>(
    n: usize,
    record: impl Fn(usize) -> Option<Record<'a>> + Sync + Send,
    options: &Options,
    registry: Option<Registry>,
) -> DataSetReport {
    let mut analyzer = Analyzer::with_capacity(options.clone(), n);
    if let Some(r) = registry {
        analyzer = analyzer.with_registry(r);
    }
    let mut chunk = Vec::with_capacity(store::CHUNK.min(n));
    for start in (0..n).step_by(store::CHUNK) {
        chunk.clear();
        chunk.extend((start..n.min(start + store::CHUNK)).filter_map(&record));
        analyzer.push(&chunk);
    }
    let analysis = analyzer.finish();
    let rows = analysis.notable_of_pushed(n, record);
    DataSetReport { analysis, rows }
}
