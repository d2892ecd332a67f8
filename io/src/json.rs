//! The full result for machines (schema: docs/cli-json.md).

use serde_json::{Value, json};
use uscc::analysis::{Analysis, GroupSummary, RowClass};

use crate::sheet::place;

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

/// The full result of `uscc check` as JSON.
#[must_use]
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
