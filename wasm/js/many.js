// Helpers of validateMany, bundled into the package by wasm-bindgen.

// The UTF-16 length of each string, so that the Rust side can split the
// joined text exactly; a TypeError names the first element that is not a string.
export function utf16Lengths(codes) {
  const lengths = new Uint32Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (typeof code !== "string") {
      const kind = code === null ? "null" : typeof code;
      throw new TypeError(`validateMany: element ${i} is ${kind}, not a string`);
    }
    lengths[i] = code.length;
  }
  return lengths;
}

const NO_FINDINGS = Object.freeze([]);

// One row per input: the rows the Rust side described in `details` (JSON,
// sorted by index), and a plain valid row for every other input.
export function assembleRows(codes, details) {
  const described = JSON.parse(details);
  const rows = new Array(codes.length);
  let k = 0;
  let next = described.length > 0 ? described[0].i : -1;
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
        suggestion: d.suggestion,
        suggestionUnique: d.suggestionUnique,
      };
      next = k < described.length ? described[k].i : -1;
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
