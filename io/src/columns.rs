//! Which column holds what: found by the headers departments use, or named
//! by the user (a header name or a 1-based index).

use uscc::publicity::Role;

use crate::error::{InputError, clip, quote_list};
use crate::table::Table;

/// Which column holds what (0-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// The credit code.
    pub code: usize,
    /// The entity name (行政相对人名称).
    pub name: Option<usize>,
    /// The group (数据来源单位).
    pub group: Option<usize>,
    /// 双公示 columns named by hand: each role's column (0-based).
    pub roles: Vec<(Role, usize)>,
}

/// The user's choice of columns, each a header name or a 1-based index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnSpecs {
    /// The code column.
    pub code: Option<String>,
    /// The name column.
    pub name: Option<String>,
    /// The group column.
    pub group: Option<String>,
    /// 双公示 columns named by hand (`--column ROLE=HEADER`), each a header
    /// name or a 1-based index.
    pub roles: Vec<(uscc::publicity::Role, String)>,
}

/// Header names recognised for each role, in order of preference.
pub const CODE_HEADERS: &[&str] = &[
    "统一社会信用代码",
    "行政相对人代码_1",
    "行政相对人代码_1(统一社会信用代码)",
    "社会信用代码",
    "信用代码",
    "统一代码",
    "uscc",
    "credit_code",
    "code",
];
/// Header names of the entity-name column.
pub const NAME_HEADERS: &[&str] =
    &["行政相对人名称", "名称", "企业名称", "单位名称", "主体名称", "机构名称", "name", "entity_name"];
/// Header names of the group column.
pub const GROUP_HEADERS: &[&str] =
    &["数据来源单位", "数据来源单位名称", "部门", "来源单位", "报送单位", "department", "group"];

/// Finds a column by a user's spec (a header name, or a 1-based index).
#[must_use]
pub fn find_column(headers: &[String], spec: &str) -> Option<usize> {
    if let Ok(i) = spec.parse::<usize>() {
        return (1..=headers.len()).contains(&i).then(|| i - 1);
    }
    headers.iter().position(|h| h.eq_ignore_ascii_case(spec.trim()))
}

/// The first header among `names`, else the first a 双公示 file spells
/// for `role` in one of its ways.
fn guess(headers: &[String], names: &[&str], role: Role) -> Option<usize> {
    names
        .iter()
        .find_map(|n| headers.iter().position(|h| h.eq_ignore_ascii_case(n)))
        .or_else(|| headers.iter().position(|h| Role::of_header(h) == Some(role)))
}

/// Resolves the columns from the user's specs or the headers.
pub fn resolve(table: &Table, specs: &ColumnSpecs) -> Result<Columns, InputError> {
    resolve_headers(&table.headers, specs)
        .map_err(|message| InputError::new(&table.path, message).at(Some(table.header_row), None))
}

/// Resolves the columns of a header row from the user's specs or the
/// headers; the message says what is missing and lists the headers.
pub fn resolve_headers(h: &[String], specs: &ColumnSpecs) -> Result<Columns, String> {
    let pick = |spec: Option<&str>, names: &[&str], role: Role, what: &str| -> Result<Option<usize>, String> {
        match spec {
            Some(s) => find_column(h, s)
                .map(Some)
                .ok_or_else(|| format!("no {what} column {:?}; the headers are: {}", clip(s, 60), quote_list(h))),
            None => Ok(guess(h, names, role)),
        }
    };
    let code = pick(specs.code.as_deref().or(named_code(specs)), CODE_HEADERS, Role::CreditCode, "code")?.ok_or_else(
        || {
            format!(
                "no credit-code column found (looked for {}); the headers are: {}; name it with --code-column",
                CODE_HEADERS[..4].join(", "),
                quote_list(h)
            )
        },
    )?;
    let named = |role: Role| specs.roles.iter().find(|r| r.0 == role).map(|r| r.1.as_str());
    let mut roles = Vec::new();
    for (role, spec) in &specs.roles {
        let col = pick(Some(spec), &[], *role, role.as_str())?.unwrap_or_default();
        roles.push((*role, col));
    }
    Ok(Columns {
        code,
        name: pick(specs.name.as_deref().or(named(Role::Name)), NAME_HEADERS, Role::Name, "name")?,
        group: pick(specs.group.as_deref(), GROUP_HEADERS, Role::Source, "group")?,
        roles,
    })
}

/// The code column named as the 双公示 role `code_1`.
fn named_code(specs: &ColumnSpecs) -> Option<&str> {
    specs.roles.iter().find(|r| r.0 == Role::CreditCode).map(|r| r.1.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_publicity_files_columns_are_found_in_their_spellings() {
        let headers: Vec<String> = ["*行政相对人名称", "行政相对人代码1（统一社会信用代码）", "数据来源单位（必填）"]
            .map(String::from)
            .to_vec();
        let c = resolve_headers(&headers, &ColumnSpecs::default()).unwrap();
        assert_eq!((c.code, c.name, c.group), (1, Some(0), Some(2)));
        let e = resolve_headers(&headers[..1], &ColumnSpecs::default()).unwrap_err();
        assert!(e.starts_with("no credit-code column found") && e.contains("*行政相对人名称"), "{e}");
    }
}
