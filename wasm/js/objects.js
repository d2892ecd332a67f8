// Object builders for uscc-wasm, bundled into the package by wasm-bindgen.
// The Rust side calls one builder per object with positional arguments,
// which costs far less than building objects property by property or
// parsing JSON. The objects have the core's shapes and snake_case keys
// (docs/dialect.md). Characters arrive as code points, NONE meaning null.

const NONE = 0xffffffff;
const char = (c) => (c === NONE ? null : String.fromCodePoint(c));

export function finding(code, severity, position, positionEnd, expected, found, detail, messageZh, messageEn) {
  return {
    code,
    severity,
    position: position === 0 ? null : [position, positionEnd],
    expected: char(expected),
    found: char(found),
    detail,
    message_zh: messageZh,
    message_en: messageEn,
  };
}

export function detail(key, value) {
  return { [key]: value };
}

export function report(value, verdict, valid, personal, mainError, findings, lenient, suggestion, suggestionUnique) {
  const r = { value, verdict, valid, personal, main_error: mainError, findings };
  if (lenient) {
    r.suggestion = suggestion;
    r.suggestion_unique = suggestionUnique;
  }
  return r;
}

const NO_FINDINGS = Object.freeze([]);

// One row per input: `described` holds the rows of the inputs at `indices`,
// in order; every other input is a clean code, valid exactly as given, whose
// row is the same for `validateMany` and `checkMany` (with the suggestion's
// keys for `checkMany`). One loop per shape keeps each object literal's
// hidden class fixed.
export function assembleRows(codes, indices, described, lenient) {
  const rows = new Array(codes.length);
  let k = 0;
  let next = indices.length > 0 ? indices[0] : -1;
  if (lenient) {
    for (let i = 0; i < codes.length; i++) {
      if (i === next) {
        rows[i] = described[k++];
        next = k < indices.length ? indices[k] : -1;
      } else {
        rows[i] = { value: codes[i], verdict: "valid", valid: true, personal: false, main_error: null, findings: NO_FINDINGS, suggestion: null, suggestion_unique: false };
      }
    }
  } else {
    for (let i = 0; i < codes.length; i++) {
      if (i === next) {
        rows[i] = described[k++];
        next = k < indices.length ? indices[k] : -1;
      } else {
        rows[i] = { value: codes[i], verdict: "valid", valid: true, personal: false, main_error: null, findings: NO_FINDINGS };
      }
    }
  }
  return rows;
}

const ENCODER = new TextEncoder();

// The strings of an array as UTF-8 bytes one after the other and where each
// ends: ASCII written directly (the common case), anything else encoded;
// a TypeError names the first element that is not a string. Cheaper than
// joining the strings and splitting them again in the module.
export function packStrings(codes, fn) {
  let cap = codes.length * 20 + 64;
  let buf = new Uint8Array(cap);
  const ends = new Uint32Array(codes.length);
  let p = 0;
  for (let i = 0; i < codes.length; i++) {
    const s = codes[i];
    if (typeof s !== "string") {
      const kind = s === null ? "null" : typeof s;
      throw new TypeError(`${fn}: element ${i} is ${kind}, not a string`);
    }
    const n = s.length;
    if (p + n * 3 > cap) {
      cap = Math.max(cap * 2, p + n * 3);
      const bigger = new Uint8Array(cap);
      bigger.set(buf.subarray(0, p));
      buf = bigger;
    }
    let k = 0;
    for (; k < n; k++) {
      const c = s.charCodeAt(k);
      if (c > 127) break;
      buf[p + k] = c;
    }
    p += k === n ? n : ENCODER.encodeInto(s, buf.subarray(p)).written;
    ends[i] = p;
  }
  return [buf.subarray(0, p), ends];
}

// A columnar result: the typed arrays and the few strings, as one object.
export function columnar(verdict, mainError, cleaned, values, verdicts, findingCodes) {
  return { verdict, main_error: mainError, cleaned, values, verdicts, finding_codes: findingCodes };
}
