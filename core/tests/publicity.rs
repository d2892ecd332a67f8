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
