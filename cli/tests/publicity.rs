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
            let own: Vec<_> = row.truth.iter().filter(|t| !t.1.across_rows()).copied().collect();
            assert_eq!(found, own);
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
    // Three chunks of rows (each checked beside the one before it is counted).
    let n = 40_000;
    let o =
        uscc(&["generate", "-n", &n.to_string(), "--seed", "9", "--format", "双公示", "-o", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let o = uscc(&["check", path.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let c = &v["columns"];
    let rows = synth::generate(9, &synth::Options { records: n, ..synth::Options::default() });
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
    // A decision published again points at the row that published it first.
    let mut repeats = 0;
    for f in c["findings"].as_array().unwrap() {
        if f["check"] == "decision_number_repeated" {
            let (row, first) = (f["row"].as_u64().unwrap() as usize, f["rows"][0]["row"].as_u64().unwrap() as usize);
            assert!(first < row && rows[first - 2].values == rows[row - 2].values, "{f}");
            repeats += 1;
        }
    }
    assert!(repeats > 10, "{repeats}");
    // The 合规率: rows with no error finding; natural persons out of the 重错码率.
    let error = |row: &synth::Row| row.truth.iter().any(|(_, k)| k.severity() == uscc::Severity::Error);
    let compliant = rows.iter().filter(|r| !error(r)).count() as u64;
    let natural = rows
        .iter()
        .filter(|r| r.values[Role::SubjectKind as usize] == "自然人" && r.values[Role::CreditCode as usize].is_empty())
        .count() as u64;
    assert_eq!(c["overall"]["rows"], n);
    assert_eq!(c["overall"]["compliant"], compliant);
    assert_eq!(c["overall"]["natural_persons"], natural);
    assert!(natural > 300);
    assert_eq!(v["summary"]["overall"]["records"], n as u64 - natural);
    assert_eq!(c["files"][0]["missing"], serde_json::json!([]));
    // No identity number is printed in clear: none is among the pieces of
    // its length of the output's runs of digits (and X).
    let ids: Vec<&str> = rows
        .iter()
        .flat_map(|row| [Role::PersonIdNumber, Role::LegalRepIdNumber].map(|role| row.values[role as usize].as_str()))
        .filter(|id| id.len() >= 15)
        .collect();
    let lens: std::collections::BTreeSet<usize> = ids.iter().map(|id| id.len()).collect();
    let text = String::from_utf8_lossy(&o.stdout);
    let mut printed = std::collections::HashSet::new();
    for run in text.split(|c: char| !(c.is_ascii_digit() || c == 'X' || c == 'x')) {
        for &len in &lens {
            for start in 0..=run.len().saturating_sub(len) {
                printed.insert(run.get(start..start + len).unwrap_or_default());
            }
        }
    }
    assert!(ids.len() > 1000, "{}", ids.len());
    for id in ids {
        let runs = id.chars().all(|c| c.is_ascii_digit() || c == 'X' || c == 'x');
        assert!(if runs { !printed.contains(id) } else { !text.contains(id) }, "{id} in clear");
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

#[test]
fn the_sheet_and_the_report_list_every_column_finding() {
    let d = std::env::temp_dir().join(format!("uscc-publicity-outputs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    let path = d.join("penalties.csv");
    let gen_args = ["generate", "-n", "3000", "--seed", "12", "--format", "双公示", "--penalties"];
    let o = uscc(&[&gen_args[..], &["-o", path.to_str().unwrap()]].concat());
    assert_eq!(o.status.code(), Some(0));
    let (sheet, report, xlsx) = (d.join("fixes.csv"), d.join("r.html"), d.join("fixes.xlsx"));
    let p = |p: &std::path::Path| p.to_str().unwrap().to_owned();
    let o = uscc(&["check", &p(&path), "--json", "--fixes", &p(&sheet), "--report", &p(&report)]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let findings = v["columns"]["findings"].as_array().unwrap();
    let rows = synth::generate(12, &synth::Options { records: 3000, penalties: true, ..synth::Options::default() });

    // The sheet: the analysis's lines, then a line per column finding, with
    // the column's header in 字段.
    let text = std::fs::read_to_string(&sheet).unwrap();
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(headers.last().map(String::as_str), Some(uscc_io::sheet::COLUMN_HEADER));
    let at = |h: &str| headers.iter().position(|x| x == h).unwrap();
    let lines: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let column_lines: Vec<&csv::StringRecord> = lines.iter().filter(|l| !l[at("字段")].is_empty()).collect();
    assert_eq!(column_lines.len(), findings.len());
    assert_eq!(lines.len() - column_lines.len(), v["fixes"].as_array().unwrap().len());
    for (line, f) in column_lines.iter().zip(findings) {
        assert_eq!(line[at("行号")], f["row"].to_string());
        assert_eq!(&line[at("字段")], f["header"].as_str().unwrap());
        assert_eq!(&line[at("原代码")], f["value"].as_str().unwrap());
        assert_eq!(&line[at("错误代码")], f["check"].as_str().unwrap());
        assert_eq!(&line[at("建议代码")], f["suggestion"].as_str().unwrap_or(""));
        // What was expected, and for a check across rows the row it points at.
        let why = &line[at("依据")];
        if let Some(e) = f["expected"].as_str() {
            assert!(why.contains(e), "{why}");
        }
        if let Some(first) = f["rows"][0]["row"].as_u64() {
            assert!(why.contains(&format!("第{first}行")), "{why}");
        }
        // The line's subject and group (its 数据来源单位) are the row's.
        let row = &rows[f["row"].as_u64().unwrap() as usize - 2];
        assert_eq!(&line[at("分组")], row.values[Role::Source as usize]);
        if !f["check"].as_str().unwrap().starts_with("public_body_many") && f["check"] != "decision_number_repeated" {
            assert_eq!(&line[at("名称")], uscc::redact_personal_text(&row.values[Role::Name as usize]).as_ref());
        }
    }
    // The same sheet as a workbook.
    let o = uscc(&["check", &p(&path), "--fixes", &p(&xlsx)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));

    // The report: the 合规率, the columns, the findings.
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("双公示字段合规率"));
    let rate = v["columns"]["overall"]["rate"].as_f64().unwrap();
    assert!(html.contains(&format!("{:.2}%", 100.0 * rate)));
    assert!(html.contains(&format!("字段问题清单（{} 项）", findings.len())));
    assert!(html.contains("处罚机关统一社会信用代码"));
    // No identity number in clear in either.
    for row in &rows {
        for role in [Role::PersonIdNumber, Role::LegalRepIdNumber] {
            let id = &row.values[role as usize];
            if id.len() >= 15 {
                assert!(!text.contains(id.as_str()) && !html.contains(id.as_str()), "{id} in clear");
            }
        }
    }
    // No cell starts a formula.
    for line in &lines {
        assert!(line.iter().all(|c| !c.starts_with(['=', '+', '-', '@'])), "{line:?}");
    }
}

#[test]
fn dates_typed_into_a_workbook_are_read_as_dates() {
    use uscc::publicity::{DateCell, parse_date};
    let d = std::env::temp_dir().join(format!("uscc-publicity-dates-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    // The same rows as CSV and as a workbook whose real dates are date
    // cells, shown as a clerk's Excel shows them (2026/3/5).
    let rows = synth::generate(11, &synth::Options { records: 1500, ..synth::Options::default() });
    let headers = synth::headers(false);
    let csv_path = d.join("dates.csv");
    let mut w = csv::Writer::from_path(&csv_path).unwrap();
    w.write_record(&headers).unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let shown = rust_xlsxwriter::Format::new().set_num_format("yyyy/m/d");
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, h).unwrap();
    }
    let mut dates = 0;
    for (r, row) in rows.iter().enumerate() {
        w.write_record(&row.values).unwrap();
        for (c, v) in row.values.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            let role = Role::ALL[c as usize];
            match parse_date(v) {
                DateCell::Date(x) if matches!(role, Role::DecisionDate | Role::ValidFrom | Role::ValidTo) => {
                    let day = rust_xlsxwriter::ExcelDateTime::from_ymd(x.year as u16, x.month as u8, x.day as u8);
                    sheet.write_datetime_with_format(r, c, day.unwrap(), &shown).unwrap();
                    dates += 1;
                }
                _ => {
                    sheet.write_string(r, c, v).unwrap();
                }
            }
        }
    }
    w.flush().unwrap();
    let xlsx_path = d.join("dates.xlsx");
    book.save(&xlsx_path).unwrap();
    assert!(dates > 2000, "{dates}");
    let findings = |path: &std::path::Path| {
        let o = uscc(&["check", path.to_str().unwrap(), "--json"]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let mut f: Vec<(u64, String, String)> = v["columns"]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["row"].as_u64().unwrap(), f["role"].to_string(), f["check"].to_string()))
            .collect();
        f.sort();
        f
    };
    let from_csv = findings(&csv_path);
    assert!(!from_csv.is_empty());
    assert_eq!(findings(&xlsx_path), from_csv);
}
