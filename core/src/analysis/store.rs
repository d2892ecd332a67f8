//! The store: the state kept per distinct code (sharded by hash, 48 bytes a
//! code), and the distinct names and groups, interned with their text in
//! arenas that never move.

use std::num::NonZeroU32;

use super::hash::{FastMap, IdTable, Narrow, Wide, hash_bytes};
use super::raws::RawForms;
use crate::normalize::normalize;

/// Records per chunk for [`super::analyze`].
pub(crate) const CHUNK: usize = 1 << 14;

pub(super) const SHARD_BITS: u32 = 6;
pub(super) const SHARDS: usize = 1 << SHARD_BITS;
pub(super) const NONE: u32 = u32::MAX;
/// How many records ahead the table lookups are prefetched.
pub(super) const AHEAD: usize = 8;

#[inline]
pub(super) fn shard_of(hash: u64) -> usize {
    (hash >> 58) as usize & (SHARDS - 1)
}

#[inline]
pub(super) fn shard_of128(hash: u128) -> usize {
    (hash >> 122) as usize & (SHARDS - 1)
}

#[inline]
pub(super) fn global(shard: usize, local: u32) -> u32 {
    (local << SHARD_BITS) | shard as u32
}

#[inline]
pub(super) fn split(id: u32) -> (usize, usize) {
    ((id as usize) & (SHARDS - 1), (id >> SHARD_BITS) as usize)
}

/// A normalized value: 18 ASCII bytes inline, anything else boxed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Key {
    Code([u8; 18]),
    Other(Box<str>),
}

impl Key {
    pub(super) fn as_str(&self) -> &str {
        match self {
            Key::Code(b) => std::str::from_utf8(b).unwrap_or_default(),
            Key::Other(s) => s,
        }
    }

    pub(super) fn bytes(&self) -> &[u8] {
        match self {
            Key::Code(b) => b,
            Key::Other(s) => s.as_bytes(),
        }
    }

    pub(super) fn hash(&self) -> u64 {
        hash_bytes(self.bytes())
    }

    /// The shard of a value with this hash. An 18-character value goes by its
    /// positions 9–17 alone, so that codes sharing an organization code meet
    /// in one shard and are compared there, in parallel with the others.
    pub(super) fn shard(&self, hash: u64) -> usize {
        match self {
            Key::Code(b) => shard_of(hash_bytes(&b[8..17])),
            Key::Other(_) => shard_of(hash),
        }
    }

    /// The key of a raw value, and whether it needed cleaning.
    pub(super) fn of(raw: &str) -> (Key, bool) {
        let b = raw.as_bytes();
        if let Some(code) = plain_code(b) {
            return (Key::Code(code), false);
        }
        // A code with ASCII white space around it (a cell padded by a
        // fixed-width export): what `normalize` makes of it (the white
        // space removed, nothing else), without its allocations.
        let trimmed = b.trim_ascii();
        if trimmed.len() < b.len()
            && let Some(code) = plain_code(trimmed)
        {
            return (Key::Code(code), true);
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

/// A value that is 18 ASCII upper-case letters and digits as it stands.
fn plain_code(b: &[u8]) -> Option<[u8; 18]> {
    <[u8; 18]>::try_from(b).ok().filter(|code| code.iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
}

/// What a distinct value is, decided once when it is first seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Valid,
    Invalid,
    Placeholder,
    Other,
    Personal,
    Pilot,
}

impl Kind {
    pub(super) fn usable(self) -> bool {
        matches!(self, Kind::Valid | Kind::Pilot)
    }
}

pub(super) const ONE_CODE_MANY_NAMES: u8 = 1;
pub(super) const SHARED_ORG_CODE: u8 = 2;
pub(super) const ONE_NAME_MANY_CODES: u8 = 4;
/// The value has warning or info findings (a row's findings need a report).
pub(super) const HAS_NOTES: u8 = 8;
pub(super) const WARNED: u8 = 16;

/// One (code, name, group) combination.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    pub(super) name: u32,
    pub(super) group: u32,
    pub(super) first_row: u64,
    /// Never zero, which lets [`Entries`] keep its tag in this field.
    pub(super) count: NonZeroU32,
    pub(super) cleaned: u32,
}

/// The entries of a code: almost every code has exactly one, kept inline;
/// the rest, and the key of a value that is not 18 bytes, are boxed.
#[derive(Debug, Clone)]
pub(super) enum Entries {
    One(Entry),
    Rare(Box<Rare>),
}

/// What few codes have: several entries, or a key that is not 18 bytes.
#[derive(Debug, Clone)]
pub(super) struct Rare {
    pub(super) entries: Vec<Entry>,
    pub(super) other: Option<Box<str>>,
    /// Where each (name, group) is in `entries`, once there are more than
    /// [`Rare::LIST`]: one value shared by a million rows of different
    /// names or groups must not cost a search of all its entries per row.
    pub(super) index: Option<FastMap<(u32, u32), u32>>,
}

impl Rare {
    /// Entries searched one by one.
    const LIST: usize = 16;

    pub(super) fn position(&self, name: u32, group: u32) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(&(name, group)).map(|&i| i as usize),
            None => self.entries.iter().position(|e| e.name == name && e.group == group),
        }
    }

    pub(super) fn push(&mut self, entry: Entry) {
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
    pub(super) fn as_slice(&self) -> &[Entry] {
        match self {
            Entries::One(e) => std::slice::from_ref(e),
            Entries::Rare(r) => &r.entries,
        }
    }

    /// The entry of a (name, group).
    pub(super) fn find(&self, name: u32, group: u32) -> Option<&Entry> {
        match self {
            Entries::One(e) => (e.name == name && e.group == group).then_some(e),
            Entries::Rare(r) => r.position(name, group).map(|i| &r.entries[i]),
        }
    }

    /// Counts a row under its (name, group); returns whether the row is now
    /// the first of its entry (a new entry, or a row before its first).
    pub(super) fn add(&mut self, name: u32, group: u32, row: u64, cleaned: bool) -> bool {
        let cleaned = u32::from(cleaned);
        let slot = match self {
            Entries::One(e) if e.name == name && e.group == group => Some(e),
            Entries::One(_) => None,
            Entries::Rare(r) => r.position(name, group).map(|i| &mut r.entries[i]),
        };
        if let Some(e) = slot {
            e.count = e.count.saturating_add(1);
            e.cleaned += cleaned;
            let first = row < e.first_row;
            e.first_row = e.first_row.min(row);
            return first;
        }
        let new = Entry { name, group, first_row: row, count: NonZeroU32::MIN, cleaned };
        match self {
            Entries::One(e) => {
                *self = Entries::Rare(Box::new(Rare { entries: vec![*e, new], other: None, index: None }));
            }
            Entries::Rare(r) => r.push(new),
        }
        true
    }
}

/// A distinct value: 48 bytes (the analysis keeps one per distinct code).
#[derive(Debug, Clone)]
pub(super) struct CodeState {
    /// The value when it is 18 bytes (see [`CodeState::key`]).
    pub(super) code: [u8; 18],
    pub(super) kind: Kind,
    pub(super) flags: u8,
    pub(super) entries: Entries,
}

impl CodeState {
    pub(super) fn new(key: Key, kind: Kind, flags: u8, entry: Entry) -> CodeState {
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
    pub(super) fn code(&self) -> Option<&[u8; 18]> {
        match &self.entries {
            Entries::Rare(r) if r.other.is_some() => None,
            _ => Some(&self.code),
        }
    }

    /// The normalized value.
    pub(super) fn key(&self) -> &str {
        match &self.entries {
            Entries::Rare(r) if let Some(other) = &r.other => other,
            _ => std::str::from_utf8(&self.code).unwrap_or_default(),
        }
    }

    pub(super) fn is(&self, key: &Key) -> bool {
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
pub(super) struct Blocks<T> {
    pub(super) blocks: Vec<Vec<T>>,
    pub(super) len: usize,
}

pub(super) const BLOCK: usize = 4096;

impl<T> Default for Blocks<T> {
    fn default() -> Self {
        Blocks { blocks: Vec::new(), len: 0 }
    }
}

impl<T> Blocks<T> {
    pub(super) fn push(&mut self, item: T) {
        if self.len.is_multiple_of(BLOCK) {
            self.blocks.push(Vec::with_capacity(BLOCK));
        }
        if let Some(b) = self.blocks.last_mut() {
            b.push(item);
        }
        self.len += 1;
    }

    pub(super) fn len(&self) -> usize {
        self.len
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &T> {
        self.blocks.iter().flatten()
    }

    pub(super) fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> {
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
pub(super) struct CodeShard {
    pub(super) ids: IdTable<Narrow>,
    pub(super) states: Blocks<CodeState>,
    /// The raw value of the lowest row that needed cleaning, per (code,
    /// name, group): the correction sheet shows each line's value exactly as
    /// its row had it.
    pub(super) raw: RawForms,
    /// The same for names: the name of the lowest row whose name needed
    /// normalization, per (code, name, group), as that row wrote it.
    pub(super) raw_names: RawForms,
}

impl CodeShard {
    pub(super) fn find(&self, hash: u64, key: &Key) -> Option<u32> {
        self.ids.find(hash, 0, |id| self.states[id as usize].is(key))
    }

    pub(super) fn insert(&mut self, hash: u64, state: CodeState) -> u32 {
        let id = self.states.len() as u32;
        self.ids.insert(hash, 0, id);
        self.states.push(state);
        id
    }
}

/// Distinct strings (names or groups) by hash, their text kept in one arena
/// per shard. A string is identified by 96 bits of its 128-bit hash (the low
/// 64 and the next 32): the chance that two of ten million different names
/// share them is about 10^-15.
#[derive(Debug, Clone, Default)]
pub(super) struct Interner {
    pub(super) ids: IdTable<Wide>,
    pub(super) arena: TextArena,
    /// Each string's end position in the arena (its start is the previous end).
    pub(super) ends: Blocks<u32>,
}

/// Text kept in blocks that never move: growing adds a block instead of
/// copying the text into fresh memory, as a doubling `String` does at each
/// step. A string lies within one block; positions run on from block to
/// block as if the text were one string.
#[derive(Debug, Clone, Default)]
pub(super) struct TextArena {
    pub(super) blocks: Vec<String>,
    /// The position where each block starts.
    pub(super) starts: Vec<usize>,
    pub(super) len: usize,
}

impl TextArena {
    const FIRST: usize = 16 << 10;
    const LARGEST: usize = 1 << 20;

    /// Appends `s`; returns the position where it ends.
    pub(super) fn push(&mut self, s: &str) -> usize {
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
    pub(super) fn get(&self, start: usize, end: usize) -> Option<&str> {
        let b = self.starts.partition_point(|&s| s <= start).checked_sub(1)?;
        let base = self.starts[b];
        self.blocks[b].get(start.checked_sub(base)?..end.checked_sub(base)?)
    }
}

/// The table hash and tag of a 128-bit string hash.
#[inline]
pub(super) fn parts(hash: u128) -> (u64, u32) {
    (hash as u64, (hash >> 64) as u32)
}

/// A text's first 16 bytes as one number, in the order of the text where
/// two differ (a shorter text's missing bytes count as 0, so two equal
/// numbers say nothing): texts compared by it first are read only where
/// their heads are the same.
pub(super) fn head(text: &str) -> u128 {
    let mut b = [0u8; 16];
    let n = text.len().min(16);
    b[..n].copy_from_slice(&text.as_bytes()[..n]);
    u128::from_be_bytes(b)
}

/// The text of an interned id (`NONE` has none).
pub(super) fn string(interners: &[Interner], id: u32) -> Option<&str> {
    if id == NONE {
        return None;
    }
    let (s, l) = split(id);
    interners[s].get(l)
}

/// The id of an interned text, `NONE` when it was never interned.
pub(super) fn lookup(interners: &[Interner], key: &str) -> u32 {
    let h = super::hash::hash128(key.as_bytes());
    let s = shard_of128(h);
    interners[s].find(h).map_or(NONE, |l| global(s, l))
}

/// The state of a distinct value by its id.
pub(super) fn state(codes: &[CodeShard], code: u32) -> &CodeState {
    let (s, l) = split(code);
    &codes[s].states[l]
}

impl Interner {
    pub(super) fn find(&self, hash: u128) -> Option<u32> {
        let (h, tag) = parts(hash);
        self.ids.first(h, tag)
    }

    pub(super) fn prefetch(&self, hash: u128) {
        self.ids.prefetch(hash as u64);
    }

    /// The id of `key`, added if new.
    pub(super) fn intern(&mut self, shard: usize, hash: u128, key: &str) -> u32 {
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
        global(shard, local)
    }

    /// How many distinct strings.
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(super) fn get(&self, local: usize) -> Option<&str> {
        if local >= self.ends.len() {
            return None;
        }
        let end = self.ends[local] as usize;
        let start = if local == 0 { 0 } else { self.ends[local - 1] as usize };
        self.arena.get(start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value's key is what `normalize` makes of it, whichever way it is
    /// found: as it stands, with ASCII white space around it, or normalized.
    #[test]
    fn keys_are_the_normalized_values() {
        let codes = ["91350100M000100Y43", "9I2311230805458007", "91350100m000100Y43", "91350100M000100Y4", "１２"];
        let pads = ["", " ", "  ", "\t", "\r\n", "\u{0B}", "\u{0C}", "\u{3000}", "\u{A0}", "'"];
        for code in codes {
            for before in pads {
                for after in pads {
                    let raw = format!("{before}{code}{after}");
                    let n = normalize(&raw);
                    let want = match <[u8; 18]>::try_from(n.value.as_bytes()) {
                        Ok(c) => Key::Code(c),
                        Err(_) => Key::Other(n.value.clone().into_boxed_str()),
                    };
                    assert_eq!(Key::of(&raw), (want, !n.changes.is_empty()), "{raw:?}");
                }
            }
        }
    }

    /// Two texts ordered by their heads first, then by their text, are in
    /// the order of their text.
    #[test]
    fn heads_keep_the_order_of_the_text() {
        let texts = [
            "",
            "a",
            "ab",
            "ab\0",
            "ab\0c",
            "abc",
            "公司1",
            "公司12",
            "公司2",
            "公司123456789012",
            "公司1234567890123",
            "公司1234567890124",
            "公司（分部）",
            "\u{3000}x",
            "zzzzzzzzzzzzzzzzzz",
        ];
        for a in texts {
            for b in texts {
                let by_head = head(a).cmp(&head(b)).then_with(|| a.cmp(b));
                assert_eq!(by_head, a.cmp(b), "{a:?} {b:?}");
            }
        }
    }

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
