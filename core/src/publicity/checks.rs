//! The 双公示 column checks by name: each finding's stable name, its
//! messages in Chinese and English, how serious it is (docs/findings.md,
//! "双公示 columns").

use crate::finding::Severity;

/// A column check's finding, with a stable name (docs/findings.md, "双公示
/// columns").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Check {
    /// 代码_2 is not 15 digits passing ISO 7064 MOD 11,10.
    RegistrationNumberInvalid,
    /// 代码_3 is not an organization code passing GB 11714's check.
    OrganizationCodeInvalid,
    /// 代码_4 is neither a division code and an organization code nor an
    /// 18-character credit code.
    TaxNumberInvalid,
    /// A resident identity number whose shape or check digit is wrong.
    IdNumberInvalid,
    /// A resident identity number whose birth date is not a real date, or
    /// is after today.
    IdBirthDateInvalid,
    /// 代码_3 differs from positions 9–17 of 代码_1.
    OrganizationCodeMismatch,
    /// 代码_4 differs from positions 3–17 of 代码_1 (and from 代码_1).
    TaxNumberMismatch,
    /// 代码_1 is empty for a subject that is not a natural person (应填未填).
    CreditCodeMissing,
    /// A natural person (自然人) with a credit code in 代码_1.
    NaturalPersonWithCreditCode,
    /// A natural person without a valid identity number.
    NaturalPersonWithoutId,
    /// A 个体工商户 whose credit code does not start with 92.
    IndividualBusinessCategory,
    /// An authority's or the source's credit code is not a valid code.
    PublicBodyCodeInvalid,
    /// An authority's or the source's credit code is valid but not that of
    /// a 机关 or 事业单位 (department 1, category 1 or 2): a warning.
    NotPublicBody,
    /// A date cell that is not a date.
    DateInvalid,
    /// A decision date after today.
    DateInFuture,
    /// 有效期至 before 有效期自.
    ValidToBeforeValidFrom,
    /// The same decision (number and subject) as an earlier row: 重复公示.
    DecisionNumberRepeated,
    /// A public body's name given a code other than the one it is given
    /// most often in the data set.
    PublicBodyManyCodes,
    /// A public body's code given a name other than the one it is given
    /// most often in the data set: a warning.
    PublicBodyManyNames,
}

impl Check {
    /// Every check, in documentation order.
    pub const ALL: [Check; 19] = [
        Check::RegistrationNumberInvalid,
        Check::OrganizationCodeInvalid,
        Check::TaxNumberInvalid,
        Check::IdNumberInvalid,
        Check::IdBirthDateInvalid,
        Check::OrganizationCodeMismatch,
        Check::TaxNumberMismatch,
        Check::CreditCodeMissing,
        Check::NaturalPersonWithCreditCode,
        Check::NaturalPersonWithoutId,
        Check::IndividualBusinessCategory,
        Check::PublicBodyCodeInvalid,
        Check::NotPublicBody,
        Check::DateInvalid,
        Check::DateInFuture,
        Check::ValidToBeforeValidFrom,
        Check::DecisionNumberRepeated,
        Check::PublicBodyManyCodes,
        Check::PublicBodyManyNames,
    ];

    /// Stable snake_case name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        self.texts().0
    }

    /// The message in Chinese.
    #[must_use]
    pub fn message_zh(self) -> &'static str {
        self.texts().1
    }

    /// The message in English.
    #[must_use]
    pub fn message_en(self) -> &'static str {
        self.texts().2
    }

    /// How serious it is: every check is an error but
    /// [`Check::NotPublicBody`] and [`Check::PublicBodyManyNames`].
    #[must_use]
    pub fn severity(self) -> Severity {
        if matches!(self, Check::NotPublicBody | Check::PublicBodyManyNames) {
            Severity::Warning
        } else {
            Severity::Error
        }
    }

    /// Whether the check compares rows with each other ([`Across`]) rather
    /// than looking at one row ([`check_record`]).
    #[must_use]
    pub fn across_rows(self) -> bool {
        matches!(self, Check::DecisionNumberRepeated | Check::PublicBodyManyCodes | Check::PublicBodyManyNames)
    }

    fn texts(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Check::RegistrationNumberInvalid => (
                "registration_number_invalid",
                "工商注册号无效：应为15位数字，校验位按 ISO 7064 MOD 11,10",
                "registration number invalid: 15 digits with an ISO 7064 MOD 11,10 check digit",
            ),
            Check::OrganizationCodeInvalid => (
                "organization_code_invalid",
                "组织机构代码无效：应为8位本体代码加1位校验码（GB 11714）",
                "organization code invalid: 8 characters and a GB 11714 check character",
            ),
            Check::TaxNumberInvalid => (
                "tax_number_invalid",
                "税务登记号无效：应为6位行政区划码加9位组织机构代码，或18位统一社会信用代码",
                "tax registration number invalid: a 6-digit division code and an organization code, or the credit code",
            ),
            Check::IdNumberInvalid => (
                "id_number_invalid",
                "身份证号码无效：格式或校验码不符",
                "resident identity number invalid: wrong shape or check digit",
            ),
            Check::IdBirthDateInvalid => (
                "id_birth_date_invalid",
                "身份证号码的出生日期不是真实日期，或晚于今天",
                "resident identity number's birth date is not a real date, or is in the future",
            ),
            Check::OrganizationCodeMismatch => (
                "organization_code_mismatch",
                "组织机构代码应与统一社会信用代码第9–17位相同",
                "organization code differs from positions 9-17 of the credit code",
            ),
            Check::TaxNumberMismatch => (
                "tax_number_mismatch",
                "税务登记号应与统一社会信用代码第3–17位相同（或即为统一社会信用代码）",
                "tax registration number differs from positions 3-17 of the credit code",
            ),
            Check::CreditCodeMissing => (
                "credit_code_missing",
                "应填未填：非自然人的统一社会信用代码为空",
                "credit code missing for a subject that is not a natural person",
            ),
            Check::NaturalPersonWithCreditCode => (
                "natural_person_with_credit_code",
                "自然人不应填写统一社会信用代码",
                "a natural person carries no credit code",
            ),
            Check::NaturalPersonWithoutId => (
                "natural_person_without_id",
                "自然人缺少有效的证件号码",
                "a natural person without a valid identity number",
            ),
            Check::IndividualBusinessCategory => (
                "individual_business_category",
                "个体工商户的统一社会信用代码应以92开头（登记管理部门9、机构类别2）",
                "an individual business's credit code should start with 92",
            ),
            Check::PublicBodyCodeInvalid => (
                "public_body_code_invalid",
                "机关的统一社会信用代码无效",
                "the authority's credit code is not a valid code",
            ),
            Check::NotPublicBody => (
                "not_public_body",
                "该代码不是机关或事业单位的代码（应以11或12开头）",
                "the code is not that of a public body (should start with 11 or 12)",
            ),
            Check::DateInvalid => ("date_invalid", "不是有效日期", "not a date"),
            Check::DateInFuture => ("date_in_future", "决定日期晚于今天", "decision date in the future"),
            Check::ValidToBeforeValidFrom => {
                ("valid_to_before_valid_from", "有效期至早于有效期自", "valid-to date before valid-from date")
            }
            Check::DecisionNumberRepeated => (
                "decision_number_repeated",
                "重复公示：同一决定文书号、同一行政相对人已在前面的行公示",
                "the same decision (number and subject) published again",
            ),
            Check::PublicBodyManyCodes => (
                "public_body_many_codes",
                "同一机关（单位）名称在本数据中对应多个统一社会信用代码",
                "a public body's name under several credit codes in the data set",
            ),
            Check::PublicBodyManyNames => (
                "public_body_many_names",
                "同一统一社会信用代码在本数据中对应多个机关（单位）名称",
                "a public body's credit code under several names in the data set",
            ),
        }
    }
}
