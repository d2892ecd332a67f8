//! `uscc history --compare` on synthetic months whose truth is known: three
//! monthly files written by `uscc generate --months`, checked into one
//! history and compared; every count and every listed code checked against
//! what the generator corrected and broke (`uscc::analysis::synth::months`,
//! same seed). Also: the still-open sheet, and a history of schema version
//! 1 migrated.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use uscc::analysis::synth::{Month, MonthOptions, SynthOptions, months, wrong_values};

fn uscc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_uscc")).args(args).output().expect("run uscc")
}

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("uscc-compare-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A value as the history shows it (a personal number masked).
fn shown(v: &str) -> String {
    uscc::redact_personal_text(v).into_owned()
}

fn values(list: &serde_json::Value) -> Vec<String> {
    let mut v: Vec<String> = list.as_array().unwrap().iter().map(|c| c["value"].as_str().unwrap().to_owned()).collect();
    v.sort();
    v
}

fn expected(set: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = set.into_iter().map(|x| shown(&x)).collect();
    v.sort();
    v
}

/// The valid codes a month's duplicates flag (重码): a code under a second
/// name, and every code of a name published with a second code. The
/// generator never corrects or breaks these, so they stay open.
fn duplicated(month: &Month) -> BTreeSet<String> {
    let mut by_name: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for r in month.records.iter().filter(|r| r.intended.is_none()) {
        by_name.entry(&r.name).or_default().insert(&r.code);
    }
    let mut out = BTreeSet::new();
    for r in &month.records {
        match r.truth {
            "one_code_many_names" => {
                out.insert(r.code.clone());
            }
            "one_name_many_codes" => out.extend(by_name[r.name.as_str()].iter().map(|c| (*c).to_owned())),
            _ => {}
        }
    }
    out
}

/// The groups whose records carry a value.
fn groups_of(month: &Month, value: &str) -> BTreeSet<String> {
    month.records.iter().filter(|r| uscc::normalize(&r.code).value == value).map(|r| r.group.clone()).collect()
}

#[test]
fn the_comparison_is_exact_on_synthetic_months() {
    let d = dir("months");
    let db = d.join("runs.db");
    let (n, seed) = (6000, 11);
    let out = uscc(&[
        "generate",
        "-n",
        &n.to_string(),
        "--seed",
        &seed.to_string(),
        "--months",
        "3",
        "--fixed-percent",
        "40",
        "--new-per-mille",
        "15",
        "-o",
        s(&d.join("dept.csv")),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let truth = months(
        seed,
        &SynthOptions { records: n, ..SynthOptions::default() },
        &MonthOptions { months: 3, fixed_percent: 40, new_per_mille: 15 },
    );
    let mut checks = Vec::new();
    for k in 1..=3 {
        let file = d.join(format!("dept-{k:02}.csv"));
        let label = format!("2026-{:02}", 8 + k);
        let (fixes, report) = (d.join(format!("fixes-{k}.csv")), d.join(format!("report-{k}.html")));
        let args = ["check", s(&file), "--json", "--history", s(&db), "--label", &label, "--fixes", s(&fixes)];
        checks.push(json(&uscc(&[&args[..], &["--report", s(&report)]].concat())));
    }
    let wrong: Vec<BTreeSet<String>> = truth.iter().map(|m| wrong_values(&m.records)).collect();
    let dup = duplicated(&truth[0]);
    assert!(dup.len() > 20, "the months should carry duplicates");
    for m in &truth[1..] {
        assert_eq!(duplicated(m), dup, "duplicates never change");
        assert!(m.fixed.len() > 50 && m.new.len() > 30, "{} fixed, {} new", m.fixed.len(), m.new.len());
    }
    let flagged = |k: usize| -> BTreeSet<String> { wrong[k].union(&dup).cloned().collect() };
    for (a, b) in [(0usize, 1usize), (1, 2), (0, 2)] {
        let (la, lb) = (format!("2026-{:02}", 9 + a), format!("2026-{:02}", 9 + b));
        let c = json(&uscc(&["history", s(&db), "--compare", &la, &lb, "--json"]));
        let fixed: BTreeSet<String> = flagged(a).difference(&flagged(b)).cloned().collect();
        let new: BTreeSet<String> = flagged(b).difference(&flagged(a)).cloned().collect();
        let open: BTreeSet<String> = flagged(a).intersection(&flagged(b)).cloned().collect();
        if b == a + 1 {
            // What the generator says it did is what the history finds.
            assert_eq!(fixed.iter().cloned().collect::<Vec<_>>(), truth[b].fixed, "{la} → {lb} fixed");
            assert_eq!(new.iter().cloned().collect::<Vec<_>>(), truth[b].new, "{la} → {lb} new");
        }
        assert_eq!(values(&c["fixed"]), expected(fixed.clone()), "{la} → {lb} fixed");
        assert_eq!(values(&c["new"]), expected(new.clone()), "{la} → {lb} new");
        assert_eq!(values(&c["open"]), expected(open.clone()), "{la} → {lb} open");
        let o = &c["overall"];
        assert_eq!(
            [&o["fixed"], &o["new"], &o["open"]],
            [fixed.len(), new.len(), open.len()].map(serde_json::Value::from).each_ref()
        );
        // Every still-open code with the runs in a row it has been flagged.
        for entry in c["open"].as_array().unwrap() {
            let value = entry["value"].as_str().unwrap();
            let clear: Vec<&String> = open.iter().filter(|v| shown(v) == value).collect();
            let streak = |v: &String| (0..=b).rev().take_while(|&k| flagged(k).contains(v)).count();
            let runs: BTreeSet<usize> = clear.iter().map(|v| streak(v)).collect();
            assert!(runs.contains(&entry["runs"].as_u64().unwrap().try_into().unwrap()), "{value}: {entry}");
            assert!(entry["key"].as_str().unwrap().starts_with("hmac:") == (shown(clear[0]) != *clear[0]));
        }
        // Per group: the rates the checks printed, and the codes by group.
        for g in c["groups"].as_array().unwrap() {
            let name = g["group"].as_str().unwrap();
            for (side, k) in [("before", a), ("after", b)] {
                let summary = checks[k]["summary"]["groups"].as_array().unwrap();
                let want = summary.iter().find(|x| x["group"] == name).unwrap();
                assert_eq!(g[side]["rate"], want["rate"], "{name} {side}");
                assert_eq!(g[side]["flagged"], want["flagged"], "{name} {side}");
            }
            let count = |set: &BTreeSet<String>, k: usize| {
                set.iter().filter(|v| groups_of(&truth[k], v).contains(name)).count()
            };
            assert_eq!(g["fixed"], count(&fixed, a), "{name} fixed");
            assert_eq!(g["new"], count(&new, b), "{name} new");
            assert_eq!(g["open"], count(&open, b), "{name} open");
        }
    }
    let flagged_sets: Vec<BTreeSet<String>> = (0..3).map(flagged).collect();
    sheets_and_reports_follow_the_history(&d, &flagged_sets);
    // The default is the last two runs.
    let last = json(&uscc(&["history", s(&db), "--compare", "--json"]));
    assert_eq!((last["before"]["label"].as_str(), last["after"]["label"].as_str()), (Some("2026-10"), Some("2026-11")));
}

#[test]
fn the_still_open_codes_go_to_a_sheet() {
    let d = dir("sheet");
    let db = d.join("runs.db");
    let out = uscc(&["generate", "-n", "3000", "--seed", "3", "--months", "2", "-o", s(&d.join("m.csv"))]);
    assert_eq!(out.status.code(), Some(0));
    for k in ["01", "02"] {
        let file = d.join(format!("m-{k}.csv"));
        assert_eq!(uscc(&["check", s(&file), "--history", s(&db), "--label", k]).status.code(), Some(1));
    }
    let c = json(&uscc(&["history", s(&db), "--compare", "--json"]));
    let open = c["open"].as_array().unwrap();
    let csv_path = d.join("open.csv");
    let o = uscc(&["history", s(&db), "--compare", "--out", s(&csv_path)]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&csv_path).unwrap();
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = r.headers().unwrap().clone();
    assert_eq!(&headers[0], "代码");
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), open.len());
    for (row, code) in rows.iter().zip(open) {
        let value = code["value"].as_str().unwrap();
        // A value starting like a formula is written with a leading quote.
        let cell = row[0].trim_start_matches('\'');
        assert_eq!(cell, value);
        assert_eq!(&row[5], code["runs"].to_string());
        assert!(!row.iter().any(|f| f.starts_with(['=', '+', '-', '@'])));
    }
    let xlsx = d.join("open.xlsx");
    assert_eq!(uscc(&["history", s(&db), "--compare", "--out", s(&xlsx)]).status.code(), Some(0));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    // Never over the history itself; a single run named is refused.
    assert_eq!(uscc(&["history", s(&db), "--compare", "--out", s(&db)]).status.code(), Some(2));
    assert_eq!(uscc(&["history", s(&db), "--compare", "01"]).status.code(), Some(2));
    let o = uscc(&["history", s(&db), "--compare", "01", "2026-99"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("2026-99"));
}

#[test]
fn a_history_of_schema_version_1_is_migrated() {
    let d = dir("migrate");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/history");
    let db = d.join("v1.db");
    std::fs::copy(fixture.join("v1.db"), &db).unwrap();
    std::fs::copy(fixture.join("v1.db.key"), d.join("v1.db.key")).unwrap();
    let version = |p: &Path| -> i32 {
        let conn = rusqlite::Connection::open(p).unwrap();
        conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap()
    };
    assert_eq!(version(&db), 1);
    let before = json(&uscc(&["history", s(&db), "--json"]));
    assert_eq!(version(&db), uscc_io::history::SCHEMA_VERSION);
    assert_eq!(before["runs"].as_array().unwrap().len(), 2);
    // The runs of version 1 are compared with each other and with a new one.
    let c = json(&uscc(&["history", s(&db), "--compare", "--json"]));
    assert_eq!(c["overall"]["fixed"], 90);
    let sample = |f: &str| format!("{}/../testdata/sample/{f}", env!("CARGO_MANIFEST_DIR"));
    let again = uscc(&[
        "check",
        &sample("市场监管局.csv"),
        &sample("税务局-gbk.csv"),
        "--history",
        s(&db),
        "--label",
        "2026-12",
    ]);
    assert_eq!(again.status.code(), Some(1));
    let c = json(&uscc(&["history", s(&db), "--compare", "--json"]));
    assert_eq!(c["overall"]["fixed"], 0);
    assert_eq!(c["overall"]["new"], 0);
    // The same personal numbers are recognised across the migration: the key file is the same.
    let open = c["open"].as_array().unwrap();
    assert_eq!(open.len(), c["after"]["overall"]["flagged"].as_u64().unwrap() as usize);
    assert!(open.iter().all(|o| o["runs"] == 3 && o["since"] == "2026-10"));
    assert!(open.iter().any(|o| o["key"].as_str().unwrap().starts_with("hmac:")));
    // The migrated file records the version of uscc that wrote the new run.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let tools: Vec<Option<String>> = conn
        .prepare("SELECT uscc FROM runs ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(tools, [None, None, Some(env!("CARGO_PKG_VERSION").to_owned())]);
    // Its tables and indexes are those of a history made new.
    let fresh = d.join("fresh.db");
    let made = uscc(&["check", &sample("市场监管局.csv"), "--history", s(&fresh)]);
    assert_eq!(made.status.code(), Some(1));
    let schema = |p: &Path| -> Vec<String> {
        let conn = rusqlite::Connection::open(p).unwrap();
        let mut stmt =
            conn.prepare("SELECT type || ' ' || name || ': ' || sql FROM sqlite_master ORDER BY name").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    assert_eq!(schema(&db), schema(&fresh));
    assert!(schema(&db).iter().any(|s| s.starts_with("index codes_of_run")));
}

/// The correction sheet says of each line whether it is new or how many
/// runs it has stayed open; the report shows the trend.
fn sheets_and_reports_follow_the_history(d: &Path, flagged: &[BTreeSet<String>]) {
    for k in 0..3 {
        let text = std::fs::read_to_string(d.join(format!("fixes-{}.csv", k + 1))).unwrap();
        let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let headers = r.headers().unwrap().clone();
        let at = |h: &str| headers.iter().position(|x| x == h).unwrap();
        let (value, history) = (at("规范化代码"), at("历史(新增/连续未改正次数)"));
        let mut listed = 0;
        let now = &flagged[k];
        for line in r.records().map(Result::unwrap) {
            let v = uscc::normalize(&line[value]).value;
            let clear: Vec<&String> = now.iter().filter(|x| shown(x) == v).collect();
            let want = match clear.iter().map(|x| (0..=k).rev().take_while(|&m| flagged[m].contains(*x)).count()).min()
            {
                None => String::new(),
                Some(_) if k == 0 => "首次运行".to_owned(),
                Some(1) => "新增".to_owned(),
                Some(n) => format!("连续{n}次未改正"),
            };
            assert_eq!(&line[history], want, "month {} {v}", k + 1);
            listed += usize::from(!want.is_empty());
        }
        assert!(listed > 100);
        let page = std::fs::read_to_string(d.join(format!("report-{}.html", k + 1))).unwrap();
        assert!(page.contains("<h2>趋势</h2>") && !page.contains("<script"));
        // One line per group and one for all of them, over the runs so far.
        assert_eq!(page.matches("<polyline").count(), 4, "month {}", k + 1);
        assert_eq!(page.contains("与上次运行"), k > 0);
        for m in 0..=k {
            assert!(page.contains(&format!("<th scope=\"col\">2026-{:02}</th>", 9 + m)));
        }
    }
}
