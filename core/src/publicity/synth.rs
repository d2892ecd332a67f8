//! Synthetic 双公示 records, deterministic from a seed: every column of a
//! licensing or penalty file, consistent across the row, with a known mix of
//! column errors (at most one injected a row, some of which the checks
//! across rows see too, and decisions published twice), each row saying
//! which findings it should give, so that the checks can be held to the
//! truth.
//!
//! ```
//! use uscc::publicity::{Across, check_record, synth};
//! let opts = synth::Options::default();
//! let rows = synth::generate(7, &opts);
//! let mut across = Across::default();
//! for (i, row) in rows.iter().enumerate() {
//!     across.add(i as u64, &row.record());
//! }
//! let mut found: Vec<Vec<_>> = rows
//!     .iter()
//!     .map(|row| check_record(&row.record(), opts.as_of).iter().map(|f| (f.role, f.check)).collect())
//!     .collect();
//! for f in across.finish() {
//!     found[f.row as usize].push((f.finding.role, f.finding.check));
//! }
//! for (row, mut found) in rows.iter().zip(found) {
//!     found.sort_by_key(|f| f.0);
//!     assert_eq!(found, row.truth);
//! }
//! ```

use super::{Check, Date, Record, Role};
use crate::generate::{Generator, build};
use crate::identify::{registration_check_digit, resident_id_check};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Number of records.
    pub records: usize,
    /// Records with one column error, per thousand.
    pub errors_per_mille: u32,
    /// Penalty decisions (处罚) rather than licences (许可): the headers and
    /// the decision numbers follow.
    pub penalties: bool,
    /// The day the data is as of: decision dates fall before it.
    pub as_of: Date,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            records: 1000,
            errors_per_mille: 150,
            penalties: false,
            as_of: Date { year: 2026, month: 11, day: 30 },
        }
    }
}

/// One generated record: its values by role, in the order of [`Role::ALL`],
/// and the findings it should give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The values, one per role of [`Role::ALL`].
    pub values: Vec<String>,
    /// The (column, check) findings [`super::check_record`] and
    /// [`super::Across`] should give, by column (those of one row first).
    pub truth: Vec<(Role, Check)>,
}

impl Row {
    /// The row as a record to check.
    #[must_use]
    pub fn record(&self) -> Record<'_> {
        let mut r = Record::default();
        for (role, v) in Role::ALL.into_iter().zip(&self.values) {
            r.set(role, v);
        }
        r
    }
}

/// The headers of a generated file, in the order of [`Role::ALL`].
#[must_use]
pub fn headers(penalties: bool) -> Vec<String> {
    Role::ALL
        .into_iter()
        .map(|r| match (r, penalties) {
            (Role::CreditCode, _) => "行政相对人代码_1(统一社会信用代码)".to_owned(),
            (Role::RegistrationNumber, _) => "行政相对人代码_2(工商注册号)".to_owned(),
            (Role::OrganizationCode, _) => "行政相对人代码_3(组织机构代码)".to_owned(),
            (Role::TaxNumber, _) => "行政相对人代码_4(税务登记号)".to_owned(),
            (Role::InstitutionCertificate, _) => "行政相对人代码_5(事业单位证书号)".to_owned(),
            (Role::SocialOrgCertificate, _) => "行政相对人代码_6(社会组织登记证号)".to_owned(),
            (Role::Authority, true) => "处罚机关".to_owned(),
            (Role::AuthorityCode, true) => "处罚机关统一社会信用代码".to_owned(),
            (Role::DecisionNumber, true) => "行政处罚决定书文号".to_owned(),
            (Role::DecisionDate, true) => "处罚决定日期".to_owned(),
            (Role::DecisionNumber, false) => "行政许可决定文书号".to_owned(),
            (r, _) => r.header_zh().to_owned(),
        })
        .collect()
}

const SURNAMES: [&str; 12] = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙"];
const GIVEN: [&str; 12] = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰"];
const COUNTIES: [&str; 8] = ["110105", "310115", "350102", "440305", "330106", "420106", "510104", "610113"];
/// The public bodies rows name: each its full name and a shorter one some
/// departments write.
const AUTHORITIES: [(&str, &str); 3] =
    [("市场监督管理局", "市场监管局"), ("生态环境局", "环保局"), ("交通运输局", "交通局")];

/// A public body of the generated city, and how its name and code have been
/// used so far.
struct Body {
    name: String,
    short: String,
    code: String,
    /// Cells pairing its name with its code (two a row: the authority and
    /// the source).
    right: usize,
    /// Cells pairing its name with another code, or its code with another name.
    wrong: usize,
}

impl Body {
    /// Whether one more wrong pairing still leaves the right one the most
    /// used by far, whatever the rest of the data: so that the checks
    /// across rows find exactly the wrong ones.
    fn can_take_wrong(&self) -> bool {
        self.right > 2 * (self.wrong + 2)
    }
}

struct Make<'o> {
    g: Generator,
    options: &'o Options,
    serial: u64,
    bodies: Vec<Body>,
}

impl Make<'_> {
    fn person(&mut self) -> String {
        format!("{}{}{}", SURNAMES[self.g.below(12)], GIVEN[self.g.below(12)], GIVEN[self.g.below(12)])
    }

    /// A resident identity number: a real birth date and the right check digit.
    fn id_number(&mut self) -> String {
        let county = COUNTIES[self.g.below(COUNTIES.len())];
        let body = format!(
            "{county}{:04}{:02}{:02}{:03}",
            1950 + self.g.below(50),
            1 + self.g.below(12),
            1 + self.g.below(28),
            self.g.below(1000)
        );
        with_id_check(&body)
    }

    /// A 15-digit registration number with its MOD 11,10 check digit.
    fn registration_number(&mut self) -> String {
        let county = COUNTIES[self.g.below(COUNTIES.len())];
        let body = format!("{county}{:08}", self.g.below(100_000_000));
        format!("{body}{}", char::from(registration_check_digit(body.as_bytes())))
    }

    /// A valid code no other call returns, under `department` and `category`.
    fn code(&mut self, department: char, category: char) -> String {
        self.serial += 1;
        let body = format!("{:08}", self.serial.wrapping_mul(0x2545_F491) % 100_000_000);
        let division = COUNTIES[self.g.below(COUNTIES.len())];
        build(department, category, division, &body).map_or_else(|_| String::new(), |c| c.to_string())
    }

    fn date_before(&mut self, days: usize) -> Date {
        let a = self.options.as_of;
        let back = 1 + self.g.below(days);
        // Whole months back, then a day of that month: always a real date.
        let months = u32::try_from(back / 28).unwrap_or(0);
        let total = a.year * 12 + (a.month - 1) - months.min(a.year * 12);
        Date { year: total / 12, month: total % 12 + 1, day: 1 + u32::try_from(self.g.below(28)).unwrap_or(0) }.min(a)
    }
}

/// A firm's name of its own for each row: the row number in base 30, in
/// characters names are made of.
fn firm(i: usize) -> String {
    const CHARS: [char; 30] = [
        '华', '信', '达', '通', '宏', '盛', '中', '科', '瑞', '博', '恒', '泰', '金', '源', '鑫', '龙', '海', '天',
        '联', '创', '新', '德', '嘉', '明', '星', '光', '云', '智', '远', '航',
    ];
    let mut n = i;
    let mut out = String::new();
    for _ in 0..4 {
        out.push(CHARS[n % 30]);
        n /= 30;
    }
    if n > 0 {
        out.push_str(&n.to_string());
    }
    out
}

/// 17 digits and their GB 11643 check digit.
fn with_id_check(body: &str) -> String {
    format!("{body}{}", char::from(resident_id_check(body.as_bytes())))
}

/// Generates records.
#[must_use]
pub fn generate(seed: u64, options: &Options) -> Vec<Row> {
    let mut m = Make { g: Generator::new(seed), options, serial: seed.wrapping_mul(1_000_003), bodies: Vec::new() };
    let city = "福州市";
    m.bodies = AUTHORITIES
        .iter()
        .map(|(name, short)| Body {
            name: format!("{city}{name}"),
            short: format!("{city}{short}"),
            code: m.code('1', '1'),
            right: 0,
            wrong: 0,
        })
        .collect();
    let mut rows: Vec<Row> = Vec::with_capacity(options.records);
    for i in 0..options.records {
        let r = match repeat(&mut m, &rows) {
            Some(r) => r,
            None => row(&mut m, i),
        };
        rows.push(r);
    }
    rows
}

/// Now and then (a share of the errors) an earlier clean row published
/// again: the same decision, the same subject.
fn repeat(m: &mut Make<'_>, rows: &[Row]) -> Option<Row> {
    let share = m.options.errors_per_mille as usize;
    if rows.is_empty() || m.g.below(1000 * (Check::ALL.len() + 1)) >= share {
        return None;
    }
    let earlier = &rows[m.g.below(rows.len())];
    if !earlier.truth.is_empty() {
        return None;
    }
    let body = m.bodies.iter_mut().find(|b| b.name == earlier.values[Role::Authority as usize])?;
    body.right += 2;
    Some(Row { values: earlier.values.clone(), truth: vec![(Role::DecisionNumber, Check::DecisionNumberRepeated)] })
}

fn row(m: &mut Make<'_>, i: usize) -> Row {
    let roll = m.g.below(100);
    let natural = roll < 10;
    let individual = (10..20).contains(&roll);
    let mut v: Vec<String> = vec![String::new(); Role::ALL.len()];
    let set = |v: &mut Vec<String>, role: Role, value: String| v[role as usize] = value;
    let b = m.g.below(m.bodies.len());
    let body = &m.bodies[b];
    set(&mut v, Role::Authority, body.name.clone());
    set(&mut v, Role::AuthorityCode, body.code.clone());
    set(&mut v, Role::Source, body.name.clone());
    set(&mut v, Role::SourceCode, body.code.clone());
    let kind = if m.options.penalties { "罚" } else { "许" };
    set(&mut v, Role::DecisionNumber, format!("榕市{kind}〔{}〕{}号", m.options.as_of.year, i + 1));
    let decided = m.date_before(700);
    set(&mut v, Role::DecisionDate, decided.to_string());
    set(&mut v, Role::ValidFrom, decided.to_string());
    set(&mut v, Role::ValidTo, Date { year: decided.year + 3, day: decided.day.min(28), ..decided }.to_string());
    if natural {
        set(&mut v, Role::Name, m.person());
        set(&mut v, Role::SubjectKind, "自然人".to_owned());
        set(&mut v, Role::PersonIdType, "身份证".to_owned());
        let id = m.id_number();
        set(&mut v, Role::PersonIdNumber, id);
    } else {
        let code = if individual { m.code('9', '2') } else { m.code('9', '1') };
        let trade = if individual { "商行" } else { "科技有限公司" };
        set(&mut v, Role::Name, format!("福州{}{trade}", firm(i)));
        set(&mut v, Role::SubjectKind, if individual { "个体工商户" } else { "法人及非法人组织" }.to_owned());
        set(&mut v, Role::RegistrationNumber, m.registration_number());
        set(&mut v, Role::OrganizationCode, code[8..17].to_owned());
        set(&mut v, Role::TaxNumber, code[2..17].to_owned());
        set(&mut v, Role::CreditCode, code);
        set(&mut v, Role::LegalRep, m.person());
        set(&mut v, Role::LegalRepIdType, "身份证".to_owned());
        let id = m.id_number();
        set(&mut v, Role::LegalRepIdNumber, id);
    }
    let mut truth = Vec::new();
    if m.g.below(1000) < m.options.errors_per_mille as usize {
        inject(m, &mut v, (natural, individual, b), &mut truth);
    }
    // The body's cells that still pair its name with its code.
    let body = &mut m.bodies[b];
    body.right += usize::from(v[Role::Authority as usize] == body.name && v[Role::AuthorityCode as usize] == body.code)
        + usize::from(v[Role::Source as usize] == body.name && v[Role::SourceCode as usize] == body.code);
    truth.sort_by_key(|t: &(Role, Check)| t.0);
    Row { values: v, truth }
}

/// Puts one error into a row (one that fits the subject and leaves the
/// checks across rows sure of the body's name and code), with the findings
/// it gives.
fn inject(
    m: &mut Make<'_>,
    v: &mut [String],
    (natural, individual, b): (bool, bool, usize),
    truth: &mut Vec<(Role, Check)>,
) {
    let other = (b + 1) % m.bodies.len();
    let bodies_can = m.bodies[b].can_take_wrong() && m.bodies[other].can_take_wrong();
    let fits = |c: &Check| match c {
        Check::NaturalPersonWithCreditCode | Check::NaturalPersonWithoutId => natural,
        Check::IndividualBusinessCategory => individual,
        Check::RegistrationNumberInvalid
        | Check::OrganizationCodeInvalid
        | Check::TaxNumberInvalid
        | Check::OrganizationCodeMismatch
        | Check::TaxNumberMismatch
        | Check::CreditCodeMissing => !natural,
        Check::PublicBodyCodeInvalid
        | Check::NotPublicBody
        | Check::PublicBodyManyCodes
        | Check::PublicBodyManyNames => bodies_can,
        // Made by publishing a row again (`repeat`).
        Check::DecisionNumberRepeated => false,
        _ => true,
    };
    let choices: Vec<Check> = Check::ALL.into_iter().filter(fits).collect();
    let check = choices[m.g.below(choices.len())];
    // The identity number of the row: the person's, or the legal representative's.
    let id_role = if natural { Role::PersonIdNumber } else { Role::LegalRepIdNumber };
    match check {
        // A body's name with another code: the code wrong, and seen wrong
        // against the name's other rows.
        Check::PublicBodyCodeInvalid | Check::NotPublicBody => {
            let role = damage(m, v, check, id_role);
            truth.extend([(role, check), (role, Check::PublicBodyManyCodes)]);
            m.bodies[b].wrong += 1;
        }
        // Another body's code: the name has another code, the code another name.
        Check::PublicBodyManyCodes => {
            v[Role::SourceCode as usize].clone_from(&m.bodies[other].code);
            truth.extend([(Role::Source, Check::PublicBodyManyNames), (Role::SourceCode, Check::PublicBodyManyCodes)]);
            m.bodies[b].wrong += 1;
            m.bodies[other].wrong += 1;
        }
        // The body's shorter name: its code under another name.
        Check::PublicBodyManyNames => {
            v[Role::Source as usize].clone_from(&m.bodies[b].short);
            truth.push((Role::Source, check));
            m.bodies[b].wrong += 1;
        }
        _ => {
            let role = damage(m, v, check, id_role);
            truth.push((role, check));
            if natural && matches!(check, Check::IdNumberInvalid | Check::IdBirthDateInvalid) {
                truth.push((id_role, Check::NaturalPersonWithoutId));
            }
        }
    }
}

/// Damages a row for one check; returns the column the finding is in.
fn damage(m: &mut Make<'_>, v: &mut [String], check: Check, id_role: Role) -> Role {
    let at = |r: Role| r as usize;
    match check {
        Check::RegistrationNumberInvalid => {
            let s = &mut v[at(Role::RegistrationNumber)];
            let last = s.pop().map_or(0, |c| c.to_digit(10).unwrap_or(0));
            s.push(char::from_digit((last + 1) % 10, 10).unwrap_or('0'));
            Role::RegistrationNumber
        }
        Check::OrganizationCodeInvalid => {
            bump_last(&mut v[at(Role::OrganizationCode)]);
            Role::OrganizationCode
        }
        Check::OrganizationCodeMismatch => {
            let other = m.code('9', '1');
            other[8..17].clone_into(&mut v[at(Role::OrganizationCode)]);
            Role::OrganizationCode
        }
        Check::TaxNumberInvalid => {
            v[at(Role::TaxNumber)].remove(3);
            Role::TaxNumber
        }
        Check::TaxNumberMismatch => {
            let code = v[at(Role::CreditCode)].clone();
            let county = COUNTIES.into_iter().find(|c| **c != code[2..8]).unwrap_or_default();
            v[at(Role::TaxNumber)] = format!("{county}{}", &code[8..17]);
            Role::TaxNumber
        }
        Check::CreditCodeMissing => {
            // Without 代码_1 the other codes have nothing to agree with.
            v[at(Role::CreditCode)].clear();
            Role::CreditCode
        }
        Check::NaturalPersonWithCreditCode => {
            v[at(Role::CreditCode)] = m.code('9', '1');
            Role::CreditCode
        }
        Check::NaturalPersonWithoutId => {
            v[at(Role::PersonIdNumber)].clear();
            Role::PersonIdNumber
        }
        Check::IndividualBusinessCategory => {
            let code = m.code('9', '1');
            code[8..17].clone_into(&mut v[at(Role::OrganizationCode)]);
            code[2..17].clone_into(&mut v[at(Role::TaxNumber)]);
            v[at(Role::CreditCode)] = code;
            Role::CreditCode
        }
        Check::IdNumberInvalid => {
            bump_last(&mut v[at(id_role)]);
            id_role
        }
        Check::IdBirthDateInvalid => {
            // February 30th, with the check digit right for it.
            let s = v[at(id_role)].clone();
            v[at(id_role)] = with_id_check(&format!("{}0230{}", &s[..10], &s[14..17]));
            id_role
        }
        Check::PublicBodyCodeInvalid => {
            bump_last(&mut v[at(Role::AuthorityCode)]);
            Role::AuthorityCode
        }
        Check::NotPublicBody => {
            v[at(Role::SourceCode)] = m.code('9', '1');
            Role::SourceCode
        }
        Check::DateInvalid => {
            v[at(Role::ValidFrom)] = format!("{}-02-30", m.options.as_of.year);
            Role::ValidFrom
        }
        Check::DateInFuture => {
            let d = m.options.as_of;
            let later = Date { year: d.year + 5, day: d.day.min(28), ..d };
            v[at(Role::DecisionDate)] = later.to_string();
            v[at(Role::ValidFrom)] = later.to_string();
            v[at(Role::ValidTo)] = Date { year: d.year + 8, ..later }.to_string();
            Role::DecisionDate
        }
        Check::ValidToBeforeValidFrom => {
            let from = v[at(Role::ValidFrom)].clone();
            let year: u32 = from[..4].parse().unwrap_or(2026);
            v[at(Role::ValidTo)] = format!("{}{}", year - 1, &from[4..]);
            Role::ValidTo
        }
        // Made by `inject` and `repeat`, across rows.
        Check::DecisionNumberRepeated | Check::PublicBodyManyCodes | Check::PublicBodyManyNames => Role::DecisionNumber,
    }
}

/// Another last character: a check character that no longer fits.
fn bump_last(s: &mut String) {
    let last = s.pop().unwrap_or('0');
    s.push(if last == '1' { '2' } else { '1' });
}
