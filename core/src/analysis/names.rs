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

/// Where the first byte from `from` on that may start a change is: a
/// [`SPECIAL`] byte, but an E3 that does not start U+3000–U+3002 (the
/// length when there is none). It is always where a character starts.
fn next_special(b: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(&c) = b.get(i) {
        if SPECIAL[c as usize] && (c != 0xE3 || b.get(i + 1) == Some(&0x80) && b.get(i + 2).is_some_and(|&x| x <= 0x82))
        {
            return i;
        }
        i += 1;
    }
    b.len()
}

/// Punctuation dropped from the end of a name.
const TRAILING: [char; 13] = ['.', '。', ',', '，', ';', '；', ':', '：', '、', '!', '！', '?', '？'];

/// What a character of a name becomes ([`normalize_name`]): a full-width
/// form its half-width one, ASCII upper case; `None` for white space and
/// the zero-width characters, which are dropped.
fn normal_char(c: char) -> Option<char> {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        c => c,
    };
    (!(c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{FEFF}'))).then(|| c.to_ascii_uppercase())
}

/// A name normalized by [`normalize_name_onto`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Normal<'a> {
    /// The name is normal as written.
    Same(&'a str),
    /// It is not: its normal form was appended to the buffer, here.
    Changed(std::ops::Range<usize>),
}

/// [`normalize_name`] in one pass, appending to `out` only when the name
/// changes (`None`: empty once normalized). The runs of bytes no character
/// change starts in (most names are all one) are copied as they are; only
/// the characters at [`next_special`] are looked at.
pub(crate) fn normalize_name_onto<'a>(name: &'a str, out: &mut String) -> Option<Normal<'a>> {
    let b = name.as_bytes();
    // Where the normal form starts in `out`, from the first character that
    // changes: the name up to it, then the rest normalized.
    let mut from: Option<usize> = None;
    let mut at = next_special(b, 0);
    while let Some(c) = name.get(at..).and_then(|rest| rest.chars().next()) {
        let next = at + c.len_utf8();
        let normal = normal_char(c);
        if from.is_none() && normal != Some(c) {
            from = Some(out.len());
            out.push_str(&name[..at]);
        }
        if from.is_some() {
            out.extend(normal);
        }
        at = next_special(b, next);
        if from.is_some() {
            out.push_str(name.get(next..at).unwrap_or_default());
        }
    }
    let Some(from) = from else {
        let kept = name.trim_end_matches(TRAILING);
        if kept.len() == name.len() {
            return (!name.is_empty()).then_some(Normal::Same(name));
        }
        if kept.is_empty() {
            return None;
        }
        out.push_str(kept);
        return Some(Normal::Changed(out.len() - kept.len()..out.len()));
    };
    let end = from + out[from..].trim_end_matches(TRAILING).len();
    out.truncate(end);
    (end > from).then_some(Normal::Changed(from..end))
}

/// [`normalize_name`] without allocating when the name is already normal
/// (borrowed exactly when nothing changes).
pub(crate) fn normalize_name_cow(name: &str) -> Option<std::borrow::Cow<'_, str>> {
    let mut out = String::new();
    Some(match normalize_name_onto(name, &mut out)? {
        Normal::Same(name) => std::borrow::Cow::Borrowed(name),
        Normal::Changed(_) => std::borrow::Cow::Owned(out),
    })
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
    let mut out: String = name.chars().filter_map(normal_char).collect();
    out.truncate(out.trim_end_matches(TRAILING).len());
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::{Normal, normalize_name, normalize_name_cow, normalize_name_onto};

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
        fn the_one_pass_agrees_with_the_char_by_char_rule(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES.to_vec()), 0..6),
        ) {
            let name = pieces.concat();
            let cow = normalize_name_cow(&name);
            let full = normalize_name(&name);
            proptest::prop_assert_eq!(cow.as_deref(), full.as_deref(), "{:?}", name);
            // Onto a buffer that holds text already: appended only when changed.
            let mut buf = String::from("前");
            match normalize_name_onto(&name, &mut buf) {
                None => proptest::prop_assert!(full.is_none() && buf == "前"),
                Some(Normal::Same(same)) => proptest::prop_assert!(same == name && full.as_deref() == Some(same) && buf == "前"),
                Some(Normal::Changed(r)) => {
                    proptest::prop_assert_eq!((r.start, r.end), ("前".len(), buf.len()));
                    proptest::prop_assert_eq!(Some(&buf[r]), full.as_deref());
                }
            }
            // Borrowed exactly when the name is left as it is.
            proptest::prop_assert_eq!(
                matches!(cow, Some(std::borrow::Cow::Borrowed(_))),
                full.as_deref() == Some(name.as_str()),
                "{:?}",
                name
            );
        }
    }
}
