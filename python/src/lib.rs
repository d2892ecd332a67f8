//! The native part of the Python package `uscc` (`uscc._native`).
//!
//! The binding only converts: every rule and every analysis lives in the
//! `uscc` crate. The public Python API (containers, exceptions, accessors,
//! Spark) is in `python/uscc/`, over the functions and classes here.

use std::borrow::Cow;
use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{Array, ArrayRef, BooleanArray, LargeStringArray, StringArray, StringViewArray, StructArray};
use arrow_buffer::BooleanBuffer;
use arrow_schema::{DataType, Field};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat, PyList, PyString};
use rayon::prelude::*;

mod analysis;
mod arrow;
mod pystr;

use arrow::ArrowResult;

/// One thing a check found, with a stable snake_case `code`.
#[pyclass(module = "uscc", name = "Finding", frozen, eq)]
#[derive(Clone, PartialEq)]
struct Finding(uscc::Finding);

#[pymethods]
impl Finding {
    /// Stable snake_case name (the same in Rust, JavaScript and the CLI).
    #[getter]
    fn code(&self) -> &'static str {
        self.0.code.as_str()
    }
    /// `info`, `warning` or `error`.
    #[getter]
    fn severity(&self) -> &'static str {
        self.0.severity().as_str()
    }
    /// First and last 1-based positions concerned, or None.
    #[getter]
    fn position(&self) -> Option<(u8, u8)> {
        self.0.position
    }
    /// The character expected there, or None.
    #[getter]
    fn expected(&self) -> Option<char> {
        self.0.expected
    }
    /// The character found there, or None.
    #[getter]
    fn found(&self) -> Option<char> {
        self.0.found
    }
    /// The message in Chinese.
    #[getter]
    fn message_zh(&self) -> String {
        self.0.message_zh()
    }
    /// The message in English.
    #[getter]
    fn message_en(&self) -> String {
        self.0.message_en()
    }
    /// `wrong_length`: the number of characters found.
    #[getter]
    fn length(&self) -> Option<usize> {
        match self.0.detail {
            Some(uscc::Detail::Length(n)) => Some(n),
            _ => None,
        }
    }
    /// `retired_division`: the last year the division code was current.
    #[getter]
    fn last_year(&self) -> Option<u16> {
        match self.0.detail {
            Some(uscc::Detail::LastYear(y)) => Some(y),
            _ => None,
        }
    }
    /// `other_identifier`, `identifier_check_failed`: which identifier.
    #[getter]
    fn identifier(&self) -> Option<&'static str> {
        match self.0.detail {
            Some(uscc::Detail::Identifier(k)) => Some(k.as_str()),
            _ => None,
        }
    }
    fn __repr__(&self) -> String {
        use std::fmt::Write;
        let mut s = format!("Finding(code={}", py_repr(self.0.code.as_str()));
        if let Some(p) = self.0.position {
            let _ = write!(s, ", position={p:?}");
        }
        if let Some(c) = self.0.expected {
            let _ = write!(s, ", expected={}", py_repr(c.encode_utf8(&mut [0; 4])));
        }
        if let Some(c) = self.0.found {
            let _ = write!(s, ", found={}", py_repr(c.encode_utf8(&mut [0; 4])));
        }
        s + ")"
    }
    fn __str__(&self) -> String {
        self.0.to_string()
    }
}

/// Everything a check says of one value: the cleaned value, the verdict
/// and every finding.
#[pyclass(module = "uscc", name = "Report", frozen)]
struct Report(uscc::Report);

#[pymethods]
impl Report {
    /// The value checked (after normalization for `check`).
    #[getter]
    fn value(&self) -> &str {
        &self.0.value
    }
    /// `valid`, `valid_with_warnings`, `invalid`, `placeholder`,
    /// `pilot_era` or `other_identifier`.
    #[getter]
    fn verdict(&self) -> &'static str {
        self.0.verdict.as_str()
    }
    /// Valid, with or without warnings.
    #[getter]
    fn valid(&self) -> bool {
        self.0.is_valid()
    }
    /// A personal identity number: print it only through `redact`.
    #[getter]
    fn personal(&self) -> bool {
        self.0.is_personal()
    }
    /// Every finding, in report order.
    #[getter]
    fn findings(&self) -> Vec<Finding> {
        self.0.findings.iter().copied().map(Finding).collect()
    }
    /// The first finding of severity `error`, or None.
    #[getter]
    fn first_error(&self) -> Option<Finding> {
        self.0.first_error().copied().map(Finding)
    }
    /// Whether a finding with this code is present.
    fn has(&self, code: &str) -> PyResult<bool> {
        let code: uscc::FindingCode =
            code.parse().map_err(|e: uscc::UnknownFindingCode| PyValueError::new_err(e.to_string()))?;
        Ok(self.0.has(code))
    }
    fn __repr__(&self) -> String {
        let codes: Vec<String> = self.0.findings.iter().map(|f| py_repr(f.code.as_str())).collect();
        format!(
            "Report(value={}, verdict={}, findings=[{}])",
            py_repr(&self.0.redacted_value()),
            py_repr(self.0.verdict.as_str()),
            codes.join(", ")
        )
    }
}

/// Python's repr of a str (single quotes unless the text holds one).
fn py_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::from(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {
                let _ = std::fmt::Write::write_fmt(&mut out, format_args!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

fn py_opt(s: Option<&str>) -> String {
    s.map_or_else(|| "None".to_owned(), py_repr)
}

fn py_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

/// A valid credit code with its parts. Hashable and ordered; `str()` gives
/// the 18 characters.
#[pyclass(module = "uscc", name = "Code", frozen, eq, ord, hash)]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Code(uscc::Uscc);

#[pymethods]
impl Code {
    /// Validates `value` (normalized first unless `normalize=False`);
    /// raises `uscc.InvalidCodeError` (or a subclass) when it is not valid.
    #[new]
    #[pyo3(signature = (value, *, normalize = true))]
    fn new(py: Python<'_>, value: &Bound<'_, PyString>, normalize: bool) -> PyResult<Code> {
        let value = pystr::text(value);
        let report = if normalize { uscc::check(&value) } else { uscc::validate(&value) };
        match report.code() {
            Some(code) => Ok(Code(code)),
            None => Err(invalid_code_error(py, report)),
        }
    }
    /// The 18 characters.
    #[getter]
    fn value(&self) -> &str {
        self.0.as_str()
    }
    /// Position 1: the registration department (`9`, `1`, `5`, `Y` …).
    #[getter]
    fn department(&self) -> char {
        self.0.department().code
    }
    /// The department's Chinese name.
    #[getter]
    fn department_name(&self) -> &'static str {
        self.0.department().name_zh
    }
    /// Position 2: the category within the department.
    #[getter]
    fn category(&self) -> char {
        self.0.category().code
    }
    /// The category's Chinese name.
    #[getter]
    fn category_name(&self) -> &'static str {
        self.0.category().name_zh
    }
    /// Positions 3–8: the division code of the registering authority.
    #[getter]
    fn division(&self) -> &str {
        self.0.division_code()
    }
    /// The division's latest name, or None when it is not in the table.
    #[getter]
    fn division_name(&self) -> Option<&'static str> {
        self.0.division().and_then(|d| d.name())
    }
    /// The province-level name of the division code.
    #[getter]
    fn province(&self) -> Option<&'static str> {
        self.0.division_code().get(..2).and_then(|p| p.parse().ok()).and_then(uscc::province_name)
    }
    /// Positions 9–17: the organization code (主体标识码).
    #[getter]
    fn org_code(&self) -> &str {
        self.0.org_code()
    }
    /// Position 18.
    #[getter]
    fn check_char(&self) -> char {
        self.0.check_char()
    }
    fn __str__(&self) -> &str {
        self.0.as_str()
    }
    fn __repr__(&self) -> String {
        format!("Code('{}')", self.0)
    }
}

/// `uscc.InvalidCodeError` (the subclass for the report's family), built by
/// the Python side so that its classes stay plain Python.
fn invalid_code_error(py: Python<'_>, report: uscc::Report) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let error = py.import("uscc._errors")?.getattr("error_for")?.call1((Report(report),))?;
        Ok(PyErr::from_value(error))
    };
    build().unwrap_or_else(|e| e)
}

/// One correction and the mistakes it assumes.
#[pyclass(module = "uscc", name = "Candidate", frozen, get_all)]
#[derive(Clone)]
struct Candidate {
    /// The corrected code.
    code: String,
    /// Total cost of the assumed mistakes (lower is likelier).
    cost: u8,
    /// `(kind, position, from, to)` for each mistake; kind is `look_alike`,
    /// `check_char`, `swap`, `insert` or `delete`.
    edits: Vec<(&'static str, u8, Option<char>, Option<char>)>,
}

#[pymethods]
impl Candidate {
    fn __repr__(&self) -> String {
        let edits: Vec<String> = self
            .edits
            .iter()
            .map(|(kind, position, from, to)| {
                let ch = |c: &Option<char>| py_opt(c.map(String::from).as_deref());
                format!("({}, {position}, {}, {})", py_repr(kind), ch(from), ch(to))
            })
            .collect();
        format!("Candidate(code={}, cost={}, edits=[{}])", py_repr(&self.code), self.cost, edits.join(", "))
    }
}

/// Ranked corrections.
#[pyclass(module = "uscc", name = "Suggestions", frozen, get_all)]
struct Suggestions {
    /// The likeliest correction, or None.
    best: Option<String>,
    /// Whether the best is the only candidate at its cost.
    unique: bool,
    /// Every candidate, likeliest first.
    candidates: Vec<Candidate>,
}

#[pymethods]
impl Suggestions {
    fn __repr__(&self) -> String {
        format!(
            "Suggestions(best={}, unique={}, candidates={})",
            py_opt(self.best.as_deref()),
            py_bool(self.unique),
            self.candidates.len()
        )
    }
    fn __len__(&self) -> usize {
        self.candidates.len()
    }
}

fn edit(e: &uscc::Edit) -> (&'static str, u8, Option<char>, Option<char>) {
    match *e {
        uscc::Edit::LookAlike { position, from, to } => (e.kind(), position, Some(from), Some(to)),
        uscc::Edit::CheckChar { from, to } => (e.kind(), 18, Some(from), Some(to)),
        uscc::Edit::Swap { position } => (e.kind(), position, None, None),
        uscc::Edit::Insert { position, to } => (e.kind(), position, None, Some(to)),
        uscc::Edit::Delete { position, from } => (e.kind(), position, Some(from), None),
    }
}

fn suggestions(s: &uscc::Suggestions) -> Suggestions {
    Suggestions {
        best: s.best().map(|c| c.code.to_string()),
        unique: s.unique,
        candidates: s
            .candidates
            .iter()
            .map(|c| Candidate { code: c.code.to_string(), cost: c.cost, edits: c.edits.iter().map(edit).collect() })
            .collect(),
    }
}

/// What kind of value a string is before any credit-code rule.
#[pyclass(module = "uscc", name = "Identity", frozen, get_all)]
struct Identity {
    /// `credit_code`, `placeholder`, `excel_scientific_notation`, `unknown`,
    /// or another identifier's name (`registration_number`, `resident_id` …).
    kind: &'static str,
    /// For another identifier: whether its own check passes.
    check_passed: Option<bool>,
    /// Whether the value belongs to a person.
    personal: bool,
}

#[pymethods]
impl Identity {
    fn __repr__(&self) -> String {
        let passed = self.check_passed.map_or("None", py_bool);
        format!("Identity(kind={}, check_passed={passed}, personal={})", py_repr(self.kind), py_bool(self.personal))
    }
}

/// Whether `code` is valid exactly as given (no normalization).
///
/// Every function here reads a str with lone surrogates replaced by U+FFFD,
/// so no str makes one raise.
#[pyfunction]
fn is_valid(code: &Bound<'_, PyString>) -> bool {
    uscc::is_valid(&pystr::text(code))
}

/// Normalizes, then checks every rule; never raises for a string.
#[pyfunction]
#[pyo3(signature = (code, *, normalize = true))]
fn check(code: &Bound<'_, PyString>, normalize: bool) -> Report {
    let code = pystr::text(code);
    Report(if normalize { uscc::check(&code) } else { uscc::validate(&code) })
}

/// The cleaned value; with `changes=True`, `(value, [normalized_* codes])`.
#[pyfunction]
#[pyo3(signature = (code, *, changes = false))]
fn normalize<'py>(py: Python<'py>, code: &Bound<'py, PyString>, changes: bool) -> PyResult<Bound<'py, PyAny>> {
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
fn suggest(code: &Bound<'_, PyString>) -> Suggestions {
    suggestions(&uscc::suggest(&pystr::text(code)))
}

/// What kind of value this is: a credit code, another identifier, a
/// placeholder, Excel's scientific notation.
#[pyfunction]
fn identify(code: &Bound<'_, PyString>) -> Identity {
    match uscc::identify(&pystr::text(code)) {
        uscc::InputKind::Other { kind, check_passed } => {
            Identity { kind: kind.as_str(), check_passed: Some(check_passed), personal: kind.is_personal() }
        }
        other => Identity { kind: other.as_str(), check_passed: None, personal: false },
    }
}

/// The check character the first 17 characters call for.
#[pyfunction]
fn check_char(prefix: &Bound<'_, PyString>) -> PyResult<char> {
    uscc::check_char(&pystr::text(prefix)).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The organization-code check character (position 17) of 8 body characters.
#[pyfunction]
fn org_check_char(body: &Bound<'_, PyString>) -> PyResult<char> {
    uscc::org_check_char(&pystr::text(body)).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// All but the first six and the last four characters masked by `*`.
#[pyfunction]
fn redact(value: &Bound<'_, PyString>) -> String {
    uscc::redact(&pystr::text(value))
}

/// A value taken apart: the report, each part with its names, each rule
/// with its outcome, and corrections when it is not valid.
#[pyfunction]
fn explain<'py>(py: Python<'py>, code: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyDict>> {
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

/// The str objects of a Python sequence: `None` for nulls (None, NaN,
/// pandas' NA and NaT), a TypeError naming the position of anything else
/// that is not a str. The strong references keep the texts alive while the
/// GIL is released.
fn str_objects<'py>(values: &Bound<'py, PyAny>) -> PyResult<Vec<Option<Bound<'py, PyString>>>> {
    // A list, the common case, is read by index: faster than the iterator protocol.
    if let Ok(list) = values.cast::<PyList>() {
        return list.iter().enumerate().map(|(i, item)| str_or_null(i, item)).collect();
    }
    let mut out = Vec::with_capacity(values.len().unwrap_or(0));
    for (i, item) in values.try_iter()?.enumerate() {
        out.push(str_or_null(i, item?)?);
    }
    Ok(out)
}

/// A str, `None` for a null, or a TypeError naming position `i`.
fn str_or_null(i: usize, item: Bound<'_, PyAny>) -> PyResult<Option<Bound<'_, PyString>>> {
    let item = match item.cast_into::<PyString>() {
        Ok(s) => return Ok(Some(s)),
        Err(e) => e.into_inner(),
    };
    let null = item.is_none()
        || item.cast::<PyFloat>().is_ok_and(|f| f.value().is_nan())
        || matches!(pystr::text(&item.get_type().name()?).as_ref(), "NAType" | "NaTType");
    if null {
        return Ok(None);
    }
    let name = item.get_type().name()?.to_string();
    Err(PyTypeError::new_err(format!("element {i} is {name}, not a str: {}", item.repr()?)))
}

/// The text of each str object, borrowed in place.
fn texts<'a>(objects: &'a [Option<Bound<'_, PyString>>]) -> Vec<Option<Cow<'a, str>>> {
    objects.iter().map(|o| o.as_ref().map(pystr::text)).collect()
}

/// `is_valid` over a Python sequence: a list of bool, None for nulls.
#[pyfunction]
fn is_valid_objects(py: Python<'_>, values: &Bound<'_, PyAny>) -> PyResult<Vec<Option<bool>>> {
    let objects = str_objects(values)?;
    let items = texts(&objects);
    let bytes: Vec<&[u8]> = items.iter().map(|s| s.as_deref().map_or(&b""[..], str::as_bytes)).collect();
    let valid = py.detach(|| uscc::is_valid_many(&bytes));
    Ok(items.iter().zip(valid).map(|(s, v)| s.as_ref().map(|_| v)).collect())
}

/// The validity of each value of an Arrow string array.
fn arrow_validity(array: &ArrayRef) -> PyResult<Vec<bool>> {
    let any = array.as_any();
    let packed = if let Some(a) = any.downcast_ref::<StringArray>() {
        uscc::is_valid_packed(a.values(), a.value_offsets())
    } else if let Some(a) = any.downcast_ref::<LargeStringArray>() {
        uscc::is_valid_packed(a.values(), a.value_offsets())
    } else if let Some(a) = any.downcast_ref::<StringViewArray>() {
        return Ok((0..a.len()).into_par_iter().map(|i| uscc::is_valid(a.value(i))).collect());
    } else {
        return Err(not_strings(array.data_type()));
    };
    packed.map_err(|e| PyValueError::new_err(format!("malformed Arrow string array: {e}")))
}

fn not_strings(t: &DataType) -> PyErr {
    PyTypeError::new_err(format!("expected an Arrow string array (string, large_string or string_view), got {t}"))
}

/// `is_valid` over an Arrow string array, read in place: an Arrow boolean
/// array with the input's nulls.
#[pyfunction]
fn is_valid_arrow(py: Python<'_>, array: &Bound<'_, PyAny>) -> PyResult<ArrowResult> {
    let array = arrow::import(array)?;
    let valid = py.detach(|| arrow_validity(&array))?;
    let result = BooleanArray::new(BooleanBuffer::from(valid), array.logical_nulls());
    Ok(ArrowResult::new(result.into_data()))
}

/// What `validate_many` says of one value.
struct Row {
    verdict: &'static str,
    findings: Vec<&'static str>,
    normalized: String,
    suggestion: Option<String>,
}

fn row(value: &str) -> Row {
    let r = uscc::check(value);
    let suggestion = if r.verdict == uscc::Verdict::Invalid {
        uscc::suggest(value).best().map(|c| c.code.to_string())
    } else {
        None
    };
    Row {
        verdict: r.verdict.as_str(),
        findings: r.findings.iter().map(|f| f.code.as_str()).collect(),
        normalized: r.value,
        suggestion,
    }
}

/// Column type of `validate_objects`: verdicts, finding codes, normalized
/// values, suggestions.
type Columns = (Vec<Option<&'static str>>, Vec<Option<Vec<&'static str>>>, Vec<Option<String>>, Vec<Option<String>>);

/// `check` and `suggest` over a Python sequence, as four lists.
#[pyfunction]
fn validate_objects(py: Python<'_>, values: &Bound<'_, PyAny>) -> PyResult<Columns> {
    let objects = str_objects(values)?;
    let items = texts(&objects);
    let rows: Vec<Option<Row>> = py.detach(|| items.par_iter().map(|s| s.as_deref().map(row)).collect());
    let mut out: Columns = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for r in rows {
        if let Some(r) = r {
            out.0.push(Some(r.verdict));
            out.1.push(Some(r.findings));
            out.2.push(Some(r.normalized));
            out.3.push(r.suggestion);
        } else {
            out.0.push(None);
            out.1.push(None);
            out.2.push(None);
            out.3.push(None);
        }
    }
    Ok(out)
}

/// The string of each value of an Arrow string array, None for nulls.
pub(crate) fn arrow_strings(array: &ArrayRef) -> PyResult<Vec<Option<&str>>> {
    let any = array.as_any();
    if let Some(a) = any.downcast_ref::<StringArray>() {
        Ok(a.iter().collect())
    } else if let Some(a) = any.downcast_ref::<LargeStringArray>() {
        Ok(a.iter().collect())
    } else if let Some(a) = any.downcast_ref::<StringViewArray>() {
        Ok(a.iter().collect())
    } else {
        Err(not_strings(array.data_type()))
    }
}

/// `check` and `suggest` over an Arrow string array, read in place: an
/// Arrow struct array of `verdict`, `findings` (list of codes),
/// `normalized` and `suggestion`, null where the input is.
#[pyfunction]
fn validate_arrow(py: Python<'_>, array: &Bound<'_, PyAny>) -> PyResult<ArrowResult> {
    let array = arrow::import(array)?;
    let data = py.detach(|| -> PyResult<_> {
        let values = arrow_strings(&array)?;
        let rows: Vec<Option<Row>> = values.par_iter().map(|s| s.map(row)).collect();
        let mut verdict = StringBuilder::new();
        let mut findings = ListBuilder::new(StringBuilder::new());
        let mut normalized = StringBuilder::new();
        let mut suggestion = StringBuilder::new();
        for r in &rows {
            if let Some(r) = r {
                verdict.append_value(r.verdict);
                for f in &r.findings {
                    findings.values().append_value(f);
                }
                findings.append(true);
                normalized.append_value(&r.normalized);
                suggestion.append_option(r.suggestion.as_deref());
            } else {
                verdict.append_null();
                findings.append(false);
                normalized.append_null();
                suggestion.append_null();
            }
        }
        let findings = findings.finish();
        let fields = vec![
            Arc::new(Field::new("verdict", DataType::Utf8, true)),
            Arc::new(Field::new("findings", findings.data_type().clone(), true)),
            Arc::new(Field::new("normalized", DataType::Utf8, true)),
            Arc::new(Field::new("suggestion", DataType::Utf8, true)),
        ];
        let columns: Vec<ArrayRef> = vec![
            Arc::new(verdict.finish()),
            Arc::new(findings),
            Arc::new(normalized.finish()),
            Arc::new(suggestion.finish()),
        ];
        let result = StructArray::try_new(fields.into(), columns, None)
            .map_err(|e| PyValueError::new_err(format!("cannot build the result: {e}")))?;
        Ok(result.into_data())
    })?;
    Ok(ArrowResult::new(data))
}

/// `n` valid codes of every department and category, reproducible from
/// `seed`: test data for analysts' own checks.
#[pyfunction]
#[pyo3(signature = (n, seed = 0))]
fn generate(n: usize, seed: u64) -> Vec<String> {
    uscc::generate(seed, n).iter().map(ToString::to_string).collect()
}

/// Every finding code with its severity, in documentation order.
#[pyfunction]
fn finding_codes() -> Vec<(&'static str, &'static str)> {
    uscc::FindingCode::ALL.iter().map(|c| (c.as_str(), c.severity().as_str())).collect()
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Finding>()?;
    m.add_class::<Report>()?;
    m.add_class::<Code>()?;
    m.add_class::<Candidate>()?;
    m.add_class::<Suggestions>()?;
    m.add_class::<Identity>()?;
    m.add_class::<ArrowResult>()?;
    m.add_function(wrap_pyfunction!(is_valid, m)?)?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(normalize, m)?)?;
    m.add_function(wrap_pyfunction!(suggest, m)?)?;
    m.add_function(wrap_pyfunction!(identify, m)?)?;
    m.add_function(wrap_pyfunction!(check_char, m)?)?;
    m.add_function(wrap_pyfunction!(org_check_char, m)?)?;
    m.add_function(wrap_pyfunction!(redact, m)?)?;
    m.add_function(wrap_pyfunction!(explain, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid_objects, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(validate_objects, m)?)?;
    m.add_function(wrap_pyfunction!(validate_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(finding_codes, m)?)?;
    m.add_function(wrap_pyfunction!(generate, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::analyze_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::row_classes, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::prepare_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::one_edit_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::evidence_texts, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::analysis_options, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
