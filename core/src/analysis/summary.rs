//! The summary: counts per group and overall, and the 重错码率 under the
//! options.

use super::decide::{flagged, value_class};
use super::hash::FastSet;
use super::model::{Denominator, GroupSummary, RowClass, Summary};
use super::parallel::{par_drop, par_filter_map_range, par_map, par_map_indexed, par_sort_by};
use super::results::{Analysis, ErrorsInOrder};
use super::store::{self, CodeState, Entry, WARNED, global, head};
use super::store::{Interner, NONE};
use crate::finding::FindingCode;

/// Above this many distinct groups the summary counts each value's entries
/// by their group's rank ([`Analysis::sparse_groups`]) rather than in a
/// summary per group and code shard: a million groups, each in one shard,
/// made a million partial summaries of 256 bytes to merge.
const MANY_GROUPS: usize = 1024;

impl Analysis {
    pub(super) fn summarize(&self) -> Summary {
        let t = super::phases::mark();
        let counted = self.options.counted();
        let groups_met: usize = self.groups.iter().map(Interner::len).sum();
        let (mut overall, mut groups) =
            if groups_met > MANY_GROUPS { self.sparse_groups(&counted) } else { self.dense_groups(&counted) };
        let t = super::phases::phase("summary: groups", t);
        for g in groups.iter_mut().chain(std::iter::once(&mut overall)) {
            g.denominator = match self.options.denominator {
                Denominator::DistinctValues => g.distinct_codes,
                Denominator::DistinctNonPlaceholder => g.distinct_codes - g.codes[RowClass::Placeholder.index()],
                Denominator::Records => g.records,
            };
        }
        super::phases::phase("summary: rates", t);
        Summary { overall, groups, denominator: self.options.denominator, counted }
    }

    /// What a distinct value adds to the summaries it is counted in; its
    /// error codes read by the caller ([`ErrorsInOrder`]).
    fn value<'a>(&self, st: &CodeState, counted: &[RowClass], errors: &'a [FindingCode]) -> Value<'a> {
        let class = value_class(st);
        Value {
            class,
            // A rate that leaves placeholders out of its denominator
            // leaves them out of its numerator too: it never passes 100%.
            flagged: flagged(class, counted, st, self.options.denominator),
            warned: st.flags & WARNED != 0,
            errors,
            per_record: self.options.denominator == Denominator::Records,
        }
    }

    /// The overall summary and the groups', in the order of their names:
    /// each code shard counts its values into a summary per group it
    /// meets, and a group's summaries are then merged (a few groups).
    fn dense_groups(&self, counted: &[RowClass]) -> (GroupSummary, Vec<GroupSummary>) {
        let ranked = group_ranks(&self.groups);
        let partials = par_map_indexed(&self.codes, |s, shard| {
            let mut overall = GroupSummary::default();
            // Each group's place in `groups`, by rank: the summaries (256
            // bytes) are written once where they stay.
            let mut places = vec![NONE; ranked.ids.len() + 1];
            let mut groups: Vec<GroupSummary> = Vec::new();
            let mut firsts = FirstInGroup::default();
            let mut errors = ErrorsInOrder::of(self, s);
            for (l, st) in shard.states.iter().enumerate() {
                let v = self.value(st, counted, errors.next(l as u32));
                v.add_code(&mut overall);
                firsts.start(st.entries.as_slice().len());
                for e in st.entries.as_slice() {
                    v.add_rows(&mut overall, e);
                    let place = &mut places[ranked.rank(e.group) as usize];
                    if *place == NONE {
                        *place = groups.len() as u32;
                        groups.push(GroupSummary::default());
                    }
                    let g = &mut groups[*place as usize];
                    v.add_rows(g, e);
                    if firsts.first(e.group) {
                        v.add_code(g);
                    }
                }
            }
            (overall, places, groups)
        });
        let mut overall = GroupSummary::default();
        for (o, _, _) in &partials {
            overall.merge(o);
        }
        // Each group's summary made from the shards' on the threads.
        let groups = par_filter_map_range(ranked.ids.len() + 1, |r| {
            let mut g: Option<GroupSummary> = None;
            for (_, places, parts) in &partials {
                if let Some(part) = parts.get(places[r] as usize) {
                    g.get_or_insert_with(|| GroupSummary {
                        group: ranked.name(&self.groups, r),
                        ..GroupSummary::default()
                    })
                    .merge(part);
                }
            }
            g
        });
        (overall, groups)
    }

    /// [`Analysis::dense_groups`] for a data set with many groups (a group
    /// per row): each code shard lists what each of its values' entries
    /// adds to its group (a [`Share`] of 24 bytes, its group known by
    /// rank), the shares are counted into the order of the ranks, and each
    /// group's summary is made once from its run, on the threads.
    fn sparse_groups(&self, counted: &[RowClass]) -> (GroupSummary, Vec<GroupSummary>) {
        let t = super::phases::mark();
        let ranked = group_ranks(&self.groups);
        let t = super::phases::phase("summary: ranks", t);
        let partials = par_map_indexed(&self.codes, |s, shard| {
            let mut overall = GroupSummary::default();
            let mut shares = Vec::with_capacity(shard.states.len());
            let mut firsts = FirstInGroup::default();
            let mut errors = ErrorsInOrder::of(self, s);
            for (l, st) in shard.states.iter().enumerate() {
                let place = errors.place(l as u32).unwrap_or(NONE);
                let v = self.value(st, counted, self.errors_at(s, place));
                v.add_code(&mut overall);
                firsts.start(st.entries.as_slice().len());
                for e in st.entries.as_slice() {
                    v.add_rows(&mut overall, e);
                    shares.push(Share {
                        rank: ranked.rank(e.group),
                        code: global(s, l as u32),
                        count: e.count.get(),
                        cleaned: e.cleaned,
                        class: v.class.index() as u8,
                        first: firsts.first(e.group),
                        flagged: v.flagged,
                        warned: v.warned,
                        errors: place,
                    });
                }
            }
            (overall, shares)
        });
        let t = super::phases::phase("summary: shares", t);
        let mut overall = GroupSummary::default();
        for (o, _) in &partials {
            overall.merge(o);
        }
        // The shares in the order of their groups' ranks (a counting sort);
        // rank 0 is for entries without a group.
        let mut starts = vec![0usize; ranked.ids.len() + 2];
        for share in partials.iter().flat_map(|p| &p.1) {
            starts[share.rank as usize + 1] += 1;
        }
        for r in 1..starts.len() {
            starts[r] += starts[r - 1];
        }
        let mut sorted = vec![Share::default(); starts[starts.len() - 1]];
        let mut next = starts.clone();
        for share in partials.iter().flat_map(|p| &p.1) {
            sorted[next[share.rank as usize]] = *share;
            next[share.rank as usize] += 1;
        }
        par_drop(partials);
        let t = super::phases::phase("summary: shares in order", t);
        let runs: Vec<usize> = (0..starts.len() - 1).filter(|&r| starts[r] < starts[r + 1]).collect();
        let per_record = self.options.denominator == Denominator::Records;
        let groups = par_map(&runs, |&r| {
            let mut g = GroupSummary { group: ranked.name(&self.groups, r), ..GroupSummary::default() };
            for share in &sorted[starts[r]..starts[r + 1]] {
                let v = Value {
                    class: RowClass::ALL[share.class as usize],
                    flagged: share.flagged,
                    warned: share.warned,
                    errors: self.errors_at(store::split(share.code).0, share.errors),
                    per_record,
                };
                v.add_rows_of(&mut g, share.count, share.cleaned);
                if share.first {
                    v.add_code(&mut g);
                }
            }
            g
        });
        super::phases::phase("summary: each group's", t);
        (overall, groups)
    }
}

/// What a distinct value adds to the summaries it is counted in, read
/// once from its state.
#[derive(Clone, Copy)]
struct Value<'a> {
    class: RowClass,
    /// Counted in the rate's numerator under the options.
    flagged: bool,
    /// Valid with a warning (an unknown division code).
    warned: bool,
    /// Its distinct error finding codes.
    errors: &'a [FindingCode],
    /// The numerator counts rows (a per-record denominator), not values.
    per_record: bool,
}

impl Value<'_> {
    /// The value itself, once in each summary it is in.
    fn add_code(&self, g: &mut GroupSummary) {
        g.distinct_codes += 1;
        g.codes[self.class.index()] += 1;
        g.valid_with_warnings += u64::from(self.warned);
        g.flagged += u64::from(self.flagged && !self.per_record);
        for &e in self.errors {
            *g.errors.entry(e).or_default() += 1;
        }
    }

    /// An entry's rows.
    fn add_rows(&self, g: &mut GroupSummary, e: &Entry) {
        self.add_rows_of(g, e.count.get(), e.cleaned);
    }

    /// `count` rows of the value, `cleaned` of them cleaned: the first in
    /// the value's class, the rest repeated rows (of a valid value) or
    /// more of its class.
    fn add_rows_of(&self, g: &mut GroupSummary, count: u32, cleaned: u32) {
        let repeat_class = if self.class == RowClass::Valid { RowClass::RepeatedRow } else { self.class };
        g.records += u64::from(count);
        g.rows[self.class.index()] += 1;
        g.rows[repeat_class.index()] += u64::from(count - 1);
        g.needed_cleaning += u64::from(cleaned);
        g.flagged += u64::from(count) * u64::from(self.flagged && self.per_record);
    }
}

/// Which of a value's entries is the first in its group: the value is
/// counted once in each group it is in.
#[derive(Default)]
struct FirstInGroup {
    seen: Vec<u32>,
    /// For a value with many entries (one code under a million names, a
    /// group per row): a set, not a list.
    many: Option<FastSet<u32>>,
}

impl FirstInGroup {
    /// Starts a value with `entries` entries.
    fn start(&mut self, entries: usize) {
        self.seen.clear();
        self.many = (entries > 16).then(|| {
            let mut set = self.many.take().unwrap_or_default();
            set.clear();
            set
        });
    }

    /// Whether `group` is met for the first time in this value.
    fn first(&mut self, group: u32) -> bool {
        match &mut self.many {
            Some(set) => set.insert(group),
            None if self.seen.contains(&group) => false,
            None => {
                self.seen.push(group);
                true
            }
        }
    }
}

/// What an entry adds to its group's summary, the group known by rank
/// ([`Analysis::sparse_groups`]).
#[derive(Clone, Copy, Default)]
struct Share {
    rank: u32,
    /// The value (its global id).
    code: u32,
    count: u32,
    cleaned: u32,
    /// The value's place in its shard's error codes ([`NONE`]: none).
    errors: u32,
    /// The value's class, as its index in [`RowClass::ALL`].
    class: u8,
    /// The value's first entry in this group: the value is counted here.
    first: bool,
    flagged: bool,
    warned: bool,
}

/// The distinct groups ranked in the order of their names.
struct Ranked {
    /// Each group's rank, from 1 (0 is for rows without a group, which
    /// come first), by shard and local id.
    ranks: Vec<Vec<u32>>,
    /// The group (global id) of each rank from 1.
    ids: Vec<u32>,
}

impl Ranked {
    /// A group's rank (0 for [`NONE`], no group).
    fn rank(&self, id: u32) -> u32 {
        if id == NONE {
            return 0;
        }
        let (s, l) = store::split(id);
        self.ranks[s][l]
    }

    /// The name of the group of rank `r` (`None` for rank 0).
    fn name(&self, groups: &[Interner], r: usize) -> Option<String> {
        r.checked_sub(1).and_then(|i| store::string(groups, self.ids[i])).map(str::to_owned)
    }
}

/// Ranks the distinct groups in the order of their names. Each group is
/// one number, the first 12 bytes of its [`head`] above its id, and the
/// numbers are sorted (a million groups' 16 MB); groups whose first 12
/// bytes are the same are then sorted by their whole text: the order of
/// the text itself.
fn group_ranks(groups: &[Interner]) -> Ranked {
    let key = |text: &str, id: u32| -> u128 { head(text) & !u128::from(u32::MAX) | u128::from(id) };
    let mut all: Vec<u128> = Vec::with_capacity(groups.iter().map(Interner::len).sum());
    for (s, g) in groups.iter().enumerate() {
        all.extend((0..g.len()).map(|l| key(g.get(l).unwrap_or_default(), global(s, l as u32))));
    }
    par_sort_by(&mut all, u128::cmp);
    let text = |k: &u128| store::string(groups, *k as u32);
    let mut start = 0;
    while start < all.len() {
        let head = all[start] >> 32;
        let run = all[start..].iter().take_while(|&&k| k >> 32 == head).count();
        if run > 1 {
            par_sort_by(&mut all[start..start + run], |a, b| text(a).cmp(&text(b)));
        }
        start += run;
    }
    let mut ranks: Vec<Vec<u32>> = groups.iter().map(|g| vec![0; g.len()]).collect();
    let ids: Vec<u32> = all.into_iter().map(|k| k as u32).collect();
    for (r, &id) in ids.iter().enumerate() {
        let (s, l) = store::split(id);
        ranks[s][l] = r as u32 + 1;
    }
    Ranked { ranks, ids }
}

#[cfg(test)]
mod tests {
    use super::super::synth::{SynthOptions, generate};
    use super::super::{Analyzer, Denominator, Options, Record};

    /// Counting by rank (many groups) gives the summaries that a summary
    /// per group and shard gives, under every denominator.
    #[test]
    fn sparse_groups_count_as_dense_ones() {
        let groups: Vec<String> = (0..3000).map(|i| format!("局{i}")).collect();
        let options = SynthOptions {
            records: 30_000,
            errors_per_mille: 150,
            duplicates_per_mille: 150,
            groups,
            ..SynthOptions::default()
        };
        let data = generate(17, &options);
        for denominator in [Denominator::DistinctValues, Denominator::DistinctNonPlaceholder, Denominator::Records] {
            let mut a = Analyzer::new(Options { denominator, ..Options::default() });
            // Every tenth row without a group.
            let records: Vec<Record<'_>> = data
                .iter()
                .map(|r| Record::new(r.row, &r.code, Some(&r.name), (r.row % 10 != 0).then_some(r.group.as_str())))
                .collect();
            for chunk in records.chunks(4096) {
                a.push(chunk);
            }
            let analysis = a.finish();
            let counted = analysis.options.counted();
            let (dense, sparse) = (analysis.dense_groups(&counted), analysis.sparse_groups(&counted));
            assert!(dense.1.len() > 2000, "{}", dense.1.len());
            assert_eq!(dense.1[0].group, None);
            assert!(dense.1.iter().any(|g| !g.errors.is_empty() && g.records > 1));
            assert!(dense == sparse, "{denominator:?}");
            // The summary itself counted by rank (its rates set after).
            let mut groups = analysis.summary.groups.clone();
            for g in &mut groups {
                g.denominator = 0;
            }
            assert!(groups == sparse.1);
        }
    }
}
