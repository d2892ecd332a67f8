//! The 双公示 column checks against the shared vectors
//! (`testdata/publicity.json`): every finding, its column, what was
//! expected and the suggestion, row by row.

use uscc::publicity::{Across, Check, ColumnFinding, Date, DateCell, Record, Role, check_record, parse_date};

fn vectors() -> serde_json::Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/publicity.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A vector's row as a record.
fn record<'a>(name: &str, row: &'a serde_json::Value) -> Record<'a> {
    let mut r = Record::default();
    for (role, value) in row.as_object().unwrap() {
        r.set(Role::parse(role).unwrap_or_else(|| panic!("{name}: role {role}")), value.as_str().unwrap());
    }
    r
}

/// A finding as the vectors write it.
fn written(f: &ColumnFinding) -> serde_json::Value {
    let mut o = serde_json::json!({ "role": f.role.as_str(), "check": f.check.as_str() });
    if let Some(e) = &f.expected {
        o["expected"] = e.clone().into();
    }
    if let Some(s) = &f.suggestion {
        o["suggestion"] = s.clone().into();
    }
    if !f.rows.is_empty() {
        o["rows"] = f.rows.clone().into();
    }
    o
}

#[test]
fn every_vector_finds_what_it_says() {
    let v = vectors();
    let DateCell::Date(today) = parse_date(v["today"].as_str().unwrap()) else { panic!("today") };
    let mut seen = std::collections::BTreeSet::new();
    for case in v["vectors"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let found = check_record(&record(name, &case["row"]), today);
        seen.extend(found.iter().map(|f| f.check));
        let got: Vec<serde_json::Value> = found.iter().map(written).collect();
        assert_eq!(serde_json::Value::from(got), case["findings"], "{name}");
    }
    for case in v["across"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let mut across = Across::default();
        for (i, row) in case["rows"].as_array().unwrap().iter().enumerate() {
            across.add(i as u64, &record(name, row));
        }
        let got: Vec<serde_json::Value> = across
            .finish()
            .iter()
            .map(|f| {
                seen.insert(f.finding.check);
                let mut o = serde_json::json!({ "row": f.row });
                o.as_object_mut().unwrap().extend(written(&f.finding).as_object().unwrap().clone());
                o
            })
            .collect();
        assert_eq!(serde_json::Value::from(got), case["findings"], "{name}");
    }
    // Every check has a vector that finds it, each in its own kind.
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
        let mut across = Across::default();
        let mut found: Vec<Vec<(Role, Check)>> = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            let r = row.record();
            across.add(i as u64, &r);
            found.push(check_record(&r, options.as_of).iter().map(|f| (f.role, f.check)).collect());
        }
        for f in across.finish() {
            found[f.row as usize].push((f.finding.role, f.finding.check));
        }
        for (i, (row, mut found)) in rows.iter().zip(found).enumerate() {
            found.sort_by_key(|f| f.0);
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

proptest::proptest! {
    /// A cell is read trimmed of Unicode white space at both ends, whatever
    /// characters it holds (the quick test for ends that need no trimming
    /// included).
    #[test]
    fn cells_are_trimmed(cell in "[ \t\u{85}\u{a0}\u{1680}\u{2000}\u{205f}\u{3000}\u{3014}a1中（\u{2028}\u{e1}\u{c2}\u{1f600}-]{0,8}") {
        let mut r = Record::default();
        r.set(Role::Name, &cell);
        proptest::prop_assert_eq!(r.get(Role::Name), Some(cell.trim()));
    }
}
