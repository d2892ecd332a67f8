//! Entity names, compared after a documented normalization.

/// Bytes that may start something [`normalize_name`] changes: ASCII
/// lower case and white space, and the lead bytes of every other character
/// it changes or drops (U+0085 and U+00A0; U+1680; U+2000–U+205F; U+3000–U+3002;
/// U+FEFF and the full-width forms). Most names (Chinese characters, digits,
/// upper case) have none, and are known to be normal from their bytes alone.
/// E3 also leads the CJK punctuation names are full of (〔〕《》「」), so it
/// is special only before 80 80–82 (U+3000–U+3002).
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = b'a';
    while c <= b'z' {
        t[c as usize] = true;
        c += 1;
    }
    let mut i = 0;
    let others = [b'\t', b'\n', 0x0B, 0x0C, b'\r', b' ', 0xC2, 0xE1, 0xE2, 0xE3, 0xEF];
    while i < others.len() {
        t[others[i] as usize] = true;
        i += 1;
    }
    t
};

/// Whether a name's bytes show it normal: no [`SPECIAL`] byte but an E3
/// that does not start U+3000–U+3002.
fn plainly_normal(b: &[u8]) -> bool {
    b.iter().enumerate().all(|(i, &c)| {
        !SPECIAL[c as usize]
            || (c == 0xE3 && !(b.get(i + 1) == Some(&0x80) && b.get(i + 2).is_some_and(|&x| x <= 0x82)))
    })
}

/// [`normalize_name`] without allocating when the name is already normal.
pub(crate) fn normalize_name_cow(name: &str) -> Option<std::borrow::Cow<'_, str>> {
    let quick = plainly_normal(name.as_bytes()) && !name.ends_with(['.', ',', ';', ':', '!', '?']) && !name.is_empty();
    let clean = quick || is_normal(name);
    if clean { Some(std::borrow::Cow::Borrowed(name)) } else { normalize_name(name).map(std::borrow::Cow::Owned) }
}

/// Whether [`normalize_name`] leaves `name` as it is, char by char.
fn is_normal(name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|c| {
            !c.is_whitespace()
                && !c.is_ascii_lowercase()
                && !matches!(c, '\u{FF01}'..='\u{FF5E}' | '\u{200B}'..='\u{200D}' | '\u{FEFF}')
        })
        && !name.ends_with(['.', '。', ',', '，', ';', '；', ':', '：', '、', '!', '！', '?', '？'])
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

#[cfg(test)]
mod tests {
    use super::{is_normal, normalize_name, normalize_name_cow};

    /// Every character the normalization touches, and its neighbours.
    const PIECES: [&str; 42] = [
        "华为",
        "技术",
        "A",
        "a",
        "1",
        " ",
        "\t",
        "\u{85}",
        "\u{a0}",
        "\u{1680}",
        "\u{2000}",
        "\u{200b}",
        "\u{2028}",
        "\u{202f}",
        "\u{205f}",
        "\u{3000}",
        "、",
        "。",
        "《",
        "〔",
        "〕",
        "\u{3003}",
        "々",
        "\u{30ff}",
        "\u{feff}",
        "（",
        "）",
        "Ａ",
        "ｚ",
        "\u{ff5f}",
        "，",
        "．",
        ".",
        ",",
        ";",
        ":",
        "!",
        "?",
        "Ｉ",
        "é",
        "ß",
        "\u{1f600}",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]
        #[test]
        fn the_quick_check_agrees_with_the_char_check(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES.to_vec()), 0..6),
        ) {
            let name = pieces.concat();
            let cow = normalize_name_cow(&name);
            let full = normalize_name(&name);
            proptest::prop_assert_eq!(cow.as_deref(), full.as_deref(), "{:?}", name);
            proptest::prop_assert_eq!(
                matches!(cow, Some(std::borrow::Cow::Borrowed(_))),
                is_normal(&name),
                "{:?}",
                name
            );
        }
    }
}
