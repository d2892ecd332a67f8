//! The calls on one value: `is_valid`, `validate`, `check`, `normalize`, `suggest`,
//! `identify`, `check_char`, `org_check_char`, `redact`, `explain`, and the
//! test-data and code-list helpers.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::pystr;
use crate::types::{Identity, Report, Suggestions, core_dict, suggestions};

/// Whether `code` is valid exactly as given (no normalization).
///
/// Every function here reads a str with lone surrogates replaced by U+FFFD,
/// so no str makes one raise.
#[pyfunction]
pub(crate) fn is_valid(code: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(uscc::is_valid(&pystr::text(pystr::arg(code, "is_valid")?)))
}

/// Checks every rule on the value exactly as given (strict); never raises
/// for a string.
#[pyfunction]
pub(crate) fn validate(code: &Bound<'_, PyAny>) -> PyResult<Report> {
    Ok(Report(uscc::validate(&pystr::text(pystr::arg(code, "validate")?))))
}

/// Normalizes, then checks every rule (lenient); never raises for a string.
#[pyfunction]
#[pyo3(signature = (code, *, normalize = true))]
pub(crate) fn check(code: &Bound<'_, PyAny>, normalize: bool) -> PyResult<Report> {
    let code = pystr::text(pystr::arg(code, "check")?);
    Ok(Report(if normalize { uscc::check(&code) } else { uscc::validate(&code) }))
}

/// The cleaned value; with `changes=True`, `(value, [normalized_* codes])`.
#[pyfunction]
#[pyo3(signature = (code, *, changes = false))]
pub(crate) fn normalize<'py>(py: Python<'py>, code: &Bound<'py, PyAny>, changes: bool) -> PyResult<Bound<'py, PyAny>> {
    let n = uscc::normalize(&pystr::text(pystr::arg(code, "normalize")?));
    if changes {
        let codes: Vec<&'static str> = n.changes.codes().map(uscc::FindingCode::as_str).collect();
        Ok((n.value, codes).into_pyobject(py)?.into_any())
    } else {
        Ok(PyString::new(py, &n.value).into_any())
    }
}

/// Ranked corrections of a mistyped value.
#[pyfunction]
pub(crate) fn suggest(code: &Bound<'_, PyAny>) -> PyResult<Suggestions> {
    Ok(suggestions(&uscc::suggest(&pystr::text(pystr::arg(code, "suggest")?))))
}

/// What kind of value this is: a credit code, another identifier, a
/// placeholder, Excel's scientific notation.
#[pyfunction]
pub(crate) fn identify(code: &Bound<'_, PyAny>) -> PyResult<Identity> {
    let kind = uscc::identify(&pystr::text(pystr::arg(code, "identify")?));
    Ok(Identity { kind: kind.as_str(), check_passed: kind.check_passed(), personal: kind.is_personal() })
}

/// The check character the first 17 characters call for.
#[pyfunction]
pub(crate) fn check_char(prefix: &Bound<'_, PyAny>) -> PyResult<char> {
    uscc::check_char(&pystr::text(pystr::arg(prefix, "check_char")?)).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The organization-code check character (position 17) of 8 body characters.
#[pyfunction]
pub(crate) fn org_check_char(body: &Bound<'_, PyAny>) -> PyResult<char> {
    uscc::org_check_char(&pystr::text(pystr::arg(body, "org_check_char")?))
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// All but the first six and the last four characters masked by `*`.
#[pyfunction]
pub(crate) fn redact(value: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(uscc::redact(&pystr::text(pystr::arg(value, "redact")?)))
}

/// A value taken apart: the report, each part with its names, each rule
/// with its outcome, and corrections when it is not valid. The shape is the
/// core's (the same keys as `uscc explain --json` and the browser's).
#[pyfunction]
pub(crate) fn explain<'py>(py: Python<'py>, code: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    core_dict(py, &uscc::explain(&pystr::text(pystr::arg(code, "explain")?)))
}

/// `n` valid codes of every department and category, reproducible from
/// `seed`: test data for analysts' own checks.
#[pyfunction]
#[pyo3(signature = (n, seed = 0))]
pub(crate) fn generate(n: usize, seed: u64) -> Vec<String> {
    uscc::generate(seed, n).iter().map(ToString::to_string).collect()
}

/// A synthetic data set with the error mix of real department data
/// (`uscc generate`'s): the (codes, names, groups) columns of `n` records.
#[pyfunction]
#[pyo3(signature = (n, seed = 1))]
pub(crate) fn synthetic(n: usize, seed: u64) -> (Vec<String>, Vec<String>, Vec<String>) {
    let data = uscc::analysis::synth::generate(
        seed,
        &uscc::analysis::synth::SynthOptions { records: n, ..Default::default() },
    );
    let mut out = (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
    for r in data {
        out.0.push(r.code);
        out.1.push(r.name);
        out.2.push(r.group);
    }
    out
}

/// A sequence of monthly synthetic data sets for the same departments
/// (`uscc generate --months`): per month the (codes, names, groups) columns
/// and the normalized values fixed and new since the month before.
#[pyfunction]
#[pyo3(signature = (n, seed = 1, months = 3, fixed_percent = 40, new_per_mille = 10))]
#[allow(clippy::type_complexity)]
pub(crate) fn synthetic_months(
    n: usize,
    seed: u64,
    months: usize,
    fixed_percent: u32,
    new_per_mille: u32,
) -> Vec<(Vec<String>, Vec<String>, Vec<String>, Vec<String>, Vec<String>)> {
    use uscc::analysis::synth::{MonthOptions, SynthOptions};
    let plan = MonthOptions { months, fixed_percent, new_per_mille };
    uscc::analysis::synth::months(seed, &SynthOptions { records: n, ..Default::default() }, &plan)
        .into_iter()
        .map(|m| {
            let (mut codes, mut names, mut groups) = (Vec::new(), Vec::new(), Vec::new());
            for r in m.records {
                codes.push(r.code);
                names.push(r.name);
                groups.push(r.group);
            }
            (codes, names, groups, m.fixed, m.new)
        })
        .collect()
}

/// Every finding code with its severity, in documentation order.
#[pyfunction]
pub(crate) fn finding_codes() -> Vec<(&'static str, &'static str)> {
    uscc::FindingCode::ALL.iter().map(|c| (c.as_str(), c.severity().as_str())).collect()
}
