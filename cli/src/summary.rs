//! The summary as the terminal shows it: a table 98 cells wide and notes.

use std::fmt::Write as _;

use uscc::analysis::{GroupSummary, RowClass, Summary};

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
        g.rate_text(),
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

/// The 双公示 columns: per group the rows, the compliant rows and the 合规率,
/// the natural persons left out of the 重错码率, the findings by check and
/// the columns the files lack.
pub fn columns_table(c: &uscc_io::publicity::ColumnChecks) -> String {
    let rate = |g: &uscc_io::publicity::Compliance| uscc_io::report::percent_zh(g.rate());
    let right = |s: &str, cells: usize| format!("{}{s}", " ".repeat(cells.saturating_sub(width(s))));
    let mut s = String::from("\n双公示 columns (合规率 = rows with no error finding in any checked column ÷ rows)\n");
    let _ = writeln!(
        s,
        "{}{}{}{}{}",
        fit("分组", 26),
        right("记录", 8),
        right("合规", 8),
        right("合规率", 9),
        right("自然人(不计入重错码率)", 24)
    );
    let line = |name: &str, g: &uscc_io::publicity::Compliance| {
        format!(
            "{}{}{}{}{}\n",
            fit(&crate::term::safe(name), 26),
            right(&g.rows.to_string(), 8),
            right(&g.compliant.to_string(), 8),
            right(&rate(g), 9),
            right(&g.natural_persons.to_string(), 24)
        )
    };
    for (g, n) in &c.groups() {
        s += &line(g.unwrap_or("(无分组)"), n);
    }
    s += &line("合计", &c.overall());
    let counts: Vec<String> = c.counts().iter().map(|(k, n)| format!("{} {n}", k.as_str())).collect();
    if !counts.is_empty() {
        s += &wrap(&format!("findings by check: {}", counts.join(", ")), 96, "  ");
    }
    for (i, cols) in &c.files {
        let missing: Vec<&str> = cols.missing().iter().map(|r| r.as_str()).collect();
        if !missing.is_empty() {
            s += &wrap(&format!("file {}: no column for {} (not checked)", i + 1, missing.join(", ")), 96, "  ");
        }
    }
    s
}
