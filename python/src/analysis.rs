//! `uscc.analyze`: the core's data-set analysis over Arrow columns read in
//! place, with the summary, the notable rows and the correction sheet
//! handed back as plain Python columns.

use arrow_array::ArrayRef;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use uscc::analysis::{self, Denominator, GroupSummary, Options, Record, Registry, RowClass};

use crate::arrow::{self, column};
use crate::columns::arrow_strings;

/// A text column as Python gives it: one Arrow array, or a list of them (a
/// chunked column's chunks, in order, read in place).
pub(crate) fn import_column(obj: &Bound<'_, PyAny>) -> PyResult<Vec<ArrayRef>> {
    match obj.cast::<PyList>() {
        Ok(list) => list.iter().map(|c| arrow::import(&c)).collect(),
        Err(_) => Ok(vec![arrow::import(obj)?]),
    }
}

/// A text column's values, its chunks one after the other.
fn strings<'a>(chunks: &'a [ArrayRef], what: &str) -> PyResult<Vec<Option<&'a str>>> {
    let read = |c: &'a ArrayRef| {
        arrow_strings(c)
            .map_err(|_| PyTypeError::new_err(format!("the {what} column must hold text, not {}", c.data_type())))
    };
    if let [one] = chunks {
        return read(one);
    }
    let mut out = Vec::with_capacity(chunks.iter().map(|c| c.len()).sum());
    for c in chunks {
        out.extend(read(c)?);
    }
    Ok(out)
}

/// [`strings`] of a column that must have `len` values (the code column's).
pub(crate) fn column<'a>(chunks: &'a [ArrayRef], len: usize, what: &str) -> PyResult<Vec<Option<&'a str>>> {
    let values = strings(chunks, what)?;
    if values.len() != len {
        return Err(PyValueError::new_err(format!(
            "the {what} column has {} values, the code column {len}",
            values.len()
        )));
    }
    Ok(values)
}

pub(crate) fn options(kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Options> {
    let mut o = Options::default();
    let Some(kwargs) = kwargs else { return Ok(o) };
    for (key, value) in kwargs.iter() {
        let key: String = key.extract()?;
        match key.as_str() {
            "denominator" => {
                let d: String = value.extract()?;
                o.denominator = match d.as_str() {
                    "distinct_values" => Denominator::DistinctValues,
                    "distinct_non_placeholder" => Denominator::DistinctNonPlaceholder,
                    "records" => Denominator::Records,
                    _ => {
                        return Err(PyValueError::new_err(format!(
                            "denominator must be 'distinct_values', 'distinct_non_placeholder' or 'records', not {d:?}"
                        )));
                    }
                };
            }
            "count_placeholders" => o.count_placeholders = value.extract()?,
            "count_other_identifiers" => o.count_other_identifiers = value.extract()?,
            "count_pilot_era" => o.count_pilot_era = value.extract()?,
            "count_one_code_many_names" => o.count_one_code_many_names = value.extract()?,
            "count_shared_org_code" => o.count_shared_org_code = value.extract()?,
            "count_one_name_many_codes" => o.count_one_name_many_codes = value.extract()?,
            "reveal_personal" => o.reveal_personal = value.extract()?,
            _ => return Err(PyTypeError::new_err(format!("analyze() got an unexpected option {key:?}"))),
        }
    }
    Ok(o)
}

pub(crate) fn group_dict<'py>(py: Python<'py>, g: &GroupSummary) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("group", g.group.as_deref())?;
    d.set_item("records", g.records)?;
    d.set_item("distinct_codes", g.distinct_codes)?;
    d.set_item("flagged", g.flagged)?;
    d.set_item("denominator", g.denominator)?;
    d.set_item("rate", g.rate())?;
    d.set_item("valid_with_warnings", g.valid_with_warnings)?;
    d.set_item("needed_cleaning", g.needed_cleaning)?;
    for (i, class) in RowClass::ALL.iter().enumerate() {
        d.set_item(format!("rows_{}", class.as_str()), g.rows[i])?;
    }
    for (i, class) in RowClass::ALL.iter().enumerate() {
        d.set_item(format!("codes_{}", class.as_str()), g.codes[i])?;
    }
    let errors = PyDict::new(py);
    for (code, n) in &g.errors {
        errors.set_item(code.as_str(), n)?;
    }
    d.set_item("errors", errors)?;
    Ok(d)
}

/// Runs the analysis. `codes`, `names`, `groups` and the registry's
/// (codes, names) are Arrow string arrays (`__arrow_c_array__`); row ids
/// are positions, written in the evidence text through `row_labels`.
#[pyfunction]
#[pyo3(signature = (codes, names = None, groups = None, registry = None, row_labels = None, history = None, label = None, roles = Vec::new(), as_of = None, **kwargs))]
#[allow(clippy::needless_pass_by_value, clippy::too_many_arguments)] // pyo3 extracts owned values
pub fn analyze_arrow<'py>(
    py: Python<'py>,
    codes: &Bound<'py, PyAny>,
    names: Option<&Bound<'py, PyAny>>,
    groups: Option<&Bound<'py, PyAny>>,
    registry: Option<(Bound<'py, PyAny>, Bound<'py, PyAny>)>,
    row_labels: Option<Vec<String>>,
    history: Option<std::path::PathBuf>,
    label: Option<String>,
    roles: Vec<(String, String, Bound<'py, PyAny>)>,
    as_of: Option<String>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyDict>> {
    // A history that cannot take the run is refused before any work.
    let mut history = history
        .map(|p| uscc_io::history::History::open(&p))
        .transpose()
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let options = options(kwargs)?;
    let code_chunks = import_column(codes)?;
    let name_chunks = names.map(import_column).transpose()?;
    let group_chunks = groups.map(import_column).transpose()?;
    let registry = match &registry {
        Some((c, n)) => Some((import_column(c)?, import_column(n)?)),
        None => None,
    };
    let code_values = strings(&code_chunks, "code")?;
    let n = code_values.len();
    let name_values = name_chunks.as_ref().map(|a| column(a, n, "name")).transpose()?;
    let group_values = group_chunks.as_ref().map(|a| column(a, n, "group")).transpose()?;
    // The 双公示 columns: (role, header) and each column's values.
    let today = crate::publicity::day(as_of.as_deref())?;
    let found =
        roles.iter().map(|(r, h, _)| Ok((crate::publicity::role(r)?, h.clone()))).collect::<PyResult<Vec<_>>>()?;
    let role_chunks = roles.iter().map(|(_, _, a)| import_column(a)).collect::<PyResult<Vec<_>>>()?;
    let role_values =
        role_chunks.iter().zip(&found).map(|(a, (r, _))| column(a, n, r.as_str())).collect::<PyResult<Vec<_>>>()?;
    let registry = match &registry {
        Some((c, nm)) => {
            let c = strings(c, "registry's code")?;
            let nm = column(nm, c.len(), "registry's name")?;
            Some(Registry::new(c.iter().zip(&nm).filter_map(|(c, n)| Some(((*c)?, (*n)?)))))
        }
        None => None,
    };
    let (report, checks) = py.detach(|| {
        // A natural person's empty code is right, and left out of the analysis.
        let (checks, keep) = if found.is_empty() {
            (None, Vec::new())
        } else {
            let (c, keep) = crate::publicity::check_columns(&found, &role_values, group_values.as_deref(), n, today);
            (Some(c), keep)
        };
        // Each record made when the analysis asks for it, from the columns.
        let record = |i: usize| {
            keep.get(i).copied().unwrap_or(true).then(|| {
                Record::new(
                    i as u64,
                    code_values[i].unwrap_or(""),
                    name_values.as_ref().and_then(|v| v[i]),
                    group_values.as_ref().and_then(|v| v[i]),
                )
            })
        };
        (analysis::analyze_rows(n, record, &options, registry), checks)
    });

    if let Some(h) = &mut history {
        py.detach(|| h.record(label.as_deref(), &[], &report.analysis))
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
    }
    let place = |row: u64| match row_labels.as_ref().and_then(|labels| labels.get(row as usize)) {
        Some(label) => format!("位置 {row}（索引 {label}）"),
        None => format!("位置 {row}"),
    };
    let result = result_dict(py, &report.analysis, &report.rows, &place)?;
    if let Some(c) = &checks {
        result.set_item("columns", uscc_io::json::columns(c, &[String::new()]).to_string())?;
        let why: Vec<String> = c.findings.iter().map(|f| f.why_zh_with(&place)).collect();
        result.set_item("columns_why", why)?;
    }
    Ok(result)
}

/// Every row class: (snake_case name, Chinese name), in priority order.
#[pyfunction]
pub fn row_classes() -> Vec<(&'static str, &'static str)> {
    RowClass::ALL.iter().map(|c| (c.as_str(), c.name_zh())).collect()
}

/// The Chinese name of a denominator (`distinct_values` …), as the
/// command's report writes it.
#[pyfunction]
pub fn denominator_name_zh(name: &str) -> PyResult<&'static str> {
    let d = match name {
        "distinct_values" => Denominator::DistinctValues,
        "distinct_non_placeholder" => Denominator::DistinctNonPlaceholder,
        "records" => Denominator::Records,
        _ => return Err(PyValueError::new_err(format!("not a denominator: {name:?}"))),
    };
    Ok(d.name_zh())
}

/// The options as the core reads them: the denominator's name and the row
/// classes counted in the rate (a ValueError for an unknown option value).
#[pyfunction]
#[pyo3(signature = (**kwargs))]
pub fn analysis_options(kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<(&'static str, Vec<&'static str>)> {
    let o = options(kwargs)?;
    Ok((o.denominator.as_str(), o.counted().iter().map(|c| c.as_str()).collect()))
}

/// The result as Python columns: the summary's groups (overall first), the
/// notable rows, the correction sheet (rows by their 0-based `position`);
/// `place` writes where a row is in the sheet's Chinese evidence.
pub(crate) fn result_dict<'py>(
    py: Python<'py>,
    analysis: &analysis::Analysis,
    rows: &[analysis::RowResult],
    place: &dyn Fn(u64) -> String,
) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    let summary = &analysis.summary;
    let groups = PyList::empty(py);
    groups.append(group_dict(py, &summary.overall)?)?;
    for g in &summary.groups {
        groups.append(group_dict(py, g)?)?;
    }
    out.set_item("summary", groups)?;
    out.set_item("denominator", summary.denominator.as_str())?;
    out.set_item("counted", summary.counted.iter().map(|c| c.as_str()).collect::<Vec<_>>())?;

    // The rows and the sheet as Arrow columns: no Python object per value.
    let rows_dict = PyDict::new(py);
    let pos = |row: u64| Some(i64::try_from(row).unwrap_or(i64::MAX));
    rows_dict.set_item("position", column::ints(rows.iter().map(|r| pos(r.row))))?;
    rows_dict.set_item("class", column::strings(rows.iter().map(|r| Some(r.class.as_str()))))?;
    rows_dict.set_item("value", column::strings(rows.iter().map(|r| Some(r.value.as_str()))))?;
    rows_dict.set_item("needed_cleaning", column::bools(rows.iter().map(|r| r.needed_cleaning)))?;
    rows_dict.set_item("findings", column::string_lists(rows.iter().map(|r| r.findings.iter().map(|f| f.as_str()))))?;
    rows_dict.set_item("classes", column::string_lists(rows.iter().map(|r| r.classes.iter().map(|c| c.as_str()))))?;
    rows_dict.set_item(
        "correction_code",
        column::strings(rows.iter().map(|r| r.correction.as_ref().map(|c| c.code.as_str()))),
    )?;
    rows_dict.set_item(
        "correction_evidence",
        column::strings(rows.iter().map(|r| r.correction.as_ref().map(|c| c.evidence.as_str()))),
    )?;
    rows_dict.set_item("not_in_registry", column::bools(rows.iter().map(|r| r.not_in_registry)))?;
    rows_dict.set_item("registry_name", column::strings(rows.iter().map(|r| r.registry_name.as_deref())))?;
    out.set_item("rows", rows_dict)?;

    let fixes = analysis.fixes();
    let f = PyDict::new(py);
    f.set_item("position", column::ints(fixes.iter().map(|x| pos(x.row))))?;
    f.set_item("rows", column::ints(fixes.iter().map(|x| Some(i64::try_from(x.rows).unwrap_or(i64::MAX)))))?;
    f.set_item("original", column::strings(fixes.iter().map(|x| Some(x.original.as_str()))))?;
    f.set_item("value", column::strings(fixes.iter().map(|x| Some(x.value.as_str()))))?;
    f.set_item("name", column::strings(fixes.iter().map(|x| x.name.as_deref())))?;
    f.set_item("group", column::strings(fixes.iter().map(|x| x.group.as_deref())))?;
    f.set_item("problem", column::strings(fixes.iter().map(|x| Some(x.problem.as_str()))))?;
    f.set_item("findings", column::string_lists(fixes.iter().map(|x| x.findings.iter().map(|c| c.as_str()))))?;
    f.set_item(
        "correction_code",
        column::strings(fixes.iter().map(|x| x.correction.as_ref().map(|c| c.code.as_str()))),
    )?;
    f.set_item(
        "correction_evidence",
        column::strings(fixes.iter().map(|x| x.correction.as_ref().map(|c| c.evidence.as_str()))),
    )?;
    f.set_item("action", column::ints(fixes.iter().map(|x| x.action.map(|a| i64::from(a.flag())))))?;
    out.set_item("fixes", f)?;
    // The sheet's Chinese evidence of each line, by the line's first row:
    // the sentence names the row it rests on, which the line's own columns
    // do not hold.
    let evidence_zh = PyDict::new(py);
    for x in fixes {
        if let Some(c) = &x.correction {
            evidence_zh.set_item(x.row, c.evidence.describe_zh_with(place))?;
        }
    }
    out.set_item("evidence_zh", evidence_zh)?;
    Ok(out)
}

/// Opens an existing history file (never creates one).
fn open_history(path: &std::path::Path) -> PyResult<uscc_io::history::History> {
    if !path.exists() {
        return Err(pyo3::exceptions::PyFileNotFoundError::new_err(format!("{}: no such history", path.display())));
    }
    uscc_io::history::History::open(path).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The runs of a history file (`uscc check --history`), oldest first, as
/// the JSON `uscc history --json` prints.
#[pyfunction]
#[allow(clippy::needless_pass_by_value)] // pyo3 extracts the path as owned
pub fn history_runs(path: std::path::PathBuf) -> PyResult<String> {
    let history = open_history(&path)?;
    let runs = history.runs().map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(uscc_io::history::runs_json(&runs).to_string())
}

/// Two runs of a history compared (by label or number; both `None`: the
/// last two), as the JSON `uscc history --compare --json` prints.
#[pyfunction]
#[pyo3(signature = (path, before = None, after = None))]
#[allow(clippy::needless_pass_by_value)] // pyo3 extracts the arguments as owned
pub fn history_compare(path: std::path::PathBuf, before: Option<String>, after: Option<String>) -> PyResult<String> {
    let history = open_history(&path)?;
    let fail = |e: uscc_io::history::HistoryError| PyValueError::new_err(e.to_string());
    let (a, b) = match (before, after) {
        (None, None) => history.last_two().map_err(fail)?,
        (Some(a), Some(b)) => (history.find(&a).map_err(fail)?, history.find(&b).map_err(fail)?),
        _ => return Err(PyValueError::new_err("compare() takes two runs, or none for the last two")),
    };
    let c = history.compare(&a, &b).map_err(fail)?;
    Ok(uscc_io::history::comparison_json(&c).to_string())
}
