//! One shape for every result, defined once: `Serialize` for the public
//! results (feature `serde`). The command's JSON, the Python package's dicts
//! and the browser's objects all come from these, with exactly these keys
//! (snake_case), so that a name means the same on every surface
//! (docs/dialect.md).
//!
//! A value shaped like a resident identity number is masked in every
//! shape (docs/rules.md, "Personal numbers").

use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};

use crate::analysis::{Correction, Fix, GroupSummary, RowClass, Summary};
use crate::explain::{CheckOutcome, DivisionPart, Explanation};
use crate::finding::{Detail, Finding};
use crate::identify::InputKind;
use crate::normalize::Normalized;
use crate::suggest::{Candidate, Edit, Suggestions};
use crate::tables::{Category, Department};
use crate::validate::Report;

impl Serialize for Detail {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        match self {
            Detail::Length(n) => m.serialize_entry("length", n)?,
            Detail::LastYear(y) => m.serialize_entry("last_year", y)?,
            Detail::Identifier(k) => m.serialize_entry("identifier", k.as_str())?,
        }
        m.end()
    }
}

impl Serialize for Finding {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Finding", 8)?;
        m.serialize_field("code", self.code.as_str())?;
        m.serialize_field("severity", self.severity().as_str())?;
        m.serialize_field("position", &self.position.map(|(a, b)| [a, b]))?;
        m.serialize_field("expected", &self.expected)?;
        m.serialize_field("found", &self.found)?;
        m.serialize_field("detail", &self.detail)?;
        m.serialize_field("message_zh", &self.message_zh())?;
        m.serialize_field("message_en", &self.message_en())?;
        m.end()
    }
}

/// The fields every report shape starts with.
fn report_fields<M: SerializeStruct>(m: &mut M, r: &Report) -> Result<(), M::Error> {
    m.serialize_field("value", &r.redacted_value())?;
    m.serialize_field("verdict", r.verdict.as_str())?;
    m.serialize_field("valid", &r.is_valid())?;
    m.serialize_field("personal", &r.is_personal())?;
    m.serialize_field("main_error", &r.main_error().map(|f| f.code.as_str()))?;
    m.serialize_field("findings", &r.findings)
}

impl Serialize for Report {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Report", 6)?;
        report_fields(&mut m, self)?;
        m.end()
    }
}

impl Serialize for Edit {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (position, from, to) = match *self {
            Edit::LookAlike { position, from, to } => (Some(position), Some(from), Some(to)),
            Edit::CheckChar { from, to } => (Some(18), Some(from), Some(to)),
            Edit::Swap { position } => (Some(position), None, None),
            Edit::Insert { position, to } => (Some(position), None, Some(to)),
            Edit::Delete { position, from } => (Some(position), Some(from), None),
        };
        let mut m = s.serialize_struct("Edit", 4)?;
        m.serialize_field("kind", self.kind())?;
        m.serialize_field("position", &position)?;
        m.serialize_field("from", &from)?;
        m.serialize_field("to", &to)?;
        m.end()
    }
}

impl Serialize for Candidate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Candidate", 3)?;
        m.serialize_field("code", self.code.as_str())?;
        m.serialize_field("cost", &self.cost)?;
        m.serialize_field("edits", &self.edits)?;
        m.end()
    }
}

impl Serialize for Suggestions {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Suggestions", 3)?;
        m.serialize_field("best", &self.best().map(|c| c.code.as_str()))?;
        m.serialize_field("unique", &self.unique)?;
        m.serialize_field("candidates", &self.candidates)?;
        m.end()
    }
}

/// A department or category: its character and names.
struct Named(char, &'static str, &'static str);

impl Serialize for Named {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Named", 3)?;
        m.serialize_field("code", &self.0)?;
        m.serialize_field("name_zh", self.1)?;
        m.serialize_field("name_en", self.2)?;
        m.end()
    }
}

impl From<&Department> for Named {
    fn from(d: &Department) -> Named {
        Named(d.code, d.name_zh, d.name_en)
    }
}

impl From<&Category> for Named {
    fn from(c: &Category) -> Named {
        Named(c.code, c.name_zh, c.name_en)
    }
}

impl Serialize for DivisionPart {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Division", 6)?;
        m.serialize_field("code", &self.code)?;
        m.serialize_field("name", &self.division.and_then(|d| d.name()))?;
        m.serialize_field("province", &self.province)?;
        m.serialize_field("level", &self.level.map(crate::Level::as_str))?;
        m.serialize_field("first_year", &self.division.and_then(|d| d.first_year()))?;
        m.serialize_field("last_year", &self.division.and_then(|d| d.last_year()))?;
        m.end()
    }
}

impl Serialize for CheckOutcome {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Check", 2)?;
        m.serialize_field("rule", self.rule)?;
        m.serialize_field("outcome", self.outcome.as_str())?;
        m.end()
    }
}

impl Serialize for Explanation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Explanation", 14)?;
        report_fields(&mut m, &self.report)?;
        m.serialize_field("department", &self.department.map(Named::from))?;
        m.serialize_field("category", &self.category.map(Named::from))?;
        m.serialize_field("division", &self.division)?;
        m.serialize_field("org_code", &self.org_code)?;
        m.serialize_field("expected_org_check", &self.expected_org_check)?;
        m.serialize_field("expected_check_char", &self.expected_check_char)?;
        m.serialize_field("checks", &self.checks)?;
        m.serialize_field("suggestions", &self.suggestions)?;
        m.end()
    }
}

/// Counts per class, as a map from the class's name.
struct Classes<'a>(&'a [u64; 10]);

impl Serialize for Classes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(10))?;
        for (c, n) in RowClass::ALL.iter().zip(self.0) {
            m.serialize_entry(c.as_str(), n)?;
        }
        m.end()
    }
}

impl Serialize for GroupSummary {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("GroupSummary", 11)?;
        m.serialize_field("group", &self.group)?;
        m.serialize_field("records", &self.records)?;
        m.serialize_field("distinct_codes", &self.distinct_codes)?;
        m.serialize_field("rows", &Classes(&self.rows))?;
        m.serialize_field("codes", &Classes(&self.codes))?;
        m.serialize_field("valid_with_warnings", &self.valid_with_warnings)?;
        let errors: std::collections::BTreeMap<&str, u64> = self.errors.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        m.serialize_field("errors", &errors)?;
        m.serialize_field("needed_cleaning", &self.needed_cleaning)?;
        m.serialize_field("flagged", &self.flagged)?;
        m.serialize_field("denominator", &self.denominator)?;
        m.serialize_field("rate", &self.rate())?;
        m.end()
    }
}

impl Serialize for Summary {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Summary", 4)?;
        m.serialize_field("denominator", self.denominator.as_str())?;
        m.serialize_field("counted", &self.counted.iter().map(|c| c.as_str()).collect::<Vec<_>>())?;
        m.serialize_field("overall", &self.overall)?;
        m.serialize_field("groups", &self.groups)?;
        m.end()
    }
}

impl Serialize for Correction {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Correction", 2)?;
        m.serialize_field("code", &self.code)?;
        m.serialize_field("evidence", self.evidence.as_str())?;
        m.end()
    }
}

impl Serialize for Fix {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Fix", 10)?;
        m.serialize_field("row", &self.row)?;
        m.serialize_field("rows", &self.rows)?;
        m.serialize_field("original", &self.original)?;
        m.serialize_field("value", &self.value)?;
        m.serialize_field("name", &self.name)?;
        m.serialize_field("group", &self.group)?;
        m.serialize_field("problem", self.problem.as_str())?;
        m.serialize_field("findings", &self.findings.iter().map(|c| c.as_str()).collect::<Vec<_>>())?;
        m.serialize_field("correction", &self.correction)?;
        m.serialize_field("action", &self.action.map(crate::analysis::Action::flag))?;
        m.end()
    }
}

impl Serialize for InputKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Identity", 3)?;
        m.serialize_field("kind", self.as_str())?;
        m.serialize_field("check_passed", &self.check_passed())?;
        m.serialize_field("personal", &self.is_personal())?;
        m.end()
    }
}

impl Serialize for Normalized {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Normalized", 2)?;
        m.serialize_field("value", &self.value)?;
        m.serialize_field("changes", &self.changes.codes().map(crate::FindingCode::as_str).collect::<Vec<_>>())?;
        m.end()
    }
}
