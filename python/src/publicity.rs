//! The 双公示 columns of a DataFrame: found by their names as `uscc check`
//! finds a file's (or named by role), and checked by the same
//! `uscc_io::publicity::ColumnChecks` over the Arrow columns.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use uscc::publicity::{Date, DateCell, Record, Role, parse_date};
use uscc_io::columns::{ColumnSpecs, resolve_headers};
use uscc_io::publicity::{ColumnChecks, RoleColumns, Rows};

/// A role by its stable name, or an error listing the roles.
pub(crate) fn role(name: &str) -> PyResult<Role> {
    Role::parse(name).ok_or_else(|| {
        let all: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
        PyValueError::new_err(format!("not a 双公示 column role: {name:?}; the roles are {}", all.join(", ")))
    })
}

/// The columns of a frame with these column names: the code, name and
/// group columns (named, else found by the headers `uscc check` knows),
/// and, when the frame has 双公示 columns, each role's column (`roles`
/// names some by hand, as `--column ROLE=HEADER` does). Positions are
/// 0-based.
#[pyfunction]
#[pyo3(signature = (headers, code = None, name = None, group = None, roles = Vec::new()))]
#[allow(clippy::needless_pass_by_value)] // pyo3 extracts owned values
pub fn find_columns(
    py: Python<'_>,
    headers: Vec<String>,
    code: Option<String>,
    name: Option<String>,
    group: Option<String>,
    roles: Vec<(String, String)>,
) -> PyResult<Bound<'_, PyDict>> {
    let roles = roles.iter().map(|(r, h)| Ok((role(r)?, h.clone()))).collect::<PyResult<Vec<_>>>()?;
    let specs = ColumnSpecs { code, name, group, roles };
    let columns = resolve_headers(&headers, &specs).map_err(PyValueError::new_err)?;
    let d = PyDict::new(py);
    d.set_item("code", columns.code)?;
    d.set_item("name", columns.name)?;
    d.set_item("group", columns.group)?;
    let found = RoleColumns::find(&headers, &columns)
        .map(|r| r.found.iter().map(|(role, i, _)| (role.as_str(), *i)).collect::<Vec<_>>());
    d.set_item("roles", found)?;
    Ok(d)
}

/// The day dates are checked against: `as_of` (a date as 双公示 files
/// write one), else today.
pub(crate) fn day(as_of: Option<&str>) -> PyResult<Date> {
    match as_of.map(parse_date) {
        None => Ok(uscc_io::dates::today()),
        Some(DateCell::Date(d)) => Ok(d),
        Some(_) => Err(PyValueError::new_err(format!("as_of is not a date: {:?}", as_of.unwrap_or_default()))),
    }
}

/// Checks the 双公示 columns of rows held as columns: `values[k]` is the
/// column of `found[k]`'s role, `groups` the group column. Returns the
/// checks (finished) and, per row, whether it stays in the analysis.
pub(crate) fn check_columns(
    found: &[(Role, String)],
    values: &[Vec<Option<&str>>],
    groups: Option<&[Option<&str>]>,
    len: usize,
    today: Date,
) -> (ColumnChecks, Vec<bool>) {
    let columns =
        RoleColumns { found: found.iter().enumerate().map(|(k, (r, h))| (*r, k, h.as_str().into())).collect() };
    let mut checks = ColumnChecks::default();
    checks.files.push((0, columns.clone()));
    let all = columns.cells();
    let record = |i: usize| Record::of(&all, |col| values[col][i].unwrap_or(""));
    let row = |i: usize| i as u64;
    let group = |i: usize| groups.and_then(|g| g[i]);
    let rows = Rows { len, record: &record, row: &row, group: &group };
    let keep = checks.check(&rows, &columns, today);
    checks.finish();
    (checks, keep)
}

/// Synthetic 双公示 records (`uscc generate --format 双公示`): the headers,
/// each row's values, and each row's findings as (role, check) pairs, the
/// truth the checks are held to.
#[pyfunction]
#[pyo3(signature = (seed, records, penalties = false))]
#[allow(clippy::type_complexity)] // the plain Python shape
pub fn synthetic_publicity(
    seed: u64,
    records: usize,
    penalties: bool,
) -> (Vec<String>, Vec<Vec<String>>, Vec<Vec<(&'static str, &'static str)>>) {
    let options = uscc::publicity::synth::Options { records, penalties, ..Default::default() };
    let rows = uscc::publicity::synth::generate(seed, &options);
    let truth = rows.iter().map(|r| r.truth.iter().map(|(role, c)| (role.as_str(), c.as_str())).collect()).collect();
    (uscc::publicity::synth::headers(penalties), rows.into_iter().map(|r| r.values).collect(), truth)
}
