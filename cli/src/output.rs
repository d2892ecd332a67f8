//! What the tool writes: the terminal summary, the correction sheet and JSON.

use std::io::Write;
use std::path::Path;

use serde_json::{Value, json};
use uscc::analysis::{Analysis, Fix, GroupSummary, RowClass, Summary};

/// Display width in a terminal: CJK and full-width characters take two cells.
pub fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

/// Pads or cuts `s` to exactly `cells` terminal cells.
pub fn fit(s: &str, cells: usize) -> String {
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = width(c.encode_utf8(&mut [0; 4]));
        if w + cw > cells.saturating_sub(1) && width(s) > cells {
            out.push('…');
            w += 1;
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push_str(&" ".repeat(cells.saturating_sub(w)));
    out
}

/// Right-aligns `s` in `cells` terminal cells.
fn right(s: &str, cells: usize) -> String {
    format!("{}{s}", " ".repeat(cells.saturating_sub(width(s))))
}

const WIDTHS: [usize; 9] = [22, 9, 9, 8, 10, 10, 12, 8, 10];

fn line(cells: &[String; 9]) -> String {
    let mut out = fit(&cells[0], WIDTHS[0]);
    for (c, w) in cells.iter().zip(WIDTHS).skip(1) {
        out.push_str(&right(c, w));
    }
    out.push('\n');
    out
}

fn row(label: &str, g: &GroupSummary) -> String {
    let n = |c: RowClass| g.codes_of(c).to_string();
    let errors = [RowClass::Invalid, RowClass::Placeholder, RowClass::PersonalId, RowClass::OtherIdentifier]
        .iter()
        .map(|&c| g.codes_of(c))
        .sum::<u64>();
    line(&[
        label.to_owned(),
        g.records.to_string(),
        g.distinct_codes.to_string(),
        errors.to_string(),
        n(RowClass::OneCodeManyNames),
        n(RowClass::SharedOrgCode),
        n(RowClass::OneNameManyCodes),
        g.rows_of(RowClass::RepeatedRow).to_string(),
        format!("{:.2}%", 100.0 * g.rate()),
    ])
}

/// The summary table, 98 cells wide.
pub fn summary_table(summary: &Summary) -> String {
    let rule = format!("{}\n", "─".repeat(WIDTHS.iter().sum()));
    let headers = ["分组", "记录", "代码数", "错码", "一码多赋", "标识重复", "一主体多码", "重复行", "重错码率"];
    let mut out = line(&headers.map(String::from));
    out.push_str(&rule);
    for g in &summary.groups {
        out.push_str(&row(g.group.as_deref().unwrap_or("(无分组)"), g));
    }
    out.push_str(&rule);
    out.push_str(&row("合计", &summary.overall));
    out
}

/// Wraps words (split on spaces) into lines of at most `cells` cells.
pub fn wrap(text: &str, cells: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && width(&line) + 1 + width(word) > cells {
            out.push_str(&line);
            out.push('\n');
            indent.clone_into(&mut line);
        } else if !line.is_empty() && line != indent {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// Plain-language notes under the table: the error kinds and the rule used.
pub fn notes(summary: &Summary) -> String {
    let o = &summary.overall;
    let mut out = String::new();
    if !o.errors.is_empty() {
        let mut kinds: Vec<_> = o.errors.iter().collect();
        kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let list: Vec<String> = kinds.iter().take(8).map(|(k, v)| format!("{k} {v}")).collect();
        out.push_str(&wrap(&format!("错码明细 (distinct codes by finding): {}", list.join(", ")), 100, "  "));
    }
    if o.needed_cleaning > 0 {
        out.push_str(&wrap(
            &format!("需清洗 rows whose value needed cleaning (full-width, spaces, case …): {}", o.needed_cleaning),
            100,
            "  ",
        ));
    }
    let counted: Vec<&str> = summary.counted.iter().map(|c| c.as_str()).collect();
    let rule = format!("重错码率 = distinct codes that are {} ÷ {}", counted.join(" | "), summary.denominator.as_str());
    out.push_str(&wrap(&rule, 100, "  "));
    out
}

/// The row id of a fix, as `file:row` when there are several files.
pub fn place(row: u64, files: &[String]) -> (String, u64) {
    let file = files.get((row >> 40) as usize).cloned().unwrap_or_default();
    (file, row & ((1 << 40) - 1))
}

const FIX_HEADERS: [&str; 12] = [
    "文件",
    "行号",
    "行数",
    "原代码",
    "规范化代码",
    "名称",
    "分组",
    "问题",
    "错误明细",
    "建议代码",
    "依据",
    "处理标志",
];

fn fix_fields(f: &Fix, files: &[String]) -> [String; 12] {
    let (file, row) = place(f.row, files);
    [
        file,
        row.to_string(),
        f.rows.to_string(),
        f.original.clone(),
        f.value.clone(),
        f.name.clone().unwrap_or_default(),
        f.group.clone().unwrap_or_default(),
        format!("{} {}", f.problem.name_zh(), f.problem.as_str()),
        f.findings.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(" "),
        f.correction.as_ref().map(|c| c.code.clone()).unwrap_or_default(),
        f.correction.as_ref().map(|c| c.evidence.describe_zh()).unwrap_or_default(),
        f.action.map(|a| a.flag().to_string()).unwrap_or_default(),
    ]
}

/// Writes the correction sheet as CSV, UTF-8 with a BOM so that Excel opens
/// it right.
pub fn write_fixes_csv(path: &Path, fixes: &[Fix], inputs: &[String]) -> std::io::Result<()> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    file.write_all(b"\xEF\xBB\xBF")?;
    let mut w = csv::Writer::from_writer(file);
    w.write_record(FIX_HEADERS)?;
    for f in fixes {
        w.write_record(fix_fields(f, inputs))?;
    }
    w.flush()
}

/// Writes the correction sheet as an XLSX workbook.
pub fn write_fixes_xlsx(path: &Path, fixes: &[Fix], inputs: &[String]) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("更正表")?;
    let bold = Format::new().set_bold();
    for (c, h) in FIX_HEADERS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (r, f) in fixes.iter().enumerate() {
        for (c, v) in fix_fields(f, inputs).iter().enumerate() {
            let (row, col) = (r as u32 + 1, c as u16);
            match (c, v.parse::<f64>()) {
                // Row numbers, counts and the action flag as numbers; codes stay text.
                (1 | 2 | 11, Ok(n)) => sheet.write_number(row, col, n)?,
                _ => sheet.write_string(row, col, v)?,
            };
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofit();
    book.save(path)
}

/// Writes the correction sheet, as XLSX when the path ends in `.xlsx`,
/// else as CSV.
pub fn write_fixes(path: &Path, fixes: &[Fix], inputs: &[String]) -> Result<(), String> {
    let xlsx = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if xlsx {
        write_fixes_xlsx(path, fixes, inputs).map_err(|e| e.to_string())
    } else {
        write_fixes_csv(path, fixes, inputs).map_err(|e| e.to_string())
    }
}

fn group_json(g: &GroupSummary) -> Value {
    let classes = |counts: &[u64; 10]| {
        RowClass::ALL
            .iter()
            .zip(counts)
            .map(|(c, n)| (c.as_str().to_owned(), json!(n)))
            .collect::<serde_json::Map<_, _>>()
    };
    json!({
        "group": g.group,
        "records": g.records,
        "distinct_codes": g.distinct_codes,
        "rows": classes(&g.rows),
        "codes": classes(&g.codes),
        "valid_with_warnings": g.valid_with_warnings,
        "errors": g.errors.iter().map(|(k, v)| (k.as_str().to_owned(), json!(v))).collect::<serde_json::Map<_, _>>(),
        "needed_cleaning": g.needed_cleaning,
        "flagged": g.flagged,
        "denominator": g.denominator,
        "rate": g.rate(),
    })
}

/// The full result for machines (schema: docs/cli-json.md).
pub fn to_json(analysis: &Analysis, files: &[String]) -> Value {
    let s = &analysis.summary;
    json!({
        "schema": "uscc-check/1",
        "files": files,
        "options": {
            "denominator": s.denominator.as_str(),
            "counted": s.counted.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        },
        "summary": {
            "overall": group_json(&s.overall),
            "groups": s.groups.iter().map(group_json).collect::<Vec<_>>(),
        },
        "fixes": analysis.fixes().iter().map(|f| {
            let (file, row) = place(f.row, files);
            json!({
                "file": file,
                "row": row,
                "rows": f.rows,
                "original": f.original,
                "value": f.value,
                "name": f.name,
                "group": f.group,
                "problem": f.problem.as_str(),
                "findings": f.findings.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
                "correction": f.correction.as_ref().map(|c| json!({"code": c.code, "evidence": c.evidence.as_str()})),
                "action": f.action.map(uscc::analysis::Action::flag),
            })
        }).collect::<Vec<_>>(),
    })
}
