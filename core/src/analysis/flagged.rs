//! The distinct values counted in the 重错码率's numerator, each with what
//! a run history keeps of it: its class, its errors, the groups and names
//! it was published under.

use super::decide::{flagged, value_class};
use super::model::RowClass;
use super::parallel::par_map_indexed;
use super::results::{Analysis, ErrorsInOrder};
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

/// A flagged value as the analysis holds it, borrowed: what
/// [`Analysis::each_flagged`] hands over, without copying a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flagged<'a> {
    /// The normalized value, in clear (see [`FlaggedCode::value`]).
    pub value: &'a str,
    /// Whether the value is (or has the shape of) a personal identity number.
    pub personal: bool,
    /// Its class.
    pub class: RowClass,
    /// Its distinct error finding codes.
    pub errors: &'a [FindingCode],
    /// The groups it was published in, sorted, each once.
    pub groups: &'a [&'a str],
    /// The names it was published under, sorted, each once.
    pub names: &'a [&'a str],
}

impl Flagged<'_> {
    /// The value with its own strings.
    #[must_use]
    pub fn to_flagged_code(&self) -> FlaggedCode {
        FlaggedCode {
            value: self.value.to_owned(),
            personal: self.personal,
            class: self.class,
            errors: self.errors.to_vec(),
            groups: self.groups.iter().map(|g| (*g).to_owned()).collect(),
            names: self.names.iter().map(|n| (*n).to_owned()).collect(),
        }
    }
}

impl Analysis {
    /// Every distinct value counted in the 重错码率's numerator under the
    /// options, sorted by value: the same values the summary's `flagged`
    /// counts (with a per-record denominator, each value once).
    #[must_use]
    pub fn flagged_codes(&self) -> Vec<FlaggedCode> {
        let mut out: Vec<FlaggedCode> =
            self.each_flagged(|f: &Flagged<'_>| f.to_flagged_code()).into_iter().flatten().collect();
        out.sort_unstable_by(|a, b| a.value.cmp(&b.value));
        out
    }

    /// The same values as [`Analysis::flagged_codes`], each handed to `f`
    /// borrowed, on the analysis's threads: what `f` makes of them, part by
    /// part (one part per shard of the values), in no set order.
    pub fn each_flagged<T: Send>(&self, f: impl Fn(&Flagged<'_>) -> T + Sync + Send) -> Vec<Vec<T>> {
        par_map_indexed(&self.codes, |s, shard| self.flagged_in(s, shard, &f))
    }

    /// [`Analysis::each_flagged`], each part handed to `part` as soon as it
    /// is made (on the analysis's threads), for work that goes on beside
    /// the making of the next (as the run history's writer does).
    pub fn each_flagged_part<T: Send>(
        &self,
        f: impl Fn(&Flagged<'_>) -> T + Sync + Send,
        part: impl Fn(Vec<T>) + Sync + Send,
    ) {
        par_map_indexed(&self.codes, |s, shard| part(self.flagged_in(s, shard, &f)));
    }

    /// What `f` makes of the flagged values of shard `s`.
    fn flagged_in<T>(&self, s: usize, shard: &store::CodeShard, f: &impl Fn(&Flagged<'_>) -> T) -> Vec<T> {
        let counted = self.options.counted();
        let duplicate = ONE_CODE_MANY_NAMES | SHARED_ORG_CODE | ONE_NAME_MANY_CODES;
        let mut out = Vec::new();
        let (mut groups, mut names): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
        let mut errors = ErrorsInOrder::of(self, s);
        for (l, st) in shard.states.iter().enumerate() {
            // A plainly valid code is never counted: skipped unread.
            if st.kind == Kind::Valid && st.flags & duplicate == 0 {
                continue;
            }
            let class = value_class(st);
            if !flagged(class, &counted, st, self.options.denominator) {
                continue;
            }
            groups.clear();
            names.clear();
            for e in st.entries.as_slice() {
                groups.extend(store::string(&self.groups, e.group));
                names.extend(store::string(&self.names, e.name));
            }
            for v in [&mut groups, &mut names] {
                v.sort_unstable();
                v.dedup();
            }
            let errors = errors.next(l as u32);
            out.push(f(&Flagged {
                value: st.key(),
                personal: st.kind == Kind::Personal || crate::validate::looks_personal(st.key()),
                class,
                errors,
                groups: &groups,
                names: &names,
            }));
        }
        out
    }
}
