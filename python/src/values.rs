//! The calls on one value: `is_valid`, `check`, `normalize`, `suggest`,
//! `identify`, `check_char`, `org_check_char`, `redact`, `explain`, and the
//! test-data and code-list helpers.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::pystr;
use crate::types::{Finding, Identity, Report, Suggestions, suggestions};

/// Whether `code` is valid exactly as given (no normalization).
///
/// Every function here reads a str with lone surrogates replaced by U+FFFD,
/// so no str makes one raise.
#[pyfunction]
pub(crate) fn is_valid(code: &Bound<'_, PyString>) -> bool {
    uscc::is_valid(&pystr::text(code))
}

/// Normalizes, then checks every rule; never raises for a string.
#[pyfunction]
#[pyo3(signature = (code, *, normalize = true))]
pub(crate) fn check(code: &Bound<'_, PyString>, normalize: bool) -> Report {
    let code = pystr::text(code);
    Report(if normalize { uscc::check(&code) } else { uscc::validate(&code) })
}

/// The cleaned value; with `changes=True`, `(value, [normalized_* codes])`.
#[pyfunction]
#[pyo3(signature = (code, *, changes = false))]
pub(crate) fn normalize<'py>(
    py: Python<'py>,
    code: &Bound<'py, PyString>,
    changes: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let n = uscc::normalize(&pystr::text(code));
    if changes {
        let codes: Vec<&'static str> = n.changes.codes().map(uscc::FindingCode::as_str).collect();
        Ok((n.value, codes).into_pyobject(py)?.into_any())
    } else {
        Ok(PyString::new(py, &n.value).into_any())
    }
}

/// Ranked corrections of a mistyped value.
#[pyfunction]
pub(crate) fn suggest(code: &Bound<'_, PyString>) -> Suggestions {
    suggestions(&uscc::suggest(&pystr::text(code)))
}

/// What kind of value this is: a credit code, another identifier, a
/// placeholder, Excel's scientific notation.
#[pyfunction]
pub(crate) fn identify(code: &Bound<'_, PyString>) -> Identity {
    match uscc::identify(&pystr::text(code)) {
        uscc::InputKind::Other { kind, check_passed } => {
            Identity { kind: kind.as_str(), check_passed: Some(check_passed), personal: kind.is_personal() }
        }
        other => Identity { kind: other.as_str(), check_passed: None, personal: false },
    }
}

/// The check character the first 17 characters call for.
#[pyfunction]
pub(crate) fn check_char(prefix: &Bound<'_, PyString>) -> PyResult<char> {
    uscc::check_char(&pystr::text(prefix)).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The organization-code check character (position 17) of 8 body characters.
#[pyfunction]
pub(crate) fn org_check_char(body: &Bound<'_, PyString>) -> PyResult<char> {
    uscc::org_check_char(&pystr::text(body)).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// All but the first six and the last four characters masked by `*`.
#[pyfunction]
pub(crate) fn redact(value: &Bound<'_, PyString>) -> String {
    uscc::redact(&pystr::text(value))
}

/// A value taken apart: the report, each part with its names, each rule
/// with its outcome, and corrections when it is not valid.
#[pyfunction]
pub(crate) fn explain<'py>(py: Python<'py>, code: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyDict>> {
    let e = uscc::explain(&pystr::text(code));
    let d = PyDict::new(py);
    let named = |code: char, zh: &'static str, en: &'static str| -> PyResult<Bound<'py, PyDict>> {
        let n = PyDict::new(py);
        n.set_item("code", code)?;
        n.set_item("name", zh)?;
        n.set_item("name_en", en)?;
        Ok(n)
    };
    d.set_item("value", &e.report.value)?;
    d.set_item("verdict", e.report.verdict.as_str())?;
    d.set_item("valid", e.report.is_valid())?;
    d.set_item("department", e.department.map(|x| named(x.code, x.name_zh, x.name_en)).transpose()?)?;
    d.set_item("category", e.category.map(|x| named(x.code, x.name_zh, x.name_en)).transpose()?)?;
    let division = match &e.division {
        Some(part) => {
            let r = PyDict::new(py);
            r.set_item("code", &part.code)?;
            r.set_item("name", part.division.and_then(|v| v.name()))?;
            r.set_item("province", part.province)?;
            r.set_item("level", part.level.map(uscc::Level::as_str))?;
            r.set_item("first_year", part.division.and_then(|v| v.first_year()))?;
            r.set_item("last_year", part.division.and_then(|v| v.last_year()))?;
            Some(r)
        }
        None => None,
    };
    d.set_item("division", division)?;
    d.set_item("org_code", e.org_code.as_deref())?;
    d.set_item("expected_org_check", e.expected_org_check)?;
    d.set_item("expected_check_char", e.expected_check_char)?;
    let checks: Vec<(&str, &str)> = e.checks.iter().map(|c| (c.rule, c.outcome.as_str())).collect();
    d.set_item("checks", checks)?;
    d.set_item("findings", e.report.findings.iter().copied().map(Finding).collect::<Vec<_>>())?;
    d.set_item("suggestions", Py::new(py, suggestions(&e.suggestions))?)?;
    Ok(d)
}

/// `n` valid codes of every department and category, reproducible from
/// `seed`: test data for analysts' own checks.
#[pyfunction]
#[pyo3(signature = (n, seed = 0))]
pub(crate) fn generate(n: usize, seed: u64) -> Vec<String> {
    uscc::generate(seed, n).iter().map(ToString::to_string).collect()
}

/// Every finding code with its severity, in documentation order.
#[pyfunction]
pub(crate) fn finding_codes() -> Vec<(&'static str, &'static str)> {
    uscc::FindingCode::ALL.iter().map(|c| (c.as_str(), c.severity().as_str())).collect()
}
