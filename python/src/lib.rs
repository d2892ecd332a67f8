//! The native part of the Python package `uscc` (`uscc._native`).
//!
//! The binding only converts: every rule and every analysis lives in the
//! `uscc` crate. The public Python API (containers, exceptions, accessors,
//! Spark) is in `python/uscc/`, over the functions and classes here.
//!
//! One job per file: `types` (the result classes), `values` (calls on one
//! value), `columns` (calls on sequences and Arrow arrays), `arrow` (the
//! Arrow C Data Interface), `pystr` (str objects read in place), `analysis`
//! (the data-set analysis), `publicity` (the 双公示 columns of a frame), `partition` (the Spark path's steps), `sheet` (the correction sheet, as
//! the command writes it).

use pyo3::prelude::*;

mod analysis;
mod arrow;
mod columns;
mod partition;
mod publicity;
mod pystr;
mod sheet;
mod types;
mod values;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<types::Finding>()?;
    m.add_class::<types::Report>()?;
    m.add_class::<types::Code>()?;
    m.add_class::<types::Candidate>()?;
    m.add_class::<types::Suggestions>()?;
    m.add_class::<types::Identity>()?;
    m.add_class::<arrow::ArrowResult>()?;
    m.add_function(wrap_pyfunction!(values::is_valid, m)?)?;
    m.add_function(wrap_pyfunction!(values::validate, m)?)?;
    m.add_function(wrap_pyfunction!(values::check, m)?)?;
    m.add_function(wrap_pyfunction!(values::normalize, m)?)?;
    m.add_function(wrap_pyfunction!(values::suggest, m)?)?;
    m.add_function(wrap_pyfunction!(values::identify, m)?)?;
    m.add_function(wrap_pyfunction!(values::check_char, m)?)?;
    m.add_function(wrap_pyfunction!(values::org_check_char, m)?)?;
    m.add_function(wrap_pyfunction!(values::redact, m)?)?;
    m.add_function(wrap_pyfunction!(values::explain, m)?)?;
    m.add_function(wrap_pyfunction!(columns::is_valid_objects, m)?)?;
    m.add_function(wrap_pyfunction!(columns::is_valid_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(columns::rows_objects, m)?)?;
    m.add_function(wrap_pyfunction!(columns::rows_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(values::finding_codes, m)?)?;
    m.add_function(wrap_pyfunction!(values::generate, m)?)?;
    m.add_function(wrap_pyfunction!(values::synthetic, m)?)?;
    m.add_function(wrap_pyfunction!(values::synthetic_months, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::analyze_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(publicity::find_columns, m)?)?;
    m.add_function(wrap_pyfunction!(publicity::synthetic_publicity, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::row_classes, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::history_runs, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::history_compare, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::analysis_options, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::denominator_name_zh, m)?)?;
    m.add_function(wrap_pyfunction!(partition::partition_keys_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(partition::partition_pairs_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(partition::crossing_names_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(partition::partition_analyze_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(partition::merge_summaries_json, m)?)?;
    m.add_function(wrap_pyfunction!(sheet::sheet_headers, m)?)?;
    m.add_function(wrap_pyfunction!(sheet::sheet_cells, m)?)?;
    m.add_function(wrap_pyfunction!(sheet::write_sheet, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
