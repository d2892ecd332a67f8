//! Ingestion: chunks of records into the store. Each record is prepared in
//! parallel (its normalized code, name and group and their hashes); its
//! group is interned at once, its name and code filed under their shards
//! and merged into them an epoch at a time (`filed`), each shard owned by
//! one thread; each new distinct value is judged once (`decide`).

use std::sync::atomic::{AtomicU32, Ordering};

use super::duplicates::Finished;
use super::filed::{EPOCH, Pending, PendingNames, epoch};
use super::hash::{FastMap, hash128, prefetch};
use super::model::{Denominator, GroupSummary, Options, Record, Summary};
use super::names::{Normal, normalize_name_onto};
use super::parallel::{par_each, par_map_init, par_pairs, par_shards};
use super::partition::NameFacts;
use super::phases::phase;
use super::registry::Registry;
use super::results::Analysis;
use super::store::{AHEAD, CodeShard, Interner, Key, NONE, SHARDS, shard_of128};

/// A record prepared in parallel: its normalized value, name and group.
pub(super) struct Prep<'a> {
    pub(super) key: Key,
    pub(super) key_hash: u64,
    pub(super) key_shard: u16,
    pub(super) cleaned: bool,
    /// The hash of the name's normal form, and whether that differs from
    /// the name as written (the form is then made again where the name is
    /// filed, rather than kept here: an allocation a row, freed on another
    /// thread, cost more than normalizing twice).
    pub(super) name: Option<(u128, bool)>,
    pub(super) group: Option<(u128, &'a str)>,
}

/// The streaming analyzer: [`Analyzer::push`] chunks of records, then
/// [`Analyzer::finish`].
///
/// ```
/// use uscc::analysis::{Analyzer, Options, Record};
/// let mut a = Analyzer::new(Options::default());
/// a.push(&[Record::new(1, "914403001922038216", Some("华为技术有限公司"), None)]);
/// a.push(&[Record::new(2, "91440300192203821６", Some("华为技术有限公司"), None)]);
/// let analysis = a.finish();
/// assert_eq!(analysis.summary.overall.records, 2);
/// assert_eq!(analysis.summary.overall.distinct_codes, 1);
/// assert_eq!(analysis.summary.overall.needed_cleaning, 1);
/// ```
#[derive(Debug)]
pub struct Analyzer {
    pub(super) options: Options,
    pub(super) registry: Option<Registry>,
    pub(super) codes: Vec<CodeShard>,
    pub(super) names: Vec<Interner>,
    pub(super) groups: Vec<Interner>,
    pub(super) records: u64,
    /// Records filed since the shards last merged them (`filed.rs`).
    filed: usize,
    /// The most filed records that make the shards merge them (fewer with
    /// small tables: [`epoch`]).
    pub(super) epoch: usize,
    /// Per name shard, the names filed and not yet interned.
    name_pending: Vec<PendingNames>,
    /// Per code shard, the records filed and not yet merged.
    code_pending: Vec<Pending>,
    /// The name id of each record of the epoch, once its names are merged.
    epoch_names: Vec<AtomicU32>,
    pub(super) name_facts: Option<NameFacts>,
    /// A chunk's working lists, kept from chunk to chunk.
    scratch: Scratch,
}

/// What [`Analyzer::push`] works in, kept from chunk to chunk so that a
/// chunk allocates nothing for it (128 lists grown afresh were about a
/// thousand allocations a chunk).
#[derive(Debug, Default)]
struct Scratch {
    /// Per name shard, the records (index in the chunk) with a name there.
    by_name: Vec<Vec<u32>>,
    /// Per code shard, the records with their code there.
    by_code: Vec<Vec<u32>>,
    /// Per group shard, the records whose group the cache did not know.
    by_group: Vec<Vec<u32>>,
    /// Each record's group id (or NONE), set while scattering or by the
    /// group shards' threads.
    group_ids: Vec<AtomicU32>,
    /// The last groups met (hash, id), kept from chunk to chunk: a file
    /// names a handful of groups, and a row whose group is here is not
    /// looked up.
    recent: [Option<(u128, u32)>; 8],
}

impl Scratch {
    /// Empty lists for a chunk of `n` records.
    fn reset(&mut self, n: usize) {
        for lists in [&mut self.by_name, &mut self.by_code, &mut self.by_group] {
            lists.resize_with(SHARDS, Vec::new);
            lists.iter_mut().for_each(Vec::clear);
        }
        self.group_ids.clear();
        self.group_ids.resize_with(n, || AtomicU32::new(NONE));
    }
}

impl Analyzer {
    /// An analyzer with these options.
    #[must_use]
    pub fn new(options: Options) -> Analyzer {
        Analyzer {
            options,
            registry: None,
            codes: vec![CodeShard::default(); SHARDS],
            names: vec![Interner::default(); SHARDS],
            groups: vec![Interner::default(); SHARDS],
            records: 0,
            filed: 0,
            epoch: EPOCH,
            name_pending: vec![PendingNames::default(); SHARDS],
            code_pending: vec![Pending::default(); SHARDS],
            epoch_names: Vec::new(),
            name_facts: None,
            scratch: Scratch::default(),
        }
    }

    /// An analyzer whose tables are sized for about `records` records up
    /// front, which saves rehashing them as they grow.
    #[must_use]
    pub fn with_capacity(options: Options, records: usize) -> Analyzer {
        let mut a = Analyzer::new(options);
        a.reserve(records);
        a
    }

    /// Makes room in the tables for about `records` more records, which
    /// saves growing them step by step (a caller reading a file can guess
    /// the count from the file's size).
    pub fn reserve(&mut self, records: usize) {
        let per_shard = records / SHARDS + 1;
        par_each(&mut self.codes, |s| s.ids.reserve(per_shard));
        par_each(&mut self.names, |s| s.ids.reserve(per_shard));
    }

    /// Adds a trusted registry for the cross-check.
    #[must_use]
    pub fn with_registry(mut self, registry: Registry) -> Analyzer {
        self.registry = Some(registry);
        self
    }

    /// What the rest of a data set analysed in partitions knows of names
    /// (see [`NameFacts`]): one name many codes and corrections from the
    /// same name's code then follow the whole data set.
    #[must_use]
    pub fn with_name_facts(mut self, facts: NameFacts) -> Analyzer {
        self.name_facts = Some(facts);
        self
    }

    /// Adds a chunk of records.
    pub fn push(&mut self, records: &[Record<'_>]) {
        self.records += records.len() as u64;
        let t = super::phases::start();
        let preps: Vec<Prep<'_>> = par_map_init(records, String::new, |buf, r| {
            let (key, cleaned) = Key::of(r.code);
            buf.clear();
            let name = r.name.and_then(|n| normalize_name_onto(n, buf)).map(|n| match n {
                Normal::Same(n) => (hash128(n.as_bytes()), false),
                Normal::Changed(at) => (hash128(&buf.as_bytes()[at]), true),
            });
            let group = r.group.map(str::trim).filter(|g| !g.is_empty()).map(|g| (hash128(g.as_bytes()), g));
            let key_hash = key.hash();
            Prep { key_shard: key.shard(key_hash) as u16, key_hash, key, cleaned, name, group }
        });

        let t = phase("prepare", t);
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.reset(preps.len());
        let Scratch { by_name, by_code, by_group, group_ids, recent } = &mut scratch;
        for (i, p) in preps.iter().enumerate() {
            if let Some((h, _)) = &p.name {
                by_name[shard_of128(*h)].push(i as u32);
            }
            if let Some((h, _)) = p.group {
                match recent.iter().flatten().find(|r| r.0 == h) {
                    Some(&(_, id)) => group_ids[i].store(id, Ordering::Relaxed),
                    None => by_group[shard_of128(h)].push(i as u32),
                }
            }
            by_code[p.key_shard as usize].push(i as u32);
        }
        intern_groups(&mut self.groups, &preps, by_group, group_ids, recent);
        let t = phase("scatter, groups", t);
        // (1) Names and (2) codes: each record filed under its name shard and
        // its code shard, and merged into them once an epoch's worth is
        // filed (`filed.rs`); a record's name is known by its place in the
        // epoch until its shard has interned it.
        let base = self.filed;
        // A shard's records lie all over the chunk: each is fetched ahead,
        // and then its name's text.
        par_shards(&mut self.name_pending, by_name, |_, pending, idx| {
            for (k, &i) in idx.iter().enumerate() {
                if let Some(&j) = idx.get(k + 2 * AHEAD) {
                    prefetch(&preps[j as usize]);
                    prefetch(&records[j as usize]);
                }
                if let Some(&j) = idx.get(k + AHEAD)
                    && let Some(n) = records[j as usize].name
                {
                    prefetch(n.as_bytes());
                }
                if let (Some((h, changed)), Some(n)) = (preps[i as usize].name, records[i as usize].name) {
                    pending.file(h, n, changed, (base + i as usize) as u32);
                }
            }
        });
        let t = phase("names: filed", t);
        let group_ids = &*group_ids;
        par_shards(&mut self.code_pending, by_code, |_, pending, idx| {
            for (k, &i) in idx.iter().enumerate() {
                if let Some(&j) = idx.get(k + 2 * AHEAD) {
                    prefetch(&preps[j as usize]);
                    prefetch(&records[j as usize]);
                }
                // A name that needed normalizing is filed as its row wrote it.
                if let Some(&j) = idx.get(k + AHEAD)
                    && matches!(preps[j as usize].name, Some((_, true)))
                    && let Some(name) = records[j as usize].name
                {
                    prefetch(name.as_bytes());
                }
                let (p, r) = (&preps[i as usize], &records[i as usize]);
                let name = if p.name.is_some() { (base + i as usize) as u32 } else { NONE };
                let group = group_ids[i as usize].load(Ordering::Relaxed);
                pending.file(p, r, name, group);
            }
        });
        phase("codes: filed", t);
        self.filed += records.len();
        let slots = self.codes.iter().map(|s| s.ids.slots()).sum();
        if self.filed >= epoch(slots, self.epoch) {
            self.scratch = scratch;
            self.merge_filed();
            return;
        }
        self.scratch = scratch;
    }

    /// Interns every name shard's filed names, then merges every code
    /// shard's filed records into its states.
    fn merge_filed(&mut self) {
        let t = super::phases::mark();
        let ids = &mut self.epoch_names;
        ids.clear();
        ids.resize_with(self.filed, || AtomicU32::new(NONE));
        let ids = &*ids;
        par_pairs(&mut self.names, &mut self.name_pending, |s, names, pending| pending.merge(s, names, ids));
        let t = phase("names: merged", t);
        let (options, registry) = (&self.options, self.registry.as_ref());
        par_pairs(&mut self.codes, &mut self.code_pending, |_, shard, pending| {
            pending.merge(shard, options, registry, ids);
        });
        phase("codes: merged", t);
        self.filed = 0;
    }

    /// Finds the duplicates, computes corrections and counts, and returns the
    /// analysis.
    #[must_use]
    pub fn finish(mut self) -> Analysis {
        let t = super::phases::start();
        self.merge_filed();
        par_each(&mut self.code_pending, Pending::release);
        par_each(&mut self.name_pending, PendingNames::release);
        self.epoch_names = Vec::new();
        let t = phase("the filed records' memory given back", t);
        let mut state = Finished { codes: self.codes, names: self.names, groups: self.groups };
        let name_codes = state.name_codes();
        let t = phase("name-code pairs", t);
        state.flag_one_code_many_names();
        state.flag_one_name_many_codes(&name_codes);
        if let Some(facts) = &self.name_facts {
            state.flag_names_from_facts(&name_codes, facts);
        }
        let t = phase("one code many names, one name many codes", t);
        state.flag_shared_org_codes();
        let t = phase("shared organization codes", t);
        let mut analysis = Analysis {
            options: self.options,
            registry: self.registry,
            codes: state.codes,
            names: state.names,
            groups: state.groups,
            corrections: FastMap::default(),
            errors: Vec::new(),
            summary: Summary {
                overall: GroupSummary::default(),
                groups: Vec::new(),
                denominator: Denominator::default(),
                counted: Vec::new(),
            },
            fixes: std::sync::OnceLock::new(),
            records: self.records,
            name_facts: self.name_facts,
        };
        analysis.errors = analysis.all_error_codes();
        let t = phase("error codes", t);
        // The name-code pairs go once the corrections are found: the fix list
        // that comes next is the analysis's peak of memory.
        analysis.corrections = analysis.find_corrections(&name_codes);
        drop(name_codes);
        let t = phase("corrections", t);
        analysis.summary = analysis.summarize();
        phase("summary", t);
        super::phases::print();
        analysis
    }
}

/// Interns the groups the cache did not know (all of a file with a group
/// per row) on the threads, each shard by one, in the order of the rows as
/// one thread would (the same ids); the cache learns them.
fn intern_groups(
    groups: &mut [Interner],
    preps: &[Prep<'_>],
    by_group: &[Vec<u32>],
    group_ids: &[AtomicU32],
    recent: &mut [Option<(u128, u32)>; 8],
) {
    if by_group.iter().all(Vec::is_empty) {
        return;
    }
    par_shards(groups, by_group, |s, shard, idx| {
        for (k, &i) in idx.iter().enumerate() {
            // A file with a group per row meets a new group a row: its
            // slot fetched some rows ahead, as a name's is.
            if let Some(&j) = idx.get(k + AHEAD)
                && let Some((h, _)) = preps[j as usize].group
            {
                shard.prefetch(h);
            }
            if let Some((h, g)) = preps[i as usize].group {
                group_ids[i as usize].store(shard.intern(s, h, g), Ordering::Relaxed);
            }
        }
    });
    for &i in by_group.iter().flatten() {
        if let Some((h, _)) = preps[i as usize].group
            && !recent.iter().flatten().any(|r| r.0 == h)
        {
            recent.rotate_right(1);
            recent[0] = Some((h, group_ids[i as usize].load(Ordering::Relaxed)));
        }
    }
}
