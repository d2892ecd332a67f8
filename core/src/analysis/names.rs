//! Entity names, compared after a documented normalization.

/// [`normalize_name`] without allocating when the name is already normal.
pub(crate) fn normalize_name_cow(name: &str) -> Option<std::borrow::Cow<'_, str>> {
    let clean = !name.is_empty()
        && name.chars().all(|c| {
            !c.is_whitespace()
                && !c.is_ascii_lowercase()
                && !matches!(c, '\u{FF01}'..='\u{FF5E}' | '\u{200B}'..='\u{200D}' | '\u{FEFF}')
        })
        && !name.ends_with(['.', '。', ',', '，', ';', '；', ':', '：', '、', '!', '！', '?', '？']);
    if clean { Some(std::borrow::Cow::Borrowed(name)) } else { normalize_name(name).map(std::borrow::Cow::Owned) }
}

/// Normalizes an entity name for comparison: full-width forms become
/// half-width (so `（）` become `()`), ASCII letters become upper case, every
/// whitespace character is removed, and trailing punctuation
/// (`.` `。` `,` `，` `;` `；` `:` `：` `、` `!` `！` `?` `？`) is dropped.
/// Returns `None` for a name that is empty after that.
///
/// ```
/// use uscc::analysis::normalize_name;
/// assert_eq!(normalize_name(" 华为技术有限公司。"), normalize_name("华为技术 有限公司"));
/// assert_eq!(normalize_name("深圳市某某（集团）有限公司").as_deref(), Some("深圳市某某(集团)有限公司"));
/// assert_eq!(normalize_name("  "), None);
/// ```
#[must_use]
pub fn normalize_name(name: &str) -> Option<String> {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        };
        if c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{FEFF}') {
            continue;
        }
        out.push(c.to_ascii_uppercase());
    }
    while let Some(last) = out.chars().last() {
        if matches!(last, '.' | '。' | ',' | '，' | ';' | '；' | ':' | '：' | '、' | '!' | '！' | '?' | '？') {
            out.pop();
        } else {
            break;
        }
    }
    (!out.is_empty()).then_some(out)
}
