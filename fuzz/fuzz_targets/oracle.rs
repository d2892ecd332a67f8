//! The fast verdict equals the naive oracle's, on inputs biased towards
//! near-valid codes: the fuzzer's bytes edit a valid code.
#![no_main]

#[path = "../../core/tests/oracle/mod.rs"]
mod oracle;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    assert_eq!(uscc::is_valid(&s), oracle::is_valid(&s), "{s:?}");
    if data.len() >= 8 {
        let seed = u64::from_le_bytes(data[..8].try_into().unwrap());
        let mut code = *uscc::Generator::new(seed).code().as_bytes();
        for pair in data[8..].chunks(2) {
            if let [pos, byte] = pair {
                code[*pos as usize % 18] = *byte;
            }
        }
        let s = String::from_utf8_lossy(&code);
        assert_eq!(uscc::is_valid(&s), oracle::is_valid(&s), "{s:?}");
        assert_eq!(uscc::validate(&s).is_valid(), oracle::is_valid(&s), "{s:?}");
        // The batch path (AVX2 pairs where the CPU has it) on the same inputs.
        let batch = [s.to_string(), String::from_utf8_lossy(data).into_owned(), s.to_string()];
        let want: Vec<bool> = batch.iter().map(|x| oracle::is_valid(x)).collect();
        assert_eq!(uscc::is_valid_many(&batch), want, "{batch:?}");
    }
});
