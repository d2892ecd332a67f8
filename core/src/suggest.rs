//! Corrections for invalid codes from a model of real mistakes.
//!
//! Any wrong code can be "repaired" by changing one of 17 positions, so a
//! blind fix is meaningless. Candidates come only from likely mistakes, each
//! with a cost:
//!
//! | mistake | cost |
//! |---|---|
//! | a letter that codes never use, read as its look-alike digit (`O`→`0`, `I`→`1`, `Z`→`2`, `S`→`5`, `V`→`U`) | 1 |
//! | one look-alike character for another (`0`↔`D`/`Q`, `1`↔`L`/`T`/`7`, `6`↔`G`, `8`↔`B`/`3`) | 1 |
//! | a wrong check character (position 18) | 2 |
//! | two neighbours swapped | 2 |
//! | one character missing (17 given) or one extra (19 given) | 3 |
//!
//! Unusable letters are mapped first; then at most one more mistake is
//! assumed. Every candidate passes every rule, candidates are ranked by cost
//! then text, and [`Suggestions::unique`] says whether the best one is the
//! only one at its cost. An ambiguous fix is never presented as certain.

use crate::alphabet::{ALPHABET, VALUE, WEIGHTS, check_value};
use crate::code::Uscc;
use crate::identify::is_placeholder;
use crate::normalize::normalize;
use crate::rules::{DEFAULT, Rules};

/// One assumed mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Edit {
    /// The character at `position` (1-based) was a look-alike of `to`.
    LookAlike {
        /// 1-based position.
        position: u8,
        /// Character found.
        from: char,
        /// Character suggested.
        to: char,
    },
    /// The check character (position 18) is wrong.
    CheckChar {
        /// Character found.
        from: char,
        /// The right check character.
        to: char,
    },
    /// The characters at `position` and `position + 1` were swapped.
    Swap {
        /// 1-based position of the first of the two.
        position: u8,
    },
    /// A character was missing before `position`.
    Insert {
        /// 1-based position of the inserted character in the result.
        position: u8,
        /// Character inserted.
        to: char,
    },
    /// An extra character at `position` (1-based, in the input).
    Delete {
        /// 1-based position in the input.
        position: u8,
        /// Character removed.
        from: char,
    },
}

impl Edit {
    /// Stable snake_case name of the kind of mistake.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Edit::LookAlike { .. } => "look_alike",
            Edit::CheckChar { .. } => "check_char",
            Edit::Swap { .. } => "swap",
            Edit::Insert { .. } => "insert",
            Edit::Delete { .. } => "delete",
        }
    }

    fn cost(&self) -> u8 {
        match self {
            Edit::LookAlike { .. } => 1,
            Edit::CheckChar { .. } | Edit::Swap { .. } => 2,
            Edit::Insert { .. } | Edit::Delete { .. } => 3,
        }
    }
}

/// One corrected code and the mistakes it assumes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Candidate {
    /// The corrected code; passes every rule.
    pub code: Uscc,
    /// The mistakes assumed, in the order applied.
    pub edits: Vec<Edit>,
    /// Total cost of the mistakes (lower is likelier).
    pub cost: u8,
}

/// Ranked corrections.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Suggestions {
    /// Candidates, likeliest first.
    pub candidates: Vec<Candidate>,
    /// Whether the best candidate is the only one at its cost.
    pub unique: bool,
}

impl Suggestions {
    /// The best candidate, if any.
    #[must_use]
    pub fn best(&self) -> Option<&Candidate> {
        self.candidates.first()
    }

    /// The best candidate only when it is unique.
    #[must_use]
    pub fn certain(&self) -> Option<&Candidate> {
        self.candidates.first().filter(|_| self.unique)
    }
}

/// Letters a code never uses, read as the character meant.
fn unusable(c: u8) -> Option<u8> {
    Some(match c {
        b'O' => b'0',
        b'I' => b'1',
        b'Z' => b'2',
        b'S' => b'5',
        b'V' => b'U',
        _ => return None,
    })
}

/// Look-alike characters within the alphabet.
fn look_alikes(c: u8) -> &'static [u8] {
    match c {
        b'0' => b"DQ",
        b'D' | b'Q' => b"0",
        b'1' => b"LT7",
        b'L' => b"1",
        b'T' => b"17",
        b'7' => b"1T",
        b'6' => b"G",
        b'G' => b"6",
        b'8' => b"B3",
        b'B' | b'3' => b"8",
        b'U' => b"Y",
        b'Y' => b"U",
        _ => b"",
    }
}

/// Suggests corrections for a value (normalized first) under the default rules.
///
/// ```
/// let s = uscc::suggest("91350100M000100Y4A");
/// let best = s.best().unwrap();
/// assert_eq!(best.code.as_str(), "91350100M000100Y43");
///
/// let s = uscc::suggest("9135O1OOM000100Y43"); // letters O for zeros
/// assert_eq!(s.certain().unwrap().code.as_str(), "91350100M000100Y43");
/// ```
#[must_use]
pub fn suggest(value: &str) -> Suggestions {
    DEFAULT.suggest(value)
}

struct Search<'r> {
    rules: &'r Rules,
    found: Vec<Candidate>,
}

impl Search<'_> {
    fn offer(&mut self, b: &[u8], edits: &[Edit]) {
        if b.len() != 18 || !self.rules.is_valid_bytes(b) {
            return;
        }
        let s = std::str::from_utf8(b).unwrap_or_default();
        if is_placeholder(s) {
            return;
        }
        let Some(code) = Uscc::from_valid_bytes(b) else { return };
        let cost = edits.iter().map(Edit::cost).sum();
        match self.found.iter_mut().find(|c| c.code == code) {
            Some(c) if c.cost <= cost => {}
            Some(c) => {
                c.cost = cost;
                c.edits = edits.to_vec();
            }
            None => self.found.push(Candidate { code, edits: edits.to_vec(), cost }),
        }
    }
}

impl Rules {
    /// [`suggest`] under these rules.
    #[must_use]
    pub fn suggest(&self, value: &str) -> Suggestions {
        self.suggest_with(value, true)
    }

    /// The search; `prefilter` skips the edits of an 18-character value that
    /// cannot satisfy the check sum before validating them (the results are
    /// the same either way: a test compares them).
    fn suggest_with(&self, value: &str, prefilter: bool) -> Suggestions {
        let n = normalize(value);
        if !n.value.is_ascii() || !(17..=19).contains(&n.value.len()) || self.is_valid_bytes(n.value.as_bytes()) {
            return Suggestions::default();
        }
        let mut base = n.value.into_bytes();
        let mut edits = Vec::new();
        for (i, c) in base.iter_mut().enumerate() {
            if let Some(to) = unusable(*c) {
                edits.push(Edit::LookAlike { position: i as u8 + 1, from: *c as char, to: to as char });
                *c = to;
            }
        }
        let mut search = Search { rules: self, found: Vec::new() };
        search.offer(&base, &edits);
        let mut work = base.clone();
        match base.len() {
            18 => {
                // The check sum of the 18 characters, when all are in the
                // alphabet: an edit is worth validating only if it brings the
                // sum to 0 mod 31 (position 18 has weight 1).
                let weight = |i: usize| if i == 17 { 1 } else { i64::from(WEIGHTS[i]) };
                let value_of = |c: u8| i64::from(VALUE[c as usize]);
                let sum = (prefilter && base.iter().all(|&c| VALUE[c as usize] != 0xFF))
                    .then(|| (0..18).map(|i| weight(i) * value_of(base[i])).sum::<i64>());
                let fits = |changes: &[(usize, u8)]| {
                    sum.is_none_or(|sum| {
                        let delta: i64 =
                            changes.iter().map(|&(i, to)| weight(i) * (value_of(to) - value_of(base[i]))).sum();
                        (sum + delta).rem_euclid(31) == 0
                    })
                };
                // Position 18 is left to the check-character edit below.
                for i in 0..17 {
                    for &to in look_alikes(base[i]) {
                        if !fits(&[(i, to)]) {
                            continue;
                        }
                        work[i] = to;
                        edits.push(Edit::LookAlike { position: i as u8 + 1, from: base[i] as char, to: to as char });
                        search.offer(&work, &edits);
                        edits.pop();
                    }
                    work[i] = base[i];
                }
                if base[..17].iter().all(|&c| VALUE[c as usize] != 0xFF) {
                    let to = ALPHABET[check_value(&base[..17]) as usize];
                    work[17] = to;
                    edits.push(Edit::CheckChar { from: base[17] as char, to: to as char });
                    search.offer(&work, &edits);
                    edits.pop();
                    work[17] = base[17];
                }
                for i in 0..17 {
                    if base[i] != base[i + 1] && fits(&[(i, base[i + 1]), (i + 1, base[i])]) {
                        work.swap(i, i + 1);
                        edits.push(Edit::Swap { position: i as u8 + 1 });
                        search.offer(&work, &edits);
                        edits.pop();
                        work.swap(i, i + 1);
                    }
                }
            }
            17 => {
                // A missing character: at each position only one of the 31
                // characters satisfies the check sum, since every weight is
                // invertible mod 31; the others cannot pass and are skipped.
                if base.iter().all(|&c| VALUE[c as usize] != 0xFF) {
                    for i in 0..=17 {
                        let mut w = [0u8; 18];
                        w[..i].copy_from_slice(&base[..i]);
                        w[i + 1..].copy_from_slice(&base[i..]);
                        let weight = |j: usize| if j == 17 { 1 } else { WEIGHTS[j] };
                        let rest: u32 =
                            (0..18).filter(|&j| j != i).map(|j| u32::from(VALUE[w[j] as usize]) * weight(j)).sum();
                        let need = (31 - rest % 31) % 31;
                        let Some(v) = (0..31u32).find(|v| v * weight(i) % 31 == need) else { continue };
                        let to = ALPHABET[v as usize];
                        w[i] = to;
                        edits.push(Edit::Insert { position: i as u8 + 1, to: to as char });
                        search.offer(&w, &edits);
                        edits.pop();
                    }
                }
            }
            _ => {
                for i in 0..19 {
                    let mut w = base.clone();
                    let from = w.remove(i);
                    edits.push(Edit::Delete { position: i as u8 + 1, from: from as char });
                    search.offer(&w, &edits);
                    edits.pop();
                }
            }
        }
        let mut candidates = search.found;
        candidates.sort_by(|a, b| a.cost.cmp(&b.cost).then(a.code.cmp(&b.code)));
        let unique = match candidates.as_slice() {
            [] => false,
            [_] => true,
            [a, b, ..] => a.cost < b.cost,
        };
        Suggestions { candidates, unique }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::DEFAULT;

    /// The check-sum prefilter only skips edits that could not pass.
    #[test]
    fn prefilter_changes_nothing() {
        let mut seed = 2026u64;
        let mut next = move || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize
        };
        let alphabet = b"0123456789ABCDEFGHJKLMNPQRTUWXYOISVZ";
        let codes = crate::generate(9, 300);
        let mut compared = 0;
        for code in &codes {
            for _ in 0..20 {
                let mut b = *code.as_bytes();
                for _ in 0..=(next() % 2) {
                    b[next() % 18] = alphabet[next() % alphabet.len()];
                }
                if next() % 3 == 0 {
                    let i = next() % 17;
                    b.swap(i, i + 1);
                }
                let s = std::str::from_utf8(&b).unwrap();
                assert_eq!(DEFAULT.suggest_with(s, true), DEFAULT.suggest_with(s, false), "{s}");
                compared += 1;
            }
        }
        assert_eq!(compared, 6000);
    }
}
