//! The lenient front door: clean what spreadsheets do to codes, and say what
//! was cleaned. Kept apart from strict parsing, which takes a code as given.

use crate::finding::FindingCode;

/// What [`normalize`] changed, as a small set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Changes(u8);

impl Changes {
    /// Full-width characters (`９１`, `Ａ`) made half-width.
    pub const FULLWIDTH: Changes = Changes(1);
    /// Lower-case letters made upper-case.
    pub const LOWERCASE: Changes = Changes(2);
    /// Whitespace of any kind (spaces, NBSP, ideographic space, tabs, line breaks) removed.
    pub const WHITESPACE: Changes = Changes(4);
    /// Zero-width characters, soft hyphens and byte-order marks removed.
    pub const INVISIBLE: Changes = Changes(8);
    /// Hyphens and dashes removed.
    pub const HYPHEN: Changes = Changes(16);
    /// A leading Excel text apostrophe removed.
    pub const APOSTROPHE: Changes = Changes(32);

    const ALL: [(Changes, FindingCode); 6] = [
        (Changes::FULLWIDTH, FindingCode::NormalizedFullwidth),
        (Changes::LOWERCASE, FindingCode::NormalizedLowercase),
        (Changes::WHITESPACE, FindingCode::NormalizedWhitespace),
        (Changes::INVISIBLE, FindingCode::NormalizedInvisible),
        (Changes::HYPHEN, FindingCode::NormalizedHyphen),
        (Changes::APOSTROPHE, FindingCode::NormalizedApostrophe),
    ];

    /// No change at all.
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether every change in `other` is in `self`.
    #[must_use]
    pub fn contains(self, other: Changes) -> bool {
        self.0 & other.0 == other.0
    }

    fn insert(&mut self, other: Changes) {
        self.0 |= other.0;
    }

    /// The finding code of each change, in a fixed order.
    pub fn codes(self) -> impl Iterator<Item = FindingCode> {
        Changes::ALL.into_iter().filter(move |(c, _)| self.contains(*c)).map(|(_, f)| f)
    }
}

/// A cleaned value and what cleaning it took.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Normalized {
    /// The cleaned value.
    pub value: String,
    /// What was changed.
    pub changes: Changes,
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}' | '\u{2061}'..='\u{2064}')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '`' | '\u{2018}' | '\u{2019}')
}

/// Cleans what spreadsheets do to codes: full-width characters, lower case,
/// whitespace of every kind, zero-width characters and byte-order marks,
/// hyphens and dashes, a leading Excel apostrophe.
///
/// Idempotent: normalizing a normalized value changes nothing.
///
/// ```
/// let n = uscc::normalize("'９１３５０１００ｍ０００１００ｙ４３\u{200b}");
/// assert_eq!(n.value, "91350100M000100Y43");
/// let changes: Vec<_> = n.changes.codes().map(|c| c.as_str()).collect();
/// assert_eq!(changes, ["normalized_fullwidth", "normalized_lowercase", "normalized_invisible", "normalized_apostrophe"]);
/// ```
#[must_use]
pub fn normalize(input: &str) -> Normalized {
    let bytes = input.as_bytes();
    // The common case: nothing to clean.
    if bytes.iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
        return Normalized { value: input.to_owned(), changes: Changes::default() };
    }
    let mut value = String::with_capacity(bytes.len().min(32));
    let mut changes = Changes::default();
    let mut seen_text = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII, or a full-width form (U+FF01..U+FF5E, bytes EF BC xx / EF BD xx)
        // mapped to its ASCII twin.
        let ascii = if b < 0x80 {
            i += 1;
            Some(b)
        } else if b == 0xEF && i + 2 < bytes.len() && (bytes[i + 1] == 0xBC || bytes[i + 1] == 0xBD) {
            let cp = 0xFF00 + (u32::from(bytes[i + 1] & 1) << 6) + u32::from(bytes[i + 2] & 0x3F);
            if (0xFF01..=0xFF5E).contains(&cp) {
                i += 3;
                changes.insert(Changes::FULLWIDTH);
                Some((cp - 0xFEE0) as u8)
            } else {
                None
            }
        } else {
            None
        };
        let c = match ascii {
            Some(a) if a.is_ascii_alphanumeric() => {
                seen_text = true;
                if a.is_ascii_lowercase() {
                    changes.insert(Changes::LOWERCASE);
                }
                value.push(a.to_ascii_uppercase() as char);
                continue;
            }
            Some(a) => a as char,
            None => {
                let c = input[i..].chars().next().unwrap_or('\u{FFFD}');
                i += c.len_utf8();
                c
            }
        };
        if is_invisible(c) {
            changes.insert(Changes::INVISIBLE);
        } else if c.is_whitespace() {
            changes.insert(Changes::WHITESPACE);
        } else if is_hyphen(c) {
            changes.insert(Changes::HYPHEN);
        } else if !seen_text && is_apostrophe(c) {
            changes.insert(Changes::APOSTROPHE);
        } else {
            seen_text = true;
            value.push(c);
        }
    }
    // A number in scientific notation (a float column: `9.14403e+17`) has
    // its exponent's `e` upper-cased, but that is no lower-case mess: the
    // value is reported as Excel damage, not as lower case.
    if changes.contains(Changes::LOWERCASE) && crate::identify::is_excel_scientific(&value) {
        changes.0 &= !Changes::LOWERCASE.0;
    }
    Normalized { value, changes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_mess() {
        let n = normalize(" \u{FEFF}'9144 0300\u{00A0}1922\u{3000}038216\n");
        assert_eq!(n.value, "914403001922038216");
        assert!(n.changes.contains(Changes::WHITESPACE));
        assert!(n.changes.contains(Changes::INVISIBLE));
        assert!(n.changes.contains(Changes::APOSTROPHE));
        assert_eq!(normalize("D2143569－X").value, "D2143569X");
        assert_eq!(normalize("D2143569－X").changes.codes().count(), 2);
    }

    #[test]
    fn a_float_is_no_lower_case_mess() {
        let n = normalize("9.14403e+17");
        assert_eq!(n.value, "9.14403E+17");
        assert!(n.changes.is_empty(), "{:?}", n.changes.codes().collect::<Vec<_>>());
        assert!(normalize("9144abc").changes.contains(Changes::LOWERCASE));
    }

    #[test]
    fn only_a_leading_apostrophe_goes() {
        assert_eq!(normalize("'ab'c").value, "AB'C");
        assert_eq!(normalize(" ''ab").value, "AB");
    }
}
