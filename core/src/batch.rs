//! Batch calls over slices, on rayon's thread pool with the `parallel`
//! feature. Results are in input order and identical whatever the thread
//! count; validity is decided by the same rules as [`crate::is_valid`], two
//! codes at a time with AVX2 on x86-64 CPUs that have it.

use crate::rules::{DEFAULT, Rules, fast_check};
use crate::validate::Report;

/// Items per task on the thread pool.
const CHUNK: usize = 1 << 14;

/// Offsets into a packed values buffer, as Arrow string arrays hold them.
pub trait Offset: Copy + Send + Sync {
    /// The offset as an index, when it is one.
    fn index(self) -> Option<usize>;
}

macro_rules! offset {
    ($($t:ty),*) => {$(
        impl Offset for $t {
            #[inline]
            fn index(self) -> Option<usize> {
                usize::try_from(self).ok()
            }
        }
    )*};
}
offset!(i32, i64, u32, u64, usize);

/// Offsets that do not describe a packed buffer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("offset {index} ({value}) is negative, decreasing or past the end of the {len}-byte values buffer")]
pub struct OffsetError {
    /// Index of the bad offset.
    pub index: usize,
    /// Its value, as text.
    pub value: String,
    /// Length of the values buffer.
    pub len: usize,
}

impl Rules {
    /// Marks each item of a chunk.
    fn mark<'a, I>(&self, items: I, out: &mut [bool])
    where
        I: Iterator<Item = &'a [u8]> + Clone,
    {
        #[cfg(target_arch = "x86_64")]
        if crate::simd::mark(items.clone(), out, &self.fast) {
            return;
        }
        for (o, item) in out.iter_mut().zip(items) {
            *o = <&[u8; 18]>::try_from(item).is_ok_and(|b| fast_check(b, &self.fast));
        }
    }

    /// [`crate::is_valid`] over a slice, under these rules.
    #[must_use]
    pub fn is_valid_many<S: AsRef<[u8]> + Sync>(&self, codes: &[S]) -> Vec<bool> {
        let mut out = vec![false; codes.len()];
        chunks(codes, &mut out, |c, o| self.mark(c.iter().map(AsRef::as_ref), o));
        out
    }

    /// [`is_valid_fixed`] under these rules.
    #[must_use]
    pub fn is_valid_fixed(&self, codes: &[[u8; 18]]) -> Vec<bool> {
        let mut out = vec![false; codes.len()];
        chunks(codes, &mut out, |c, o| {
            #[cfg(target_arch = "x86_64")]
            if crate::simd::mark_fixed(c, o, &self.fast) {
                return;
            }
            for (o, b) in o.iter_mut().zip(c) {
                *o = fast_check(b, &self.fast);
            }
        });
        out
    }

    /// [`is_valid_packed`] under these rules.
    pub fn is_valid_packed<O: Offset>(&self, values: &[u8], offsets: &[O]) -> Result<Vec<bool>, OffsetError> {
        if check_offsets(values.len(), offsets)? {
            // Every item is 18 bytes, back to back: a column of codes.
            let start = offsets.first().and_then(|o| o.index()).unwrap_or(0);
            let end = offsets.last().and_then(|o| o.index()).unwrap_or(0);
            let (records, _) = values[start..end].as_chunks::<18>();
            return Ok(self.is_valid_fixed(records));
        }
        let n = offsets.len().saturating_sub(1);
        let mut out = vec![false; n];
        // Chunk `k` of the output reads offsets `k * CHUNK ..= (k + 1) * CHUNK`.
        let windows: Vec<&[O]> =
            (0..n).step_by(CHUNK).map(|start| &offsets[start..(start + CHUNK + 1).min(offsets.len())]).collect();
        chunks_by(
            &windows,
            &mut out,
            |w, o| {
                for (offs, o) in w.iter().zip(o.chunks_mut(CHUNK)) {
                    let items = offs.windows(2).map(|p| {
                        let (a, b) = (p[0].index().unwrap_or(0), p[1].index().unwrap_or(0));
                        values.get(a..b).unwrap_or_default()
                    });
                    self.mark(items, o);
                }
            },
            CHUNK,
        );
        Ok(out)
    }
}

/// Checks that offsets are non-negative, non-decreasing and within the
/// values buffer. Returns whether every item is exactly 18 bytes long.
fn check_offsets<O: Offset>(len: usize, offsets: &[O]) -> Result<bool, OffsetError> {
    let mut prev = None;
    let mut all_18 = true;
    for (index, &o) in offsets.iter().enumerate() {
        match o.index() {
            Some(v) if prev.is_none_or(|p| v >= p) && v <= len => {
                all_18 &= prev.is_none_or(|p| v - p == 18);
                prev = Some(v);
            }
            _ => {
                let value = o.index().map_or_else(|| "negative".into(), |v| v.to_string());
                return Err(OffsetError { index, value, len });
            }
        }
    }
    Ok(all_18)
}

/// Runs `f` over matching chunks of `items` and `out`, where each item owns
/// `per_item` outputs: `CHUNK` items per task, in parallel when the
/// `parallel` feature is on and there is more than one chunk.
#[cfg(feature = "parallel")]
fn chunks_by<S: Sync>(items: &[S], out: &mut [bool], f: impl Fn(&[S], &mut [bool]) + Sync, per_item: usize) {
    use rayon::prelude::*;
    let items_per_task = (CHUNK / per_item).max(1);
    if items.len() <= items_per_task {
        f(items, out);
        return;
    }
    items.par_chunks(items_per_task).zip(out.par_chunks_mut(items_per_task * per_item)).for_each(|(c, o)| f(c, o));
}

#[cfg(not(feature = "parallel"))]
fn chunks_by<S: Sync>(items: &[S], out: &mut [bool], f: impl Fn(&[S], &mut [bool]) + Sync, per_item: usize) {
    let items_per_task = (CHUNK / per_item).max(1);
    for (c, o) in items.chunks(items_per_task).zip(out.chunks_mut(items_per_task * per_item)) {
        f(c, o);
    }
}

fn chunks<S: Sync>(items: &[S], out: &mut [bool], f: impl Fn(&[S], &mut [bool]) + Sync) {
    chunks_by(items, out, f, 1);
}

#[cfg(feature = "parallel")]
fn map<S: Sync, T: Send>(items: &[S], f: impl Fn(&S) -> T + Sync + Send) -> Vec<T> {
    use rayon::prelude::*;
    items.par_iter().with_min_len(CHUNK / 8).map(f).collect()
}

#[cfg(not(feature = "parallel"))]
fn map<S: Sync, T: Send>(items: &[S], f: impl Fn(&S) -> T + Sync + Send) -> Vec<T> {
    items.iter().map(f).collect()
}

/// [`crate::is_valid`] over a slice of anything that holds bytes.
///
/// ```
/// assert_eq!(uscc::is_valid_many(&["91350100M000100Y43", "x"]), [true, false]);
/// ```
#[must_use]
pub fn is_valid_many<S: AsRef<[u8]> + Sync>(codes: &[S]) -> Vec<bool> {
    DEFAULT.is_valid_many(codes)
}

/// [`crate::is_valid`] over a packed buffer: item `i` is
/// `values[offsets[i]..offsets[i + 1]]`, as in an Arrow string array, so no
/// string is copied.
///
/// ```
/// let values = b"91350100M000100Y43x914403001922038216";
/// let offsets: [i32; 4] = [0, 18, 19, 37];
/// assert_eq!(uscc::is_valid_packed(values, &offsets).unwrap(), [true, false, true]);
/// ```
pub fn is_valid_packed<O: Offset>(values: &[u8], offsets: &[O]) -> Result<Vec<bool>, OffsetError> {
    DEFAULT.is_valid_packed(values, offsets)
}

/// [`crate::is_valid`] over fixed 18-byte codes: the fastest batch call,
/// for data already laid out as records.
///
/// ```
/// let codes = [*b"91350100M000100Y43", *b"91350100M000100Y4A"];
/// assert_eq!(uscc::is_valid_fixed(&codes), [true, false]);
/// ```
#[must_use]
pub fn is_valid_fixed(codes: &[[u8; 18]]) -> Vec<bool> {
    DEFAULT.is_valid_fixed(codes)
}

/// How many codes of a slice are valid.
#[must_use]
pub fn count_valid<S: AsRef<[u8]> + Sync>(codes: &[S]) -> usize {
    is_valid_many(codes).iter().filter(|&&v| v).count()
}

/// [`crate::validate`] over a slice.
#[must_use]
pub fn validate_many<S: AsRef<str> + Sync>(codes: &[S]) -> Vec<Report> {
    map(codes, |c| crate::validate(c.as_ref()))
}

/// [`crate::check`] (normalize, then validate) over a slice.
#[must_use]
pub fn check_many<S: AsRef<str> + Sync>(codes: &[S]) -> Vec<Report> {
    map(codes, |c| crate::validate::check(c.as_ref()))
}
