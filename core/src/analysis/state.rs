//! The analysis engine: state per distinct code, name and group, sharded by
//! hash so that chunks are merged in parallel.
//!
//! A chunk goes through three steps: (0) each record is prepared in
//! parallel: its normalized code, name and group and their hashes; (1) names
//! and groups are interned, each shard owned by one thread; (2) codes are
//! merged into their shard's state, each new distinct code validated once.
//! Every output is sorted by content, first rows are minima and the raw form
//! kept for a value is the one of its lowest row, so results are the same
//! whatever the thread count and however the stream is cut into chunks.
//! Which names go with which codes is read off the code states when the
//! analysis finishes.

use std::borrow::Cow;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU32, Ordering};

use super::hash::{FastMap, FastSet, IdTable, Narrow, Wide, hash_bytes, hash128, prefetch};
use super::names::normalize_name_cow;
use super::phases::phase;
use super::{
    Action, Correction, Evidence, Fix, GroupSummary, Options, Record, Registry, RowClass, RowResult, Summary,
    normalize_name,
};
use crate::alphabet::VALUE;
use crate::finding::{FindingCode, Severity};
use crate::normalize::normalize;
use crate::tables::Division;
use crate::validate::{Verdict, redact, redact_personal};

/// Records per chunk for [`super::analyze`].
pub(crate) const CHUNK: usize = 1 << 14;

const SHARD_BITS: u32 = 6;
const SHARDS: usize = 1 << SHARD_BITS;
const NONE: u32 = u32::MAX;
/// How many records ahead the table lookups are prefetched.
const AHEAD: usize = 8;

#[inline]
fn shard_of(hash: u64) -> usize {
    (hash >> 58) as usize & (SHARDS - 1)
}

#[inline]
fn shard_of128(hash: u128) -> usize {
    (hash >> 122) as usize & (SHARDS - 1)
}

#[inline]
fn global(shard: usize, local: u32) -> u32 {
    (local << SHARD_BITS) | shard as u32
}

#[inline]
fn split(id: u32) -> (usize, usize) {
    ((id as usize) & (SHARDS - 1), (id >> SHARD_BITS) as usize)
}

/// A normalized value: 18 ASCII bytes inline, anything else boxed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Key {
    Code([u8; 18]),
    Other(Box<str>),
}

impl Key {
    fn as_str(&self) -> &str {
        match self {
            Key::Code(b) => std::str::from_utf8(b).unwrap_or_default(),
            Key::Other(s) => s,
        }
    }

    fn bytes(&self) -> &[u8] {
        match self {
            Key::Code(b) => b,
            Key::Other(s) => s.as_bytes(),
        }
    }

    fn hash(&self) -> u64 {
        hash_bytes(self.bytes())
    }

    /// The shard of a value with this hash. An 18-character value goes by its
    /// positions 9–17 alone, so that codes sharing an organization code meet
    /// in one shard and are compared there, in parallel with the others.
    fn shard(&self, hash: u64) -> usize {
        match self {
            Key::Code(b) => shard_of(hash_bytes(&b[8..17])),
            Key::Other(_) => shard_of(hash),
        }
    }

    /// The key of a raw value, and whether it needed cleaning.
    fn of(raw: &str) -> (Key, bool) {
        let b = raw.as_bytes();
        if let Ok(code) = <[u8; 18]>::try_from(b)
            && b.iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            return (Key::Code(code), false);
        }
        let n = normalize(raw);
        let cleaned = !n.changes.is_empty();
        let key = match <[u8; 18]>::try_from(n.value.as_bytes()) {
            Ok(code) => Key::Code(code),
            Err(_) => Key::Other(n.value.into_boxed_str()),
        };
        (key, cleaned)
    }
}

/// What a distinct value is, decided once when it is first seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Valid,
    Invalid,
    Placeholder,
    Other,
    Personal,
    Pilot,
}

impl Kind {
    fn usable(self) -> bool {
        matches!(self, Kind::Valid | Kind::Pilot)
    }
}

const ONE_CODE_MANY_NAMES: u8 = 1;
const SHARED_ORG_CODE: u8 = 2;
const ONE_NAME_MANY_CODES: u8 = 4;
/// The value has warning or info findings (a row's findings need a report).
const HAS_NOTES: u8 = 8;
const WARNED: u8 = 16;

/// One (code, name, group) combination.
#[derive(Debug, Clone, Copy)]
struct Entry {
    name: u32,
    group: u32,
    first_row: u64,
    /// Never zero, which lets [`Entries`] keep its tag in this field.
    count: NonZeroU32,
    cleaned: u32,
}

/// The entries of a code: almost every code has exactly one, kept inline;
/// the rest, and the key of a value that is not 18 bytes, are boxed.
#[derive(Debug, Clone)]
enum Entries {
    One(Entry),
    Rare(Box<Rare>),
}

/// What few codes have: several entries, or a key that is not 18 bytes.
#[derive(Debug, Clone)]
struct Rare {
    entries: Vec<Entry>,
    other: Option<Box<str>>,
    /// Where each (name, group) is in `entries`, once there are more than
    /// [`Rare::LIST`]: one value shared by a million rows of different
    /// names or groups must not cost a search of all its entries per row.
    index: Option<FastMap<(u32, u32), u32>>,
}

impl Rare {
    /// Entries searched one by one.
    const LIST: usize = 16;

    fn position(&self, name: u32, group: u32) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(&(name, group)).map(|&i| i as usize),
            None => self.entries.iter().position(|e| e.name == name && e.group == group),
        }
    }

    fn push(&mut self, entry: Entry) {
        self.entries.push(entry);
        let n = self.entries.len();
        if let Some(index) = &mut self.index {
            index.insert((entry.name, entry.group), n as u32 - 1);
        } else if n > Self::LIST {
            self.index = Some(self.entries.iter().enumerate().map(|(i, e)| ((e.name, e.group), i as u32)).collect());
        }
    }
}

impl Entries {
    fn as_slice(&self) -> &[Entry] {
        match self {
            Entries::One(e) => std::slice::from_ref(e),
            Entries::Rare(r) => &r.entries,
        }
    }

    /// The entry of a (name, group).
    fn find(&self, name: u32, group: u32) -> Option<&Entry> {
        match self {
            Entries::One(e) => (e.name == name && e.group == group).then_some(e),
            Entries::Rare(r) => r.position(name, group).map(|i| &r.entries[i]),
        }
    }

    fn add(&mut self, name: u32, group: u32, row: u64, cleaned: bool) {
        let cleaned = u32::from(cleaned);
        let slot = match self {
            Entries::One(e) if e.name == name && e.group == group => Some(e),
            Entries::One(_) => None,
            Entries::Rare(r) => r.position(name, group).map(|i| &mut r.entries[i]),
        };
        if let Some(e) = slot {
            e.count = e.count.saturating_add(1);
            e.cleaned += cleaned;
            e.first_row = e.first_row.min(row);
            return;
        }
        let new = Entry { name, group, first_row: row, count: NonZeroU32::MIN, cleaned };
        match self {
            Entries::One(e) => {
                *self = Entries::Rare(Box::new(Rare { entries: vec![*e, new], other: None, index: None }));
            }
            Entries::Rare(r) => r.push(new),
        }
    }
}

/// A distinct value: 48 bytes (the analysis keeps one per distinct code).
#[derive(Debug, Clone)]
struct CodeState {
    /// The value when it is 18 bytes (see [`CodeState::key`]).
    code: [u8; 18],
    kind: Kind,
    flags: u8,
    entries: Entries,
}

impl CodeState {
    fn new(key: Key, kind: Kind, flags: u8, entry: Entry) -> CodeState {
        match key {
            Key::Code(code) => CodeState { code, kind, flags, entries: Entries::One(entry) },
            Key::Other(other) => CodeState {
                code: [0; 18],
                kind,
                flags,
                entries: Entries::Rare(Box::new(Rare { entries: vec![entry], other: Some(other), index: None })),
            },
        }
    }

    /// The value's 18 bytes, when it has 18.
    fn code(&self) -> Option<&[u8; 18]> {
        match &self.entries {
            Entries::Rare(r) if r.other.is_some() => None,
            _ => Some(&self.code),
        }
    }

    /// The normalized value.
    fn key(&self) -> &str {
        match &self.entries {
            Entries::Rare(r) if let Some(other) = &r.other => other,
            _ => std::str::from_utf8(&self.code).unwrap_or_default(),
        }
    }

    fn is(&self, key: &Key) -> bool {
        match key {
            Key::Code(code) => self.code() == Some(code),
            // A state of 18 bytes never equals a value of another length.
            Key::Other(other) => self.key() == &**other,
        }
    }
}

/// Items in fixed-size blocks: growing never copies, and never leaves more
/// than one block unused (a `Vec` that doubles can leave half).
#[derive(Debug, Clone)]
struct Blocks<T> {
    blocks: Vec<Vec<T>>,
    len: usize,
}

const BLOCK: usize = 4096;

impl<T> Default for Blocks<T> {
    fn default() -> Self {
        Blocks { blocks: Vec::new(), len: 0 }
    }
}

impl<T> Blocks<T> {
    fn push(&mut self, item: T) {
        if self.len.is_multiple_of(BLOCK) {
            self.blocks.push(Vec::with_capacity(BLOCK));
        }
        if let Some(b) = self.blocks.last_mut() {
            b.push(item);
        }
        self.len += 1;
    }

    fn len(&self) -> usize {
        self.len
    }

    fn iter(&self) -> impl Iterator<Item = &T> {
        self.blocks.iter().flatten()
    }

    fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.blocks.iter_mut().flatten()
    }
}

impl<T> std::ops::Index<usize> for Blocks<T> {
    type Output = T;
    fn index(&self, i: usize) -> &T {
        &self.blocks[i / BLOCK][i % BLOCK]
    }
}

impl<T> std::ops::IndexMut<usize> for Blocks<T> {
    fn index_mut(&mut self, i: usize) -> &mut T {
        &mut self.blocks[i / BLOCK][i % BLOCK]
    }
}

/// The distinct values of one shard. `ids` finds a value's state by its
/// 64-bit hash; the state's key is compared to be exact.
#[derive(Debug, Clone, Default)]
struct CodeShard {
    ids: IdTable<Narrow>,
    states: Blocks<CodeState>,
    /// The raw value of the lowest row, for a code that needed cleaning.
    raw: FastMap<u32, (u64, Box<str>)>,
}

impl CodeShard {
    fn find(&self, hash: u64, key: &Key) -> Option<u32> {
        self.ids.find(hash, 0, |id| self.states[id as usize].is(key))
    }

    fn insert(&mut self, hash: u64, state: CodeState) -> u32 {
        let id = self.states.len() as u32;
        self.ids.insert(hash, 0, id);
        self.states.push(state);
        id
    }
}

/// Keeps the raw form of the lowest row.
fn keep_lowest(map: &mut FastMap<u32, (u64, Box<str>)>, id: u32, row: u64, raw: &str) {
    match map.get_mut(&id) {
        Some(slot) if slot.0 <= row => {}
        Some(slot) => *slot = (row, raw.into()),
        None => {
            map.insert(id, (row, raw.into()));
        }
    }
}

/// Distinct strings (names or groups) by hash, their text kept in one arena
/// per shard. A string is identified by 96 bits of its 128-bit hash (the low
/// 64 and the next 32): the chance that two of ten million different names
/// share them is about 10^-15.
#[derive(Debug, Clone, Default)]
struct Interner {
    ids: IdTable<Wide>,
    arena: TextArena,
    /// Each string's end position in the arena (its start is the previous end).
    ends: Blocks<u32>,
    /// The raw form of the lowest row, for a string whose raw form differs.
    raw: FastMap<u32, (u64, Box<str>)>,
}

/// Text kept in blocks that never move: growing adds a block instead of
/// copying the text into fresh memory, as a doubling `String` does at each
/// step. A string lies within one block; positions run on from block to
/// block as if the text were one string.
#[derive(Debug, Clone, Default)]
struct TextArena {
    blocks: Vec<String>,
    /// The position where each block starts.
    starts: Vec<usize>,
    len: usize,
}

impl TextArena {
    const FIRST: usize = 16 << 10;
    const LARGEST: usize = 1 << 20;

    /// Appends `s`; returns the position where it ends.
    fn push(&mut self, s: &str) -> usize {
        let room = self.blocks.last().map_or(0, |b| b.capacity() - b.len());
        if room < s.len() || self.blocks.is_empty() {
            let size = self.blocks.last().map_or(Self::FIRST, |b| (b.capacity() * 2).min(Self::LARGEST));
            self.starts.push(self.len);
            self.blocks.push(String::with_capacity(size.max(s.len())));
        }
        if let Some(b) = self.blocks.last_mut() {
            b.push_str(s);
        }
        self.len += s.len();
        self.len
    }

    /// The text from `start` to `end`, which [`TextArena::push`] returned.
    fn get(&self, start: usize, end: usize) -> Option<&str> {
        let b = self.starts.partition_point(|&s| s <= start).checked_sub(1)?;
        let base = self.starts[b];
        self.blocks[b].get(start.checked_sub(base)?..end.checked_sub(base)?)
    }
}

/// The table hash and tag of a 128-bit string hash.
#[inline]
fn parts(hash: u128) -> (u64, u32) {
    (hash as u64, (hash >> 64) as u32)
}

impl Interner {
    fn find(&self, hash: u128) -> Option<u32> {
        let (h, tag) = parts(hash);
        self.ids.first(h, tag)
    }

    fn prefetch(&self, hash: u128) {
        self.ids.prefetch(hash as u64);
    }

    /// The id of `key`, added if new; `raw` is the string as written where
    /// it differs from `key` (the raw form of the lowest row is kept).
    fn intern(&mut self, shard: usize, hash: u128, key: &str, raw: Option<&str>, row: u64) -> u32 {
        let local = if let Some(id) = self.find(hash) {
            id
        } else {
            let id = self.ends.len() as u32;
            let (h, tag) = parts(hash);
            self.ids.insert(h, tag, id);
            let end = self.arena.push(key);
            self.ends.push(end as u32);
            id
        };
        if let Some(raw) = raw.filter(|&r| r != key) {
            keep_lowest(&mut self.raw, local, row, raw);
        }
        global(shard, local)
    }

    fn get(&self, local: usize) -> Option<&str> {
        if local >= self.ends.len() {
            return None;
        }
        let end = self.ends[local] as usize;
        let start = if local == 0 { 0 } else { self.ends[local - 1] as usize };
        self.arena.get(start, end)
    }
}

/// A record prepared in parallel: its normalized value, name and group.
struct Prep<'a> {
    key: Key,
    key_hash: u64,
    key_shard: u16,
    cleaned: bool,
    name: Option<(u128, std::borrow::Cow<'a, str>)>,
    group: Option<(u128, &'a str)>,
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
    options: Options,
    registry: Option<Registry>,
    codes: Vec<CodeShard>,
    names: Vec<Interner>,
    groups: Vec<Interner>,
    records: u64,
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

    /// Adds a chunk of records.
    pub fn push(&mut self, records: &[Record<'_>]) {
        self.records += records.len() as u64;
        let t = super::phases::start();
        let preps: Vec<Prep<'_>> = par_map(records, |r| {
            let (key, cleaned) = Key::of(r.code);
            let name = r.name.and_then(normalize_name_cow).map(|n| (hash128(n.as_bytes()), n));
            let group = r.group.map(str::trim).filter(|g| !g.is_empty()).map(|g| (hash128(g.as_bytes()), g));
            let key_hash = key.hash();
            Prep { key_shard: key.shard(key_hash) as u16, key_hash, key, cleaned, name, group }
        });

        let t = phase("prepare", t);
        let mut by_name = vec![Vec::new(); SHARDS];
        let mut by_code = vec![Vec::new(); SHARDS];
        // Groups are few: interned here, through a small cache of the last
        // ones seen.
        let mut group_ids = vec![NONE; preps.len()];
        let mut recent: [(u128, u32); 8] = [(0, NONE); 8];
        for (i, p) in preps.iter().enumerate() {
            if let Some((h, _)) = &p.name {
                by_name[shard_of128(*h)].push(i as u32);
            }
            if let Some((h, g)) = p.group {
                group_ids[i] = if let Some(&(_, id)) = recent.iter().find(|r| r.0 == h && r.1 != NONE) {
                    id
                } else {
                    let s = shard_of128(h);
                    let id = self.groups[s].intern(s, h, g, None, records[i].row);
                    recent.rotate_right(1);
                    recent[0] = (h, id);
                    id
                };
            }
            by_code[p.key_shard as usize].push(i as u32);
        }

        let t = phase("scatter, groups", t);
        // (1) Names, each shard owned by one thread.
        let name_ids: Vec<AtomicU32> = (0..preps.len()).map(|_| AtomicU32::new(NONE)).collect();
        par_shards(&mut self.names, &by_name, |s, shard, idx| {
            for (k, &i) in idx.iter().enumerate() {
                // Three steps ahead: the record's preparation, then its slot
                // and its text, each fetched while earlier records are done.
                if let Some(&j) = idx.get(k + 2 * AHEAD) {
                    prefetch(&preps[j as usize]);
                    prefetch(&records[j as usize]);
                }
                if let Some(&j) = idx.get(k + AHEAD)
                    && let Some((h, n)) = &preps[j as usize].name
                {
                    shard.prefetch(*h);
                    prefetch(n.as_bytes());
                }
                let (p, r) = (&preps[i as usize], &records[i as usize]);
                if let Some((h, n)) = &p.name {
                    // A name that needed no normalization is its raw form.
                    let raw = match n {
                        Cow::Borrowed(_) => None,
                        Cow::Owned(_) => Some(r.name.unwrap_or_default().trim()),
                    };
                    name_ids[i as usize].store(shard.intern(s, *h, n, raw, r.row), Ordering::Relaxed);
                }
            }
        });

        let t = phase("names", t);
        // (2) Codes: as for names, with one more step ahead: the state the
        // slot points to.
        let (options, registry) = (&self.options, self.registry.as_ref());
        par_shards(&mut self.codes, &by_code, |_, shard, idx| {
            for (k, &i) in idx.iter().enumerate() {
                if let Some(&j) = idx.get(k + 3 * AHEAD) {
                    prefetch(&preps[j as usize]);
                    prefetch(&records[j as usize]);
                }
                if let Some(&j) = idx.get(k + 2 * AHEAD) {
                    shard.ids.prefetch(preps[j as usize].key_hash);
                }
                if let Some(&j) = idx.get(k + AHEAD)
                    && let Some(id) = shard.ids.first(preps[j as usize].key_hash, 0)
                {
                    prefetch(&shard.states[id as usize]);
                }
                let (p, r) = (&preps[i as usize], &records[i as usize]);
                let name = name_ids[i as usize].load(Ordering::Relaxed);
                let group = group_ids[i as usize];
                let local = if let Some(local) = shard.find(p.key_hash, &p.key) {
                    shard.states[local as usize].entries.add(name, group, r.row, p.cleaned);
                    local
                } else {
                    let (kind, flags) = judge(options, registry, p.key.as_str());
                    let entry =
                        Entry { name, group, first_row: r.row, count: NonZeroU32::MIN, cleaned: u32::from(p.cleaned) };
                    let state = CodeState::new(p.key.clone(), kind, flags, entry);
                    shard.insert(p.key_hash, state)
                };
                if p.cleaned {
                    keep_lowest(&mut shard.raw, local, r.row, r.code);
                }
            }
        });
        phase("codes", t);
    }

    /// Finds the duplicates, computes corrections and counts, and returns the
    /// analysis.
    #[must_use]
    pub fn finish(self) -> Analysis {
        let t = super::phases::start();
        let mut state = Finished { codes: self.codes, names: self.names, groups: self.groups };
        let name_codes = state.name_codes();
        let t = phase("name-code pairs", t);
        state.flag_one_code_many_names();
        state.flag_one_name_many_codes(&name_codes);
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
            errors: FastMap::default(),
            summary: Summary {
                overall: GroupSummary::default(),
                groups: Vec::new(),
                denominator: super::Denominator::default(),
                counted: Vec::new(),
            },
            fixes: std::sync::OnceLock::new(),
            records: self.records,
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

/// The usable codes of each name. For the names of shard `s`, the codes of
/// local name `l` are `codes[starts[l]..starts[l + 1]]` of `per[s]`, sorted
/// and distinct.
struct NameCodes {
    per: Vec<NameCodeShard>,
}

struct NameCodeShard {
    starts: Vec<u32>,
    codes: Vec<u32>,
}

impl NameCodes {
    /// The usable codes of one name.
    fn of(&self, name: u32) -> &[u32] {
        let (s, l) = split(name);
        let shard = &self.per[s];
        match (shard.starts.get(l), shard.starts.get(l + 1)) {
            (Some(&a), Some(&b)) => &shard.codes[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// Per name shard: how many names it has, and the (local name, code) lists
/// dealt to it.
type Dealt = (usize, Vec<Vec<(u32, u32)>>);

/// The shards once pushing is over.
struct Finished {
    codes: Vec<CodeShard>,
    names: Vec<Interner>,
    groups: Vec<Interner>,
}

impl Finished {
    fn flag_one_code_many_names(&mut self) {
        par_each(&mut self.codes, |shard| {
            for st in shard.states.iter_mut() {
                let entries = st.entries.as_slice();
                let first = entries.iter().map(|e| e.name).find(|&n| n != NONE);
                if st.kind.usable() && first.is_some_and(|f| entries.iter().any(|e| e.name != NONE && e.name != f)) {
                    st.flags |= ONE_CODE_MANY_NAMES;
                }
            }
        });
    }

    /// The usable codes of every name: each code shard deals its (name,
    /// code) pairs out to the name shards, then each name shard files its
    /// own by a counting sort on the name's local id (a piece that fits in
    /// cache, in parallel with the others).
    fn name_codes(&self) -> NameCodes {
        let dealt = par_map_indexed(&self.codes, |s, shard| {
            let mut out = vec![Vec::new(); SHARDS];
            for (l, st) in shard.states.iter().enumerate().filter(|(_, st)| st.kind.usable()) {
                for e in st.entries.as_slice().iter().filter(|e| e.name != NONE) {
                    let (ns, nl) = split(e.name);
                    out[ns].push((nl as u32, global(s, l as u32)));
                }
            }
            out
        });
        let mut by_name: Vec<Dealt> = self.names.iter().map(|n| (n.ends.len(), Vec::with_capacity(SHARDS))).collect();
        for lists in dealt {
            for (s, list) in lists.into_iter().enumerate() {
                by_name[s].1.push(list);
            }
        }
        let per = par_map_owned(by_name, |(names, lists)| {
            let mut starts = vec![0u32; names + 1];
            for &(l, _) in lists.iter().flatten() {
                starts[l as usize + 1] += 1;
            }
            for l in 0..names {
                starts[l + 1] += starts[l];
            }
            let mut next = starts.clone();
            let mut codes = vec![0u32; starts[names] as usize];
            for (l, code) in lists.into_iter().flatten() {
                codes[next[l as usize] as usize] = code;
                next[l as usize] += 1;
            }
            // Each name's codes sorted and made distinct (a code lists a
            // name once per group it appears in), closing up the gaps.
            let mut out = 0;
            for l in 0..names {
                let (a, b) = (starts[l] as usize, starts[l + 1] as usize);
                starts[l] = out as u32;
                let run = &mut codes[a..b];
                if run.len() > 1 {
                    run.sort_unstable();
                }
                let mut last = None;
                for i in a..b {
                    if last != Some(codes[i]) {
                        last = Some(codes[i]);
                        codes[out] = codes[i];
                        out += 1;
                    }
                }
            }
            starts[names] = out as u32;
            codes.truncate(out);
            NameCodeShard { starts, codes }
        });
        NameCodes { per }
    }

    fn flag_one_name_many_codes(&mut self, name_codes: &NameCodes) {
        for shard in &name_codes.per {
            for w in shard.starts.windows(2).filter(|w| w[1] - w[0] > 1) {
                for &code in &shard.codes[w[0] as usize..w[1] as usize] {
                    let (s, l) = split(code);
                    self.codes[s].states[l].flags |= ONE_NAME_MANY_CODES;
                }
            }
        }
    }

    /// Different codes sharing positions 9–17, unless one name is common to
    /// all of them (then it is one entity with several codes, flagged above).
    /// Such codes are in one shard (see [`Key::shard`]): each shard is
    /// searched on its own.
    fn flag_shared_org_codes(&mut self) {
        par_each(&mut self.codes, |shard| {
            let mut pairs: Vec<(u64, u32)> = shard
                .states
                .iter()
                .enumerate()
                .filter(|(_, st)| st.kind.usable())
                .filter_map(|(l, st)| {
                    let org =
                        st.code()?[8..17].iter().fold(0u64, |acc, &c| acc << 5 | u64::from(VALUE[c as usize] & 31));
                    Some((org, l as u32))
                })
                .collect();
            pairs.sort_unstable();
            let mut flagged = Vec::new();
            for run in pairs.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
                let names = |l: u32| {
                    shard.states[l as usize]
                        .entries
                        .as_slice()
                        .iter()
                        .map(|e| e.name)
                        .filter(|&n| n != NONE)
                        .collect::<Vec<_>>()
                };
                let first = names(run[0].1);
                let common = first.iter().any(|n| run[1..].iter().all(|&(_, l)| names(l).contains(n)));
                if !common {
                    flagged.extend(run.iter().map(|&(_, l)| l));
                }
            }
            for l in flagged {
                shard.states[l as usize].flags |= SHARED_ORG_CODE;
            }
        });
    }
}

/// Validates a distinct value once.
fn judge(options: &Options, registry: Option<&Registry>, value: &str) -> (Kind, u8) {
    let rules = &options.rules;
    if rules.is_valid_bytes(value.as_bytes()) {
        // Only the division code can add a warning (unknown) or a note
        // (retired) to a valid code.
        let division: u32 = value[2..8].parse().unwrap_or(0);
        let flags = match Division::lookup(division) {
            None => WARNED | HAS_NOTES,
            Some(d) if d.is_retired() => HAS_NOTES,
            Some(_) => 0,
        };
        return (Kind::Valid, flags);
    }
    let report = rules.validate(value);
    let kind = match report.verdict {
        Verdict::Valid | Verdict::ValidWithWarnings => Kind::Valid,
        Verdict::Placeholder => Kind::Placeholder,
        Verdict::PilotEra => Kind::Pilot,
        Verdict::OtherIdentifier(k) if k.is_personal() => Kind::Personal,
        Verdict::OtherIdentifier(_) => Kind::Other,
        Verdict::Invalid
            if report.has(FindingCode::PossiblePilotEra) && registry.is_some_and(|r| r.name_of(value).is_some()) =>
        {
            Kind::Pilot
        }
        Verdict::Invalid => Kind::Invalid,
    };
    (kind, HAS_NOTES)
}

/// What a distinct value is, as the validator alone decides it. With a
/// registry, an `Invalid` value of pilot-era shape that the registry lists
/// is taken as `PilotEra`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueKind {
    /// Valid, with or without warnings.
    Valid,
    /// Not valid: 错码.
    Invalid,
    /// A placeholder.
    Placeholder,
    /// Another identifier, not a person's.
    OtherIdentifier,
    /// A personal identity number.
    PersonalId,
    /// An issued pilot-era code.
    PilotEra,
}

impl ValueKind {
    /// Stable snake_case name (the row class of the same name).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ValueKind::Valid => "valid",
            ValueKind::Invalid => "invalid",
            ValueKind::Placeholder => "placeholder",
            ValueKind::OtherIdentifier => "other_identifier",
            ValueKind::PersonalId => "personal_id",
            ValueKind::PilotEra => "pilot_era",
        }
    }
}

/// Everything the analysis learns from one record alone, before it sees the
/// others: what an engine that groups the records itself (the Python
/// package's Spark path) needs, so that it follows exactly the rules of
/// [`super::analyze`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)]
pub struct Prepared {
    /// The normalized value: the key distinct codes are counted by.
    pub key: String,
    /// Whether the raw value needed cleaning to become `key`.
    pub cleaned: bool,
    /// The normalized name ([`super::normalize_name`]), if any.
    pub name: Option<String>,
    /// The name as given, trimmed, when it has a normalized form: the form
    /// the correction sheet shows (that of the lowest row of a name).
    pub raw_name: Option<String>,
    /// The group, trimmed; `None` when empty.
    pub group: Option<String>,
    /// What the value is, by the validator alone.
    pub kind: ValueKind,
    /// An invalid value of pilot-era shape (a registry that lists it makes
    /// it [`ValueKind::PilotEra`]).
    pub possible_pilot: bool,
    /// A valid value with a warning (unknown division code).
    pub warned: bool,
    /// The value has findings to report (any kind but a plainly valid code).
    pub notes: bool,
    /// The value's distinct error finding codes (empty when valid).
    pub errors: Vec<FindingCode>,
    /// The validator's finding codes for the raw value, when the value has
    /// notes or needed cleaning (else empty).
    pub findings: Vec<FindingCode>,
    /// The value as outputs show it: a personal identity number masked
    /// unless [`Options::reveal_personal`].
    pub shown: String,
    /// The raw value, masked the same way: the sheet's original code.
    pub shown_raw: String,
    /// For an invalid value: the validator's certain correction, if any.
    pub suggestion: Option<String>,
}

/// Prepares one record ([`Prepared`]).
#[must_use]
pub fn prepare(record: &Record<'_>, options: &Options) -> Prepared {
    let (key, cleaned) = Key::of(record.code);
    let key = key.as_str().to_owned();
    let (kind, flags) = judge(options, None, &key);
    let rules = &options.rules;
    let kind = match kind {
        Kind::Valid => ValueKind::Valid,
        Kind::Invalid => ValueKind::Invalid,
        Kind::Placeholder => ValueKind::Placeholder,
        Kind::Other => ValueKind::OtherIdentifier,
        Kind::Personal => ValueKind::PersonalId,
        Kind::Pilot => ValueKind::PilotEra,
    };
    let notes = flags & HAS_NOTES != 0;
    let (possible_pilot, errors) = if kind == ValueKind::Valid {
        (false, Vec::new())
    } else {
        let report = rules.validate(&key);
        (kind == ValueKind::Invalid && report.has(FindingCode::PossiblePilotEra), distinct_errors(&report))
    };
    let findings = row_findings(rules, record.code, notes, cleaned);
    let personal = kind == ValueKind::PersonalId;
    let shown_raw = shown(record.code, personal, options.reveal_personal);
    let shown = shown(&key, personal, options.reveal_personal);
    let name = record.name.and_then(normalize_name);
    let raw_name = name.as_ref().and(record.name).map(|n| n.trim().to_owned());
    // A value shaped like a resident identity number gets no correction: it
    // would print the number's digits.
    let suggestion = (kind == ValueKind::Invalid && !crate::validate::looks_personal(&key))
        .then(|| rules.suggest(&key).certain().map(|c| c.code.to_string()))
        .flatten();
    Prepared {
        cleaned,
        name,
        raw_name,
        shown_raw,
        group: record.group.map(str::trim).filter(|g| !g.is_empty()).map(str::to_owned),
        kind,
        possible_pilot,
        warned: flags & WARNED != 0,
        notes,
        errors,
        findings,
        shown,
        suggestion,
        key,
    }
}

/// A value as the results show it: a personal identity number (`personal`,
/// by its verdict) or anything shaped like one masked, unless the caller
/// asked to reveal them.
fn shown(value: &str, personal: bool, reveal: bool) -> String {
    if reveal {
        value.to_owned()
    } else if personal {
        redact(value)
    } else {
        redact_personal(value).into_owned()
    }
}

/// The distinct error finding codes of a report, sorted.
fn distinct_errors(report: &crate::Report) -> Vec<FindingCode> {
    let mut e: Vec<FindingCode> =
        report.findings.iter().filter(|f| f.severity() == Severity::Error).map(|f| f.code).collect();
    e.sort_unstable();
    e.dedup();
    e
}

/// The validator's finding codes for a row's raw value, when its value has
/// notes or the raw value needed cleaning (else none: a plain valid row).
fn row_findings(rules: &crate::Rules, raw: &str, notes: bool, cleaned: bool) -> Vec<FindingCode> {
    if notes || cleaned { rules.check(raw).findings.iter().map(|f| f.code).collect() } else { Vec::new() }
}

/// The result of [`Analyzer::finish`]: the summary, the correction sheet, and
/// the state to classify rows with.
#[derive(Debug, Clone)]
pub struct Analysis {
    options: Options,
    registry: Option<Registry>,
    codes: Vec<CodeShard>,
    names: Vec<Interner>,
    groups: Vec<Interner>,
    corrections: FastMap<(u32, u32), Correction>,
    /// The error finding codes of each value that is not valid, by code id.
    errors: FastMap<u32, Vec<FindingCode>>,
    records: u64,
    /// Counts overall and per group.
    pub summary: Summary,
    /// The correction sheet, made on first use (see [`Analysis::fixes`]).
    fixes: std::sync::OnceLock<Vec<Fix>>,
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

    fn state(&self, code: u32) -> &CodeState {
        let (s, l) = split(code);
        &self.codes[s].states[l]
    }

    fn string(interners: &[Interner], id: u32) -> Option<&str> {
        if id == NONE {
            return None;
        }
        let (s, l) = split(id);
        interners[s].get(l)
    }

    fn raw_string(interners: &[Interner], id: u32) -> Option<&str> {
        if id == NONE {
            return None;
        }
        let (s, l) = split(id);
        interners[s].raw.get(&(l as u32)).map(|r| &*r.1).or_else(|| Self::string(interners, id))
    }

    fn lookup(interners: &[Interner], key: &str) -> u32 {
        let h = hash128(key.as_bytes());
        let s = shard_of128(h);
        interners[s].find(h).map_or(NONE, |l| global(s, l))
    }

    fn code_id(&self, key: &Key) -> Option<u32> {
        let h = key.hash();
        let s = key.shard(h);
        self.codes[s].find(h, key).map(|l| global(s, l))
    }

    /// The class of a value, ignoring repeated rows.
    fn value_class(st: &CodeState) -> RowClass {
        match st.kind {
            Kind::Placeholder => RowClass::Placeholder,
            Kind::Personal => RowClass::PersonalId,
            Kind::Other => RowClass::OtherIdentifier,
            Kind::Invalid => RowClass::Invalid,
            Kind::Pilot => RowClass::PilotEra,
            Kind::Valid if st.flags & ONE_CODE_MANY_NAMES != 0 => RowClass::OneCodeManyNames,
            Kind::Valid if st.flags & SHARED_ORG_CODE != 0 => RowClass::SharedOrgCode,
            Kind::Valid if st.flags & ONE_NAME_MANY_CODES != 0 => RowClass::OneNameManyCodes,
            Kind::Valid => RowClass::Valid,
        }
    }

    /// Every class that applies to a value, primary first.
    fn classes(st: &CodeState, repeated: bool) -> Vec<RowClass> {
        let mut v = vec![Self::value_class(st)];
        for (flag, class) in [
            (ONE_CODE_MANY_NAMES, RowClass::OneCodeManyNames),
            (SHARED_ORG_CODE, RowClass::SharedOrgCode),
            (ONE_NAME_MANY_CODES, RowClass::OneNameManyCodes),
        ] {
            if st.flags & flag != 0 && !v.contains(&class) {
                v.push(class);
            }
        }
        if repeated {
            if v[0] == RowClass::Valid {
                v[0] = RowClass::RepeatedRow;
            } else {
                v.push(RowClass::RepeatedRow);
            }
        }
        v
    }

    fn flagged(class: RowClass, counted: &[RowClass], st: &CodeState) -> bool {
        counted.contains(&class)
            || (st.kind.usable()
                && [
                    (ONE_CODE_MANY_NAMES, RowClass::OneCodeManyNames),
                    (SHARED_ORG_CODE, RowClass::SharedOrgCode),
                    (ONE_NAME_MANY_CODES, RowClass::OneNameManyCodes),
                ]
                .iter()
                .any(|&(f, c)| st.flags & f != 0 && counted.contains(&c)))
    }

    fn summarize(&self) -> Summary {
        let counted = self.options.counted();
        let per_record = self.options.denominator == super::Denominator::Records;
        let no_placeholders = self.options.denominator == super::Denominator::DistinctNonPlaceholder;
        let partials = par_map_indexed(&self.codes, |s, shard| {
            let mut overall = GroupSummary::default();
            let mut groups: FastMap<u32, GroupSummary> = FastMap::default();
            let mut seen_groups: Vec<u32> = Vec::new();
            let mut seen_many: FastSet<u32> = FastSet::default();
            for (l, st) in shard.states.iter().enumerate() {
                let class = Self::value_class(st);
                // A rate that leaves placeholders out of its denominator
                // leaves them out of its numerator too: it never passes 100%.
                let flagged =
                    Self::flagged(class, &counted, st) && !(class == RowClass::Placeholder && no_placeholders);
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
                    let g = groups.entry(e.group).or_default();
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
        let mut overall = GroupSummary::default();
        let mut by_group: FastMap<u32, GroupSummary> = FastMap::default();
        for (o, groups) in partials {
            merge(&mut overall, &o);
            for (id, g) in groups {
                // A group met in one shard only (a group per row) is moved,
                // not merged into a fresh one.
                match by_group.entry(id) {
                    std::collections::hash_map::Entry::Occupied(mut o) => merge(o.get_mut(), &g),
                    std::collections::hash_map::Entry::Vacant(v) => {
                        v.insert(g);
                    }
                }
            }
        }
        let mut groups: Vec<GroupSummary> = by_group
            .into_iter()
            .map(|(id, mut g)| {
                g.group = Self::string(&self.groups, id).map(str::to_owned);
                g
            })
            .collect();
        groups.sort_by(|a, b| a.group.cmp(&b.group));
        for g in groups.iter_mut().chain(std::iter::once(&mut overall)) {
            g.denominator = match self.options.denominator {
                super::Denominator::DistinctValues => g.distinct_codes,
                super::Denominator::DistinctNonPlaceholder => g.distinct_codes - g.codes[RowClass::Placeholder.index()],
                super::Denominator::Records => g.records,
            };
        }
        Summary { overall, groups, denominator: self.options.denominator, counted }
    }

    /// The error finding codes of every value that is not valid, computed
    /// once for the summary and the correction sheet.
    fn all_error_codes(&self) -> FastMap<u32, Vec<FindingCode>> {
        let per_shard = par_map_indexed(&self.codes, |s, shard| {
            let mut out = Vec::new();
            for (l, st) in shard.states.iter().enumerate().filter(|(_, st)| st.kind != Kind::Valid) {
                out.push((global(s, l as u32), self.error_codes(st.key())));
            }
            out
        });
        per_shard.into_iter().flatten().collect()
    }

    /// The error codes of a value, computed at finish (empty for a valid one).
    fn errors_of(&self, code: u32) -> &[FindingCode] {
        self.errors.get(&code).map_or(&[], Vec::as_slice)
    }

    /// The distinct error finding codes of a value.
    fn error_codes(&self, value: &str) -> Vec<FindingCode> {
        distinct_errors(&self.options.rules.validate(value))
    }

    /// Corrections with evidence, per (invalid value, name).
    fn find_corrections(&self, name_codes: &NameCodes) -> FastMap<(u32, u32), Correction> {
        let dup = ONE_CODE_MANY_NAMES | SHARED_ORG_CODE | ONE_NAME_MANY_CODES;
        let per_shard = par_map_indexed(&self.codes, |s, shard| {
            let mut out = Vec::new();
            for (l, st) in shard.states.iter().enumerate() {
                if st.kind.usable() && (st.flags & dup == 0 || self.registry.is_none()) {
                    continue;
                }
                let value = st.key();
                let code = global(s, l as u32);
                for e in st.entries.as_slice() {
                    if let Some(c) = self.correction_for(st, value, e.name, name_codes) {
                        out.push(((code, e.name), c));
                    }
                }
            }
            out
        });
        per_shard.into_iter().flatten().collect()
    }

    fn correction_for(&self, st: &CodeState, value: &str, name: u32, name_codes: &NameCodes) -> Option<Correction> {
        // The name's text is looked up only when there is a registry to
        // look it up in.
        let registry_code =
            self.registry.as_ref().and_then(|r| Self::string(&self.names, name).map(|n| r.codes_of(n))).unwrap_or(&[]);
        match st.kind {
            Kind::Valid | Kind::Pilot => {
                // A duplicate whose name the registry knows under another code.
                let dup = st.flags & (ONE_CODE_MANY_NAMES | SHARED_ORG_CODE | ONE_NAME_MANY_CODES) != 0;
                match registry_code {
                    [one] if dup && one != value => {
                        Some(Correction { code: one.clone(), evidence: Evidence::Registry })
                    }
                    _ => None,
                }
            }
            Kind::Invalid | Kind::Placeholder | Kind::Other | Kind::Personal => {
                if let [one] = registry_code {
                    return Some(Correction { code: one.clone(), evidence: Evidence::Registry });
                }
                if st.kind != Kind::Invalid {
                    return None;
                }
                if name != NONE {
                    let mut near: Vec<(&str, u64)> = name_codes
                        .of(name)
                        .iter()
                        .map(|&c| self.state(c))
                        .map(|cst| (cst, cst.key()))
                        .filter(|(_, k)| one_edit(value, k))
                        .map(|(cst, k)| {
                            let row =
                                cst.entries.as_slice().iter().filter(|e| e.name == name).map(|e| e.first_row).min();
                            (k, row.unwrap_or(0))
                        })
                        .collect();
                    near.sort_unstable();
                    if let [(code, row)] = near.as_slice() {
                        return Some(Correction {
                            code: (*code).to_owned(),
                            evidence: Evidence::SameNameInData { row: *row },
                        });
                    }
                }
                if crate::validate::looks_personal(value) {
                    return None;
                }
                let s = self.options.rules.suggest(value);
                s.certain().map(|c| Correction { code: c.code.to_string(), evidence: Evidence::UniqueCorrection })
            }
        }
    }

    fn fix_list(&self) -> Vec<Fix> {
        let t = super::phases::mark();
        // Where each line comes from, (code, entry), listed per shard in
        // parallel; then the lines are made in parallel straight into one
        // vector.
        let problem = |st: &CodeState| Self::value_class(st) != RowClass::Valid;
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
    fn fix(&self, code: u32, k: usize) -> Fix {
        let (s, l) = split(code);
        let shard = &self.codes[s];
        let st = &shard.states[l];
        let key = st.key();
        let e = &st.entries.as_slice()[k];
        let personal = st.kind == Kind::Personal;
        let show = |v: &str| shown(v, personal, self.options.reveal_personal);
        let original = shard.raw.get(&(l as u32)).map_or(key, |r| &r.1);
        let correction = self.corrections.get(&(code, e.name)).cloned();
        let action = self.action(st, key, e.name, correction.as_ref());
        Fix {
            row: e.first_row,
            rows: u64::from(e.count.get()),
            original: show(original),
            value: show(key),
            name: Self::raw_string(&self.names, e.name).map(str::to_owned),
            group: Self::string(&self.groups, e.group).map(str::to_owned),
            problem: Self::value_class(st),
            findings: self.errors_of(code).to_vec(),
            correction,
            action,
        }
    }

    /// The action flag, only where evidence supports it.
    fn action(&self, st: &CodeState, value: &str, name: u32, correction: Option<&Correction>) -> Option<Action> {
        if st.kind == Kind::Pilot {
            return Some(Action::KeepCode);
        }
        if let Some(c) = correction
            && matches!(c.evidence, Evidence::Registry | Evidence::SameNameInData { .. })
        {
            return Some(Action::AssignNewCode);
        }
        let registry = self.registry.as_ref()?;
        let name = Self::string(&self.names, name)?;
        (st.kind == Kind::Valid && registry.name_of(value) == Some(name)).then_some(Action::KeepCode)
    }

    /// Classifies one row against the finished state: its primary class,
    /// every class that applies, its findings and any correction. A row that
    /// was pushed gets the class counted in the summary; any other row is
    /// judged against the same data set.
    #[must_use]
    pub fn classify(&self, r: &Record<'_>) -> RowResult {
        let (key, cleaned) = Key::of(r.code);
        let name_key = r.name.and_then(normalize_name);
        let name = name_key.as_deref().map_or(NONE, |n| Self::lookup(&self.names, n));
        let group = r.group.map(str::trim).filter(|g| !g.is_empty()).map_or(NONE, |g| Self::lookup(&self.groups, g));
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
        let classes = Self::classes(st, repeated);
        let mut findings = row_findings(&self.options.rules, r.code, st.flags & HAS_NOTES != 0, cleaned);
        findings.extend(classes.iter().filter_map(|c| c.finding()));
        let correction = code.and_then(|c| self.corrections.get(&(c, name)).cloned());
        let (mut not_in_registry, mut registry_name) = (false, None);
        if let (Some(reg), true) = (&self.registry, st.kind.usable()) {
            match reg.name_of(key.as_str()) {
                None => not_in_registry = true,
                Some(n) if Some(n) != name_key.as_deref() => registry_name = Some(n.to_owned()),
                Some(_) => {}
            }
        }
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

/// One vector filled by every shard in parallel, each into its own slice:
/// `count` says how many items a shard gives, `fill` writes exactly those.
fn fill_per_shard<T: Copy + Default + Send>(
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

/// Adds the counts of `b` to `a`.
fn merge(a: &mut GroupSummary, b: &GroupSummary) {
    a.records += b.records;
    a.distinct_codes += b.distinct_codes;
    for i in 0..a.rows.len() {
        a.rows[i] += b.rows[i];
        a.codes[i] += b.codes[i];
    }
    a.valid_with_warnings += b.valid_with_warnings;
    for (&k, &v) in &b.errors {
        *a.errors.entry(k).or_default() += v;
    }
    a.needed_cleaning += b.needed_cleaning;
    a.flagged += b.flagged;
}

/// Whether `a` becomes `b` by one substitution, one swap of neighbours, one
/// insertion or one deletion: the distance at which an invalid code is taken
/// for a typo of a valid code under the same name.
///
/// ```
/// use uscc::analysis::one_edit;
/// assert!(one_edit("91350100M000100Y4A", "91350100M000100Y43"));
/// assert!(one_edit("91530100M000100Y43", "91350100M000100Y43"));
/// assert!(!one_edit("91530100M000100Y4A", "91350100M000100Y43"));
/// ```
#[must_use]
pub fn one_edit(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    match a.len().cmp(&b.len()) {
        std::cmp::Ordering::Equal => {
            let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
            match diff.as_slice() {
                [_] => true,
                [i, j] => *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i],
                _ => false,
            }
        }
        std::cmp::Ordering::Less => one_deletion(b, a),
        std::cmp::Ordering::Greater => one_deletion(a, b),
    }
}

/// Whether deleting one byte of `long` gives `short`.
fn one_deletion(long: &[u8], short: &[u8]) -> bool {
    if long.len() != short.len() + 1 {
        return false;
    }
    let i = long.iter().zip(short).take_while(|(x, y)| x == y).count();
    long[i + 1..] == short[i..]
}

// ---- parallel helpers: rayon with the `parallel` feature, plain loops without.

#[cfg(feature = "parallel")]
pub(crate) fn par_map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync + Send) -> Vec<U> {
    use rayon::prelude::*;
    items.par_iter().with_min_len(1024).map(f).collect()
}

#[cfg(feature = "parallel")]
pub(crate) fn par_filter_map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> Option<U> + Sync + Send) -> Vec<U> {
    use rayon::prelude::*;
    items.par_iter().with_min_len(1024).filter_map(f).collect()
}

#[cfg(not(feature = "parallel"))]
pub(crate) fn par_filter_map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> Option<U> + Sync + Send) -> Vec<U> {
    items.iter().filter_map(f).collect()
}

#[cfg(not(feature = "parallel"))]
pub(crate) fn par_map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync + Send) -> Vec<U> {
    items.iter().map(f).collect()
}

#[cfg(feature = "parallel")]
fn par_map_owned<T: Send, U: Send>(items: Vec<T>, f: impl Fn(T) -> U + Sync + Send) -> Vec<U> {
    use rayon::prelude::*;
    items.into_par_iter().map(f).collect()
}

#[cfg(not(feature = "parallel"))]
fn par_map_owned<T: Send, U: Send>(items: Vec<T>, f: impl Fn(T) -> U + Sync + Send) -> Vec<U> {
    items.into_iter().map(f).collect()
}

#[cfg(feature = "parallel")]
fn par_map_indexed<S: Sync, U: Send>(shards: &[S], f: impl Fn(usize, &S) -> U + Sync + Send) -> Vec<U> {
    use rayon::prelude::*;
    shards.par_iter().enumerate().map(|(i, s)| f(i, s)).collect()
}

#[cfg(not(feature = "parallel"))]
fn par_map_indexed<S: Sync, U: Send>(shards: &[S], f: impl Fn(usize, &S) -> U + Sync + Send) -> Vec<U> {
    shards.iter().enumerate().map(|(i, s)| f(i, s)).collect()
}

#[cfg(feature = "parallel")]
fn par_shards<S: Send>(shards: &mut [S], buckets: &[Vec<u32>], f: impl Fn(usize, &mut S, &[u32]) + Sync + Send) {
    use rayon::prelude::*;
    shards.par_iter_mut().zip(buckets).enumerate().for_each(|(s, (shard, idx))| f(s, shard, idx));
}

#[cfg(not(feature = "parallel"))]
fn par_shards<S: Send>(shards: &mut [S], buckets: &[Vec<u32>], f: impl Fn(usize, &mut S, &[u32]) + Sync + Send) {
    for (s, (shard, idx)) in shards.iter_mut().zip(buckets).enumerate() {
        f(s, shard, idx);
    }
}

#[cfg(feature = "parallel")]
fn par_each<S: Send>(shards: &mut [S], f: impl Fn(&mut S) + Sync + Send) {
    use rayon::prelude::*;
    shards.par_iter_mut().for_each(f);
}

#[cfg(not(feature = "parallel"))]
fn par_each<S: Send>(shards: &mut [S], f: impl Fn(&mut S) + Sync + Send) {
    shards.iter_mut().for_each(f);
}

#[cfg(feature = "parallel")]
fn par_zip_each<S: Sync, T: Send>(shards: &[S], outs: &mut [T], f: impl Fn(usize, &S, &mut T) + Sync + Send) {
    use rayon::prelude::*;
    shards.par_iter().zip(outs.par_iter_mut()).enumerate().for_each(|(i, (s, o))| f(i, s, o));
}

#[cfg(not(feature = "parallel"))]
fn par_zip_each<S: Sync, T: Send>(shards: &[S], outs: &mut [T], f: impl Fn(usize, &S, &mut T) + Sync + Send) {
    for (i, (s, o)) in shards.iter().zip(outs.iter_mut()).enumerate() {
        f(i, s, o);
    }
}

#[cfg(feature = "parallel")]
fn par_sort_by<T: Send>(v: &mut [T], f: impl Fn(&T, &T) -> std::cmp::Ordering + Sync) {
    use rayon::prelude::*;
    v.par_sort_unstable_by(f);
}

#[cfg(not(feature = "parallel"))]
fn par_sort_by<T: Send>(v: &mut [T], f: impl Fn(&T, &T) -> std::cmp::Ordering + Sync) {
    v.sort_unstable_by(f);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_arena_keeps_each_string_whole() {
        let mut arena = TextArena::default();
        let words: Vec<String> = (0..5000).map(|i| format!("{i}号有限公司").repeat(i % 7 + 1)).collect();
        let mut spans = Vec::new();
        let mut start = 0;
        for w in &words {
            let end = arena.push(w);
            spans.push((start, end));
            start = end;
        }
        assert!(arena.blocks.len() > 1, "the test crosses blocks");
        for (w, &(a, b)) in words.iter().zip(&spans) {
            assert_eq!(arena.get(a, b), Some(w.as_str()));
        }
        // Longer than the largest block: a block of its own.
        let long = "名".repeat(TextArena::LARGEST);
        let end = arena.push(&long);
        assert_eq!(arena.get(start, end), Some(long.as_str()));
    }

    #[test]
    fn one_edit_cases() {
        assert!(one_edit("91350100M000100Y4A", "91350100M000100Y43"));
        assert!(one_edit("91530100M000100Y43", "91350100M000100Y43"));
        assert!(one_edit("9135010M000100Y43", "91350100M000100Y43"));
        assert!(one_edit("913501000M000100Y43", "91350100M000100Y43"));
        assert!(!one_edit("91350100M000100Y43", "91350100M000100Y43"));
        assert!(!one_edit("91350100M000100YAA", "91350100M000100Y43"));
    }
}

#[cfg(all(test, target_pointer_width = "64"))]
mod size_tests {
    #[test]
    fn a_distinct_code_takes_48_bytes() {
        // The memory target is per distinct code: keep the state compact.
        assert_eq!(std::mem::size_of::<super::CodeState>(), 48);
        assert_eq!(std::mem::size_of::<super::Entries>(), 24);
    }
}
