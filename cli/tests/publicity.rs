//! `uscc generate --format 双公示`: every column of a licensing or penalty
//! file, as the generator made it, in CSV (UTF-8 or GBK) and XLSX.

use std::process::Command;

use uscc::publicity::{Role, check_record, synth};

fn uscc(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_uscc")).args(args).output().expect("run uscc")
}

#[test]
fn generated_files_hold_the_generators_rows() {
    let d = std::env::temp_dir().join(format!("uscc-publicity-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    for (penalties, encoding) in [(false, "utf8"), (true, "gbk")] {
        let path = d.join(format!("p-{encoding}.csv"));
        let mut args = vec!["generate", "-n", "2000", "--seed", "5", "--format", "双公示", "--encoding", encoding];
        if penalties {
            args.push("--penalties");
        }
        args.extend(["-o", path.to_str().unwrap()]);
        let o = uscc(&args);
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        let bytes = std::fs::read(&path).unwrap();
        let text = if encoding == "gbk" {
            encoding_rs::GB18030.decode(&bytes).0.into_owned()
        } else {
            String::from_utf8(bytes).unwrap()
        };
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
        assert_eq!(headers, synth::headers(penalties));
        let options = synth::Options { records: 2000, penalties, ..synth::Options::default() };
        let rows = synth::generate(5, &options);
        let read: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(read.len(), rows.len());
        let mut with_errors = 0;
        for (line, row) in read.iter().zip(&rows) {
            assert_eq!(line.iter().collect::<Vec<_>>(), row.values.iter().map(String::as_str).collect::<Vec<_>>());
            // The file's row gives the findings its truth says.
            let mut rec = uscc::publicity::Record::default();
            for (h, v) in headers.iter().zip(line.iter()) {
                rec.set(Role::of_header(h).unwrap(), v);
            }
            let found: Vec<_> = check_record(&rec, options.as_of).iter().map(|f| (f.role, f.check)).collect();
            assert_eq!(found, row.truth);
            with_errors += usize::from(!found.is_empty());
        }
        assert!(with_errors > 200, "{with_errors}");
    }
    let xlsx = d.join("p.xlsx");
    let o = uscc(&["generate", "-n", "100", "--format", "双公示", "-o", xlsx.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    // Monthly files are of the plain format only.
    let o = uscc(&["generate", "--format", "双公示", "--months", "2", "-o", d.join("m.csv").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn check_finds_every_column_error_of_a_generated_file() {
    let d = std::env::temp_dir().join(format!("uscc-publicity-check-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    let path = d.join("licences.csv");
    let o = uscc(&["generate", "-n", "5000", "--seed", "9", "--format", "双公示", "-o", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let o = uscc(&["check", path.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let c = &v["columns"];
    let rows = synth::generate(9, &synth::Options { records: 5000, ..synth::Options::default() });
    // Every injected finding, at its row and column; nothing on clean rows.
    let mut want: Vec<(u64, String, String)> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        for (role, check) in &row.truth {
            want.push((i as u64 + 2, role.as_str().to_owned(), check.as_str().to_owned()));
        }
    }
    let mut got: Vec<(u64, String, String)> = c["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["row"].as_u64().unwrap(),
                f["role"].as_str().unwrap().to_owned(),
                f["check"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    got.sort();
    want.sort();
    assert_eq!(got, want);
    // The 合规率: rows with no error finding; natural persons out of the 重错码率.
    let error = |row: &synth::Row| row.truth.iter().any(|(_, k)| k.severity() == uscc::Severity::Error);
    let compliant = rows.iter().filter(|r| !error(r)).count() as u64;
    let natural = rows
        .iter()
        .filter(|r| r.values[Role::SubjectKind as usize] == "自然人" && r.values[Role::CreditCode as usize].is_empty())
        .count() as u64;
    assert_eq!(c["overall"]["rows"], 5000);
    assert_eq!(c["overall"]["compliant"], compliant);
    assert_eq!(c["overall"]["natural_persons"], natural);
    assert!(natural > 300);
    assert_eq!(v["summary"]["overall"]["records"], 5000 - natural);
    assert_eq!(c["files"][0]["missing"], serde_json::json!([]));
    // No identity number is printed in clear.
    let text = String::from_utf8_lossy(&o.stdout);
    for row in &rows {
        for role in [Role::PersonIdNumber, Role::LegalRepIdNumber] {
            let id = &row.values[role as usize];
            if id.len() >= 15 {
                assert!(!text.contains(id.as_str()), "{id} in clear");
            }
        }
    }
    // A plain file has no 双公示 columns, and no such section.
    let sample = format!("{}/../testdata/sample/市场监管局.csv", env!("CARGO_MANIFEST_DIR"));
    let o = uscc(&["check", &sample, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v.get("columns").is_none());
}

#[test]
fn columns_named_by_hand_are_checked_as_found_ones() {
    let d = std::env::temp_dir().join(format!("uscc-publicity-named-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    let path = d.join("a.csv");
    let o = uscc(&["generate", "-n", "800", "--seed", "4", "--format", "双公示", "-o", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let text = std::fs::read_to_string(&path).unwrap();
    let renamed = text.replacen("行政相对人代码_3(组织机构代码)", "组织代码X", 1).replacen(",证件号码,", ",号码,", 1);
    let other = d.join("b.csv");
    std::fs::write(&other, renamed).unwrap();
    let columns = |args: &[&str]| -> serde_json::Value {
        let o = uscc(args);
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["columns"].clone()
    };
    let found = columns(&["check", path.to_str().unwrap(), "--json"]);
    let lacking = columns(&["check", other.to_str().unwrap(), "--json"]);
    assert_eq!(lacking["files"][0]["missing"], serde_json::json!(["code_3", "id_number"]));
    assert_ne!(lacking["findings"], found["findings"]);
    let named = columns(&[
        "check",
        other.to_str().unwrap(),
        "--json",
        "--column",
        "code_3=组织代码X",
        "--column",
        "id_number=13",
    ]);
    assert_eq!(named["files"][0]["missing"], serde_json::json!([]));
    let strip = |v: &serde_json::Value| {
        v["findings"].as_array().unwrap().iter().map(|f| (f["row"].clone(), f["check"].clone())).collect::<Vec<_>>()
    };
    assert_eq!(strip(&named), strip(&found));
    assert_eq!(named["overall"], found["overall"]);
    // An unknown role, or a header not in the file: exit 2, saying which.
    let o = uscc(&["check", other.to_str().unwrap(), "--column", "code_9=x"]);
    assert_eq!(o.status.code(), Some(2));
    let o = uscc(&["check", other.to_str().unwrap(), "--column", "code_3=nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no code_3 column \"nope\""));
}
