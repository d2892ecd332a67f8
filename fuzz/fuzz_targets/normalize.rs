//! Normalize then validate never panics; normalize is idempotent; suggestions
//! are always valid codes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    let n = uscc::normalize(s);
    let again = uscc::normalize(&n.value);
    assert_eq!(again.value, n.value);
    assert!(again.changes.is_empty());
    let r = uscc::check(s);
    assert_eq!(r.value, n.value);
    for c in uscc::suggest(s).candidates {
        assert!(uscc::is_valid(c.code.as_str()));
    }
});
