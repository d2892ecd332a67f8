//! Other identifiers found in credit-code columns (docs/rules.md, "Other identifiers"), each checked by
//! its own rule, and placeholders (docs/rules.md, "Placeholders").

use crate::alphabet::{LATIN, NONE, ORG_CHECK, ORG_WEIGHTS};
use crate::finding::IdKind;

/// What kind of value a string is, before any credit-code rule is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputKind {
    /// 18 characters: meant as a credit code (valid or not).
    CreditCode,
    /// Another identifier, and whether it passes its own check.
    Other {
        /// Which identifier.
        kind: IdKind,
        /// Whether its own check (where it has one) passes.
        check_passed: bool,
    },
    /// A placeholder (`无`, `/`, `000000000000000000`, empty …).
    Placeholder,
    /// A number Excel wrote in scientific notation (`9.14403E+17`).
    ExcelScientific,
    /// None of the above.
    Unknown,
}

impl InputKind {
    /// Stable snake_case name: `credit_code`, `placeholder`,
    /// `excel_scientific_notation`, `unknown`, or the identifier's name.
    #[must_use]
    pub fn as_str(&self) -> &'static str {
        match self {
            InputKind::CreditCode => "credit_code",
            InputKind::Other { kind, .. } => kind.as_str(),
            InputKind::Placeholder => "placeholder",
            InputKind::ExcelScientific => "excel_scientific_notation",
            InputKind::Unknown => "unknown",
        }
    }

    /// For another identifier, whether its own check passes; `None` for
    /// every other kind.
    #[must_use]
    pub fn check_passed(&self) -> Option<bool> {
        match self {
            InputKind::Other { check_passed, .. } => Some(*check_passed),
            _ => None,
        }
    }

    /// Whether the value belongs to a person (a resident identity number
    /// and the like): never print it in full.
    #[must_use]
    pub fn is_personal(&self) -> bool {
        matches!(self, InputKind::Other { kind, .. } if kind.is_personal())
    }
}

const PLACEHOLDER_WORDS: [&str; 20] = [
    "无",
    "暂无",
    "空",
    "不详",
    "未知",
    "没有",
    "无代码",
    "NULL",
    "NONE",
    "NIL",
    "NAN",
    "N/A",
    "NA",
    "#N/A",
    "-",
    "/",
    "\\",
    "--",
    "—",
    "——",
];

/// Whether a value is a placeholder: empty, a word such as 无 or NULL, a run
/// of one character (`000000000000000000`, `///`), or a run of counting
/// digits (`123456789012345678`).
#[must_use]
pub fn is_placeholder(s: &str) -> bool {
    let t = s.trim();
    if t.len() == 18 && t.as_bytes()[0] < 0x80 && t.as_bytes()[0] != t.as_bytes()[1] && t.as_bytes()[0] != b'1' {
        // Neither a run, nor counting digits, nor one of the words.
        return false;
    }
    let mut chars = t.chars();
    let Some(first) = chars.next() else { return true };
    if chars.all(|c| c == first) {
        return true;
    }
    if t.len() >= 6 && "1234567890123456789012".starts_with(t) {
        return true;
    }
    PLACEHOLDER_WORDS.iter().any(|w| w.eq_ignore_ascii_case(t))
}

/// Whether a value looks like a number Excel wrote in scientific notation.
pub(crate) fn is_excel_scientific(s: &str) -> bool {
    let b = s.trim().as_bytes();
    let Some(e) = b.iter().position(|&c| c == b'E' || c == b'e') else { return false };
    let (mantissa, exp) = (&b[..e], &b[e + 1..]);
    // Excel always writes the sign (`9.14403E+17`); without it the value may
    // be a real code that happens to hold an E between digits.
    let Some(exp) = exp.strip_prefix(b"+") else { return false };
    let mut parts = mantissa.splitn(2, |&c| c == b'.');
    let int = parts.next().unwrap_or_default();
    let frac = parts.next().unwrap_or(b"0");
    let digits = |x: &[u8]| !x.is_empty() && x.iter().all(u8::is_ascii_digit);
    digits(int) && digits(frac) && digits(exp)
}

/// ISO 7064 MOD 11,10 over a 15-digit registration number.
pub(crate) fn registration_check(b: &[u8]) -> bool {
    registration_check_digit(&b[..14]) == b[14]
}

/// The ISO 7064 MOD 11,10 check digit of a registration number's first 14
/// digits.
pub(crate) fn registration_check_digit(body: &[u8]) -> u8 {
    // A digit (callers check); anything else counts as 9 rather than panic.
    let digit = |c: u8| usize::from(c.wrapping_sub(b'0')).min(9);
    let mut p = 10u8;
    // Two digits a step: half as many lookups, each waiting on the last.
    let pairs = body.chunks_exact(2);
    let rest = pairs.remainder();
    for pair in pairs {
        p = MOD_11_10_PAIRS[usize::from(p)][digit(pair[0]) * 10 + digit(pair[1])];
    }
    for &c in rest {
        p = MOD_11_10[usize::from(p)][digit(c)];
    }
    b'0' + (11 - p) % 10
}

/// [`MOD_11_10`] two digits at a time: the state after (state, 10 × first
/// digit + second digit).
const MOD_11_10_PAIRS: [[u8; 100]; 11] = {
    let mut t = [[0u8; 100]; 11];
    let mut p = 0;
    while p < 11 {
        let mut d = 0;
        while d < 100 {
            t[p][d] = MOD_11_10[MOD_11_10[p][d / 10] as usize][d % 10];
            d += 1;
        }
        p += 1;
    }
    t
};

/// ISO 7064 MOD 11,10 as a table, the state after each (state, digit):
/// `s = (p + d) mod 10` (10 for 0), then `2s mod 11` (a table lookup in
/// place of two divisions per digit).
const MOD_11_10: [[u8; 10]; 11] = {
    let mut t = [[0u8; 10]; 11];
    let mut p = 0;
    while p < 11 {
        let mut d = 0;
        while d < 10 {
            let s = match (p + d) % 10 {
                0 => 10,
                s => s,
            };
            t[p][d] = (2 * s % 11) as u8;
            d += 1;
        }
        p += 1;
    }
    t
};

/// GB 11714 check over 9 characters (8 body characters of the full Latin
/// alphabet and a check character).
pub(crate) fn org_code_check(b: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, &c) in b[..8].iter().enumerate() {
        let v = LATIN[c as usize];
        if v == NONE {
            return false;
        }
        sum += u32::from(v) * ORG_WEIGHTS[i];
    }
    ORG_CHECK[(sum % 11) as usize] == b[8]
}

pub(crate) fn is_org_shape(b: &[u8]) -> bool {
    b.len() == 9
        && b[..8].iter().all(|&c| c.is_ascii_digit() || c.is_ascii_uppercase())
        && (b[8].is_ascii_digit() || b[8] == b'X')
}

fn is_leap(y: u32) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

pub(crate) fn date_ok(y: u32, m: u32, d: u32) -> bool {
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

pub(crate) fn num(b: &[u8]) -> u32 {
    b.iter().fold(0, |n, &c| n * 10 + u32::from(c - b'0'))
}

pub(crate) fn region_plausible(b: &[u8]) -> bool {
    let p = num(&b[..2]);
    (11..=65).contains(&p) || matches!(p, 71 | 81 | 82 | 83)
}

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// Whether 18 bytes have the shape of a resident identity number: 17
/// digits, a digit or `X`, a plausible province and birth date; the check
/// digit is not looked at.
pub(crate) fn resident_id_shape(b: &[u8]) -> bool {
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) || !(b[17].is_ascii_digit() || b[17] == b'X') {
        return false;
    }
    let year = num(&b[6..10]);
    region_plausible(b) && (1900..=2099).contains(&year) && date_ok(year, num(&b[10..12]), num(&b[12..14]))
}

/// Whether 15 bytes have the shape of a first-generation resident identity
/// number: 15 digits, a plausible province and a YYMMDD birth date.
pub(crate) fn resident_id15_shape(b: &[u8]) -> bool {
    b.len() == 15
        && b.iter().all(u8::is_ascii_digit)
        && region_plausible(b)
        && date_ok(1900 + num(&b[6..8]), num(&b[8..10]), num(&b[10..12]))
}

/// Whether 18 bytes form a resident identity number (GB 11643): region,
/// birth date and ISO 7064 MOD 11-2 check. Returns `None` when the shape
/// (17 digits, a plausible region and date) does not match.
pub(crate) fn resident_id(b: &[u8]) -> Option<bool> {
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) || !(b[17].is_ascii_digit() || b[17] == b'X') {
        return None;
    }
    let year = num(&b[6..10]);
    if !region_plausible(b) || !(1900..=2099).contains(&year) || !date_ok(year, num(&b[10..12]), num(&b[12..14])) {
        return None;
    }
    Some(resident_id_check(&b[..17]) == b[17])
}

/// The GB 11643 (ISO 7064 MOD 11-2) check character of a resident identity
/// number's first 17 digits.
pub(crate) fn resident_id_check(body: &[u8]) -> u8 {
    let sum: u32 = body.iter().zip(ID_WEIGHTS).map(|(&c, w)| u32::from(c - b'0') * w).sum();
    ID_CHECK[(sum % 11) as usize]
}

fn masked_resident_id(b: &[u8]) -> bool {
    (b.len() == 18 || b.len() == 15)
        && b.contains(&b'*')
        && b[..2].iter().all(u8::is_ascii_digit)
        && region_plausible(b)
        && b.iter().enumerate().all(|(i, &c)| c.is_ascii_digit() || c == b'*' || (c == b'X' && i == b.len() - 1))
}

/// Identifies an identifier that is not an 18-character credit code.
pub(crate) fn other_identifier(s: &str) -> Option<(IdKind, bool)> {
    let b = s.as_bytes();
    if masked_resident_id(b) {
        return Some((IdKind::MaskedResidentId, true));
    }
    match b.len() {
        18 => resident_id(b).filter(|&ok| ok).map(|ok| (IdKind::ResidentId, ok)),
        15 if b.iter().all(u8::is_ascii_digit) => {
            if registration_check(b) {
                Some((IdKind::RegistrationNumber, true))
            } else if region_plausible(b) && date_ok(1900 + num(&b[6..8]), num(&b[8..10]), num(&b[10..12])) {
                Some((IdKind::ResidentId15, true))
            } else if org_code_check(&b[6..]) {
                Some((IdKind::OldTaxNumber, true))
            } else {
                Some((IdKind::RegistrationNumber, false))
            }
        }
        15 if b[..6].iter().all(u8::is_ascii_digit) && is_org_shape(&b[6..]) => {
            Some((IdKind::OldTaxNumber, org_code_check(&b[6..])))
        }
        10 if b[8] == b'-' => {
            let mut v = [0u8; 9];
            v[..8].copy_from_slice(&b[..8]);
            v[8] = b[9];
            is_org_shape(&v).then(|| (IdKind::OrganizationCode, org_code_check(&v)))
        }
        9 if is_org_shape(b) => Some((IdKind::OrganizationCode, org_code_check(b))),
        _ => None,
    }
}

/// What kind of value a string is (taken as given; normalize first for
/// spreadsheet data).
///
/// ```
/// use uscc::{identify, IdKind, InputKind};
/// assert_eq!(identify("110108000000016"), InputKind::Other { kind: IdKind::RegistrationNumber, check_passed: true });
/// assert_eq!(identify("D2143569-X"), InputKind::Other { kind: IdKind::OrganizationCode, check_passed: true });
/// assert_eq!(identify("无"), InputKind::Placeholder);
/// assert_eq!(identify("91350100M000100Y43"), InputKind::CreditCode);
/// ```
#[must_use]
pub fn identify(s: &str) -> InputKind {
    if is_placeholder(s) {
        return InputKind::Placeholder;
    }
    if is_excel_scientific(s) {
        return InputKind::ExcelScientific;
    }
    if s.chars().count() == 18 {
        if !crate::rules::is_valid(s)
            && let Some((kind, check_passed)) = other_identifier(s)
        {
            return InputKind::Other { kind, check_passed };
        }
        return InputKind::CreditCode;
    }
    match other_identifier(s) {
        Some((kind, check_passed)) => InputKind::Other { kind, check_passed },
        None => InputKind::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table gives what ISO 7064 MOD 11,10 computes digit by digit.
    #[test]
    fn the_mod_11_10_table_is_the_arithmetic() {
        let by_arithmetic = |body: &[u8]| {
            let mut p = 10u32;
            for &c in body {
                let s = match (p + u32::from(c - b'0')) % 10 {
                    0 => 10,
                    s => s,
                };
                p = 2 * s % 11;
            }
            b'0' + u8::try_from((11 - p) % 10).unwrap()
        };
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let body = format!("{:014}", x % 100_000_000_000_000);
            // Two digits a step, and a last one alone for an odd length.
            for body in [&body[..], &body[1..]] {
                assert_eq!(registration_check_digit(body.as_bytes()), by_arithmetic(body.as_bytes()), "{body}");
            }
        }
    }

    #[test]
    fn spec_examples() {
        assert!(registration_check(b"110108000000016"));
        assert!(!registration_check(b"110108000000017"));
        assert_eq!(resident_id(b"11010519491231002X"), Some(true));
        assert_eq!(resident_id(b"110105194912310021"), Some(false));
        assert!(org_code_check(b"D2143569X"));
        assert!(is_excel_scientific("9.14403E+17"));
        assert!(is_excel_scientific("9E+17"));
        assert!(!is_excel_scientific("11234656789012E233"));
        assert!(!is_excel_scientific("91350100M000100E43"));
        assert!(is_placeholder("000000000000000000"));
        assert!(is_placeholder("123456789012345678"));
        assert!(is_placeholder(" null "));
        assert!(!is_placeholder("91350100M000100Y43"));
    }
}
