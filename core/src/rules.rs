//! The overridable rule data and the allocation-free fast path.
//!
//! Parts of the rules rest on no published official text (docs/rules.md):
//! the departments beyond 1, 5, 9 and Y, the province prefixes and the shape
//! of Fujian's pilot-era codes. They live in [`Rules`] as data so that a caller
//! can widen or narrow them; [`Rules::default`] is what the free functions use.

use crate::alphabet::{ALPHABET, LATIN, NONE, ORG_CHECK, ORG_WEIGHTS, VALUE, WEIGHTS};
use crate::tables::{DEPARTMENTS, Division, MAINLAND_PREFIXES, NON_MAINLAND_PREFIXES};

/// The rule data: which department/category pairs and which province
/// prefixes are accepted, and which shapes count as pilot-era codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    /// For each department value (0..=30), a bit per accepted category value.
    pub(crate) categories: [u32; 32],
    /// A bit per accepted two-digit province prefix.
    pub(crate) provinces: u128,
    /// A bit per prefix that exists but is outside the mainland.
    pub(crate) non_mainland: u128,
    /// Pilot-era shapes: 12-character patterns over positions 1–12 where `?`
    /// matches any character.
    pub(crate) pilot_patterns: Vec<String>,
    /// Pilot-era codes known to have been issued.
    pub(crate) pilot_codes: Vec<String>,
    /// The fast path's tables, derived from the fields above.
    pub(crate) fast: FastTables,
}

/// Tables indexed by two bytes of a code (little-endian `u16`), so that the
/// fast path decides positions 1–2 and 3–4 with one load each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FastTables {
    /// By positions 1–2: `v1 + 3·v2` (their share of the check sum) for an
    /// accepted department/category pair, 0x80 otherwise.
    pub(crate) pairs: Box<[u8; 65536]>,
    /// By positions 3–4: 1 for an accepted province prefix, 2 for `10`
    /// (accepted only as `100000`), 0 otherwise.
    pub(crate) prefixes: Box<[u8; 65536]>,
}

impl FastTables {
    fn new(categories: &[u32; 32], provinces: u128) -> FastTables {
        let mut pairs: Box<[u8; 65536]> = vec![0x80u8; 65536].into_boxed_slice().try_into().expect("65536");
        let mut prefixes: Box<[u8; 65536]> = vec![0u8; 65536].into_boxed_slice().try_into().expect("65536");
        for &d in ALPHABET {
            for &c in ALPHABET {
                let (dv, cv) = (VALUE[d as usize], VALUE[c as usize]);
                if categories[dv as usize] >> cv & 1 == 1 {
                    pairs[usize::from(u16::from_le_bytes([d, c]))] = dv + 3 * cv;
                }
            }
        }
        for p in 10u8..100 {
            let key = usize::from(u16::from_le_bytes([b'0' + p / 10, b'0' + p % 10]));
            if provinces >> p & 1 == 1 {
                prefixes[key] = 1;
            } else if p == 10 {
                prefixes[key] = 2;
            }
        }
        FastTables { pairs, prefixes }
    }
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            categories: DEFAULT_CATEGORIES,
            provinces: DEFAULT_PROVINCES,
            non_mainland: DEFAULT_NON_MAINLAND,
            pilot_patterns: vec![DEFAULT_PILOT_PATTERN.to_owned()],
            pilot_codes: DEFAULT_PILOT_CODES.iter().map(|&s| s.to_owned()).collect(),
            fast: FastTables::new(&DEFAULT_CATEGORIES, DEFAULT_PROVINCES),
        }
    }
}

/// Fujian's pilot codes: department 9, a Fujian division (35), and an
/// organization code from the `M000` block handed out before the national
/// rules (docs/rules.md, "Placeholders").
pub const DEFAULT_PILOT_PATTERN: &str = "9135????M000";

/// Pilot-era codes known to have been issued (docs/rules.md, "Pilot-era codes").
pub const DEFAULT_PILOT_CODES: &[&str] = &["91350100M0001TGQXM"];

const DEFAULT_CATEGORIES: [u32; 32] = {
    let mut t = [0u32; 32];
    let mut d = 0;
    while d < DEPARTMENTS.len() {
        let dept = &DEPARTMENTS[d];
        let dv = VALUE[dept.code as usize] as usize;
        let mut c = 0;
        while c < dept.categories.len() {
            t[dv] |= 1 << VALUE[dept.categories[c].code as usize];
            c += 1;
        }
        d += 1;
    }
    t
};

const fn prefix_mask(prefixes: &[u8]) -> u128 {
    let mut m = 0u128;
    let mut i = 0;
    while i < prefixes.len() {
        m |= 1 << prefixes[i];
        i += 1;
    }
    m
}

const DEFAULT_PROVINCES: u128 = prefix_mask(&MAINLAND_PREFIXES);
const DEFAULT_NON_MAINLAND: u128 = prefix_mask(&NON_MAINLAND_PREFIXES);

pub(crate) static DEFAULT: std::sync::LazyLock<Rules> = std::sync::LazyLock::new(Rules::default);

/// Why a rule change was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    /// A department or category character outside the code alphabet.
    #[error("{0:?} is not in the code alphabet")]
    Character(char),
    /// A prefix that is not two digits.
    #[error("province prefix {0} is not between 10 and 99")]
    Prefix(u8),
    /// A pilot pattern that is not 12 characters of the alphabet or `?`.
    #[error("pilot pattern {0:?} must be 12 characters of the code alphabet or '?'")]
    Pattern(String),
}

fn value_of(c: char) -> Result<usize, RulesError> {
    crate::alphabet::value(c).map(usize::from).ok_or(RulesError::Character(c))
}

impl Rules {
    /// Accepts one more department/category pair, such as the unconfirmed
    /// `5`/`4` or `G`/`1` that some sources list.
    pub fn allow_pair(mut self, department: char, category: char) -> Result<Self, RulesError> {
        let d = value_of(department)?;
        let c = value_of(category)?;
        self.categories[d] |= 1 << c;
        self.fast = FastTables::new(&self.categories, self.provinces);
        Ok(self)
    }

    /// Refuses a department/category pair.
    pub fn deny_pair(mut self, department: char, category: char) -> Result<Self, RulesError> {
        let d = value_of(department)?;
        let c = value_of(category)?;
        self.categories[d] &= !(1 << c);
        self.fast = FastTables::new(&self.categories, self.provinces);
        Ok(self)
    }

    /// Accepts a two-digit province prefix.
    pub fn allow_province(mut self, prefix: u8) -> Result<Self, RulesError> {
        if !(10..=99).contains(&prefix) {
            return Err(RulesError::Prefix(prefix));
        }
        self.provinces |= 1 << prefix;
        self.non_mainland &= !(1 << prefix);
        self.fast = FastTables::new(&self.categories, self.provinces);
        Ok(self)
    }

    /// Replaces the pilot-era patterns.
    pub fn pilot_patterns<I, S>(mut self, patterns: I) -> Result<Self, RulesError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut v = Vec::new();
        for p in patterns {
            let p: String = p.into();
            let ok = p.len() == 12 && p.bytes().all(|b| b == b'?' || VALUE[b as usize] != NONE);
            if !ok {
                return Err(RulesError::Pattern(p));
            }
            v.push(p);
        }
        self.pilot_patterns = v;
        Ok(self)
    }

    /// Adds pilot-era codes known to have been issued (from a registry
    /// export, say): these get the verdict [`crate::Verdict::PilotEra`]
    /// instead of [`crate::Verdict::Invalid`].
    #[must_use]
    pub fn known_pilot_codes<I, S>(mut self, codes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.pilot_codes.extend(codes.into_iter().map(Into::into));
        self.pilot_codes.sort();
        self.pilot_codes.dedup();
        self
    }

    /// Whether a code is a known issued pilot-era code.
    pub(crate) fn is_known_pilot(&self, code: &str) -> bool {
        self.pilot_codes.iter().any(|c| c == code)
    }

    /// Whether a department/category pair is accepted.
    #[must_use]
    pub fn pair_allowed(&self, department: u8, category: u8) -> bool {
        pair_ok(&self.categories, department, category)
    }

    /// Whether any category is accepted for a department byte.
    pub(crate) fn department_known(&self, department: u8) -> bool {
        let d = VALUE[department as usize];
        d != NONE && self.categories[d as usize] != 0
    }

    /// `Ok` when the province prefix is accepted; the finding otherwise.
    pub(crate) fn prefix_status(&self, division: &[u8]) -> PrefixStatus {
        let p = (division[0] - b'0') * 10 + (division[1] - b'0');
        if p == 10 {
            if division[2..6] == *b"0000" { PrefixStatus::Ok } else { PrefixStatus::Impossible }
        } else if self.provinces >> p & 1 == 1 {
            PrefixStatus::Ok
        } else if self.non_mainland >> p & 1 == 1 {
            PrefixStatus::NonMainland
        } else {
            PrefixStatus::Impossible
        }
    }

    /// Whether positions 1–12 match a pilot-era pattern.
    pub(crate) fn is_pilot_shape(&self, code: &[u8]) -> bool {
        self.pilot_patterns.iter().any(|p| p.bytes().zip(code).all(|(p, &c)| p == b'?' || p == c))
    }

    /// The strict verdict without allocation: `true` exactly when
    /// [`crate::validate`] would say valid (with or without warnings).
    #[inline]
    #[must_use]
    pub fn is_valid_bytes(&self, code: &[u8]) -> bool {
        <&[u8; 18]>::try_from(code).is_ok_and(|b| fast_check(b, &self.fast))
    }

    /// [`is_clean`] under these rules.
    #[must_use]
    pub fn is_clean(&self, code: &str) -> bool {
        let b = code.as_bytes();
        // A valid code's only findings are about its division code.
        self.is_valid_bytes(b)
            && Division::lookup(b[2..8].iter().fold(0u32, |n, &c| n * 10 + u32::from(c - b'0')))
                .is_some_and(|d| d.last_year().is_none())
    }
}

pub(crate) enum PrefixStatus {
    Ok,
    NonMainland,
    Impossible,
}

#[inline]
fn pair_ok(categories: &[u32; 32], department: u8, category: u8) -> bool {
    let d = VALUE[department as usize];
    let c = VALUE[category as usize];
    d != NONE && c != NONE && categories[d as usize] >> c & 1 == 1
}

/// Every rule that decides validity, branch-free over the 18 bytes.
///
/// Invalid characters map to 0xFF in the value tables, so OR-ing the values
/// together and testing the top bit catches them all at once; the sums are
/// computed regardless and simply ignored in that case. Position 18 enters
/// the check sum with weight 1, so a code passes when the sum is 0 mod 31.
#[inline]
pub(crate) fn fast_check(b: &[u8; 18], t: &FastTables) -> bool {
    let head = t.pairs[usize::from(u16::from_le_bytes([b[0], b[1]]))];
    let prefix = t.prefixes[usize::from(u16::from_le_bytes([b[2], b[3]]))];
    let mut bad = head;
    let mut sum = u32::from(head);
    let mut i = 2;
    while i < 17 {
        let v = VALUE[b[i] as usize];
        bad |= v;
        sum += u32::from(v) * WEIGHTS[i];
        i += 1;
    }
    let last = VALUE[b[17] as usize];
    bad |= last;
    sum += u32::from(last);

    let mut org = 0u32;
    let mut j = 0;
    while j < 8 {
        org += u32::from(LATIN[b[8 + j] as usize]) * ORG_WEIGHTS[j];
        j += 1;
    }

    // `x | (x + 0x76)` has its top bit set exactly when the byte x is above 9.
    let mut digits = 0u8;
    let mut k = 2;
    while k < 8 {
        let x = b[k].wrapping_sub(b'0');
        digits |= x | x.wrapping_add(0x76);
        k += 1;
    }
    let national = u32::from_le_bytes([b[4], b[5], b[6], b[7]]) == u32::from_le_bytes(*b"0000");
    let prefix_ok = (prefix == 1) | ((prefix == 2) & national);

    (bad | digits) & 0x80 == 0 && prefix_ok & sum.is_multiple_of(31) & (ORG_CHECK[(org % 11) as usize] == b[16])
}

/// `true` when the code passes every rule that decides validity.
///
/// The fast path: allocation-free and branch-free over the 18 bytes. It takes
/// the code exactly as given (no normalization) and agrees with
/// [`crate::validate`] by construction (tested against a naive oracle).
///
/// ```
/// assert!(uscc::is_valid("91350100M000100Y43"));
/// assert!(!uscc::is_valid("91350100M000100Y4A"));
/// assert!(!uscc::is_valid("000000000000000000"));
/// ```
#[inline]
#[must_use]
pub fn is_valid(code: &str) -> bool {
    is_valid_bytes(code.as_bytes())
}

/// `true` when the code is valid exactly as given and [`crate::validate`]
/// reports no finding at all: no warning (unknown division), no note
/// (retired division). Batch callers use it to skip building a report for
/// the common case.
///
/// ```
/// assert!(uscc::is_clean("91350100M000100Y43"));
/// assert!(uscc::is_valid("91320594780268314T")); // unknown division: a warning
/// assert!(!uscc::is_clean("91320594780268314T"));
/// ```
#[must_use]
pub fn is_clean(code: &str) -> bool {
    DEFAULT.is_clean(code)
}

/// [`is_valid`] over bytes.
#[inline]
#[must_use]
pub fn is_valid_bytes(code: &[u8]) -> bool {
    DEFAULT.is_valid_bytes(code)
}
