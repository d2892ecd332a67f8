//! The full result for machines (schema: docs/cli-json.md): the core's own
//! shapes (the summary, the correction sheet's lines), with each line's row
//! id told apart into its file and row.

use serde_json::{Value, json};
use uscc::analysis::{Analysis, Fix};

use crate::sheet::place;

/// A correction-sheet line: the core's shape, with its file and its row as
/// a spreadsheet shows it.
#[must_use]
pub fn line(f: &Fix, files: &[String]) -> Value {
    let mut v = serde_json::to_value(f).unwrap_or(Value::Null);
    let (file, row) = place(f.row, files);
    v["file"] = json!(file);
    v["row"] = json!(row);
    v
}

/// The full result of `uscc check` as JSON.
#[must_use]
pub fn to_json(analysis: &Analysis, files: &[String]) -> Value {
    let s = &analysis.summary;
    let lines: Vec<Value> = analysis.fixes().iter().map(|f| line(f, files)).collect();
    json!({
        "schema": "uscc-check/1",
        "files": files,
        "options": {
            "denominator": s.denominator.as_str(),
            "counted": s.counted.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        },
        "summary": {
            "overall": s.overall,
            "groups": s.groups,
        },
        "fixes": lines,
    })
}

/// The 双公示 column checks as JSON (docs/cli-json.md, `columns`).
#[must_use]
pub fn columns(c: &crate::publicity::ColumnChecks, files: &[String]) -> Value {
    let compliance = |g: &crate::publicity::Compliance| json!({ "rows": g.rows, "compliant": g.compliant, "rate": g.rate(), "natural_persons": g.natural_persons });
    let read: Vec<Value> = c
        .files
        .iter()
        .map(|(i, cols)| {
            let found: Vec<Value> =
                cols.found.iter().map(|(r, _, h)| json!({ "role": r.as_str(), "header": &**h })).collect();
            let missing: Vec<&str> = cols.missing().iter().map(|r| r.as_str()).collect();
            json!({ "file": files.get(*i), "columns": found, "missing": missing })
        })
        .collect();
    let groups: Vec<Value> = c
        .groups()
        .iter()
        .map(|(g, n)| {
            let mut v = compliance(n);
            v["group"] = json!(g);
            v
        })
        .collect();
    let counts: Vec<Value> = c
        .counts()
        .iter()
        .map(|(k, n)| json!({ "check": k.as_str(), "severity": k.severity().as_str(), "count": n }))
        .collect();
    let findings: Vec<Value> = c
        .findings
        .iter()
        .map(|f| {
            let (file, row) = place(f.row, files);
            json!({
                "file": file,
                "row": row,
                "role": f.finding.role.as_str(),
                "header": &*f.header,
                "check": f.finding.check.as_str(),
                "severity": f.finding.check.severity().as_str(),
                "message_zh": f.finding.check.message_zh(),
                "value": f.value,
                "name": f.name.as_deref(),
                "group": f.group.as_deref(),
                "expected": f.finding.expected,
                "suggestion": f.finding.suggestion,
                "rows": f.finding.rows.iter().map(|&r| {
                    let (file, row) = place(r, files);
                    json!({ "file": file, "row": row })
                }).collect::<Vec<Value>>(),
            })
        })
        .collect();
    json!({
        "files": read,
        "overall": compliance(&c.overall()),
        "groups": groups,
        "counts": counts,
        "findings": findings,
    })
}
