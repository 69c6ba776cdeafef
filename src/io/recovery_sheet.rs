//! 恢复密钥单: the one page printed when a database is created, kept in the
//! safe. It carries the recovery code, the database it opens and where to sign.

use std::io::Cursor;
use std::path::Path;

use docx_rs::{AlignmentType, Docx, Paragraph};

use super::FileError;
use super::report_docx::{
    FANGSONG, FONT_TABLE, LINE, SIZE_3, fonts, line_of, official_margins, title_line,
};

/// The code's own line: large, spaced, in a font with clear 0 and O.
const CODE_FONT: &str = "Consolas";
const CODE_SIZE: usize = 40;

/// Write the sheet for the database at `db` to `out`.
pub fn write_recovery_sheet(
    out: &Path,
    code: &str,
    db: &Path,
    created: chrono::NaiveDate,
) -> Result<(), FileError> {
    let lines = [
        format!("数据库：{}", db.display()),
        format!("生成日期：{}", created.format("%Y年%m月%d日")),
        "用途：忘记所有用户的密码时，用此密钥打开数据库及其全部备份，并为管理员设置新密码。"
            .to_owned(),
        "保管：请存放在保险柜中，不要与电脑、备份盘放在一起，不要拍照或存入电脑。".to_owned(),
        "字母不分大小写，短横线可省略；数字 0 与字母 O、数字 1 与字母 I、L 视为相同。".to_owned(),
    ];
    let mut doc = Docx::new()
        .default_fonts(fonts(FANGSONG))
        .default_size(SIZE_3)
        .add_paragraph(title_line("恢复密钥单"))
        .add_paragraph(
            line_of("医保专项资金绩效台账", FANGSONG, SIZE_3, LINE).align(AlignmentType::Center),
        )
        .add_paragraph(Paragraph::new())
        .add_paragraph(line_of(code, CODE_FONT, CODE_SIZE, 900).align(AlignmentType::Center))
        .add_paragraph(Paragraph::new());
    for line in &lines {
        doc = doc.add_paragraph(line_of(line, FANGSONG, SIZE_3, LINE));
    }
    doc = doc
        .add_paragraph(Paragraph::new())
        .add_paragraph(line_of(
            "保管人（签字）：＿＿＿＿＿＿　　监交人（签字）：＿＿＿＿＿＿　　日期：＿＿＿＿＿＿",
            FANGSONG,
            SIZE_3,
            LINE,
        ))
        .page_margin(official_margins());
    let mut xml = doc.build();
    xml.font_table = FONT_TABLE.as_bytes().to_vec();
    let mut buf = Cursor::new(Vec::new());
    let fail = |reason: String| FileError::Write {
        path: out.display().to_string(),
        reason,
    };
    xml.pack(&mut buf).map_err(|e| fail(e.to_string()))?;
    std::fs::write(out, buf.into_inner()).map_err(|e| fail(e.to_string()))
}
