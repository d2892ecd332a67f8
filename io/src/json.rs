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
