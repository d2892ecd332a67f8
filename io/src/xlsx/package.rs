//! An XLSX file as a package: which part is the first worksheet, where its
//! shared strings and styles are, which number formats are dates; and a
//! part's XML read in blocks that end between elements.

use std::collections::HashMap;
use std::io::Read;

use super::numbers::{NumberKind, builtin_kind, format_kind};
use crate::workbook::{MAX_PART_BYTES, Source};
use crate::xml::{Piece, Pieces, attr, attr_text};

pub(crate) type Zip = zip::ZipArchive<Box<dyn Source>>;

/// The largest part read whole (relationships, the workbook, the styles).
const MAX_SMALL_PART: u64 = 64 << 20;

/// How much of a part's XML is read at a time.
pub(crate) const BLOCK: usize = 1 << 20;

/// Where the first worksheet's data is.
pub(crate) struct Parts {
    /// The first worksheet's part.
    pub sheet: String,
    /// The shared strings' part, if any.
    pub strings: Option<String>,
    /// Each cell style's number kind, by the style's index.
    pub styles: Vec<NumberKind>,
    /// Whether dates count from 1904 rather than 1900.
    pub is_1904: bool,
}

/// The index of a part: its name as written, else the same name in
/// another case or with `\` for `/` (as some programs write them).
pub(crate) fn find_part(zip: &Zip, name: &str) -> Option<usize> {
    zip.index_for_name(name).or_else(|| {
        let want = name.to_ascii_lowercase();
        zip.file_names_raw().position(|n| {
            n.len() == want.len()
                && n.iter()
                    .zip(want.as_bytes())
                    .all(|(&a, &b)| a.to_ascii_lowercase() == b || (a == b'\\' && b == b'/'))
        })
    })
}

/// A part's size uncompressed, as the archive declares it.
pub(crate) fn part_size(zip: &mut Zip, name: &str) -> Option<u64> {
    let i = find_part(zip, name)?;
    zip.by_index_raw(i).ok().map(|f| f.size())
}

/// A small part's bytes, `None` if the package has no such part.
fn small_part(zip: &mut Zip, name: &str) -> Result<Option<Vec<u8>>, String> {
    let Some(i) = find_part(zip, name) else { return Ok(None) };
    let part = zip.by_index(i).map_err(|e| e.to_string())?;
    if part.size() > MAX_SMALL_PART {
        return Err(format!("the part {name:?} is too large ({} MB)", part.size() >> 20));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(part.size()).unwrap_or(0));
    part.take(MAX_SMALL_PART).read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    Ok(Some(bytes))
}

/// A part's relationships: (id, type's last word, target part).
fn relationships(zip: &mut Zip, part: &str) -> Result<Vec<(String, String, String)>, String> {
    let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
    let rels = if dir.is_empty() { format!("_rels/{file}.rels") } else { format!("{dir}/_rels/{file}.rels") };
    let Some(xml) = small_part(zip, &rels)? else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    let mut pieces = Pieces::new(&xml);
    while let Some(p) = pieces.next_piece()? {
        if let Piece::Start { name: b"Relationship", attrs, .. } = p {
            let text = |n: &[u8]| attr_text(attrs, n).map(Option::unwrap_or_default);
            let (id, kind, target) = (text(b"Id")?, text(b"Type")?, text(b"Target")?);
            if attr_text(attrs, b"TargetMode")?.is_some_and(|m| m == "External") {
                continue;
            }
            let kind = kind.rsplit('/').next().unwrap_or_default().to_owned();
            out.push((id, kind, resolve(dir, &target)));
        }
    }
    Ok(out)
}

/// A relationship's target as a part name: from the package's root when
/// it starts with `/`, else from the relating part's folder (docs/rules.md,
/// "Workbooks").
fn resolve(dir: &str, target: &str) -> String {
    let target = target.replace('\\', "/");
    let mut path: Vec<&str> = match target.strip_prefix('/') {
        Some(_) => Vec::new(),
        None => dir.split('/').filter(|s| !s.is_empty()).collect(),
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                path.pop();
            }
            s => path.push(s),
        }
    }
    path.join("/")
}

impl Parts {
    /// Finds the parts from the package's relationships and workbook.
    pub(crate) fn find(zip: &mut Zip) -> Result<Parts, String> {
        let book = relationships(zip, "")?
            .into_iter()
            .find(|(_, kind, _)| kind == "officeDocument")
            .map_or_else(|| "xl/workbook.xml".to_owned(), |(_, _, target)| target);
        let xml = small_part(zip, &book)?.ok_or("the workbook part is missing")?;
        let rels = relationships(zip, &book)?;
        let mut is_1904 = false;
        let mut sheet = None;
        let mut pieces = Pieces::new(&xml);
        while let Some(p) = pieces.next_piece()? {
            match p {
                Piece::Start { name: b"workbookPr", attrs, .. } => {
                    is_1904 = matches!(attr(attrs, b"date1904"), Some(b"1" | b"true"));
                }
                Piece::Start { name: b"sheet", attrs, .. } if sheet.is_none() => {
                    let id = attr_text(attrs, b"id")?.unwrap_or_default();
                    sheet = rels.iter().find(|(i, kind, _)| *i == id && kind == "worksheet").map(|r| r.2.clone());
                }
                _ => {}
            }
        }
        let sheet = sheet.ok_or("the workbook has no worksheet")?;
        // A part the relationships name but the package lacks is no part.
        let part = |kind: &str, default: &str| {
            let named = rels.iter().find(|r| r.1 == kind).map_or(default, |r| r.2.as_str());
            find_part(zip, named).map(|_| named.to_owned())
        };
        let strings = part("sharedStrings", "xl/sharedStrings.xml");
        let styles = match part("styles", "xl/styles.xml") {
            Some(p) => styles(&small_part(zip, &p)?.unwrap_or_default())?,
            None => Vec::new(),
        };
        Ok(Parts { sheet, strings, styles, is_1904 })
    }
}

/// Each cell style's number kind: the styles part's `cellXfs`, each naming
/// a number format, built in or written in `numFmts`; a conditional
/// format's own `numFmt`, in `dxfs`, is no cell style's (docs/rules.md,
/// "Workbooks").
fn styles(xml: &[u8]) -> Result<Vec<NumberKind>, String> {
    let mut custom: HashMap<u32, NumberKind> = HashMap::new();
    let mut kinds = Vec::new();
    let (mut in_num_fmts, mut in_cell_xfs) = (false, false);
    let id = |attrs: &[u8]| attr(attrs, b"numFmtId").and_then(|v| std::str::from_utf8(v).ok()?.parse::<u32>().ok());
    let mut pieces = Pieces::new(xml);
    while let Some(p) = pieces.next_piece()? {
        match p {
            Piece::Start { name: b"numFmts", empty, .. } => in_num_fmts = !empty,
            Piece::End(b"numFmts") => in_num_fmts = false,
            Piece::Start { name: b"numFmt", attrs, .. } if in_num_fmts => {
                if let (Some(id), Some(code)) = (id(attrs), attr_text(attrs, b"formatCode")?) {
                    custom.insert(id, format_kind(&code));
                }
            }
            Piece::Start { name: b"cellXfs", empty, .. } => in_cell_xfs = !empty,
            Piece::End(b"cellXfs") => in_cell_xfs = false,
            Piece::Start { name: b"xf", attrs, .. } if in_cell_xfs => {
                let id = id(attrs).unwrap_or(0);
                kinds.push(custom.get(&id).copied().unwrap_or_else(|| builtin_kind(id)));
            }
            _ => {}
        }
    }
    Ok(kinds)
}

/// Where a block can end: just after the last end tag named `name` (with
/// or without a prefix) in `buf`.
fn last_end(buf: &[u8], name: &[u8]) -> Option<usize> {
    let mut needle = Vec::with_capacity(name.len() + 1);
    needle.extend_from_slice(name);
    needle.push(b'>');
    let mut hay = buf;
    while let Some(at) = memchr::memmem::rfind(hay, &needle) {
        let before = &hay[..at];
        let ok = match before {
            [.., b'<', b'/'] => true,
            [.., b':'] => {
                let start = before.iter().rposition(|&b| b == b'<').unwrap_or(0);
                before[start..].starts_with(b"</")
                    && !before[start + 2..].iter().any(|b| b.is_ascii_whitespace() || *b == b'>')
            }
            _ => false,
        };
        if ok {
            return Some(at + needle.len());
        }
        hay = before;
    }
    None
}

/// Reads a part's XML in blocks of about [`BLOCK`] bytes, each ending just
/// after an end tag named `name` (the last block: where the part ends),
/// and gives each to `each` until it says stop (`Ok(false)`). Errors: the
/// part's (a damaged archive), or `each`'s.
pub(crate) fn for_blocks<E>(
    zip: &mut Zip,
    part: &str,
    name: &[u8],
    read_error: impl Fn(String) -> E,
    each: &mut dyn FnMut(&[u8]) -> Result<bool, E>,
) -> Result<(), E> {
    let i = find_part(zip, part).ok_or_else(|| read_error(format!("the part {part:?} is missing")))?;
    let mut reader = zip.by_index(i).map_err(|e| read_error(e.to_string()))?;
    // A small part is read in one block of its own size.
    let size = usize::try_from(reader.size()).unwrap_or(BLOCK);
    let mut buf = vec![0u8; size.saturating_add(1).clamp(4096, BLOCK)];
    let (mut filled, mut total) = (0usize, 0u64);
    loop {
        // Fill the buffer, or reach the part's end.
        let mut end = false;
        while filled < buf.len() {
            match reader.read(&mut buf[filled..]) {
                Ok(0) => {
                    end = true;
                    break;
                }
                Ok(n) => {
                    filled += n;
                    total += n as u64;
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(read_error(e.to_string())),
            }
        }
        if total == filled as u64 && (buf.starts_with(b"\xFF\xFE") || buf.starts_with(b"\xFE\xFF")) {
            return Err(read_error(format!(
                "the part {part:?} is written in UTF-16, which is not read: save the workbook again from a spreadsheet program"
            )));
        }
        if total > MAX_PART_BYTES {
            return Err(read_error(format!("the part {part:?} expands past {} MB", MAX_PART_BYTES >> 20)));
        }
        let cut = if end { Some(filled) } else { last_end(&buf[..filled], name) };
        let Some(cut) = cut else {
            // One element longer than the buffer: read on with a larger one.
            buf.resize(buf.len() * 2, 0);
            continue;
        };
        if cut > 0 && !each(&buf[..cut])? {
            return Ok(());
        }
        if end {
            return Ok(());
        }
        buf.copy_within(cut..filled, 0);
        filled -= cut;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_ends() {
        assert_eq!(last_end(b"<row><c/></row><row>", b"row"), Some(15));
        assert_eq!(last_end(b"<x:row></x:row>  <x:row r", b"row"), Some(15));
        assert_eq!(last_end(b"<row></arrow>", b"row"), None);
        assert_eq!(last_end(b"<row>", b"row"), None);
    }

    #[test]
    fn targets() {
        assert_eq!(resolve("xl", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("xl", "/xl/worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        // `..` goes up one folder (docs/rules.md, "Workbooks").
        let up = ["..", "sharedStrings.xml"].join("/");
        assert_eq!(resolve("xl/sub", &up), "xl/sharedStrings.xml");
        assert_eq!(resolve("", "xl/workbook.xml"), "xl/workbook.xml");
    }

    #[test]
    fn date_styles() {
        let xml = r#"<styleSheet><numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>
            <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
            <cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/><xf numFmtId="49"/></cellXfs></styleSheet>"#;
        assert_eq!(
            styles(xml.as_bytes()).unwrap(),
            [NumberKind::Plain, NumberKind::Date, NumberKind::Date, NumberKind::Plain]
        );
        // A conditional format's number format, even placed before the
        // cell styles and under an id they use, is not theirs.
        let xml = r#"<styleSheet><numFmts count="1"><numFmt numFmtId="176" formatCode="0.00"/></numFmts>
            <dxfs count="1"><dxf><numFmt numFmtId="176" formatCode="yyyy-mm-dd"/></dxf></dxfs>
            <cellXfs count="2"><xf numFmtId="176"/><xf numFmtId="14"/></cellXfs></styleSheet>"#;
        assert_eq!(styles(xml.as_bytes()).unwrap(), [NumberKind::Plain, NumberKind::Date]);
    }
}
