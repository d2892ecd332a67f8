//! `uscc check --history` and `uscc history` on real SQLite files: runs
//! recorded and listed with the counts `uscc check` prints, files that are
//! not a history refused untouched, two runs at once both landing, a failed
//! run leaving no trace, and no personal identity number in clear.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn uscc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_uscc")).args(args).output().expect("run uscc")
}

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("uscc-history-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn sample(name: &str) -> String {
    format!("{}/../testdata/sample/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn runs_are_recorded_and_listed_with_the_checks_counts() {
    let d = dir("list");
    let db = d.join("runs.db");
    let (a, b) = (sample("市场监管局.csv"), sample("税务局-gbk.csv"));
    let first = json(&uscc(&["check", &a, "--json", "--history", s(&db), "--label", "2026-10"]));
    let second = json(&uscc(&["check", &a, &b, "--json", "--history", s(&db), "--label", "2026-11"]));
    assert!(d.join("runs.db.key").exists());
    let list = json(&uscc(&["history", s(&db), "--json"]));
    let runs = list["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 2);
    for (run, check, label) in [(&runs[0], &first, "2026-10"), (&runs[1], &second, "2026-11")] {
        assert_eq!(run["label"], label);
        let o = &check["summary"]["overall"];
        for key in ["records", "distinct_codes", "flagged", "denominator", "rate"] {
            assert_eq!(run["overall"][key], o[key], "{label} {key}");
        }
        assert_eq!(run["groups"].as_array().unwrap().len(), check["summary"]["groups"].as_array().unwrap().len());
        for (g, want) in run["groups"].as_array().unwrap().iter().zip(check["summary"]["groups"].as_array().unwrap()) {
            assert_eq!(g["group"], want["group"]);
            assert_eq!(g["flagged"], want["flagged"]);
            assert_eq!(g["rate"], want["rate"]);
        }
    }
    assert_eq!(runs[1]["files"], serde_json::json!([a, b]));
    let text = uscc(&["history", s(&db)]);
    assert_eq!(text.status.code(), Some(0));
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("2026-10") && text.contains("市税务局"), "{text}");
    // Python's standard sqlite3 (any SQLite tool) reads it: the schema is plain SQLite.
    let bytes = std::fs::read(&db).unwrap();
    assert!(bytes.starts_with(b"SQLite format 3\0"));
}

#[test]
fn no_personal_identity_number_is_stored_in_clear() {
    let d = dir("privacy");
    let db = d.join("runs.db");
    let files = [sample("市场监管局.csv"), sample("税务局-gbk.csv"), sample("住建局.xlsx")];
    let mut args = vec!["check", "--json", "--reveal-personal"];
    args.extend(files.iter().map(String::as_str));
    let clear = json(&uscc(&args));
    let personal: Vec<String> = clear["fixes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["problem"] == "personal_id")
        .map(|f| f["value"].as_str().unwrap().to_owned())
        .collect();
    assert!(personal.len() > 10);
    let mut args = vec!["check", "--history", s(&db)];
    args.extend(files.iter().map(String::as_str));
    assert_eq!(uscc(&args).status.code(), Some(1));
    // The same run again: the keyed hashes recognise the same numbers.
    assert_eq!(uscc(&args).status.code(), Some(1));
    let mut bytes = std::fs::read(&db).unwrap();
    for extra in ["runs.db-wal", "runs.db-journal"] {
        bytes.extend(std::fs::read(d.join(extra)).unwrap_or_default());
    }
    let text = String::from_utf8_lossy(&bytes);
    for p in &personal {
        assert!(!text.contains(p.as_str()), "{p} in clear");
        assert!(text.contains(&uscc::redact(p)), "{p} not stored masked");
    }
}

#[test]
fn a_file_that_is_not_a_history_is_refused_untouched() {
    let d = dir("refuse");
    let a = sample("市场监管局.csv");
    let good = d.join("good.db");
    assert_eq!(uscc(&["check", &a, "--history", s(&good)]).status.code(), Some(1));
    let history = std::fs::read(&good).unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("text.db", b"label,at\n2026-10,now\n".to_vec()),
        ("truncated.db", history[..history.len() / 3].to_vec()),
        ("header-only.db", history[..100].to_vec()),
    ];
    for (name, bytes) in &cases {
        let path = d.join(name);
        std::fs::write(&path, bytes).unwrap();
        let o = uscc(&["check", &a, "--history", s(&path)]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        assert!(String::from_utf8_lossy(&o.stderr).contains(name), "{name}");
        assert_eq!(&std::fs::read(&path).unwrap(), bytes, "{name} was changed");
        assert_eq!(uscc(&["history", s(&path)]).status.code(), Some(2), "{name}");
    }
    // Another application's SQLite database.
    let other = d.join("other.db");
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
    drop(conn);
    let before = std::fs::read(&other).unwrap();
    let o = uscc(&["check", &a, "--history", s(&other)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a uscc history"));
    assert_eq!(std::fs::read(&other).unwrap(), before);
    // A history is never an input.
    assert_eq!(uscc(&["check", &a, "--history", &a]).status.code(), Some(2));
}

#[test]
fn a_failed_run_leaves_the_history_as_it_was() {
    let d = dir("failed");
    let db = d.join("runs.db");
    let a = sample("市场监管局.csv");
    assert_eq!(uscc(&["check", &a, "--history", s(&db)]).status.code(), Some(1));
    let bad = d.join("bad.csv");
    std::fs::write(&bad, "统一社会信用代码,名称\n91350100M000100Y43,\"甲\n").unwrap();
    assert_eq!(uscc(&["check", &a, s(&bad), "--history", s(&db)]).status.code(), Some(2));
    let list = json(&uscc(&["history", s(&db), "--json"]));
    assert_eq!(list["runs"].as_array().unwrap().len(), 1);
}

#[test]
fn two_runs_started_together_both_land() {
    let d = dir("together");
    let db = d.join("runs.db");
    let a = sample("市场监管局.csv");
    // The history exists first (created by one run), then two at once.
    assert_eq!(uscc(&["check", &a, "--history", s(&db), "--label", "0"]).status.code(), Some(1));
    let spawn = |label: &str| {
        Command::new(env!("CARGO_BIN_EXE_uscc"))
            .args(["check", &a, "--history", s(&db), "--label", label])
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let (mut x, mut y) = (spawn("x"), spawn("y"));
    assert_eq!(x.wait().unwrap().code(), Some(1));
    assert_eq!(y.wait().unwrap().code(), Some(1));
    let list = json(&uscc(&["history", s(&db), "--json"]));
    let mut labels: Vec<&str> = list["runs"].as_array().unwrap().iter().map(|r| r["label"].as_str().unwrap()).collect();
    assert_eq!(labels.remove(0), "0");
    labels.sort_unstable();
    assert_eq!(labels, ["x", "y"]);
    let flagged: Vec<&serde_json::Value> =
        list["runs"].as_array().unwrap().iter().map(|r| &r["overall"]["flagged"]).collect();
    assert!(flagged.windows(2).all(|w| w[0] == w[1]));
}

/// Whether the history is whole: SQLite finds it sound, and every run has
/// exactly the flagged codes its counts say.
fn whole(db: &Path) -> usize {
    let conn = rusqlite::Connection::open(db).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    let runs: Vec<(i64, i64, i64)> = conn
        .prepare("SELECT id, flagged, (SELECT count(*) FROM codes WHERE codes.run = runs.id) FROM runs")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (id, flagged, codes) in &runs {
        assert_eq!(flagged, codes, "run {id} is not whole");
    }
    runs.len()
}

#[test]
fn a_run_killed_at_any_moment_leaves_the_history_whole() {
    let d = dir("killed");
    let db = d.join("runs.db");
    // Many flagged codes, so that writing them takes a good part of the run.
    let data = d.join("many.csv");
    let mut text = String::from("统一社会信用代码,名称\n");
    for i in 0..150_000 {
        let _ = writeln!(text, "91350100M{i:08}X,单位{i}");
    }
    std::fs::write(&data, text).unwrap();
    let args = ["check", s(&data), "--history", s(&db)];
    let start = std::time::Instant::now();
    assert_eq!(uscc(&args).status.code(), Some(1));
    let full = start.elapsed();
    let mut runs = whole(&db);
    assert_eq!(runs, 1);
    let journal = d.join("runs.db-journal");
    let mut cut_mid_write = 0;
    for attempt in 0..40 {
        // Kill times spread over the second half of a run, where it writes.
        let at = full.mul_f64(0.5 + f64::from(attempt % 10) * 0.06);
        let mut child = Command::new(env!("CARGO_BIN_EXE_uscc"))
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(at);
        let _ = child.kill();
        let _ = child.wait();
        // A journal left behind: the run was cut inside its transaction.
        if journal.exists() && std::fs::metadata(&journal).is_ok_and(|m| m.len() > 0) {
            cut_mid_write += 1;
        }
        let now = whole(&db);
        assert!(now == runs || now == runs + 1, "{runs} runs before, {now} after");
        runs = now;
        if cut_mid_write >= 3 {
            break;
        }
    }
    assert!(cut_mid_write > 0, "no kill landed while the run was writing");
    // The history still takes runs.
    assert_eq!(uscc(&args).status.code(), Some(1));
    assert_eq!(whole(&db), runs + 1);
}
