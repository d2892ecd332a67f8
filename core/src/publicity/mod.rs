//! 双公示 records (administrative licensing and penalty decisions published
//! for public notice): every identifier column checked by its own rule and
//! against the others of the same row (docs/rules.md, "双公示 files").
//!
//! The 统一社会信用代码 column itself (代码_1) is judged by the analysis as
//! any code column is; this module checks the other columns, and how they
//! agree with it.
//!
//! ```
//! use uscc::publicity::{check_record, Check, Date, Record, Role};
//! let mut r = Record::default();
//! r.set(Role::SubjectKind, "法人及非法人组织");
//! r.set(Role::CreditCode, "91350100M000100Y43");
//! r.set(Role::OrganizationCode, "D2143569X");
//! let today = Date::new(2026, 11, 30).unwrap();
//! let found = check_record(&r, today);
//! assert_eq!(found[0].check, Check::OrganizationCodeMismatch);
//! assert_eq!(found[0].suggestion.as_deref(), Some("M000100Y4"));
//! ```

mod across;
mod checks;
mod dates;
mod roles;
mod rows;
pub mod synth;

pub use across::{Across, AcrossFinding, RowKeys};
pub use checks::Check;
pub use dates::{Date, DateCell, parse_date};
pub use roles::{Role, normalize_header};
pub use rows::{CellFinding, Checked, RowCheck, check_rows, check_rows_into, natural_without_code};

use crate::identify::{is_org_shape, num, org_code_check, region_plausible, registration_check};

/// What a check found in a column of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnFinding {
    /// The column.
    pub role: Role,
    /// What is wrong.
    pub check: Check,
    /// What was expected, in Chinese, when the row says (e.g. "应为
    /// M000100Y4（统一社会信用代码第9–17位）"); never an identity number.
    pub expected: Option<String>,
    /// The value the column should hold, when another column gives it.
    pub suggestion: Option<String>,
    /// For a check across rows, the row that shows what was expected (the
    /// caller's number for it, as fed to [`Across::add`]).
    pub rows: Vec<u64>,
}

/// One row's values by role; a column the file does not have is `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record<'a> {
    values: [Option<&'a str>; Role::ALL.len()],
}

impl<'a> Record<'a> {
    /// Sets a column's value (trimmed).
    pub fn set(&mut self, role: Role, value: &'a str) {
        // Most cells need no trimming.
        self.values[role as usize] = Some(if may_need_trim(value.as_bytes()) { value.trim() } else { value });
    }

    /// A row read from its cells: each role's column in `columns`, `cell`
    /// giving the cell of a column.
    pub fn of(columns: &[(Role, usize)], cell: impl Fn(usize) -> &'a str) -> Record<'a> {
        let mut r = Record::default();
        for &(role, col) in columns {
            r.set(role, cell(col));
        }
        r
    }

    /// A column's value, trimmed; `None` when the file has no such column.
    #[must_use]
    pub fn get(&self, role: Role) -> Option<&'a str> {
        self.values[role as usize]
    }

    /// A column's value when it has one (present and not blank).
    pub(crate) fn filled(&self, role: Role) -> Option<&'a str> {
        self.get(role).filter(|v| !v.is_empty())
    }
}

/// Whether a cell may start or end with white space: an ASCII byte that is
/// not printable, or a character encoded as a Unicode space's are (U+0085
/// and U+00A0 start with C2, U+1680 with E1, U+2000–U+205F with E2, U+3000
/// with E3); a Chinese character (E4–E9) or a full-width form (EF) never.
fn may_need_trim(b: &[u8]) -> bool {
    let ascii_edge = |c: u8| c < 0x80 && !c.is_ascii_graphic();
    let n = b.len();
    let first = b.first().is_some_and(|&c| ascii_edge(c) || matches!(c, 0xC2 | 0xE1..=0xE3));
    // The last character starts 2 bytes (C2 …) or 3 bytes (E1–E3 …) from the end.
    let last = b.last().is_some_and(|&c| {
        ascii_edge(c) || (c >= 0x80 && (b[n.saturating_sub(2)] == 0xC2 || (n >= 3 && matches!(b[n - 3], 0xE1..=0xE3))))
    });
    first || last
}

/// Who a row is about (行政相对人类别).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectKind {
    /// 法人及非法人组织.
    Organization,
    /// 自然人.
    NaturalPerson,
    /// 个体工商户.
    IndividualBusiness,
}

impl SubjectKind {
    /// The kind a row is about: its 行政相对人类别, or, without one, a
    /// natural person when 代码_1 is empty and a 证件号码 is given.
    #[must_use]
    pub fn of(r: &Record<'_>) -> Option<SubjectKind> {
        match r.filled(Role::SubjectKind) {
            // The three kinds as the standard spells them, before searching the text.
            Some("法人及非法人组织") => Some(SubjectKind::Organization),
            Some("自然人") => Some(SubjectKind::NaturalPerson),
            Some("个体工商户") => Some(SubjectKind::IndividualBusiness),
            Some(k) if k.contains("自然人") => Some(SubjectKind::NaturalPerson),
            Some(k) if k.contains("个体") => Some(SubjectKind::IndividualBusiness),
            Some(k) if k.contains("法人") || k.contains("组织") => Some(SubjectKind::Organization),
            _ if r.filled(Role::CreditCode).is_none() && r.filled(Role::PersonIdNumber).is_some() => {
                Some(SubjectKind::NaturalPerson)
            }
            _ => None,
        }
    }
}

/// What a resident identity number is, as a 双公示 check sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IdNumber {
    Valid,
    BadDate,
    Invalid,
}

/// Checks an 18-character (GB 11643) or 15-digit (first generation) resident
/// identity number, its birth date against `today`.
fn id_number(value: &str, today: Date) -> IdNumber {
    let b = value.as_bytes();
    let (year, month, day) = match b.len() {
        18 if b[..17].iter().all(u8::is_ascii_digit) && (b[17].is_ascii_digit() || b[17] == b'X' || b[17] == b'x') => {
            (num(&b[6..10]), num(&b[10..12]), num(&b[12..14]))
        }
        15 if b.iter().all(u8::is_ascii_digit) => (1900 + num(&b[6..8]), num(&b[8..10]), num(&b[10..12])),
        _ => return IdNumber::Invalid,
    };
    if !region_plausible(b) {
        return IdNumber::Invalid;
    }
    match Date::new(year, month, day) {
        Some(d) if d <= today && year >= 1900 => {}
        _ => return IdNumber::BadDate,
    }
    if b.len() == 15 {
        return IdNumber::Valid;
    }
    // Its shape, province and birth date are checked: the check character
    // alone is left (a year past 2099 is no resident identity number's).
    if year <= 2099 && crate::identify::resident_id_check(&b[..17]) == b[17].to_ascii_uppercase() {
        IdNumber::Valid
    } else {
        IdNumber::Invalid
    }
}

/// Whether an identity document type is the resident identity card (an
/// empty type is taken as one when the number has its shape).
fn is_id_card(kind: Option<&str>, number: &str) -> bool {
    match kind {
        // The type as most files write it, before searching the text.
        Some("身份证" | "居民身份证" | "1" | "001") => true,
        Some(k) if !k.is_empty() => k.contains("身份证"),
        _ => matches!(number.len(), 15 | 18) && number.bytes().take(15).all(|b| b.is_ascii_digit()),
    }
}

/// An organization code without its hyphen, upper case, in `buf` (a longer
/// value is cut: it is no organization code anyway).
fn org_code<'b>(value: &str, buf: &'b mut [u8; 18]) -> &'b [u8] {
    let mut n = 0;
    if value.is_ascii() {
        // Most values: byte by byte.
        for &c in value.as_bytes().iter().filter(|&&c| c != b'-') {
            if n == buf.len() {
                break;
            }
            buf[n] = c.to_ascii_uppercase();
            n += 1;
        }
        return &buf[..n];
    }
    for c in value.chars().filter(|&c| c != '-' && c != '－') {
        if n == buf.len() {
            break;
        }
        buf[n] = if c.is_ascii() { (c as u8).to_ascii_uppercase() } else { b'?' };
        n += 1;
    }
    &buf[..n]
}

/// A value upper case in `buf` (a longer value is cut to 18 bytes and a
/// 19th marker, so that it matches no identifier).
fn upper<'b>(value: &str, buf: &'b mut [u8; 18]) -> &'b [u8] {
    let b = value.as_bytes();
    if b.len() > buf.len() {
        return b"!";
    }
    for (o, c) in buf.iter_mut().zip(b) {
        *o = c.to_ascii_uppercase();
    }
    &buf[..b.len()]
}

/// Part of a valid code (ASCII) as text.
fn ascii(b: &[u8]) -> &str {
    std::str::from_utf8(b).unwrap_or_default()
}

/// A credit code as the analysis reads one: as it stands, else cleaned.
fn parse(v: &str) -> Option<crate::Uscc> {
    if crate::is_valid(v) {
        return crate::Uscc::from_valid_bytes(v.as_bytes());
    }
    crate::check(v).code()
}

/// A row's credit codes, each read once ([`parse`]): 代码_1, and what the
/// public bodies' codes are (in the order of `across::BODIES`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct RowCodes {
    code: Option<crate::Uscc>,
    bodies: [BodyCode; 2],
}

impl RowCodes {
    fn of(r: &Record<'_>) -> RowCodes {
        RowCodes {
            code: r.filled(Role::CreditCode).and_then(parse),
            bodies: across::BODIES.map(|(_, code)| BodyCode::of(r.filled(code).and_then(parse).as_ref())),
        }
    }
}

/// What a public body's code is, read ([`parse`]): all the checks of one
/// row ask of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyCode {
    /// Not a credit code.
    Invalid,
    /// A valid code, not that of a 机关 or 事业单位.
    NotPublic,
    /// A valid code of a 机关 or 事业单位 (department 1, category 1 or 2).
    Public,
}

impl BodyCode {
    fn of(parsed: Option<&crate::Uscc>) -> BodyCode {
        match parsed {
            None => BodyCode::Invalid,
            Some(c) if matches!(c.as_bytes()[..2], [b'1', b'1' | b'2']) => BodyCode::Public,
            Some(_) => BodyCode::NotPublic,
        }
    }
}

fn finding(role: Role, check: Check) -> ColumnFinding {
    ColumnFinding { role, check, expected: None, suggestion: None, rows: Vec::new() }
}

/// Checks one row's columns, each by its own rule and against the others;
/// `today` bounds dates. Findings in the order of [`Role::ALL`].
#[must_use]
pub fn check_record(r: &Record<'_>, today: Date) -> Vec<ColumnFinding> {
    check_codes(r, &RowCodes::of(r), SubjectKind::of(r), today)
}

/// [`check_record`], the row's codes read and its kind ([`SubjectKind::of`]) known.
fn check_codes(r: &Record<'_>, codes: &RowCodes, kind: Option<SubjectKind>, today: Date) -> Vec<ColumnFinding> {
    let mut out = Vec::new();
    // 代码_1 when it is a valid credit code (the analysis judges it otherwise).
    let code = codes.code;
    if r.get(Role::CreditCode).is_some() || kind.is_some() {
        match (r.filled(Role::CreditCode), kind) {
            (None, Some(SubjectKind::Organization | SubjectKind::IndividualBusiness)) => {
                out.push(finding(Role::CreditCode, Check::CreditCodeMissing));
            }
            (Some(_), Some(SubjectKind::NaturalPerson)) => out.push(ColumnFinding {
                expected: Some("自然人的该栏应为空".to_owned()),
                suggestion: Some(String::new()),
                ..finding(Role::CreditCode, Check::NaturalPersonWithCreditCode)
            }),
            (Some(_), Some(SubjectKind::IndividualBusiness))
                if code.is_some_and(|c| !c.as_bytes().starts_with(b"92")) =>
            {
                out.push(finding(Role::CreditCode, Check::IndividualBusinessCategory));
            }
            _ => {}
        }
    }
    if let Some(v) = r.filled(Role::RegistrationNumber) {
        let b = v.as_bytes();
        if !(b.len() == 15 && b.iter().all(u8::is_ascii_digit) && registration_check(b)) {
            out.push(finding(Role::RegistrationNumber, Check::RegistrationNumberInvalid));
        }
    }
    if let Some(v) = r.filled(Role::OrganizationCode) {
        let mut buf = [0u8; 18];
        let o = org_code(v, &mut buf);
        // Codes are compared as bytes: their text is made for outputs alone.
        let part = code.as_ref().map(|c| &c.as_bytes()[8..17]);
        let shown = |p: &[u8]| {
            let p = ascii(p);
            if v.contains('-') { format!("{}-{}", &p[..8], &p[8..]) } else { p.to_owned() }
        };
        if !(is_org_shape(o) && org_code_check(o)) {
            out.push(ColumnFinding {
                suggestion: part.map(shown),
                ..finding(Role::OrganizationCode, Check::OrganizationCodeInvalid)
            });
        } else if let Some(p) = part.filter(|&p| p != o) {
            out.push(ColumnFinding {
                expected: Some(format!("应为 {}（统一社会信用代码第9–17位）", shown(p))),
                suggestion: Some(shown(p)),
                ..finding(Role::OrganizationCode, Check::OrganizationCodeMismatch)
            });
        }
    }
    if let Some(v) = r.filled(Role::TaxNumber) {
        let mut buf = [0u8; 18];
        let b = upper(v, &mut buf);
        let old =
            b.len() == 15 && b[..6].iter().all(u8::is_ascii_digit) && is_org_shape(&b[6..]) && org_code_check(&b[6..]);
        let full = b.len() == 18 && crate::is_valid_bytes(b);
        let part = code.as_ref().map(|c| &c.as_bytes()[2..17]);
        if !(old || full) {
            out.push(ColumnFinding {
                suggestion: part.map(|p| ascii(p).to_owned()),
                ..finding(Role::TaxNumber, Check::TaxNumberInvalid)
            });
        } else if let Some(c) = code
            && b != c.as_bytes()
            && Some(b) != part
        {
            out.push(ColumnFinding {
                expected: Some(format!("应为 {}（统一社会信用代码第3–17位）或 {}", &c.as_str()[2..17], c.as_str())),
                suggestion: part.map(|p| ascii(p).to_owned()),
                ..finding(Role::TaxNumber, Check::TaxNumberMismatch)
            });
        }
    }
    for (type_role, number_role) in
        [(Role::LegalRepIdType, Role::LegalRepIdNumber), (Role::PersonIdType, Role::PersonIdNumber)]
    {
        let Some(v) = r.filled(number_role) else { continue };
        if is_id_card(r.filled(type_role), v) {
            match id_number(v, today) {
                IdNumber::Valid => {}
                IdNumber::BadDate => out.push(finding(number_role, Check::IdBirthDateInvalid)),
                IdNumber::Invalid => out.push(finding(number_role, Check::IdNumberInvalid)),
            }
        }
    }
    if kind == Some(SubjectKind::NaturalPerson) {
        let valid = r
            .filled(Role::PersonIdNumber)
            .is_some_and(|v| !is_id_card(r.filled(Role::PersonIdType), v) || id_number(v, today) == IdNumber::Valid);
        if !valid && r.get(Role::PersonIdNumber).is_some() {
            out.push(finding(Role::PersonIdNumber, Check::NaturalPersonWithoutId));
        }
    }
    public_bodies(r, codes, &mut out);
    dates(r, today, &mut out);
    out.sort_by_key(|f| f.role);
    out
}

/// The public bodies' codes: each a valid code of a 机关 or 事业单位.
fn public_bodies(r: &Record<'_>, codes: &RowCodes, out: &mut Vec<ColumnFinding>) {
    for ((_, role), code) in across::BODIES.into_iter().zip(codes.bodies) {
        if r.filled(role).is_none() {
            continue;
        }
        match code {
            BodyCode::Invalid => out.push(finding(role, Check::PublicBodyCodeInvalid)),
            BodyCode::NotPublic => out.push(finding(role, Check::NotPublicBody)),
            BodyCode::Public => {}
        }
    }
}

/// The date columns: each a date, the decision not after today, the
/// validity's end not before its start.
fn dates(r: &Record<'_>, today: Date, out: &mut Vec<ColumnFinding>) {
    let roles = [Role::DecisionDate, Role::ValidFrom, Role::ValidTo];
    // Each cell read once.
    let [decided, from, to] = roles.map(|role| r.get(role).map_or(DateCell::Empty, parse_date));
    for (role, cell) in roles.into_iter().zip([decided, from, to]) {
        if cell == DateCell::Invalid {
            out.push(finding(role, Check::DateInvalid));
        }
    }
    if let DateCell::Date(d) = decided
        && d > today
    {
        out.push(ColumnFinding {
            expected: Some(format!("不晚于 {today}")),
            ..finding(Role::DecisionDate, Check::DateInFuture)
        });
    }
    if let (DateCell::Date(from), DateCell::Date(to)) = (from, to)
        && to < from
    {
        out.push(ColumnFinding {
            expected: Some(format!("不早于有效期自 {from}")),
            ..finding(Role::ValidTo, Check::ValidToBeforeValidFrom)
        });
    }
}

/// A cell as outputs show it (a column finding's value): an identity
/// document's number masked whatever its shape (a mistyped one is still a
/// person's), any other cell with the resident identity numbers in it masked.
#[must_use]
pub fn shown(role: Role, cell: &str) -> String {
    shown_text(role, cell).into_owned()
}

/// [`shown`], borrowed when the cell is shown as it is.
fn shown_text(role: Role, cell: &str) -> std::borrow::Cow<'_, str> {
    if matches!(role, Role::PersonIdNumber | Role::LegalRepIdNumber) {
        let n = cell.chars().count();
        if n >= 15 {
            return crate::redact(cell).into();
        }
        return cell.chars().enumerate().map(|(i, c)| if i + 2 < n { '*' } else { c }).collect::<String>().into();
    }
    crate::redact_personal_text(cell)
}
