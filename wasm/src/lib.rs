//! uscc in the browser and in Node.js: the core's validator and analysis
//! behind a JavaScript API (TypeScript types included).
//!
//! The binding only converts: every rule lives in the `uscc` crate, and
//! every result has the core's shape with its snake_case keys, the same as
//! `uscc explain --json` and the Python package's dicts (docs/dialect.md).
//! Function names are JavaScript's camelCase spelling of the same names
//! (`validateMany` is `validate_many`). A result of one value is the core's
//! serialization; the rows of a column are made by small JavaScript
//! builders (`js/objects.js`) with positional arguments, and the crate's
//! fixed strings cross into JavaScript once and are reused: far cheaper,
//! for a million values, than parsing JSON or setting properties one by one.

use js_sys::Array;
use wasm_bindgen::prelude::*;

mod js;
#[cfg(feature = "workbench")]
mod workbench;

use js::{code_point, core_object, fixed, fixed_or_null, messages, packed, string_arg, texts};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** `valid`, `valid_with_warnings`, `invalid`, `placeholder`, `pilot_era` or `other_identifier`. */
export type Verdict = "valid" | "valid_with_warnings" | "invalid" | "placeholder" | "pilot_era" | "other_identifier";

/** One thing a check found. `code` is the same stable name as in Rust and Python (docs/findings.md). */
export interface Finding {
  code: string;
  severity: "info" | "warning" | "error";
  /** First and last 1-based positions concerned, in the value checked. */
  position: [number, number] | null;
  expected: string | null;
  found: string | null;
  /** `wrong_length`: the length found; `retired_division`: the last year; `other_identifier`: which identifier. */
  detail: { length: number } | { last_year: number } | { identifier: string } | null;
  message_zh: string;
  message_en: string;
}

/** Everything a check says of one value. */
export interface Report {
  /** The value checked (cleaned first by `check`); a personal identity number masked. */
  value: string;
  verdict: Verdict;
  valid: boolean;
  /** A personal identity number: never show it in full. */
  personal: boolean;
  /** The code of the main reason the value is not valid, chosen by the core. */
  main_error: string | null;
  findings: Finding[];
}

export interface Named { code: string; name_zh: string; name_en: string; }
export interface Edit {
  /** `look_alike`, `check_char`, `swap`, `insert` or `delete`. */
  kind: string;
  position: number | null;
  from: string | null;
  to: string | null;
}
export interface Candidate { code: string; cost: number; edits: Edit[]; }
export interface Suggestions {
  /** The likeliest correction, or null. */
  best: string | null;
  /** Whether the best candidate is the only one at its cost. */
  unique: boolean;
  candidates: Candidate[];
}

/** A value taken apart: the report's keys, then its parts, each rule and the corrections. */
export interface Explanation extends Report {
  department: Named | null;
  category: Named | null;
  division: { code: string; name: string | null; province: string | null; level: string | null; first_year: number | null; last_year: number | null } | null;
  org_code: string | null;
  expected_org_check: string | null;
  expected_check_char: string | null;
  checks: { rule: string; outcome: "pass" | "fail" | "skipped" }[];
  suggestions: Suggestions;
}

/** One row of `validateMany`: the report of the value at the same index. */
export type Row = Report;

/**
 * `checkColumnar`'s result: `verdict[i]` indexes `verdicts`; `main_error[i]` is 0 or
 * 1 + an index into `finding_codes`; `cleaned` lists the values cleaning changed (or
 * personal numbers, masked), `values` their values in the same order.
 */
export interface Columnar {
  verdict: Uint8Array;
  main_error: Uint8Array;
  cleaned: Uint32Array;
  values: string[];
  verdicts: string[];
  finding_codes: string[];
}

/** One row of `checkMany`: the report, then the likeliest correction. */
export interface CheckRow extends Report {
  suggestion: string | null;
  /** Whether `suggestion` is the only candidate at its cost: act on it alone only then. */
  suggestion_unique: boolean;
}

export interface Normalized {
  value: string;
  /** The `normalized_*` finding codes of what was changed. */
  changes: string[];
}

export interface Identity {
  /** `credit_code`, `placeholder`, `excel_scientific_notation`, `unknown`, or an identifier kind. */
  kind: string;
  /** For another identifier: whether its own check passes. */
  check_passed: boolean | null;
  /** Whether the value belongs to a person (never show it in full). */
  personal: boolean;
}

/** A group's counts, or the whole data set's (`group` null). */
export interface GroupSummary {
  group: string | null;
  records: number;
  distinct_codes: number;
  /** Rows per class (`valid`, `invalid`, `placeholder`, `one_code_many_names` …). */
  rows: Record<string, number>;
  /** Distinct codes per class. */
  codes: Record<string, number>;
  valid_with_warnings: number;
  /** Distinct codes per finding code. */
  errors: Record<string, number>;
  needed_cleaning: number;
  flagged: number;
  denominator: number;
  /** The 重错码率, or null without a denominator. */
  rate: number | null;
}

export interface Summary {
  denominator: string;
  counted: string[];
  overall: GroupSummary;
  groups: GroupSummary[];
}

/** One line of the correction sheet; `row` is the 0-based index of its first record. */
export interface SheetLine {
  row: number;
  rows: number;
  original: string;
  value: string;
  name: string | null;
  group: string | null;
  problem: string;
  findings: string[];
  correction: { code: string; evidence: string } | null;
  action: 0 | 1 | 2 | null;
}

export interface Analysis { summary: Summary; fixes: SheetLine[]; }
"#;

#[wasm_bindgen(module = "/js/objects.js")]
extern "C" {
    /// A finding in the core's shape.
    #[allow(clippy::too_many_arguments)]
    fn finding(
        code: &JsValue,
        severity: &JsValue,
        position: u8,
        position_end: u8,
        expected: u32,
        found: u32,
        detail: &JsValue,
        message_zh: &JsValue,
        message_en: &JsValue,
    ) -> JsValue;
    /// A `{ length }`, `{ last_year }` or `{ identifier }` detail.
    fn detail(key: &JsValue, value: &JsValue) -> JsValue;
    /// A row of `validateMany` or `checkMany`.
    #[allow(clippy::too_many_arguments)]
    fn report(
        value: &str,
        verdict: &JsValue,
        valid: bool,
        personal: bool,
        main_error: &JsValue,
        findings: &Array,
        lenient: bool,
        suggestion: &JsValue,
        suggestion_unique: bool,
    ) -> JsValue;

    /// A `checkColumnar` result.
    fn columnar(
        verdict: js_sys::Uint8Array,
        main_error: js_sys::Uint8Array,
        cleaned: js_sys::Uint32Array,
        values: Array,
        verdicts: Array,
        finding_codes: Array,
    ) -> JsValue;

    /// The rows of `validateMany` or `checkMany`: the described rows at
    /// their indices, a plainly valid row for every other input.
    #[wasm_bindgen(js_name = assembleRows)]
    fn assemble_rows(codes: &Array, indices: &js_sys::Uint32Array, described: &Array, lenient: bool) -> Array;
}

fn js_finding(f: &uscc::Finding) -> JsValue {
    let detail_object = match f.detail {
        Some(uscc::Detail::Length(n)) => detail(&fixed("length"), &JsValue::from(n as u32)),
        Some(uscc::Detail::LastYear(y)) => detail(&fixed("last_year"), &JsValue::from(y)),
        Some(uscc::Detail::Identifier(k)) => detail(&fixed("identifier"), &fixed(k.as_str())),
        None => JsValue::NULL,
    };
    let (first, last) = f.position.unwrap_or((0, 0));
    let (zh, en) = messages(f);
    finding(
        &fixed(f.code.as_str()),
        &fixed(f.severity().as_str()),
        first,
        last,
        code_point(f.expected),
        code_point(f.found),
        &detail_object,
        &zh,
        &en,
    )
}

/// A row of `validateMany` (strict) or `checkMany` (lenient, with the
/// likeliest correction of an invalid value).
fn js_row(value: &str, lenient: bool) -> JsValue {
    let r = if lenient { uscc::check(value) } else { uscc::validate(value) };
    let (suggestion, unique) = if lenient && r.verdict == uscc::Verdict::Invalid {
        let s = uscc::suggest(value);
        (s.best().map_or(JsValue::NULL, |c| JsValue::from_str(c.code.as_str())), s.unique)
    } else {
        (JsValue::NULL, false)
    };
    js_report(&r, lenient, &suggestion, unique)
}

/// A report in the core's shape, made by the builder (a form calls this
/// on every keystroke: cheaper than the serialization, and held to it by
/// the dialect test); `lenient` adds the suggestion's keys.
fn js_report(r: &uscc::Report, lenient: bool, suggestion: &JsValue, unique: bool) -> JsValue {
    report(
        &r.redacted_value(),
        &fixed(r.verdict.as_str()),
        r.is_valid(),
        r.is_personal(),
        &fixed_or_null(r.main_error().map(|f| f.code.as_str())),
        &r.findings.iter().map(js_finding).collect(),
        lenient,
        suggestion,
        unique,
    )
}

/// Whether `code` is a valid credit code exactly as given (no
/// normalization): the fast check for already clean data.
///
/// Never throws for a string; a non-string gives a TypeError.
#[wasm_bindgen(js_name = isValid)]
pub fn is_valid(#[wasm_bindgen(unchecked_param_type = "string")] code: &JsValue) -> Result<bool, JsValue> {
    Ok(uscc::is_valid(&string_arg(code, "isValid")?))
}

/// Checks every rule on the value exactly as given (strict): the verdict,
/// the main error and every finding with its position and messages in
/// Chinese and English.
///
/// Never throws for a string; a non-string gives a TypeError.
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn validate(#[wasm_bindgen(unchecked_param_type = "string")] code: &JsValue) -> Result<JsValue, JsValue> {
    Ok(js_report(&uscc::validate(&string_arg(code, "validate")?), false, &JsValue::NULL, false))
}

/// Cleans the value first (full-width, case, spaces, invisible characters,
/// hyphens), then checks every rule (lenient): `validate`'s report of the
/// cleaned value, the cleaning among its findings.
///
/// Never throws for a string; a non-string gives a TypeError.
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn check(#[wasm_bindgen(unchecked_param_type = "string")] code: &JsValue) -> Result<JsValue, JsValue> {
    Ok(js_report(&uscc::check(&string_arg(code, "check")?), false, &JsValue::NULL, false))
}

/// Takes a value apart, cleaned first: the report, each part with its
/// names, each rule with its outcome, and corrections when it is not valid.
///
/// Never throws for a string; a non-string gives a TypeError.
#[wasm_bindgen(unchecked_return_type = "Explanation")]
pub fn explain(#[wasm_bindgen(unchecked_param_type = "string")] code: &JsValue) -> Result<JsValue, JsValue> {
    core_object(&uscc::explain(&string_arg(code, "explain")?))
}

/// Cleans a value the way spreadsheets need it, and says what changed.
#[wasm_bindgen(unchecked_return_type = "Normalized")]
pub fn normalize(#[wasm_bindgen(unchecked_param_type = "string")] code: &JsValue) -> Result<JsValue, JsValue> {
    core_object(&uscc::normalize(&string_arg(code, "normalize")?))
}

/// Ranked corrections of a mistyped value, from a model of real mistakes
/// (look-alike characters, a wrong check character, swaps, a missing or
/// extra character).
#[wasm_bindgen(unchecked_return_type = "Suggestions")]
pub fn suggest(#[wasm_bindgen(unchecked_param_type = "string")] code: &JsValue) -> Result<JsValue, JsValue> {
    core_object(&uscc::suggest(&string_arg(code, "suggest")?))
}

/// What kind of value this is before any credit-code rule: a credit code,
/// another identifier (registration number, organization code, resident
/// identity number …), a placeholder, Excel's scientific notation.
#[wasm_bindgen(unchecked_return_type = "Identity")]
pub fn identify(#[wasm_bindgen(unchecked_param_type = "string")] code: &JsValue) -> Result<JsValue, JsValue> {
    core_object(&uscc::identify(&string_arg(code, "identify")?))
}

/// The value with all but its first six and last four characters masked
/// by `*`: how a personal identity number (`personal: true`) is shown.
#[wasm_bindgen]
pub fn redact(#[wasm_bindgen(unchecked_param_type = "string")] value: &JsValue) -> Result<String, JsValue> {
    Ok(uscc::redact(&string_arg(value, "redact")?))
}

/// The check character (position 18) that the first 17 characters call
/// for, or null when they are not 17 characters of the code alphabet.
#[wasm_bindgen(js_name = checkChar, unchecked_return_type = "string | null")]
pub fn check_char(#[wasm_bindgen(unchecked_param_type = "string")] prefix: &JsValue) -> Result<JsValue, JsValue> {
    let c = uscc::check_char(&string_arg(prefix, "checkChar")?).ok();
    Ok(c.map_or(JsValue::NULL, |c| JsValue::from_str(c.encode_utf8(&mut [0; 4]))))
}

/// `isValid` over an array: one byte per code, 1 when it is valid exactly
/// as given. The fast path for large clean columns.
#[wasm_bindgen(js_name = isValidMany)]
pub fn is_valid_many(
    #[wasm_bindgen(unchecked_param_type = "string[]")] codes: &JsValue,
) -> Result<js_sys::Uint8Array, JsValue> {
    let (bytes, ends) = packed(codes, "isValidMany")?;
    let mut offsets = Vec::with_capacity(ends.len() + 1);
    offsets.push(0u32);
    offsets.extend_from_slice(&ends);
    let valid: Vec<u8> =
        uscc::is_valid_packed(&bytes, &offsets).unwrap_or_default().into_iter().map(u8::from).collect();
    Ok(js_sys::Uint8Array::from(&valid[..]))
}

/// One row per input, in order: the report of `validate` (strict) or of
/// `check` (lenient, with the likeliest correction).
fn rows(codes: &JsValue, function: &str, lenient: bool) -> Result<Array, JsValue> {
    let (bytes, ends) = packed(codes, function)?;
    let array: &Array = codes.unchecked_ref();
    let mut indices = Vec::new();
    let described = Array::new();
    for (i, value) in texts(&bytes, &ends).enumerate() {
        // A clean code's row is the same in both: made in JavaScript.
        if uscc::is_clean(value) {
            continue;
        }
        indices.push(i as u32);
        described.push(&js_row(value, lenient));
    }
    Ok(assemble_rows(array, &js_sys::Uint32Array::from(&indices[..]), &described, lenient))
}

/// `validate` over an array: one report per input, in order, each value
/// taken exactly as given.
///
/// A non-array, or an element that is not a string, gives a TypeError
/// naming its index.
#[wasm_bindgen(js_name = validateMany, unchecked_return_type = "Row[]")]
pub fn validate_many(#[wasm_bindgen(unchecked_param_type = "string[]")] codes: &JsValue) -> Result<Array, JsValue> {
    rows(codes, "validateMany", false)
}

/// `check` over an array, with the likeliest correction of each invalid
/// value (`suggestion`, `suggestion_unique`): one row per input, in order.
///
/// A non-array, or an element that is not a string, gives a TypeError
/// naming its index.
#[wasm_bindgen(js_name = checkMany, unchecked_return_type = "CheckRow[]")]
pub fn check_many(#[wasm_bindgen(unchecked_param_type = "string[]")] codes: &JsValue) -> Result<Array, JsValue> {
    rows(codes, "checkMany", true)
}

/// The values of a column: an array of strings, or Arrow's layout of a
/// string column (`{ values: Uint8Array, offsets: Uint32Array | Int32Array }`,
/// value `i` being the UTF-8 bytes from `offsets[i]` to `offsets[i + 1]`).
fn column(codes: &JsValue, function: &str) -> Result<(Vec<u8>, Vec<u32>), JsValue> {
    if codes.is_array() {
        let (bytes, ends) = packed(codes, function)?;
        let mut offsets = Vec::with_capacity(ends.len() + 1);
        offsets.push(0);
        offsets.extend_from_slice(&ends);
        return Ok((bytes, offsets));
    }
    let get = |key: &str| js_sys::Reflect::get(codes, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    let (values, offsets) = (get("values"), get("offsets"));
    let Some(values) = values.dyn_ref::<js_sys::Uint8Array>() else {
        return Err(js::type_error(&format!(
            "{function}: expected an array of strings or {{ values: Uint8Array, offsets: Uint32Array }}"
        )));
    };
    let offsets: Vec<u32> = if let Some(o) = offsets.dyn_ref::<js_sys::Uint32Array>() {
        o.to_vec()
    } else if let Some(o) = offsets.dyn_ref::<js_sys::Int32Array>() {
        o.to_vec().into_iter().map(|x| u32::try_from(x).unwrap_or(u32::MAX)).collect()
    } else {
        return Err(js::type_error(&format!("{function}: offsets must be a Uint32Array or an Int32Array")));
    };
    let bytes = values.to_vec();
    let ordered = offsets.first().is_none_or(|&o| o == 0)
        && offsets.windows(2).all(|w| w[0] <= w[1])
        && offsets.last().is_none_or(|&o| o as usize <= bytes.len());
    if !ordered {
        return Err(js::type_error(&format!(
            "{function}: offsets must start at 0, never decrease and end within the values"
        )));
    }
    Ok((bytes, offsets))
}

/// `check` over a column (an array of strings, or Arrow's layout of a
/// string column), for programs and large columns: no object per value. `verdict[i]` indexes `verdicts`; `main_error[i]` is 0, or 1 + an
/// index into `finding_codes`; the values that cleaning changed (or that
/// are personal identity numbers, masked) are listed once: their indices in
/// `cleaned`, their values in `values`.
#[wasm_bindgen(js_name = checkColumnar, unchecked_return_type = "Columnar")]
pub fn check_columnar(
    #[wasm_bindgen(unchecked_param_type = "string[] | { values: Uint8Array; offsets: Uint32Array | Int32Array }")]
    codes: &JsValue,
) -> Result<JsValue, JsValue> {
    let (bytes, offsets) = column(codes, "checkColumnar")?;
    let n = offsets.len().saturating_sub(1);
    let (mut verdict, mut main_error) = (vec![0u8; n], vec![0u8; n]);
    let (mut cleaned, values) = (Vec::new(), Array::new());
    for i in 0..n {
        let raw = &bytes[offsets[i] as usize..offsets[i + 1] as usize];
        let text = String::from_utf8_lossy(raw);
        if uscc::is_clean(&text) {
            continue;
        }
        // A value valid exactly as given needs no cleaning: its lenient
        // report is its strict one, without the normalization pass.
        let r = if uscc::is_valid(&text) { uscc::validate(&text) } else { uscc::check(&text) };
        verdict[i] = r.verdict.index();
        main_error[i] = r
            .main_error()
            .map_or(0, |f| uscc::FindingCode::ALL.iter().position(|c| *c == f.code).map_or(0, |p| p as u8 + 1));
        if r.value != text || r.is_personal() {
            cleaned.push(i as u32);
            values.push(&JsValue::from_str(&r.redacted_value()));
        }
    }
    Ok(columnar(
        js_sys::Uint8Array::from(&verdict[..]),
        js_sys::Uint8Array::from(&main_error[..]),
        js_sys::Uint32Array::from(&cleaned[..]),
        values,
        uscc::Verdict::NAMES.iter().map(|v| fixed(v)).collect(),
        uscc::FindingCode::ALL.iter().map(|c| fixed(c.as_str())).collect(),
    ))
}
