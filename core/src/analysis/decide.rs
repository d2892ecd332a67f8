//! What a value *is* and what is *done* about it, written once: a distinct
//! value's kind, a row's class and its precedence, what counts as flagged,
//! the correction and its evidence order, the action flag, masking, and a
//! row's own findings. Every other module calls these; engines that
//! partition the data (the Python package's Spark path) run the whole
//! analyzer on each partition (`partition`), so they call these too.

use super::duplicates::NameCodes;
use super::model::{Action, Correction, Denominator, Evidence, Options, Record, RowClass};
use super::names::normalize_name;
use super::partition::NameFacts;
use super::registry::Registry;
use super::store::{
    self, CodeShard, CodeState, HAS_NOTES, Interner, Key, Kind, NONE, ONE_CODE_MANY_NAMES, ONE_NAME_MANY_CODES,
    SHARED_ORG_CODE, WARNED,
};
use crate::finding::{FindingCode, Severity};
use crate::tables::Division;
use crate::validate::{Verdict, redact, redact_personal};

/// Validates a distinct value once.
pub(super) fn judge(options: &Options, registry: Option<&Registry>, value: &str) -> (Kind, u8) {
    let rules = &options.rules;
    if rules.is_valid_bytes(value.as_bytes()) {
        // Only the division code can add a warning (unknown) or a note
        // (retired) to a valid code.
        let division: u32 = value[2..8].parse().unwrap_or(0);
        let flags = match Division::lookup(division) {
            None => WARNED | HAS_NOTES,
            Some(d) if d.is_retired() => HAS_NOTES,
            Some(_) => 0,
        };
        return (Kind::Valid, flags);
    }
    let report = rules.validate(value);
    let kind = match report.verdict {
        Verdict::Valid | Verdict::ValidWithWarnings => Kind::Valid,
        Verdict::Placeholder => Kind::Placeholder,
        Verdict::PilotEra => Kind::Pilot,
        Verdict::OtherIdentifier(k) if k.is_personal() => Kind::Personal,
        Verdict::OtherIdentifier(_) => Kind::Other,
        Verdict::Invalid
            if report.has(FindingCode::PossiblePilotEra) && registry.is_some_and(|r| r.name_of(value).is_some()) =>
        {
            Kind::Pilot
        }
        Verdict::Invalid => Kind::Invalid,
    };
    (kind, HAS_NOTES)
}

/// What a distinct value is, as the validator alone decides it. With a
/// registry, an `Invalid` value of pilot-era shape that the registry lists
/// is taken as `PilotEra`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueKind {
    /// Valid, with or without warnings.
    Valid,
    /// Not valid: 错码.
    Invalid,
    /// A placeholder.
    Placeholder,
    /// Another identifier, not a person's.
    OtherIdentifier,
    /// A personal identity number.
    PersonalId,
    /// An issued pilot-era code.
    PilotEra,
}

impl ValueKind {
    /// Stable snake_case name (the row class of the same name).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ValueKind::Valid => "valid",
            ValueKind::Invalid => "invalid",
            ValueKind::Placeholder => "placeholder",
            ValueKind::OtherIdentifier => "other_identifier",
            ValueKind::PersonalId => "personal_id",
            ValueKind::PilotEra => "pilot_era",
        }
    }
}

/// Everything the analysis learns from one record alone, before it sees the
/// others: what an engine that groups the records itself needs, so that
/// it follows exactly the rules of [`super::analyze`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)]
pub struct Prepared {
    /// The normalized value: the key distinct codes are counted by.
    pub key: String,
    /// Whether the raw value needed cleaning to become `key`.
    pub cleaned: bool,
    /// The normalized name ([`super::normalize_name`]), if any.
    pub name: Option<String>,
    /// The name as given, trimmed, when it has a normalized form: the form
    /// the correction sheet shows (that of the lowest row of a name).
    pub raw_name: Option<String>,
    /// The group, trimmed; `None` when empty.
    pub group: Option<String>,
    /// What the value is, by the validator alone.
    pub kind: ValueKind,
    /// An invalid value of pilot-era shape (a registry that lists it makes
    /// it [`ValueKind::PilotEra`]).
    pub possible_pilot: bool,
    /// A valid value with a warning (unknown division code).
    pub warned: bool,
    /// The value has findings to report (any kind but a plainly valid code).
    pub notes: bool,
    /// The value's distinct error finding codes (empty when valid).
    pub errors: Vec<FindingCode>,
    /// The validator's finding codes for the raw value, when the value has
    /// notes or needed cleaning (else empty).
    pub findings: Vec<FindingCode>,
    /// The value as outputs show it: a personal identity number masked
    /// unless [`Options::reveal_personal`].
    pub shown: String,
    /// The raw value, masked the same way: the sheet's original code.
    pub shown_raw: String,
    /// For an invalid value: the validator's certain correction, if any.
    pub suggestion: Option<String>,
}

/// Prepares one record ([`Prepared`]).
#[must_use]
pub fn prepare(record: &Record<'_>, options: &Options) -> Prepared {
    let (key, cleaned) = Key::of(record.code);
    let key = key.as_str().to_owned();
    let (kind, flags) = judge(options, None, &key);
    let rules = &options.rules;
    let kind = match kind {
        Kind::Valid => ValueKind::Valid,
        Kind::Invalid => ValueKind::Invalid,
        Kind::Placeholder => ValueKind::Placeholder,
        Kind::Other => ValueKind::OtherIdentifier,
        Kind::Personal => ValueKind::PersonalId,
        Kind::Pilot => ValueKind::PilotEra,
    };
    let notes = flags & HAS_NOTES != 0;
    let (possible_pilot, errors) = if kind == ValueKind::Valid {
        (false, Vec::new())
    } else {
        let report = rules.validate(&key);
        (kind == ValueKind::Invalid && report.has(FindingCode::PossiblePilotEra), distinct_errors(&report))
    };
    let findings = row_findings(rules, record.code, notes, cleaned);
    let personal = kind == ValueKind::PersonalId;
    let shown_raw = shown(record.code, personal, options.reveal_personal);
    let shown = shown(&key, personal, options.reveal_personal);
    let name = record.name.and_then(normalize_name);
    let raw_name = name.as_ref().and(record.name).map(|n| n.trim().to_owned());
    // A value shaped like a resident identity number gets no correction: it
    // would print the number's digits.
    let suggestion = (kind == ValueKind::Invalid && !crate::validate::looks_personal(&key))
        .then(|| rules.suggest(&key).certain().map(|c| c.code.to_string()))
        .flatten();
    Prepared {
        cleaned,
        name,
        raw_name,
        shown_raw,
        group: record.group.map(str::trim).filter(|g| !g.is_empty()).map(str::to_owned),
        kind,
        possible_pilot,
        warned: flags & WARNED != 0,
        notes,
        errors,
        findings,
        shown,
        suggestion,
        key,
    }
}

/// A value as the results show it: a personal identity number (`personal`,
/// by its verdict) or anything shaped like one masked, unless the caller
/// asked to reveal them.
pub(super) fn shown(value: &str, personal: bool, reveal: bool) -> String {
    shown_cow(value, personal, reveal).into_owned()
}

/// [`shown`], borrowed when nothing is masked.
pub(super) fn shown_cow(value: &str, personal: bool, reveal: bool) -> std::borrow::Cow<'_, str> {
    if reveal {
        std::borrow::Cow::Borrowed(value)
    } else if personal {
        std::borrow::Cow::Owned(redact(value))
    } else {
        redact_personal(value)
    }
}

/// The distinct error finding codes of a report, sorted.
pub(super) fn distinct_errors(report: &crate::validate::Report) -> Vec<FindingCode> {
    let mut e: Vec<FindingCode> =
        report.findings.iter().filter(|f| f.severity() == Severity::Error).map(|f| f.code).collect();
    e.sort_unstable();
    e.dedup();
    e
}

/// The validator's finding codes for a row's raw value, when its value has
/// notes or the raw value needed cleaning (else none: a plain valid row).
pub(super) fn row_findings(rules: &crate::rules::Rules, raw: &str, notes: bool, cleaned: bool) -> Vec<FindingCode> {
    if notes || cleaned { rules.check(raw).findings.iter().map(|f| f.code).collect() } else { Vec::new() }
}

/// What the decisions read of a finished analysis: the trusted registry,
/// the names as the whole data set knows them (for a partition), the rules,
/// the names' texts and the distinct values' states.
pub(super) struct Lookup<'a> {
    pub(super) registry: Option<&'a Registry>,
    pub(super) name_facts: Option<&'a NameFacts>,
    pub(super) rules: &'a crate::rules::Rules,
    pub(super) names: &'a [Interner],
    pub(super) codes: &'a [CodeShard],
}

/// The class of a value, ignoring repeated rows.
pub(super) fn value_class(st: &CodeState) -> RowClass {
    match st.kind {
        Kind::Placeholder => RowClass::Placeholder,
        Kind::Personal => RowClass::PersonalId,
        Kind::Other => RowClass::OtherIdentifier,
        Kind::Invalid => RowClass::Invalid,
        Kind::Pilot => RowClass::PilotEra,
        Kind::Valid if st.flags & ONE_CODE_MANY_NAMES != 0 => RowClass::OneCodeManyNames,
        Kind::Valid if st.flags & SHARED_ORG_CODE != 0 => RowClass::SharedOrgCode,
        Kind::Valid if st.flags & ONE_NAME_MANY_CODES != 0 => RowClass::OneNameManyCodes,
        Kind::Valid => RowClass::Valid,
    }
}

/// Every class that applies to a value, primary first.
pub(super) fn classes(st: &CodeState, repeated: bool) -> Vec<RowClass> {
    let mut v = vec![value_class(st)];
    for (flag, class) in [
        (ONE_CODE_MANY_NAMES, RowClass::OneCodeManyNames),
        (SHARED_ORG_CODE, RowClass::SharedOrgCode),
        (ONE_NAME_MANY_CODES, RowClass::OneNameManyCodes),
    ] {
        if st.flags & flag != 0 && !v.contains(&class) {
            v.push(class);
        }
    }
    if repeated {
        if v[0] == RowClass::Valid {
            v[0] = RowClass::RepeatedRow;
        } else {
            v.push(RowClass::RepeatedRow);
        }
    }
    v
}

/// Whether a value counts in the 重错码率's numerator: its class is
/// counted, or it is usable and one of its duplicate classes is. A rate
/// that leaves placeholders out of its denominator leaves them out of
/// its numerator too, so that it never passes 100%.
pub(super) fn flagged(class: RowClass, counted: &[RowClass], st: &CodeState, denominator: Denominator) -> bool {
    if class == RowClass::Placeholder && denominator == Denominator::DistinctNonPlaceholder {
        return false;
    }
    counted.contains(&class)
        || (st.kind.usable()
            && [
                (ONE_CODE_MANY_NAMES, RowClass::OneCodeManyNames),
                (SHARED_ORG_CODE, RowClass::SharedOrgCode),
                (ONE_NAME_MANY_CODES, RowClass::OneNameManyCodes),
            ]
            .iter()
            .any(|&(f, c)| st.flags & f != 0 && counted.contains(&c)))
}

/// The registry's remarks on a usable value: not in the registry, or
/// listed there under another name (that name).
pub(super) fn registry_remarks(
    registry: Option<&Registry>,
    st: &CodeState,
    value: &str,
    name: Option<&str>,
) -> (bool, Option<String>) {
    match (registry, st.kind.usable()) {
        (Some(reg), true) => match reg.name_of(value) {
            None => (true, None),
            Some(n) if Some(n) != name => (false, Some(n.to_owned())),
            Some(_) => (false, None),
        },
        _ => (false, None),
    }
}

/// The correction of a value published under a name, with its evidence, in
/// the order of docs/rules.md ("Data-set analysis"): the registry, then the
/// same name's one valid code one edit away, then the one correction the
/// model of typing mistakes makes.
pub(super) fn correction(
    look: &Lookup<'_>,
    st: &CodeState,
    value: &str,
    name: u32,
    name_codes: &NameCodes,
) -> Option<Correction> {
    // The name's text is looked up only when there is a registry to
    // look it up in.
    let registry_code =
        look.registry.and_then(|r| store::string(look.names, name).map(|n| r.codes_of(n))).unwrap_or(&[]);
    match st.kind {
        Kind::Valid | Kind::Pilot => {
            // A duplicate whose name the registry knows under another code.
            let dup = st.flags & (ONE_CODE_MANY_NAMES | SHARED_ORG_CODE | ONE_NAME_MANY_CODES) != 0;
            match registry_code {
                [one] if dup && one != value => Some(Correction { code: one.clone(), evidence: Evidence::Registry }),
                _ => None,
            }
        }
        Kind::Invalid | Kind::Placeholder | Kind::Other | Kind::Personal => {
            if let [one] = registry_code {
                return Some(Correction { code: one.clone(), evidence: Evidence::Registry });
            }
            if st.kind != Kind::Invalid {
                return None;
            }
            if name != NONE {
                // The name's usable codes: the whole data set's when this
                // is one partition of it and the name crosses partitions.
                let facts = look.name_facts.and_then(|f| store::string(look.names, name).and_then(|t| f.codes_of(t)));
                let mut near: Vec<(&str, u64)> = match facts {
                    Some(codes) => {
                        codes.iter().filter(|(k, _)| one_edit(value, k)).map(|(k, row)| (k.as_str(), *row)).collect()
                    }
                    None => name_codes
                        .of(name)
                        .iter()
                        .map(|&c| store::state(look.codes, c))
                        .map(|cst| (cst, cst.key()))
                        .filter(|(_, k)| one_edit(value, k))
                        .map(|(cst, k)| {
                            let row =
                                cst.entries.as_slice().iter().filter(|e| e.name == name).map(|e| e.first_row).min();
                            (k, row.unwrap_or(0))
                        })
                        .collect(),
                };
                near.sort_unstable();
                if let [(code, row)] = near.as_slice() {
                    return Some(Correction {
                        code: (*code).to_owned(),
                        evidence: Evidence::SameNameInData { row: *row },
                    });
                }
            }
            if crate::validate::looks_personal(value) {
                return None;
            }
            let s = look.rules.suggest(value);
            s.certain().map(|c| Correction { code: c.code.to_string(), evidence: Evidence::UniqueCorrection })
        }
    }
}

/// The action flag, only where evidence supports it.
pub(super) fn action(
    registry: Option<&Registry>,
    st: &CodeState,
    value: &str,
    name: Option<&str>,
    correction: Option<&Correction>,
) -> Option<Action> {
    if st.kind == Kind::Pilot {
        return Some(Action::KeepCode);
    }
    if let Some(c) = correction
        && matches!(c.evidence, Evidence::Registry | Evidence::SameNameInData { .. })
    {
        return Some(Action::AssignNewCode);
    }
    let registry = registry?;
    let name = name?;
    (st.kind == Kind::Valid && registry.name_of(value) == Some(name)).then_some(Action::KeepCode)
}

/// Whether `a` becomes `b` by one substitution, one swap of neighbours, one
/// insertion or one deletion: the distance at which an invalid code is taken
/// for a typo of a valid code under the same name.
///
/// ```
/// use uscc::analysis::one_edit;
/// assert!(one_edit("91350100M000100Y4A", "91350100M000100Y43"));
/// assert!(one_edit("91530100M000100Y43", "91350100M000100Y43"));
/// assert!(!one_edit("91530100M000100Y4A", "91350100M000100Y43"));
/// ```
#[must_use]
pub fn one_edit(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    match a.len().cmp(&b.len()) {
        std::cmp::Ordering::Equal => {
            let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
            match diff.as_slice() {
                [_] => true,
                [i, j] => *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i],
                _ => false,
            }
        }
        std::cmp::Ordering::Less => one_deletion(b, a),
        std::cmp::Ordering::Greater => one_deletion(a, b),
    }
}

/// Whether deleting one byte of `long` gives `short`.
pub(super) fn one_deletion(long: &[u8], short: &[u8]) -> bool {
    if long.len() != short.len() + 1 {
        return false;
    }
    let i = long.iter().zip(short).take_while(|(x, y)| x == y).count();
    long[i + 1..] == short[i..]
}

// ---- parallel helpers: rayon with the `parallel` feature, plain loops without.

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_cases() {
        assert!(one_edit("91350100M000100Y4A", "91350100M000100Y43"));
        assert!(one_edit("91530100M000100Y43", "91350100M000100Y43"));
        assert!(one_edit("9135010M000100Y43", "91350100M000100Y43"));
        assert!(one_edit("913501000M000100Y43", "91350100M000100Y43"));
        assert!(!one_edit("91350100M000100Y43", "91350100M000100Y43"));
        assert!(!one_edit("91350100M000100YAA", "91350100M000100Y43"));
    }
}
