//! The 操作手册 as DOCX, for printing (Word, WPS or LibreOffice print it or save it
//! as PDF): A4 portrait with 20 mm margins, each section on a new page under a
//! 黑体 heading, the text in 小4 宋体, and each screenshot the width of the text
//! with its caption under it.

use std::io::Cursor;
use std::path::Path;

use docx_rs::{
    AlignmentType, Docx, LineSpacing, LineSpacingType, PageMargin, Paragraph, Pic, Run,
    SpecialIndentType,
};

use super::FileError;
use super::report_docx::{A4_LONG, A4_SHORT, FONT_TABLE, SIZE_XIAO_4, fonts, run};
use crate::report::manual::{Block, Manual, screenshot};

const HEITI: &str = "黑体";
const SONGTI: &str = "宋体";
const KAITI: &str = "楷体";
/// 20 mm in twips.
const MARGIN: i32 = 1134;
/// The text width in EMU: A4's 210 mm less two margins, 170 mm.
const TEXT_WIDTH_EMU: u64 = 170 * 36_000;
/// 2号 and 3号 in half-points.
const SIZE_TITLE: usize = 44;
const SIZE_SECTION: usize = 32;
/// 4号.
const SIZE_SUB: usize = 28;
/// 小5号.
const SIZE_CAPTION: usize = 18;

/// Write `manual` as a DOCX at `path`.
pub fn write_manual(manual: &Manual, path: &Path) -> Result<(), FileError> {
    let fail = |reason: String| FileError::Write {
        path: path.display().to_string(),
        reason,
    };
    let mut xml = build(manual).map_err(fail)?.build();
    xml.font_table = FONT_TABLE.as_bytes().to_vec();
    let mut buf = Cursor::new(Vec::new());
    xml.pack(&mut buf).map_err(|e| fail(e.to_string()))?;
    std::fs::write(path, buf.into_inner()).map_err(|e| fail(e.to_string()))
}

fn build(manual: &Manual) -> Result<Docx, String> {
    let mut doc = Docx::new()
        .page_size(A4_SHORT, A4_LONG)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN)
                .header(567)
                .footer(567)
                .gutter(0),
        )
        .add_paragraph(
            Paragraph::new()
                .add_run(run(&manual.title, HEITI, SIZE_TITLE))
                .align(AlignmentType::Center)
                .line_spacing(spacing(240, 1200)),
        );
    for block in &manual.intro {
        doc = add_block(doc, block)?;
    }
    for section in &manual.sections {
        doc = doc.add_paragraph(
            Paragraph::new()
                .add_run(run(&section.title, HEITI, SIZE_SECTION))
                .outline_lvl(0)
                .page_break_before(true)
                .line_spacing(spacing(120, 240)),
        );
        for block in &section.blocks {
            doc = add_block(doc, block)?;
        }
    }
    Ok(doc)
}

fn add_block(doc: Docx, block: &Block) -> Result<Docx, String> {
    Ok(match block {
        Block::Subheading(text) => doc.add_paragraph(
            Paragraph::new()
                .add_run(run(text, HEITI, SIZE_SUB))
                .outline_lvl(1)
                .line_spacing(spacing(240, 120)),
        ),
        Block::Paragraph(text) => doc.add_paragraph(body(text).indent(
            None,
            Some(SpecialIndentType::FirstLine(480)),
            None,
            None,
        )),
        Block::Item(text) => {
            doc.add_paragraph(body(&format!("· {text}")).indent(Some(240), None, None, None))
        }
        Block::Step(number, text) => doc.add_paragraph(body(&format!("{number}. {text}")).indent(
            Some(240),
            None,
            None,
            None,
        )),
        Block::Note(text) => doc.add_paragraph(
            Paragraph::new()
                .add_run(run(&format!("提示：{text}"), KAITI, SIZE_XIAO_4))
                .indent(Some(480), None, None, None)
                .line_spacing(spacing(60, 60)),
        ),
        Block::Screenshot { file, caption } => {
            let bytes = screenshot(file).ok_or_else(|| format!("缺少插图 {file}"))?;
            let (w, h) = png_size(bytes).ok_or_else(|| format!("插图 {file} 不是 PNG 文件"))?;
            let height = TEXT_WIDTH_EMU * u64::from(h) / u64::from(w.max(1));
            let pic = Pic::new_with_dimensions(bytes.to_vec(), w, h).size(
                u32::try_from(TEXT_WIDTH_EMU).unwrap_or(u32::MAX),
                u32::try_from(height).unwrap_or(u32::MAX),
            );
            doc.add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_image(pic))
                    .align(AlignmentType::Center)
                    .line_spacing(spacing(120, 0)),
            )
            .add_paragraph(
                Paragraph::new()
                    .add_run(run(caption, SONGTI, SIZE_CAPTION))
                    .align(AlignmentType::Center)
                    .line_spacing(spacing(0, 120)),
            )
        }
    })
}

/// A body paragraph in 小4 宋体, 1.25 lines.
fn body(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, SONGTI, SIZE_XIAO_4))
        .fonts(fonts(SONGTI))
        .line_spacing(
            LineSpacing::new()
                .line(300)
                .line_rule(LineSpacingType::Auto)
                .before(0)
                .after(60),
        )
}

/// Space before and after a paragraph, in twips, at single lines.
fn spacing(before: u32, after: u32) -> LineSpacing {
    LineSpacing::new()
        .line(240)
        .line_rule(LineSpacingType::Auto)
        .before(before)
        .after(after)
}

/// A PNG's width and height, from its IHDR chunk.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") || bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    let word = |at: usize| -> Option<u32> {
        Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
    };
    Some((word(16)?, word(20)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_png_size_and_refuses_other_bytes() {
        let icon = include_bytes!("../../assets/icon/medfund-48.png");
        assert_eq!(png_size(icon), Some((48, 48)));
        assert_eq!(png_size(b"GIF89a"), None);
        assert_eq!(png_size(&icon[..20]), None);
    }
}
