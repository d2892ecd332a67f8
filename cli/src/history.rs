//! `uscc history`: the runs a history file keeps, and two runs compared,
//! as tables or JSON.

use std::fmt::Write as _;
use std::path::Path;

use uscc_io::history::{Comparison, Counts, History, Run, comparison_json, runs_json, write_open_codes};

use crate::Failure;
use crate::summary::{fit, width};
use crate::term::Out;

/// Opens an existing history (never creates one).
fn open(path: &Path) -> Result<History, Failure> {
    if !path.exists() {
        return Err(Failure::Other(format!("{}: no such history (uscc check --history creates one)", path.display())));
    }
    History::open(path).map_err(|e| Failure::Other(e.to_string()))
}

pub fn run(path: &Path, json: bool, out: &mut Out) -> Result<u8, Failure> {
    let history = open(path)?;
    let runs = history.runs().map_err(|e| Failure::Other(e.to_string()))?;
    if json {
        print_json(out, &runs_json(&runs))
    } else {
        out.text(&table(&runs)).map_err(Failure::Other)?;
        Ok(0)
    }
}

/// `uscc history FILE --compare [A B]`.
pub fn compare(path: &Path, runs: &[String], json: bool, sheet: Option<&Path>, out: &mut Out) -> Result<u8, Failure> {
    if let Some(p) = sheet {
        uscc_io::files::check_outputs(&[path], &[("--out", p)]).map_err(Failure::Other)?;
    }
    let history = open(path)?;
    let fail = |e: uscc_io::history::HistoryError| Failure::Other(e.to_string());
    let (before, after) = match runs {
        [] => history.last_two().map_err(fail)?,
        [a, b] => (history.find(a).map_err(fail)?, history.find(b).map_err(fail)?),
        _ => return Err(Failure::Other("--compare takes two runs, or none for the last two".to_owned())),
    };
    let c = history.compare(&before, &after).map_err(fail)?;
    if let Some(p) = sheet {
        write_open_codes(p, &c.open)?;
    }
    if json {
        return print_json(out, &comparison_json(&c));
    }
    out.text(&comparison_table(&c)).map_err(Failure::Other)?;
    if let Some(p) = sheet {
        out.text(&format!("still open: {} ({} codes)\n", p.display(), c.open.len())).map_err(Failure::Other)?;
    }
    Ok(0)
}

fn print_json(out: &mut Out, value: &serde_json::Value) -> Result<u8, Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Failure::Other(e.to_string()))?;
    out.json(&format!("{text}\n")).map_err(Failure::Other)?;
    Ok(0)
}

/// Per group: the rate before and after, and the codes fixed, new and
/// still open; then the codes open longest.
fn comparison_table(c: &Comparison) -> String {
    let mut s = format!("对比 {} → {}\n\n", c.before.label, c.after.label);
    let _ = writeln!(
        s,
        "{}{}{}{}{}{}",
        fit("分组", 24),
        right("之前", 10),
        right("之后", 10),
        right("已改正", 9),
        right("新增", 7),
        right("仍未改正", 10)
    );
    let line = |name: &str, before: Option<&Counts>, after: Option<&Counts>, counts: [usize; 3]| {
        let shown = |c: Option<&Counts>| c.map_or_else(|| "—".to_owned(), rate);
        format!(
            "{}{}{}{}{}{}\n",
            fit(name, 24),
            right(&shown(before), 10),
            right(&shown(after), 10),
            right(&counts[0].to_string(), 9),
            right(&counts[1].to_string(), 7),
            right(&counts[2].to_string(), 10)
        )
    };
    for g in &c.groups {
        let counts = [g.fixed, g.new, g.open].map(|n| usize::try_from(n).unwrap_or(usize::MAX));
        s += &line(g.group.as_deref().unwrap_or("（未分组）"), g.before.as_ref(), g.after.as_ref(), counts);
    }
    s += &line("合计", Some(&c.before.overall), Some(&c.after.overall), [c.fixed.len(), c.new.len(), c.open.len()]);
    if !c.open.is_empty() {
        s += "\n仍未改正，连续最久的:\n";
        for o in c.open.iter().take(10) {
            let _ = writeln!(
                s,
                "  {}  连续{}次（自 {}）  {}  {}",
                fit(
                    if o.code.value.is_empty() { "（空）".into() } else { crate::term::safe(&o.code.value) }.as_ref(),
                    20
                ),
                o.runs,
                crate::term::safe(&o.since),
                crate::term::safe(&o.code.groups.join("、")),
                o.code.class
            );
        }
        if c.open.len() > 10 {
            let _ = writeln!(s, "  … 共 {} 个（--out 写出全部）", c.open.len());
        }
    }
    s
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
