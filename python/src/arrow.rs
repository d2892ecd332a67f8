//! The Arrow C Data Interface: string arrays are read in place from any
//! object with `__arrow_c_array__` (pyarrow, polars, pandas' Arrow-backed
//! columns), and results go back the same way, without a Python object per
//! value.
//!
//! This module holds the crate's only `unsafe`: taking the C structs out of
//! the capsules a producer made, as the Arrow PyCapsule Interface defines.
#![allow(unsafe_code)]

use arrow_array::ffi::{FFI_ArrowArray, FFI_ArrowSchema, from_ffi, to_ffi};
use arrow_array::{ArrayRef, make_array};
use arrow_data::ArrayData;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyCapsuleMethods, PyTuple};

/// Imports the array behind `obj.__arrow_c_array__()`.
pub fn import(obj: &Bound<'_, PyAny>) -> PyResult<ArrayRef> {
    let pair = obj.call_method0("__arrow_c_array__")?;
    let pair = pair.cast::<PyTuple>().map_err(|_| PyTypeError::new_err("__arrow_c_array__ must return a tuple"))?;
    let schema = pair.get_item(0)?;
    let array = pair.get_item(1)?;
    let schema = schema.cast::<PyCapsule>().map_err(|_| PyTypeError::new_err("expected an arrow_schema capsule"))?;
    let array = array.cast::<PyCapsule>().map_err(|_| PyTypeError::new_err("expected an arrow_array capsule"))?;
    let schema_ptr = schema.pointer_checked(Some(c"arrow_schema"))?.cast::<FFI_ArrowSchema>();
    let array_ptr = array.pointer_checked(Some(c"arrow_array"))?.cast::<FFI_ArrowArray>();
    // SAFETY: the capsule names say, per the Arrow PyCapsule Interface, that
    // they hold an ArrowSchema and an ArrowArray. The array is moved out and
    // a released (empty) one left behind, so that the capsule's destructor
    // does not release it a second time; the schema is only borrowed while
    // its capsule is alive (it is, for the length of this function).
    let data = unsafe {
        let ffi_array = std::ptr::replace(array_ptr.as_ptr(), FFI_ArrowArray::empty());
        from_ffi(ffi_array, schema_ptr.as_ref())
    }
    .map_err(|e| PyTypeError::new_err(format!("cannot read the Arrow array: {e}")))?;
    Ok(make_array(data))
}

/// A result array that Python libraries import with `pa.array(x)` or
/// `pl.Series(x)` through `__arrow_c_array__`.
#[pyclass(module = "uscc._native", name = "ArrowResult", frozen)]
pub struct ArrowResult {
    data: ArrayData,
}

impl ArrowResult {
    pub fn new(data: ArrayData) -> ArrowResult {
        ArrowResult { data }
    }
}

#[pymethods]
impl ArrowResult {
    /// The Arrow PyCapsule Interface.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<(Bound<'py, PyCapsule>, Bound<'py, PyCapsule>)> {
        // The result's own types are always given; a requested schema is a hint.
        let _ = requested_schema;
        let (array, schema) =
            to_ffi(&self.data).map_err(|e| PyTypeError::new_err(format!("cannot export the result: {e}")))?;
        let schema = PyCapsule::new_with_value(py, schema, c"arrow_schema")?;
        let array = PyCapsule::new_with_value(py, array, c"arrow_array")?;
        Ok((schema, array))
    }

    fn __len__(&self) -> usize {
        self.data.len()
    }
}

/// Result columns made straight into Arrow arrays, typed as pyarrow types
/// the same values given as Python lists (int64, string, bool,
/// list<string>), without a Python object per value.
pub mod column {
    use arrow_array::Array;
    use arrow_array::builder::{BooleanBuilder, Int64Builder, ListBuilder, StringBuilder};

    use super::ArrowResult;

    /// A string column (`None`: null).
    pub fn strings<'a>(values: impl Iterator<Item = Option<&'a str>>) -> ArrowResult {
        let mut b = StringBuilder::new();
        for v in values {
            b.append_option(v);
        }
        ArrowResult::new(b.finish().into_data())
    }

    /// An int64 column (`None`: null).
    pub fn ints(values: impl Iterator<Item = Option<i64>>) -> ArrowResult {
        let mut b = Int64Builder::new();
        for v in values {
            b.append_option(v);
        }
        ArrowResult::new(b.finish().into_data())
    }

    /// A bool column.
    pub fn bools(values: impl Iterator<Item = bool>) -> ArrowResult {
        let mut b = BooleanBuilder::new();
        for v in values {
            b.append_value(v);
        }
        ArrowResult::new(b.finish().into_data())
    }

    /// A list<string> column.
    pub fn string_lists<'a, L: IntoIterator<Item = &'a str>>(values: impl Iterator<Item = L>) -> ArrowResult {
        let mut b = ListBuilder::new(StringBuilder::new());
        for list in values {
            for v in list {
                b.values().append_value(v);
            }
            b.append(true);
        }
        ArrowResult::new(b.finish().into_data())
    }
}
