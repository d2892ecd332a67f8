//! The batch fast path on x86-64: two codes per AVX2 register.
//!
//! This is the crate's only `unsafe` code, and it is here for speed alone:
//! the AVX2 kernel checks two codes at once (each 128-bit half of a register
//! holds positions 3–18 of one code), which measured about 2.2 times the
//! scalar path on the project's machines (see `benches/`). `unsafe` is needed
//! only to call a `#[target_feature(enable = "avx2")]` function, after
//! `is_x86_feature_detected!("avx2")` has said the CPU has it; the intrinsics
//! themselves take values, never pointers. The kernel must agree with
//! [`crate::rules::fast_check`] on every input: the property tests and the
//! `oracle` fuzz target compare them.
//!
//! It also holds [`prefetch`], with which the analysis overlaps the cache
//! misses of its hash-table lookups.
#![allow(unsafe_code)]

use std::arch::x86_64::{
    __m128i, _mm_cvtsi128_si32, _mm_extract_epi32, _mm_set_epi64x, _mm_setr_epi8, _mm256_add_epi8, _mm256_and_si256,
    _mm256_broadcastsi128_si256, _mm256_castsi256_si128, _mm256_cmpeq_epi8, _mm256_extracti128_si256,
    _mm256_hadd_epi32, _mm256_madd_epi16, _mm256_maddubs_epi16, _mm256_movemask_epi8, _mm256_or_si256,
    _mm256_set_m128i, _mm256_set1_epi8, _mm256_set1_epi16, _mm256_shuffle_epi8, _mm256_srli_epi16,
};

use crate::rules::FastTables;

/// Whether the running CPU has AVX2 (checked once, cached by std).
pub(crate) fn available() -> bool {
    is_x86_feature_detected!("avx2")
}

/// Positions 3–18 of a code as 16 bytes.
#[target_feature(enable = "avx2")]
#[inline]
fn tail16(x: &[u8; 18]) -> __m128i {
    let lo = i64::from_le_bytes([x[2], x[3], x[4], x[5], x[6], x[7], x[8], x[9]]);
    let hi = i64::from_le_bytes([x[10], x[11], x[12], x[13], x[14], x[15], x[16], x[17]]);
    _mm_set_epi64x(hi, lo)
}

/// Checks two codes. Bit 0 of the result is `a`'s verdict, bit 1 is `b`'s.
///
/// Per byte, the high nibble (3, 4 or 5 for the alphabet) selects one of
/// three 16-entry tables indexed by the low nibble (`pshufb`), giving the
/// GB 32100 value or 0x80 for a character outside the alphabet; a second
/// pair of tables adds the difference to the full-Latin value that GB 11714
/// uses. `pmaddubsw` then forms both weighted sums. Position 18 enters the
/// outer sum with weight 1 and position 17 the inner sum with weight 1, so a
/// code is valid exactly when the sums are 0 mod 31 and 0 mod 11 (with `X`
/// at position 17 corrected from its Latin value 33 to 10).
#[target_feature(enable = "avx2")]
#[inline]
#[allow(clippy::similar_names, clippy::cast_sign_loss)]
fn pair(a: &[u8; 18], b: &[u8; 18], tables: &FastTables) -> u32 {
    const B: i8 = -128;
    let c = _mm256_set_m128i(tail16(b), tail16(a));
    let nibble = _mm256_set1_epi8(0x0F);
    let low = _mm256_and_si256(c, nibble);
    let high = _mm256_and_si256(_mm256_srli_epi16(c, 4), nibble);
    let t3 = _mm256_broadcastsi128_si256(_mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, B, B, B, B, B, B));
    let t4 = _mm256_broadcastsi128_si256(_mm_setr_epi8(B, 10, 11, 12, 13, 14, 15, 16, 17, B, 18, 19, 20, 21, 22, B));
    let t5 = _mm256_broadcastsi128_si256(_mm_setr_epi8(23, 24, 25, B, 26, 27, B, 28, 29, 30, B, B, B, B, B, B));
    let latin4 = _mm256_broadcastsi128_si256(_mm_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1));
    let latin5 = _mm256_broadcastsi128_si256(_mm_setr_epi8(2, 2, 2, 2, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4));
    let m3 = _mm256_cmpeq_epi8(high, _mm256_set1_epi8(3));
    let m4 = _mm256_cmpeq_epi8(high, _mm256_set1_epi8(4));
    let m5 = _mm256_cmpeq_epi8(high, _mm256_set1_epi8(5));
    let value = _mm256_or_si256(
        _mm256_and_si256(_mm256_shuffle_epi8(t3, low), m3),
        _mm256_or_si256(
            _mm256_and_si256(_mm256_shuffle_epi8(t4, low), m4),
            _mm256_and_si256(_mm256_shuffle_epi8(t5, low), m5),
        ),
    );
    let to_latin = _mm256_or_si256(
        _mm256_and_si256(_mm256_shuffle_epi8(latin4, low), m4),
        _mm256_and_si256(_mm256_shuffle_epi8(latin5, low), m5),
    );
    let latin = _mm256_add_epi8(value, to_latin);
    let known = _mm256_movemask_epi8(_mm256_or_si256(m3, _mm256_or_si256(m4, m5))) as u32;
    let outside = _mm256_movemask_epi8(value) as u32;
    let digits = _mm256_movemask_epi8(m3) as u32 & !outside;
    // Weights of positions 3..18; position 18 (the check character) weighs 1.
    let w = _mm256_broadcastsi128_si256(_mm_setr_epi8(9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28, 1));
    // GB 11714 weights of positions 9..16; position 17 (its check) weighs 1.
    let ow = _mm256_broadcastsi128_si256(_mm_setr_epi8(0, 0, 0, 0, 0, 0, 3, 7, 9, 10, 5, 8, 4, 2, 1, 0));
    let ones = _mm256_set1_epi16(1);
    let outer = _mm256_madd_epi16(_mm256_maddubs_epi16(value, w), ones);
    let inner = _mm256_madd_epi16(_mm256_maddubs_epi16(latin, ow), ones);
    let t = _mm256_hadd_epi32(outer, inner);
    let t = _mm256_hadd_epi32(t, t);
    let (ta, tb) = (_mm256_castsi256_si128(t), _mm256_extracti128_si256(t, 1));
    let sums = [
        (_mm_cvtsi128_si32(ta) as u32, _mm_extract_epi32(ta, 1) as u32),
        (_mm_cvtsi128_si32(tb) as u32, _mm_extract_epi32(tb, 1) as u32),
    ];
    let mut out = 0;
    for (k, x) in [a, b].into_iter().enumerate() {
        let half = |m: u32| m >> (16 * k) & 0xFFFF;
        let head = tables.pairs[usize::from(u16::from_le_bytes([x[0], x[1]]))];
        let prefix = tables.prefixes[usize::from(u16::from_le_bytes([x[2], x[3]]))];
        let outer = sums[k].0 + u32::from(head);
        let x17 = x[16] == b'X';
        let inner = sums[k].1.wrapping_sub(23 * u32::from(x17));
        let digit17 = half(digits) >> 14 & 1 == 1;
        let national = u32::from_le_bytes([x[4], x[5], x[6], x[7]]) == u32::from_le_bytes(*b"0000");
        let ok = (half(known) == 0xFFFF)
            & (half(outside) == 0)
            & (half(digits) & 0x3F == 0x3F)
            & (head & 0x80 == 0)
            & ((prefix == 1) | ((prefix == 2) & national))
            & (digit17 | x17)
            & outer.is_multiple_of(31)
            & inner.is_multiple_of(11);
        out |= u32::from(ok) << k;
    }
    out
}

/// Marks each item valid or not, two codes at a time. Items that are not
/// 18 bytes long are invalid; the rest are paired in order.
#[target_feature(enable = "avx2")]
fn mark_avx2<'a>(items: impl Iterator<Item = &'a [u8]>, out: &mut [bool], t: &FastTables) {
    let mut pending: Option<(usize, &[u8; 18])> = None;
    for (i, item) in items.enumerate() {
        match <&[u8; 18]>::try_from(item) {
            Err(_) => out[i] = false,
            Ok(code) => match pending.take() {
                None => pending = Some((i, code)),
                Some((j, first)) => {
                    let bits = pair(first, code, t);
                    out[j] = bits & 1 == 1;
                    out[i] = bits & 2 == 2;
                }
            },
        }
    }
    if let Some((j, code)) = pending {
        out[j] = crate::rules::fast_check(code, t);
    }
}

/// Marks fixed 18-byte codes, two at a time.
#[target_feature(enable = "avx2")]
fn mark_fixed_avx2(codes: &[[u8; 18]], out: &mut [bool], t: &FastTables) {
    let mut pairs = codes.chunks_exact(2);
    let mut outs = out.chunks_exact_mut(2);
    for (p, o) in (&mut pairs).zip(&mut outs) {
        let bits = pair(&p[0], &p[1], t);
        o[0] = bits & 1 == 1;
        o[1] = bits & 2 == 2;
    }
    if let ([code], [o]) = (pairs.remainder(), outs.into_remainder()) {
        *o = crate::rules::fast_check(code, t);
    }
}

/// [`mark_fixed_avx2`] when the CPU has AVX2; `false` when it does not.
pub(crate) fn mark_fixed(codes: &[[u8; 18]], out: &mut [bool], t: &FastTables) -> bool {
    if !available() {
        return false;
    }
    // SAFETY: the CPU has AVX2 (checked just above).
    unsafe { mark_fixed_avx2(codes, out, t) };
    true
}

/// [`mark_avx2`] after checking that the CPU has AVX2; `false` when it does
/// not (the caller then uses the scalar path).
pub(crate) fn mark<'a>(items: impl Iterator<Item = &'a [u8]>, out: &mut [bool], t: &FastTables) -> bool {
    if !available() {
        return false;
    }
    // SAFETY: the CPU has AVX2 (checked just above), which is all that
    // `mark_avx2` and the intrinsics it calls require.
    unsafe { mark_avx2(items, out, t) };
    true
}

/// Asks the CPU to bring the cache line holding `item` closer. A hint only:
/// it never faults and changes no result.
#[inline]
pub(crate) fn prefetch<T: ?Sized>(item: &T) {
    // SAFETY: SSE is part of the x86-64 baseline, so the instruction exists
    // on every CPU this code runs on; a prefetch reads nothing the program
    // sees and cannot fault, and `item` is a live reference anyway.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(std::ptr::from_ref(item).cast::<i8>());
    }
}
