//! Crossing between Rust and JavaScript: the crate's fixed strings made
//! JavaScript strings once, the findings' messages cached, arguments checked
//! with TypeErrors that name the function, core results as plain objects,
//! and arrays of strings read in one piece.

use std::cell::RefCell;
use std::collections::HashMap;

use js_sys::Array;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/objects.js")]
extern "C" {
    /// The strings as UTF-8 bytes one after the other, and where each ends;
    /// throws a TypeError naming the first element that is not a string.
    #[wasm_bindgen(catch, js_name = packStrings)]
    fn pack_strings(codes: &Array, function: &str) -> Result<Array, JsValue>;

}

thread_local! {
    /// Each fixed string of the crate as a JavaScript string, made once.
    static FIXED: RefCell<HashMap<(usize, usize), JsValue>> = RefCell::new(HashMap::new());
    /// The Chinese and English messages of recent findings: a list holds
    /// the same few typos again and again.
    static MESSAGES: RefCell<HashMap<uscc::Finding, (JsValue, JsValue)>> = RefCell::new(HashMap::new());
}

/// At most this many findings' messages are kept.
const MESSAGE_CACHE: usize = 4096;

pub(crate) fn messages(f: &uscc::Finding) -> (JsValue, JsValue) {
    MESSAGES.with(|m| {
        let mut m = m.borrow_mut();
        if let Some(pair) = m.get(f) {
            return pair.clone();
        }
        if m.len() >= MESSAGE_CACHE {
            m.clear();
        }
        let pair = (JsValue::from_str(&f.message_zh()), JsValue::from_str(&f.message_en()));
        m.insert(*f, pair.clone());
        pair
    })
}

/// A fixed string as a JavaScript string, converted on first use only.
pub(crate) fn fixed(s: &'static str) -> JsValue {
    FIXED.with(|m| m.borrow_mut().entry((s.as_ptr() as usize, s.len())).or_insert_with(|| JsValue::from_str(s)).clone())
}

pub(crate) fn fixed_or_null(s: Option<&'static str>) -> JsValue {
    s.map_or(JsValue::NULL, fixed)
}

/// A character as a code point for the builders; `NONE` stands for null.
pub(crate) const NONE: u32 = u32::MAX;

pub(crate) fn code_point(c: Option<char>) -> u32 {
    c.map_or(NONE, u32::from)
}

pub(crate) fn type_error(what: &str) -> JsValue {
    js_sys::TypeError::new(what).into()
}

/// The string in `value`, or a TypeError naming the function.
pub(crate) fn string_arg(value: &JsValue, function: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| type_error(&format!("{function}: expected a string, got {}", type_of(value))))
}

pub(crate) fn type_of(value: &JsValue) -> String {
    value.js_typeof().as_string().unwrap_or_default()
}

/// A core result as a JavaScript object: its serialization, never rebuilt
/// here, so that the keys are the core's.
pub(crate) fn core_object<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| JsValue::from_str(&e.to_string()))?;
    js_sys::JSON::parse(&text)
}

/// The strings of a JavaScript array as UTF-8 bytes and the end of each
/// (a lone surrogate becomes U+FFFD), checked to be strings.
pub(crate) fn packed(codes: &JsValue, function: &str) -> Result<(Vec<u8>, Vec<u32>), JsValue> {
    let Some(array) = codes.dyn_ref::<Array>() else {
        return Err(type_error(&format!("{function}: expected an array of strings, got {}", type_of(codes))));
    };
    let pair = pack_strings(array, function)?;
    let bytes = js_sys::Uint8Array::from(pair.get(0)).to_vec();
    let ends = js_sys::Uint32Array::from(pair.get(1)).to_vec();
    Ok((bytes, ends))
}

/// Each string of [`packed`]'s bytes, in order.
pub(crate) fn texts<'a>(bytes: &'a [u8], ends: &'a [u32]) -> impl Iterator<Item = &'a str> {
    let mut start = 0;
    ends.iter().map(move |&end| {
        let end = end as usize;
        // `packStrings` writes UTF-8 only (a lone surrogate as U+FFFD).
        let text = std::str::from_utf8(&bytes[start..end]).unwrap_or_default();
        start = end;
        text
    })
}
