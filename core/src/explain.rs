//! A code taken apart, with each check and its result.

use crate::alphabet::{ALPHABET, LATIN, NONE, VALUE, check_value, org_check_byte};
use crate::finding::FindingCode;
use crate::suggest::Suggestions;
use crate::tables::{self, Category, Department, Division, Level};
use crate::validate::Report;

/// The division code of a credit code, with what the table knows of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DivisionPart {
    /// The six characters of positions 3–8.
    pub code: String,
    /// The division, when the code is in the table.
    pub division: Option<Division>,
    /// The level (national, province, prefecture, county), for six digits.
    pub level: Option<Level>,
    /// The province-level name of the first two digits.
    pub province: Option<&'static str>,
}

/// The outcome of one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The rule holds.
    Pass,
    /// The rule fails.
    Fail,
    /// The rule could not be applied (an earlier part is unreadable).
    Skipped,
}

impl Outcome {
    /// `pass`, `fail` or `skipped`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Skipped => "skipped",
        }
    }
}

/// One rule and its outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckOutcome {
    /// Stable snake_case name of the rule: `length`, `alphabet`,
    /// `department`, `category`, `division`, `org_code_check`, `check_char`.
    pub rule: &'static str,
    /// The outcome.
    pub outcome: Outcome,
}

/// A value taken apart: the report, each part with its names, each rule with
/// its outcome, and corrections when it is not valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The lenient report ([`crate::check`]).
    pub report: Report,
    /// Position 1.
    pub department: Option<&'static Department>,
    /// Position 2, when valid for the department.
    pub category: Option<&'static Category>,
    /// Positions 3–8.
    pub division: Option<DivisionPart>,
    /// Positions 9–17.
    pub org_code: Option<String>,
    /// The organization-code check character the body calls for.
    pub expected_org_check: Option<char>,
    /// The check character positions 1–17 call for.
    pub expected_check_char: Option<char>,
    /// Every rule with its outcome.
    pub checks: Vec<CheckOutcome>,
    /// Corrections, for a value that is not valid.
    pub suggestions: Suggestions,
}

/// Takes a value apart (normalized first).
///
/// ```
/// let e = uscc::explain("12100000400000624D");
/// assert!(e.report.is_valid());
/// assert_eq!(e.department.unwrap().name_zh, "机构编制");
/// assert_eq!(e.category.unwrap().name_zh, "事业单位");
/// let d = e.division.unwrap();
/// assert_eq!(d.level, Some(uscc::Level::National));
/// assert_eq!(e.org_code.as_deref(), Some("400000624"));
///
/// // A division with letters fails the division rule, whatever else fails.
/// let e = uscc::explain("9144OO001922038216");
/// let division = e.checks.iter().find(|c| c.rule == "division").unwrap();
/// assert_eq!(division.outcome, uscc::Outcome::Fail);
/// ```
#[must_use]
pub fn explain(value: &str) -> Explanation {
    let report = crate::validate::check(value);
    let b = report.value.as_bytes();
    let is18 = b.len() == 18 && report.value.is_ascii();
    // The parts of what looks like a resident identity number would give
    // back what its masking hides (its birth date and sequence).
    let personal = report.is_personal();
    let part = |r: std::ops::Range<usize>| (is18 && !personal).then(|| report.value[r].to_owned());
    let department = is18.then(|| tables::department(b[0] as char)).flatten();
    let category = department.and_then(|d| d.category(b[1] as char));
    let division = part(2..8).map(|code| {
        let digits = code.bytes().all(|c| c.is_ascii_digit());
        let n: Option<u32> = if digits { code.parse().ok() } else { None };
        DivisionPart {
            division: n.and_then(Division::lookup),
            level: n.map(Level::of),
            province: n.and_then(|n| tables::province_name((n / 10_000) as u8)),
            code,
        }
    });
    let alphabet_ok = |r: std::ops::Range<usize>| is18 && b[r].iter().all(|&c| VALUE[c as usize] != NONE);
    let expected_org_check = (alphabet_ok(8..16) && b[8..16].iter().all(|&c| LATIN[c as usize] != NONE))
        .then(|| org_check_byte(&b[8..16]) as char);
    let expected_check_char = alphabet_ok(0..17).then(|| ALPHABET[check_value(&b[..17]) as usize] as char);

    let has = |c: FindingCode| report.has(c);
    let division_digits = is18 && b[2..8].iter().all(u8::is_ascii_digit);
    let rule = |rule, fail: bool, applicable: bool| CheckOutcome {
        rule,
        outcome: if !applicable {
            Outcome::Skipped
        } else if fail {
            Outcome::Fail
        } else {
            Outcome::Pass
        },
    };
    let checks = vec![
        rule("length", !is18, true),
        rule("alphabet", has(FindingCode::InvalidCharacter), is18),
        rule("department", has(FindingCode::UnknownDepartment), is18),
        rule("category", has(FindingCode::UnknownCategory), is18 && department.is_some()),
        // A division with a character outside the alphabet (`O`) is reported
        // as invalid_character alone: it still fails the division rule.
        rule(
            "division",
            !division_digits
                || has(FindingCode::DivisionNotDigits)
                || has(FindingCode::ImpossibleDivision)
                || has(FindingCode::NonMainlandDivision),
            is18,
        ),
        rule("org_code_check", has(FindingCode::OrgCodeCheckMismatch), expected_org_check.is_some()),
        rule("check_char", has(FindingCode::CheckCharMismatch), expected_check_char.is_some()),
    ];
    // Only a plain 错码 gets corrections: an issued pilot-era code, a
    // placeholder or another identifier is not mistyped.
    // Nor does a value shaped like a resident identity number: a
    // correction would print its digits.
    let suggestions = if report.verdict == crate::Verdict::Invalid && !personal {
        crate::suggest(value)
    } else {
        Suggestions::default()
    };
    Explanation {
        org_code: part(8..17),
        department,
        category,
        division,
        expected_org_check,
        expected_check_char,
        checks,
        suggestions,
        report,
    }
}
