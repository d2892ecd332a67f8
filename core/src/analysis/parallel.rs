//! The rayon helpers of the analysis, each with its serial twin for builds
//! without the `parallel` feature (wasm): results are the same either way.

#[cfg(feature = "parallel")]
pub(crate) fn par_map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync + Send) -> Vec<U> {
    use rayon::prelude::*;
    items.par_iter().with_min_len(1024).map(f).collect()
}

#[cfg(not(feature = "parallel"))]
pub(crate) fn par_map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync + Send) -> Vec<U> {
    items.iter().map(f).collect()
}

/// `f` of each item, in order, each thread with its own `init()` to work in.
#[cfg(feature = "parallel")]
pub(crate) fn par_map_init<T: Sync, U: Send, S>(
    items: &[T],
    init: impl Fn() -> S + Sync + Send,
    f: impl Fn(&mut S, &T) -> U + Sync + Send,
) -> Vec<U> {
    use rayon::prelude::*;
    items.par_iter().with_min_len(1024).map_init(init, f).collect()
}

#[cfg(not(feature = "parallel"))]
pub(crate) fn par_map_init<T: Sync, U: Send, S>(
    items: &[T],
    init: impl Fn() -> S + Sync + Send,
    f: impl Fn(&mut S, &T) -> U + Sync + Send,
) -> Vec<U> {
    let mut s = init();
    items.iter().map(|t| f(&mut s, t)).collect()
}

/// `f` of each of `0..n` that gives a value, in order.
#[cfg(feature = "parallel")]
pub(crate) fn par_filter_map_range<U: Send>(n: usize, f: impl Fn(usize) -> Option<U> + Sync + Send) -> Vec<U> {
    use rayon::prelude::*;
    (0..n).into_par_iter().with_min_len(1024).filter_map(f).collect()
}

#[cfg(not(feature = "parallel"))]
pub(crate) fn par_filter_map_range<U: Send>(n: usize, f: impl Fn(usize) -> Option<U> + Sync + Send) -> Vec<U> {
    (0..n).filter_map(f).collect()
}

/// `f` of each piece of `piece` items of `out` (given the piece's first
/// index), the pieces filled beside each other; their results in order.
#[cfg(feature = "parallel")]
pub(crate) fn par_fill_pieces<T: Send, R: Send>(
    out: &mut [T],
    piece: usize,
    f: impl Fn(usize, &mut [T]) -> R + Sync + Send,
) -> Vec<R> {
    use rayon::prelude::*;
    out.par_chunks_mut(piece).enumerate().map(|(i, items)| f(i * piece, items)).collect()
}

#[cfg(not(feature = "parallel"))]
pub(crate) fn par_fill_pieces<T: Send, R: Send>(
    out: &mut [T],
    piece: usize,
    f: impl Fn(usize, &mut [T]) -> R + Sync + Send,
) -> Vec<R> {
    out.chunks_mut(piece).enumerate().map(|(i, items)| f(i * piece, items)).collect()
}

/// Drops each item, beside each other.
#[cfg(feature = "parallel")]
pub(super) fn par_drop<T: Send>(items: Vec<T>) {
    use rayon::prelude::*;
    items.into_par_iter().for_each(drop);
}

#[cfg(not(feature = "parallel"))]
pub(super) fn par_drop<T: Send>(items: Vec<T>) {
    drop(items);
}

#[cfg(feature = "parallel")]
pub(super) fn par_map_owned<T: Send, U: Send>(items: Vec<T>, f: impl Fn(T) -> U + Sync + Send) -> Vec<U> {
    use rayon::prelude::*;
    items.into_par_iter().map(f).collect()
}

#[cfg(not(feature = "parallel"))]
pub(super) fn par_map_owned<T: Send, U: Send>(items: Vec<T>, f: impl Fn(T) -> U + Sync + Send) -> Vec<U> {
    items.into_iter().map(f).collect()
}

#[cfg(feature = "parallel")]
pub(super) fn par_map_indexed<S: Sync, U: Send>(shards: &[S], f: impl Fn(usize, &S) -> U + Sync + Send) -> Vec<U> {
    use rayon::prelude::*;
    shards.par_iter().enumerate().map(|(i, s)| f(i, s)).collect()
}

#[cfg(not(feature = "parallel"))]
pub(super) fn par_map_indexed<S: Sync, U: Send>(shards: &[S], f: impl Fn(usize, &S) -> U + Sync + Send) -> Vec<U> {
    shards.iter().enumerate().map(|(i, s)| f(i, s)).collect()
}

#[cfg(feature = "parallel")]
pub(super) fn par_shards<S: Send>(
    shards: &mut [S],
    buckets: &[Vec<u32>],
    f: impl Fn(usize, &mut S, &[u32]) + Sync + Send,
) {
    use rayon::prelude::*;
    shards.par_iter_mut().zip(buckets).enumerate().for_each(|(s, (shard, idx))| f(s, shard, idx));
}

#[cfg(not(feature = "parallel"))]
pub(super) fn par_shards<S: Send>(
    shards: &mut [S],
    buckets: &[Vec<u32>],
    f: impl Fn(usize, &mut S, &[u32]) + Sync + Send,
) {
    for (s, (shard, idx)) in shards.iter_mut().zip(buckets).enumerate() {
        f(s, shard, idx);
    }
}

#[cfg(feature = "parallel")]
pub(super) fn par_each<S: Send>(shards: &mut [S], f: impl Fn(&mut S) + Sync + Send) {
    use rayon::prelude::*;
    shards.par_iter_mut().for_each(f);
}

#[cfg(not(feature = "parallel"))]
pub(super) fn par_each<S: Send>(shards: &mut [S], f: impl Fn(&mut S) + Sync + Send) {
    shards.iter_mut().for_each(f);
}

/// `f` of each pair of items at the same place in `a` and `b`, beside each
/// other.
#[cfg(feature = "parallel")]
pub(super) fn par_pairs<A: Send, B: Send>(a: &mut [A], b: &mut [B], f: impl Fn(usize, &mut A, &mut B) + Sync + Send) {
    use rayon::prelude::*;
    a.par_iter_mut().zip(b.par_iter_mut()).enumerate().for_each(|(i, (x, y))| f(i, x, y));
}

#[cfg(not(feature = "parallel"))]
pub(super) fn par_pairs<A: Send, B: Send>(a: &mut [A], b: &mut [B], f: impl Fn(usize, &mut A, &mut B) + Sync + Send) {
    for (i, (x, y)) in a.iter_mut().zip(b.iter_mut()).enumerate() {
        f(i, x, y);
    }
}

#[cfg(feature = "parallel")]
pub(super) fn par_zip_each<S: Sync, T: Send>(
    shards: &[S],
    outs: &mut [T],
    f: impl Fn(usize, &S, &mut T) + Sync + Send,
) {
    use rayon::prelude::*;
    shards.par_iter().zip(outs.par_iter_mut()).enumerate().for_each(|(i, (s, o))| f(i, s, o));
}

#[cfg(not(feature = "parallel"))]
pub(super) fn par_zip_each<S: Sync, T: Send>(
    shards: &[S],
    outs: &mut [T],
    f: impl Fn(usize, &S, &mut T) + Sync + Send,
) {
    for (i, (s, o)) in shards.iter().zip(outs.iter_mut()).enumerate() {
        f(i, s, o);
    }
}

#[cfg(feature = "parallel")]
pub(crate) fn par_sort_by<T: Send>(v: &mut [T], f: impl Fn(&T, &T) -> std::cmp::Ordering + Sync) {
    use rayon::prelude::*;
    v.par_sort_unstable_by(f);
}

#[cfg(not(feature = "parallel"))]
pub(crate) fn par_sort_by<T: Send>(v: &mut [T], f: impl Fn(&T, &T) -> std::cmp::Ordering + Sync) {
    v.sort_unstable_by(f);
}
