//! The report's 趋势 section: each group's 重错码率 over the stored runs as
//! an inline SVG line chart (no scripts, as the rest of the report), the
//! rates as a table, and this run compared with the one before.

use std::fmt::Write;

use super::compare::Comparison;
use super::read::{Counts, Run};
use crate::report::esc;

/// The most runs the chart and table show (the latest).
const MAX_RUNS: usize = 24;
/// The most group lines in the chart, beside the overall one (those with
/// the highest latest rate); the table lists every group.
const MAX_LINES: usize = 8;
const COLORS: [&str; MAX_LINES] =
    ["#c0392b", "#2c6fbb", "#27ae60", "#8e44ad", "#d35400", "#16a085", "#7f8c8d", "#b7950b"];

fn rate(c: Option<&Counts>) -> String {
    match c.and_then(|c| c.rate) {
        Some(r) => format!("{:.2}%", 100.0 * r),
        None if c.is_some() => "不适用".to_owned(),
        None => "—".to_owned(),
    }
}

/// A group's counts in a run.
fn counts<'r>(run: &'r Run, group: Option<&str>) -> Option<&'r Counts> {
    run.groups.iter().find(|(g, _)| g.as_deref() == group).map(|(_, c)| c)
}

/// The section, for the runs of a history (oldest first) and the comparison
/// of the last with the one before, when there is one.
#[must_use]
pub fn trend_section(runs: &[Run], comparison: Option<&Comparison>) -> String {
    let runs = &runs[runs.len().saturating_sub(MAX_RUNS)..];
    let mut groups: Vec<Option<String>> = runs.iter().flat_map(|r| r.groups.iter().map(|(g, _)| g.clone())).collect();
    groups.sort();
    groups.dedup();
    let mut h = String::from("<h2>趋势</h2>");
    let _ = write!(
        h,
        "<p class=\"note\">运行历史中的最近 {} 次运行（{} 至 {}）。</p>",
        runs.len(),
        esc(runs.first().map_or("", |r| r.label.as_str())),
        esc(runs.last().map_or("", |r| r.label.as_str()))
    );
    h.push_str(&chart(runs, &groups));
    h.push_str("<div class=\"wide\"><table><thead><tr><th scope=\"col\">分组</th>");
    for r in runs {
        let _ = write!(h, "<th scope=\"col\">{}</th>", esc(&r.label));
    }
    h.push_str("</tr></thead><tbody>");
    for g in &groups {
        let _ = write!(h, "<tr><th scope=\"row\">{}</th>", esc(g.as_deref().unwrap_or("(无分组)")));
        for r in runs {
            let _ = write!(h, "<td>{}</td>", rate(counts(r, g.as_deref())));
        }
        h.push_str("</tr>");
    }
    h.push_str("<tr><th scope=\"row\">合计</th>");
    for r in runs {
        let _ = write!(h, "<td>{}</td>", rate(Some(&r.overall)));
    }
    h.push_str("</tr></tbody></table></div>");
    if let Some(c) = comparison {
        h.push_str(&compared(c));
    }
    h
}

/// This run against the one before: per group the rate before and after
/// and the codes fixed, new and still open.
fn compared(c: &Comparison) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<h3>与上次运行（{}）相比</h3><p>已改正 <strong>{}</strong> 个，新增 <strong>{}</strong> 个，仍未改正 <strong>{}</strong> 个（其中连续 3 次及以上 {} 个）。</p>",
        esc(&c.before.label),
        c.fixed.len(),
        c.new.len(),
        c.open.len(),
        c.open.iter().filter(|o| o.runs >= 3).count()
    );
    h.push_str("<table><thead><tr><th scope=\"col\">分组</th><th scope=\"col\">上次</th><th scope=\"col\">本次</th><th scope=\"col\">已改正</th><th scope=\"col\">新增</th><th scope=\"col\">仍未改正</th></tr></thead><tbody>");
    for g in &c.groups {
        let _ = write!(
            h,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(g.group.as_deref().unwrap_or("(无分组)")),
            rate(g.before.as_ref()),
            rate(g.after.as_ref()),
            g.fixed,
            g.new,
            g.open
        );
    }
    let _ = write!(
        h,
        "<tr><th scope=\"row\">合计</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr></tbody></table>",
        rate(Some(&c.before.overall)),
        rate(Some(&c.after.overall)),
        c.fixed.len(),
        c.new.len(),
        c.open.len()
    );
    h
}

/// The line chart: one line per group (the highest latest rates first, at
/// most [`MAX_LINES`]) and a dashed one for all groups together.
fn chart(runs: &[Run], groups: &[Option<String>]) -> String {
    let latest = |g: &Option<String>| runs.iter().rev().find_map(|r| counts(r, g.as_deref())).and_then(|c| c.rate);
    let mut lines: Vec<&Option<String>> = groups.iter().collect();
    lines.sort_by(|a, b| latest(b).unwrap_or(0.0).total_cmp(&latest(a).unwrap_or(0.0)));
    lines.truncate(MAX_LINES);
    let top = runs
        .iter()
        .flat_map(|r| r.groups.iter().map(|(_, c)| c).chain([&r.overall]))
        .filter_map(|c| c.rate)
        .fold(0.0, f64::max);
    // The axis's top: the next whole percent above the highest rate.
    let top = ((top * 100.0).ceil().max(1.0)) / 100.0;
    let (left, right, y0, y1) = (60.0, 560.0, 20.0, 220.0);
    let x = |i: usize| {
        if runs.len() < 2 {
            f64::midpoint(left, right)
        } else {
            left + (right - left) * i as f64 / (runs.len() - 1) as f64
        }
    };
    let y = |r: f64| y1 - (y1 - y0) * r / top;
    let height = 270.0_f64.max(30.0 + 20.0 * (lines.len() + 1) as f64);
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 760 {height}" role="img" aria-label="各部门重错码率趋势" xmlns="http://www.w3.org/2000/svg">"#
    );
    for k in 0..=4 {
        let v = top * f64::from(k) / 4.0;
        let _ = write!(
            svg,
            r##"<line x1="{left}" x2="{right}" y1="{yv:.1}" y2="{yv:.1}" stroke="#ddd"/><text x="{}" y="{:.1}" text-anchor="end">{:.1}%</text>"##,
            left - 6.0,
            y(v) + 4.0,
            100.0 * v,
            yv = y(v)
        );
    }
    let step = runs.len().div_ceil(12).max(1);
    for (i, r) in runs.iter().enumerate().filter(|(i, _)| i % step == 0 || *i + 1 == runs.len()) {
        let _ = write!(svg, r#"<text x="{:.1}" y="{}" text-anchor="middle">{}</text>"#, x(i), y1 + 18.0, esc(&r.label));
    }
    let mut line = |points: Vec<Option<f64>>, color: &str, dashed: bool, name: &str, slot: usize| {
        // A run without the group breaks its line.
        for segment in points.iter().enumerate().collect::<Vec<_>>().split(|(_, p)| p.is_none()) {
            let pts: Vec<String> =
                segment.iter().filter_map(|(i, p)| p.map(|v| format!("{:.1},{:.1}", x(*i), y(v)))).collect();
            if pts.is_empty() {
                continue;
            }
            let dash = if dashed { r#" stroke-dasharray="6 4""# } else { "" };
            let _ = write!(
                svg,
                r#"<polyline fill="none" stroke="{color}" stroke-width="2"{dash} points="{}"/>"#,
                pts.join(" ")
            );
            for p in &pts {
                let (px, py) = p.split_once(',').unwrap_or(("0", "0"));
                let _ = write!(svg, r#"<circle cx="{px}" cy="{py}" r="3" fill="{color}"/>"#);
            }
        }
        let ly = 30.0 + 20.0 * slot as f64;
        let dash = if dashed { r#" stroke-dasharray="6 4""# } else { "" };
        let _ = write!(
            svg,
            r#"<line x1="580" x2="604" y1="{ly}" y2="{ly}" stroke="{color}" stroke-width="2"{dash}/><text x="610" y="{:.1}">{}</text>"#,
            ly + 4.0,
            esc(name)
        );
    };
    for (slot, g) in lines.iter().enumerate() {
        let points = runs.iter().map(|r| counts(r, g.as_deref()).and_then(|c| c.rate)).collect();
        line(points, COLORS[slot], false, g.as_deref().unwrap_or("(无分组)"), slot);
    }
    line(runs.iter().map(|r| r.overall.rate).collect(), "#222", true, "合计", lines.len());
    svg.push_str("</svg>");
    svg
}
