//! A Python str read in place as UTF-8.
//!
//! pyo3 gives zero-copy access to a str's UTF-8 only when built for Python
//! 3.10 or later; this package is one abi3 wheel for 3.9 and later, where
//! pyo3 copies each str into a new bytes object. `PyUnicode_AsUTF8AndSize`
//! itself has been in CPython since 3.3 (in the limited API since 3.10), so
//! it is declared here. This is the crate's second and last `unsafe` module.
#![allow(unsafe_code)]

use std::borrow::Cow;
use std::ffi::c_char;

use pyo3::ffi::{Py_ssize_t, PyObject};
use pyo3::prelude::*;
use pyo3::types::PyString;

unsafe extern "C" {
    fn PyUnicode_AsUTF8AndSize(unicode: *mut PyObject, size: *mut Py_ssize_t) -> *const c_char;
}

/// The text of `s`, borrowed from the object when CPython can give it as
/// UTF-8 (always, but for lone surrogates, which become U+FFFD in a copy).
pub fn text<'a>(s: &'a Bound<'_, PyString>) -> Cow<'a, str> {
    let mut size: Py_ssize_t = 0;
    // SAFETY: `s` is a live str object (a strong reference held by the
    // caller for at least 'a) and the GIL is held. CPython returns either
    // null with an exception set, or a pointer to `size` bytes of valid
    // UTF-8 that the object owns (its ASCII data, or its cached UTF-8 form)
    // and keeps unchanged until it is freed, which the reference prevents
    // for 'a.
    let bytes = unsafe {
        let p = PyUnicode_AsUTF8AndSize(s.as_ptr(), &raw mut size);
        if p.is_null() {
            None
        } else {
            Some(std::slice::from_raw_parts(p.cast::<u8>(), usize::try_from(size).unwrap_or(0)))
        }
    };
    if let Some(Ok(text)) = bytes.map(std::str::from_utf8) {
        return Cow::Borrowed(text);
    }
    // Clear the UnicodeEncodeError and read the str lossily.
    let _ = PyErr::take(s.py());
    Cow::Owned(s.to_string_lossy().into_owned())
}

/// The str argument `value` of the function `function`, or the TypeError
/// every call on one value raises for anything else: "check() expects a
/// str, got int", worded as the column calls word theirs.
pub fn arg<'a, 'py>(value: &'a Bound<'py, PyAny>, function: &str) -> PyResult<&'a Bound<'py, PyString>> {
    value.cast::<PyString>().map_err(|_| {
        let kind = value.get_type().name().map_or_else(|_| "an object".to_owned(), |n| n.to_string());
        pyo3::exceptions::PyTypeError::new_err(format!("{function}() expects a str, got {kind}"))
    })
}
