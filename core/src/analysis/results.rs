//! The finished analysis: its state, the error codes and corrections found
//! at finish, and the result of any row (`Analysis::classify`).

use std::num::NonZeroU32;

use super::decide::{Lookup, classes, correction, distinct_errors, judge, registry_remarks, row_findings, shown};
use super::duplicates::NameCodes;
use super::hash::{FastMap, FastSet, hash_bytes};
use super::model::{Correction, Fix, Options, Record, RowResult, Summary};
use super::names::normalize_name;
use super::parallel::{par_filter_map_range, par_map_indexed};
use super::partition::{NameCode, NameFacts};
use super::registry::Registry;
use super::store::{
    self, CodeShard, CodeState, Entry, HAS_NOTES, Interner, Key, Kind, NONE, ONE_CODE_MANY_NAMES, ONE_NAME_MANY_CODES,
    SHARED_ORG_CODE, global,
};
use crate::finding::FindingCode;

/// The result of [`Analyzer::finish`]: the summary, the correction sheet, and
/// the state to classify rows with.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub(super) options: Options,
    pub(super) registry: Option<Registry>,
    pub(super) codes: Vec<CodeShard>,
    pub(super) names: Vec<Interner>,
    pub(super) groups: Vec<Interner>,
    pub(super) corrections: FastMap<(u32, u32), Correction>,
    /// The error finding codes of each value that is not valid: per code
    /// shard, by local id, in order ([`ErrorsInOrder`], [`Analysis::errors_at`]).
    pub(super) errors: Vec<ShardErrors>,
    pub(super) records: u64,
    /// Counts overall and per group.
    pub summary: Summary,
    /// The correction sheet, made on first use (see [`Analysis::fixes`]).
    pub(super) fixes: std::sync::OnceLock<Vec<Fix>>,
    /// Names as the whole data set knows them, for a partition's analysis.
    pub(super) name_facts: Option<NameFacts>,
}

impl Analysis {
    /// The options used.
    #[must_use]
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Records analyzed.
    #[must_use]
    pub fn records(&self) -> u64 {
        self.records
    }

    /// The correction sheet: one line per problem (code, name, group),
    /// sorted by group, value, name and row. It is made, in parallel, on the
    /// first call, so that a caller who wants only the summary does not pay
    /// for it.
    pub fn fixes(&self) -> &[Fix] {
        self.fixes.get_or_init(|| {
            let fixes = self.fix_list();
            super::phases::print();
            fixes
        })
    }

    pub(super) fn state(&self, code: u32) -> &CodeState {
        store::state(&self.codes, code)
    }

    /// What the decisions read of the finished analysis.
    pub(super) fn lookup(&self) -> Lookup<'_> {
        Lookup {
            registry: self.registry.as_ref(),
            name_facts: self.name_facts.as_ref(),
            rules: &self.options.rules,
            names: &self.names,
            codes: &self.codes,
        }
    }

    pub(super) fn code_id(&self, key: &Key) -> Option<u32> {
        let h = key.hash();
        let s = key.shard(h);
        self.codes[s].find(h, key).map(|l| global(s, l))
    }

    /// The error finding codes of every value that is not valid, computed
    /// once for the summary and the correction sheet: per shard, in the
    /// order of the values' local ids.
    pub(super) fn all_error_codes(&self) -> Vec<ShardErrors> {
        par_map_indexed(&self.codes, |_, shard| {
            let mut out = Vec::new();
            for (l, st) in shard.states.iter().enumerate().filter(|(_, st)| st.kind != Kind::Valid) {
                out.push((l as u32, self.error_codes(st.key())));
            }
            out
        })
    }

    /// The error codes at place `at` of shard `s`'s list ([`ErrorsInOrder::place`]);
    /// none at [`NONE`], a value without a place there.
    pub(super) fn errors_at(&self, s: usize, at: u32) -> &[FindingCode] {
        self.errors.get(s).and_then(|list| list.get(at as usize)).map_or(&[], |e| &e.1)
    }

    /// The distinct error finding codes of a value.
    pub(super) fn error_codes(&self, value: &str) -> Vec<FindingCode> {
        distinct_errors(&self.options.rules.validate(value))
    }

    /// Corrections with evidence, per (invalid value, name).
    pub(super) fn find_corrections(&self, name_codes: &NameCodes) -> FastMap<(u32, u32), Correction> {
        let dup = ONE_CODE_MANY_NAMES | SHARED_ORG_CODE | ONE_NAME_MANY_CODES;
        let look = self.lookup();
        let per_shard = par_map_indexed(&self.codes, |s, shard| {
            let mut out = Vec::new();
            for (l, st) in shard.states.iter().enumerate() {
                if st.kind.usable() && (st.flags & dup == 0 || self.registry.is_none()) {
                    continue;
                }
                let value = st.key();
                let code = global(s, l as u32);
                for e in st.entries.as_slice() {
                    if let Some(c) = correction(&look, st, value, e.name, name_codes) {
                        out.push(((code, e.name), c));
                    }
                }
            }
            out
        });
        per_shard.into_iter().flatten().collect()
    }

    /// A row's result when the outputs list it (`None` for a plain row: a
    /// valid code with no finding, not repeated); [`Analysis::classify`]'s
    /// verdict, found without reading the row's name or group when its
    /// code is valid as written, has no flag and no other row.
    #[must_use]
    pub fn notable(&self, r: &Record<'_>) -> Option<RowResult> {
        if self.plain_alone(r) {
            return None;
        }
        Some(self.classify(r)).filter(|x| !x.is_plain())
    }

    /// Whether a row is the only row of a valid code as written, with no
    /// flag (no duplicate, no note, no warning) and no registry to compare
    /// with: a plain row, whatever its name.
    fn plain_alone(&self, r: &Record<'_>) -> bool {
        let Some(code) = written_code(r.code) else { return false };
        if self.registry.is_some() {
            return false;
        }
        let Some(id) = self.code_id(&Key::Code(code)) else { return false };
        let st = self.state(id);
        alone(st) && st.entries.as_slice()[0].first_row == r.row
    }

    /// [`Analysis::notable`] of every record the analysis was given,
    /// `record(i)` for each `i` in `0..n` (`None`: a record left out), in
    /// order. A record whose code is valid as written and not among the
    /// codes that can make a row notable (a set made first, small enough to
    /// stay in the cache) is plain without a lookup in the tables.
    pub(super) fn notable_of_pushed<'a>(
        &self,
        n: usize,
        record: impl Fn(usize) -> Option<Record<'a>> + Sync + Send,
    ) -> Vec<RowResult> {
        let marked = self.registry.is_none().then(|| self.marked_codes());
        par_filter_map_range(n, |i| {
            let r = record(i)?;
            if let Some(m) = &marked
                && written_code(r.code).is_some()
                && !m.contains(&hash_bytes(r.code.as_bytes()))
            {
                return None;
            }
            // A code in the set is never alone: the full verdict at once.
            Some(self.classify(&r)).filter(|x| !x.is_plain())
        })
    }

    /// The hashes of the codes of 18 characters whose rows may be notable:
    /// every one but those [`alone`].
    fn marked_codes(&self) -> FastSet<u64> {
        let per_shard = par_map_indexed(&self.codes, |_, shard| {
            shard
                .states
                .iter()
                .filter(|st| st.key().len() == 18 && !alone(st))
                .map(|st| hash_bytes(st.key().as_bytes()))
                .collect::<Vec<u64>>()
        });
        per_shard.into_iter().flatten().collect()
    }

    /// Classifies one row against the finished state: its primary class,
    /// every class that applies, its findings and any correction. A row that
    /// was pushed gets the class counted in the summary; any other row is
    /// judged against the same data set.
    #[must_use]
    pub fn classify(&self, r: &Record<'_>) -> RowResult {
        let (key, cleaned) = Key::of(r.code);
        let name_key = r.name.and_then(normalize_name);
        let name = name_key.as_deref().map_or(NONE, |n| store::lookup(&self.names, n));
        let group = r.group.map(str::trim).filter(|g| !g.is_empty()).map_or(NONE, |g| store::lookup(&self.groups, g));
        let owned;
        let (st, code) = if let Some(c) = self.code_id(&key) {
            (self.state(c), Some(c))
        } else {
            let (kind, flags) = judge(&self.options, self.registry.as_ref(), key.as_str());
            let entry = Entry { name, group, first_row: r.row, count: NonZeroU32::MIN, cleaned: 0 };
            owned = CodeState::new(key.clone(), kind, flags, entry);
            (&owned, None)
        };
        let repeated = st.entries.find(name, group).is_some_and(|e| e.first_row < r.row);
        let classes = classes(st, repeated);
        let mut findings = row_findings(&self.options.rules, r.code, st.flags & HAS_NOTES != 0, cleaned);
        findings.extend(classes.iter().filter_map(|c| c.finding()));
        let correction = code.and_then(|c| self.corrections.get(&(c, name)).cloned());
        let (not_in_registry, registry_name) =
            registry_remarks(self.registry.as_ref(), st, key.as_str(), name_key.as_deref());
        if not_in_registry {
            findings.push(FindingCode::NotInRegistry);
        }
        if registry_name.is_some() {
            findings.push(FindingCode::RegistryNameMismatch);
        }
        let value = shown(key.as_str(), st.kind == Kind::Personal, self.options.reveal_personal);
        RowResult {
            row: r.row,
            class: classes[0],
            value,
            needed_cleaning: cleaned,
            findings,
            classes,
            correction,
            not_in_registry,
            registry_name,
        }
    }
}

impl Analysis {
    /// Every (name, code) pair of this partition, usable or invalid codes
    /// only (no other kind of value takes part in a decision across
    /// partitions), each with its first row under that name.
    #[must_use]
    pub fn name_codes_seen(&self) -> Vec<NameCode> {
        let mut out = Vec::new();
        for shard in &self.codes {
            for st in shard.states.iter() {
                if !(st.kind.usable() || st.kind == Kind::Invalid) {
                    continue;
                }
                let code = st.key();
                let mut firsts: Vec<(u32, u64)> =
                    st.entries.as_slice().iter().filter(|e| e.name != NONE).map(|e| (e.name, e.first_row)).collect();
                firsts.sort_unstable();
                firsts.dedup_by(|b, a| a.0 == b.0);
                for (name, first_row) in firsts {
                    if let Some(text) = store::string(&self.names, name) {
                        out.push(NameCode {
                            name: text.to_owned(),
                            code: code.to_owned(),
                            first_row,
                            usable: st.kind.usable(),
                        });
                    }
                }
            }
        }
        out
    }
}

/// A value written as a code is (18 capital letters and digits), as its key.
fn written_code(value: &str) -> Option<[u8; 18]> {
    let code = <[u8; 18]>::try_from(value.as_bytes()).ok()?;
    code.iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()).then_some(code)
}

/// Whether a value is a valid code with no flag (no duplicate, no note, no
/// warning) and a single row: that row is plain, whatever its name.
fn alone(st: &CodeState) -> bool {
    st.kind == Kind::Valid && st.flags == 0 && matches!(st.entries.as_slice(), [e] if e.count.get() == 1)
}

/// A code shard's values that are not valid, each with its error finding
/// codes, by local id in increasing order.
pub(super) type ShardErrors = Vec<(u32, Vec<FindingCode>)>;

/// The error codes of a shard's values read in the order of their local
/// ids (a walk over the shard's states): each looked up by stepping
/// along the list, not searched.
pub(super) struct ErrorsInOrder<'a> {
    list: &'a [(u32, Vec<FindingCode>)],
    at: usize,
}

impl<'a> ErrorsInOrder<'a> {
    /// The walk over shard `s` of `analysis`.
    pub(super) fn of(analysis: &'a Analysis, s: usize) -> ErrorsInOrder<'a> {
        ErrorsInOrder { list: analysis.errors.get(s).map_or(&[], Vec::as_slice), at: 0 }
    }

    /// The place in the shard's list ([`Analysis::errors_at`]) of the value
    /// `local`, no lower than the last asked; `None` when it has no error.
    pub(super) fn place(&mut self, local: u32) -> Option<u32> {
        while self.list.get(self.at).is_some_and(|e| e.0 < local) {
            self.at += 1;
        }
        (self.list.get(self.at)?.0 == local).then_some(self.at as u32)
    }

    /// The error codes of the value `local`, no lower than the last asked.
    pub(super) fn next(&mut self, local: u32) -> &'a [FindingCode] {
        self.place(local).map_or(&[], |i| &self.list[i as usize].1)
    }
}
