//! A history's runs and comparisons as JSON (docs/history.md): what `uscc
//! history --json` prints and what Python's `uscc.History` reads, one shape.

use super::compare::Comparison;
use super::read::{Counts, Run, StoredCode};

/// The runs as JSON (`uscc history --json`).
#[must_use]
pub fn runs_json(runs: &[Run]) -> serde_json::Value {
    let list: Vec<serde_json::Value> = runs.iter().map(run_json).collect();
    serde_json::json!({ "schema": "uscc-history/1", "runs": list })
}

fn code_json(c: &StoredCode) -> serde_json::Value {
    serde_json::json!({
        "key": c.key,
        "value": c.value,
        "class": c.class,
        "errors": c.errors,
        "groups": c.groups,
        "names": c.names,
    })
}

/// A comparison as JSON (`uscc history --compare --json`, docs/history.md).
#[must_use]
pub fn comparison_json(c: &Comparison) -> serde_json::Value {
    let groups: Vec<serde_json::Value> = c
        .groups
        .iter()
        .map(|g| {
            serde_json::json!({
                "group": g.group,
                "before": g.before.as_ref().map(counts_json),
                "after": g.after.as_ref().map(counts_json),
                "fixed": g.fixed,
                "new": g.new,
                "open": g.open,
            })
        })
        .collect();
    let open: Vec<serde_json::Value> = c
        .open
        .iter()
        .map(|o| {
            let mut v = code_json(&o.code);
            v["runs"] = serde_json::json!(o.runs);
            v["since"] = serde_json::json!(o.since);
            v
        })
        .collect();
    serde_json::json!({
        "schema": "uscc-history-compare/1",
        "before": run_json(&c.before),
        "after": run_json(&c.after),
        "overall": {
            "before": counts_json(&c.before.overall),
            "after": counts_json(&c.after.overall),
            "fixed": c.fixed.len(),
            "new": c.new.len(),
            "open": c.open.len(),
        },
        "groups": groups,
        "fixed": c.fixed.iter().map(code_json).collect::<Vec<_>>(),
        "new": c.new.iter().map(code_json).collect::<Vec<_>>(),
        "open": open,
    })
}

fn counts_json(c: &Counts) -> serde_json::Value {
    serde_json::json!({
        "records": c.records,
        "distinct_codes": c.distinct_codes,
        "flagged": c.flagged,
        "denominator": c.denominator,
        "rate": c.rate,
    })
}

fn run_json(r: &Run) -> serde_json::Value {
    let groups: Vec<serde_json::Value> = r
        .groups
        .iter()
        .map(|(g, c)| {
            let mut v = counts_json(c);
            v["group"] = serde_json::json!(g);
            v
        })
        .collect();
    serde_json::json!({
        "id": r.id,
        "label": r.label,
        "at": r.at,
        "files": r.files,
        "overall": counts_json(&r.overall),
        "groups": groups,
    })
}
