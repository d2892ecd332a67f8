//! The XML of a workbook's parts, read as pieces (tags and the text between
//! them) straight from the bytes: what the XLSX reader needs and no more.
//! Names are compared without their namespace prefix (`x:row` is `row`);
//! entities are the five of XML and character references; a DTD is refused
//! (a workbook has none, and its entities are never expanded).

/// One piece of XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    /// A start tag: its name without prefix, its attributes' text, and
    /// whether it closes itself (`<a/>`).
    Start { name: &'a [u8], attrs: &'a [u8], empty: bool },
    /// An end tag's name without prefix.
    End(&'a [u8]),
    /// Text between tags, as written (entities not replaced).
    Text(&'a [u8]),
    /// The content of a CDATA section, taken as it is.
    CData(&'a [u8]),
}

/// The pieces of a stretch of XML, in order; the stretch must not end
/// inside a tag.
pub(crate) struct Pieces<'a> {
    xml: &'a [u8],
    at: usize,
}

/// The name after its namespace prefix.
pub(crate) fn local(name: &[u8]) -> &[u8] {
    name.iter().rposition(|&b| b == b':').map_or(name, |i| &name[i + 1..])
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

impl<'a> Pieces<'a> {
    pub(crate) fn new(xml: &'a [u8]) -> Pieces<'a> {
        Pieces { xml, at: 0 }
    }

    /// What is left to read.
    pub(crate) fn rest(&self) -> &'a [u8] {
        &self.xml[self.at..]
    }

    /// Skips bytes already read through [`Pieces::rest`].
    pub(crate) fn skip(&mut self, n: usize) {
        self.at = (self.at + n).min(self.xml.len());
    }

    /// The next piece, `None` at the end; an error for a tag that does not
    /// end or a DTD.
    pub(crate) fn next_piece(&mut self) -> Result<Option<Piece<'a>>, String> {
        loop {
            let rest = &self.xml[self.at..];
            if rest.is_empty() {
                return Ok(None);
            }
            if rest[0] != b'<' {
                let len = memchr::memchr(b'<', rest).unwrap_or(rest.len());
                self.at += len;
                return Ok(Some(Piece::Text(&rest[..len])));
            }
            let unended = || "a tag that does not end".to_owned();
            if rest.starts_with(b"<?") {
                self.at += find(rest, b"?>").ok_or_else(unended)? + 2;
                continue;
            }
            if rest.starts_with(b"<!--") {
                self.at += find(rest, b"-->").ok_or_else(unended)? + 3;
                continue;
            }
            if rest.starts_with(b"<![CDATA[") {
                let end = find(rest, b"]]>").ok_or_else(unended)?;
                self.at += end + 3;
                return Ok(Some(Piece::CData(&rest[9..end])));
            }
            if rest.starts_with(b"<!") {
                return Err("a document type declaration (<!DOCTYPE): not read in a workbook".into());
            }
            // The tag's end: the first `>` outside quotes.
            let mut end = 1;
            loop {
                let Some(i) = memchr::memchr3(b'>', b'"', b'\'', &rest[end..]) else { return Err(unended()) };
                let b = rest[end + i];
                end += i + 1;
                if b == b'>' {
                    break;
                }
                let close = memchr::memchr(b, &rest[end..]).ok_or_else(unended)?;
                end += close + 1;
            }
            self.at += end;
            let tag = &rest[1..end - 1];
            if let Some(name) = tag.strip_prefix(b"/") {
                return Ok(Some(Piece::End(local(checked_name(name.trim_ascii_end())?))));
            }
            let (tag, empty) = match tag.strip_suffix(b"/") {
                Some(t) => (t, true),
                None => (tag, false),
            };
            let name_len = tag.iter().position(u8::is_ascii_whitespace).unwrap_or(tag.len());
            let name = checked_name(&tag[..name_len])?;
            return Ok(Some(Piece::Start { name: local(name), attrs: &tag[name_len..], empty }));
        }
    }
}

/// A tag's name, if it is one.
fn checked_name(name: &[u8]) -> Result<&[u8], String> {
    if name.is_empty() || name.iter().any(|b| matches!(b, b'<' | b'>' | b'/' | b'=' | b'"' | b'\'' | b'&')) {
        return Err(format!("not a tag: <{}>", String::from_utf8_lossy(&name[..name.len().min(20)])));
    }
    Ok(name)
}

/// The attributes' (name without prefix, value as written) pairs, in
/// order, up to the first that is not one.
fn attributes(mut attrs: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    std::iter::from_fn(move || {
        attrs = attrs.trim_ascii_start();
        let eq = memchr::memchr(b'=', attrs)?;
        let name = local(attrs[..eq].trim_ascii());
        attrs = attrs[eq + 1..].trim_ascii_start();
        let quote = *attrs.first()?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let len = memchr::memchr(quote, &attrs[1..])?;
        let value = &attrs[1..=len];
        attrs = &attrs[len + 2..];
        Some((name, value))
    })
}

/// An attribute's value as written (entities not replaced), found by its
/// name without prefix.
pub(crate) fn attr<'a>(attrs: &'a [u8], want: &[u8]) -> Option<&'a [u8]> {
    attributes(attrs).find(|(name, _)| *name == want).map(|(_, value)| value)
}

/// The values of three attributes (as written), found in one pass over
/// the attributes' text: the common case of a cell's `r`, `s` and `t`.
pub(crate) fn attrs3<'a>(attrs: &'a [u8], names: [&[u8]; 3]) -> [Option<&'a [u8]>; 3] {
    let mut found = [None; 3];
    for (name, value) in attributes(attrs) {
        if let Some(i) = names.iter().position(|n| *n == name) {
            found[i] = Some(value);
        }
    }
    found
}

/// An element holding text alone, written plainly at the start of `xml`
/// (`<v>42</v>`, no attributes, no prefix): its text as written and the
/// element's length. The common case of a cell's value, read without
/// taking it piece by piece.
pub(crate) fn plain_element<'a>(xml: &'a [u8], name: &[u8]) -> Option<(&'a [u8], usize)> {
    let n = name.len();
    if xml.len() < 2 * n + 5 || xml[0] != b'<' || &xml[1..=n] != name || xml[n + 1] != b'>' {
        return None;
    }
    let text_at = n + 2;
    let len = memchr::memchr(b'<', &xml[text_at..])?;
    let end = &xml[text_at + len..];
    (end.len() >= n + 3 && end[1] == b'/' && &end[2..2 + n] == name && end[2 + n] == b'>')
        .then(|| (&xml[text_at..text_at + len], text_at + len + n + 3))
}

/// An attribute's value as text, entities replaced.
pub(crate) fn attr_text(attrs: &[u8], want: &[u8]) -> Result<Option<String>, String> {
    let Some(raw) = attr(attrs, want) else { return Ok(None) };
    let mut out = Vec::with_capacity(raw.len());
    push_text(raw, &mut out)?;
    String::from_utf8(out).map(Some).map_err(|_| "an attribute that is not UTF-8".into())
}

/// Appends text as XML means it: entities replaced, line ends as `\n`.
pub(crate) fn push_text(raw: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
    let mut rest = raw;
    while let Some(i) = memchr::memchr2(b'&', b'\r', rest) {
        out.extend_from_slice(&rest[..i]);
        if rest[i] == b'\r' {
            out.push(b'\n');
            rest = &rest[i + 1..];
            if rest.first() == Some(&b'\n') {
                rest = &rest[1..];
            }
            continue;
        }
        let after = &rest[i + 1..];
        let end = memchr::memchr(b';', &after[..after.len().min(12)]).ok_or("an `&` that starts no entity")?;
        let name = &after[..end];
        match name {
            b"amp" => out.push(b'&'),
            b"lt" => out.push(b'<'),
            b"gt" => out.push(b'>'),
            b"quot" => out.push(b'"'),
            b"apos" => out.push(b'\''),
            _ => {
                let code = match name {
                    [b'#', b'x' | b'X', hex @ ..] => parse_radix(hex, 16),
                    [b'#', dec @ ..] => parse_radix(dec, 10),
                    _ => None,
                };
                let c = code.and_then(char::from_u32).filter(|&c| c != '\0').ok_or_else(|| {
                    format!("an unknown entity &{};", String::from_utf8_lossy(&name[..name.len().min(10)]))
                })?;
                out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            }
        }
        rest = &after[end + 1..];
    }
    out.extend_from_slice(rest);
    Ok(())
}

fn parse_radix(digits: &[u8], radix: u32) -> Option<u32> {
    if digits.is_empty() || digits.len() > 8 {
        return None;
    }
    u32::from_str_radix(std::str::from_utf8(digits).ok()?, radix).ok()
}

/// Appends text with the workbook's own escapes replaced: a character that
/// XML cannot hold (a carriage return, a control character) is written
/// `_xHHHH_`, its UTF-16 unit in hexadecimal (a character past the basic
/// plane as two such units); `_x005F_` is an underscore. A unit that pairs
/// with nothing becomes U+FFFD.
pub(crate) fn push_unescaped(text: &[u8], out: &mut Vec<u8>) {
    let unit = |at: usize| -> Option<u16> {
        let b = text.get(at..at + 7)?;
        if b[0] != b'_' || b[1] != b'x' || b[6] != b'_' || !b[2..6].iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&b[2..6]).ok()?, 16).ok()
    };
    let mut copied = 0;
    let mut at = 0;
    while let Some(i) = memchr::memchr(b'_', &text[at..]) {
        let start = at + i;
        let Some(u) = unit(start) else {
            at = start + 1;
            continue;
        };
        out.extend_from_slice(&text[copied..start]);
        at = start + 7;
        let c = match u {
            0xD800..=0xDBFF => match unit(at) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    at += 7;
                    char::from_u32(0x10000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(low) - 0xDC00))
                }
                _ => None,
            },
            _ => char::from_u32(u32::from(u)),
        };
        out.extend_from_slice(c.unwrap_or(char::REPLACEMENT_CHARACTER).encode_utf8(&mut [0; 4]).as_bytes());
        copied = at;
    }
    out.extend_from_slice(&text[copied..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(xml: &str) -> Vec<Piece<'_>> {
        let mut p = Pieces::new(xml.as_bytes());
        let mut v = Vec::new();
        while let Some(x) = p.next_piece().unwrap() {
            v.push(x);
        }
        v
    }

    #[test]
    fn pieces_of_a_row() {
        let xml =
            r#"<?xml version="1.0"?><!-- c --><x:row r="2" t='a>b'><c r="A2"/><v>1 &amp; 2</v><![CDATA[<z>]]></x:row>"#;
        let p = all(xml);
        assert_eq!(p[0], Piece::Start { name: b"row", attrs: br#" r="2" t='a>b'"#, empty: false });
        assert_eq!(p[1], Piece::Start { name: b"c", attrs: br#" r="A2""#, empty: true });
        assert_eq!(p[3], Piece::Text(b"1 &amp; 2"));
        assert_eq!(p[5], Piece::CData(b"<z>"));
        assert_eq!(p[6], Piece::End(b"row"));
        assert_eq!(attr(br#" r="2" t='a>b'"#, b"t"), Some(&b"a>b"[..]));
        assert_eq!(attr(br#" xml:space="preserve""#, b"space"), Some(&b"preserve"[..]));
        assert_eq!(attr(br#" r="2""#, b"s"), None);
        assert_eq!(attrs3(br#" t="s" x:r='B2'"#, [b"r", b"s", b"t"]), [Some(&b"B2"[..]), None, Some(&b"s"[..])]);
        assert_eq!(plain_element(b"<v>42</v></c>", b"v"), Some((&b"42"[..], 9)));
        assert_eq!(plain_element(b"<v></v>", b"v"), Some((&b""[..], 7)));
        for no in [&b"<v>4<x/></v>"[..], b"<vv>4</vv>", b"<v a=\"1\">4</v>", b"<v>42</w>", b"<v>42"] {
            assert_eq!(plain_element(no, b"v"), None, "{}", String::from_utf8_lossy(no));
        }
        for bad in ["<a", "<a b=\"c>", "<!DOCTYPE x>", "<!-- x"] {
            assert!(Pieces::new(bad.as_bytes()).next_piece().is_err(), "{bad}");
        }
    }

    #[test]
    fn text_and_escapes() {
        let mut out = Vec::new();
        push_text(b"a&lt;b&#x4E2D;&#25991;\r\nc\rd", &mut out).unwrap();
        assert_eq!(out, "a<b中文\nc\nd".as_bytes());
        for bad in [&b"&nbsp;"[..], b"& x", b"&#0;", b"&#xD800;"] {
            assert!(push_text(bad, &mut Vec::new()).is_err());
        }
        let mut out = Vec::new();
        push_unescaped(b"a_x000D_b_x005F_x000D__xD83D__xDCF7__xD83D_x_x", &mut out);
        assert_eq!(String::from_utf8(out).unwrap(), "a\rb_x000D_\u{1F4F7}\u{FFFD}x_x");
    }
}
