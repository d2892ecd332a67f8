//! Findings: everything a check can say about a code, with stable names.
//!
//! Each [`FindingCode`] has a snake_case name that never changes once
//! published; the Python and JavaScript packages use the same strings. The
//! full table is in `docs/findings.md`.

use std::fmt;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; the code is fine.
    Info,
    /// The code is valid, but something deserves a look.
    Warning,
    /// The code is not a valid credit code.
    Error,
}

impl Severity {
    /// `info`, `warning` or `error`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Another kind of identifier found where a credit code was expected (docs/rules.md, "Other identifiers").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IdKind {
    /// 15-digit business registration number (工商注册号), ISO 7064 MOD 11,10.
    RegistrationNumber,
    /// 9-character organization code (组织机构代码), GB 11714.
    OrganizationCode,
    /// 15-character old tax registration number: division + organization code.
    OldTaxNumber,
    /// 18-character resident identity number (GB 11643).
    ResidentId,
    /// 15-digit first-generation resident identity number (no check digit).
    ResidentId15,
    /// Resident identity number with its middle masked by `*`.
    MaskedResidentId,
}

impl IdKind {
    /// Stable snake_case name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            IdKind::RegistrationNumber => "registration_number",
            IdKind::OrganizationCode => "organization_code",
            IdKind::OldTaxNumber => "old_tax_number",
            IdKind::ResidentId => "resident_id",
            IdKind::ResidentId15 => "resident_id_15",
            IdKind::MaskedResidentId => "masked_resident_id",
        }
    }

    /// Chinese name.
    #[must_use]
    pub fn name_zh(self) -> &'static str {
        match self {
            IdKind::RegistrationNumber => "15位工商注册号",
            IdKind::OrganizationCode => "组织机构代码",
            IdKind::OldTaxNumber => "15位税务登记号",
            IdKind::ResidentId => "18位居民身份证号码",
            IdKind::ResidentId15 => "15位居民身份证号码",
            IdKind::MaskedResidentId => "脱敏的居民身份证号码",
        }
    }

    /// English name.
    #[must_use]
    pub fn name_en(self) -> &'static str {
        match self {
            IdKind::RegistrationNumber => "15-digit business registration number",
            IdKind::OrganizationCode => "organization code",
            IdKind::OldTaxNumber => "15-character tax registration number",
            IdKind::ResidentId => "18-character resident identity number",
            IdKind::ResidentId15 => "15-digit resident identity number",
            IdKind::MaskedResidentId => "masked resident identity number",
        }
    }

    /// Whether the identifier belongs to a person (never print it in full).
    #[must_use]
    pub fn is_personal(self) -> bool {
        matches!(self, IdKind::ResidentId | IdKind::ResidentId15 | IdKind::MaskedResidentId)
    }
}

macro_rules! finding_codes {
    ($($variant:ident => $name:literal, $severity:ident, $title:literal;)*) => {
        /// The stable name of a finding. See `docs/findings.md`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum FindingCode {
            $(
                #[doc = concat!("`", $name, "`")]
                $variant,
            )*
        }

        impl FindingCode {
            /// Every finding code, in documentation order.
            pub const ALL: &'static [FindingCode] = &[$(FindingCode::$variant),*];

            /// The stable snake_case name.
            #[must_use]
            pub fn as_str(self) -> &'static str {
                match self {
                    $(FindingCode::$variant => $name,)*
                }
            }

            /// A short Chinese title (错误明细 in the correction sheet, the
            /// report's charts).
            #[must_use]
            pub fn title_zh(self) -> &'static str {
                match self {
                    $(FindingCode::$variant => $title,)*
                }
            }

            /// How serious the finding is.
            #[must_use]
            pub fn severity(self) -> Severity {
                match self {
                    $(FindingCode::$variant => Severity::$severity,)*
                }
            }
        }

        impl std::str::FromStr for FindingCode {
            type Err = UnknownFindingCode;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($name => Ok(FindingCode::$variant),)*
                    _ => Err(UnknownFindingCode(s.to_owned())),
                }
            }
        }
    };
}

finding_codes! {
    Placeholder => "placeholder", Error, "占位值";
    WrongLength => "wrong_length", Error, "长度错误";
    InvalidCharacter => "invalid_character", Error, "含非法字符";
    UnknownDepartment => "unknown_department", Error, "登记管理部门代码错误";
    UnknownCategory => "unknown_category", Error, "机构类别代码错误";
    DivisionNotDigits => "division_not_digits", Error, "行政区划码含非数字";
    ImpossibleDivision => "impossible_division", Error, "行政区划码不存在";
    NonMainlandDivision => "non_mainland_division", Error, "非大陆行政区划";
    OrgCodeCheckMismatch => "org_code_check_mismatch", Error, "主体标识码校验位错误";
    CheckCharMismatch => "check_char_mismatch", Error, "校验码错误";
    ExcelScientificNotation => "excel_scientific_notation", Error, "被Excel改为科学计数法";
    ExcelPrecisionLoss => "excel_precision_loss", Error, "被Excel截断精度";
    OtherIdentifier => "other_identifier", Error, "其他证照号码";
    IdentifierCheckFailed => "identifier_check_failed", Error, "证照号码校验失败";
    PilotEra => "pilot_era", Warning, "试点期代码";
    PossiblePilotEra => "possible_pilot_era", Warning, "疑似试点期代码";
    UnknownDivision => "unknown_division", Warning, "行政区划码未收录";
    RetiredDivision => "retired_division", Info, "行政区划码已撤销";
    NormalizedFullwidth => "normalized_fullwidth", Info, "全角字符已转半角";
    NormalizedLowercase => "normalized_lowercase", Info, "小写字母已转大写";
    NormalizedWhitespace => "normalized_whitespace", Info, "空白已清除";
    NormalizedInvisible => "normalized_invisible", Info, "不可见字符已清除";
    NormalizedHyphen => "normalized_hyphen", Info, "连字符已清除";
    NormalizedApostrophe => "normalized_apostrophe", Info, "前导撇号已清除";
    OneCodeManyNames => "one_code_many_names", Error, "一码多赋";
    SharedOrgCode => "shared_org_code", Error, "主体标识码重复";
    OneNameManyCodes => "one_name_many_codes", Error, "一主体多码";
    RepeatedRow => "repeated_row", Info, "重复记录";
    NotInRegistry => "not_in_registry", Warning, "登记库中无此代码";
    RegistryNameMismatch => "registry_name_mismatch", Warning, "与登记库名称不符";
}

impl fmt::Display for FindingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that names no finding code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown finding code {0:?}")]
pub struct UnknownFindingCode(pub String);

/// Extra facts some findings carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Detail {
    /// The number of characters found (`wrong_length`).
    Length(usize),
    /// The last year a retired division code was current (`retired_division`).
    LastYear(u16),
    /// The kind of identifier found (`other_identifier`, `identifier_check_failed`).
    Identifier(IdKind),
}

/// One thing a check found, with where and what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Finding {
    /// The stable name.
    pub code: FindingCode,
    /// First and last 1-based character positions concerned, when it applies.
    pub position: Option<(u8, u8)>,
    /// The character expected there, when one is.
    pub expected: Option<char>,
    /// The character found there.
    pub found: Option<char>,
    /// Extra facts.
    pub detail: Option<Detail>,
}

impl Finding {
    pub(crate) fn new(code: FindingCode) -> Finding {
        Finding { code, position: None, expected: None, found: None, detail: None }
    }

    pub(crate) fn at(mut self, first: usize, last: usize) -> Finding {
        self.position = Some((first as u8, last as u8));
        self
    }

    pub(crate) fn found(mut self, c: char) -> Finding {
        self.found = Some(c);
        self
    }

    pub(crate) fn expected(mut self, c: char) -> Finding {
        self.expected = Some(c);
        self
    }

    pub(crate) fn detail(mut self, d: Detail) -> Finding {
        self.detail = Some(d);
        self
    }

    /// The severity of the finding's code.
    #[must_use]
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    fn span_zh(&self) -> String {
        match self.position {
            Some((a, b)) if a == b => format!("第{a}位"),
            Some((a, b)) => format!("第{a}–{b}位"),
            None => String::new(),
        }
    }

    fn span_en(&self) -> String {
        match self.position {
            Some((a, b)) if a == b => format!("position {a}"),
            Some((a, b)) => format!("positions {a}–{b}"),
            None => String::new(),
        }
    }

    fn q(c: Option<char>) -> String {
        c.map_or_else(String::new, |c| format!("“{c}”"))
    }

    /// The message in Chinese.
    #[must_use]
    pub fn message_zh(&self) -> String {
        let at = self.span_zh();
        let found = Self::q(self.found);
        let expected = Self::q(self.expected);
        match self.code {
            FindingCode::Placeholder => "占位值，不是真实的统一社会信用代码".into(),
            FindingCode::WrongLength => match self.detail {
                Some(Detail::Length(n)) => format!("长度应为18位，实际为{n}位"),
                _ => "长度应为18位".into(),
            },
            FindingCode::InvalidCharacter => format!("{at}字符{found}不在代码字符集内（不使用I、O、S、V、Z）"),
            FindingCode::UnknownDepartment => format!("{at}登记管理部门代码{found}不存在"),
            FindingCode::UnknownCategory => format!("{at}机构类别代码{found}与登记管理部门不匹配"),
            FindingCode::DivisionNotDigits => format!("{at}行政区划码应为6位数字"),
            FindingCode::ImpossibleDivision => format!("{at}行政区划码的省级前缀不存在"),
            FindingCode::NonMainlandDivision => format!("{at}行政区划码属于港澳台地区，内地登记机关不使用"),
            FindingCode::OrgCodeCheckMismatch => format!("{at}主体标识码校验位错误：应为{expected}，实际为{found}"),
            FindingCode::CheckCharMismatch => format!("{at}校验码错误：应为{expected}，实际为{found}"),
            FindingCode::ExcelScientificNotation => "代码被Excel转成了科学计数法，原值已丢失".into(),
            FindingCode::ExcelPrecisionLoss => "代码被Excel当作数字保存，第15位之后的数字已丢失".into(),
            FindingCode::OtherIdentifier => match self.detail {
                Some(Detail::Identifier(k)) => format!("这是{}，不是统一社会信用代码", k.name_zh()),
                _ => "这是其他类型的证件号码，不是统一社会信用代码".into(),
            },
            FindingCode::IdentifierCheckFailed => match self.detail {
                Some(Detail::Identifier(k)) => format!("形似{}，但其校验未通过", k.name_zh()),
                _ => "形似其他证件号码，但其校验未通过".into(),
            },
            FindingCode::PilotEra => "福建试点时期赋予的代码：已实际发放，但不符合国家标准的校验规则".into(),
            FindingCode::PossiblePilotEra => "形似福建试点时期赋予的代码：若登记机关确认已发放，请勿修改".into(),
            FindingCode::UnknownDivision => format!("{at}行政区划码不在已公布的区划代码表中（开发区等可能使用）"),
            FindingCode::RetiredDivision => match self.detail {
                Some(Detail::LastYear(y)) => format!("{at}行政区划码已于{y}年撤销；赋码时有效，代码终身不变"),
                _ => format!("{at}行政区划码已撤销；赋码时有效，代码终身不变"),
            },
            FindingCode::NormalizedFullwidth => "已将全角字符转为半角".into(),
            FindingCode::NormalizedLowercase => "已将小写字母转为大写".into(),
            FindingCode::NormalizedWhitespace => "已删除空格、换行等空白字符".into(),
            FindingCode::NormalizedInvisible => "已删除零宽字符或BOM等不可见字符".into(),
            FindingCode::NormalizedHyphen => "已删除连字符".into(),
            FindingCode::NormalizedApostrophe => "已删除Excel文本前导撇号".into(),
            FindingCode::OneCodeManyNames => "一码多赋：同一代码对应多个不同名称的主体".into(),
            FindingCode::SharedOrgCode => "主体标识码（第9–17位）与其他主体的代码重复".into(),
            FindingCode::OneNameManyCodes => "一主体多码：同一名称的主体使用了多个不同代码".into(),
            FindingCode::RepeatedRow => "与前面的记录代码、名称、部门均相同（重复记录，不计为错误）".into(),
            FindingCode::NotInRegistry => "代码不在登记库中".into(),
            FindingCode::RegistryNameMismatch => "登记库中该代码对应的名称与记录不一致".into(),
        }
    }

    /// The message in English.
    #[must_use]
    pub fn message_en(&self) -> String {
        let at = self.span_en();
        let found = self.found.map_or_else(String::new, |c| format!("{c:?}"));
        let expected = self.expected.map_or_else(String::new, |c| format!("{c:?}"));
        match self.code {
            FindingCode::Placeholder => "a placeholder, not a real credit code".into(),
            FindingCode::WrongLength => match self.detail {
                Some(Detail::Length(n)) => format!("must have 18 characters, found {n}"),
                _ => "must have 18 characters".into(),
            },
            FindingCode::InvalidCharacter => {
                format!("{at}: {found} is not in the code alphabet (I, O, S, V and Z are never used)")
            }
            FindingCode::UnknownDepartment => format!("{at}: no registration department {found}"),
            FindingCode::UnknownCategory => format!("{at}: category {found} does not exist for this department"),
            FindingCode::DivisionNotDigits => format!("{at}: the division code must be six digits"),
            FindingCode::ImpossibleDivision => format!("{at}: the division code has no such province"),
            FindingCode::NonMainlandDivision => {
                format!("{at}: a Hong Kong, Macao or Taiwan division code, which no mainland authority uses")
            }
            FindingCode::OrgCodeCheckMismatch => {
                format!("{at}: organization-code check character should be {expected}, found {found}")
            }
            FindingCode::CheckCharMismatch => format!("{at}: check character should be {expected}, found {found}"),
            FindingCode::ExcelScientificNotation => {
                "Excel turned the code into scientific notation; the original is lost".into()
            }
            FindingCode::ExcelPrecisionLoss => {
                "Excel stored the code as a number and the digits after the 15th were lost".into()
            }
            FindingCode::OtherIdentifier => match self.detail {
                Some(Detail::Identifier(k)) => format!("a {}, not a credit code", k.name_en()),
                _ => "another kind of identifier, not a credit code".into(),
            },
            FindingCode::IdentifierCheckFailed => match self.detail {
                Some(Detail::Identifier(k)) => format!("shaped like a {}, but its check fails", k.name_en()),
                _ => "shaped like another identifier, but its check fails".into(),
            },
            FindingCode::PilotEra => {
                "a Fujian pilot-era code: really issued, but it does not follow the national check rule".into()
            }
            FindingCode::PossiblePilotEra => {
                "shaped like a Fujian pilot-era code: if the registry confirms it was issued, keep it".into()
            }
            FindingCode::UnknownDivision => {
                format!("{at}: division code in no published list (development zones use such codes)")
            }
            FindingCode::RetiredDivision => match self.detail {
                Some(Detail::LastYear(y)) => {
                    format!("{at}: division code retired in {y}; valid when issued, and codes keep it for life")
                }
                _ => format!("{at}: division code retired; valid when issued, and codes keep it for life"),
            },
            FindingCode::NormalizedFullwidth => "full-width characters made half-width".into(),
            FindingCode::NormalizedLowercase => "lower-case letters made upper-case".into(),
            FindingCode::NormalizedWhitespace => "spaces, tabs or line breaks removed".into(),
            FindingCode::NormalizedInvisible => "zero-width characters or a byte-order mark removed".into(),
            FindingCode::NormalizedHyphen => "hyphens removed".into(),
            FindingCode::NormalizedApostrophe => "leading Excel apostrophe removed".into(),
            FindingCode::OneCodeManyNames => "one code attached to several different entity names".into(),
            FindingCode::SharedOrgCode => "positions 9–17 are shared with another entity's code".into(),
            FindingCode::OneNameManyCodes => "one entity name under several different codes".into(),
            FindingCode::RepeatedRow => "same code, name and group as an earlier row (counted, not an error)".into(),
            FindingCode::NotInRegistry => "the code is not in the registry".into(),
            FindingCode::RegistryNameMismatch => "the registry has another name for this code".into(),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.code, self.severity().as_str(), self.message_en())
    }
}
