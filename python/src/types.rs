//! The Python classes of one value's results: `Finding`, `Report`, `Code`,
//! `Candidate`, `Suggestions`, `Identity`, and the `InvalidCodeError` family
//! raised for a code that fails.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::pystr;

/// One thing a check found, with a stable snake_case `code`.
#[pyclass(module = "uscc", name = "Finding", frozen, eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct Finding(pub(crate) uscc::Finding);

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
pub(crate) struct Report(pub(crate) uscc::Report);

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
    /// The main reason the value is not valid, as the core chooses it for
    /// every surface (Excel damage before the checksum errors it causes),
    /// or None.
    #[getter]
    fn main_error(&self) -> Option<Finding> {
        self.0.main_error().copied().map(Finding)
    }
    /// Whether a finding with this code is present.
    fn has(&self, code: &str) -> PyResult<bool> {
        let code: uscc::FindingCode =
            code.parse().map_err(|e: uscc::UnknownFindingCode| PyValueError::new_err(e.to_string()))?;
        Ok(self.0.has(code))
    }
    /// The report as a dict with the core's keys (docs/dialect.md), as
    /// `uscc explain --json` and the browser give it: a personal identity
    /// number masked in `value`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        core_dict(py, &self.0)
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
pub(crate) fn py_repr(s: &str) -> String {
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

pub(crate) fn py_opt(s: Option<&str>) -> String {
    s.map_or_else(|| "None".to_owned(), py_repr)
}

pub(crate) fn py_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

/// A valid credit code with its parts. Hashable and ordered; `str()` gives
/// the 18 characters.
#[pyclass(module = "uscc", name = "Code", frozen, eq, ord, hash)]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Code(pub(crate) uscc::Uscc);

#[pymethods]
impl Code {
    /// Validates `value` (normalized first unless `normalize=False`);
    /// raises `uscc.InvalidCodeError` (or a subclass) when it is not valid.
    #[new]
    #[pyo3(signature = (value, *, normalize = true))]
    fn new(py: Python<'_>, value: &Bound<'_, PyAny>, normalize: bool) -> PyResult<Code> {
        let value = pystr::text(pystr::arg(value, "Code")?);
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
pub(crate) fn invalid_code_error(py: Python<'_>, report: uscc::Report) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let error = py.import("uscc._errors")?.getattr("error_for")?.call1((Report(report),))?;
        Ok(PyErr::from_value(error))
    };
    build().unwrap_or_else(|e| e)
}

/// One correction and the mistakes it assumes.
#[pyclass(module = "uscc", name = "Candidate", frozen, get_all)]
#[derive(Clone)]
pub(crate) struct Candidate {
    /// The corrected code.
    pub(crate) code: String,
    /// Total cost of the assumed mistakes (lower is likelier).
    pub(crate) cost: u8,
    /// `(kind, position, from, to)` for each mistake; kind is `look_alike`,
    /// `check_char`, `swap`, `insert` or `delete`.
    pub(crate) edits: Vec<(&'static str, u8, Option<char>, Option<char>)>,
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
pub(crate) struct Suggestions {
    /// The likeliest correction, or None.
    pub(crate) best: Option<String>,
    /// Whether the best is the only candidate at its cost.
    pub(crate) unique: bool,
    /// Every candidate, likeliest first.
    pub(crate) candidates: Vec<Candidate>,
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

pub(crate) fn edit(e: &uscc::Edit) -> (&'static str, u8, Option<char>, Option<char>) {
    match *e {
        uscc::Edit::LookAlike { position, from, to } => (e.kind(), position, Some(from), Some(to)),
        uscc::Edit::CheckChar { from, to } => (e.kind(), 18, Some(from), Some(to)),
        uscc::Edit::Swap { position } => (e.kind(), position, None, None),
        uscc::Edit::Insert { position, to } => (e.kind(), position, None, Some(to)),
        uscc::Edit::Delete { position, from } => (e.kind(), position, Some(from), None),
    }
}

pub(crate) fn suggestions(s: &uscc::Suggestions) -> Suggestions {
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
pub(crate) struct Identity {
    /// `credit_code`, `placeholder`, `excel_scientific_notation`, `unknown`,
    /// or another identifier's name (`registration_number`, `resident_id` …).
    pub(crate) kind: &'static str,
    /// For another identifier: whether its own check passes.
    pub(crate) check_passed: Option<bool>,
    /// Whether the value belongs to a person.
    pub(crate) personal: bool,
}

#[pymethods]
impl Identity {
    fn __repr__(&self) -> String {
        let passed = self.check_passed.map_or("None", py_bool);
        format!("Identity(kind={}, check_passed={passed}, personal={})", py_repr(self.kind), py_bool(self.personal))
    }
}

/// A core result as Python dicts and lists with the core's keys: the shape
/// is the core's serialization, never rebuilt here.
pub(crate) fn core_dict<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(value).map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
    py.import("json")?.call_method1("loads", (text,))
}
