//! The correction sheet: one line per problem of a (code, name, group),
//! made in parallel straight into one vector, sorted by content.

use super::decide::{action, shown, value_class};
use super::model::{Fix, RowClass};
use super::parallel::{par_map, par_map_indexed, par_sort_by, par_zip_each};
use super::phases::phase;
use super::results::Analysis;
use super::store::{self, CodeShard, CodeState, Kind, global, split};

impl Analysis {
    pub(super) fn fix_list(&self) -> Vec<Fix> {
        let t = super::phases::mark();
        // Where each line comes from, (code, entry), listed per shard in
        // parallel; then the lines are made in parallel straight into one
        // vector.
        let problem = |st: &CodeState| value_class(st) != RowClass::Valid;
        let at: Vec<(u32, u32)> = fill_per_shard(
            &self.codes,
            |shard| shard.states.iter().filter(|st| problem(st)).map(|st| st.entries.as_slice().len()).sum(),
            |s, shard, out| {
                let mut i = 0;
                for (l, st) in shard.states.iter().enumerate().filter(|(_, st)| problem(st)) {
                    for k in 0..st.entries.as_slice().len() {
                        out[i] = (global(s, l as u32), k as u32);
                        i += 1;
                    }
                }
            },
        );
        let mut fixes: Vec<Fix> = par_map(&at, |&(code, k)| self.fix(code, k as usize));
        let t = phase("fix list: rows", t);
        par_sort_by(&mut fixes, |a, b| (&a.group, &a.value, &a.name, a.row).cmp(&(&b.group, &b.value, &b.name, b.row)));
        phase("fix list: sort", t);
        fixes
    }

    /// The line of the fix list for a code's `k`-th entry.
    pub(super) fn fix(&self, code: u32, k: usize) -> Fix {
        let (s, l) = split(code);
        let shard = &self.codes[s];
        let st = &shard.states[l];
        let key = st.key();
        let e = &st.entries.as_slice()[k];
        let personal = st.kind == Kind::Personal;
        let show = |v: &str| shown(v, personal, self.options.reveal_personal);
        // The value exactly as the line's row had it: its own raw form if
        // that row needed cleaning, else the value itself.
        let original =
            shard.raw.get(&(l as u32, e.name, e.group)).filter(|r| r.0 == e.first_row).map_or(key, |r| &*r.1);
        let correction = self.corrections.get(&(code, e.name)).cloned();
        let action = action(self.registry.as_ref(), st, key, store::string(&self.names, e.name), correction.as_ref());
        Fix {
            row: e.first_row,
            rows: u64::from(e.count.get()),
            original: show(original),
            value: show(key),
            // The name as the line's own row wrote it (trimmed).
            name: shard
                .raw_names
                .get(&(l as u32, e.name, e.group))
                .filter(|r| r.0 == e.first_row)
                .map(|r| &*r.1)
                .or_else(|| store::string(&self.names, e.name))
                .map(str::to_owned),
            group: store::string(&self.groups, e.group).map(str::to_owned),
            problem: value_class(st),
            findings: self.errors_of(code).to_vec(),
            correction,
            action,
        }
    }
}

/// One vector filled by every shard in parallel, each into its own slice:
/// `count` says how many items a shard gives, `fill` writes exactly those.
pub(super) fn fill_per_shard<T: Copy + Default + Send>(
    shards: &[CodeShard],
    count: impl Fn(&CodeShard) -> usize + Sync + Send,
    fill: impl Fn(usize, &CodeShard, &mut [T]) + Sync + Send,
) -> Vec<T> {
    let counts = par_map_indexed(shards, |_, shard| count(shard));
    let mut out = vec![T::default(); counts.iter().sum()];
    let mut slices = Vec::with_capacity(shards.len());
    let mut rest = out.as_mut_slice();
    for &n in &counts {
        let (head, tail) = rest.split_at_mut(n);
        slices.push(head);
        rest = tail;
    }
    par_zip_each(shards, &mut slices, |s, shard, slice| fill(s, shard, slice));
    out
}
