//! Numbers in a workbook's cells as text (docs/rules.md, "Workbooks"): a
//! plain number as Excel keeps it (15 significant digits), a number shown
//! as a date or a time as that date
//! (`2026-11-30`, `2026-11-30 08:30:00`, `08:30:00`), as a department's
//! clerk sees it in the cell and as a CSV saved by Excel would hold it.

/// What a cell style's number format makes of a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberKind {
    /// Shown as a number (or as text: `@`).
    Plain,
    /// Shown as a date, a time of day, or both.
    Date,
    /// Shown as a length of time (`[h]:mm`): kept a number.
    Elapsed,
}

/// The kind of a built-in number format, by its id: 14–22 and 45–47 in
/// every locale, 27–36 and 50–58 the dates and times of the Chinese,
/// Japanese and Korean locales; 46 is elapsed time.
pub(crate) fn builtin_kind(id: u32) -> NumberKind {
    match id {
        46 => NumberKind::Elapsed,
        14..=22 | 27..=36 | 45 | 47 | 50..=58 => NumberKind::Date,
        _ => NumberKind::Plain,
    }
}

/// The kind of a format code: its first section (up to an unquoted `;`)
/// read outside quoted text, escaped characters and brackets; a date or
/// time part (y, m, d, h, s, as in `yyyy/m/d` or `AM/PM`) makes it a date;
/// a bracketed `[h]`, `[mm]` or `[ss]` makes it elapsed time.
pub(crate) fn format_kind(code: &str) -> NumberKind {
    let mut chars = code.chars();
    let mut date = false;
    while let Some(c) = chars.next() {
        match c {
            ';' => break,
            // The next character is shown as it is (`\`), or is a width (`_`)
            // or a fill (`*`): never a part of the format.
            '\\' | '_' | '*' => {
                chars.next();
            }
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '[' => {
                let inner: String = chars.by_ref().take_while(|&b| b != ']').collect();
                let lower = inner.to_ascii_lowercase();
                if !lower.is_empty() && lower.chars().all(|b| matches!(b, 'h' | 'm' | 's')) {
                    return NumberKind::Elapsed;
                }
            }
            'y' | 'Y' | 'm' | 'M' | 'd' | 'D' | 'h' | 'H' | 's' | 'S' => date = true,
            _ => {}
        }
    }
    if date { NumberKind::Date } else { NumberKind::Plain }
}

/// A number as Excel keeps it: 15 significant digits, so an 18-digit code
/// typed as a number comes out with zeros at the end (which the validator
/// reports as `excel_precision_loss`) rather than as binary noise.
pub(crate) fn excel_number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{f:.0}");
    }
    let sci = format!("{f:.14e}");
    let Some((mantissa, exp)) = sci.split_once('e') else { return sci };
    let Ok(exp) = exp.parse::<i32>() else { return sci };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if f.fract() == 0.0 && (15..=30).contains(&exp) {
        let mut s = if f < 0.0 { "-".to_owned() } else { String::new() };
        s.push_str(&digits);
        s.push_str(&"0".repeat((exp.unsigned_abs() as usize + 1).saturating_sub(digits.len())));
        return s;
    }
    f.to_string()
}

/// A number's text as its format shows it: a date as the date, anything
/// else (and a date serial that is no date) as [`excel_number`].
pub(crate) fn number_text(f: f64, kind: Option<NumberKind>, is_1904: bool) -> String {
    match kind {
        Some(NumberKind::Date) => date_text(f, is_1904).unwrap_or_else(|| excel_number(f)),
        _ => excel_number(f),
    }
}

/// The last serial number Excel shows as a date: 9999-12-31.
const LAST_SERIAL: f64 = 2_958_466.0;

/// A date serial number as text: the date, with the time of day when it
/// has one (to the second); a time alone for a serial below 1. `None` for
/// a number that is no date (negative, past 9999, or the 1900 system's
/// 29 February 1900, a day that never was).
pub(crate) fn date_text(serial: f64, is_1904: bool) -> Option<String> {
    if !(0.0..LAST_SERIAL).contains(&serial) {
        return None;
    }
    // Whole seconds, rounded as Excel shows them.
    let secs = (serial * 86_400.0).round() as i64;
    let (day, sec) = (secs / 86_400, secs % 86_400);
    let time = format!("{:02}:{:02}:{:02}", sec / 3600, sec % 3600 / 60, sec % 60);
    if day == 0 {
        return Some(time);
    }
    // Days since 1970-01-01: the 1900 system counts from 1899-12-31 and
    // holds a 29 February 1900 (serial 60) that did not exist.
    let unix = match (is_1904, day) {
        (true, d) => d - 24_107,
        (false, 60) => return None,
        (false, d) if d < 60 => d - 25_568,
        (false, d) => d - 25_569,
    };
    let (y, m, d) = crate::dates::civil_from_days(unix);
    let date = format!("{y:04}-{m:02}-{d:02}");
    Some(if sec == 0 { date } else { format!("{date} {time}") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_fifteen_digits() {
        assert_eq!(excel_number(914_403_001_922_038_216.0), "914403001922038000");
        assert_eq!(excel_number(110_108_000_000_016.0), "110108000000016");
        assert_eq!(excel_number(12.5), "12.5");
    }

    #[test]
    fn formats() {
        for code in ["yyyy/m/d;@", "yyyy\"年\"m\"月\"d\"日\"", "[$-804]yyyy-mm-dd", "h:mm AM/PM", "mm:ss", "d-mmm"] {
            assert_eq!(format_kind(code), NumberKind::Date, "{code}");
        }
        for code in ["General", "0.00E+00", "@", "#,##0.00\"元\"", "[Red]0", "\"day\"0", "0\\d", "0_m", "0;yyyy"] {
            assert_eq!(format_kind(code), NumberKind::Plain, "{code}");
        }
        assert_eq!(format_kind("[h]:mm:ss"), NumberKind::Elapsed);
        assert_eq!(builtin_kind(14), NumberKind::Date);
        assert_eq!(builtin_kind(31), NumberKind::Date);
        assert_eq!(builtin_kind(46), NumberKind::Elapsed);
        assert_eq!(builtin_kind(49), NumberKind::Plain);
    }

    #[test]
    fn serials_as_dates() {
        assert_eq!(date_text(46_356.0, false).as_deref(), Some("2026-11-30"));
        assert_eq!(date_text(46_356.5, false).as_deref(), Some("2026-11-30 12:00:00"));
        assert_eq!(date_text(1.0, false).as_deref(), Some("1900-01-01"));
        assert_eq!(date_text(59.0, false).as_deref(), Some("1900-02-28"));
        assert_eq!(date_text(60.0, false), None);
        assert_eq!(date_text(61.0, false).as_deref(), Some("1900-03-01"));
        assert_eq!(date_text(0.75, false).as_deref(), Some("18:00:00"));
        assert_eq!(date_text(2_958_465.0, false).as_deref(), Some("9999-12-31"));
        assert_eq!(date_text(2_958_466.0, false), None);
        assert_eq!(date_text(-1.0, false), None);
        assert_eq!(date_text(0.0, true).as_deref(), Some("00:00:00"));
        assert_eq!(date_text(1.0, true).as_deref(), Some("1904-01-02"));
        assert_eq!(date_text(44_894.0, true).as_deref(), Some("2026-11-30"));
    }
}
