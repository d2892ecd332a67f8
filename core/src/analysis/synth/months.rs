//! A sequence of monthly data sets for the same departments, as a credit
//! office receives them (docs/rules.md, "Synthetic data"): each month a
//! known share of the month before's wrong values is corrected, and a known
//! share of records newly goes wrong, so that a run history has something
//! true to compare.
//!
//! ```
//! use uscc::analysis::synth::{months, MonthOptions, SynthOptions};
//! let data = SynthOptions { records: 2000, ..SynthOptions::default() };
//! let seq = months(7, &data, &MonthOptions { months: 3, fixed_percent: 50, new_per_mille: 10 });
//! assert_eq!(seq.len(), 3);
//! assert!(seq[0].fixed.is_empty() && !seq[1].fixed.is_empty() && !seq[2].new.is_empty());
//! ```

use std::collections::{BTreeSet, HashMap};

use super::{Synth, SynthOptions, SynthRecord, generate};
use crate::generate::Generator;
use crate::normalize::normalize;

/// How the months follow each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthOptions {
    /// How many months (the first is [`generate`]'s data set).
    pub months: usize,
    /// The share of the month before's wrong values corrected, in percent
    /// (rounded to whole values): every record carrying one gets its
    /// entity's code back.
    pub fixed_percent: u32,
    /// Records that newly go wrong each month, per thousand records (rounded),
    /// taken from records whose code and name appear nowhere else.
    pub new_per_mille: u32,
}

impl Default for MonthOptions {
    fn default() -> Self {
        MonthOptions { months: 3, fixed_percent: 40, new_per_mille: 10 }
    }
}

/// One month's data set and what changed since the month before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Month {
    /// The records, in the same rows as the month before: corrected ones
    /// have the truth `fixed`, newly wrong ones an error's truth.
    pub records: Vec<SynthRecord>,
    /// The normalized values wrong the month before and in no record now
    /// (empty for the first month), sorted.
    pub fixed: Vec<String>,
    /// The normalized values wrong now and not the month before (the first
    /// month: every wrong value), sorted.
    pub new: Vec<String>,
}

/// The wrong values of a month's records: those whose record has an
/// intended code, normalized as the analysis keys values.
#[must_use]
pub fn wrong_values(records: &[SynthRecord]) -> BTreeSet<String> {
    records.iter().filter(|r| r.intended.is_some()).map(|r| normalize(&r.code).value).collect()
}

/// Generates `months.months` monthly data sets for the same departments.
#[must_use]
pub fn months(seed: u64, options: &SynthOptions, months: &MonthOptions) -> Vec<Month> {
    let mut out: Vec<Month> = Vec::with_capacity(months.months);
    if months.months == 0 {
        return out;
    }
    let first = generate(seed, options);
    let new = wrong_values(&first).into_iter().collect();
    out.push(Month { records: first, fixed: Vec::new(), new });
    for k in 1..months.months {
        let mut s = Synth::new(seed ^ (k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15), options);
        let mut records = out[k - 1].records.clone();
        let before = wrong_values(&records);
        correct(&mut s.g, &mut records, &before, months.fixed_percent);
        damage(&mut s, &mut records, months.new_per_mille);
        let after = wrong_values(&records);
        out.push(Month {
            records,
            fixed: before.difference(&after).cloned().collect(),
            new: after.difference(&before).cloned().collect(),
        });
    }
    out
}

/// The first `n` of `items` after a seeded shuffle.
fn choose<T>(g: &mut Generator, mut items: Vec<T>, n: usize) -> Vec<T> {
    let n = n.min(items.len());
    for i in 0..n {
        let j = i + g.below(items.len() - i);
        items.swap(i, j);
    }
    items.truncate(n);
    items
}

/// `share` of `total`, in `unit`ths, rounded to the nearest whole.
fn share(total: usize, share: u32, unit: usize) -> usize {
    (total * share as usize + unit / 2) / unit
}

/// Corrects the chosen share of the wrong values in every record carrying one.
fn correct(g: &mut Generator, records: &mut [SynthRecord], wrong: &BTreeSet<String>, percent: u32) {
    let chosen: BTreeSet<String> =
        choose(g, wrong.iter().cloned().collect(), share(wrong.len(), percent, 100)).into_iter().collect();
    for r in records.iter_mut() {
        if r.intended.is_some() && chosen.contains(&normalize(&r.code).value) {
            r.code = r.intended.take().unwrap_or_default();
            r.truth = "fixed";
        }
    }
}

/// Damages the chosen share of records whose code and name appear nowhere
/// else, so that no other record's finding changes with them.
fn damage(s: &mut Synth<'_>, records: &mut [SynthRecord], per_mille: u32) {
    let mut codes: HashMap<&str, u32> = HashMap::new();
    let mut names: HashMap<&str, u32> = HashMap::new();
    for r in records.iter() {
        *codes.entry(&r.code).or_default() += 1;
        *names.entry(&r.name).or_default() += 1;
    }
    let alone: Vec<usize> = (0..records.len())
        .filter(|&i| {
            let r = &records[i];
            r.truth == "clean" && codes[r.code.as_str()] == 1 && names[r.name.as_str()] == 1
        })
        .collect();
    let n = share(records.len(), per_mille, 1000);
    let mut chosen = choose(&mut s.g, alone, n);
    chosen.sort_unstable();
    for i in chosen {
        let code = std::mem::take(&mut records[i].code);
        let (bad, truth) = s.error(&code);
        records[i].code = bad;
        records[i].truth = truth;
        records[i].intended = Some(code);
    }
}
