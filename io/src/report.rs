//! The self-contained HTML report: no network, no scripts, no fonts; charts
//! are inline SVG.

use std::fmt::Write;

use uscc::analysis::{Analysis, GroupSummary, RowClass};

use crate::publicity::{ColumnChecks, Compliance};
use crate::sheet::place;

/// Escapes text for HTML.
pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Rows of the findings table shown in the page (the rest are in the sheet).
const MAX_FIXES: usize = 5000;

/// A horizontal bar chart: one labelled bar per item, with its value.
fn bars(items: &[(String, f64, String)], color: &str) -> String {
    let max = items.iter().map(|i| i.1).fold(0.0, f64::max).max(1e-9);
    let h = 26 * items.len() + 10;
    let mut svg = format!(r#"<svg class="chart" viewBox="0 0 760 {h}" role="img" xmlns="http://www.w3.org/2000/svg">"#);
    for (i, (label, value, text)) in items.iter().enumerate() {
        let y = 10 + 26 * i;
        let w = (value / max * 430.0).max(1.0);
        let _ = write!(
            svg,
            r#"<text x="190" y="{}" text-anchor="end">{}</text><rect x="200" y="{y}" width="{w:.1}" height="18" fill="{color}"/><text x="{:.1}" y="{}">{}</text>"#,
            y + 14,
            esc(label),
            205.0 + w,
            y + 14,
            esc(text)
        );
    }
    svg.push_str("</svg>");
    svg
}

fn group_row(label: &str, g: &GroupSummary) -> String {
    let c = |k: RowClass| g.codes_of(k);
    let errors =
        c(RowClass::Invalid) + c(RowClass::Placeholder) + c(RowClass::PersonalId) + c(RowClass::OtherIdentifier);
    format!(
        "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        esc(label),
        g.records,
        g.distinct_codes,
        errors,
        c(RowClass::OneCodeManyNames),
        c(RowClass::SharedOrgCode),
        c(RowClass::OneNameManyCodes),
        g.rows_of(RowClass::RepeatedRow),
        g.needed_cleaning,
        rate_zh(g)
    )
}

/// Writes the page at `path`, atomically; `trend` is a section (HTML, such
/// as the run history's 趋势) placed after the summary.
pub fn write_report(
    path: &std::path::Path,
    analysis: &Analysis,
    columns: Option<&ColumnChecks>,
    files: &[String],
    trend: Option<&str>,
) -> Result<(), crate::error::OutputError> {
    let page = report(analysis, columns, files, trend);
    crate::files::write_file(path, |w| w.write_all(page.as_bytes()))
}

/// A rate as a percentage, or 不适用 when it has no denominator: the
/// 重错码率 and the 合规率 alike, in the report and on the terminal.
#[must_use]
pub fn percent_zh(rate: Option<f64>) -> String {
    rate.map_or_else(|| "不适用".to_owned(), |r| format!("{:.2}%", 100.0 * r))
}

fn rate_zh(g: &GroupSummary) -> String {
    percent_zh(g.rate())
}

/// The 双公示 columns' section: the columns checked and missing, the 合规率
/// per group, the findings per check, the first findings.
fn columns_section(c: &ColumnChecks, files: &[String]) -> String {
    let mut h = String::new();
    let o = c.overall();
    let _ = write!(
        h,
        "<h2>双公示字段合规率</h2><p>合规率 <strong>{}</strong>（{} / {} 行；合规 = 所检查的各列均无错误）。自然人且统一社会信用代码为空的 {} 行为正确填写，不计入重错码率。</p>",
        percent_zh(o.rate()),
        o.compliant,
        o.rows,
        o.natural_persons
    );
    h.push_str("<table><thead><tr><th scope=\"col\">文件</th><th scope=\"col\">已检查的列</th><th scope=\"col\">缺少的列（未检查）</th></tr></thead><tbody>");
    for (i, cols) in &c.files {
        let found: Vec<&str> = cols.found.iter().map(|f| &*f.2).collect();
        let missing: Vec<&str> = cols.missing().iter().map(|r| r.header_zh()).collect();
        let _ = write!(
            h,
            "<tr><td class=\"t\">{}</td><td class=\"t\">{}</td><td class=\"t\">{}</td></tr>",
            esc(files.get(*i).map_or("", String::as_str)),
            esc(&found.join("、")),
            esc(&missing.join("、"))
        );
    }
    h.push_str("</tbody></table>");
    h.push_str("<table><thead><tr><th scope=\"col\">分组</th><th scope=\"col\">记录</th><th scope=\"col\">合规记录</th><th scope=\"col\">合规率</th><th scope=\"col\">自然人（无代码）</th></tr></thead><tbody>");
    let row = |label: &str, g: &Compliance| {
        format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(label),
            g.rows,
            g.compliant,
            percent_zh(g.rate()),
            g.natural_persons
        )
    };
    for (g, n) in c.groups() {
        h.push_str(&row(g.unwrap_or("(无分组)"), &n));
    }
    h.push_str(&row("合计", &o));
    h.push_str("</tbody></table>");
    let counts: Vec<(String, f64, String)> = c
        .counts()
        .iter()
        .map(|(k, n)| {
            (
                k.message_zh().split('：').next().unwrap_or_default().chars().take(24).collect(),
                *n as f64,
                format!("{n}（{}）", k.as_str()),
            )
        })
        .collect();
    if !counts.is_empty() {
        h.push_str("<h3>字段问题类型（行数）</h3>");
        h.push_str(&bars(&counts, "#8e44ad"));
    }
    let _ = write!(h, "<h3>字段问题清单（{} 项）</h3>", c.findings.len());
    if c.findings.len() > MAX_FIXES {
        let _ = write!(h, "<p class=\"note\">仅显示前 {MAX_FIXES} 项；完整清单见更正表（--fixes）。</p>");
    }
    h.push_str("<div class=\"wide\"><table><thead><tr><th scope=\"col\">文件</th><th scope=\"col\">行号</th><th scope=\"col\">字段</th><th scope=\"col\">原值</th><th scope=\"col\">问题</th><th scope=\"col\">应为</th><th scope=\"col\">建议值</th></tr></thead><tbody>");
    for f in c.findings.iter().take(MAX_FIXES) {
        let (file, line) = place(f.row, files);
        let file = std::path::Path::new(&file).file_name().map_or(file.clone(), |n| n.to_string_lossy().into_owned());
        let _ = write!(
            h,
            "<tr><td class=\"t\">{}</td><td>{line}</td><td class=\"t\">{}</td><td class=\"t\">{}</td><td class=\"t\">{}</td><td class=\"t\">{}</td><td class=\"t\">{}</td></tr>",
            esc(&file),
            esc(&f.header),
            esc(&f.value),
            esc(f.finding.check.message_zh()),
            esc(&f.why_zh(files)),
            esc(f.finding.suggestion.as_deref().unwrap_or(""))
        );
    }
    h.push_str("</tbody></table></div>");
    h
}

/// The whole page; `columns` the 双公示 column checks when a file had such
/// columns; `trend` is a section placed after the summary.
pub fn report(analysis: &Analysis, columns: Option<&ColumnChecks>, files: &[String], trend: Option<&str>) -> String {
    let s = &analysis.summary;
    let o = &s.overall;
    let mut h = String::new();
    h.push_str(r#"<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">"#);
    h.push_str("<title>统一社会信用代码重错码报告</title><style>");
    h.push_str("body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}");
    h.push_str(
        "table{border-collapse:collapse;margin:1em 0;font-size:14px}th,td{border:1px solid #ccc;padding:4px 8px}",
    );
    h.push_str(
        "td{text-align:right}td.t{text-align:left;white-space:nowrap}.wide{overflow-x:auto}th{background:#f3f3f3}",
    );
    h.push_str(".chart{width:100%;max-width:760px;font-size:13px}.note{color:#555;font-size:13px}");
    h.push_str("</style></head><body>");
    let _ = write!(
        h,
        "<h1>统一社会信用代码重错码报告</h1><p>{} 个文件，{} 条记录，{} 个不同代码；重错码率 <strong>{}</strong>（{} / {}）。</p>",
        files.len(),
        o.records,
        o.distinct_codes,
        rate_zh(o),
        o.flagged,
        o.denominator
    );
    let counted: Vec<&str> = s.counted.iter().map(|c| c.name_zh()).collect();
    let _ = write!(
        h,
        "<p class=\"note\">重错码率 = 属于 {} 的不同代码数 ÷ {}。文件：{}</p>",
        esc(&counted.join("、")),
        s.denominator.name_zh(),
        esc(&files.join("、"))
    );
    h.push_str("<h2>各部门汇总</h2><table><thead><tr><th scope=\"col\">分组</th><th scope=\"col\">记录</th><th scope=\"col\">代码数</th><th scope=\"col\">错码</th><th scope=\"col\">一码多赋</th><th scope=\"col\">标识重复</th><th scope=\"col\">一主体多码</th><th scope=\"col\">重复行</th><th scope=\"col\">需清洗</th><th scope=\"col\">重错码率</th></tr></thead><tbody>");
    for g in &s.groups {
        h.push_str(&group_row(g.group.as_deref().unwrap_or("(无分组)"), g));
    }
    h.push_str(&group_row("合计", o));
    h.push_str("</tbody></table>");
    if let Some(c) = columns {
        h.push_str(&columns_section(c, files));
    }
    h.push_str(trend.unwrap_or_default());

    h.push_str("<h2>各部门重错码率</h2>");
    let rates: Vec<(String, f64, String)> =
        s.groups.iter().map(|g| (g.group.clone().unwrap_or_default(), g.rate().unwrap_or(0.0), rate_zh(g))).collect();
    h.push_str(&bars(&rates, "#c0392b"));

    h.push_str("<h2>错误类型（不同代码数）</h2>");
    let mut kinds: Vec<(String, f64, String)> =
        o.errors.iter().map(|(k, v)| (k.title_zh().to_owned(), *v as f64, v.to_string())).collect();
    for c in [RowClass::OneCodeManyNames, RowClass::SharedOrgCode, RowClass::OneNameManyCodes] {
        let n = o.codes_of(c);
        if n > 0 {
            kinds.push((c.name_zh().to_owned(), n as f64, n.to_string()));
        }
    }
    kinds.sort_by(|a, b| b.1.total_cmp(&a.1));
    h.push_str(&bars(&kinds, "#2c6fbb"));

    let _ = write!(h, "<h2>问题清单（{} 项）</h2>", analysis.fixes().len());
    if analysis.fixes().len() > MAX_FIXES {
        let _ = write!(h, "<p class=\"note\">仅显示前 {MAX_FIXES} 项；完整清单见更正表（--fixes）。</p>");
    }
    h.push_str("<div class=\"wide\"><table><thead><tr><th scope=\"col\">文件</th><th scope=\"col\">行号</th><th scope=\"col\">原代码</th><th scope=\"col\">规范化代码</th><th scope=\"col\">名称</th><th scope=\"col\">分组</th><th scope=\"col\">问题</th><th scope=\"col\">明细</th><th scope=\"col\">建议代码</th><th scope=\"col\">处理标志</th></tr></thead><tbody>");
    for f in analysis.fixes().iter().take(MAX_FIXES) {
        let (file, row) = place(f.row, files);
        let file = std::path::Path::new(&file).file_name().map_or(file.clone(), |n| n.to_string_lossy().into_owned());
        let _ = write!(
            h,
            "<tr><td class=\"t\">{}</td><td>{row}</td><td class=\"t\">{}</td><td class=\"t\">{}</td><td class=\"t\">{}</td><td class=\"t\">{}</td><td class=\"t\">{}</td><td class=\"t\">{}</td><td class=\"t\">{}</td><td>{}</td></tr>",
            esc(&file),
            esc(&f.original),
            esc(&f.value),
            esc(f.name.as_deref().unwrap_or("")),
            esc(f.group.as_deref().unwrap_or("")),
            f.problem.name_zh(),
            esc(&f.findings.iter().map(|c| c.title_zh()).collect::<Vec<_>>().join("；")),
            esc(f.correction.as_ref().map_or("", |c| c.code.as_str())),
            f.action.map_or(String::new(), |a| a.flag().to_string())
        );
    }
    h.push_str("</tbody></table></div><p class=\"note\">处理标志：0 赋予新码/更正，1 删除，2 保留；仅在证据支持时填写。由 uscc 生成。</p></body></html>\n");
    h
}
