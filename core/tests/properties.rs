//! Property tests: the fast path against the naive oracle, error detection,
//! generation, normalization and round trips.

mod oracle;

use proptest::prelude::*;
use uscc::{ALPHABET, Uscc};

/// Valid codes from a seed (the same as `valid_code()` behind the
/// `proptest` feature).
fn valid_code() -> impl Strategy<Value = Uscc> {
    any::<u64>().prop_map(|seed| uscc::Generator::new(seed).code())
}

fn alphabet_char() -> impl Strategy<Value = u8> {
    prop::sample::select(ALPHABET.to_vec())
}

/// Strings that are mostly near-valid: a valid code with a few random edits.
fn mutated_code() -> impl Strategy<Value = String> {
    (valid_code(), prop::collection::vec((0usize..18, any::<u8>(), 0u8..4), 0..3)).prop_map(|(code, edits)| {
        let mut b = code.as_bytes().to_vec();
        for (i, byte, kind) in edits {
            match kind {
                0 => b[i] = ALPHABET[byte as usize % 31],
                1 => b[i] = byte % 128,
                2 if i < 17 => b.swap(i, i + 1),
                _ => b[i] = ALPHABET[(byte % 10) as usize],
            }
        }
        String::from_utf8_lossy(&b).into_owned()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn fast_path_agrees_with_oracle_on_mutations(s in mutated_code()) {
        prop_assert_eq!(uscc::is_valid(&s), oracle::is_valid(&s), "{}", s);
        prop_assert_eq!(uscc::validate(&s).is_valid(), oracle::is_valid(&s), "{}", s);
    }

    #[test]
    fn fast_path_agrees_with_oracle_on_alphabet_strings(b in prop::collection::vec(alphabet_char(), 18)) {
        let s = String::from_utf8(b).unwrap();
        prop_assert_eq!(uscc::is_valid(&s), oracle::is_valid(&s));
        prop_assert_eq!(uscc::validate(&s).is_valid(), oracle::is_valid(&s));
    }

    #[test]
    fn is_clean_means_valid_without_findings(s in prop_oneof![mutated_code(), valid_code().prop_map(|c| c.to_string())]) {
        let r = uscc::validate(&s);
        prop_assert_eq!(uscc::is_clean(&s), r.verdict == uscc::Verdict::Valid && r.findings.is_empty(), "{}", s);
    }

    #[test]
    fn fast_path_agrees_with_oracle_on_any_string(s in "\\PC{0,20}") {
        prop_assert_eq!(uscc::is_valid(&s), oracle::is_valid(&s));
        prop_assert_eq!(uscc::validate(&s).is_valid(), oracle::is_valid(&s));
    }

    #[test]
    fn batch_path_agrees_with_oracle(v in prop::collection::vec(prop_oneof![mutated_code(), "\\PC{0,20}"], 0..40)) {
        let want: Vec<bool> = v.iter().map(|s| oracle::is_valid(s)).collect();
        prop_assert_eq!(uscc::is_valid_many(&v), want.clone());
        let mut values = Vec::new();
        let mut offsets = vec![0i64];
        for s in &v {
            values.extend_from_slice(s.as_bytes());
            offsets.push(i64::try_from(values.len()).unwrap());
        }
        prop_assert_eq!(uscc::is_valid_packed(&values, &offsets).unwrap(), want.clone());
        let fixed: Vec<[u8; 18]> = v.iter().filter_map(|s| <[u8; 18]>::try_from(s.as_bytes()).ok()).collect();
        let want_fixed: Vec<bool> = v.iter().filter(|s| s.len() == 18).map(|s| oracle::is_valid(s)).collect();
        prop_assert_eq!(uscc::is_valid_fixed(&fixed), want_fixed);
    }

    #[test]
    fn generated_codes_are_valid(code in valid_code()) {
        prop_assert!(oracle::is_valid(code.as_str()));
        prop_assert!(uscc::validate(code.as_str()).verdict == uscc::Verdict::Valid
            || uscc::validate(code.as_str()).verdict == uscc::Verdict::ValidWithWarnings);
    }

    #[test]
    fn a_dropped_character_is_offered_back(code in valid_code(), at in 0usize..18) {
        let mut short = code.as_str().to_owned();
        short.remove(at);
        let s = uscc::suggest(&short);
        prop_assert!(s.candidates.iter().any(|c| c.code == code), "{} from {}", code, short);
        // Every insertion that passes is found: compare with trying all 31 characters everywhere.
        let mut brute = std::collections::BTreeSet::new();
        for i in 0..=17 {
            for &c in ALPHABET {
                let mut w = short.clone().into_bytes();
                w.insert(i, c);
                if uscc::is_valid_bytes(&w) && !uscc::is_placeholder(std::str::from_utf8(&w).unwrap()) {
                    brute.insert(String::from_utf8(w).unwrap());
                }
            }
        }
        let found: std::collections::BTreeSet<String> = s.candidates.iter().map(|c| c.code.to_string()).collect();
        prop_assert_eq!(found, brute);
    }

    #[test]
    fn every_single_substitution_and_adjacent_swap_is_caught(code in valid_code()) {
        let b = *code.as_bytes();
        for i in 0..17 {
            for &c in ALPHABET {
                if c != b[i] {
                    let mut m = b;
                    m[i] = c;
                    prop_assert!(!uscc::is_valid_bytes(&m), "substitution at {} in {}", i + 1, code);
                }
            }
            if b[i] != b[i + 1] && i < 16 {
                let mut m = b;
                m.swap(i, i + 1);
                prop_assert!(!uscc::is_valid_bytes(&m), "swap at {} in {}", i + 1, code);
            }
        }
    }

    #[test]
    fn parse_display_parse_round_trips(code in valid_code()) {
        let text = code.to_string();
        let again: Uscc = text.parse().unwrap();
        prop_assert_eq!(again, code);
        prop_assert_eq!(again.to_string(), text);
    }

    #[test]
    fn normalize_is_idempotent(s in "\\PC{0,24}") {
        let once = uscc::normalize(&s);
        let twice = uscc::normalize(&once.value);
        prop_assert_eq!(&twice.value, &once.value);
        prop_assert!(twice.changes.is_empty());
    }

    #[test]
    fn every_candidate_passes_every_rule(s in mutated_code()) {
        let sg = uscc::suggest(&s);
        for c in &sg.candidates {
            prop_assert!(oracle::is_valid(c.code.as_str()));
        }
        if let [a, b, ..] = sg.candidates.as_slice() {
            prop_assert!(a.cost <= b.cost);
            prop_assert_eq!(sg.unique, a.cost < b.cost);
        }
    }

    #[test]
    fn check_then_validate_never_panics(s in "\\PC{0,40}") {
        let r = uscc::check(&s);
        let _ = uscc::explain(&s);
        let _ = uscc::identify(&s);
        prop_assert_eq!(r.is_valid(), uscc::is_valid(&r.value));
    }
}

#[test]
fn every_single_substitution_of_the_examples_is_caught() {
    for code in ["914403001922038216", "91350100M000100Y43", "A1110000600037341K", "12100000400000624D"] {
        for i in 0..17 {
            for &c in ALPHABET {
                let mut m = code.as_bytes().to_vec();
                if m[i] != c {
                    m[i] = c;
                    assert!(!uscc::is_valid_bytes(&m), "{}", String::from_utf8_lossy(&m));
                }
            }
        }
    }
}

#[test]
fn runs_of_one_character_never_pass() {
    for &c in ALPHABET {
        let s = (c as char).to_string().repeat(18);
        assert!(!uscc::is_valid(&s), "{s}");
        assert_eq!(uscc::validate(&s).verdict, uscc::Verdict::Placeholder);
    }
}

#[test]
fn generator_is_deterministic_and_builds_agree() {
    let a = uscc::generate(1, 1000);
    assert_eq!(a, uscc::generate(1, 1000));
    assert_ne!(a, uscc::generate(2, 1000));
    for code in &a {
        let s = code.as_str();
        let b = uscc::build(s.as_bytes()[0] as char, s.as_bytes()[1] as char, &s[2..8], &s[8..16]).unwrap();
        assert_eq!(&b, code);
        assert_eq!(uscc::check_char(&s[..17]).unwrap(), code.check_char());
        assert_eq!(uscc::org_check_char(&s[8..16]).unwrap(), s.as_bytes()[16] as char);
    }
}

#[test]
fn batch_matches_single_calls() {
    let mut codes: Vec<String> = uscc::generate(3, 20_000).iter().map(ToString::to_string).collect();
    for (i, c) in codes.iter_mut().enumerate().filter(|(i, _)| i % 7 == 0) {
        c.replace_range(17..18, if i % 2 == 0 { "0" } else { "1" });
    }
    let fast = uscc::is_valid_many(&codes);
    let fixed: Vec<[u8; 18]> = codes.iter().map(|c| <[u8; 18]>::try_from(c.as_bytes()).unwrap()).collect();
    assert_eq!(uscc::is_valid_fixed(&fixed), fast);
    let values = codes.concat();
    let offsets: Vec<usize> = (0..=codes.len()).map(|i| i * 18).collect();
    assert_eq!(uscc::is_valid_packed(values.as_bytes(), &offsets).unwrap(), fast);
    let one: Vec<bool> = codes.iter().map(|c| uscc::is_valid(c)).collect();
    assert_eq!(fast, one);
    assert_eq!(uscc::count_valid(&codes), one.iter().filter(|&&v| v).count());
    let reports = uscc::validate_many(&codes);
    assert!(reports.iter().zip(&one).all(|(r, &v)| r.is_valid() == v));
    let lenient = uscc::check_many(&codes);
    assert_eq!(lenient, reports);
}

#[test]
fn packed_offsets_are_checked() {
    let err = uscc::is_valid_packed(b"abc", &[0i32, 2, 1]).unwrap_err();
    assert_eq!(err.index, 2);
    assert!(uscc::is_valid_packed(b"abc", &[0i64, 4]).is_err());
    assert!(uscc::is_valid_packed(b"abc", &[-1i32, 0]).is_err());
    assert_eq!(uscc::is_valid_packed(b"", &[0u32]).unwrap(), Vec::<bool>::new());
    assert_eq!(uscc::is_valid_packed(b"", &[] as &[u32]).unwrap(), Vec::<bool>::new());
    // A fixed stride that does not start at 0 (an Arrow slice).
    let values = b"xx91350100M000100Y4391350100M000100Y4A";
    assert_eq!(uscc::is_valid_packed(values, &[2i32, 20, 38]).unwrap(), [true, false]);
}

#[test]
fn batch_with_custom_rules_uses_them() {
    let rules = uscc::Rules::default().allow_pair('G', '1').unwrap();
    let s = "G1350100M000100Y4";
    let full = format!("{s}{}", uscc::check_char(s).unwrap());
    let codes = vec![full.clone(), full.clone(), "91350100M000100Y43".to_owned()];
    assert_eq!(rules.is_valid_many(&codes), [true, true, true]);
    assert_eq!(uscc::is_valid_many(&codes), [false, false, true]);
}

#[test]
fn custom_rules_widen_and_narrow() {
    let code = uscc::build('9', '1', "350100", "M000100Y").unwrap();
    let strict = uscc::Rules::default().deny_pair('9', '1').unwrap();
    assert!(!strict.validate(code.as_str()).is_valid());
    let g1 = uscc::Rules::default().allow_pair('G', '1').unwrap();
    let s = "G1350100M000100Y4";
    let full = format!("{s}{}", uscc::check_char(s).unwrap());
    assert!(!uscc::is_valid(&full));
    assert!(g1.validate(&full).is_valid());
    assert!(g1.is_valid_bytes(full.as_bytes()));
    let hk = "91810000M000100Y4Y";
    assert!(uscc::Rules::default().allow_province(81).unwrap().validate(hk).is_valid());
    let pilot = uscc::Rules::default().known_pilot_codes(["91350100M000100Y4A"]);
    assert_eq!(pilot.validate("91350100M000100Y4A").verdict, uscc::Verdict::PilotEra);
    assert!(uscc::Rules::default().pilot_patterns(["short"]).is_err());
}
