//! `uscc explain`: codes taken apart, as text or JSON. A value shaped like a
//! resident identity number is shown masked and its parts are not shown.

use crate::Failure;
use crate::term::Out;

pub fn run(codes: &[String], json: bool, out: &mut Out) -> Result<u8, Failure> {
    let mut all_valid = true;
    let mut list = Vec::new();
    let mut text = String::new();
    for code in codes {
        let e = uscc::explain(code);
        all_valid &= e.report.is_valid();
        if json {
            list.push(explain_json(&e));
        } else {
            describe(&e, &mut text);
        }
    }
    if json {
        let t = serde_json::to_string_pretty(&list).map_err(|e| Failure::Other(e.to_string()))?;
        out.json(&format!("{t}\n")).map_err(Failure::Other)?;
    } else {
        out.text(&text).map_err(Failure::Other)?;
    }
    Ok(u8::from(!all_valid))
}

fn describe(e: &uscc::Explanation, out: &mut String) {
    use std::fmt::Write;
    let _ = writeln!(out, "{}  {}", e.report.redacted_value(), e.report.verdict.as_str());
    if let Some(d) = e.department {
        let _ = writeln!(out, "  登记管理部门 department   {} {} ({})", d.code, d.name_zh, d.name_en);
    }
    if let Some(c) = e.category {
        let _ = writeln!(out, "  机构类别 category         {} {} ({})", c.code, c.name_zh, c.name_en);
    }
    if let Some(d) = &e.division {
        let name = d.division.and_then(|x| x.name()).unwrap_or("不在区划代码表中 not in the table");
        let years = d.division.map_or(String::new(), |x| match (x.first_year(), x.last_year()) {
            (_, Some(to)) => format!(" (retired {to})"),
            (Some(from), None) => format!(" (since {from})"),
            _ => String::new(),
        });
        let level = d.level.map_or("", |l| l.as_str());
        let _ = writeln!(out, "  行政区划 division         {} {} {}{}", d.code, d.province.unwrap_or(""), name, years);
        let _ = writeln!(out, "  级别 level                {level}");
    }
    if let Some(org) = &e.org_code {
        let _ = writeln!(out, "  主体标识码 org code       {org}");
    }
    for c in &e.checks {
        let _ = writeln!(out, "  check {:<20}{}", c.rule, c.outcome.as_str());
    }
    for f in &e.report.findings {
        let _ = writeln!(out, "  {} {}: {} / {}", f.severity().as_str(), f.code, f.message_zh(), f.message_en());
    }
    for (i, c) in e.suggestions.candidates.iter().take(5).enumerate() {
        let lead = if i == 0 && e.suggestions.unique { "您是否要输入" } else { "可能是" };
        let edits: Vec<&str> = c.edits.iter().map(uscc::Edit::kind).collect();
        let _ = writeln!(out, "  {lead} {} ({})", c.code, edits.join(", "));
    }
    out.push('\n');
}

fn explain_json(e: &uscc::Explanation) -> serde_json::Value {
    serde_json::to_value(e).unwrap_or(serde_json::Value::Null)
}
