//! The calls on columns: Python sequences (their str objects read in place)
//! and Arrow arrays (read through the C Data Interface), validated with the
//! GIL released; results as lists or Arrow arrays.

use std::borrow::Cow;
use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{Array, ArrayRef, BooleanArray, LargeStringArray, StringArray, StringViewArray, StructArray};
use arrow_buffer::BooleanBuffer;
use arrow_schema::{DataType, Field};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyFloat, PyList, PyString};
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

/// What `validate_many` says of one value.
pub(crate) struct Row {
    pub(crate) verdict: &'static str,
    pub(crate) findings: Vec<&'static str>,
    pub(crate) normalized: String,
    pub(crate) suggestion: Option<String>,
    /// Whether the suggestion is the only one at its cost.
    pub(crate) suggestion_unique: bool,
}

pub(crate) fn row(value: &str) -> Row {
    let r = uscc::check(value);
    let (suggestion, suggestion_unique) = if r.verdict == uscc::Verdict::Invalid {
        let s = uscc::suggest(value);
        (s.best().map(|c| c.code.to_string()), s.unique)
    } else {
        (None, false)
    };
    Row {
        verdict: r.verdict.as_str(),
        findings: r.findings.iter().map(|f| f.code.as_str()).collect(),
        normalized: r.value,
        suggestion,
        suggestion_unique,
    }
}

/// Column type of `validate_objects`: verdicts, finding codes, normalized
/// values, suggestions, whether each suggestion is unique.
pub(crate) type Columns = (
    Vec<Option<&'static str>>,
    Vec<Option<Vec<&'static str>>>,
    Vec<Option<String>>,
    Vec<Option<String>>,
    Vec<Option<bool>>,
);

/// `check` and `suggest` over a Python sequence, as four lists.
#[pyfunction]
pub(crate) fn validate_objects(py: Python<'_>, values: &Bound<'_, PyAny>) -> PyResult<Columns> {
    let objects = str_objects(values)?;
    let items = texts(&objects);
    let rows: Vec<Option<Row>> = py.detach(|| items.par_iter().map(|s| s.as_deref().map(row)).collect());
    let mut out: Columns = (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for r in rows {
        if let Some(r) = r {
            out.0.push(Some(r.verdict));
            out.1.push(Some(r.findings));
            out.2.push(Some(r.normalized));
            out.3.push(r.suggestion);
            out.4.push(Some(r.suggestion_unique));
        } else {
            out.0.push(None);
            out.1.push(None);
            out.2.push(None);
            out.3.push(None);
            out.4.push(None);
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
pub(crate) fn validate_arrow(py: Python<'_>, array: &Bound<'_, PyAny>) -> PyResult<ArrowResult> {
    let array = arrow::import(array)?;
    let data = py.detach(|| -> PyResult<_> {
        let values = arrow_strings(&array)?;
        let rows: Vec<Option<Row>> = values.par_iter().map(|s| s.map(row)).collect();
        let mut verdict = StringBuilder::new();
        let mut findings = ListBuilder::new(StringBuilder::new());
        let mut normalized = StringBuilder::new();
        let mut suggestion = StringBuilder::new();
        let mut unique = arrow_array::builder::BooleanBuilder::new();
        for r in &rows {
            if let Some(r) = r {
                verdict.append_value(r.verdict);
                for f in &r.findings {
                    findings.values().append_value(f);
                }
                findings.append(true);
                normalized.append_value(&r.normalized);
                suggestion.append_option(r.suggestion.as_deref());
                unique.append_value(r.suggestion_unique);
            } else {
                verdict.append_null();
                findings.append(false);
                normalized.append_null();
                suggestion.append_null();
                unique.append_null();
            }
        }
        let findings = findings.finish();
        let fields = vec![
            Arc::new(Field::new("verdict", DataType::Utf8, true)),
            Arc::new(Field::new("findings", findings.data_type().clone(), true)),
            Arc::new(Field::new("normalized", DataType::Utf8, true)),
            Arc::new(Field::new("suggestion", DataType::Utf8, true)),
            Arc::new(Field::new("suggestion_unique", DataType::Boolean, true)),
        ];
        let columns: Vec<ArrayRef> = vec![
            Arc::new(verdict.finish()),
            Arc::new(findings),
            Arc::new(normalized.finish()),
            Arc::new(suggestion.finish()),
            Arc::new(unique.finish()),
        ];
        let result = StructArray::try_new(fields.into(), columns, None)
            .map_err(|e| PyValueError::new_err(format!("cannot build the result: {e}")))?;
        Ok(result.into_data())
    })?;
    Ok(ArrowResult::new(data))
}
