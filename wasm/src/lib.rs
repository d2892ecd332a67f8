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

use std::cell::RefCell;
use std::collections::HashMap;

use js_sys::Array;
use wasm_bindgen::prelude::*;

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

    /// The UTF-16 length of each string; throws a TypeError naming the
    /// first element that is not a string.
    #[wasm_bindgen(catch, js_name = utf16Lengths)]
    fn utf16_lengths(codes: &Array, function: &str) -> Result<js_sys::Uint32Array, JsValue>;

    /// The rows of `validateMany` or `checkMany`: the described rows at
    /// their indices, a plainly valid row for every other input.
    #[wasm_bindgen(js_name = assembleRows)]
    fn assemble_rows(codes: &Array, indices: &js_sys::Uint32Array, described: &Array, lenient: bool) -> Array;
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

fn messages(f: &uscc::Finding) -> (JsValue, JsValue) {
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
fn fixed(s: &'static str) -> JsValue {
    FIXED.with(|m| m.borrow_mut().entry((s.as_ptr() as usize, s.len())).or_insert_with(|| JsValue::from_str(s)).clone())
}

fn fixed_or_null(s: Option<&'static str>) -> JsValue {
    s.map_or(JsValue::NULL, fixed)
}

/// A character as a code point for the builders; `NONE` stands for null.
const NONE: u32 = u32::MAX;

fn code_point(c: Option<char>) -> u32 {
    c.map_or(NONE, u32::from)
}

fn type_error(what: &str) -> JsValue {
    js_sys::TypeError::new(what).into()
}

/// The string in `value`, or a TypeError naming the function.
fn string_arg(value: &JsValue, function: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| type_error(&format!("{function}: expected a string, got {}", type_of(value))))
}

fn type_of(value: &JsValue) -> String {
    value.js_typeof().as_string().unwrap_or_default()
}

/// A core result as a JavaScript object: its serialization, never rebuilt
/// here, so that the keys are the core's.
fn core_object<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| JsValue::from_str(&e.to_string()))?;
    js_sys::JSON::parse(&text)
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

/// Splits `text`, the concatenation of strings with the given UTF-16
/// lengths, back into those strings.
fn split_utf16<'t>(text: &'t str, lengths: &[u32]) -> Vec<&'t str> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(lengths.len());
    let mut pos = 0;
    for &len in lengths {
        let len = len as usize;
        let end = pos + len;
        if end <= bytes.len() && bytes[pos..end].is_ascii() {
            out.push(&text[pos..end]);
            pos = end;
            continue;
        }
        let mut units = 0;
        let mut stop = pos;
        for c in text[pos..].chars() {
            if units >= len {
                break;
            }
            units += c.len_utf16();
            stop += c.len_utf8();
        }
        out.push(&text[pos..stop]);
        pos = stop;
    }
    out
}

/// The strings of a JavaScript array, checked to be strings.
fn joined(codes: &JsValue, function: &str) -> Result<(Array, String, Vec<u32>), JsValue> {
    let Some(array) = codes.dyn_ref::<Array>() else {
        return Err(type_error(&format!("{function}: expected an array of strings, got {}", type_of(codes))));
    };
    let lengths = utf16_lengths(array, function)?.to_vec();
    let text = String::from(array.join(""));
    Ok((array.clone(), text, lengths))
}

/// `isValid` over an array: one byte per code, 1 when it is valid exactly
/// as given. The fast path for large clean columns.
#[wasm_bindgen(js_name = isValidMany)]
pub fn is_valid_many(
    #[wasm_bindgen(unchecked_param_type = "string[]")] codes: &JsValue,
) -> Result<js_sys::Uint8Array, JsValue> {
    let (_, text, lengths) = joined(codes, "isValidMany")?;
    let valid: Vec<u8> = split_utf16(&text, &lengths).into_iter().map(|c| u8::from(uscc::is_valid(c))).collect();
    Ok(js_sys::Uint8Array::from(&valid[..]))
}

/// One row per input, in order: the report of `validate` (strict) or of
/// `check` (lenient, with the likeliest correction).
fn rows(codes: &JsValue, function: &str, lenient: bool) -> Result<Array, JsValue> {
    let (array, text, lengths) = joined(codes, function)?;
    let mut indices = Vec::new();
    let described = Array::new();
    for (i, value) in split_utf16(&text, &lengths).into_iter().enumerate() {
        // A clean code's row is the same in both: made in JavaScript.
        if uscc::is_clean(value) {
            continue;
        }
        indices.push(i as u32);
        described.push(&js_row(value, lenient));
    }
    Ok(assemble_rows(&array, &js_sys::Uint32Array::from(&indices[..]), &described, lenient))
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

/// The strings of an optional column of the same length as the codes.
#[cfg(feature = "analysis")]
fn optional_column(values: &JsValue, n: usize, function: &str, what: &str) -> Result<Option<Vec<String>>, JsValue> {
    if values.is_undefined() || values.is_null() {
        return Ok(None);
    }
    let (_, text, lengths) = joined(values, function)?;
    if lengths.len() != n {
        return Err(type_error(&format!("{function}: {n} codes but {} {what}", lengths.len())));
    }
    Ok(Some(split_utf16(&text, &lengths).into_iter().map(str::to_owned).collect()))
}

/// Finds every 重码 and 错码 of a data set given as columns (codes, and
/// optionally the names and the groups, one per record): the summary per
/// group and overall, and the correction sheet's lines, with the default
/// options of `uscc check`. Records are numbered by their 0-based index.
/// In the workbench's build only (feature `analysis`).
#[cfg(feature = "analysis")]
#[wasm_bindgen(unchecked_return_type = "Analysis")]
pub fn analyze(
    #[wasm_bindgen(unchecked_param_type = "string[]")] codes: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "string[] | null")] names: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "string[] | null")] groups: &JsValue,
) -> Result<JsValue, JsValue> {
    let (_, text, lengths) = joined(codes, "analyze")?;
    let codes = split_utf16(&text, &lengths);
    let names = optional_column(names, codes.len(), "analyze", "names")?;
    let groups = optional_column(groups, codes.len(), "analyze", "groups")?;
    let records: Vec<uscc::analysis::Record<'_>> = codes
        .iter()
        .enumerate()
        .map(|(i, code)| {
            uscc::analysis::Record::new(
                i as u64,
                code,
                names.as_ref().map(|n| n[i].as_str()),
                groups.as_ref().map(|g| g[i].as_str()),
            )
        })
        .collect();
    let report = uscc::analysis::analyze(&records, &uscc::analysis::Options::default());
    core_object(&AnalysisOut { summary: &report.analysis.summary, fixes: report.analysis.fixes() })
}

/// What `analyze` gives: the core's summary and sheet lines.
#[cfg(feature = "analysis")]
struct AnalysisOut<'a> {
    summary: &'a uscc::analysis::Summary,
    fixes: &'a [uscc::analysis::Fix],
}

#[cfg(feature = "analysis")]
impl serde::Serialize for AnalysisOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut m = s.serialize_struct("Analysis", 2)?;
        m.serialize_field("summary", self.summary)?;
        m.serialize_field("fixes", self.fixes)?;
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::split_utf16;

    #[test]
    fn split_utf16_restores_the_strings() {
        let parts = ["914403001922038216", "", "９１３", "a😀b", "x"];
        let text: String = parts.concat();
        let lengths: Vec<u32> = parts.iter().map(|p| p.encode_utf16().count() as u32).collect();
        assert_eq!(split_utf16(&text, &lengths), parts);
    }
}
