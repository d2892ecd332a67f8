//! No call panics on arbitrary bytes, and the report agrees with the fast path.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = uscc::is_valid_bytes(data);
    let s = String::from_utf8_lossy(data);
    let r = uscc::validate(&s);
    assert_eq!(r.is_valid(), uscc::is_valid(&s));
    let _ = uscc::identify(&s);
    let _ = uscc::explain(&s);
    for f in &r.findings {
        let _ = (f.message_zh(), f.message_en());
    }
});
