//! The shared vectors in testdata/vectors.json, each case a named check.

use std::collections::BTreeSet;

use serde_json::Value;
use uscc::{FindingCode, Report};

fn vectors() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/vectors.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("testdata/vectors.json")).expect("valid JSON")
}

fn s<'a>(case: &'a Value, key: &str) -> &'a str {
    case[key].as_str().unwrap_or_else(|| panic!("{key} in {case}"))
}

fn codes(r: &Report) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.code.as_str()).collect()
}

fn expect_report(case: &Value, r: &Report, failures: &mut Vec<String>) {
    let name = s(case, "name");
    let mut fail = |what: String| failures.push(format!("{name}: {what}"));
    if r.verdict.as_str() != s(case, "verdict") {
        fail(format!("verdict {} != {}", r.verdict.as_str(), s(case, "verdict")));
    }
    let want: Vec<&str> = case["findings"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    if codes(r) != want {
        fail(format!("findings {:?} != {want:?}", codes(r)));
    }
    if r.is_valid() != uscc::is_valid(&r.value) {
        fail("fast path disagrees with the report".into());
    }
    if let Some(v) = case.get("value")
        && r.value != v.as_str().unwrap()
    {
        fail(format!("value {:?} != {v}", r.value));
    }
    if let Some(id) = case.get("identifier") {
        match r.verdict {
            uscc::Verdict::OtherIdentifier(k) if k.as_str() == id.as_str().unwrap() => {}
            v => fail(format!("identifier {v:?} != {id}")),
        }
    }
    if let Some(e) = case.get("first_error") {
        let f = r.first_error().expect("an error");
        if f.code.as_str() != s(e, "code") {
            fail(format!("first error {} != {}", f.code, s(e, "code")));
        }
        if let Some(p) = e.get("position") {
            let p = (p[0].as_u64().unwrap() as u8, p[1].as_u64().unwrap() as u8);
            if f.position != Some(p) {
                fail(format!("position {:?} != {p:?}", f.position));
            }
        }
        for (key, got) in [("expected", f.expected), ("found", f.found)] {
            if let Some(c) = e.get(key)
                && got.map(String::from).as_deref() != c.as_str()
            {
                fail(format!("{key} {got:?} != {c}"));
            }
        }
    }
    if let Some(code) = r.code() {
        for (key, got) in [
            ("department", code.department().code.to_string()),
            ("category", code.category().code.to_string()),
            ("division", code.division_code().to_owned()),
        ] {
            if let Some(want) = case.get(key)
                && want.as_str() != Some(&got)
            {
                fail(format!("{key} {got} != {want}"));
            }
        }
        if let Some(want) = case.get("division_name") {
            let got = code.division().and_then(|d| d.name());
            // A build without the division names knows a division by its
            // code and years alone.
            let want = if cfg!(feature = "division-names") { want.as_str() } else { None };
            if got != want {
                fail(format!("division name {got:?} != {want:?}"));
            }
        }
    }
}

fn run(section: &str, f: impl Fn(&str) -> Report) -> BTreeSet<&'static str> {
    let v = vectors();
    let mut failures = Vec::new();
    let mut seen = BTreeSet::new();
    for case in v[section].as_array().unwrap() {
        let r = f(s(case, "input"));
        seen.extend(codes(&r));
        expect_report(case, &r, &mut failures);
    }
    assert!(failures.is_empty(), "{} failing vectors:\n{}", failures.len(), failures.join("\n"));
    seen
}

#[test]
fn validate_vectors() {
    run("validate", uscc::validate);
}

#[test]
fn is_clean_vectors() {
    let v = vectors();
    for case in v["validate"].as_array().unwrap() {
        let input = s(case, "input");
        let clean = s(case, "verdict") == "valid" && case["findings"].as_array().unwrap().is_empty();
        assert_eq!(uscc::is_clean(input), clean, "{}", s(case, "name"));
    }
}

#[test]
fn check_vectors() {
    run("check", uscc::check);
}

#[test]
fn every_finding_code_has_a_vector() {
    let mut seen = run("validate", uscc::validate);
    seen.extend(run("check", uscc::check));
    seen.extend(analysis_findings());
    let missing: Vec<_> = FindingCode::ALL.iter().map(|c| c.as_str()).filter(|c| !seen.contains(c)).collect();
    assert!(missing.is_empty(), "finding codes without a vector: {missing:?}");
}

/// The finding codes the analysis vectors produce.
fn analysis_findings() -> BTreeSet<&'static str> {
    use uscc::analysis::{Options, Record, Registry, analyze_with_registry};
    let v = vectors();
    let mut seen = BTreeSet::new();
    for case in v["analysis"].as_array().unwrap() {
        let recs: Vec<Record<'_>> = case["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| Record::new(r[0].as_u64().unwrap(), r[1].as_str().unwrap(), r[2].as_str(), r[3].as_str()))
            .collect();
        let registry = case.get("registry").map(|r| {
            Registry::new(r.as_array().unwrap().iter().map(|p| (p[0].as_str().unwrap(), p[1].as_str().unwrap())))
        });
        let report = analyze_with_registry(&recs, &Options::default(), registry);
        for row in &report.rows {
            seen.extend(row.findings.iter().map(|f| f.as_str()));
        }
    }
    seen
}

#[test]
fn suggest_vectors() {
    let v = vectors();
    for case in v["suggest"].as_array().unwrap() {
        let name = s(case, "name");
        let got = uscc::suggest(s(case, "input"));
        if let Some(best) = case.get("best") {
            assert_eq!(got.best().map(|c| c.code.to_string()).as_deref(), best.as_str(), "{name}");
        }
        if let Some(c) = case.get("contains") {
            assert!(got.candidates.iter().any(|x| x.code.as_str() == c.as_str().unwrap()), "{name}: {got:?}");
        }
        if let Some(u) = case.get("unique") {
            assert_eq!(got.unique, u.as_bool().unwrap(), "{name}: {got:?}");
        }
        if let Some(n) = case.get("candidates") {
            assert_eq!(got.candidates.len() as u64, n.as_u64().unwrap(), "{name}");
        }
        for c in &got.candidates {
            assert!(uscc::is_valid(c.code.as_str()), "{name}: candidate {} must be valid", c.code);
        }
    }
}

#[test]
fn check_char_vectors() {
    let v = vectors();
    for case in v["check_char"].as_array().unwrap() {
        let want = s(case, "expected").chars().next();
        assert_eq!(uscc::check_char(s(case, "input")).ok(), want, "{}", s(case, "name"));
    }
    for case in v["org_check_char"].as_array().unwrap() {
        let want = s(case, "expected").chars().next();
        assert_eq!(uscc::org_check_char(s(case, "input")).ok(), want, "{}", s(case, "name"));
    }
}

#[test]
fn finding_codes_round_trip_and_have_messages() {
    for &c in FindingCode::ALL {
        assert_eq!(c.as_str().parse::<FindingCode>(), Ok(c));
        let f = uscc::Finding { code: c, position: Some((3, 8)), expected: Some('3'), found: Some('A'), detail: None };
        assert!(!f.message_zh().is_empty() && !f.message_en().is_empty());
        assert!(c.as_str().bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
    }
}

#[test]
fn finding_table_in_docs_is_complete() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/findings.md");
    let doc = std::fs::read_to_string(path).expect("docs/findings.md");
    for &c in FindingCode::ALL {
        let row = format!("| `{}` | {} |", c.as_str(), c.severity().as_str());
        assert!(doc.contains(&row), "docs/findings.md lacks the row starting {row}");
    }
}
