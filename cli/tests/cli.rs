//! The built `uscc` binary on real files: the sample, every kind of bad
//! input, and the other commands.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn uscc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_uscc")).args(args).output().expect("run uscc")
}

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("uscc-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

#[test]
fn the_sample_files() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/sample");
    let files: Vec<String> = ["市场监管局.csv", "税务局-gbk.csv"].iter().map(|f| format!("{root}/{f}")).collect();
    let d = dir("sample");
    let sheet_path = d.join("fixes.csv").display().to_string();
    let o = uscc(&["check", &files[0], &files[1], "--fixes", &sheet_path]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("合计"), "{out}");
    assert!(out.contains("市市场监督管理局"), "{out}");
    let sheet = std::fs::read_to_string(&sheet_path).unwrap();
    assert!(sheet.starts_with("\u{FEFF}文件,行号"), "{sheet}");
    // Every line of the terminal table fits in 100 columns.
    for line in out.lines() {
        assert!(line.chars().map(|c| if c as u32 > 0x2E80 { 2 } else { 1 }).sum::<usize>() <= 100, "{line}");
    }
    // JSON: every record is accounted for.
    let j = json(&uscc(&["check", "--json", &files[0], &files[1]]));
    let overall = &j["summary"]["overall"];
    let rows: u64 = overall["rows"].as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(rows, overall["records"].as_u64().unwrap());
    let records = |f: &str| csv::Reader::from_path(f).unwrap().byte_records().count() as u64;
    assert_eq!(overall["records"].as_u64().unwrap(), records(&files[0]) + records(&files[1]));
}

#[test]
fn gbk_and_utf8_give_the_same_result() {
    let d = dir("enc");
    let utf8 = d.join("u.csv").display().to_string();
    let gbk = d.join("g.csv").display().to_string();
    assert!(uscc(&["generate", "-n", "500", "--seed", "3", "-o", &utf8]).status.success());
    assert!(uscc(&["generate", "-n", "500", "--seed", "3", "--encoding", "gbk", "-o", &gbk]).status.success());
    let u = json(&uscc(&["check", "--json", "--group-column", "数据来源单位", &utf8]));
    let g = json(&uscc(&["check", "--json", "--group-column", "数据来源单位", &gbk]));
    assert_eq!(u["summary"], g["summary"]);
}

#[test]
fn clean_data_exits_zero() {
    let d = dir("clean");
    let f = write(
        &d,
        "ok.csv",
        "统一社会信用代码,名称\n914403001922038216,华为技术有限公司\n911000001000013428,中国银行\n".as_bytes(),
    );
    let o = uscc(&["check", &f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn bad_input_says_what_and_where() {
    let d = dir("bad");
    let cases: Vec<(&str, Vec<u8>, Vec<&str>, &str)> = vec![
        ("empty.csv", vec![], vec![], "the file is empty"),
        ("header.csv", "统一社会信用代码,名称\n".into(), vec![], "row 2: the file has a header row but no data rows"),
        ("nocode.csv", "名称,地址\n甲,乙\n".into(), vec![], "row 1: no credit-code column found"),
        (
            "badutf8.csv",
            b"code,name\n914403001922038216,\xff\xfe\x80\n".to_vec(),
            vec!["--encoding", "utf8"],
            "row 2, column 2: bytes not valid in UTF-8",
        ),
        (
            // A column the analysis does not read is checked as well.
            "badutf8-note.csv",
            b"code,name,note\n914403001922038216,ok,\xe4\xb8\n".to_vec(),
            vec!["--encoding", "utf8"],
            "row 2, column 3: bytes not valid in UTF-8",
        ),
        (
            // A character cut between two cells: each cell is invalid,
            // however the two read together.
            "badutf8-split.csv",
            b"code,name\n914403001922038216\xe4,\xb8\xad\n".to_vec(),
            vec!["--encoding", "utf8"],
            "row 2, column 1: bytes not valid in UTF-8",
        ),
        (
            "badutf8-split-quoted.csv",
            b"code,name\n914403001922038216\xe4,\"\xb8\xad\"\n".to_vec(),
            vec!["--encoding", "utf8"],
            "row 2, column 1: bytes not valid in UTF-8",
        ),
        (
            "junk.csv",
            b"code,name\n91440300\x81\x20\x81\x20\x81\n".to_vec(),
            vec![],
            "row 2, column 1: bytes not valid in GB18030",
        ),
        (
            "quote.csv",
            "code,name\n914403001922038216,\"甲\n1,2\n3,4\n5,6\n".into(),
            vec![],
            "row 2, column 2: a quoted field opened here is never closed",
        ),
        ("book.csv", b"PK\x03\x04rest".to_vec(), vec![], "ZIP/XLSX"),
    ];
    for (name, bytes, extra, want) in cases {
        let f = write(&d, name, &bytes);
        let mut args = vec!["check", f.as_str()];
        args.extend(extra);
        let o = uscc(&args);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        let e = stderr(&o);
        assert!(e.to_lowercase().contains(&want.to_lowercase()), "{name}: {e}");
        assert!(e.contains(name), "{name}: the message names the file: {e}");
        assert!(!e.contains("panicked"), "{name}: {e}");
    }
    let o = uscc(&["check", "/nonexistent/file.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot open"));
    let o = uscc(&["check", "--code-column", "nope", &write(&d, "x.csv", b"code\n1\n")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no code column \"nope\""), "{}", stderr(&o));
}

#[test]
fn a_bad_byte_past_the_first_chunk_is_found_at_its_row() {
    let d = dir("late");
    let mut text = b"code,name,note\n".to_vec();
    for _ in 0..70_000 {
        text.extend_from_slice("914403001922038216,华为技术有限公司,x\n".as_bytes());
    }
    text.extend_from_slice(b"914403001922038216,ok,\xff\n");
    let f = write(&d, "late.csv", &text);
    let o = uscc(&["check", "--encoding", "utf8", &f]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("row 70002, column 3: bytes not valid in UTF-8"), "{}", stderr(&o));
}

#[test]
fn no_row_is_dropped() {
    let d = dir("ragged");
    // Ragged rows, an empty code, a 10 MB cell: every row is counted.
    let big = "9".repeat(10 * 1024 * 1024);
    let text = format!(
        "统一社会信用代码,名称,数据来源单位\n914403001922038216\n,空代码公司,甲\n{big},大单元格,乙\n911000001000013428,中国银行,甲,多余\n"
    );
    let f = write(&d, "ragged.csv", text.as_bytes());
    let o = uscc(&["check", "--json", &f]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(json(&o)["summary"]["overall"]["records"], 4);
}

#[test]
fn explain_and_normalize_and_help() {
    let o = uscc(&["explain", "91350100M000100Y4A"]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("check_char_mismatch"), "{out}");
    assert!(out.contains("91350100M000100Y43"), "{out}");
    let j = json(&uscc(&["explain", "--json", "914403001922038216"]));
    assert_eq!(j[0]["verdict"], "valid");
    assert_eq!(j[0]["division"]["name"], "深圳市");
    let d = dir("norm");
    let f = write(&d, "n.csv", "统一社会信用代码,名称\n９１４４０３００１９２２０３８２１６,甲\n".as_bytes());
    let o = uscc(&["normalize", &f]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("914403001922038216,normalized_fullwidth"), "{out}");
    for cmd in [vec!["--help"], vec!["check", "--help"], vec!["--version"]] {
        assert!(uscc(&cmd).status.success());
    }
}

#[test]
fn xlsx_in_and_out() {
    let d = dir("xlsx");
    let csv_path = d.join("g.csv").display().to_string();
    let xlsx_path = d.join("g.xlsx").display().to_string();
    assert!(uscc(&["generate", "-n", "800", "--seed", "4", "-o", &csv_path]).status.success());
    assert!(uscc(&["generate", "-n", "800", "--seed", "4", "-o", &xlsx_path]).status.success());
    let a = json(&uscc(&["check", "--json", &csv_path]));
    let b = json(&uscc(&["check", "--json", &xlsx_path]));
    assert_eq!(a["summary"], b["summary"]);
    let sheet = d.join("fixes.xlsx").display().to_string();
    let o = uscc(&["check", &xlsx_path, "--fixes", &sheet]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(std::fs::read(&sheet).unwrap().starts_with(b"PK"));

    // normalize: XLSX in, XLSX out, every row kept, the cleaned column beside the code.
    let cleaned = d.join("cleaned.xlsx").display().to_string();
    let o = uscc(&["normalize", &xlsx_path, "-o", &cleaned]);
    assert!(o.status.success(), "{}", stderr(&o));
    let c = json(&uscc(&["check", "--json", &cleaned, "--code-column", "统一社会信用代码_规范化"]));
    assert_eq!(c["summary"]["overall"]["records"], 800, "{c}");
    assert_eq!(c["summary"]["overall"]["needed_cleaning"], 0, "{c}");
    let csv_out = d.join("cleaned.csv");
    assert!(uscc(&["normalize", &xlsx_path, "-o", &csv_out.display().to_string()]).status.success());
    assert!(std::fs::read(&csv_out).unwrap().starts_with(b"\xEF\xBB\xBF"));

    // A code typed as a number keeps 15 significant digits in Excel.
    let numeric = d.join("numeric.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "统一社会信用代码").unwrap();
    ws.write_number(1, 0, 914_403_001_922_038_216.0).unwrap();
    book.save(&numeric).unwrap();
    let j = json(&uscc(&["check", "--json", &numeric.display().to_string()]));
    assert_eq!(j["summary"]["overall"]["errors"]["excel_precision_loss"], 1, "{j}");

    // An encrypted workbook is a compound file holding an EncryptedPackage
    // stream; one without it is an old .xls, whatever its name.
    let mut locked = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    locked.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    for (name, bytes, want) in [
        ("locked.xlsx", locked, "password"),
        ("old.xlsx", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest".to_vec(), "Excel 97-2003 (.xls)"),
        ("broken.xlsx", b"PK\x03\x04not really a zip".to_vec(), "cannot read the workbook"),
    ] {
        let f = write(&d, name, &bytes);
        let o = uscc(&["check", &f]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        assert!(stderr(&o).contains(want), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains(name));
    }
}

#[test]
fn html_report_is_self_contained() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/sample");
    let d = dir("html");
    let report = d.join("report.html").display().to_string();
    let o = uscc(&["check", &format!("{root}/市场监管局.csv"), "--report", &report]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let page = std::fs::read_to_string(&report).unwrap();
    assert!(page.contains("市市场监督管理局") && page.contains("<svg"), "charts and groups");
    assert!(!page.contains("<script") && !page.contains("<link"), "no external resources");
    assert_eq!(page.matches("http").count(), page.matches("http://www.w3.org/2000/svg").count(), "no network");
}

#[test]
fn evidence_names_the_file_and_row_it_rests_on() {
    let d = dir("evidence");
    let a = write(&d, "a.csv", "统一社会信用代码,名称\n914403001922038216,乙公司\n".as_bytes());
    let b =
        write(&d, "b.csv", "统一社会信用代码,名称\n91350100M000100Y43,甲公司\n91350100M000100Y4A,甲公司\n".as_bytes());
    let sheet = d.join("fixes.csv").display().to_string();
    let o = uscc(&["check", &a, &b, "--fixes", &sheet]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let text = std::fs::read_to_string(&sheet).unwrap();
    assert!(text.contains(&format!("同名主体在{b} 第2行使用该代码")), "{text}");
    let one = uscc(&["check", &b, "--fixes", &sheet]);
    assert_eq!(one.status.code(), Some(1), "{}", stderr(&one));
    let text = std::fs::read_to_string(&sheet).unwrap();
    assert!(text.contains("同名主体在第2行使用该代码"), "{text}");
}

/// One dialect: the command's JSON has the core's shapes, as
/// testdata/dialect.json holds them (Python and the browser package are
/// held to the same file).
#[test]
fn json_speaks_the_dialect() {
    let dialect: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/dialect.json")).unwrap(),
    )
    .unwrap();
    let codes: Vec<&str> = dialect["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    for (i, code) in codes.iter().enumerate() {
        let o = uscc(&["explain", "--json", code]);
        assert_eq!(json(&o), serde_json::json!([dialect["explain"][i]]), "{code}");
    }
    let d = dir("dialect");
    let mut text = String::from("统一社会信用代码,行政相对人名称,数据来源单位\n");
    for (i, code) in codes.iter().enumerate() {
        let (name, group) = (dialect["names"][i].as_str().unwrap(), dialect["group"].as_str().unwrap());
        text.extend([code, ",", name, ",", group, "\n"]);
    }
    let file = write(&d, "data.csv", text.as_bytes());
    let j = json(&uscc(&["check", "--json", &file]));
    assert_eq!(j["summary"]["overall"], dialect["summary"]["overall"]);
    assert_eq!(j["summary"]["groups"], dialect["summary"]["groups"]);
    assert_eq!(j["options"]["denominator"], dialect["summary"]["denominator"]);
    assert_eq!(j["options"]["counted"], dialect["summary"]["counted"]);
    // The sheet's lines: the core's, each with its file and its row as a
    // spreadsheet shows it (record i is row i + 2, under the header).
    let lines = j["fixes"].as_array().unwrap();
    assert_eq!(lines.len(), dialect["fixes"].as_array().unwrap().len());
    for (got, want) in lines.iter().zip(dialect["fixes"].as_array().unwrap()) {
        let mut want = want.clone();
        want["row"] = serde_json::json!(want["row"].as_u64().unwrap() + 2);
        want["file"] = serde_json::json!(file);
        assert_eq!(got, &want);
    }
}
