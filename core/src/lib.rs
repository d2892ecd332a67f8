//! Exact validation, explanation and correction of China's Unified Social
//! Credit Code (统一社会信用代码, GB 32100-2015).
//!
//! ```
//! use uscc::{FindingCode, Verdict};
//!
//! // The fast path: no allocation, no normalization.
//! assert!(uscc::is_valid("914403001922038216"));
//!
//! // A report with every finding, each with a stable name.
//! let report = uscc::validate("91350100M000100Y4A");
//! assert_eq!(report.verdict, Verdict::Invalid);
//! assert_eq!(report.findings[0].code, FindingCode::CheckCharMismatch);
//!
//! // Spreadsheet values: normalize first, and say what was cleaned.
//! let report = uscc::check("９１３５０１００ｍ０００１００Ｙ４３");
//! assert!(report.is_valid());
//! assert!(report.has(FindingCode::NormalizedFullwidth));
//!
//! // Placeholders are never valid, whatever their checksums say.
//! assert_eq!(uscc::validate("000000000000000000").verdict, Verdict::Placeholder);
//!
//! // A validated, `Copy` code with its parts.
//! let code: uscc::Uscc = "91350100M000100Y43".parse()?;
//! # #[cfg(feature = "division-names")] // the names are an optional feature
//! assert_eq!(code.division().unwrap().name(), Some("福州市"));
//!
//! // Corrections from a model of real mistakes.
//! let s = uscc::suggest("91350100M000100Y4");
//! assert_eq!(s.best().unwrap().code, code);
//! # Ok::<(), uscc::ParseError>(())
//! ```
//!
//! Rules where the official text is missing (departments beyond 1, 5, 9 and
//! Y, province prefixes, pilot-era shapes) are data in [`Rules`], overridable
//! by the caller; `docs/rules.md` lists each choice.

// Unsafe code is denied everywhere but in `simd`, the AVX2 batch kernel.
#![deny(unsafe_code)]

mod alphabet;
pub mod analysis;
mod batch;
mod code;
mod explain;
mod finding;
mod generate;
mod identify;
mod normalize;
pub mod publicity;
mod rules;
#[cfg(feature = "serde")]
mod serial;
#[cfg(target_arch = "x86_64")]
mod simd;
mod suggest;
mod tables;
mod validate;

pub use alphabet::{ALPHABET, CheckError, ORG_WEIGHTS, WEIGHTS, char_of, check_char, org_check_char, value};
pub use batch::{
    Offset, OffsetError, check_many, count_valid, is_valid_fixed, is_valid_many, is_valid_packed, validate_many,
};
pub use code::{ParseError, Uscc};
pub use explain::{CheckOutcome, DivisionPart, Explanation, Outcome, explain};
pub use finding::{Detail, Finding, FindingCode, IdKind, Severity, UnknownFindingCode};
#[cfg(feature = "proptest")]
pub use generate::valid_code;
pub use generate::{Generator, build, generate};
pub use identify::{InputKind, identify, is_placeholder};
pub use normalize::{Changes, Normalized, normalize};
pub use rules::{DEFAULT_PILOT_CODES, DEFAULT_PILOT_PATTERN, Rules, RulesError, is_clean, is_valid, is_valid_bytes};
pub use suggest::{Candidate, Edit, Suggestions, suggest};
pub use tables::{
    Category, DEPARTMENTS, DIVISION_SOURCE, Department, Division, Level, Period, department, province_name,
};
pub use validate::{Report, Verdict, check, looks_personal, redact, redact_personal, redact_personal_text, validate};

/// The README's examples, run as doc-tests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
