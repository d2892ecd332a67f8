//! Time and fresh memory per analysis step, with the `phase-times` feature
//! (printed to stderr when the analysis finishes); nothing without it.
//!
//! `cargo run --release -p uscc-benches --bin analysis-scale --features uscc/phase-times`

#[cfg(feature = "phase-times")]
mod on {
    use std::sync::Mutex;
    use std::time::Instant;

    /// (step, seconds, pages faulted) in first-seen order.
    static STEPS: Mutex<Vec<(&'static str, f64, u64)>> = Mutex::new(Vec::new());
    static LAST_FAULTS: Mutex<u64> = Mutex::new(0);

    /// Minor page faults of the process so far (`/proc/self/stat`, field 10).
    fn faults() -> u64 {
        let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
        let after = stat.rsplit(')').next().unwrap_or_default();
        after.split_whitespace().nth(7).and_then(|v| v.parse().ok()).unwrap_or(0)
    }

    pub(super) fn add(step: &'static str, since: Instant) {
        let seconds = since.elapsed().as_secs_f64();
        let now = faults();
        let mut last = LAST_FAULTS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let pages = now.saturating_sub(std::mem::replace(&mut *last, now));
        let mut steps = STEPS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match steps.iter_mut().find(|s| s.0 == step) {
            Some(s) => {
                s.1 += seconds;
                s.2 += pages;
            }
            None => steps.push((step, seconds, pages)),
        }
    }

    pub(super) fn start() {
        *LAST_FAULTS.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = faults();
    }

    pub(super) fn print() {
        let mut steps = STEPS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for (step, seconds, pages) in steps.drain(..) {
            eprintln!("  {step:<45} {seconds:>7.3} s  {:>6} MB fresh memory", pages * 4 / 1024);
        }
    }
}

/// When the current step started (nothing without the feature, so that no
/// clock is read, which wasm32-unknown-unknown has not).
#[derive(Clone, Copy)]
pub(crate) struct Mark(#[cfg(feature = "phase-times")] std::time::Instant);

/// Starts timing (resets the fault count).
#[inline]
pub(crate) fn start() -> Mark {
    #[cfg(feature = "phase-times")]
    {
        on::start();
        Mark(std::time::Instant::now())
    }
    #[cfg(not(feature = "phase-times"))]
    Mark()
}

/// A mark to time a step from (the fault count runs on).
#[inline]
pub(crate) fn mark() -> Mark {
    #[cfg(feature = "phase-times")]
    {
        Mark(std::time::Instant::now())
    }
    #[cfg(not(feature = "phase-times"))]
    Mark()
}

/// Adds the time since `since` to `step`; returns a new start.
#[inline]
pub(crate) fn phase(step: &'static str, since: Mark) -> Mark {
    #[cfg(feature = "phase-times")]
    {
        on::add(step, since.0);
        Mark(std::time::Instant::now())
    }
    #[cfg(not(feature = "phase-times"))]
    {
        let _ = (step, since);
        Mark()
    }
}

/// Prints the steps' totals so far, and forgets them.
#[inline]
pub(crate) fn print() {
    #[cfg(feature = "phase-times")]
    on::print();
}
