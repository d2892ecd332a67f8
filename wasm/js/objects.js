// Object builders for uscc-wasm, bundled into the package by wasm-bindgen.
// The Rust side calls one builder per object with positional arguments,
// which costs far less than building objects property by property or
// parsing JSON. Characters arrive as code points, NONE meaning null.

const NONE = 0xffffffff;
const char = (c) => (c === NONE ? null : String.fromCodePoint(c));
const orNull = (n) => (n === 0 ? null : n);

export function finding(code, severity, position, positionEnd, expected, found, messageZh, messageEn, key, value) {
  const f = {
    code,
    severity,
    position: orNull(position),
    positionEnd: orNull(positionEnd),
    expected: char(expected),
    found: char(found),
    messageZh,
    messageEn,
  };
  if (key !== undefined) f[key] = value;
  return f;
}

export function named(code, name, nameEn) {
  return { code: String.fromCodePoint(code), name, nameEn };
}

export function region(code, name, province, level, known, from, to) {
  return { code, name, province, level, years: known ? { from: orNull(from), to: orNull(to) } : null };
}

export function parts(department, category, region, orgCode, checkChar) {
  return { department, category, region, orgCode, checkChar: String.fromCodePoint(checkChar) };
}

export function edit(kind, position, from, to) {
  return { kind, position, from: char(from), to: char(to) };
}

export function candidate(code, cost, edits) {
  return { code, cost, edits };
}

export function suggestions(best, unique, candidates) {
  return { best, unique, candidates };
}

export function report(valid, verdict, personal, normalized, findings, parts, suggestions) {
  return { valid, verdict, personal, normalized, findings, parts, suggestions };
}

export function normalized(value, changes) {
  return { value, changes };
}

export function identified(kind, checkPassed, personal) {
  return { kind, checkPassed: checkPassed === 2 ? null : checkPassed === 1, personal };
}

// The UTF-16 length of each string, so that the Rust side can split the
// joined text exactly; a TypeError names the first element that is not a string.
export function utf16Lengths(codes, fn) {
  const lengths = new Uint32Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (typeof code !== "string") {
      const kind = code === null ? "null" : typeof code;
      throw new TypeError(`${fn}: element ${i} is ${kind}, not a string`);
    }
    lengths[i] = code.length;
  }
  return lengths;
}

const NO_FINDINGS = Object.freeze([]);

// One row per input: `described` holds the rows (without `input`) of the
// inputs at `indices`, in order; every other input is plainly valid.
export function assembleRows(codes, indices, described) {
  const rows = new Array(codes.length);
  let k = 0;
  let next = indices.length > 0 ? indices[0] : -1;
  for (let i = 0; i < codes.length; i++) {
    const input = codes[i];
    if (i === next) {
      const d = described[k++];
      rows[i] = {
        input,
        valid: d.valid,
        verdict: d.verdict,
        personal: d.personal,
        normalized: d.normalized,
        findings: d.findings,
        suggestion: d.suggestions.best,
        suggestionUnique: d.suggestions.unique,
      };
      next = k < indices.length ? indices[k] : -1;
    } else {
      rows[i] = {
        input,
        valid: true,
        verdict: "valid",
        personal: false,
        normalized: input,
        findings: NO_FINDINGS,
        suggestion: null,
        suggestionUnique: false,
      };
    }
  }
  return rows;
}
