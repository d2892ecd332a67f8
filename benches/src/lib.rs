//! Criterion benches for uscc live in `benches/`; this library is empty.
