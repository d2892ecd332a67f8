//! The columns of a 双公示 file, found by header (docs/rules.md, "双公示
//! files"): each role's stable name, its usual header and the spellings
//! provinces and years use for it.

/// What a column of a 双公示 record holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// 行政相对人名称.
    Name,
    /// 行政相对人类别: 法人及非法人组织, 自然人, 个体工商户.
    SubjectKind,
    /// 行政相对人代码_1 (统一社会信用代码).
    CreditCode,
    /// 行政相对人代码_2 (工商注册号).
    RegistrationNumber,
    /// 行政相对人代码_3 (组织机构代码).
    OrganizationCode,
    /// 行政相对人代码_4 (税务登记号).
    TaxNumber,
    /// 行政相对人代码_5 (事业单位证书号).
    InstitutionCertificate,
    /// 行政相对人代码_6 (社会组织登记证号).
    SocialOrgCertificate,
    /// 法定代表人.
    LegalRep,
    /// 法定代表人证件类型.
    LegalRepIdType,
    /// 法定代表人证件号码.
    LegalRepIdNumber,
    /// 证件类型 (of a natural person).
    PersonIdType,
    /// 证件号码 (of a natural person).
    PersonIdNumber,
    /// 许可机关 / 处罚机关.
    Authority,
    /// 许可机关 / 处罚机关统一社会信用代码.
    AuthorityCode,
    /// 数据来源单位.
    Source,
    /// 数据来源单位统一社会信用代码.
    SourceCode,
    /// 行政许可决定文书号 / 行政处罚决定书文号.
    DecisionNumber,
    /// 许可决定日期 / 处罚决定日期.
    DecisionDate,
    /// 有效期自.
    ValidFrom,
    /// 有效期至.
    ValidTo,
}

impl Role {
    /// Every role, in the order of a 双公示 file's columns.
    pub const ALL: [Role; 21] = [
        Role::Name,
        Role::SubjectKind,
        Role::CreditCode,
        Role::RegistrationNumber,
        Role::OrganizationCode,
        Role::TaxNumber,
        Role::InstitutionCertificate,
        Role::SocialOrgCertificate,
        Role::LegalRep,
        Role::LegalRepIdType,
        Role::LegalRepIdNumber,
        Role::PersonIdType,
        Role::PersonIdNumber,
        Role::Authority,
        Role::AuthorityCode,
        Role::Source,
        Role::SourceCode,
        Role::DecisionNumber,
        Role::DecisionDate,
        Role::ValidFrom,
        Role::ValidTo,
    ];

    /// Stable snake_case name, as `--column ROLE=HEADER` takes it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Name => "name",
            Role::SubjectKind => "subject_kind",
            Role::CreditCode => "code_1",
            Role::RegistrationNumber => "code_2",
            Role::OrganizationCode => "code_3",
            Role::TaxNumber => "code_4",
            Role::InstitutionCertificate => "code_5",
            Role::SocialOrgCertificate => "code_6",
            Role::LegalRep => "legal_rep",
            Role::LegalRepIdType => "legal_rep_id_type",
            Role::LegalRepIdNumber => "legal_rep_id_number",
            Role::PersonIdType => "id_type",
            Role::PersonIdNumber => "id_number",
            Role::Authority => "authority",
            Role::AuthorityCode => "authority_code",
            Role::Source => "source",
            Role::SourceCode => "source_code",
            Role::DecisionNumber => "decision_number",
            Role::DecisionDate => "decision_date",
            Role::ValidFrom => "valid_from",
            Role::ValidTo => "valid_to",
        }
    }

    /// The role of a stable name.
    #[must_use]
    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// The usual header (the national template's).
    #[must_use]
    pub fn header_zh(self) -> &'static str {
        self.headers()[0]
    }

    /// The headers this role is found by, once normalized ([`normalize_header`]).
    fn headers(self) -> &'static [&'static str] {
        match self {
            Role::Name => &["行政相对人名称"],
            Role::SubjectKind => &["行政相对人类别"],
            Role::CreditCode => &["行政相对人代码_1", "行政相对人统一社会信用代码"],
            Role::RegistrationNumber => &["行政相对人代码_2", "工商注册号"],
            Role::OrganizationCode => &["行政相对人代码_3", "组织机构代码"],
            Role::TaxNumber => &["行政相对人代码_4", "税务登记号"],
            Role::InstitutionCertificate => &["行政相对人代码_5", "事业单位证书号"],
            Role::SocialOrgCertificate => &["行政相对人代码_6", "社会组织登记证号"],
            Role::LegalRep => &["法定代表人", "法定代表人姓名"],
            Role::LegalRepIdType => &["法定代表人证件类型"],
            Role::LegalRepIdNumber => &["法定代表人证件号码", "法定代表人身份证号"],
            Role::PersonIdType => &["证件类型"],
            Role::PersonIdNumber => &["证件号码", "身份证号码", "身份证号"],
            Role::Authority => &["许可机关", "处罚机关"],
            Role::AuthorityCode => &["许可机关统一社会信用代码", "处罚机关统一社会信用代码"],
            Role::Source => &["数据来源单位"],
            Role::SourceCode => &["数据来源单位统一社会信用代码"],
            Role::DecisionNumber => &["行政许可决定文书号", "行政处罚决定书文号", "许可决定书文号", "处罚决定书文号"],
            Role::DecisionDate => &["许可决定日期", "处罚决定日期"],
            Role::ValidFrom => &["有效期自", "许可有效期自"],
            Role::ValidTo => &["有效期至", "许可有效期至", "公示截止期"],
        }
    }

    /// Whether a check reads the column ([`super::check_record`],
    /// [`super::Across`]): 代码_5, 代码_6 and 法定代表人 are found and named
    /// but have no rule, and a row read for the checks can leave them out.
    #[must_use]
    pub fn is_read(self) -> bool {
        !matches!(self, Role::InstitutionCertificate | Role::SocialOrgCertificate | Role::LegalRep)
    }

    /// The role a header names, whatever its spelling: with or without the
    /// parenthesised meaning, full-width or half-width brackets, spaces,
    /// `代码1` for `代码_1`.
    #[must_use]
    pub fn of_header(header: &str) -> Option<Role> {
        let h = normalize_header(header);
        Role::ALL.into_iter().find(|r| r.headers().contains(&h.as_str()))
    }
}

/// A header as roles are found by: spaces, a byte-order mark and any
/// bracketed part (half- or full-width) dropped, `代码N` read as `代码_N`,
/// `（必填）`-style notes gone with the brackets.
#[must_use]
pub fn normalize_header(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    let mut depth = 0u32;
    for c in header.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_whitespace() || c == '\u{feff}' || c == '*' || c == '＊' => {}
            '－' | '-' | '＿' => out.push('_'),
            c => out.push(c),
        }
    }
    // 代码1 … 代码6 → 代码_1 … 代码_6.
    if let Some(at) = out.rfind("代码")
        && let Some(d) = out[at + "代码".len()..].chars().next()
        && d.is_ascii_digit()
        && out.len() == at + "代码".len() + 1
    {
        out.insert(at + "代码".len(), '_');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_found_in_their_spellings() {
        for (header, role) in [
            ("行政相对人代码_1(统一社会信用代码)", Role::CreditCode),
            ("行政相对人代码_1（统一社会信用代码）", Role::CreditCode),
            ("行政相对人代码1", Role::CreditCode),
            (" 行政相对人代码_3 (组织机构代码) ", Role::OrganizationCode),
            ("*行政相对人名称", Role::Name),
            ("处罚机关统一社会信用代码", Role::AuthorityCode),
            ("行政处罚决定书文号", Role::DecisionNumber),
            ("有效期至", Role::ValidTo),
            ("证件号码", Role::PersonIdNumber),
            ("法定代表人证件号码", Role::LegalRepIdNumber),
        ] {
            assert_eq!(Role::of_header(header), Some(role), "{header}");
        }
        assert_eq!(Role::of_header("备注"), None);
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
            assert_eq!(Role::of_header(r.header_zh()), Some(r));
        }
    }
}
