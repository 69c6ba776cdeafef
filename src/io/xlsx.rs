//! XLSX writers.

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::FileError;
use super::roster_import::RowError;
use crate::domain::mask::mask_id_middle;
use crate::report::settlement::SettlementSheet;
use crate::report::transfers::PaymentSummary;
use crate::store::exports::Stamp;

/// Map a writer error to [`FileError::Write`] for `path`.
pub(crate) fn write_err(path: &Path) -> impl Fn(XlsxError) -> FileError + '_ {
    move |e| write_failed(path, e)
}

/// Any error while writing `path`, as [`FileError::Write`].
pub(crate) fn write_failed(path: &Path, reason: impl std::fmt::Display) -> FileError {
    FileError::Write {
        path: path.display().to_string(),
        reason: reason.to_string(),
    }
}

/// The print footer of a recorded document: its 核验码, exporter and export time
/// at the left, the page numbers at the right.
pub(crate) fn stamped_footer(stamp: &Stamp) -> String {
    format!(
        "&L&8{}&R第 &P 页，共 &N 页",
        stamp.line().replace('&', "&&")
    )
}

/// The stamp as row `r` of the sheet, across columns 0 to `last`, in small type:
/// the 核验码 is on the page even where the footer is not printed.
pub(crate) fn stamp_row(
    ws: &mut Worksheet,
    r: u32,
    last: u16,
    stamp: &Stamp,
) -> Result<(), XlsxError> {
    let small = Format::new()
        .set_font_name("宋体")
        .set_font_size(9)
        .set_align(FormatAlign::Left)
        .set_align(FormatAlign::VerticalCenter);
    ws.set_row_height(r, 18)?;
    if last == 0 {
        ws.write_string_with_format(r, 0, stamp.line(), &small)?;
    } else {
        ws.merge_range(r, 0, r, last, &stamp.line(), &small)?;
    }
    Ok(())
}

/// Write a one-sheet workbook whose rows stream in: rust_xlsxwriter's constant
/// memory mode keeps only the row being written. `write` fills the sheet (with the
/// error mapper for `path`); the workbook is then saved at `path`.
pub(crate) fn write_streamed<T, E: From<FileError>>(
    path: &Path,
    write: impl FnOnce(&mut Worksheet, &dyn Fn(XlsxError) -> FileError) -> Result<T, E>,
) -> Result<T, E> {
    let e = write_err(path);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory().map_err(&e)?;
    let out = write(ws, &e)?;
    wb.save(path).map_err(&e)?;
    Ok(out)
}

/// Save an import's error list: 行号 | 列 | 值 | 错误原因, set up for A4 printing.
pub fn write_error_list(path: &Path, title: &str, errors: &[RowError]) -> Result<(), FileError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("错误清单").map_err(write_err(path))?;
    let title_fmt = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_background_color("#E8EEF7");
    let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    ws.merge_range(0, 0, 0, 3, title, &title_fmt)
        .map_err(write_err(path))?;
    for (c, (h, w)) in [
        ("行号", 8.0),
        ("列", 14.0),
        ("值", 24.0),
        ("错误原因", 48.0),
    ]
    .into_iter()
    .enumerate()
    {
        let c = c as u16;
        ws.write_string_with_format(1, c, h, &head)
            .map_err(write_err(path))?;
        ws.set_column_width(c, w).map_err(write_err(path))?;
    }
    for (i, e) in errors.iter().enumerate() {
        let r = i as u32 + 2;
        ws.write_number_with_format(r, 0, e.row as f64, &cell)
            .map_err(write_err(path))?;
        ws.write_string_with_format(r, 1, &e.column, &cell)
            .map_err(write_err(path))?;
        ws.write_string_with_format(r, 2, &e.value, &cell)
            .map_err(write_err(path))?;
        ws.write_string_with_format(r, 3, &e.message, &cell)
            .map_err(write_err(path))?;
    }
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(1, 1).map_err(write_err(path))?;
    wb.save(path).map_err(write_err(path))
}

/// The cell formats of the printed sheets: 宋体 body, 黑体 title, thin borders.
pub(crate) struct Formats {
    pub(crate) title: Format,
    pub(crate) plain: Format,
    pub(crate) right: Format,
    pub(crate) head: Format,
    pub(crate) cell: Format,
    pub(crate) center: Format,
    pub(crate) money: Format,
    pub(crate) bold_money: Format,
    pub(crate) bold: Format,
}

impl Formats {
    pub(crate) fn new() -> Self {
        let font = "宋体";
        let title = Format::new()
            .set_bold()
            .set_font_size(18)
            .set_font_name("黑体")
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter);
        let plain = Format::new().set_font_name(font).set_font_size(11);
        let right = plain.clone().set_align(FormatAlign::Right);
        let head = Format::new()
            .set_font_name(font)
            .set_bold()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        let cell = Format::new()
            .set_font_name(font)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        let center = cell.clone().set_align(FormatAlign::Center);
        let money = cell
            .clone()
            .set_num_format("#,##0.00")
            .set_align(FormatAlign::Right);
        let bold_money = money.clone().set_bold();
        let bold = cell.clone().set_bold().set_align(FormatAlign::Center);
        Self {
            title,
            plain,
            right,
            head,
            cell,
            center,
            money,
            bold_money,
            bold,
        }
    }
}

/// The sign-offs of the payment and settlement sheets.
const OFFICE_SIGNERS: [&str; 4] = ["经办人：", "审核人：", "科室负责人：", "分管领导："];

/// The date line under [`OFFICE_SIGNERS`].
const PRINT_DATE: &str = "制表日期：　　　　年　　月　　日";

/// The four signature `labels` at `row`, in columns `cols`, and, if given, the
/// `date` line two rows below, from the third column to the last.
pub(crate) fn signature_lines(
    ws: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    cols: &[u16; 4],
    labels: &[&str; 4],
    date: Option<&str>,
    plain: &Format,
) -> Result<(), XlsxError> {
    let sign = plain.clone().set_font_size(12);
    ws.set_row_height(row, 30)?;
    for (c, label) in cols.iter().zip(labels) {
        ws.write_string_with_format(row, *c, *label, &sign)?;
    }
    if let Some(date) = date {
        ws.merge_range(row + 2, cols[2], row + 2, cols[3], date, &sign)?;
    }
    Ok(())
}

/// Write the monthly 支付汇总表 for A4 landscape printing, with the total in
/// figures and in capitals and the four signature lines.
pub fn write_payment_summary(
    path: &Path,
    s: &PaymentSummary,
    stamp: &Stamp,
) -> Result<(), FileError> {
    let e = write_err(path);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("支付汇总表").map_err(&e)?;
    let f = Formats::new();
    let widths = [6.0, 15.0, 30.0, 24.0, 24.0, 9.0, 16.0];
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w).map_err(&e)?;
    }
    ws.set_row_height(0, 36).map_err(&e)?;
    ws.merge_range(0, 0, 0, 6, &s.title, &f.title).map_err(&e)?;
    ws.merge_range(1, 0, 1, 3, &format!("填报单位：{}", s.unit), &f.plain)
        .map_err(&e)?;
    ws.merge_range(1, 4, 1, 6, "金额单位：元", &f.right)
        .map_err(&e)?;
    let headers = [
        "序号",
        "机构代码",
        "定点医疗机构",
        "开户银行",
        "银行账号",
        "报账笔数",
        "应付金额",
    ];
    ws.set_row_height(2, 28).map_err(&e)?;
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &f.head)
            .map_err(&e)?;
    }
    let mut r = 3_u32;
    for (i, l) in s.lines.iter().enumerate() {
        ws.set_row_height(r, 24).map_err(&e)?;
        ws.write_number_with_format(r, 0, (i + 1) as f64, &f.center)
            .map_err(&e)?;
        ws.write_string_with_format(r, 1, &l.code, &f.center)
            .map_err(&e)?;
        ws.write_string_with_format(r, 2, &l.name, &f.cell)
            .map_err(&e)?;
        ws.write_string_with_format(r, 3, &l.bank, &f.cell)
            .map_err(&e)?;
        ws.write_string_with_format(r, 4, &l.account, &f.center)
            .map_err(&e)?;
        ws.write_number_with_format(r, 5, l.claims as f64, &f.center)
            .map_err(&e)?;
        ws.write_with_format(r, 6, l.payable.decimal(), &f.money)
            .map_err(&e)?;
        r += 1;
    }
    ws.set_row_height(r, 24).map_err(&e)?;
    ws.merge_range(r, 0, r, 4, "合　计", &f.bold).map_err(&e)?;
    ws.write_number_with_format(r, 5, s.total_claims as f64, &f.bold)
        .map_err(&e)?;
    ws.write_with_format(r, 6, s.total.decimal(), &f.bold_money)
        .map_err(&e)?;
    r += 1;
    ws.set_row_height(r, 24).map_err(&e)?;
    ws.merge_range(
        r,
        0,
        r,
        6,
        &format!("合计金额（大写）：人民币{}", s.total_capital),
        &f.cell.clone().set_bold(),
    )
    .map_err(&e)?;
    signature_lines(
        ws,
        r + 2,
        &[1, 3, 4, 6],
        &OFFICE_SIGNERS,
        Some(PRINT_DATE),
        &f.plain,
    )
    .map_err(&e)?;
    // Who did each step, printed; the lines above stay blank for the signatures.
    ws.merge_range(r + 3, 0, r + 3, 6, &s.doers_line(), &f.plain)
        .map_err(&e)?;
    stamp_row(ws, r + 5, 6, stamp).map_err(&e)?;

    ws.set_paper_size(9); // A4
    ws.set_landscape();
    ws.set_margins(0.6, 0.6, 0.8, 0.8, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(2, 2).map_err(&e)?;
    ws.set_footer(stamped_footer(stamp));
    wb.save(path).map_err(e)
}

/// Write the 年终清算表 for A4 printing: each person with the ID masked, category,
/// quota, months on the roster, used and top-up; totals, the pooling-standard
/// excess, and the signature lines.
pub fn write_settlement_sheet(
    sheet: &SettlementSheet,
    path: &Path,
    stamp: &Stamp,
) -> Result<(), FileError> {
    let e = write_err(path);
    let s = &sheet.settlement;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory().map_err(&e)?;
    ws.set_name("年终清算表").map_err(&e)?;
    let f = Formats::new();
    let widths = [6.0, 10.0, 22.0, 14.0, 12.0, 9.0, 12.0, 14.0, 13.0];
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w).map_err(&e)?;
    }
    let last = (widths.len() - 1) as u16;
    ws.set_row_height(0, 36).map_err(&e)?;
    ws.merge_range(0, 0, 0, last, &sheet.title, &f.title)
        .map_err(&e)?;
    ws.merge_range(1, 0, 1, 5, &format!("填报单位：{}", sheet.unit), &f.plain)
        .map_err(&e)?;
    ws.merge_range(1, 6, 1, last, "金额单位：元", &f.right)
        .map_err(&e)?;
    let headers = [
        "序号",
        "姓名",
        "身份证号",
        "类别",
        "年度定额",
        "在册月数",
        "应享定额",
        "已报销金额",
        "补足金额",
    ];
    ws.set_row_height(2, 30).map_err(&e)?;
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &f.head)
            .map_err(&e)?;
    }
    let mut r = 3_u32;
    for (i, l) in s.lines.iter().enumerate() {
        ws.set_row_height(r, 20).map_err(&e)?;
        ws.write_number_with_format(r, 0, (i + 1) as f64, &f.center)
            .map_err(&e)?;
        ws.write_string_with_format(r, 1, &l.name, &f.center)
            .map_err(&e)?;
        ws.write_string_with_format(r, 2, mask_id_middle(&l.id_number), &f.center)
            .map_err(&e)?;
        ws.write_string_with_format(r, 3, &l.category, &f.center)
            .map_err(&e)?;
        ws.write_with_format(r, 4, l.quota.decimal(), &f.money)
            .map_err(&e)?;
        ws.write_number_with_format(r, 5, f64::from(l.months), &f.center)
            .map_err(&e)?;
        for (c, m) in [(6, l.prorated_quota), (7, l.used), (8, l.top_up)] {
            ws.write_with_format(r, c, m.decimal(), &f.money)
                .map_err(&e)?;
        }
        r += 1;
    }
    ws.set_row_height(r, 22).map_err(&e)?;
    ws.merge_range(
        r,
        0,
        r,
        6,
        &format!("合　计（{} 人）", s.lines.len()),
        &f.bold,
    )
    .map_err(&e)?;
    ws.write_with_format(r, 7, s.total_used.decimal(), &f.bold_money)
        .map_err(&e)?;
    ws.write_with_format(r, 8, s.total_top_up.decimal(), &f.bold_money)
        .map_err(&e)?;
    r += 1;
    let note = f.cell.clone().set_text_wrap();
    // A sheet of a year not final says so above its totals' notes.
    for text in [
        s.not_final.pending_refusal(s.year),
        s.not_final.unapproved_warning(s.year),
    ]
    .into_iter()
    .flatten()
    {
        ws.set_row_height(r, 30).map_err(&e)?;
        ws.merge_range(r, 0, r, last, &format!("注意（尚未定稿）：{text}。"), &note)
            .map_err(&e)?;
        r += 1;
    }
    for text in [
        format!("补足金额合计（大写）：人民币{}", sheet.total_capital),
        format!(
            "统筹标准控制数 {} 元，全年已报销 {} 元，超统筹标准支出（年底追加需求）{} 元",
            s.pooling_limit.grouped(),
            s.total_used.grouped(),
            s.pooling_excess.grouped()
        ),
        "说明：补足金额 = 应享定额 − 已报销金额（不足 0 按 0 计），四舍五入到分；年内死亡或迁出的，定额按在册月数（含状态变更当月）折算。".to_owned(),
    ] {
        ws.set_row_height(r, 30).map_err(&e)?;
        ws.merge_range(r, 0, r, last, &text, &note).map_err(&e)?;
        r += 1;
    }
    signature_lines(
        ws,
        r + 1,
        &[1, 3, 5, 7],
        &OFFICE_SIGNERS,
        Some(PRINT_DATE),
        &f.plain,
    )
    .map_err(&e)?;
    stamp_row(ws, r + 4, last, stamp).map_err(&e)?;

    ws.set_paper_size(9); // A4
    ws.set_margins(0.5, 0.5, 0.7, 0.7, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(2, 2).map_err(&e)?;
    ws.set_footer(stamped_footer(stamp));
    wb.save(path).map_err(e)
}
