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
