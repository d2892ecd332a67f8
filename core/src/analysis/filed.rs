//! The names and codes steps in two halves. A chunk's records are first
//! filed under their name shard (the name's hash and text) and their code
//! shard (the code's key and hash, the group's id, the row), each as an
//! owned record; once about a million are filed (or the data ends), each
//! name shard interns its filed names, then each code shard merges its
//! filed records into its states, both in the order of the table slots
//! their hashes point to. A shard's table is then read from its start to
//! its end, and what is seen for the first time is written one item after
//! another: where a chunk's few hundred records a shard met its table and
//! states at random (a miss each), an epoch's tens of thousands sweep them
//! (docs/analysis.md, steps 3 and 4).
//!
//! The records of one code keep the order they were filed in (the buckets
//! are filled by a counting sort, which keeps order), so each code's entries
//! are made as they were when every chunk was merged at once; only the
//! order of the names and states in their shards (their local ids) differs,
//! and no result depends on it (the outputs are sorted by what they show;
//! the chunking, epoch and thread-count tests hold them equal).

use std::num::NonZeroU32;
use std::ops::Range;
use std::sync::atomic::{AtomicU32, Ordering};

use super::decide::judge;
use super::hash::prefetch;
use super::ingest::Prep;
use super::model::{Options, Record};
use super::names::normalize_name_onto;
use super::registry::Registry;
use super::store::{AHEAD, CodeShard, CodeState, Entry, Interner, Key, NONE, parts};

/// The most records filed (all shards together) before the shards merge
/// them: a shard's share (8 k of half a million over 64 shards) is dense
/// enough in a table of ten million codes that the merge reads it as a
/// sweep, and the filed records (about 130 bytes each, names' text
/// included) are kept from epoch to epoch. A million took as long on the
/// 10 M-row file and 57 MB more at its peak; a quarter of a million 3%
/// more time.
pub(super) const EPOCH: usize = 1 << 19;

/// The fewest: with small tables (they fit in the cache) a merge gains
/// little from more, and the records filed are memory the data set's
/// states do not need.
const FEWEST: usize = 1 << 16;

/// How many records to file before merging, for code tables of `slots`
/// slots in all: about one record for every 8 slots (a cache line of the
/// table), within [`FEWEST`] and `most`.
pub(super) fn epoch(slots: usize, most: usize) -> usize {
    (slots / 8).clamp(FEWEST, EPOCH).min(most)
}

/// The buckets a shard's filed records are counted into: the top bits of
/// the 32 that place a slot ([`super::hash::IdTable`]), so that each
/// bucket's records look at a few neighbouring cache lines of the table.
const BUCKET_BITS: u32 = 12;

/// A record filed for its code shard.
#[derive(Debug, Clone)]
struct Filed {
    key: Key,
    hash: u64,
    row: u64,
    /// The record's place in the epoch, where its name's id will be once
    /// the names are merged ([`NONE`]: no name).
    name: u32,
    group: u32,
    /// Its raw forms' place in [`Pending::raws`], or [`NONE`].
    raw: u32,
    cleaned: bool,
}

/// Where the raw forms a filed record keeps for the correction sheet lie
/// in [`Pending::raw_text`]: the value as its row had it (when that needed
/// cleaning) and the name as written (when it needed normalizing).
type Raws = (Option<Range<usize>>, Option<Range<usize>>);

/// A shard's filed records, and the lists its merge works in (kept from
/// epoch to epoch).
#[derive(Debug, Clone, Default)]
pub(super) struct Pending {
    filed: Vec<Filed>,
    raws: Vec<Raws>,
    /// The raw forms' text, one after another.
    raw_text: String,
    counts: Vec<u32>,
    order: Vec<u32>,
}

impl Pending {
    /// Files a prepared record with its group's id and, when it has a name,
    /// its place in the epoch (where its name's id will be).
    #[inline]
    pub(super) fn file(&mut self, p: &Prep<'_>, r: &Record<'_>, name: u32, group: u32) {
        // A value whose only change is no mess (a float's `e`) still keeps
        // its raw form for the sheet.
        let raw_code = (p.cleaned || matches!(p.key, Key::Other(_)) && p.key.as_str() != r.code).then_some(r.code);
        // A name that needed normalization: its raw form, for the sheet to
        // show the name as the line's row wrote it.
        let raw_name = matches!(p.name, Some((_, true))).then(|| r.name.unwrap_or_default().trim());
        let raw = if raw_code.is_some() || raw_name.is_some() {
            let text = &mut self.raw_text;
            let mut keep = |s: &str| {
                text.push_str(s);
                text.len() - s.len()..text.len()
            };
            let code = raw_code.map(&mut keep);
            self.raws.push((code, raw_name.map(keep)));
            (self.raws.len() - 1) as u32
        } else {
            NONE
        };
        self.filed.push(Filed {
            key: p.key.clone(),
            hash: p.key_hash,
            row: r.row,
            name,
            group,
            raw,
            cleaned: p.cleaned,
        });
    }

    /// Gives the memory back (the data has ended).
    pub(super) fn release(&mut self) {
        *self = Pending::default();
    }
}

/// The bucket of a hash: the top bits of the 32 that place its slot.
#[inline]
fn bucket(hash: u64) -> usize {
    (hash as u32 >> (32 - BUCKET_BITS)) as usize
}

/// `order` made the indices `0..n` counted into their buckets (a counting
/// sort: the indices of one bucket stay in order).
fn order_by_bucket(counts: &mut Vec<u32>, order: &mut Vec<u32>, n: usize, bucket_of: impl Fn(usize) -> usize) {
    counts.clear();
    counts.resize((1 << BUCKET_BITS) + 1, 0);
    for i in 0..n {
        counts[bucket_of(i) + 1] += 1;
    }
    for b in 1..counts.len() {
        counts[b] += counts[b - 1];
    }
    order.clear();
    order.resize(n, 0);
    for i in 0..n {
        let at = &mut counts[bucket_of(i)];
        order[*at as usize] = i as u32;
        *at += 1;
    }
}

/// A name filed for its shard: its hash, where its text lies in the
/// shard's text of the epoch, and its record's place in the epoch.
#[derive(Debug, Clone, Copy)]
struct FiledName {
    hash: u128,
    start: u32,
    end: u32,
    at: u32,
}

/// A name shard's filed names and the lists its merge works in (kept from
/// epoch to epoch).
#[derive(Debug, Clone, Default)]
pub(super) struct PendingNames {
    filed: Vec<FiledName>,
    text: String,
    counts: Vec<u32>,
    order: Vec<u32>,
}

impl PendingNames {
    /// Files a record's name (its normal form, made here when `changed`:
    /// it differs from the name as written); `at` is the record's place in
    /// the epoch.
    #[inline]
    pub(super) fn file(&mut self, hash: u128, name: &str, changed: bool, at: u32) {
        let start = self.text.len() as u32;
        if changed {
            normalize_name_onto(name, &mut self.text);
        } else {
            self.text.push_str(name);
        }
        self.filed.push(FiledName { hash, start, end: self.text.len() as u32, at });
    }

    /// Interns the filed names into `names` (shard `shard`), in the order of
    /// the slots their hashes point to, and writes each record's name id at
    /// its place in `ids`.
    pub(super) fn merge(&mut self, shard: usize, names: &mut Interner, ids: &[AtomicU32]) {
        let PendingNames { filed, text, counts, order } = self;
        order_by_bucket(counts, order, filed.len(), |i| bucket(parts(filed[i].hash).0));
        for (k, &i) in order.iter().enumerate() {
            if let Some(&j) = order.get(k + 2 * AHEAD) {
                prefetch(&filed[j as usize]);
            }
            if let Some(&j) = order.get(k + AHEAD) {
                // Its slot, its text (the epoch's text is read out of order)
                // and where its id goes.
                let f = &filed[j as usize];
                names.prefetch(f.hash);
                if let Some(b) = text.as_bytes().get(f.start as usize) {
                    prefetch(b);
                }
                prefetch(&ids[f.at as usize]);
            }
            let f = &filed[i as usize];
            let id = names.intern(shard, f.hash, &text[f.start as usize..f.end as usize]);
            ids[f.at as usize].store(id, Ordering::Relaxed);
        }
        filed.clear();
        text.clear();
    }

    /// Gives the memory back (the data has ended).
    pub(super) fn release(&mut self) {
        *self = PendingNames::default();
    }
}

impl Pending {
    /// Merges the filed records into `shard`'s states, in the order of the
    /// slots their hashes point to, each code's records in the order filed;
    /// a value seen for the first time is judged once (`decide::judge`).
    /// `names` holds the name id of each record of the epoch.
    pub(super) fn merge(
        &mut self,
        shard: &mut CodeShard,
        options: &Options,
        registry: Option<&Registry>,
        names: &[AtomicU32],
    ) {
        let Pending { filed, raws, raw_text, counts, order } = self;
        order_by_bucket(counts, order, filed.len(), |i| bucket(filed[i].hash));
        let name_of = |at: u32| if at == NONE { NONE } else { names[at as usize].load(Ordering::Relaxed) };
        for (k, &i) in order.iter().enumerate() {
            // As a chunk's records were fetched: the record, its slot and
            // name, the state the slot points to (a code met before).
            if let Some(&j) = order.get(k + 3 * AHEAD) {
                prefetch(&filed[j as usize]);
            }
            if let Some(&j) = order.get(k + 2 * AHEAD) {
                let f = &filed[j as usize];
                shard.ids.prefetch(f.hash);
                if f.name != NONE {
                    prefetch(&names[f.name as usize]);
                }
                if let Some(r) = raws.get(f.raw as usize) {
                    prefetch(r);
                }
            }
            if let Some(&j) = order.get(k + AHEAD) {
                let f = &filed[j as usize];
                if let Some(id) = shard.ids.first(f.hash, 0) {
                    prefetch(&shard.states[id as usize]);
                }
                // The raw forms' text, read in the order of the slots.
                if let Some((code, name)) = raws.get(f.raw as usize)
                    && let Some(b) = code.as_ref().or(name.as_ref()).and_then(|r| raw_text.as_bytes().get(r.start))
                {
                    prefetch(b);
                }
            }
            let f = &mut filed[i as usize];
            let (name, group) = (name_of(f.name), f.group);
            // Whether the row begins a new value, or is now the first row of
            // its line in a value met before.
            let (local, new, first) = if let Some(local) = shard.find(f.hash, &f.key) {
                (local, false, shard.states[local as usize].entries.add(name, group, f.row, f.cleaned))
            } else {
                let (kind, flags) = judge(options, registry, f.key.as_str());
                let entry =
                    Entry { name, group, first_row: f.row, count: NonZeroU32::MIN, cleaned: u32::from(f.cleaned) };
                let key = std::mem::replace(&mut f.key, Key::Code([0; 18]));
                (shard.insert(f.hash, CodeState::new(key, kind, flags, entry)), true, true)
            };
            // The sheet shows a line's first row as it was: only a row that is
            // now its line's first keeps its raw forms.
            if first
                && f.raw != NONE
                && let Some((code, raw_name)) = raws.get(f.raw as usize)
            {
                let text = |r: &Option<Range<usize>>| r.clone().and_then(|r| raw_text.get(r));
                let line = (local, name, group);
                if let Some(code) = text(code) {
                    shard.raw.keep(line, new, f.row, code);
                }
                if let Some(raw_name) = text(raw_name) {
                    shard.raw_names.keep(line, new, f.row, raw_name);
                }
            }
        }
        filed.clear();
        raws.clear();
        raw_text.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::super::synth::{self, SynthOptions};
    use super::super::{Analyzer, Options, Record};

    /// Merged every 1,000 records (many epochs, each shard's share a few
    /// records) or once at the end: the same summary, correction sheet,
    /// flagged values and rows.
    #[test]
    fn merging_an_epoch_at_a_time_changes_no_result() {
        let data = synth::generate(
            3,
            &SynthOptions { records: 30_000, errors_per_mille: 80, duplicates_per_mille: 40, ..Default::default() },
        );
        let recs: Vec<Record<'_>> = data.iter().map(synth::SynthRecord::as_record).collect();
        let run = |epoch: usize, chunk: usize| {
            let mut a = Analyzer::new(Options::default());
            a.epoch = epoch;
            for c in recs.chunks(chunk) {
                a.push(c);
            }
            let a = a.finish();
            let rows: Vec<_> = recs.iter().map(|r| a.classify(r)).collect();
            (a.summary.clone(), a.fixes().to_vec(), a.flagged_codes(), rows)
        };
        let once = run(usize::MAX, 16_384);
        assert!(once.1.len() > 1_000, "the data have lines to fix");
        assert_eq!(run(1_000, 700), once);
        assert_eq!(run(1, 4_093), once);
    }
}
