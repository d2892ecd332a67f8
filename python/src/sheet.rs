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
use uscc::publicity::Check;
use uscc_io::sheet::{ColumnLine, FIX_HEADERS, Line};

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

/// The lines of the 双公示 column findings, from the columns of
/// `ColumnReport.findings` (`row` as labels, `why` the expected value and
/// the rows that show it).
fn column_lines(columns: &Bound<'_, PyDict>) -> PyResult<Vec<Vec<String>>> {
    let rows: Vec<String> = column(columns, "row")?;
    let headers: Vec<String> = column(columns, "column")?;
    let values: Vec<String> = column(columns, "value")?;
    let names: Vec<Option<String>> = column(columns, "name")?;
    let groups: Vec<Option<String>> = column(columns, "group")?;
    let checks: Vec<String> = column(columns, "check")?;
    let suggestions: Vec<Option<String>> = column(columns, "suggestion")?;
    let why: Vec<String> = column(columns, "why")?;
    (0..rows.len())
        .map(|i| {
            let check = Check::ALL
                .into_iter()
                .find(|c| c.as_str() == checks[i])
                .ok_or_else(|| PyValueError::new_err(format!("not a 双公示 check: {:?}", checks[i])))?;
            Ok(ColumnLine {
                file: "",
                row: rows[i].clone(),
                header: &headers[i],
                value: &values[i],
                name: names[i].as_deref(),
                group: groups[i].as_deref(),
                check,
                suggestion: suggestions[i].as_deref(),
                why: why[i].clone(),
            }
            .fields())
        })
        .collect()
}

/// Writes the sheet at `path`: XLSX for a `.xlsx` name, else CSV (UTF-8
/// with a BOM); atomically. With `findings` (data with 双公示 columns),
/// their lines follow, with the column's header in 字段.
#[pyfunction]
#[pyo3(signature = (path, columns, findings = None))]
#[allow(clippy::needless_pass_by_value)] // pyo3 extracts the path as owned
pub fn write_sheet(
    py: Python<'_>,
    path: PathBuf,
    columns: &Bound<'_, PyDict>,
    findings: Option<&Bound<'_, PyDict>>,
) -> PyResult<()> {
    let lines = lines(columns)?;
    let findings = findings.map(column_lines).transpose()?;
    py.detach(|| uscc_io::sheet::write_lines(&path, lines.into_iter(), findings))
        .map_err(|e| PyValueError::new_err(e.to_string()))
}
