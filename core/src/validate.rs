//! The full report: every finding of a code and a verdict users can act on.

use crate::alphabet::{ALPHABET, NONE, VALUE, check_value, org_check_byte};
use crate::finding::{Detail, Finding, FindingCode, IdKind, Severity};
use crate::identify::{is_excel_scientific, is_placeholder, other_identifier, resident_id};
use crate::normalize::{Normalized, normalize};
use crate::rules::{DEFAULT, PrefixStatus, Rules};
use crate::tables::Division;

/// What to do with a code, in one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    /// Passes every rule.
    Valid,
    /// Passes every rule; a warning deserves a look (an unknown division code).
    ValidWithWarnings,
    /// 错码: fails a rule; the findings say which.
    Invalid,
    /// A placeholder such as `000000000000000000`, 无, `/` or an empty value.
    Placeholder,
    /// Issued in Fujian's pilot before the national rules: the check character
    /// fails, the organization code passes, the shape is a pilot block's and
    /// the code is known to have been issued (`docs/rules.md`).
    PilotEra,
    /// Another identifier (registration number, organization code, old tax
    /// number, resident identity number).
    OtherIdentifier(IdKind),
}

impl Verdict {
    /// Every verdict's name, in a fixed order: a column of verdicts can be
    /// stored as indices into it ([`Verdict::index`]).
    pub const NAMES: [&'static str; 6] =
        ["valid", "valid_with_warnings", "invalid", "placeholder", "pilot_era", "other_identifier"];

    /// The verdict's place in [`Verdict::NAMES`].
    #[must_use]
    pub fn index(&self) -> u8 {
        match self {
            Verdict::Valid => 0,
            Verdict::ValidWithWarnings => 1,
            Verdict::Invalid => 2,
            Verdict::Placeholder => 3,
            Verdict::PilotEra => 4,
            Verdict::OtherIdentifier(_) => 5,
        }
    }

    /// Stable snake_case name.
    #[must_use]
    pub fn as_str(&self) -> &'static str {
        match self {
            Verdict::Valid => "valid",
            Verdict::ValidWithWarnings => "valid_with_warnings",
            Verdict::Invalid => "invalid",
            Verdict::Placeholder => "placeholder",
            Verdict::PilotEra => "pilot_era",
            Verdict::OtherIdentifier(_) => "other_identifier",
        }
    }

    /// Valid, with or without warnings.
    #[must_use]
    pub fn is_valid(&self) -> bool {
        matches!(self, Verdict::Valid | Verdict::ValidWithWarnings)
    }
}

/// Everything the checks found about one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The value that was checked: the input itself, or its normalized form
    /// when the report comes from [`check`].
    pub value: String,
    /// The verdict.
    pub verdict: Verdict,
    /// Every finding, in position order, normalization findings first.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Valid, with or without warnings.
    #[must_use]
    pub fn is_valid(&self) -> bool {
        self.verdict.is_valid()
    }

    /// The value, safe to print: a personal identity number keeps its first
    /// six and last four characters and the rest becomes `*`. Anything else
    /// is shown as it is.
    ///
    /// ```
    /// assert_eq!(uscc::validate("11010519491231002X").redacted_value(), "110105********002X");
    /// assert_eq!(uscc::validate("914403001922038216").redacted_value(), "914403001922038216");
    /// ```
    #[must_use]
    pub fn redacted_value(&self) -> std::borrow::Cow<'_, str> {
        if self.is_personal() { redact(&self.value).into() } else { self.value.as_str().into() }
    }

    /// Whether the value is a personal identity number, or has the shape of
    /// one whatever its check digit says ([`looks_personal`]): print it
    /// only through [`Report::redacted_value`]. Every surface's `personal`
    /// is this (docs/rules.md, "Personal numbers").
    #[must_use]
    pub fn is_personal(&self) -> bool {
        matches!(self.verdict, Verdict::OtherIdentifier(kind) if kind.is_personal()) || looks_personal(&self.value)
    }

    /// The findings of a given severity.
    pub fn with_severity(&self, severity: Severity) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.severity() == severity)
    }

    /// The main reason the code is not valid, chosen here once for every
    /// surface (an exception's class in Python, `main_error` in every
    /// shape): Excel damage before the checksum errors it causes; then a
    /// placeholder, another identifier or a pilot-era code; otherwise the
    /// first error.
    ///
    /// ```
    /// let r = uscc::validate("914403001922038000");
    /// assert_eq!(r.main_error().unwrap().code, uscc::FindingCode::ExcelPrecisionLoss);
    /// let r = uscc::validate("91350100M000100Y4A");
    /// assert_eq!(r.main_error().unwrap().code, uscc::FindingCode::CheckCharMismatch);
    /// ```
    #[must_use]
    pub fn main_error(&self) -> Option<&Finding> {
        let find = |pick: fn(FindingCode) -> bool| self.findings.iter().find(|f| pick(f.code));
        find(|c| matches!(c, FindingCode::ExcelScientificNotation | FindingCode::ExcelPrecisionLoss))
            .or_else(|| {
                find(|c| matches!(c, FindingCode::Placeholder | FindingCode::OtherIdentifier | FindingCode::PilotEra))
            })
            .or_else(|| self.first_error())
    }

    /// The first error, if any: the main reason the code is not valid.
    #[must_use]
    pub fn first_error(&self) -> Option<&Finding> {
        self.with_severity(Severity::Error).next()
    }

    /// Whether a finding code is among the findings.
    #[must_use]
    pub fn has(&self, code: FindingCode) -> bool {
        self.findings.iter().any(|f| f.code == code)
    }
}

/// Strict validation with every finding: the value is taken exactly as
/// given. Use [`check`] for values from spreadsheets.
///
/// ```
/// use uscc::{validate, FindingCode, Verdict};
/// let r = validate("91350100M000100Y4A");
/// assert_eq!(r.verdict, Verdict::Invalid);
/// let f = r.first_error().unwrap();
/// assert_eq!(f.code, FindingCode::CheckCharMismatch);
/// assert_eq!((f.position, f.expected, f.found), (Some((18, 18)), Some('3'), Some('A')));
/// assert_eq!(f.message_zh(), "第18位校验码错误：应为“3”，实际为“A”");
/// ```
#[must_use]
pub fn validate(value: &str) -> Report {
    DEFAULT.validate(value)
}

/// Lenient validation: [`normalize`] first, then [`validate`]; the
/// normalization findings (`normalized_*`) come first in the report.
///
/// ```
/// let r = uscc::check(" ９１３５０１００Ｍ０００１００Ｙ４３ ");
/// assert!(r.is_valid());
/// assert_eq!(r.value, "91350100M000100Y43");
/// ```
#[must_use]
pub fn check(value: &str) -> Report {
    DEFAULT.check(value)
}

impl Rules {
    /// [`validate`] under these rules.
    #[must_use]
    pub fn validate(&self, value: &str) -> Report {
        let mut findings = Vec::with_capacity(4);
        let verdict = self.classify(value, &mut findings);
        Report { value: value.to_owned(), verdict, findings }
    }

    /// [`check`] under these rules.
    #[must_use]
    pub fn check(&self, value: &str) -> Report {
        let Normalized { value, changes } = normalize(value);
        let mut findings: Vec<Finding> = changes.codes().map(Finding::new).collect();
        let verdict = self.classify(&value, &mut findings);
        Report { value, verdict, findings }
    }

    fn classify(&self, s: &str, out: &mut Vec<Finding>) -> Verdict {
        if is_placeholder(s) {
            out.push(Finding::new(FindingCode::Placeholder));
            return Verdict::Placeholder;
        }
        if is_excel_scientific(s) {
            out.push(Finding::new(FindingCode::ExcelScientificNotation));
            return Verdict::Invalid;
        }
        let n = if s.is_ascii() { s.len() } else { s.chars().count() };
        if n != 18 {
            if let Some((kind, ok)) = other_identifier(s) {
                out.push(Finding::new(FindingCode::OtherIdentifier).detail(Detail::Identifier(kind)));
                if !ok {
                    out.push(Finding::new(FindingCode::IdentifierCheckFailed).detail(Detail::Identifier(kind)));
                }
                return Verdict::OtherIdentifier(kind);
            }
            out.push(Finding::new(FindingCode::WrongLength).detail(Detail::Length(n)));
            for (i, c) in s.chars().enumerate() {
                if !is_code_char(c) {
                    out.push(Finding::new(FindingCode::InvalidCharacter).at(i + 1, i + 1).found(c));
                }
            }
            return Verdict::Invalid;
        }
        let start = out.len();
        let b = self.structure(s, out);
        let errors = || out[start..].iter().filter(|f| f.severity() == Severity::Error);
        let error_count = errors().count();
        if error_count == 0 {
            let warned = out[start..].iter().any(|f| f.severity() == Severity::Warning);
            return if warned { Verdict::ValidWithWarnings } else { Verdict::Valid };
        }
        let Some(b) = b else { return Verdict::Invalid };
        if error_count == 1
            && out[start..].iter().any(|f| f.code == FindingCode::CheckCharMismatch)
            && self.is_pilot_shape(&b)
        {
            if self.is_known_pilot(s) {
                out.push(Finding::new(FindingCode::PilotEra));
                return Verdict::PilotEra;
            }
            out.push(Finding::new(FindingCode::PossiblePilotEra));
            return Verdict::Invalid;
        }
        if let Some(true) = resident_id(&b) {
            out.truncate(start);
            out.push(Finding::new(FindingCode::OtherIdentifier).detail(Detail::Identifier(IdKind::ResidentId)));
            return Verdict::OtherIdentifier(IdKind::ResidentId);
        }
        if let Some((kind @ IdKind::MaskedResidentId, _)) = other_identifier(s) {
            out.truncate(start);
            out.push(Finding::new(FindingCode::OtherIdentifier).detail(Detail::Identifier(kind)));
            return Verdict::OtherIdentifier(kind);
        }
        // Excel keeps 15 significant digits (`…038000`); a tool that reads
        // the cell as a 64-bit float and prints it in full gives the float
        // itself (`914403001922038016`): an all-digit value that is exactly a
        // float64 and fails its checks bears that mark (docs/rules.md,
        // "Excel damage").
        if b.iter().all(u8::is_ascii_digit) && (b[15..] == *b"000" || exactly_a_float(&b)) {
            out.push(Finding::new(FindingCode::ExcelPrecisionLoss).at(16, 18));
        }
        Verdict::Invalid
    }

    /// The positional rules over 18 characters. Returns the bytes when all
    /// 18 characters are ASCII.
    fn structure(&self, s: &str, out: &mut Vec<Finding>) -> Option<[u8; 18]> {
        let mut chars = ['\0'; 18];
        if s.is_ascii() {
            for (slot, &b) in chars.iter_mut().zip(s.as_bytes()) {
                *slot = b as char;
            }
        } else {
            for (slot, c) in chars.iter_mut().zip(s.chars()) {
                *slot = c;
            }
        }
        let mut b = [0u8; 18];
        let mut ok = [false; 18];
        for (i, &c) in chars.iter().enumerate() {
            b[i] = u8::try_from(c).unwrap_or(0);
            ok[i] = VALUE[b[i] as usize] != NONE;
            if !ok[i] {
                out.push(Finding::new(FindingCode::InvalidCharacter).at(i + 1, i + 1).found(c));
            }
        }

        // Positions 1–2: department and category.
        if ok[0] && !self.department_known(b[0]) {
            out.push(Finding::new(FindingCode::UnknownDepartment).at(1, 1).found(chars[0]));
        } else if ok[0] && ok[1] && !self.pair_allowed(b[0], b[1]) {
            out.push(Finding::new(FindingCode::UnknownCategory).at(2, 2).found(chars[1]));
        }

        // Positions 3–8: division code.
        let division = &b[2..8];
        if division.iter().all(u8::is_ascii_digit) {
            match self.prefix_status(division) {
                PrefixStatus::Impossible => out.push(Finding::new(FindingCode::ImpossibleDivision).at(3, 8)),
                PrefixStatus::NonMainland => out.push(Finding::new(FindingCode::NonMainlandDivision).at(3, 8)),
                PrefixStatus::Ok => {
                    let code = division.iter().fold(0u32, |n, &c| n * 10 + u32::from(c - b'0'));
                    match Division::lookup(code) {
                        None => out.push(Finding::new(FindingCode::UnknownDivision).at(3, 8)),
                        Some(d) => {
                            if let Some(year) = d.last_year() {
                                out.push(
                                    Finding::new(FindingCode::RetiredDivision).at(3, 8).detail(Detail::LastYear(year)),
                                );
                            }
                        }
                    }
                }
            }
        } else if (2..8).any(|i| ok[i] && !b[i].is_ascii_digit()) {
            out.push(Finding::new(FindingCode::DivisionNotDigits).at(3, 8));
        }

        // Positions 9–17: organization code and its check character.
        if ok[8..17].iter().all(|&x| x) {
            let expected = org_check_byte(&b[8..16]);
            if expected != b[16] {
                out.push(
                    Finding::new(FindingCode::OrgCodeCheckMismatch)
                        .at(17, 17)
                        .expected(expected as char)
                        .found(chars[16]),
                );
            }
        }

        // Position 18: the check character.
        if ok[..17].iter().all(|&x| x) {
            let expected = ALPHABET[check_value(&b[..17]) as usize];
            if b[17] != expected {
                out.push(
                    Finding::new(FindingCode::CheckCharMismatch).at(18, 18).expected(expected as char).found(chars[17]),
                );
            }
        }
        s.is_ascii().then_some(b)
    }
}

/// Whether a value has the shape of a resident identity number, whatever
/// its check digit says: 17 digits and a digit or `X`, or 15 digits, with a
/// plausible province and birth date (docs/rules.md, "Personal numbers").
/// A valid credit code is never taken for one.
#[must_use]
pub fn looks_personal(value: &str) -> bool {
    let b = value.as_bytes();
    let shaped = match b.len() {
        18 => crate::identify::resident_id_shape(b),
        15 => crate::identify::resident_id15_shape(b),
        _ => false,
    };
    shaped && !crate::rules::is_valid(value)
}

/// The value, safe to print: masked as [`redact`] does when it
/// [`looks_personal`], else as it is.
#[must_use]
pub fn redact_personal(value: &str) -> std::borrow::Cow<'_, str> {
    if looks_personal(value) { redact(value).into() } else { value.into() }
}

/// A text (a message, a header, a cell) with every run of digits (and a
/// final `X`) that [`looks_personal`] masked, wherever it stands.
#[must_use]
pub fn redact_personal_text(text: &str) -> std::borrow::Cow<'_, str> {
    let b = text.as_bytes();
    let mut out: Option<String> = None;
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i < b.len() && (b[i] == b'X' || b[i] == b'x') {
            i += 1;
        }
        let run = &text[start..i];
        if personal_run(run) {
            let o = out.get_or_insert_with(|| text[..start].to_owned());
            o.push_str(&redact(run));
        } else if let Some(o) = &mut out {
            o.push_str(run);
        }
        // Copy what follows up to the next digit.
        let next = b[i..].iter().position(u8::is_ascii_digit).map_or(b.len(), |k| i + k);
        if let Some(o) = &mut out {
            o.push_str(&text[i..next]);
        }
        i = next;
    }
    match out {
        Some(o) => o.into(),
        None => text.into(),
    }
}

/// Whether a run of digits (and a final `X` or `x`) [`looks_personal`],
/// upper case: only a run of 15 or 18 can, read from the stack.
fn personal_run(run: &str) -> bool {
    let mut buf = [0u8; 18];
    let Some(upper) = buf.get_mut(..run.len()).filter(|_| matches!(run.len(), 15 | 18)) else { return false };
    upper.copy_from_slice(run.as_bytes());
    upper.make_ascii_uppercase();
    std::str::from_utf8(upper).is_ok_and(looks_personal)
}

/// Whether 18 ASCII digits are, as an integer, exactly a 64-bit float (a
/// multiple of 128 at this size).
fn exactly_a_float(b: &[u8]) -> bool {
    let v = b.iter().fold(0u64, |n, &c| n * 10 + u64::from(c - b'0'));
    #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let back = v as f64 as u64;
    back == v
}

/// Masks all but the first six and the last four characters with `*`.
#[must_use]
pub fn redact(value: &str) -> String {
    let n = value.chars().count();
    value.chars().enumerate().map(|(i, c)| if i < 6 || i + 4 >= n { c } else { '*' }).collect()
}

fn is_code_char(c: char) -> bool {
    u8::try_from(c).is_ok_and(|b| VALUE[b as usize] != NONE)
}

#[cfg(test)]
mod personal_text {
    use super::redact_personal_text;

    /// Identity numbers are masked wherever they stand in a text, a final
    /// `x` in either case; other digits, a valid credit code among them,
    /// are left as they are.
    #[test]
    fn identity_numbers_in_a_text_are_masked() {
        assert_eq!(redact_personal_text("证件 11010519491231002x 号"), "证件 110105********002x 号");
        assert_eq!(redact_personal_text("11010519491231002X,110105491231002"), "110105********002X,110105*****1002");
        for kept in ["榕市许〔2026〕47号", "913301061164363089", "1101051949123100", "电话 0591-87654321", ""] {
            assert_eq!(redact_personal_text(kept), kept);
        }
    }
}

#[cfg(test)]
mod verdict_index {
    use super::Verdict;
    use crate::finding::IdKind;

    #[test]
    fn every_index_names_its_verdict() {
        for v in [
            Verdict::Valid,
            Verdict::ValidWithWarnings,
            Verdict::Invalid,
            Verdict::Placeholder,
            Verdict::PilotEra,
            Verdict::OtherIdentifier(IdKind::ResidentId),
        ] {
            assert_eq!(Verdict::NAMES[usize::from(v.index())], v.as_str());
        }
    }
}
