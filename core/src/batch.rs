//! Batch calls over slices, on rayon's thread pool with the `parallel`
//! feature. Results are in input order and identical whatever the thread
//! count.

use crate::validate::Report;

/// Below this many items a batch runs on the calling thread.
const MIN_PARALLEL: usize = 4096;

#[cfg(feature = "parallel")]
fn map<S: Sync, T: Send>(items: &[S], f: impl Fn(&S) -> T + Sync + Send) -> Vec<T> {
    use rayon::prelude::*;
    if items.len() < MIN_PARALLEL {
        return items.iter().map(f).collect();
    }
    items.par_iter().with_min_len(MIN_PARALLEL).map(f).collect()
}

#[cfg(not(feature = "parallel"))]
fn map<S: Sync, T: Send>(items: &[S], f: impl Fn(&S) -> T + Sync + Send) -> Vec<T> {
    let _ = MIN_PARALLEL;
    items.iter().map(f).collect()
}

/// [`crate::is_valid`] over a slice.
///
/// ```
/// assert_eq!(uscc::is_valid_many(&["91350100M000100Y43", "x"]), [true, false]);
/// ```
#[must_use]
pub fn is_valid_many<S: AsRef<[u8]> + Sync>(codes: &[S]) -> Vec<bool> {
    map(codes, |c| crate::is_valid_bytes(c.as_ref()))
}

/// How many codes of a slice are valid.
#[must_use]
pub fn count_valid<S: AsRef<[u8]> + Sync>(codes: &[S]) -> usize {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        codes.par_iter().with_min_len(MIN_PARALLEL).filter(|c| crate::is_valid_bytes(c.as_ref())).count()
    }
    #[cfg(not(feature = "parallel"))]
    {
        codes.iter().filter(|c| crate::is_valid_bytes(c.as_ref())).count()
    }
}

/// [`crate::validate`] over a slice.
#[must_use]
pub fn validate_many<S: AsRef<str> + Sync>(codes: &[S]) -> Vec<Report> {
    map(codes, |c| crate::validate(c.as_ref()))
}

/// [`crate::check`] (normalize, then validate) over a slice.
#[must_use]
pub fn check_many<S: AsRef<str> + Sync>(codes: &[S]) -> Vec<Report> {
    map(codes, |c| crate::check(c.as_ref()))
}
