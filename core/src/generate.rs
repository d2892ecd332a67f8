//! Building codes: from parts, and deterministically from a seed.

use crate::alphabet::{ALPHABET, ALPHABET as A, check_value, org_check_byte};
use crate::code::{ParseError, Uscc};
use crate::tables::{DEPARTMENTS, Division, Level};

/// Builds a code from its parts, computing both check characters.
///
/// ```
/// let code = uscc::build('9', '1', "350100", "M000100Y").unwrap();
/// assert_eq!(code.as_str(), "91350100M000100Y43");
/// ```
pub fn build(department: char, category: char, division: &str, body: &str) -> Result<Uscc, ParseError> {
    let mut s = String::with_capacity(18);
    s.push(department);
    s.push(category);
    s.push_str(division);
    s.push_str(body);
    if s.len() == 16 && s.is_ascii() && s.bytes().all(|b| A.contains(&b)) {
        let org = org_check_byte(&s.as_bytes()[8..16]);
        s.push(org as char);
        let check = ALPHABET[check_value(s.as_bytes()) as usize];
        s.push(check as char);
    }
    Uscc::parse(&s)
}

/// A small deterministic generator (SplitMix64): the same seed gives the
/// same sequence on every platform.
#[derive(Debug, Clone)]
pub struct Generator {
    state: u64,
    divisions: &'static [u32],
}

/// Current prefecture- and county-level division codes, for generated codes.
static CURRENT: std::sync::LazyLock<Vec<u32>> = std::sync::LazyLock::new(|| {
    Division::all().filter(|d| !d.is_retired() && d.level() != Level::Province).map(|d| d.code).collect()
});

impl Generator {
    /// A generator from a seed.
    #[must_use]
    pub fn new(seed: u64) -> Generator {
        Generator { state: seed, divisions: &CURRENT }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// `true` with probability `per_mille / 1000`.
    pub fn chance(&mut self, per_mille: u32) -> bool {
        self.below(1000) < per_mille as usize
    }

    /// A valid code: department 9 (enterprises) four times in five, a
    /// current division code, an organization code that is all digits or from
    /// the newer `MA` blocks.
    ///
    /// # Panics
    ///
    /// Never: the code is built from valid parts.
    pub fn code(&mut self) -> Uscc {
        let dept = if self.chance(800) { &DEPARTMENTS[8] } else { &DEPARTMENTS[self.below(DEPARTMENTS.len())] };
        let cat = dept.categories[self.below(dept.categories.len())];
        let i = self.below(self.divisions.len());
        let division = self.divisions[i];
        let mut body = [0u8; 8];
        if self.chance(500) {
            body[..2].copy_from_slice(b"MA");
            for c in &mut body[2..] {
                *c = ALPHABET[self.below(31)];
            }
        } else {
            for c in &mut body {
                *c = b'0' + self.below(10) as u8;
            }
        }
        let mut b = [0u8; 18];
        b[0] = dept.code as u8;
        b[1] = cat.code as u8;
        b[2..8].copy_from_slice(format!("{division:06}").as_bytes());
        b[8..16].copy_from_slice(&body);
        b[16] = org_check_byte(&body);
        b[17] = ALPHABET[check_value(&b[..17]) as usize];
        Uscc::from_valid_bytes(&b).expect("18 bytes")
    }
}

/// `n` valid codes from a seed.
///
/// ```
/// let codes = uscc::generate(7, 100);
/// assert!(codes.iter().all(|c| uscc::is_valid(c.as_str())));
/// assert_eq!(codes, uscc::generate(7, 100));
/// ```
#[must_use]
pub fn generate(seed: u64, n: usize) -> Vec<Uscc> {
    let mut g = Generator::new(seed);
    (0..n).map(|_| g.code()).collect()
}

/// A proptest strategy for valid codes.
#[cfg(feature = "proptest")]
pub fn valid_code() -> impl proptest::strategy::Strategy<Value = Uscc> {
    use proptest::strategy::Strategy;
    proptest::num::u64::ANY.prop_map(|seed| Generator::new(seed).code())
}
