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
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last) ^ (rest.len() as u64) << 56);
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

/// A 128-bit hash of a byte string: two independent multiply-rotate lanes.
/// Names and groups are identified by it, so that the hot path never
/// dereferences a stored string: the chance that two different names out of
/// ten million share a 128-bit hash is about 10^-25.
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
    let rest = chunks.remainder();
    let mut last = [0u8; 8];
    last[..rest.len()].copy_from_slice(rest);
    let w = u64::from_le_bytes(last) ^ (bytes.len() as u64) << 56;
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
pub(crate) fn prefetch<T>(item: &T) {
    #[cfg(target_arch = "x86_64")]
    crate::simd::prefetch(item);
    #[cfg(not(target_arch = "x86_64"))]
    let _ = item;
}

/// One slot of an [`IdTable`].
#[derive(Debug, Clone, Copy)]
struct Slot {
    hash: u64,
    tag: u32,
    id: u32,
}

const EMPTY: u32 = u32::MAX;

/// Ids by 64-bit hash and 32-bit tag: open addressing with linear probing in
/// 16-byte slots, at most 7/10 full. Unlike a general map its lookups can be
/// prefetched ([`IdTable::prefetch`]), which is what the analysis needs: it
/// looks up millions of keys that are nowhere in the cache, and overlapping
/// those misses is most of its speed. Two entries may share a hash and tag;
/// [`IdTable::find`] asks the caller which one is meant.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdTable {
    slots: Vec<Slot>,
    len: usize,
}

impl IdTable {
    /// Room for `n` entries without growing.
    pub(crate) fn reserve(&mut self, n: usize) {
        let want = (self.len + n) * 10 / 7 + 1;
        if want > self.slots.len() {
            self.resize(want.next_power_of_two().max(16));
        }
    }

    fn resize(&mut self, size: usize) {
        let old = std::mem::replace(&mut self.slots, vec![Slot { hash: 0, tag: 0, id: EMPTY }; size]);
        for s in old.into_iter().filter(|s| s.id != EMPTY) {
            self.place(s);
        }
    }

    #[inline]
    fn start(&self, hash: u64) -> usize {
        // The shards take the top bits; the slot comes from the low ones.
        hash as usize & (self.slots.len() - 1)
    }

    fn place(&mut self, slot: Slot) {
        let mask = self.slots.len() - 1;
        let mut i = self.start(slot.hash);
        while self.slots[i].id != EMPTY {
            i = (i + 1) & mask;
        }
        self.slots[i] = slot;
    }

    /// Prefetches the first slot `hash` would probe.
    #[inline]
    pub(crate) fn prefetch(&self, hash: u64) {
        if !self.slots.is_empty() {
            prefetch(&self.slots[self.start(hash)]);
        }
    }

    /// The id of the first entry with this hash and tag, if any: a guess
    /// good enough to prefetch what it points to.
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
        let mask = self.slots.len() - 1;
        let mut i = self.start(hash);
        loop {
            let s = self.slots[i];
            if s.id == EMPTY {
                return None;
            }
            if s.hash == hash && s.tag == tag && is(s.id) {
                return Some(s.id);
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds an entry (the caller has checked that it is new).
    pub(crate) fn insert(&mut self, hash: u64, tag: u32, id: u32) {
        if (self.len + 1) * 10 > self.slots.len() * 7 {
            self.resize((self.slots.len() * 2).max(16));
        }
        self.place(Slot { hash, tag, id });
        self.len += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::IdTable;

    #[test]
    fn id_table_finds_what_was_inserted_and_nothing_else() {
        let mut t = IdTable::default();
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
}
