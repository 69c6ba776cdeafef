//! XLSX writers.

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use super::FileError;
use super::roster_import::RowError;
use crate::report::transfers::PaymentSummary;

fn write_err(path: &Path) -> impl Fn(XlsxError) -> FileError + '_ {
    move |e| FileError::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
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

/// Write the monthly 支付汇总表 for A4 landscape printing, with the total in
/// figures and in capitals and the four signature lines.
pub fn write_payment_summary(path: &Path, s: &PaymentSummary) -> Result<(), FileError> {
    let e = write_err(path);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("支付汇总表").map_err(&e)?;
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

    let widths = [6.0, 15.0, 30.0, 24.0, 24.0, 9.0, 16.0];
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w).map_err(&e)?;
    }
    ws.set_row_height(0, 36).map_err(&e)?;
    ws.merge_range(0, 0, 0, 6, &s.title, &title).map_err(&e)?;
    ws.merge_range(1, 0, 1, 3, &format!("填报单位：{}", s.unit), &plain)
        .map_err(&e)?;
    ws.merge_range(1, 4, 1, 6, "金额单位：元", &right)
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
        ws.write_string_with_format(2, c as u16, *h, &head)
            .map_err(&e)?;
    }
    let mut r = 3_u32;
    for (i, l) in s.lines.iter().enumerate() {
        ws.set_row_height(r, 24).map_err(&e)?;
        ws.write_number_with_format(r, 0, (i + 1) as f64, &center)
            .map_err(&e)?;
        ws.write_string_with_format(r, 1, &l.code, &center)
            .map_err(&e)?;
        ws.write_string_with_format(r, 2, &l.name, &cell)
            .map_err(&e)?;
        ws.write_string_with_format(r, 3, &l.bank, &cell)
            .map_err(&e)?;
        ws.write_string_with_format(r, 4, &l.account, &center)
            .map_err(&e)?;
        ws.write_number_with_format(r, 5, l.claims as f64, &center)
            .map_err(&e)?;
        ws.write_with_format(r, 6, l.payable.decimal(), &money)
            .map_err(&e)?;
        r += 1;
    }
    ws.set_row_height(r, 24).map_err(&e)?;
    ws.merge_range(r, 0, r, 4, "合　计", &bold).map_err(&e)?;
    ws.write_number_with_format(r, 5, s.total_claims as f64, &bold)
        .map_err(&e)?;
    ws.write_with_format(r, 6, s.total.decimal(), &bold_money)
        .map_err(&e)?;
    r += 1;
    ws.set_row_height(r, 24).map_err(&e)?;
    ws.merge_range(
        r,
        0,
        r,
        6,
        &format!("合计金额（大写）：人民币{}", s.total_capital),
        &cell.clone().set_bold(),
    )
    .map_err(&e)?;
    r += 2;
    let sign = plain.clone().set_font_size(12);
    ws.set_row_height(r, 30).map_err(&e)?;
    ws.write_string_with_format(r, 1, "经办人：", &sign)
        .map_err(&e)?;
    ws.write_string_with_format(r, 3, "审核人：", &sign)
        .map_err(&e)?;
    ws.write_string_with_format(r, 4, "科室负责人：", &sign)
        .map_err(&e)?;
    ws.write_string_with_format(r, 6, "分管领导：", &sign)
        .map_err(&e)?;
    r += 2;
    ws.merge_range(r, 4, r, 6, "制表日期：　　　　年　　月　　日", &sign)
        .map_err(&e)?;

    ws.set_paper_size(9); // A4
    ws.set_landscape();
    ws.set_margins(0.6, 0.6, 0.8, 0.8, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(2, 2).map_err(&e)?;
    ws.set_footer("&C第 &P 页，共 &N 页");
    wb.save(path).map_err(e)
}
