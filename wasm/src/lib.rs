//! uscc in the browser and in Node.js: the core's validator behind a
//! JavaScript API (camelCase names, plain objects, TypeScript types).
//!
//! The binding only converts: every rule lives in the `uscc` crate. Each
//! result object is made by one call to a small JavaScript builder
//! (`js/objects.js`) with positional arguments, and the crate's fixed
//! strings (finding codes, names of departments and divisions) cross into
//! JavaScript once and are reused: far cheaper than setting properties one
//! by one or parsing JSON.

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
  /** First 1-based position concerned, in the normalized value. */
  position: number | null;
  /** Last 1-based position concerned (equal to `position` for one character). */
  positionEnd: number | null;
  expected: string | null;
  found: string | null;
  messageZh: string;
  messageEn: string;
  /** `wrong_length`: the number of characters found. */
  length?: number;
  /** `retired_division`: the last year the division code was current. */
  lastYear?: number;
  /** `other_identifier`, `identifier_check_failed`: which identifier. */
  identifier?: string;
}

export interface Named { code: string; name: string; nameEn: string; }

/** The core's shapes (docs/dialect.md): the same snake_case keys as `uscc explain --json` and Python. */
export interface CoreFinding {
  code: string;
  severity: "info" | "warning" | "error";
  position: [number, number] | null;
  expected: string | null;
  found: string | null;
  detail: { length: number } | { last_year: number } | { identifier: string } | null;
  message_zh: string;
  message_en: string;
}
export interface CoreNamed { code: string; name_zh: string; name_en: string; }
export interface CoreEdit { kind: string; position: number | null; from: string | null; to: string | null; }
export interface Explanation {
  value: string;
  verdict: Verdict;
  valid: boolean;
  personal: boolean;
  main_error: string | null;
  findings: CoreFinding[];
  department: CoreNamed | null;
  category: CoreNamed | null;
  division: { code: string; name: string | null; province: string | null; level: string | null; first_year: number | null; last_year: number | null } | null;
  org_code: string | null;
  expected_org_check: string | null;
  expected_check_char: string | null;
  checks: { rule: string; outcome: "pass" | "fail" | "skipped" }[];
  suggestions: { best: string | null; unique: boolean; candidates: { code: string; cost: number; edits: CoreEdit[] }[] };
}

export interface Region {
  code: string;
  /** Latest name; null for codes not in the table, or in the light build. */
  name: string | null;
  /** Province-level name of the first two digits. */
  province: string | null;
  /** `national`, `province`, `prefecture` or `county`. */
  level: string | null;
  /** First and last year of use (to: null while current); null when the code is not in the table. */
  years: { from: number | null; to: number | null } | null;
}

/** The parts of an 18-character value; a part is null when it is not readable. */
export interface Parts {
  department: Named | null;
  category: Named | null;
  region: Region | null;
  orgCode: string;
  checkChar: string;
}

export interface Edit {
  /** `look_alike`, `check_char`, `swap`, `insert` or `delete`. */
  kind: string;
  position: number;
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

export interface Report {
  valid: boolean;
  verdict: Verdict;
  /** A personal identity number: show it only through `redact`. */
  personal: boolean;
  /** The value after normalization (full-width, case, spaces, invisible characters, hyphens). */
  normalized: string;
  findings: Finding[];
  parts: Parts | null;
  /** Corrections, for an invalid value. */
  suggestions: Suggestions;
}

/** One row of `validateMany`. */
export interface Row {
  input: string;
  valid: boolean;
  verdict: Verdict;
  /** A personal identity number: show it only through `redact`. */
  personal: boolean;
  normalized: string;
  findings: Finding[];
  /** The likeliest correction of an invalid value, or null. */
  suggestion: string | null;
  /** Whether `suggestion` is the only candidate at its cost. */
  suggestionUnique: boolean;
}

export interface Normalized {
  value: string;
  /** The `normalized_*` finding codes of what was changed. */
  changes: string[];
}

export interface Identified {
  /** `credit_code`, `placeholder`, `excel_scientific_notation`, `unknown`, or an identifier kind. */
  kind: string;
  /** For another identifier: whether its own check passes. */
  checkPassed: boolean | null;
  /** Whether the value belongs to a person (never print it in full). */
  personal: boolean;
}
"#;

#[wasm_bindgen(module = "/js/objects.js")]
extern "C" {
    #[allow(clippy::too_many_arguments)]
    fn finding(
        code: &JsValue,
        severity: &JsValue,
        position: u8,
        position_end: u8,
        expected: u32,
        found: u32,
        message_zh: &JsValue,
        message_en: &JsValue,
        key: &JsValue,
        value: &JsValue,
    ) -> JsValue;
    fn named(code: u32, name: &JsValue, name_en: &JsValue) -> JsValue;
    #[allow(clippy::too_many_arguments)]
    fn region(
        code: &str,
        name: &JsValue,
        province: &JsValue,
        level: &JsValue,
        known: bool,
        from: u16,
        to: u16,
    ) -> JsValue;
    fn parts(department: &JsValue, category: &JsValue, region: &JsValue, org_code: &str, check_char: u32) -> JsValue;
    fn edit(kind: &JsValue, position: u8, from: u32, to: u32) -> JsValue;
    fn candidate(code: &str, cost: u8, edits: &Array) -> JsValue;
    fn suggestions(best: &JsValue, unique: bool, candidates: &Array) -> JsValue;
    fn report(
        valid: bool,
        verdict: &JsValue,
        personal: bool,
        normalized: &str,
        findings: &Array,
        parts: &JsValue,
        suggestions: &JsValue,
    ) -> JsValue;
    fn normalized(value: &str, changes: &Array) -> JsValue;
    fn identified(kind: &JsValue, check_passed: u8, personal: bool) -> JsValue;

    /// The UTF-16 length of each string; throws a TypeError naming the
    /// first element that is not a string.
    #[wasm_bindgen(catch, js_name = utf16Lengths)]
    fn utf16_lengths(codes: &Array, function: &str) -> Result<js_sys::Uint32Array, JsValue>;

    /// The rows of `validateMany`: the described rows at their indices, a
    /// plainly valid row for every other input.
    #[wasm_bindgen(js_name = assembleRows)]
    fn assemble_rows(codes: &Array, indices: &js_sys::Uint32Array, described: &Array) -> Array;
}

thread_local! {
    /// Each fixed string of the crate as a JavaScript string, made once.
    static FIXED: RefCell<HashMap<(usize, usize), JsValue>> = RefCell::new(HashMap::new());
    /// The Chinese and English messages of recent findings: a form sees the
    /// same few findings keystroke after keystroke, a list the same typos.
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

fn js_finding(f: &uscc::Finding) -> JsValue {
    let (key, value) = match f.detail {
        Some(uscc::Detail::Length(n)) => (fixed("length"), JsValue::from(n as u32)),
        Some(uscc::Detail::LastYear(y)) => (fixed("lastYear"), JsValue::from(y)),
        Some(uscc::Detail::Identifier(k)) => (fixed("identifier"), fixed(k.as_str())),
        None => (JsValue::UNDEFINED, JsValue::UNDEFINED),
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
        &zh,
        &en,
        &key,
        &value,
    )
}

fn js_findings(findings: &[uscc::Finding]) -> Array {
    findings.iter().map(js_finding).collect()
}

fn js_edit(e: &uscc::Edit) -> JsValue {
    let (position, from, to) = match *e {
        uscc::Edit::LookAlike { position, from, to } => (position, Some(from), Some(to)),
        uscc::Edit::CheckChar { from, to } => (18, Some(from), Some(to)),
        uscc::Edit::Swap { position } => (position, None, None),
        uscc::Edit::Insert { position, to } => (position, None, Some(to)),
        uscc::Edit::Delete { position, from } => (position, Some(from), None),
    };
    edit(&fixed(e.kind()), position, code_point(from), code_point(to))
}

/// The suggestions object; `all` false leaves out the candidate list.
fn js_suggestions(s: &uscc::Suggestions, all: bool) -> JsValue {
    let best = s.best().map_or(JsValue::NULL, |c| JsValue::from_str(c.code.as_str()));
    let candidates: Array = if all {
        s.candidates
            .iter()
            .map(|c| candidate(c.code.as_str(), c.cost, &c.edits.iter().map(js_edit).collect()))
            .collect()
    } else {
        Array::new()
    };
    suggestions(&best, s.unique, &candidates)
}

fn js_parts(e: &uscc::Explanation) -> JsValue {
    let (Some(org_code), Some(check)) = (e.org_code.as_deref(), e.report.value.chars().nth(17)) else {
        return JsValue::NULL;
    };
    let department = e.department.map_or(JsValue::NULL, |d| named(d.code.into(), &fixed(d.name_zh), &fixed(d.name_en)));
    let category = e.category.map_or(JsValue::NULL, |c| named(c.code.into(), &fixed(c.name_zh), &fixed(c.name_en)));
    let region = e.division.as_ref().map_or(JsValue::NULL, |d| {
        region(
            &d.code,
            &fixed_or_null(d.division.and_then(|v| v.name())),
            &fixed_or_null(d.province),
            &fixed_or_null(d.level.map(uscc::Level::as_str)),
            d.division.is_some(),
            d.division.and_then(|v| v.first_year()).unwrap_or(0),
            d.division.and_then(|v| v.last_year()).unwrap_or(0),
        )
    });
    parts(&department, &category, &region, org_code, check.into())
}

fn js_report(value: &str, strict: bool) -> JsValue {
    let e = uscc::explain(value);
    let r = if strict { uscc::validate(value) } else { e.report.clone() };
    // Strictly, parts are shown only for a value that needed no cleaning.
    let parts = if r.value == e.report.value { js_parts(&e) } else { JsValue::NULL };
    let suggestions = if r.verdict == uscc::Verdict::Invalid {
        js_suggestions(&e.suggestions, true)
    } else {
        js_suggestions(&uscc::Suggestions::default(), true)
    };
    report(
        r.is_valid(),
        &fixed(r.verdict.as_str()),
        r.is_personal(),
        &r.value,
        &js_findings(&r.findings),
        &parts,
        &suggestions,
    )
}

/// Whether `options.normalize` is `false` (strict); any other value, or no
/// options, normalizes.
fn strict(options: &JsValue) -> bool {
    options.is_object()
        && js_sys::Reflect::get(options, &JsValue::from_str("normalize")).is_ok_and(|v| v == JsValue::FALSE)
}

/// Whether `code` is a valid credit code exactly as given (no
/// normalization): the fast check for already clean data.
///
/// Never throws for a string; a non-string gives a TypeError.
#[wasm_bindgen(js_name = isValid)]
pub fn is_valid(#[wasm_bindgen(unchecked_param_type = "string")] code: &JsValue) -> Result<bool, JsValue> {
    Ok(uscc::is_valid(&string_arg(code, "isValid")?))
}

/// Normalizes `code` (full-width, case, spaces, invisible characters,
/// hyphens), then checks every rule: the verdict, every finding with its
/// position and messages in Chinese and English, the parts of an
/// 18-character value, and corrections for an invalid one.
///
/// With `{ normalize: false }` the value is checked exactly as given.
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "string")] code: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ normalize?: boolean }")] options: Option<js_sys::Object>,
) -> Result<JsValue, JsValue> {
    Ok(js_report(&string_arg(code, "validate")?, options.is_some_and(|o| strict(&o))))
}

/// Takes a value apart, normalized first: the report, each part with its
/// names, each rule with its outcome, and corrections when it is not valid.
/// The object has the core's shape, with the same snake_case keys as
/// `uscc explain --json` and Python's `uscc.explain` (docs/dialect.md).
///
/// Never throws for a string; a non-string gives a TypeError.
#[wasm_bindgen(unchecked_return_type = "Explanation")]
pub fn explain(#[wasm_bindgen(unchecked_param_type = "string")] code: &JsValue) -> Result<JsValue, JsValue> {
    let e = uscc::explain(&string_arg(code, "explain")?);
    let text = serde_json::to_string(&e).map_err(|e| JsValue::from_str(&e.to_string()))?;
    js_sys::JSON::parse(&text)
}

/// Cleans a value the way spreadsheets need it, and says what changed.
#[wasm_bindgen(unchecked_return_type = "Normalized")]
pub fn normalize(#[wasm_bindgen(unchecked_param_type = "string")] code: &JsValue) -> Result<JsValue, JsValue> {
    let n = uscc::normalize(&string_arg(code, "normalize")?);
    Ok(normalized(&n.value, &n.changes.codes().map(|c| fixed(c.as_str())).collect()))
}

/// Ranked corrections of a mistyped value, from a model of real mistakes
/// (look-alike characters, a wrong check character, swaps, a missing or
/// extra character).
#[wasm_bindgen(unchecked_return_type = "Suggestions")]
pub fn suggest(#[wasm_bindgen(unchecked_param_type = "string")] code: &JsValue) -> Result<JsValue, JsValue> {
    Ok(js_suggestions(&uscc::suggest(&string_arg(code, "suggest")?), true))
}

/// What kind of value this is before any credit-code rule: a credit code,
/// another identifier (registration number, organization code, resident
/// identity number …), a placeholder, Excel's scientific notation.
#[wasm_bindgen(unchecked_return_type = "Identified")]
pub fn identify(#[wasm_bindgen(unchecked_param_type = "string")] code: &JsValue) -> Result<JsValue, JsValue> {
    let kind = uscc::identify(&string_arg(code, "identify")?);
    let (check_passed, personal) = match kind {
        uscc::InputKind::Other { kind, check_passed } => (u8::from(check_passed), kind.is_personal()),
        _ => (2, false),
    };
    Ok(identified(&fixed(kind.as_str()), check_passed, personal))
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

/// Validates a list, as `validate` does each code, and returns one row per
/// input in the same order: verdict, normalized value, findings and the
/// likeliest correction (use `validate` for the parts of one code).
///
/// A non-array, or an element that is not a string, gives a TypeError
/// naming its index.
#[wasm_bindgen(js_name = validateMany, unchecked_return_type = "Row[]")]
pub fn validate_many(#[wasm_bindgen(unchecked_param_type = "string[]")] codes: &JsValue) -> Result<Array, JsValue> {
    let (array, text, lengths) = joined(codes, "validateMany")?;
    let mut indices = Vec::new();
    let described = Array::new();
    for (i, value) in split_utf16(&text, &lengths).into_iter().enumerate() {
        if uscc::is_clean(value) {
            continue;
        }
        let r = uscc::check(value);
        let s = if r.verdict == uscc::Verdict::Invalid { uscc::suggest(value) } else { uscc::Suggestions::default() };
        indices.push(i as u32);
        described.push(&report(
            r.is_valid(),
            &fixed(r.verdict.as_str()),
            r.is_personal(),
            &r.value,
            &js_findings(&r.findings),
            &JsValue::NULL,
            &js_suggestions(&s, false),
        ));
    }
    Ok(assemble_rows(&array, &js_sys::Uint32Array::from(&indices[..]), &described))
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
