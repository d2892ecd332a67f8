//! A small, fast, deterministic hasher for the analysis maps and shards.
//!
//! The analysis hashes tens of millions of short keys; SipHash's defence
//! against crafted collisions costs more than the rest of the work and buys
//! nothing offline. The same input always lands in the same shard, so ids
//! and outputs are the same on every run and every thread count.

use std::hash::{BuildHasherDefault, Hasher};

/// Multiply-rotate hashing of 8 bytes at a time.
#[derive(Default, Clone, Copy)]
pub(crate) struct FastHasher(u64);

const K: u64 = 0x517c_c1b7_2722_0a95;

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            self.add(tail(bytes) ^ (rest.len() as u64) << 56);
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // Final avalanche so that low bits (the shard) depend on every byte.
        let mut z = self.0;
        z = (z ^ (z >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
        z ^ (z >> 33)
    }
}

pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// A hash set with the same hasher.
pub(crate) type FastSet<K> = std::collections::HashSet<K, BuildHasherDefault<FastHasher>>;

/// The bytes after the last whole 8 of `bytes`, little-endian in a word
/// (0 when there are none). A string of 8 bytes or more has them read as
/// its last 8 bytes, shifted: no copy of a varying length, which the load
/// after it would wait for.
#[inline]
fn tail(bytes: &[u8]) -> u64 {
    let rest = bytes.len() % 8;
    if rest == 0 {
        return 0;
    }
    if let Some(last) = bytes.last_chunk::<8>() {
        u64::from_le_bytes(*last) >> (8 * (8 - rest))
    } else {
        let mut last = [0u8; 8];
        last[..rest].copy_from_slice(bytes);
        u64::from_le_bytes(last)
    }
}

/// A 128-bit hash of a byte string: two independent multiply-rotate lanes.
/// Names and groups are identified by 96 bits of it, so that the hot path
/// never dereferences a stored string: the chance that two different names
/// out of ten million share those bits is about 10^-15.
#[inline]
pub(crate) fn hash128(bytes: &[u8]) -> u128 {
    const K2: u64 = 0x9e37_79b9_7f4a_7c15;
    let (mut a, mut b) = (0u64, 0x243f_6a88_85a3_08d3u64);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        a = (a.rotate_left(5) ^ w).wrapping_mul(K);
        b = (b.rotate_left(23) ^ w).wrapping_mul(K2);
    }
    let w = tail(bytes) ^ (bytes.len() as u64) << 56;
    a = (a.rotate_left(5) ^ w).wrapping_mul(K);
    b = (b.rotate_left(23) ^ w).wrapping_mul(K2);
    let mix = |mut z: u64| {
        z = (z ^ (z >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
        z = (z ^ (z >> 33)).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        z ^ (z >> 33)
    };
    u128::from(mix(a)) << 64 | u128::from(mix(b ^ a.rotate_left(17)))
}

/// The hash of a byte string.
#[inline]
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = FastHasher::default();
    h.write(bytes);
    h.finish()
}

/// Asks the CPU to fetch `item`'s cache line ahead of use (x86-64 only; a
/// no-op elsewhere).
#[inline]
pub(crate) fn prefetch<T: ?Sized>(item: &T) {
    #[cfg(target_arch = "x86_64")]
    crate::simd::prefetch(item);
    #[cfg(not(target_arch = "x86_64"))]
    let _ = item;
}

/// A slot of an [`IdTable`]: an id and what of its key's hash it keeps.
pub(crate) trait Slot: Copy {
    /// A free slot.
    const FREE: Self;
    fn new(hash: u64, tag: u32, id: u32) -> Self;
    fn id(&self) -> u32;
    /// The low 32 bits of the hash, which place the slot.
    fn place(&self) -> u32;
    /// Whether the slot may hold this hash and tag.
    fn matches(&self, hash: u64, tag: u32) -> bool;
}

/// The whole 64-bit hash and a 32-bit tag: 16 bytes. For names, which are
/// identified by these 96 bits.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Wide {
    hash: u64,
    tag: u32,
    id: u32,
}

impl Slot for Wide {
    const FREE: Wide = Wide { hash: 0, tag: 0, id: EMPTY };
    #[inline]
    fn new(hash: u64, tag: u32, id: u32) -> Wide {
        Wide { hash, tag, id }
    }
    #[inline]
    fn id(&self) -> u32 {
        self.id
    }
    #[inline]
    fn place(&self) -> u32 {
        self.hash as u32
    }
    #[inline]
    fn matches(&self, hash: u64, tag: u32) -> bool {
        self.hash == hash && self.tag == tag
    }
}

/// The low 32 bits of the hash only: 8 bytes. For codes, whose key the
/// caller compares anyway; the bits only spare it most comparisons.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Narrow {
    hash: u32,
    id: u32,
}

impl Slot for Narrow {
    const FREE: Narrow = Narrow { hash: 0, id: EMPTY };
    #[inline]
    fn new(hash: u64, _tag: u32, id: u32) -> Narrow {
        Narrow { hash: hash as u32, id }
    }
    #[inline]
    fn id(&self) -> u32 {
        self.id
    }
    #[inline]
    fn place(&self) -> u32 {
        self.hash
    }
    #[inline]
    fn matches(&self, hash: u64, _tag: u32) -> bool {
        self.hash == hash as u32
    }
}

const EMPTY: u32 = u32::MAX;

/// Ids by hash (and tag): open addressing with linear probing, at most 3/4
/// full. Unlike a general map its lookups can be prefetched
/// ([`IdTable::prefetch`]), which is what the analysis needs: it looks up
/// millions of keys that are nowhere in the cache, and overlapping those
/// misses is most of its speed. Two entries may share a hash and tag;
/// [`IdTable::find`] asks the caller which one is meant.
#[derive(Debug, Clone)]
pub(crate) struct IdTable<S> {
    slots: Vec<S>,
    len: usize,
}

impl<S> Default for IdTable<S> {
    fn default() -> Self {
        IdTable { slots: Vec::new(), len: 0 }
    }
}

impl<S: Slot> IdTable<S> {
    /// How many slots the table has.
    pub(crate) fn slots(&self) -> usize {
        self.slots.len()
    }

    /// Room for `n` entries without growing: the table is sized to the
    /// slot, not to a power of two, so that a table sized up front for ten
    /// million entries does not hold millions of empty slots.
    pub(crate) fn reserve(&mut self, n: usize) {
        let want = (self.len + n) * 4 / 3 + 1;
        if want > self.slots.len() {
            self.resize(want.max(16));
        }
    }

    fn resize(&mut self, size: usize) {
        let old = std::mem::replace(&mut self.slots, vec![S::FREE; size]);
        for s in old.into_iter().filter(|s| s.id() != EMPTY) {
            self.place(s);
        }
    }

    #[inline]
    fn start(&self, low: u32) -> usize {
        // The shards take the top bits of the hash; the slot comes from the
        // low 32, scaled to the table's size (any size, not only powers of
        // two).
        ((u64::from(low) * self.slots.len() as u64) >> 32) as usize
    }

    #[inline]
    fn next(&self, i: usize) -> usize {
        if i + 1 == self.slots.len() { 0 } else { i + 1 }
    }

    fn place(&mut self, slot: S) {
        let mut i = self.start(slot.place());
        while self.slots[i].id() != EMPTY {
            i = self.next(i);
        }
        self.slots[i] = slot;
    }

    /// Prefetches the first slot `hash` would probe.
    #[inline]
    pub(crate) fn prefetch(&self, hash: u64) {
        if !self.slots.is_empty() {
            prefetch(&self.slots[self.start(hash as u32)]);
        }
    }

    /// The id of the first entry that may have this hash and tag, if any: a
    /// guess good enough to prefetch what it points to.
    #[inline]
    pub(crate) fn first(&self, hash: u64, tag: u32) -> Option<u32> {
        self.find(hash, tag, |_| true)
    }

    /// The id of the entry with this hash and tag for which `is` says yes.
    #[inline]
    pub(crate) fn find(&self, hash: u64, tag: u32, mut is: impl FnMut(u32) -> bool) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mut i = self.start(hash as u32);
        loop {
            let s = self.slots[i];
            if s.id() == EMPTY {
                return None;
            }
            if s.matches(hash, tag) && is(s.id()) {
                return Some(s.id());
            }
            i = self.next(i);
        }
    }

    /// Adds an entry (the caller has checked that it is new).
    pub(crate) fn insert(&mut self, hash: u64, tag: u32, id: u32) {
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            self.resize((self.slots.len() * 2).max(16));
        }
        self.place(S::new(hash, tag, id));
        self.len += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::{IdTable, Narrow, Wide, tail};

    /// A string's last bytes read in place are the bytes after its last
    /// whole 8, zero-padded, for every length.
    #[test]
    fn a_tail_is_the_last_bytes_padded() {
        let text: Vec<u8> = (1..=40u8).map(|b| b.wrapping_mul(97)).collect();
        for len in 0..=text.len() {
            let bytes = &text[..len];
            let rest = &bytes[len - len % 8..];
            let mut padded = [0u8; 8];
            padded[..rest.len()].copy_from_slice(rest);
            assert_eq!(tail(bytes), u64::from_le_bytes(padded), "{len}");
        }
    }

    #[test]
    fn id_table_finds_what_was_inserted_and_nothing_else() {
        let mut t = IdTable::<Wide>::default();
        assert_eq!(t.find(1, 0, |_| true), None);
        for id in 0..10_000u32 {
            // Every fourth hash repeats, so probes pass entries of the same
            // hash and tag that the caller rejects.
            let hash = u64::from(id / 4).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            t.insert(hash, id % 2, id);
        }
        for id in 0..10_000u32 {
            let hash = u64::from(id / 4).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            assert_eq!(t.find(hash, id % 2, |x| x == id), Some(id));
            assert_eq!(t.find(hash, 7, |_| true), None);
            assert!(t.first(hash, id % 2).is_some_and(|x| x / 4 == id / 4 && x % 2 == id % 2));
        }
        assert_eq!(t.find(12345, 0, |_| true), None);
    }

    #[test]
    fn a_narrow_table_tells_keys_apart_by_the_callers_comparison() {
        let mut t = IdTable::<Narrow>::default();
        t.reserve(1000);
        // Hashes that agree in their low 32 bits meet in one probe run.
        for id in 0..5_000u32 {
            t.insert((u64::from(id) << 32) | u64::from(id % 100), 0, id);
        }
        for id in 0..5_000u32 {
            let hash = (u64::from(id) << 32) | u64::from(id % 100);
            assert_eq!(t.find(hash, 0, |x| x == id), Some(id));
        }
        assert_eq!(t.find(100, 0, |_| true), None);
        assert_eq!(t.find(7, 0, |x| x == 5_000), None);
    }
}
