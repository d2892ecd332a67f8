//! The correction sheet of `uscc.analyze`'s result, written by the same
//! code as `uscc check --fixes` (`uscc_io::sheet`): the same headers, the
//! same cells (no cell can start a formula), the same legend.

use std::path::PathBuf;
use std::str::FromStr;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use uscc::FindingCode;
use uscc::analysis::RowClass;
use uscc_io::sheet::{FIX_HEADERS, Line};

/// The sheet's headers.
#[pyfunction]
pub fn sheet_headers() -> Vec<&'static str> {
    FIX_HEADERS.to_vec()
}

/// A column of the fixes' columns, as `T`s.
fn column<'py, T: FromPyObjectOwned<'py>>(columns: &Bound<'py, PyDict>, key: &str) -> PyResult<Vec<T>> {
    columns
        .get_item(key)?
        .ok_or_else(|| PyValueError::new_err(format!("the fixes have no {key:?} column")))?
        .extract()
        .map_err(|e| PyTypeError::new_err(format!("the fixes' {key:?} column: {e}")))
}

/// The sheet's lines (the cells of each, as the sheet writes them) from the
/// columns of `AnalysisReport.fixes` (`row` as labels).
fn lines(columns: &Bound<'_, PyDict>) -> PyResult<Vec<[String; 14]>> {
    let rows: Vec<String> = column(columns, "row")?;
    let counts: Vec<u64> = column(columns, "rows")?;
    let originals: Vec<String> = column(columns, "original")?;
    let values: Vec<String> = column(columns, "value")?;
    let names: Vec<Option<String>> = column(columns, "name")?;
    let groups: Vec<Option<String>> = column(columns, "group")?;
    let problems: Vec<String> = column(columns, "problem")?;
    let findings: Vec<Vec<String>> = column(columns, "findings")?;
    let corrections: Vec<Option<String>> = column(columns, "correction")?;
    let evidences: Vec<Option<String>> = column(columns, "evidence_zh")?;
    let actions: Vec<Option<u8>> = column(columns, "action")?;
    let mut out = Vec::with_capacity(rows.len());
    for i in 0..rows.len() {
        let problem = RowClass::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == problems[i])
            .ok_or_else(|| PyValueError::new_err(format!("not a row class: {:?}", problems[i])))?;
        let codes: Vec<FindingCode> = findings[i]
            .iter()
            .map(|f| FindingCode::from_str(f).map_err(|e| PyValueError::new_err(e.to_string())))
            .collect::<PyResult<_>>()?;
        out.push(
            Line {
                file: "",
                row: rows[i].clone(),
                rows: counts[i],
                original: &originals[i],
                value: &values[i],
                name: names[i].as_deref(),
                group: groups[i].as_deref(),
                problem,
                findings: &codes,
                correction: corrections[i].as_deref(),
                evidence: evidences[i].clone(),
                action: actions[i],
            }
            .fields(),
        );
    }
    Ok(out)
}

/// The sheet's cells, line by line (for a page that shows them).
#[pyfunction]
pub fn sheet_cells(columns: &Bound<'_, PyDict>) -> PyResult<Vec<Vec<String>>> {
    Ok(lines(columns)?.into_iter().map(Vec::from).collect())
}

/// Writes the sheet at `path`: XLSX for a `.xlsx` name, else CSV (UTF-8
/// with a BOM); atomically.
#[pyfunction]
#[allow(clippy::needless_pass_by_value)] // pyo3 extracts the path as owned
pub fn write_sheet(py: Python<'_>, path: PathBuf, columns: &Bound<'_, PyDict>) -> PyResult<()> {
    let lines = lines(columns)?;
    py.detach(|| uscc_io::sheet::write_lines(&path, lines.into_iter()))
        .map_err(|e| PyValueError::new_err(e.to_string()))
}
