//! The 公示 list as XLSX and DOCX, both written as the lines stream in.
//!
//! - XLSX: A4 portrait, the title and 公示单位/公示日期 over the table, the header
//!   row repeated on every page, fitted to the page width, page numbers below.
//! - DOCX: the GB/T 9704 page of the 绩效自评报告 (A4, its margins, the title in 2号
//!   小标宋, page numbers "— 1 —"), a 5号 宋体 table whose header row repeats on
//!   every page, the notes, and the unit and date right-aligned at the end.
//!   docx-rs builds a document in memory, so it builds the page around a table
//!   holding the header row and one template row of each kind; the rows are then
//!   streamed into `word/document.xml` from the templates.

use std::io::{BufWriter, Cursor, Read, Write};
use std::path::Path;

use docx_rs::{
    AlignmentType, Docx, Paragraph, Table, TableAlignmentType, TableCell, TableCellMargins,
    TableLayoutType, TableRow, WidthType,
};
use rust_xlsxwriter::{Format, FormatAlign, Worksheet, XlsxError};

use super::FileError;
use super::registers::print_a4;
use super::report_docx::{
    A4_LONG, A4_SHORT, FANGSONG, FONT_TABLE, INDENT_4, LINE, SIZE_3, SIZE_XIAO_4, blank, exact,
    fonts, line_of, official_margins, page_footer, run, single, table_cell, title_line,
};
use super::xlsx::{Formats, stamp_row, stamped_footer, write_failed, write_streamed};
use crate::report::public_list::{COLUMNS, ListLine, PublicListHead};
use crate::store::exports::Stamp;

/// Where each line goes: called once per line, in order.
pub type LineSink<'a> = dyn FnMut(&ListLine) -> Result<(), FileError> + 'a;

/// Column widths of the XLSX, in characters.
const XLSX_WIDTHS: [f64; 6] = [7.0, 10.0, 22.0, 18.0, 17.0, 15.0];

/// Write the list as XLSX at `path`: the head, then whatever lines `fill` sends to
/// the sink it is given, then the notes.
pub fn write_xlsx<T, E: From<FileError>>(
    path: &Path,
    head: &PublicListHead,
    stamp: &Stamp,
    fill: impl FnOnce(&mut LineSink<'_>) -> Result<T, E>,
) -> Result<T, E> {
    write_streamed(path, |ws, e| {
        let f = Formats::new();
        xlsx_head(ws, head, &f).map_err(e)?;
        let mut r = 3_u32;
        let mut sink = |line: &ListLine| -> Result<(), FileError> {
            ws.set_row_height(r, 20).map_err(e)?;
            write_xlsx_line(ws, r, line, &f).map_err(e)?;
            r += 1;
            Ok(())
        };
        let out = fill(&mut sink)?;
        xlsx_notes(ws, r + 1, &head.notes).map_err(e)?;
        let last = (COLUMNS.len() - 1) as u16;
        stamp_row(ws, r + 2 + head.notes.len() as u32, last, stamp).map_err(e)?;
        ws.set_footer(stamped_footer(stamp));
        Ok(out)
    })
}

/// The title, 公示单位 and 公示日期, the header row and the print setup.
fn xlsx_head(ws: &mut Worksheet, head: &PublicListHead, f: &Formats) -> Result<(), XlsxError> {
    let last = (COLUMNS.len() - 1) as u16;
    ws.set_name("公示名单")?;
    for (c, w) in XLSX_WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_row_height(0, 40)?;
    ws.merge_range(0, 0, 0, last, &head.title, &f.title.clone().set_text_wrap())?;
    ws.merge_range(1, 0, 1, 2, &format!("公示单位：{}", head.unit), &f.plain)?;
    ws.merge_range(
        1,
        3,
        1,
        last,
        &format!("公示日期：{}　金额单位：元", head.date),
        &f.right,
    )?;
    ws.set_row_height(2, 24)?;
    for (c, h) in COLUMNS.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &f.head)?;
    }
    print_a4(ws, 2, false)
}

/// The notes from row `first`, each across the table.
fn xlsx_notes(ws: &mut Worksheet, first: u32, notes: &[String]) -> Result<(), XlsxError> {
    let note = Format::new()
        .set_font_name("宋体")
        .set_font_size(10)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    for (n, text) in (first..).zip(notes) {
        ws.set_row_height(n, 18)?;
        ws.merge_range(n, 0, n, (COLUMNS.len() - 1) as u16, text, &note)?;
    }
    Ok(())
}

fn write_xlsx_line(
    ws: &mut Worksheet,
    r: u32,
    line: &ListLine,
    f: &Formats,
) -> Result<(), XlsxError> {
    match line {
        ListLine::Row(l) => {
            ws.write_number_with_format(r, 0, l.seq as f64, &f.center)?;
            ws.write_string_with_format(r, 1, &l.name, &f.center)?;
            ws.write_string_with_format(r, 2, &l.id_number, &f.center)?;
            ws.write_string_with_format(r, 3, &l.category, &f.center)?;
            ws.write_string_with_format(r, 4, l.aid.label(), &f.center)?;
            ws.write_with_format(r, 5, l.amount.decimal(), &f.money)?;
        }
        ListLine::Subtotal { amount, .. } | ListLine::Total { amount, .. } => {
            let label = line.sum_label().unwrap_or_default();
            ws.merge_range(r, 0, r, 4, &label, &f.bold)?;
            ws.write_with_format(r, 5, amount.decimal(), &f.bold_money)?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// DOCX

/// Column widths of the table in twips: they fill the text width of the page
/// (11906 − 28 mm − 26 mm = 8844). With [`CELL_MARGIN`], each holds its longest
/// value of 5号 on one line: a 5-digit 序号, 18 characters of 身份证号,
/// 「建档立卡贫困人口」, 「重特大疾病救助」 and a bold sum of hundreds of millions.
const GRID: [usize; 6] = [650, 750, 2350, 1760, 1560, 1774];

/// The left and right padding of a cell, 0.5 mm.
const CELL_MARGIN: usize = 28;

/// What the template rows carry where a value goes: `@@0@@` … `@@5@@`.
fn slot(i: usize) -> String {
    format!("@@{i}@@")
}

/// A table cell over `span` grid columns from `first`, holding `text`.
fn docx_cell(text: &str, first: usize, span: usize, align: AlignmentType, bold: bool) -> TableCell {
    table_cell(text, &GRID[first..first + span], align, bold)
}

fn docx_row(cells: Vec<TableCell>) -> TableRow {
    TableRow::new(cells).row_height(400.0).cant_split()
}

/// The table: the header row, a template data row and a template sum row.
fn template_table() -> Table {
    let header = COLUMNS
        .iter()
        .enumerate()
        .map(|(i, h)| docx_cell(h, i, 1, AlignmentType::Center, true))
        .collect();
    let data = (0..COLUMNS.len())
        .map(|i| {
            let align = if i == COLUMNS.len() - 1 {
                AlignmentType::Right
            } else {
                AlignmentType::Center
            };
            docx_cell(&slot(i), i, 1, align, false)
        })
        .collect();
    let sum = vec![
        docx_cell(&slot(0), 0, 5, AlignmentType::Center, true),
        docx_cell(&slot(1), 5, 1, AlignmentType::Right, true),
    ];
    Table::new(vec![docx_row(header), docx_row(data), docx_row(sum)])
        .set_grid(GRID.to_vec())
        .width(GRID.iter().sum(), WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .align(TableAlignmentType::Center)
        .margins(
            TableCellMargins::new()
                .margin_left(CELL_MARGIN, WidthType::Dxa)
                .margin_right(CELL_MARGIN, WidthType::Dxa),
        )
}

fn template_docx(head: &PublicListHead, stamp: &Stamp) -> Docx {
    let mut doc = Docx::new()
        .default_fonts(fonts(FANGSONG))
        .default_size(SIZE_3)
        .default_line_spacing(exact(LINE))
        .page_size(A4_SHORT, A4_LONG)
        .page_margin(official_margins())
        .footer(page_footer(stamp));
    for line in &head.title_lines {
        doc = doc.add_paragraph(title_line(line));
    }
    let small = |text: &str, before: u32| {
        Paragraph::new()
            .add_run(run(text, FANGSONG, SIZE_XIAO_4))
            .fonts(fonts(FANGSONG))
            .size(SIZE_XIAO_4)
            .line_spacing(single().before(before).after(60))
    };
    doc = doc
        .add_paragraph(blank())
        .add_paragraph(small(
            &format!("公示单位：{}　　公示日期：{}", head.unit, head.date),
            0,
        ))
        .add_table(template_table());
    for (i, note) in head.notes.iter().enumerate() {
        doc = doc.add_paragraph(small(note, if i == 0 { 160 } else { 0 }));
    }
    // The unit and the date stay together, with a blank line above them.
    doc = doc.add_paragraph(blank().keep_next(true));
    for (line, next) in [(&head.unit, true), (&head.date, false)] {
        doc = doc.add_paragraph(
            line_of(line, FANGSONG, SIZE_3, LINE)
                .align(AlignmentType::Right)
                .indent(None, None, Some(INDENT_4), None)
                .keep_next(next),
        );
    }
    doc
}

/// A template row: its text between the slots, and which slot follows each part.
struct Template {
    parts: Vec<String>,
    slots: Vec<usize>,
}

impl Template {
    fn parse(xml: &str) -> Self {
        let mut parts = Vec::new();
        let mut slots = Vec::new();
        let mut rest = xml;
        while let Some(start) = rest.find("@@") {
            let after = &rest[start + 2..];
            let Some(end) = after.find("@@") else {
                break;
            };
            match after[..end].parse::<usize>() {
                Ok(i) => {
                    parts.push(rest[..start].to_owned());
                    slots.push(i);
                    rest = &after[end + 2..];
                }
                Err(_) => break,
            }
        }
        parts.push(rest.to_owned());
        Self { parts, slots }
    }

    /// The row with `values` (escaped) in its slots.
    fn write(&self, out: &mut impl Write, values: &[&str]) -> std::io::Result<()> {
        for (part, slot) in self.parts.iter().zip(&self.slots) {
            out.write_all(part.as_bytes())?;
            out.write_all(escape(values.get(*slot).copied().unwrap_or("")).as_bytes())?;
        }
        if let Some(tail) = self.parts.last() {
            out.write_all(tail.as_bytes())?;
        }
        Ok(())
    }
}

/// Text as XML character data.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// `word/document.xml` cut around the template rows: the text up to and including
/// the header row (marked to repeat on every page), the two templates, the rest.
struct SplitDocument {
    head: String,
    row: Template,
    sum: Template,
    tail: String,
}

fn split_document(xml: &str) -> Option<SplitDocument> {
    let table = xml.find("<w:tbl>")?;
    let mut rows = Vec::new();
    let mut at = table;
    for _ in 0..3 {
        let start = at + xml[at..].find("<w:tr>")?;
        let end = start + xml[start..].find("</w:tr>")? + "</w:tr>".len();
        rows.push((start, end));
        at = end;
    }
    let (h_start, h_end) = rows[0];
    let header = xml[h_start..h_end].replacen("<w:trPr>", "<w:trPr><w:tblHeader />", 1);
    Some(SplitDocument {
        head: format!("{}{header}", &xml[..h_start]),
        row: Template::parse(&xml[rows[1].0..rows[1].1]),
        sum: Template::parse(&xml[rows[2].0..rows[2].1]),
        tail: xml[rows[2].1..].to_owned(),
    })
}

fn write_docx_line(
    out: &mut impl Write,
    doc: &SplitDocument,
    line: &ListLine,
) -> std::io::Result<()> {
    match line {
        ListLine::Row(l) => {
            let seq = l.seq.to_string();
            let amount = l.amount.grouped();
            doc.row.write(
                out,
                &[
                    &seq,
                    &l.name,
                    &l.id_number,
                    &l.category,
                    l.aid.label(),
                    &amount,
                ],
            )
        }
        ListLine::Subtotal { amount, .. } | ListLine::Total { amount, .. } => {
            let label = line.sum_label().unwrap_or_default();
            doc.sum.write(out, &[&label, &amount.grouped()])
        }
    }
}

/// Write the list as DOCX at `path`: the page around the table, then whatever
/// lines `fill` sends to the sink it is given, streamed into the table.
pub fn write_docx<T, E: From<FileError>>(
    path: &Path,
    head: &PublicListHead,
    stamp: &Stamp,
    fill: impl FnOnce(&mut LineSink<'_>) -> Result<T, E>,
) -> Result<T, E> {
    let fail = |e: &dyn std::fmt::Display| write_failed(path, e);
    // The package with the template table, in memory (a few kilobytes).
    let mut xml = template_docx(head, stamp).build();
    xml.font_table = FONT_TABLE.as_bytes().to_vec();
    let document = String::from_utf8(std::mem::take(&mut xml.document)).map_err(|e| fail(&e))?;
    let split = split_document(&document).ok_or_else(|| fail(&"公示名单模板有误"))?;
    let mut package = Cursor::new(Vec::new());
    xml.pack(&mut package).map_err(|e| fail(&e))?;
    let mut parts =
        zip::ZipArchive::new(Cursor::new(package.into_inner())).map_err(|e| fail(&e))?;

    let file = std::fs::File::create(path).map_err(|e| fail(&e))?;
    let mut zip = zip::ZipWriter::new(BufWriter::new(file));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut out = None;
    let mut fill = Some(fill);
    for i in 0..parts.len() {
        let mut part = parts.by_index(i).map_err(|e| fail(&e))?;
        let name = part.name().map_err(|e| fail(&e))?.into_owned();
        zip.start_file(name.as_str(), options)
            .map_err(|e| fail(&e))?;
        if name != "word/document.xml" {
            let mut bytes = Vec::new();
            part.read_to_end(&mut bytes)
                .and_then(|_| zip.write_all(&bytes))
                .map_err(|e| fail(&e))?;
            continue;
        }
        zip.write_all(split.head.as_bytes()).map_err(|e| fail(&e))?;
        if let Some(fill) = fill.take() {
            let mut sink = |line: &ListLine| -> Result<(), FileError> {
                write_docx_line(&mut zip, &split, line).map_err(|e| fail(&e))
            };
            out = Some(fill(&mut sink)?);
        }
        zip.write_all(split.tail.as_bytes()).map_err(|e| fail(&e))?;
    }
    let written = zip.finish().map_err(|e| fail(&e))?;
    written
        .into_inner()
        .map_err(|e| fail(&e))?
        .sync_all()
        .map_err(|e| fail(&e))?;
    out.ok_or_else(|| fail(&"公示名单模板缺少正文").into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_their_slots_with_escaped_text() {
        let t = Template::parse("<a>@@0@@</a><b>@@1@@</b>");
        let mut out = Vec::new();
        t.write(&mut out, &["张*", "A&B<C>"]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<a>张*</a><b>A&amp;B&lt;C&gt;</b>"
        );
    }

    #[test]
    fn the_document_is_cut_around_the_template_rows() {
        let head = PublicListHead {
            title: "T".into(),
            title_lines: vec!["T".into()],
            unit: "U".into(),
            date: "2019年12月5日".into(),
            notes: vec!["N".into()],
        };
        let xml =
            String::from_utf8(template_docx(&head, &Stamp::example()).build().document).unwrap();
        let split = split_document(&xml).unwrap();
        assert!(split.head.ends_with("</w:tr>"));
        assert!(split.head.contains("<w:tblHeader />"));
        assert!(split.head.contains(">身份证号<"));
        assert_eq!(split.row.slots, [0, 1, 2, 3, 4, 5]);
        assert_eq!(split.sum.slots, [0, 1]);
        assert!(split.tail.starts_with("</w:tbl>"));
        assert!(split.tail.contains(">N<"));
    }
}
