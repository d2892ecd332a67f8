//! The correction sheet: one line per problem of a (code, name, group),
//! made in parallel straight into one vector, sorted by content.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::decide::{action, shown, shown_cow, value_class};
use super::model::{Fix, RowClass};
use super::parallel::{par_map, par_map_indexed, par_map_owned, par_sort_by, par_zip_each};
use super::phases::phase;
use super::results::{Analysis, ErrorsInOrder};
use super::store::{self, CodeShard, CodeState, Kind, NONE, global, head, split};

impl Analysis {
    pub(super) fn fix_list(&self) -> Vec<Fix> {
        let t = super::phases::mark();
        // Where each line comes from, (code, entry, the value's place in its
        // shard's error codes or NONE), listed per shard in parallel; then
        // the lines are made in parallel straight into one vector.
        let problem = |st: &CodeState| value_class(st) != RowClass::Valid;
        let at: Vec<(u32, u32, u32)> = fill_per_shard(
            &self.codes,
            |shard| shard.states.iter().filter(|st| problem(st)).map(|st| st.entries.as_slice().len()).sum(),
            |s, shard, out| {
                let mut i = 0;
                let mut errors = ErrorsInOrder::of(self, s);
                for (l, st) in shard.states.iter().enumerate().filter(|(_, st)| problem(st)) {
                    let e = errors.place(l as u32).unwrap_or(NONE);
                    for k in 0..st.entries.as_slice().len() {
                        out[i] = (global(s, l as u32), k as u32, e);
                        i += 1;
                    }
                }
            },
        );
        // The lines are sorted by what they show, read from the analysis
        // (its strings shared, nothing copied), then made in that order:
        // sorting the made lines moved 200-byte structs, each with its own
        // copy of the group and value to compare.
        let mut keys: Vec<(LineKey<'_>, (u32, u32, u32))> =
            par_map(&at, |&(code, k, e)| (self.line_key(code, k as usize), (code, k, e)));
        let t = phase("fix list: keys", t);
        par_sort_by(&mut keys, |a, b| a.0.cmp(&b.0));
        let t = phase("fix list: sort", t);
        let fixes = par_map_owned(keys, |(key, (code, k, e))| self.fix_with(code, k as usize, e, key));
        phase("fix list: rows", t);
        fixes
    }

    /// What the line of a code's `k`-th entry shows and is sorted by.
    fn line_key(&self, code: u32, k: usize) -> LineKey<'_> {
        let (s, l) = split(code);
        let shard = &self.codes[s];
        let st = &shard.states[l];
        let e = &st.entries.as_slice()[k];
        // The name as the line's own row wrote it (trimmed).
        let name =
            shard.raw_names.of((l as u32, e.name, e.group), e.first_row).or_else(|| store::string(&self.names, e.name));
        LineKey {
            group: store::string(&self.groups, e.group),
            value: shown_cow(st.key(), st.kind == Kind::Personal, self.options.reveal_personal),
            name_head: name.map_or(0, head),
            name,
            row: e.first_row,
        }
    }

    /// The line of a code's `k`-th entry, whose key is read; `errors` is
    /// the code's place in its shard's error codes ([`NONE`]: none).
    fn fix_with(&self, code: u32, k: usize, errors: u32, line: LineKey<'_>) -> Fix {
        let (s, l) = split(code);
        let shard = &self.codes[s];
        let st = &shard.states[l];
        let key = st.key();
        let e = &st.entries.as_slice()[k];
        let personal = st.kind == Kind::Personal;
        // The value exactly as the line's row had it: its own raw form if
        // that row needed cleaning, else the value itself.
        let original = shard.raw.of((l as u32, e.name, e.group), e.first_row).unwrap_or(key);
        let correction = self.corrections.get(&(code, e.name)).cloned();
        let action = action(self.registry.as_ref(), st, key, store::string(&self.names, e.name), correction.as_ref());
        Fix {
            row: line.row,
            rows: u64::from(e.count.get()),
            original: shown(original, personal, self.options.reveal_personal),
            value: line.value.into_owned(),
            name: line.name.map(str::to_owned),
            group: line.group.map(str::to_owned),
            problem: value_class(st),
            findings: self.errors_at(s, errors).to_vec(),
            correction,
            action,
        }
    }
}

/// What a line of the fix list shows and is sorted by, in this order.
struct LineKey<'a> {
    group: Option<&'a str>,
    value: Cow<'a, str>,
    name: Option<&'a str>,
    /// The name's first 16 bytes as one number ([`head`]): two names are
    /// most often ordered by these alone, without reading their text
    /// (a million lines of one value under a million names).
    name_head: u128,
    row: u64,
}

impl LineKey<'_> {
    /// The order of the lines: by group, value, name and row, each string
    /// by its text (the same string of the analysis, most lines' group and
    /// many lines' value, is known equal without reading it).
    fn cmp(&self, other: &Self) -> Ordering {
        let text = |a: &str, b: &str| if std::ptr::eq(a, b) { Ordering::Equal } else { a.cmp(b) };
        let opt = |a: Option<&str>, b: Option<&str>| match (a, b) {
            (Some(a), Some(b)) => text(a, b),
            _ => a.cmp(&b),
        };
        opt(self.group, other.group)
            .then_with(|| text(&self.value, &other.value))
            .then_with(|| match (self.name, other.name) {
                (Some(a), Some(b)) => self.name_head.cmp(&other.name_head).then_with(|| text(a, b)),
                (a, b) => a.cmp(&b),
            })
            .then_with(|| self.row.cmp(&other.row))
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
