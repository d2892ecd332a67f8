//! The summary: counts per group and overall, and the 重错码率 under the
//! options.

use super::decide::{flagged, value_class};
use super::hash::{FastMap, FastSet};
use super::model::{Denominator, GroupSummary, RowClass, Summary};
use super::parallel::{par_drop, par_map, par_map_indexed, par_sort_by};
use super::results::Analysis;
use super::store::{self, Entry, Kind, WARNED, global};
use super::store::{Interner, NONE};

impl Analysis {
    pub(super) fn summarize(&self) -> Summary {
        let t = super::phases::mark();
        let counted = self.options.counted();
        let per_record = self.options.denominator == Denominator::Records;
        let partials = par_map_indexed(&self.codes, |s, shard| {
            let mut overall = GroupSummary::default();
            // Each group's place in `groups`: the summaries (256 bytes) are
            // written once where they stay, never moved as the map grows.
            let mut places: FastMap<u32, u32> = FastMap::default();
            let mut groups: Vec<(u32, GroupSummary)> = Vec::new();
            let mut seen_groups: Vec<u32> = Vec::new();
            let mut seen_many: FastSet<u32> = FastSet::default();
            for (l, st) in shard.states.iter().enumerate() {
                let class = value_class(st);
                // A rate that leaves placeholders out of its denominator
                // leaves them out of its numerator too: it never passes 100%.
                let flagged = flagged(class, &counted, st, self.options.denominator);
                let errors = if st.kind == Kind::Valid { &[] } else { self.errors_of(global(s, l as u32)) };
                let add_code = |g: &mut GroupSummary| {
                    g.distinct_codes += 1;
                    g.codes[class.index()] += 1;
                    g.valid_with_warnings += u64::from(st.flags & WARNED != 0);
                    g.flagged += u64::from(flagged && !per_record);
                    for &e in errors {
                        *g.errors.entry(e).or_default() += 1;
                    }
                };
                let add_rows = |g: &mut GroupSummary, e: &Entry| {
                    let repeat_class = if class == RowClass::Valid { RowClass::RepeatedRow } else { class };
                    g.records += u64::from(e.count.get());
                    g.rows[class.index()] += 1;
                    g.rows[repeat_class.index()] += u64::from(e.count.get() - 1);
                    g.needed_cleaning += u64::from(e.cleaned);
                    // With a per-record denominator the numerator counts rows.
                    g.flagged += u64::from(e.count.get()) * u64::from(flagged && per_record);
                };
                add_code(&mut overall);
                seen_groups.clear();
                seen_many.clear();
                // A value with many entries (one code under a million
                // names, a group per row) is looked up in a set, not a list.
                let many = st.entries.as_slice().len() > 16;
                for e in st.entries.as_slice() {
                    add_rows(&mut overall, e);
                    let place = *places.entry(e.group).or_insert_with(|| {
                        groups.push((e.group, GroupSummary::default()));
                        (groups.len() - 1) as u32
                    });
                    let g = &mut groups[place as usize].1;
                    add_rows(g, e);
                    let new = if many {
                        seen_many.insert(e.group)
                    } else if seen_groups.contains(&e.group) {
                        false
                    } else {
                        seen_groups.push(e.group);
                        true
                    };
                    if new {
                        add_code(g);
                    }
                }
            }
            (overall, groups)
        });
        let t = super::phases::phase("summary: shards", t);
        let mut overall = GroupSummary::default();
        // Each shard's groups; a group met in several shards is merged below.
        let mut parts: Vec<Vec<(u32, GroupSummary)>> = Vec::with_capacity(partials.len());
        for (o, groups) in partials {
            overall.merge(&o);
            parts.push(groups);
        }
        let InOrder { order, runs } = in_order(&self.groups, &parts);
        let t = super::phases::phase("summary: order", t);
        // Each group's summary made from its run of parts on the threads (a
        // million groups' summaries are 256 MB to write).
        let mut groups: Vec<GroupSummary> = par_map(&runs, |&(from, to)| {
            let (p, i) = order[from];
            let id = parts[p as usize][i as usize].0;
            let mut g =
                GroupSummary { group: store::string(&self.groups, id).map(str::to_owned), ..GroupSummary::default() };
            for &(p, i) in &order[from..to] {
                g.merge(&parts[p as usize][i as usize].1);
            }
            g
        });
        par_drop(parts);
        for g in groups.iter_mut().chain(std::iter::once(&mut overall)) {
            g.denominator = match self.options.denominator {
                Denominator::DistinctValues => g.distinct_codes,
                Denominator::DistinctNonPlaceholder => g.distinct_codes - g.codes[RowClass::Placeholder.index()],
                Denominator::Records => g.records,
            };
        }
        super::phases::phase("summary: groups", t);
        Summary { overall, groups, denominator: self.options.denominator, counted }
    }
}

/// Each part's place (shard, index) in the order of its group's name, and
/// each group's run of places: the distinct groups ranked once
/// ([`group_ranks`]), then the parts counted into their ranks. The
/// summaries themselves are never sorted (a group per row makes a million
/// of them): each is read once, in this order.
fn in_order(groups: &[Interner], parts: &[Vec<(u32, GroupSummary)>]) -> InOrder {
    let ranks = group_ranks(groups);
    let rank_of = |id: u32| -> usize {
        if id == NONE {
            return 0;
        }
        let (s, l) = store::split(id);
        ranks[s][l] as usize
    };
    let mut starts = vec![0usize; ranks.iter().map(Vec::len).sum::<usize>() + 2];
    for (id, _) in parts.iter().flatten() {
        starts[rank_of(*id) + 1] += 1;
    }
    for r in 1..starts.len() {
        starts[r] += starts[r - 1];
    }
    let mut order = vec![(0u32, 0u32); starts[starts.len() - 1]];
    let mut next = starts.clone();
    for (p, part) in parts.iter().enumerate() {
        for (i, (id, _)) in part.iter().enumerate() {
            let r = rank_of(*id);
            order[next[r]] = (p as u32, i as u32);
            next[r] += 1;
        }
    }
    let runs = starts.windows(2).filter(|w| w[0] < w[1]).map(|w| (w[0], w[1])).collect();
    InOrder { order, runs }
}

/// The parts in the order of their groups' names.
struct InOrder {
    /// Each part's (shard, index).
    order: Vec<(u32, u32)>,
    /// Each group's run in `order`: from, to.
    runs: Vec<(usize, usize)>,
}

/// Each distinct group's rank in the order of the groups' names, from 1
/// (0 is for rows without a group, which come first), by shard and local
/// id. The names are sorted by their first 16 bytes as one number, and by
/// the whole text where those are the same: the order of the text itself,
/// at the cost of a number compare for almost every pair.
fn group_ranks(groups: &[Interner]) -> Vec<Vec<u32>> {
    let prefix = |text: &str| -> u128 {
        let mut head = [0u8; 16];
        let n = text.len().min(16);
        head[..n].copy_from_slice(&text.as_bytes()[..n]);
        u128::from_be_bytes(head)
    };
    let mut all: Vec<(u128, u32)> = par_map_indexed(groups, |s, g| {
        (0..g.len()).map(|l| (prefix(g.get(l).unwrap_or_default()), global(s, l as u32))).collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect();
    par_sort_by(&mut all, |a, b| {
        a.0.cmp(&b.0).then_with(|| store::string(groups, a.1).cmp(&store::string(groups, b.1)))
    });
    let mut ranks: Vec<Vec<u32>> = groups.iter().map(|g| vec![0; g.len()]).collect();
    for (r, &(_, id)) in all.iter().enumerate() {
        let (s, l) = store::split(id);
        ranks[s][l] = r as u32 + 1;
    }
    ranks
}
