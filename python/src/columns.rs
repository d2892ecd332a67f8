//! The calls on columns: Python sequences (their str objects read in place)
//! and Arrow arrays (read through the C Data Interface), validated with the
//! GIL released; results as lists or Arrow arrays.

use std::borrow::Cow;
use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, ListBuilder, StringBuilder};
use arrow_array::{Array, ArrayRef, BooleanArray, LargeStringArray, StringArray, StringViewArray, StructArray};
use arrow_buffer::BooleanBuffer;
use arrow_schema::{DataType, Field};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyList, PyString};
use rayon::prelude::*;

use crate::arrow::{self, ArrowResult};
use crate::pystr;

/// The str objects of a Python sequence: `None` for nulls (None, NaN,
/// pandas' NA and NaT), a TypeError naming the position of anything else
/// that is not a str. The strong references keep the texts alive while the
/// GIL is released.
pub(crate) fn str_objects<'py>(values: &Bound<'py, PyAny>) -> PyResult<Vec<Option<Bound<'py, PyString>>>> {
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
pub(crate) fn str_or_null(i: usize, item: Bound<'_, PyAny>) -> PyResult<Option<Bound<'_, PyString>>> {
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
pub(crate) fn texts<'a>(objects: &'a [Option<Bound<'_, PyString>>]) -> Vec<Option<Cow<'a, str>>> {
    objects.iter().map(|o| o.as_ref().map(pystr::text)).collect()
}

/// `is_valid` over a Python sequence: a list of bool, None for nulls.
#[pyfunction]
pub(crate) fn is_valid_objects(py: Python<'_>, values: &Bound<'_, PyAny>) -> PyResult<Vec<Option<bool>>> {
    let objects = str_objects(values)?;
    let items = texts(&objects);
    let bytes: Vec<&[u8]> = items.iter().map(|s| s.as_deref().map_or(&b""[..], str::as_bytes)).collect();
    let valid = py.detach(|| uscc::is_valid_many(&bytes));
    Ok(items.iter().zip(valid).map(|(s, v)| s.as_ref().map(|_| v)).collect())
}

/// The validity of each value of an Arrow string array.
pub(crate) fn arrow_validity(array: &ArrayRef) -> PyResult<Vec<bool>> {
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

pub(crate) fn not_strings(t: &DataType) -> PyErr {
    PyTypeError::new_err(format!("expected an Arrow string array (string, large_string or string_view), got {t}"))
}

/// `is_valid` over an Arrow string array, read in place: an Arrow boolean
/// array with the input's nulls.
#[pyfunction]
pub(crate) fn is_valid_arrow(py: Python<'_>, array: &Bound<'_, PyAny>) -> PyResult<ArrowResult> {
    let array = arrow::import(array)?;
    let valid = py.detach(|| arrow_validity(&array))?;
    let result = BooleanArray::new(BooleanBuffer::from(valid), array.logical_nulls());
    Ok(ArrowResult::new(result.into_data()))
}

/// What `validate_many` (strict) or `check_many` (lenient) says of one
/// value: the report's keys (docs/dialect.md), the findings as their codes,
/// and for `check_many` the likeliest correction.
pub(crate) struct Row {
    pub(crate) value: String,
    pub(crate) verdict: &'static str,
    pub(crate) valid: bool,
    pub(crate) personal: bool,
    pub(crate) main_error: Option<&'static str>,
    pub(crate) findings: Vec<&'static str>,
    pub(crate) suggestion: Option<String>,
    /// Whether the suggestion is the only one at its cost.
    pub(crate) suggestion_unique: bool,
}

pub(crate) fn row(value: &str, lenient: bool) -> Row {
    let r = if lenient { uscc::check(value) } else { uscc::validate(value) };
    let (suggestion, suggestion_unique) = if lenient && r.verdict == uscc::Verdict::Invalid {
        let s = uscc::suggest(value);
        (s.best().map(|c| c.code.to_string()), s.unique)
    } else {
        (None, false)
    };
    Row {
        value: r.redacted_value().into_owned(),
        verdict: r.verdict.as_str(),
        valid: r.is_valid(),
        personal: r.is_personal(),
        main_error: r.main_error().map(|f| f.code.as_str()),
        findings: r.findings.iter().map(|f| f.code.as_str()).collect(),
        suggestion,
        suggestion_unique,
    }
}

/// The rows of `validate_many` or `check_many` over a Python sequence, as
/// one list per key (None where the input is null); the suggestion lists
/// only with `lenient`.
#[pyfunction]
#[pyo3(signature = (values, *, lenient))]
pub(crate) fn rows_objects<'py>(
    py: Python<'py>,
    values: &Bound<'py, PyAny>,
    lenient: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let objects = str_objects(values)?;
    let items = texts(&objects);
    let rows: Vec<Option<Row>> =
        py.detach(|| items.par_iter().map(|s| s.as_deref().map(|v| row(v, lenient))).collect());
    let out = PyDict::new(py);
    let column = |f: &dyn Fn(&Row) -> Option<Bound<'py, PyAny>>| -> Vec<Option<Bound<'py, PyAny>>> {
        rows.iter().map(|r| r.as_ref().and_then(f)).collect()
    };
    out.set_item("value", column(&|r| Some(PyString::new(py, &r.value).into_any())))?;
    out.set_item("verdict", column(&|r| Some(PyString::new(py, r.verdict).into_any())))?;
    out.set_item("valid", column(&|r| Some(PyBool::new(py, r.valid).to_owned().into_any())))?;
    out.set_item("personal", column(&|r| Some(PyBool::new(py, r.personal).to_owned().into_any())))?;
    out.set_item("main_error", column(&|r| r.main_error.map(|c| PyString::new(py, c).into_any())))?;
    out.set_item("findings", rows.iter().map(|r| r.as_ref().map(|r| r.findings.clone())).collect::<Vec<_>>())?;
    if lenient {
        out.set_item(
            "suggestion",
            rows.iter().map(|r| r.as_ref().and_then(|r| r.suggestion.clone())).collect::<Vec<_>>(),
        )?;
        out.set_item(
            "suggestion_unique",
            rows.iter().map(|r| r.as_ref().map(|r| r.suggestion_unique)).collect::<Vec<_>>(),
        )?;
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

/// `validate_many` or `check_many` over an Arrow string array, read in
/// place: an Arrow struct array with the keys of [`rows_objects`], null
/// where the input is.
#[pyfunction]
#[pyo3(signature = (array, *, lenient))]
pub(crate) fn rows_arrow(py: Python<'_>, array: &Bound<'_, PyAny>, lenient: bool) -> PyResult<ArrowResult> {
    let array = arrow::import(array)?;
    let data = py.detach(|| -> PyResult<_> {
        let values = arrow_strings(&array)?;
        let rows: Vec<Option<Row>> = values.par_iter().map(|s| s.map(|v| row(v, lenient))).collect();
        let mut value = StringBuilder::new();
        let mut verdict = StringBuilder::new();
        let mut valid = BooleanBuilder::new();
        let mut personal = BooleanBuilder::new();
        let mut main_error = StringBuilder::new();
        let mut findings = ListBuilder::new(StringBuilder::new());
        let mut suggestion = StringBuilder::new();
        let mut unique = BooleanBuilder::new();
        for r in &rows {
            if let Some(r) = r {
                value.append_value(&r.value);
                verdict.append_value(r.verdict);
                valid.append_value(r.valid);
                personal.append_value(r.personal);
                main_error.append_option(r.main_error);
                for f in &r.findings {
                    findings.values().append_value(f);
                }
                findings.append(true);
                suggestion.append_option(r.suggestion.as_deref());
                unique.append_value(r.suggestion_unique);
            } else {
                value.append_null();
                verdict.append_null();
                valid.append_null();
                personal.append_null();
                main_error.append_null();
                findings.append(false);
                suggestion.append_null();
                unique.append_null();
            }
        }
        let findings = findings.finish();
        let mut fields = vec![
            Arc::new(Field::new("value", DataType::Utf8, true)),
            Arc::new(Field::new("verdict", DataType::Utf8, true)),
            Arc::new(Field::new("valid", DataType::Boolean, true)),
            Arc::new(Field::new("personal", DataType::Boolean, true)),
            Arc::new(Field::new("main_error", DataType::Utf8, true)),
            Arc::new(Field::new("findings", findings.data_type().clone(), true)),
        ];
        let mut columns: Vec<ArrayRef> = vec![
            Arc::new(value.finish()),
            Arc::new(verdict.finish()),
            Arc::new(valid.finish()),
            Arc::new(personal.finish()),
            Arc::new(main_error.finish()),
            Arc::new(findings),
        ];
        if lenient {
            fields.push(Arc::new(Field::new("suggestion", DataType::Utf8, true)));
            fields.push(Arc::new(Field::new("suggestion_unique", DataType::Boolean, true)));
            columns.push(Arc::new(suggestion.finish()));
            columns.push(Arc::new(unique.finish()));
        }
        let result = StructArray::try_new(fields.into(), columns, None)
            .map_err(|e| PyValueError::new_err(format!("cannot build the result: {e}")))?;
        Ok(result.into_data())
    })?;
    Ok(ArrowResult::new(data))
}
