//! uscc in the browser and in Node.js: the core's validator behind a
//! JavaScript API (camelCase names, plain objects, TypeScript types).
//!
//! The binding only converts: every rule lives in the `uscc` crate. Results
//! are built as JSON in Rust and parsed once on the JavaScript side, which
//! costs one boundary crossing per call instead of one per property.

use serde::Serialize;
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

#[wasm_bindgen(module = "/js/many.js")]
extern "C" {
    /// The UTF-16 length of each string; throws a TypeError naming the
    /// first element that is not a string.
    #[wasm_bindgen(catch, js_name = utf16Lengths)]
    fn utf16_lengths(codes: &js_sys::Array) -> Result<js_sys::Uint32Array, JsValue>;

    /// Builds the rows of `validateMany` from the inputs and the JSON of
    /// the rows that are not plainly valid.
    #[wasm_bindgen(js_name = assembleRows)]
    fn assemble_rows(codes: &js_sys::Array, details: &str) -> js_sys::Array;
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

fn to_js<T: Serialize>(value: &T) -> JsValue {
    // Serializing these plain structs cannot fail, and the JSON is ours.
    let json = serde_json::to_string(value).unwrap_or_default();
    js_sys::JSON::parse(&json).unwrap_or(JsValue::NULL)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsFinding {
    code: &'static str,
    severity: &'static str,
    position: Option<u8>,
    position_end: Option<u8>,
    expected: Option<char>,
    found: Option<char>,
    message_zh: String,
    message_en: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    length: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_year: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    identifier: Option<&'static str>,
}

impl From<&uscc::Finding> for JsFinding {
    fn from(f: &uscc::Finding) -> JsFinding {
        let (length, last_year, identifier) = match f.detail {
            Some(uscc::Detail::Length(n)) => (Some(n), None, None),
            Some(uscc::Detail::LastYear(y)) => (None, Some(y), None),
            Some(uscc::Detail::Identifier(k)) => (None, None, Some(k.as_str())),
            None => (None, None, None),
        };
        JsFinding {
            code: f.code.as_str(),
            severity: f.severity().as_str(),
            position: f.position.map(|p| p.0),
            position_end: f.position.map(|p| p.1),
            expected: f.expected,
            found: f.found,
            message_zh: f.message_zh(),
            message_en: f.message_en(),
            length,
            last_year,
            identifier,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Named {
    code: char,
    name: &'static str,
    name_en: &'static str,
}

#[derive(Serialize)]
struct Years {
    from: Option<u16>,
    to: Option<u16>,
}

#[derive(Serialize)]
struct Region {
    code: String,
    name: Option<&'static str>,
    province: Option<&'static str>,
    level: Option<&'static str>,
    years: Option<Years>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Parts {
    department: Option<Named>,
    category: Option<Named>,
    region: Option<Region>,
    org_code: String,
    check_char: char,
}

#[derive(Serialize)]
struct JsEdit {
    kind: &'static str,
    position: u8,
    from: Option<char>,
    to: Option<char>,
}

impl From<&uscc::Edit> for JsEdit {
    fn from(e: &uscc::Edit) -> JsEdit {
        let (position, from, to) = match *e {
            uscc::Edit::LookAlike { position, from, to } => (position, Some(from), Some(to)),
            uscc::Edit::CheckChar { from, to } => (18, Some(from), Some(to)),
            uscc::Edit::Swap { position } => (position, None, None),
            uscc::Edit::Insert { position, to } => (position, None, Some(to)),
            uscc::Edit::Delete { position, from } => (position, Some(from), None),
        };
        JsEdit { kind: e.kind(), position, from, to }
    }
}

#[derive(Serialize)]
struct JsCandidate {
    code: String,
    cost: u8,
    edits: Vec<JsEdit>,
}

#[derive(Serialize)]
struct JsSuggestions {
    best: Option<String>,
    unique: bool,
    candidates: Vec<JsCandidate>,
}

impl From<&uscc::Suggestions> for JsSuggestions {
    fn from(s: &uscc::Suggestions) -> JsSuggestions {
        JsSuggestions {
            best: s.best().map(|c| c.code.to_string()),
            unique: s.unique,
            candidates: s
                .candidates
                .iter()
                .map(|c| JsCandidate {
                    code: c.code.to_string(),
                    cost: c.cost,
                    edits: c.edits.iter().map(JsEdit::from).collect(),
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct JsReport {
    valid: bool,
    verdict: &'static str,
    personal: bool,
    normalized: String,
    findings: Vec<JsFinding>,
    parts: Option<Parts>,
    suggestions: JsSuggestions,
}

fn parts(e: &uscc::Explanation) -> Option<Parts> {
    let org_code = e.org_code.clone()?;
    let check_char = e.report.value.chars().nth(17)?;
    Some(Parts {
        department: e.department.map(|d| Named { code: d.code, name: d.name_zh, name_en: d.name_en }),
        category: e.category.map(|c| Named { code: c.code, name: c.name_zh, name_en: c.name_en }),
        region: e.division.as_ref().map(|d| Region {
            code: d.code.clone(),
            name: d.division.and_then(|v| v.name()),
            province: d.province,
            level: d.level.map(uscc::Level::as_str),
            years: d.division.map(|v| Years { from: v.first_year(), to: v.last_year() }),
        }),
        org_code,
        check_char,
    })
}

fn report(value: &str, strict: bool) -> JsReport {
    let e = uscc::explain(value);
    let r = if strict { uscc::validate(value) } else { e.report.clone() };
    // Strictly, parts are shown only for a value that needed no cleaning.
    let parts = if r.value == e.report.value { parts(&e) } else { None };
    let suggestions = if r.verdict == uscc::Verdict::Invalid {
        JsSuggestions::from(&e.suggestions)
    } else {
        JsSuggestions::from(&uscc::Suggestions::default())
    };
    JsReport {
        valid: r.is_valid(),
        verdict: r.verdict.as_str(),
        personal: is_personal(&r),
        findings: r.findings.iter().map(JsFinding::from).collect(),
        normalized: r.value,
        parts,
        suggestions,
    }
}

fn is_personal(r: &uscc::Report) -> bool {
    matches!(r.verdict, uscc::Verdict::OtherIdentifier(kind) if kind.is_personal())
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
    Ok(to_js(&report(&string_arg(code, "validate")?, options.is_some_and(|o| strict(&o)))))
}

#[derive(Serialize)]
struct JsNormalized {
    value: String,
    changes: Vec<&'static str>,
}

/// Cleans a value the way spreadsheets need it, and says what changed.
#[wasm_bindgen(unchecked_return_type = "Normalized")]
pub fn normalize(#[wasm_bindgen(unchecked_param_type = "string")] code: &JsValue) -> Result<JsValue, JsValue> {
    let n = uscc::normalize(&string_arg(code, "normalize")?);
    Ok(to_js(&JsNormalized { value: n.value, changes: n.changes.codes().map(uscc::FindingCode::as_str).collect() }))
}

/// Ranked corrections of a mistyped value, from a model of real mistakes
/// (look-alike characters, a wrong check character, swaps, a missing or
/// extra character).
#[wasm_bindgen(unchecked_return_type = "Suggestions")]
pub fn suggest(#[wasm_bindgen(unchecked_param_type = "string")] code: &JsValue) -> Result<JsValue, JsValue> {
    Ok(to_js(&JsSuggestions::from(&uscc::suggest(&string_arg(code, "suggest")?))))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsIdentified {
    kind: &'static str,
    check_passed: Option<bool>,
    personal: bool,
}

/// What kind of value this is before any credit-code rule: a credit code,
/// another identifier (registration number, organization code, resident
/// identity number …), a placeholder, Excel's scientific notation.
#[wasm_bindgen(unchecked_return_type = "Identified")]
pub fn identify(#[wasm_bindgen(unchecked_param_type = "string")] code: &JsValue) -> Result<JsValue, JsValue> {
    let kind = uscc::identify(&string_arg(code, "identify")?);
    let (check_passed, personal) = match kind {
        uscc::InputKind::Other { kind, check_passed } => (Some(check_passed), kind.is_personal()),
        _ => (None, false),
    };
    Ok(to_js(&JsIdentified { kind: kind.as_str(), check_passed, personal }))
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

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Detail {
    /// Index of the row in the input.
    i: usize,
    valid: bool,
    verdict: &'static str,
    personal: bool,
    normalized: String,
    findings: Vec<JsFinding>,
    suggestion: Option<String>,
    suggestion_unique: bool,
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

/// Validates a list, as `validate` does each code, and returns one row per
/// input in the same order: verdict, normalized value, findings and the
/// likeliest correction (use `validate` for the parts of one code).
///
/// A non-array, or an element that is not a string, gives a TypeError
/// naming its index.
#[wasm_bindgen(js_name = validateMany, unchecked_return_type = "Row[]")]
pub fn validate_many(
    #[wasm_bindgen(unchecked_param_type = "string[]")] codes: &JsValue,
) -> Result<js_sys::Array, JsValue> {
    let Some(array) = codes.dyn_ref::<js_sys::Array>() else {
        return Err(type_error(&format!("validateMany: expected an array of strings, got {}", type_of(codes))));
    };
    let lengths = utf16_lengths(array)?.to_vec();
    let text = String::from(array.join(""));
    let mut details = Vec::new();
    for (i, value) in split_utf16(&text, &lengths).into_iter().enumerate() {
        if uscc::is_clean(value) {
            continue;
        }
        let r = uscc::check(value);
        let s = if r.verdict == uscc::Verdict::Invalid { uscc::suggest(value) } else { uscc::Suggestions::default() };
        details.push(Detail {
            i,
            valid: r.is_valid(),
            verdict: r.verdict.as_str(),
            personal: is_personal(&r),
            findings: r.findings.iter().map(JsFinding::from).collect(),
            normalized: r.value,
            suggestion: s.best().map(|c| c.code.to_string()),
            suggestion_unique: s.unique,
        });
    }
    let json = serde_json::to_string(&details).unwrap_or_default();
    Ok(assemble_rows(array, &json))
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
