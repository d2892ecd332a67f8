//! The checks across the rows of a data set (docs/rules.md, "双公示
//! files"): the same decision published twice (重复公示), and a public
//! body's name under several codes or its code under several names.
//!
//! Rows are fed in reading order, each with the caller's number for it;
//! the findings come at the end, each pointing at the row that shows what
//! was expected.
//!
//! ```
//! use uscc::publicity::{Across, Check, Record, Role};
//! let mut across = Across::default();
//! for (n, number) in [(2, "榕市监罚〔2026〕1号"), (3, "榕市监罚〔2026〕2号"), (4, "榕市监罚〔2026〕1号")] {
//!     let mut r = Record::default();
//!     r.set(Role::CreditCode, "91350100M000100Y43");
//!     r.set(Role::DecisionNumber, number);
//!     across.add(n, &r);
//! }
//! let found = across.finish();
//! assert_eq!(found.len(), 1);
//! assert_eq!((found[0].row, found[0].finding.check, found[0].finding.rows.clone()), (4, Check::DecisionNumberRepeated, vec![2]));
//! assert_eq!(found[0].value, "榕市监罚〔2026〕1号");
//! ```

use std::borrow::Cow;

use super::{Check, ColumnFinding, Record, Role, finding, parse};
use crate::analysis::{FastMap, FastSet, hash128, normalize_name_cow, prefetch};

/// The bits of a decision's key the filter of decisions met looks at.
const FILTER_BITS: u32 = 26;

/// A decision key's bit in the filter.
#[inline]
fn filter_bit(key: u128) -> usize {
    (key >> (128 - FILTER_BITS)) as usize
}

/// The (name, code) columns of the public bodies a row names.
pub(super) const BODIES: [(Role, Role); 2] = [(Role::Authority, Role::AuthorityCode), (Role::Source, Role::SourceCode)];

/// What the checks across rows compare of a row, made where the row is
/// checked (on the analysis's threads, [`super::check_rows`]): the
/// decision, and each public body's name and code together, as 128-bit
/// hashes of their compared forms (as the analysis identifies names). One
/// cache line, so that feeding rows reads them as one stream.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowKeys {
    /// Which keys the row has: bit 0 the decision, bits 1 and 2 the bodies.
    present: u8,
    decision: u128,
    bodies: [u128; 2],
}

impl RowKeys {
    /// The keys of a row.
    #[must_use]
    pub fn of(r: &Record<'_>) -> RowKeys {
        let code = r.filled(Role::CreditCode).and_then(parse);
        let bodies = std::array::from_fn(|i| body_key(r, i, r.filled(BODIES[i].1).and_then(parse).as_ref()));
        RowKeys::with(r, code.as_ref(), bodies)
    }

    /// The keys of a row whose 代码_1 is read (`code`, [`parse`]) and whose
    /// bodies' keys ([`body_key`]) are made.
    pub(super) fn with(r: &Record<'_>, code: Option<&crate::Uscc>, bodies: [Option<u128>; 2]) -> RowKeys {
        let mut keys = RowKeys::default();
        if let Some(number) = r.filled(Role::DecisionNumber).and_then(normalize_name_cow) {
            let subject = match r.filled(Role::CreditCode) {
                Some(v) => code_hash(v, code),
                None => hash128(
                    r.filled(Role::PersonIdNumber)
                        .and_then(normalize_name_cow)
                        .or_else(|| r.filled(Role::Name).and_then(normalize_name_cow))
                        .unwrap_or_default()
                        .as_bytes(),
                ),
            };
            keys.present |= 1;
            keys.decision = hash128(number.as_bytes()).rotate_left(1) ^ subject;
        }
        for (i, key) in bodies.into_iter().enumerate() {
            if let Some(key) = key {
                keys.present |= 2 << i;
                keys.bodies[i] = key;
            }
        }
        keys
    }

    fn decision(&self) -> Option<u128> {
        (self.present & 1 != 0).then_some(self.decision)
    }

    fn body(&self, pair: usize) -> Option<u128> {
        (self.present & (2 << pair) != 0).then_some(self.bodies[pair])
    }
}

/// The key of a row's public body in column pair `pair` (of [`BODIES`]):
/// its name and its code (read as `parsed`) together, when it has both.
pub(super) fn body_key(r: &Record<'_>, pair: usize, parsed: Option<&crate::Uscc>) -> Option<u128> {
    let (name_role, code_role) = BODIES[pair];
    let (name, code) = (r.filled(name_role).and_then(normalize_name_cow)?, r.filled(code_role)?);
    Some(pair_key(hash128(name.as_bytes()), code_hash(code, parsed)))
}

/// A body's key from its name's and its code's.
fn pair_key(name: u128, code: u128) -> u128 {
    name.rotate_left(1) ^ code
}

/// A finding across rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcrossFinding {
    /// The row (the caller's number for it).
    pub row: u64,
    /// The cell: the decision number as the row has it; a body's name as
    /// first spelled in the data set, its code normalized.
    pub value: String,
    /// What was found.
    pub finding: ColumnFinding,
}

/// One pairing of a body's name with a code, in one column pair, and the
/// rows that have it.
#[derive(Debug)]
struct Pairing {
    pair: u8,
    name: u32,
    code: u32,
    rows: Vec<u32>,
}

/// The checks across rows, fed row by row.
#[derive(Debug, Default)]
pub struct Across {
    /// Each row's decision, in reading order: 96 bits of its key, then
    /// the row (32 bits).
    decisions: Vec<u128>,
    /// A bit per 26 bits of a decision's key, set once it is met: a row
    /// whose bit is clear publishes a new decision (most rows).
    filter: Vec<u64>,
    /// The rows whose bit was set: their number, to show it if the row is
    /// a repeat, and their key (96 bits), the only keys that may repeat.
    numbers: FastMap<u32, Box<str>>,
    maybe: FastSet<u128>,
    /// The bodies' names met, each as first written, and their codes,
    /// normalized.
    names: Vec<Box<str>>,
    name_index: FastMap<u128, u32>,
    codes: Vec<Box<str>>,
    code_index: FastMap<u128, u32>,
    pairings: Vec<Pairing>,
    /// Each pairing by its column pair and its body's key ([`body_key`]).
    pairing_index: FastMap<(u8, u128), u32>,
    /// Per column pair, pairings met lately, each in the place its key's
    /// low bits give ([`RECENT`] places): a file names a handful of bodies,
    /// so that most rows find theirs here without a table lookup.
    recent: [[Option<(u128, u32)>; RECENT]; 2],
}

/// Places for the pairings met lately, per column pair.
const RECENT: usize = 32;

impl Across {
    /// Feeds a row; `row` is the caller's number for it (rows fed in
    /// reading order, numbered from 0; a row numbered 2^32 or beyond is
    /// not compared).
    pub fn add(&mut self, row: u64, r: &Record<'_>) {
        self.add_keyed(row, &RowKeys::of(r), || r.clone());
    }

    /// Makes room for about `rows` more rows.
    pub fn reserve(&mut self, rows: usize) {
        self.decisions.reserve(rows);
    }

    /// Asks for what feeding a row with these keys will read, ahead of
    /// feeding it: a caller with a batch of rows calls it some rows ahead.
    #[inline]
    pub fn prefetch(&self, keys: &RowKeys) {
        if let Some(k) = keys.decision()
            && let Some(word) = self.filter.get(filter_bit(k) >> 6)
        {
            prefetch(word);
        }
    }

    /// Feeds a row whose keys are made ([`RowKeys::of`] of the same row);
    /// `r` makes the row, called only when a value must be kept (a body
    /// met for the first time, a decision perhaps met before).
    pub fn add_keyed<'a>(&mut self, row: u64, keys: &RowKeys, r: impl Fn() -> Record<'a>) {
        // Rows are numbered below 2^32 (a data set of fewer rows than that).
        let Ok(at) = u32::try_from(row) else { return };
        if let Some(k) = keys.decision() {
            if self.filter.is_empty() {
                self.filter = vec![0; 1 << (FILTER_BITS - 6)];
            }
            let bit = filter_bit(k);
            let (word, mask) = (bit >> 6, 1u64 << (bit & 63));
            if self.filter[word] & mask != 0 {
                self.numbers.insert(at, r().filled(Role::DecisionNumber).unwrap_or("").into());
                self.maybe.insert(k >> 32);
            }
            self.filter[word] |= mask;
            self.decisions.push(k & !u128::from(u32::MAX) | u128::from(at));
        }
        for pair in 0..BODIES.len() {
            let Some(key) = keys.body(pair) else { continue };
            let place = key as usize % RECENT;
            let pairing = match self.recent[pair][place] {
                Some((k, p)) if k == key => p,
                _ => {
                    let p = self.pairing(pair, key, &r);
                    self.recent[pair][place] = Some((key, p));
                    p
                }
            };
            self.pairings[usize::try_from(pairing).unwrap_or(usize::MAX)].rows.push(at);
        }
    }

    /// The pairing of a column pair's body, made (from the row `r` makes)
    /// when new.
    fn pairing<'a>(&mut self, pair: usize, key: u128, r: &impl Fn() -> Record<'a>) -> u32 {
        let pair = u8::try_from(pair).unwrap_or(0);
        if let Some(&at) = self.pairing_index.get(&(pair, key)) {
            return at;
        }
        let (name_role, code_role) = BODIES[usize::from(pair)];
        let r = r();
        let cell = |role: Role| r.filled(role).unwrap_or("");
        let name_key = normalize_name_cow(cell(name_role)).map_or(0, |n| hash128(n.as_bytes()));
        let code_key = code_key(cell(code_role));
        let name = value(&mut self.names, &mut self.name_index, name_key, || cell(name_role).into());
        let code = value(&mut self.codes, &mut self.code_index, hash128(code_key.as_bytes()), || code_key.into());
        let at = u32::try_from(self.pairings.len()).unwrap_or(u32::MAX);
        self.pairing_index.insert((pair, key), at);
        self.pairings.push(Pairing { pair, name, code, rows: Vec::new() });
        at
    }

    /// The findings, by row (the caller's numbers) and then by column.
    #[must_use]
    pub fn finish(self) -> Vec<AcrossFinding> {
        let mut out = Vec::new();
        // A repeat's key is among those that met a set bit: the decisions
        // are read once, in order, and only theirs looked at (no sort).
        let mut firsts: FastMap<u128, u64> = FastMap::default();
        for &d in self.decisions.iter().filter(|&&d| self.maybe.contains(&(d >> 32))) {
            let (row, at) = (u64::from(d as u32), d as u32);
            let first = *firsts.entry(d >> 32).or_insert(row);
            if first == row {
                continue;
            }
            out.push(AcrossFinding {
                row,
                value: self.numbers.get(&at).map(ToString::to_string).unwrap_or_default(),
                finding: ColumnFinding {
                    rows: vec![first],
                    ..finding(Role::DecisionNumber, Check::DecisionNumberRepeated)
                },
            });
        }
        // Each name's usual code, each code's usual name.
        let usual_code = usual(&self.pairings, self.names.len(), |p| (p.name, p.code));
        let usual_name = usual(&self.pairings, self.codes.len(), |p| (p.code, p.name));
        // Each row of a pairing whose name or code is not the usual one.
        let mut flag = |p: &Pairing, (role, check): (Role, Check), value: &str, usual: &str, first: u64, why: &str| {
            for &row in &p.rows {
                out.push(AcrossFinding {
                    row: row.into(),
                    value: value.to_owned(),
                    finding: ColumnFinding {
                        expected: Some(format!("应为 {usual}（{why}）")),
                        suggestion: Some(usual.to_owned()),
                        rows: vec![first],
                        ..finding(role, check)
                    },
                });
            }
        };
        for p in &self.pairings {
            let (name_role, code_role) = BODIES[usize::from(p.pair)];
            if let Some((code, first)) = usual_code[p.name as usize]
                && code != p.code
            {
                let (value, usual) = (&self.codes[p.code as usize], &self.codes[code as usize]);
                flag(p, (code_role, Check::PublicBodyManyCodes), value, usual, first, "该名称在本数据中最常用的代码");
            }
            if let Some((name, first)) = usual_name[p.code as usize]
                && name != p.name
            {
                let (value, usual) = (&self.names[p.name as usize], &self.names[name as usize]);
                flag(p, (name_role, Check::PublicBodyManyNames), value, usual, first, "该代码在本数据中最常用的名称");
            }
        }
        out.sort_by_key(|f| (f.row, f.finding.role));
        out
    }
}

/// For each key (a name or a code) given more than one value, the value it
/// is given most often (the first seen of those given as often: the one
/// whose first row, then column pair, comes first) and that first row.
fn usual(pairings: &[Pairing], keys: usize, of: impl Fn(&Pairing) -> (u32, u32)) -> Vec<Option<(u32, u64)>> {
    // Per key, its values: (value, rows, first row, first pair).
    let mut values: Vec<Vec<(u32, usize, u64, u8)>> = vec![Vec::new(); keys];
    for p in pairings {
        let (key, value) = of(p);
        let first = p.rows.first().map_or(u64::MAX, |&r| u64::from(r));
        let vs = &mut values[key as usize];
        match vs.iter_mut().find(|v| v.0 == value) {
            Some(v) => {
                v.1 += p.rows.len();
                if (first, p.pair) < (v.2, v.3) {
                    (v.2, v.3) = (first, p.pair);
                }
            }
            None => vs.push((value, p.rows.len(), first, p.pair)),
        }
    }
    values
        .into_iter()
        .map(|vs| {
            (vs.len() > 1).then(|| {
                let best = vs.iter().min_by_key(|v| (std::cmp::Reverse(v.1), v.2, v.3)).copied().unwrap_or_default();
                (best.0, best.2)
            })
        })
        .collect()
}

/// The index of the value of `key`, made by `text` when new.
fn value(
    values: &mut Vec<Box<str>>,
    index: &mut FastMap<u128, u32>,
    key: u128,
    text: impl FnOnce() -> Box<str>,
) -> u32 {
    let next = u32::try_from(values.len()).unwrap_or(u32::MAX);
    let at = *index.entry(key).or_insert(next);
    if at == next {
        values.push(text());
    }
    at
}

/// A code as rows are compared by: the credit code as the analysis reads
/// it when it is one, else the value normalized as a name is.
fn code_key(value: &str) -> Cow<'_, str> {
    match parse(value) {
        Some(c) => Cow::Owned(c.as_str().to_owned()),
        None => normalize_name_cow(value).unwrap_or(Cow::Borrowed(value)),
    }
}

/// The hash of [`code_key`] of a value read as `parsed` ([`parse`]).
fn code_hash(value: &str, parsed: Option<&crate::Uscc>) -> u128 {
    match parsed {
        Some(c) => hash128(c.as_bytes()),
        None => hash128(normalize_name_cow(value).unwrap_or(Cow::Borrowed(value)).as_bytes()),
    }
}
