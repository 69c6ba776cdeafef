//! The year-end export's registers as XLSX: the roster (ID numbers masked, no
//! phone) and the fund ledger, each a plain table set up for A4 printing with the
//! header row repeated on every page.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::FileError;
use super::xlsx::{Formats, write_err};
use crate::domain::beneficiary::Beneficiary;
use crate::domain::fund::Side;
use crate::domain::mask::mask_id_middle;
use crate::domain::program::ProgramKind;
use crate::store::funds::FundEntry;

/// A register's sheet: its title, the header row and the column widths, with the
/// print setup. Returns the formats for the body cells (text, money).
pub(crate) fn register_sheet(
    ws: &mut Worksheet,
    name: &str,
    title: &str,
    columns: &[(&str, f64)],
    landscape: bool,
) -> Result<(Format, Format), XlsxError> {
    ws.set_name(name)?;
    let f = Formats::new();
    let cell = f.cell.clone().set_font_size(10);
    let money = f.money.clone().set_font_size(10);
    let last = columns.len().saturating_sub(1) as u16;
    ws.set_row_height(0, 30)?;
    ws.merge_range(0, 0, 0, last, title, &f.title)?;
    for (c, (h, w)) in columns.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *h, &f.head)?;
        ws.set_column_width(c as u16, *w)?;
    }
    print_a4(ws, 1, landscape)?;
    Ok((cell, money))
}

/// A list's print setup: A4, fitted to the page width, `header_row` repeated on
/// every page and frozen on screen, page numbers in the footer.
pub(crate) fn print_a4(
    ws: &mut Worksheet,
    header_row: u32,
    landscape: bool,
) -> Result<(), XlsxError> {
    ws.set_paper_size(9);
    if landscape {
        ws.set_landscape();
    }
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header_row, header_row)?;
    ws.set_freeze_panes(header_row + 1, 0)?;
    ws.set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}

/// Write a program's roster: 序号, 姓名, 身份证号 (masked), 性别, 出生日期, 类别,
/// 参加工作时间 (离休) or 一类对象 (医疗救助), 单位, 状态, 状态日期. Phone numbers are
/// left out.
pub fn write_roster(
    title: &str,
    kind: ProgramKind,
    people: &[Beneficiary],
    path: &Path,
) -> Result<(), FileError> {
    let e = write_err(path);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory().map_err(&e)?;
    let (seventh, eighth) = match kind {
        ProgramKind::Lixiu => (("参加工作时间", 13.0), ("工作单位", 28.0)),
        ProgramKind::Jiuzhu => (("一类对象", 9.0), ("单位", 28.0)),
    };
    let columns = [
        ("序号", 7.0),
        ("姓名", 10.0),
        ("身份证号", 21.0),
        ("性别", 6.0),
        ("出生日期", 12.0),
        ("类别", 16.0),
        seventh,
        eighth,
        ("状态", 7.0),
        ("状态日期", 12.0),
    ];
    let (cell, _) = register_sheet(ws, "名册", title, &columns, true).map_err(&e)?;
    for (i, p) in people.iter().enumerate() {
        let r = i as u32 + 2;
        let f = &p.fields;
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        ws.write_number_with_format(r, 0, (i + 1) as f64, &cell)
            .map_err(&e)?;
        for (c, text) in [
            (1, f.name.clone()),
            (2, mask_id_middle(&f.id_number)),
            (3, f.gender.label().to_owned()),
            (4, f.birth_date.to_string()),
            (5, f.category.clone()),
            (
                6,
                match kind {
                    ProgramKind::Lixiu => date(f.work_date),
                    ProgramKind::Jiuzhu if f.class_one => "是".to_owned(),
                    ProgramKind::Jiuzhu => String::new(),
                },
            ),
            (7, f.unit.clone()),
            (8, p.status.label().to_owned()),
            (9, date(p.status_date)),
        ] {
            ws.write_string_with_format(r, c, &text, &cell)
                .map_err(&e)?;
        }
    }
    wb.save(path).map_err(e)
}

/// Write a program-year's fund ledger: every row with its running balance, the
/// reversals as they were posted.
pub fn write_ledger(title: &str, entries: &[FundEntry], path: &Path) -> Result<(), FileError> {
    let e = write_err(path);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let columns = [
        ("序号", 6.0),
        ("日期", 11.0),
        ("类别", 10.0),
        ("文号/凭证号", 18.0),
        ("对方", 24.0),
        ("收入", 14.0),
        ("支出", 14.0),
        ("预算", 14.0),
        ("余额", 14.0),
        ("摘要", 28.0),
    ];
    let (cell, money) = register_sheet(ws, "资金台账", title, &columns, true).map_err(&e)?;
    for (i, x) in entries.iter().enumerate() {
        let r = i as u32 + 2;
        let mut note = x.note.clone();
        if let Some(id) = x.reverses_id {
            note = format!("冲销第 {id} 笔 {note}");
        }
        if let Some(id) = x.reversed_by {
            note = format!("{note}（已被第 {id} 笔冲销）");
        }
        ws.write_number_with_format(r, 0, x.id as f64, &cell)
            .map_err(&e)?;
        for (c, text) in [
            (1, x.date.to_string()),
            (2, x.kind_label()),
            (3, x.doc_no.clone()),
            (4, x.party()),
            (9, note.trim().to_owned()),
        ] {
            ws.write_string_with_format(r, c, &text, &cell)
                .map_err(&e)?;
        }
        let col = match x.kind.side() {
            Side::Inflow => 5,
            Side::Outflow => 6,
            Side::Budget => 7,
        };
        for c in [5, 6, 7] {
            if c == col {
                ws.write_with_format(r, c, x.amount.decimal(), &money)
            } else {
                ws.write_string_with_format(r, c, "", &cell)
            }
            .map_err(&e)?;
        }
        ws.write_with_format(r, 8, x.balance.decimal(), &money)
            .map_err(&e)?;
    }
    wb.save(path).map_err(e)
}
