//! The analysis's public model: what goes in (records, options) and what
//! comes out (classes, the summary, corrections and the correction sheet's
//! lines).

use std::collections::BTreeMap;

use crate::finding::FindingCode;
use crate::rules::Rules;

/// One input record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record<'a> {
    /// The caller's row id (a line or row number): reported back as is.
    pub row: u64,
    /// The credit code as found.
    pub code: &'a str,
    /// The entity name (行政相对人名称), when the data has one.
    pub name: Option<&'a str>,
    /// The group (数据来源单位, 部门), when the data has one.
    pub group: Option<&'a str>,
}

impl<'a> Record<'a> {
    /// A record.
    #[must_use]
    pub fn new(row: u64, code: &'a str, name: Option<&'a str>, group: Option<&'a str>) -> Record<'a> {
        Record { row, code, name, group }
    }
}

/// The one primary class every row lands in. Rows in = rows accounted for:
/// the counts per class always add up to the number of records.
///
/// When a row fits several classes it takes the first of this list:
/// placeholder, personal identity number, other identifier, invalid,
/// pilot-era, one code for several names, shared organization code, one name
/// under several codes, repeated row, valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RowClass {
    /// A placeholder (无, `/`, `000000000000000000`, empty …).
    Placeholder,
    /// A resident identity number (full, 15-digit or masked).
    PersonalId,
    /// Another identifier: registration number, organization code, old tax number.
    OtherIdentifier,
    /// 错码: the code fails a rule.
    Invalid,
    /// An issued Fujian pilot-era code.
    PilotEra,
    /// 一码多赋: the code is attached to two or more different names.
    OneCodeManyNames,
    /// The code shares positions 9–17 with another code of a different entity.
    SharedOrgCode,
    /// 一主体多码: the name appears under two or more different codes.
    OneNameManyCodes,
    /// Same code, name and group as an earlier row: counted, not an error.
    RepeatedRow,
    /// A valid code with no duplicate problem.
    Valid,
}

impl RowClass {
    /// Every class, in priority order.
    pub const ALL: [RowClass; 10] = [
        RowClass::Placeholder,
        RowClass::PersonalId,
        RowClass::OtherIdentifier,
        RowClass::Invalid,
        RowClass::PilotEra,
        RowClass::OneCodeManyNames,
        RowClass::SharedOrgCode,
        RowClass::OneNameManyCodes,
        RowClass::RepeatedRow,
        RowClass::Valid,
    ];

    /// Stable snake_case name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            RowClass::Placeholder => "placeholder",
            RowClass::PersonalId => "personal_id",
            RowClass::OtherIdentifier => "other_identifier",
            RowClass::Invalid => "invalid",
            RowClass::PilotEra => "pilot_era",
            RowClass::OneCodeManyNames => "one_code_many_names",
            RowClass::SharedOrgCode => "shared_org_code",
            RowClass::OneNameManyCodes => "one_name_many_codes",
            RowClass::RepeatedRow => "repeated_row",
            RowClass::Valid => "valid",
        }
    }

    /// Chinese name.
    #[must_use]
    pub fn name_zh(self) -> &'static str {
        match self {
            RowClass::Placeholder => "占位值",
            RowClass::PersonalId => "个人身份证号码",
            RowClass::OtherIdentifier => "其他证照号码",
            RowClass::Invalid => "错码",
            RowClass::PilotEra => "试点期代码",
            RowClass::OneCodeManyNames => "一码多赋",
            RowClass::SharedOrgCode => "主体标识码重复",
            RowClass::OneNameManyCodes => "一主体多码",
            RowClass::RepeatedRow => "重复记录",
            RowClass::Valid => "正确",
        }
    }

    /// The class's place in [`RowClass::ALL`] (its declaration order; a
    /// test holds the two the same).
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// The finding code of a data-set class (duplicates and repeated rows).
    #[must_use]
    pub fn finding(self) -> Option<FindingCode> {
        match self {
            RowClass::OneCodeManyNames => Some(FindingCode::OneCodeManyNames),
            RowClass::SharedOrgCode => Some(FindingCode::SharedOrgCode),
            RowClass::OneNameManyCodes => Some(FindingCode::OneNameManyCodes),
            RowClass::RepeatedRow => Some(FindingCode::RepeatedRow),
            _ => None,
        }
    }
}

/// What the 重错码率 divides by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Denominator {
    /// Distinct normalized values submitted, placeholders included (default).
    #[default]
    DistinctValues,
    /// Distinct normalized values that are not placeholders.
    DistinctNonPlaceholder,
    /// Every record.
    Records,
}

impl Denominator {
    /// Chinese name.
    #[must_use]
    pub fn name_zh(self) -> &'static str {
        match self {
            Denominator::DistinctValues => "不同代码数",
            Denominator::DistinctNonPlaceholder => "不含占位值的不同代码数",
            Denominator::Records => "记录数",
        }
    }

    /// Stable snake_case name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Denominator::DistinctValues => "distinct_values",
            Denominator::DistinctNonPlaceholder => "distinct_non_placeholder",
            Denominator::Records => "records",
        }
    }
}

/// What counts, and how the rate is computed. The defaults follow the
/// working definitions of docs/rules.md ("Data-set analysis"); every report states the options used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)]
pub struct Options {
    /// What the rate divides by.
    pub denominator: Denominator,
    /// Placeholders count as 错码 (default: yes).
    pub count_placeholders: bool,
    /// Other identifiers and personal identity numbers count as 错码 (default: yes).
    pub count_other_identifiers: bool,
    /// Issued pilot-era codes count as 错码 (default: no: they were really issued).
    pub count_pilot_era: bool,
    /// 一码多赋 counts as 重码 (default: yes).
    pub count_one_code_many_names: bool,
    /// A shared organization code counts as 重码 (default: yes).
    pub count_shared_org_code: bool,
    /// 一主体多码 counts as 重码 (default: yes).
    pub count_one_name_many_codes: bool,
    /// Print personal identity numbers in full (default: no, they are masked).
    pub reveal_personal: bool,
    /// The validation rules.
    pub rules: Rules,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            denominator: Denominator::default(),
            count_placeholders: true,
            count_other_identifiers: true,
            count_pilot_era: false,
            count_one_code_many_names: true,
            count_shared_org_code: true,
            count_one_name_many_codes: true,
            reveal_personal: false,
            rules: Rules::default(),
        }
    }
}

impl Options {
    /// The row classes whose distinct codes count in the rate's numerator.
    #[must_use]
    pub fn counted(&self) -> Vec<RowClass> {
        let mut v = vec![RowClass::Invalid];
        if self.count_placeholders {
            v.push(RowClass::Placeholder);
        }
        if self.count_other_identifiers {
            v.extend([RowClass::PersonalId, RowClass::OtherIdentifier]);
        }
        if self.count_pilot_era {
            v.push(RowClass::PilotEra);
        }
        if self.count_one_code_many_names {
            v.push(RowClass::OneCodeManyNames);
        }
        if self.count_shared_org_code {
            v.push(RowClass::SharedOrgCode);
        }
        if self.count_one_name_many_codes {
            v.push(RowClass::OneNameManyCodes);
        }
        v.sort();
        v
    }
}

/// Counts for one group, or for the whole data set.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GroupSummary {
    /// The group (`None` for records without one; the overall summary has none).
    pub group: Option<String>,
    /// Records.
    pub records: u64,
    /// Distinct normalized values.
    pub distinct_codes: u64,
    /// Rows per primary class, in [`RowClass::ALL`] order.
    pub rows: [u64; 10],
    /// Distinct values per primary class of the value, in [`RowClass::ALL`]
    /// order (a value's class ignores repeated rows).
    pub codes: [u64; 10],
    /// Distinct valid values with a warning (an unknown division code).
    pub valid_with_warnings: u64,
    /// Distinct values per error finding code.
    pub errors: BTreeMap<FindingCode, u64>,
    /// Rows whose raw value needed cleaning (full-width, spaces, case …).
    pub needed_cleaning: u64,
    /// Distinct values that are 重码 or 错码 under the options.
    pub flagged: u64,
    /// The rate's denominator under the options.
    pub denominator: u64,
}

impl GroupSummary {
    /// Adds another part's counts (another shard's, another partition's:
    /// a code is counted in one part only, so distinct counts add up).
    pub fn merge(&mut self, b: &GroupSummary) {
        self.records += b.records;
        self.distinct_codes += b.distinct_codes;
        for i in 0..self.rows.len() {
            self.rows[i] += b.rows[i];
            self.codes[i] += b.codes[i];
        }
        self.valid_with_warnings += b.valid_with_warnings;
        for (&k, &v) in &b.errors {
            *self.errors.entry(k).or_default() += v;
        }
        self.needed_cleaning += b.needed_cleaning;
        self.flagged += b.flagged;
        self.denominator += b.denominator;
    }

    /// Rows of a class.
    #[must_use]
    pub fn rows_of(&self, class: RowClass) -> u64 {
        self.rows[class.index()]
    }

    /// Distinct values of a class.
    #[must_use]
    pub fn codes_of(&self, class: RowClass) -> u64 {
        self.codes[class.index()]
    }

    /// 重错码率: flagged ÷ denominator, at most 1; `None` when the
    /// denominator is 0 (a group of placeholders only, under
    /// [`Denominator::DistinctNonPlaceholder`]): there is no rate to give.
    #[must_use]
    pub fn rate(&self) -> Option<f64> {
        (self.denominator > 0).then(|| (self.flagged as f64 / self.denominator as f64).min(1.0))
    }

    /// The rate as a percentage with two decimals, or `n/a`.
    #[must_use]
    pub fn rate_text(&self) -> String {
        self.rate().map_or_else(|| "n/a".to_owned(), |r| format!("{:.2}%", 100.0 * r))
    }
}

/// The summary: overall and per group, with the options that produced it.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The whole data set.
    pub overall: GroupSummary,
    /// Per group, sorted by group name (records without a group first).
    pub groups: Vec<GroupSummary>,
    /// The rate's denominator.
    pub denominator: Denominator,
    /// The classes whose distinct values count as 重码 or 错码.
    pub counted: Vec<RowClass>,
}

/// Where a suggested correction comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evidence {
    /// The trusted registry lists this code for the same name.
    Registry,
    /// The same name appears in the data set with this valid code, one
    /// edit (or one look-alike character) away; the row of its first use.
    SameNameInData {
        /// The row where the valid code first appears with that name.
        row: u64,
    },
    /// The validator's model of mistakes found this single candidate.
    UniqueCorrection,
}

impl Evidence {
    /// Stable snake_case name.
    #[must_use]
    pub fn as_str(&self) -> &'static str {
        match self {
            Evidence::Registry => "registry",
            Evidence::SameNameInData { .. } => "same_name_in_data",
            Evidence::UniqueCorrection => "unique_correction",
        }
    }

    /// A sentence in Chinese, with the row id as a row number ("第12行").
    #[must_use]
    pub fn describe_zh(&self) -> String {
        self.describe_zh_with(&|row| format!("第{row}行"))
    }

    /// A sentence in Chinese, with the place of a row written by `place`
    /// ("第12行", "b.csv 第12行", "位置 3（索引 a）" …).
    #[must_use]
    pub fn describe_zh_with(&self, place: &dyn Fn(u64) -> String) -> String {
        match self {
            Evidence::Registry => "登记库中同名主体的代码".into(),
            Evidence::SameNameInData { row } => format!("同名主体在{}使用该代码，仅差一个字符", place(*row)),
            Evidence::UniqueCorrection => "按常见录入错误唯一可得的更正".into(),
        }
    }
}

/// A suggested code with its evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// The suggested code.
    pub code: String,
    /// Why.
    pub evidence: Evidence,
}

/// The result for one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowResult {
    /// The caller's row id.
    pub row: u64,
    /// The primary class.
    pub class: RowClass,
    /// The normalized value (a personal identity number masked unless
    /// [`Options::reveal_personal`]).
    pub value: String,
    /// Whether the raw value needed cleaning to become `value`.
    pub needed_cleaning: bool,
    /// The validator's finding codes for the raw value (normalization
    /// included), then those of every data-set class that applies
    /// (`one_code_many_names`, `shared_org_code`, `one_name_many_codes`,
    /// `repeated_row`), then the registry's (`not_in_registry`,
    /// `registry_name_mismatch`).
    pub findings: Vec<FindingCode>,
    /// Every data-set class that applies (the primary one first).
    pub classes: Vec<RowClass>,
    /// A correction, when evidence supports one.
    pub correction: Option<Correction>,
    /// Registry cross-check: the code is not in the registry.
    pub not_in_registry: bool,
    /// Registry cross-check: the registry has another name for this code.
    pub registry_name: Option<String>,
}

/// The action flag of the correction sheet (docs/rules.md, "Data-set analysis").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// 0: assign a new code (the record's code is wrong; use the suggested one).
    AssignNewCode,
    /// 1: delete the record.
    DeleteRecord,
    /// 2: keep the code.
    KeepCode,
}

impl Action {
    /// Chinese name, as the correction sheet's legend says it.
    #[must_use]
    pub fn name_zh(self) -> &'static str {
        match self {
            Action::AssignNewCode => "赋予新码/更正",
            Action::DeleteRecord => "删除",
            Action::KeepCode => "保留",
        }
    }

    /// Every action, by flag.
    pub const ALL: [Action; 3] = [Action::AssignNewCode, Action::DeleteRecord, Action::KeepCode];

    /// The flag as the correction sheet writes it.
    #[must_use]
    pub fn flag(self) -> u8 {
        match self {
            Action::AssignNewCode => 0,
            Action::DeleteRecord => 1,
            Action::KeepCode => 2,
        }
    }
}

/// One line of the correction sheet: one problem of one (code, name, group).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// The first row with this code, name and group.
    pub row: u64,
    /// How many rows share them.
    pub rows: u64,
    /// The code as first found (masked if personal).
    pub original: String,
    /// The normalized code (masked if personal).
    pub value: String,
    /// The entity name as first found.
    pub name: Option<String>,
    /// The group.
    pub group: Option<String>,
    /// The problem.
    pub problem: RowClass,
    /// The validator's error finding codes, for 错码.
    pub findings: Vec<FindingCode>,
    /// The suggested code and its evidence.
    pub correction: Option<Correction>,
    /// The action flag, only where the evidence supports one.
    pub action: Option<Action>,
}

impl RowResult {
    /// Whether the row is valid with nothing to say about it.
    #[must_use]
    pub fn is_plain(&self) -> bool {
        self.class == RowClass::Valid
            && self.findings.is_empty()
            && !self.needed_cleaning
            && !self.not_in_registry
            && self.registry_name.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::RowClass;

    /// A class's index is its place in `ALL`.
    #[test]
    fn classes_are_indexed_in_the_order_of_all() {
        for (i, c) in RowClass::ALL.into_iter().enumerate() {
            assert_eq!(c.index(), i, "{c:?}");
        }
    }
}
