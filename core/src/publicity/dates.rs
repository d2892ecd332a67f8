//! Dates as 双公示 files write them: `2026-11-30`, `2026/11/30`,
//! `2026.11.30`, `20261130`, `2026年11月30日`, with or without a time after
//! them; 长期 or 永久 for a validity without end.

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: u32,
    /// Month, 1–12.
    pub month: u32,
    /// Day, 1–31.
    pub day: u32,
}

impl Date {
    /// A date, when it is a real one.
    #[must_use]
    pub fn new(year: u32, month: u32, day: u32) -> Option<Date> {
        crate::identify::date_ok(year, month, day).then_some(Date { year, month, day })
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// What a date cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateCell {
    /// Nothing.
    Empty,
    /// A real date.
    Date(Date),
    /// No end (长期, 永久, 9999-12-31).
    Open,
    /// Text that is not a date, or a date that does not exist (2026-02-30).
    Invalid,
}

/// Reads a date cell.
#[must_use]
pub fn parse_date(text: &str) -> DateCell {
    // The common case, 2026-11-30, read without looking further.
    if let &[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = text.as_bytes() {
        let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
        if digits.iter().all(u8::is_ascii_digit) {
            let [y0, y1, y2, y3, m0, m1, d0, d1] = digits.map(|c| u32::from(c - b'0'));
            return cell(y0 * 1000 + y1 * 100 + y2 * 10 + y3, m0 * 10 + m1, d0 * 10 + d1);
        }
    }
    let t = text.trim();
    if t.is_empty() {
        return DateCell::Empty;
    }
    if matches!(t, "长期" | "永久" | "长期有效") {
        return DateCell::Open;
    }
    // The date part: up to a space or a `T` before a time.
    let day_part = t.split([' ', 'T']).next().unwrap_or(t);
    let mut parts = day_part.split(['-', '/', '.', '年', '月', '日']).filter(|p| !p.is_empty());
    let (first, second, third, more) = (parts.next(), parts.next(), parts.next(), parts.next());
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit()).then(|| num(s.as_bytes()));
    let (y, m, d) = match (first, second, third, more) {
        (Some(all), None, None, None) if all.len() == 8 => (digits(&all[..4]), digits(&all[4..6]), digits(&all[6..])),
        (Some(y), Some(m), Some(d), None) if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => {
            (digits(y), digits(m), digits(d))
        }
        _ => return DateCell::Invalid,
    };
    match (y, m, d) {
        (Some(y), Some(m), Some(d)) => cell(y, m, d),
        _ => DateCell::Invalid,
    }
}

/// Digits as a number (at most 9 of them).
fn num(b: &[u8]) -> u32 {
    b.iter().take(9).fold(0, |n, &c| n * 10 + u32::from(c - b'0'))
}

fn cell(y: u32, m: u32, d: u32) -> DateCell {
    if (y, m, d) == (9999, 12, 31) {
        return DateCell::Open;
    }
    Date::new(y, m, d).map_or(DateCell::Invalid, DateCell::Date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_their_spellings() {
        let d = DateCell::Date(Date { year: 2026, month: 11, day: 30 });
        for t in ["2026-11-30", "2026/11/30", "2026.11.30", "20261130", "2026年11月30日", "2026-11-30 08:00:00"] {
            assert_eq!(parse_date(t), d, "{t}");
        }
        assert_eq!(parse_date("2026-2-3"), DateCell::Date(Date { year: 2026, month: 2, day: 3 }));
        assert_eq!(parse_date("长期"), DateCell::Open);
        assert_eq!(parse_date("9999-12-31"), DateCell::Open);
        assert_eq!(parse_date(" "), DateCell::Empty);
        assert_eq!(parse_date(" 2026-11-30 "), d);
        for t in ["2026-02-30", "2026-13-01", "明年", "46000", "26-11-30", "2026-1a-30", "2026-00-10"] {
            assert_eq!(parse_date(t), DateCell::Invalid, "{t}");
        }
    }
}
