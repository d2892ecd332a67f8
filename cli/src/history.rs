//! `uscc history`: the runs a history file keeps, as a table or JSON.

use std::path::Path;

use uscc_io::history::{Counts, History, Run};

use crate::Failure;
use crate::summary::{fit, width};
use crate::term::Out;

pub fn run(path: &Path, json: bool, out: &mut Out) -> Result<u8, Failure> {
    if !path.exists() {
        return Err(Failure::Other(format!("{}: no such history (uscc check --history creates one)", path.display())));
    }
    let history = History::open(path).map_err(|e| Failure::Other(e.to_string()))?;
    let runs = history.runs().map_err(|e| Failure::Other(e.to_string()))?;
    if json {
        let list: Vec<serde_json::Value> = runs.iter().map(run_json).collect();
        let text = serde_json::to_string_pretty(&serde_json::json!({ "schema": "uscc-history/1", "runs": list }))
            .map_err(|e| Failure::Other(e.to_string()))?;
        out.json(&format!("{text}\n")).map_err(Failure::Other)?;
    } else {
        out.text(&table(&runs)).map_err(Failure::Other)?;
    }
    Ok(0)
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

fn rate(c: &Counts) -> String {
    c.rate.map_or_else(|| "不适用".to_owned(), |r| format!("{:.2}%", 100.0 * r))
}

fn right(s: &str, cells: usize) -> String {
    format!("{}{s}", " ".repeat(cells.saturating_sub(width(s))))
}

/// One line per run (label, time, records, distinct codes, flagged, rate),
/// then each group's rate, run after run.
fn table(runs: &[Run]) -> String {
    if runs.is_empty() {
        return "no run recorded yet\n".to_owned();
    }
    let mut s = format!(
        "{}{}{}{}{}{}\n",
        fit("运行", 12),
        fit("时间 (UTC)", 22),
        right("记录数", 10),
        right("代码数", 10),
        right("重错码", 9),
        right("重错码率", 10)
    );
    for r in runs {
        let o = &r.overall;
        s.extend([
            fit(&r.label, 12),
            fit(&r.at, 22),
            right(&o.records.to_string(), 10),
            right(&o.distinct_codes.to_string(), 10),
            right(&o.flagged.to_string(), 9),
            right(&rate(o), 10),
            "\n".to_owned(),
        ]);
    }
    let mut groups: Vec<Option<String>> = runs.iter().flat_map(|r| r.groups.iter().map(|(g, _)| g.clone())).collect();
    groups.sort();
    groups.dedup();
    s.push_str("\n重错码率 by group\n");
    s.push_str(&fit("分组", 24));
    for r in runs {
        s += &right(&r.label, 12);
    }
    s.push('\n');
    for g in &groups {
        s += &fit(g.as_deref().unwrap_or("（未分组）"), 24);
        for r in runs {
            let cell = r.groups.iter().find(|(x, _)| x == g).map_or_else(|| "—".to_owned(), |(_, c)| rate(c));
            s += &right(&cell, 12);
        }
        s.push('\n');
    }
    s
}
