//! The XLSX reader on workbooks as Excel-like programs write them, on
//! hand-written parts covering what the format allows, and against
//! calamine's reading of the same strings.

use std::fmt::Write as _;
use std::io::{Cursor, Write};
use std::path::Path;

use proptest::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

use crate::{ReadOptions, Table};

/// A row's number and cells.
type Row = (u64, Vec<String>);

/// The header and every row of a workbook's bytes.
fn read(bytes: Vec<u8>) -> Result<(Vec<String>, Vec<Row>), String> {
    let path = Path::new("t.xlsx");
    let mut table =
        Table::from_source(path, Box::new(Cursor::new(bytes)), ReadOptions::default()).map_err(|e| e.to_string())?;
    let mut rows = Vec::new();
    table
        .for_each(&mut |row, rec| {
            rows.push((row, rec.iter().map(|c| String::from_utf8(c.to_vec()).unwrap()).collect()));
            Ok(true)
        })
        .map_err(|e| e.to_string())?;
    Ok((table.headers.clone(), rows))
}

/// An XLSX archive from its parts' XML (the package's relationships, the
/// workbook and its relationships given by the caller or a default).
fn package(parts: &[(&str, &str)]) -> Vec<u8> {
    let parts: Vec<(&str, &[u8])> = parts.iter().map(|(n, b)| (*n, b.as_bytes())).collect();
    package_bytes(&parts)
}

/// [`package`] with parts of any bytes.
fn package_bytes(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    let defaults: [(&str, &[u8]); 3] = [
        (
            "_rels/.rels",
            br#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            br#"<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            br#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#,
        ),
    ];
    for (name, body) in defaults.iter().filter(|(n, _)| !parts.iter().any(|(p, _)| p == n)).chain(parts) {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(body).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn texts(rows: &[Row]) -> Vec<Vec<&str>> {
    rows.iter().map(|(_, r)| r.iter().map(String::as_str).collect()).collect()
}

#[test]
fn reads_what_a_spreadsheet_program_writes() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy/m/d");
    let plain = Format::new().set_num_format("0.00");
    let bold = Format::new().set_bold();
    sheet.write_string(0, 0, "统一社会信用代码").unwrap();
    sheet.write_string(0, 1, "名称").unwrap();
    sheet.write_string(0, 2, "日期").unwrap();
    sheet.write_number(1, 0, 914_403_001_922_038_216.0).unwrap();
    sheet.write_string(1, 1, "  华为  ").unwrap();
    sheet.write_datetime_with_format(1, 2, ExcelDateTime::from_ymd(2026, 11, 30).unwrap(), &date).unwrap();
    // Row 3 is blank; row 4 has a date and time, a number shown with two
    // decimals, a true/false cell, rich text, a formula's text.
    let at = ExcelDateTime::from_ymd(2026, 11, 30).unwrap().and_hms(8, 30, 0).unwrap();
    sheet.write_datetime_with_format(3, 0, at, &Format::new().set_num_format("yyyy-mm-dd hh:mm")).unwrap();
    sheet.write_number_with_format(3, 1, 12.5, &plain).unwrap();
    sheet.write_boolean(3, 2, true).unwrap();
    sheet.write_rich_string(3, 3, &[(&bold, "深圳"), (&Format::new(), "华为")]).unwrap();
    sheet.write_formula(3, 4, Formula::new("=B2").set_result("华为")).unwrap();
    sheet.write_string(3, 6, "a\r\nb_x000D_").unwrap();
    let (headers, rows) = read(book.save_to_buffer().unwrap()).unwrap();
    assert_eq!(headers, ["统一社会信用代码", "名称", "日期"]);
    assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), [2, 4]);
    assert_eq!(
        texts(&rows),
        [
            vec!["914403001922038000", "  华为  ", "2026-11-30"],
            vec!["2026-11-30 08:30:00", "12.5", "true", "深圳华为", "华为", "", "a\r\nb_x000D_"],
        ]
    );
}

#[test]
fn reads_what_the_format_allows() {
    let strings = r#"<sst count="4" uniqueCount="4"><si><t>code</t></si><si><r><t xml:space="preserve">深圳 </t></r><r><t>华为</t></r><rPh><t>シンセン</t></rPh></si><si/><si><t>
    trimmed
    </t></si></sst>"#;
    let styles = r#"<styleSheet><numFmts><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="46"/></cellXfs></styleSheet>"#;
    let sheet = r#"<?xml version="1.0"?><x:worksheet xmlns:x="m"><x:dimension ref="A1:Z9"/><x:sheetData>
        <x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c t="inlineStr"><x:is><x:t>b&amp;c</x:t></x:is></x:c></x:row>
        <x:row><x:c t="s"><x:v> 1 </x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c><x:c s="1"><x:v>46356</x:v></x:c><x:c s="2"><x:v>1.5</x:v></x:c></x:row>
        <x:row r="5"><x:c r="C5" t="s"><x:v>2</x:v></x:c></x:row>
        <x:row r="6"><x:c r="B6" t="str"><x:f>A1</x:f><x:v>x_x000D_y</x:v></x:c><x:c r="C6" t="d"><x:v>2026-11-30T00:00:00</x:v></x:c><x:c r="D6"><x:v><![CDATA[12 a]]></x:v></x:c><x:c r="E6" t="s"><x:v>3</x:v></x:c><x:c r="F6"/></x:row>
        <x:row r="7"><x:c r="A7" t="inlineStr"><x:is><x:r><x:t>&#x4E2D;&#25991;</x:t></x:r></x:is></x:c></x:row>
    </x:sheetData></x:worksheet>"#;
    let bytes =
        package(&[("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", strings), ("xl/styles.xml", styles)]);
    let (headers, rows) = read(bytes).unwrap();
    assert_eq!(headers, ["code", "b&c"]);
    assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), [2, 6, 7], "row 5 holds only an empty string");
    assert_eq!(
        texts(&rows),
        [
            vec!["深圳 华为", "#N/A", "2026-11-30", "1.5"],
            vec!["", "x\ry", "2026-11-30T00:00:00", "12 a", "trimmed"],
            vec!["中文"],
        ]
    );
}

#[test]
fn dates_of_the_1904_calendar_and_parts_named_otherwise() {
    let book = r#"<workbook xmlns:r="r"><workbookPr date1904="1"/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let rels = r#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/XL/Worksheets/Sheet1.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;
    let styles = r#"<styleSheet><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>"#;
    let sheet = r#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>d</t></is></c></row><row r="2"><c r="A2" s="1"><v>44894</v></c></row></sheetData></worksheet>"#;
    let bytes = package(&[
        ("xl/workbook.xml", book),
        ("xl/_rels/workbook.xml.rels", rels),
        ("xl/styles.xml", styles),
        ("xl/worksheets/sheet1.xml", sheet),
    ]);
    assert_eq!(texts(&read(bytes).unwrap().1), [vec!["2026-11-30"]]);
}

#[test]
fn sheets_longer_than_a_block() {
    // 40,000 rows and one cell longer than a block: cut between rows.
    let long = "长".repeat(super::package::BLOCK / 2);
    let mut sheet =
        String::from(r#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c></row>"#);
    for r in 2..=40_001 {
        let _ = write!(sheet, r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#);
    }
    let _ = write!(sheet, r#"<row r="40002"><c r="A40002" t="inlineStr"><is><t>{long}</t></is></c></row>"#);
    sheet.push_str("</sheetData></worksheet>");
    let (_, rows) = read(package(&[("xl/worksheets/sheet1.xml", &sheet)])).unwrap();
    assert_eq!(rows.len(), 40_001);
    assert!(rows.iter().take(40_000).all(|(n, r)| r[0] == n.to_string()));
    assert_eq!(rows[40_000].1[0], long);
}

#[test]
fn damaged_sheets_are_errors() {
    let sheet = |cells: &str| {
        format!(
            r#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c></row><row r="2">{cells}</row></sheetData></worksheet>"#
        )
    };
    for (cells, says) in [
        (r#"<c r="A2" t="s"><v>7</v></c>"#, "shared string 7"),
        (r#"<c r="A2" t="s"><v>x</v></c>"#, "not a number"),
        (r#"<c r="A2" t="q"><v>1</v></c>"#, "unknown type"),
        (r#"<c r="A2" t="n"><v>one</v></c>"#, "number cell"),
        (r#"<c r="A2" t="b"><v>2</v></c>"#, "true/false"),
        (r#"<c r="2A"><v>1</v></c>"#, "cell reference"),
        (r#"<c r="XFE2"><v>1</v></c>"#, "last row"),
        (r#"<c r="A2"><v>1 &nbsp;</v></c>"#, "unknown entity"),
        (r#"<c r="A2"><v>1</v"#, "not a tag"),
    ] {
        let e = read(package(&[("xl/worksheets/sheet1.xml", &sheet(cells))])).unwrap_err();
        assert!(e.contains("t.xlsx") && e.contains(says), "{cells}: {e}");
    }
    // Where: the file, the row and the column, as for a CSV.
    let e = read(package(&[("xl/worksheets/sheet1.xml", &sheet(r#"<c r="C2" t="s"><v>7</v></c>"#))])).unwrap_err();
    assert!(e.starts_with("t.xlsx, row 2, column 3: cannot read the first worksheet"), "{e}");
    let e = read(package(&[("xl/worksheets/sheet1.xml", "<chartsheet/>")])).unwrap_err();
    assert!(e.contains("no cells"), "{e}");
    let e = read(package(&[("xl/worksheets/sheet1.xml", "<worksheet><sheetData><row>")])).unwrap_err();
    assert!(e.contains("ends before"), "{e}");
    let utf16: Vec<u8> = "\u{FEFF}<worksheet/>".encode_utf16().flat_map(u16::to_le_bytes).collect();
    let e = read(package_bytes(&[("xl/worksheets/sheet1.xml", &utf16)])).unwrap_err();
    assert!(e.contains("UTF-16"), "{e}");
    let no_sheet = "<workbook><sheets/></workbook>";
    let e = read(package(&[("xl/workbook.xml", no_sheet)])).unwrap_err();
    assert!(e.contains("no worksheet"), "{e}");
}

/// What calamine reads from the first `width` cells of a workbook's first
/// sheet's first row.
fn calamine_row(bytes: &[u8], width: usize) -> Vec<String> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    (0..width).map(|c| range.get_value((0, c as u32)).map(ToString::to_string).unwrap_or_default()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Any strings (spaces around them, control characters, `&<>`, text
    /// that looks like an escape) and numbers come back as calamine reads
    /// them, the numbers with 15 significant digits.
    #[test]
    fn as_calamine_reads_them(
        cells in prop::collection::vec("[ a-z&<>_x0-9D\u{1}\t\r\n中文]{0,12}", 1..6),
        number in prop::num::f64::NORMAL,
    ) {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "h").unwrap();
        let width = cells.len() as u16;
        for (c, text) in cells.iter().enumerate() {
            sheet.write_string(1, c as u16, text).unwrap();
        }
        sheet.write_number(1, width, number).unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let (_, rows) = read(bytes.clone()).unwrap();
        // calamine reads the same sheet with the data row first.
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        for (c, text) in cells.iter().enumerate() {
            sheet.write_string(0, c as u16, text).unwrap();
        }
        let theirs = calamine_row(&book.save_to_buffer().unwrap(), cells.len());
        let mut ours: Vec<String> = rows.first().map(|r| r.1.clone()).unwrap_or_default();
        ours.resize(cells.len() + 1, String::new());
        prop_assert_eq!(&ours[..cells.len()], &theirs[..]);
        prop_assert_eq!(&ours[cells.len()], &super::excel_number(number));
    }
}
