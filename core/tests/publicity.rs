//! The 双公示 column checks against the shared vectors
//! (`testdata/publicity.json`): every finding, its column, what was
//! expected and the suggestion, row by row.

use uscc::publicity::{Check, Date, DateCell, Record, Role, check_record, parse_date};

fn vectors() -> serde_json::Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/publicity.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn every_vector_finds_what_it_says() {
    let v = vectors();
    let DateCell::Date(today) = parse_date(v["today"].as_str().unwrap()) else { panic!("today") };
    let mut seen = std::collections::BTreeSet::new();
    for case in v["vectors"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let mut r = Record::default();
        for (role, value) in case["row"].as_object().unwrap() {
            r.set(Role::parse(role).unwrap_or_else(|| panic!("{name}: role {role}")), value.as_str().unwrap());
        }
        let got: Vec<serde_json::Value> = check_record(&r, today)
            .iter()
            .map(|f| {
                seen.insert(f.check);
                let mut o = serde_json::json!({ "role": f.role.as_str(), "check": f.check.as_str() });
                if let Some(e) = &f.expected {
                    o["expected"] = e.clone().into();
                }
                if let Some(s) = &f.suggestion {
                    o["suggestion"] = s.clone().into();
                }
                o
            })
            .collect();
        assert_eq!(serde_json::Value::from(got), case["findings"], "{name}");
    }
    // Every check has a vector that finds it.
    let all: std::collections::BTreeSet<Check> = Check::ALL.into_iter().collect();
    assert_eq!(seen, all);
}

#[test]
fn checks_have_stable_names_and_messages() {
    let names: std::collections::BTreeSet<&str> = Check::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(names.len(), Check::ALL.len());
    for c in Check::ALL {
        assert!(!c.message_zh().is_empty() && c.message_en().is_ascii(), "{c:?}");
    }
    assert!(Date::new(2026, 2, 29).is_none() && Date::new(2028, 2, 29).is_some());
}

#[test]
fn generated_records_give_exactly_their_truth() {
    use uscc::publicity::synth;
    for (seed, penalties) in [(1, false), (2, true), (3, false)] {
        let options = synth::Options { records: 20_000, penalties, ..synth::Options::default() };
        let rows = synth::generate(seed, &options);
        let mut injected = std::collections::BTreeMap::new();
        let mut clean = 0;
        for (i, row) in rows.iter().enumerate() {
            let found: Vec<(Role, Check)> =
                check_record(&row.record(), options.as_of).iter().map(|f| (f.role, f.check)).collect();
            assert_eq!(found, row.truth, "seed {seed} row {i}: {:?}", row.values);
            clean += usize::from(row.truth.is_empty());
            for (_, c) in &row.truth {
                *injected.entry(*c).or_insert(0) += 1;
            }
        }
        // Every check is injected, and most rows are clean.
        assert_eq!(injected.len(), Check::ALL.len(), "seed {seed}: {injected:?}");
        assert!(clean > 16_000 && clean < 18_000, "seed {seed}: {clean} clean rows");
        // The headers are found back as their roles.
        for (h, r) in synth::headers(penalties).iter().zip(Role::ALL) {
            assert_eq!(Role::of_header(h), Some(r), "{h}");
        }
    }
}
