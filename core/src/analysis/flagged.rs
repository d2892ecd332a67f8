//! The distinct values counted in the 重错码率's numerator, each with what
//! a run history keeps of it: its class, its errors, the groups and names
//! it was published under.

use super::decide::{flagged, value_class};
use super::model::RowClass;
use super::parallel::par_map_indexed;
use super::results::Analysis;
use super::store::{self, Kind, ONE_CODE_MANY_NAMES, ONE_NAME_MANY_CODES, SHARED_ORG_CODE};
use crate::finding::FindingCode;

/// A distinct value counted as 重码 or 错码.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlaggedCode {
    /// The normalized value, in clear: when `personal`, show it only
    /// masked and keep only a keyed hash of it.
    pub value: String,
    /// Whether the value is (or has the shape of) a personal identity number.
    pub personal: bool,
    /// Its class.
    pub class: RowClass,
    /// Its distinct error finding codes (empty for a valid code counted as 重码).
    pub errors: Vec<FindingCode>,
    /// The groups it was published in, sorted (no group: none listed).
    pub groups: Vec<String>,
    /// The names it was published under, sorted.
    pub names: Vec<String>,
}

impl Analysis {
    /// Every distinct value counted in the 重错码率's numerator under the
    /// options, sorted by value: the same values the summary's `flagged`
    /// counts (with a per-record denominator, each value once).
    #[must_use]
    pub fn flagged_codes(&self) -> Vec<FlaggedCode> {
        let counted = self.options.counted();
        let duplicate = ONE_CODE_MANY_NAMES | SHARED_ORG_CODE | ONE_NAME_MANY_CODES;
        let per_shard = par_map_indexed(&self.codes, |s, shard| {
            let mut out = Vec::new();
            for (l, st) in shard.states.iter().enumerate() {
                // A plainly valid code is never counted: skipped unread.
                if st.kind == Kind::Valid && st.flags & duplicate == 0 {
                    continue;
                }
                let class = value_class(st);
                if !flagged(class, &counted, st, self.options.denominator) {
                    continue;
                }
                let mut groups: Vec<String> = Vec::new();
                let mut names: Vec<String> = Vec::new();
                for e in st.entries.as_slice() {
                    groups.extend(store::string(&self.groups, e.group).map(str::to_owned));
                    names.extend(store::string(&self.names, e.name).map(str::to_owned));
                }
                for v in [&mut groups, &mut names] {
                    v.sort_unstable();
                    v.dedup();
                }
                let errors = if st.kind == Kind::Valid {
                    Vec::new()
                } else {
                    self.errors_of(store::global(s, l as u32)).to_vec()
                };
                out.push(FlaggedCode {
                    value: st.key().to_owned(),
                    personal: st.kind == Kind::Personal || crate::validate::looks_personal(st.key()),
                    class,
                    errors,
                    groups,
                    names,
                });
            }
            out
        });
        let mut out: Vec<FlaggedCode> = per_shard.into_iter().flatten().collect();
        out.sort_unstable_by(|a, b| a.value.cmp(&b.value));
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::synth::{SynthOptions, generate};
    use crate::analysis::{Denominator, Options, Record, analyze};

    #[test]
    fn the_flagged_codes_are_the_ones_the_summary_counts() {
        let data = generate(3, &SynthOptions { records: 20_000, ..Default::default() });
        let records: Vec<Record<'_>> = data
            .iter()
            .enumerate()
            .map(|(i, r)| Record::new(i as u64, &r.code, Some(&r.name), Some(&r.group)))
            .collect();
        for denominator in [Denominator::DistinctValues, Denominator::DistinctNonPlaceholder] {
            let report = analyze(&records, &Options { denominator, ..Options::default() });
            let flagged = report.analysis.flagged_codes();
            assert_eq!(flagged.len() as u64, report.analysis.summary.overall.flagged);
            assert!(flagged.windows(2).all(|w| w[0].value < w[1].value));
            for g in &report.analysis.summary.groups {
                let name = g.group.clone().unwrap_or_default();
                let n = flagged.iter().filter(|f| f.groups.contains(&name)).count() as u64;
                assert_eq!(n, g.flagged, "{name}");
            }
            assert!(flagged.iter().any(|f| f.personal && !f.errors.is_empty()));
            assert!(flagged.iter().any(|f| f.errors.is_empty() && f.names.len() > 1));
        }
    }
}
