//! [`Uscc`]: a validated code, 18 bytes inline.

use std::fmt;
use std::str::FromStr;

use crate::finding::{Finding, FindingCode};
use crate::tables::{self, Category, Department, Division};
use crate::validate::{Report, Verdict};

/// A validated Unified Social Credit Code.
///
/// `Copy`, 18 bytes, ordered and hashed as its text. Constructed only through
/// validation, so every value passes every rule.
///
/// ```
/// use uscc::Uscc;
/// let code: Uscc = "914403001922038216".parse()?;
/// assert_eq!(code.department().name_zh, "工商（市场监管）");
/// assert_eq!(code.category().name_en, "enterprise");
/// assert_eq!(code.division_code(), "440300");
/// assert_eq!(code.org_code(), "192203821");
/// assert_eq!(code.check_char(), '6');
/// assert_eq!(code.to_string(), "914403001922038216");
/// # Ok::<(), uscc::ParseError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Uscc([u8; 18]);

/// Why a string is not a valid code: the verdict and every finding.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid credit code ({}): {}", .verdict.as_str(), .findings.iter().find(|f| f.severity() == crate::finding::Severity::Error).map_or_else(String::new, Finding::message_en))]
pub struct ParseError {
    /// The verdict (never valid).
    pub verdict: Verdict,
    /// Every finding, errors and the rest.
    pub findings: Vec<Finding>,
}

impl ParseError {
    /// The main error: the first finding of error severity.
    #[must_use]
    pub fn primary(&self) -> Option<&Finding> {
        self.findings.iter().find(|f| f.severity() == crate::finding::Severity::Error)
    }

    /// The code of the main error.
    #[must_use]
    pub fn code(&self) -> Option<FindingCode> {
        self.primary().map(|f| f.code)
    }
}

impl Report {
    /// The validated code, when the verdict is valid.
    #[must_use]
    pub fn code(&self) -> Option<Uscc> {
        if self.is_valid() { Uscc::from_valid_bytes(self.value.as_bytes()) } else { None }
    }
}

impl From<Report> for ParseError {
    fn from(r: Report) -> Self {
        ParseError { verdict: r.verdict, findings: r.findings }
    }
}

impl Uscc {
    /// Strict parse: the value exactly as given.
    pub fn parse(s: &str) -> Result<Uscc, ParseError> {
        match Uscc::from_valid_bytes(s.as_bytes()) {
            Some(code) if crate::rules::is_valid(s) => Ok(code),
            _ => Err(crate::validate::validate(s).into()),
        }
    }

    /// Lenient parse: [`crate::normalize`] first.
    pub fn parse_lenient(s: &str) -> Result<Uscc, ParseError> {
        let r = crate::validate::check(s);
        r.code().ok_or_else(|| r.into())
    }

    /// Wraps bytes already known to be valid.
    pub(crate) fn from_valid_bytes(b: &[u8]) -> Option<Uscc> {
        <[u8; 18]>::try_from(b).ok().map(Uscc)
    }

    /// The code as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        // Validated codes are ASCII.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// The code as bytes.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8; 18] {
        &self.0
    }

    /// Position 1: the registration department.
    ///
    /// # Panics
    ///
    /// Never for a code validated under the default rules. A code validated
    /// under [`crate::Rules`] that accept an extra department has no entry
    /// in the department table: use [`crate::department`] for those.
    #[must_use]
    pub fn department(&self) -> &'static Department {
        tables::department(self.0[0] as char).expect("validated codes have a known department")
    }

    /// Position 2: the organization category.
    ///
    /// # Panics
    ///
    /// As [`Uscc::department`], for an extra category.
    #[must_use]
    pub fn category(&self) -> &'static Category {
        self.department().category(self.0[1] as char).expect("validated codes have a known category")
    }

    /// Positions 3–8: the division code of the registering authority.
    #[must_use]
    pub fn division_code(&self) -> &str {
        &self.as_str()[2..8]
    }

    /// The division, when the code is in the table (an unknown code under a
    /// valid province prefix is allowed, with a warning).
    #[must_use]
    pub fn division(&self) -> Option<Division> {
        self.division_code().parse().ok().and_then(Division::lookup)
    }

    /// Positions 9–17: the 9-character organization code (主体标识码).
    #[must_use]
    pub fn org_code(&self) -> &str {
        &self.as_str()[8..17]
    }

    /// Position 18: the check character.
    #[must_use]
    pub fn check_char(&self) -> char {
        self.0[17] as char
    }
}

impl FromStr for Uscc {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uscc::parse(s)
    }
}

impl TryFrom<&str> for Uscc {
    type Error = ParseError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Uscc::parse(s)
    }
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Uscc({})", self.as_str())
    }
}

impl AsRef<str> for Uscc {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}
