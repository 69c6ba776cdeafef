//! The 项目支出绩效目标申报表 as XLSX, laid out like the finance bureau's form
//! and set up for A4 portrait, on one page where it fits: the project's facts,
//! 资金总额 by source in 万元, 总目标 and 年度目标, the 实施进度计划, the
//! indicator grid with merged 一级/二级 cells and 指标值, the 审核意见 of the
//! 主管部门 and the 财政部门, the 批复, and the sign-off line.

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::FileError;
use super::sheet_layout::{IndicatorLevels, MIN_ROW_PT, fit_height, put};
use super::xlsx::{Formats, signature_lines, stamp_row, stamped_footer, write_err};
use crate::domain::Money;
use crate::report::declaration::DeclarationSheet;
use crate::store::exports::Stamp;

/// Column widths A..F: section label, 一级, 二级, 三级, and 指标值 over E:F.
const WIDTHS: [f64; 6] = [9.0, 11.0, 15.0, 27.0, 10.0, 16.0];
const LAST_COL: u16 = 5;

/// The sign-offs under the form.
const SIGNERS: [&str; 4] = [
    "单位负责人：",
    "财务负责人：",
    "填报人：",
    "填报日期：　　　年　　月　　日",
];

/// What a reviewer signs at the foot of each 审核意见.
const REVIEW_FOOT: &str = "（盖章）　　　　\n年　　月　　日　";

/// Above this many points of rows the form is printed one page wide and as many
/// long as it needs, not shrunk onto one page (where its type would get too
/// small to read: A4 holds about 760 points of rows).
const ONE_PAGE_PT: f64 = 1100.0;

/// Write `sheet` to `path`.
pub fn write_declaration(
    sheet: &DeclarationSheet,
    path: &Path,
    stamp: &Stamp,
) -> Result<(), FileError> {
    render(sheet, path, stamp).map_err(write_err(path))
}

/// The width in character units of columns `first..=last`, less an indent.
fn width(first: usize, last: usize) -> f64 {
    WIDTHS[first..=last].iter().sum::<f64>() - 1.0
}

struct SheetFormats {
    base: Formats,
    title: Format,
    text: Format,
    center: Format,
    money: Format,
    review: Format,
}

impl SheetFormats {
    fn new() -> Self {
        let base = Formats::new();
        Self {
            title: base.title.clone().set_font_size(16),
            text: base.cell.clone().set_text_wrap().set_indent(1),
            center: base.center.clone().set_text_wrap(),
            money: base.money.clone().set_indent(1),
            review: base
                .cell
                .clone()
                .set_text_wrap()
                .set_align(FormatAlign::Right)
                .set_align(FormatAlign::Bottom),
            base,
        }
    }
}

/// A sheet being filled row by row, remembering the heights it set.
struct Rows<'a> {
    ws: &'a mut Worksheet,
    r: u32,
    height: f64,
}

impl Rows<'_> {
    fn height(&mut self, points: f64) -> Result<(), XlsxError> {
        self.ws.set_row_height(self.r, points)?;
        self.height += points;
        Ok(())
    }

    /// A row of a label over columns A:B and `text` over C:F.
    fn labelled(&mut self, label: &str, text: &str, f: &SheetFormats) -> Result<(), XlsxError> {
        self.height(fit_height(&[(text, width(2, 5))]))?;
        self.ws
            .merge_range(self.r, 0, self.r, 1, label, &f.base.head)?;
        self.ws
            .merge_range(self.r, 2, self.r, LAST_COL, text, &f.text)?;
        self.r += 1;
        Ok(())
    }

    /// A row of two labelled values: A:B and C:D (the longer), E and F.
    fn pair(
        &mut self,
        (l1, v1): (&str, &str),
        (l2, v2): (&str, &str),
        f: &SheetFormats,
    ) -> Result<(), XlsxError> {
        self.height(fit_height(&[(v1, width(2, 3)), (v2, width(5, 5))]))?;
        self.ws
            .merge_range(self.r, 0, self.r, 1, l1, &f.base.head)?;
        self.ws.merge_range(self.r, 2, self.r, 3, v1, &f.text)?;
        self.ws
            .write_string_with_format(self.r, 4, l2, &f.base.head)?;
        self.ws.write_string_with_format(self.r, 5, v2, &f.text)?;
        self.r += 1;
        Ok(())
    }
}

fn wan(m: Money) -> rust_decimal::Decimal {
    m.in_wan().normalize()
}

fn render(sheet: &DeclarationSheet, path: &Path, stamp: &Stamp) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("绩效目标申报表")?;
    let f = SheetFormats::new();
    for (c, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let d = sheet.fields();
    ws.set_row_height(0, 36)?;
    ws.merge_range(0, 0, 0, LAST_COL, &sheet.title(), &f.title)?;
    ws.set_row_height(1, 22)?;
    ws.merge_range(
        1,
        0,
        1,
        3,
        &format!("填报单位（盖章）：{}", d.unit),
        &f.base.plain,
    )?;
    ws.merge_range(1, 4, 1, LAST_COL, "金额单位：万元", &f.base.right)?;
    let mut rows = Rows {
        ws,
        r: 2,
        height: 58.0,
    };

    rows.labelled("项目名称", &d.project, &f)?;
    rows.labelled("主管部门", &d.department, &f)?;
    rows.labelled("实施单位", &d.unit, &f)?;
    rows.pair(("项目期限", &d.term), ("项目属性", d.attribute.label()), &f)?;

    // 项目资金: two amounts to a row.
    let funds = sheet.fund_cells();
    let top = rows.r;
    for pair in funds.chunks(2) {
        rows.height(MIN_ROW_PT)?;
        let r = rows.r;
        for (i, (label, amount)) in pair.iter().enumerate() {
            let (lc, vc) = if i == 0 { (1, 3) } else { (4, 5) };
            if i == 0 {
                rows.ws.merge_range(r, 1, r, 2, label, &f.text)?;
            } else {
                rows.ws.write_string_with_format(r, lc, *label, &f.text)?;
            }
            rows.ws.write_with_format(r, vc, wan(*amount), &f.money)?;
        }
        if pair.len() == 1 {
            rows.ws.write_blank(r, 4, &f.text)?;
            rows.ws.write_blank(r, 5, &f.text)?;
        }
        rows.r += 1;
    }
    put(
        rows.ws,
        top,
        0,
        rows.r - 1,
        0,
        "项目资金\n（万元）",
        &f.base.head,
    )?;

    // 绩效目标: 总目标 and 年度目标.
    let top = rows.r;
    for (label, text) in [("总目标", &d.overall_goal), ("年度目标", &d.annual_goal)] {
        rows.height(fit_height(&[(text, width(3, 5))]).max(44.0))?;
        rows.ws
            .merge_range(rows.r, 1, rows.r, 2, label, &f.base.head)?;
        rows.ws
            .merge_range(rows.r, 3, rows.r, LAST_COL, text, &f.text)?;
        rows.r += 1;
    }
    put(rows.ws, top, 0, rows.r - 1, 0, "绩效目标", &f.base.head)?;

    // 实施进度计划.
    let top = rows.r;
    rows.height(MIN_ROW_PT)?;
    rows.ws
        .merge_range(rows.r, 1, rows.r, 2, "起止时间", &f.base.head)?;
    rows.ws
        .merge_range(rows.r, 3, rows.r, LAST_COL, "进度安排", &f.base.head)?;
    rows.r += 1;
    for s in &d.stages {
        let period = s.period_label();
        rows.height(fit_height(&[
            (&period, width(1, 2)),
            (&s.task, width(3, 5)),
        ]))?;
        rows.ws
            .merge_range(rows.r, 1, rows.r, 2, &period, &f.center)?;
        rows.ws
            .merge_range(rows.r, 3, rows.r, LAST_COL, &s.task, &f.text)?;
        rows.r += 1;
    }
    put(
        rows.ws,
        top,
        0,
        rows.r - 1,
        0,
        "实施进度\n计划",
        &f.base.head,
    )?;

    // The indicator grid.
    let head = rows.r;
    rows.height(MIN_ROW_PT)?;
    for (c, title) in ["一级指标", "二级指标", "三级指标"].iter().enumerate() {
        rows.ws
            .write_string_with_format(rows.r, c as u16 + 1, *title, &f.base.head)?;
    }
    rows.ws
        .merge_range(rows.r, 4, rows.r, LAST_COL, "指标值", &f.base.head)?;
    rows.r += 1;
    let first = rows.r;
    let levels = IndicatorLevels::new(
        sheet
            .rows
            .iter()
            .map(|x| (x.level1.as_str(), x.level2.as_str())),
    );
    for (i, row) in sheet.rows.iter().enumerate() {
        let mut cells = vec![
            (row.name.as_str(), width(3, 3)),
            (row.target.as_str(), width(4, 5)),
        ];
        cells.extend(
            levels
                .alone(i)
                .into_iter()
                .map(|(t, c)| (t, width(usize::from(c), usize::from(c)))),
        );
        rows.height(fit_height(&cells))?;
        rows.ws
            .write_string_with_format(rows.r, 3, &row.name, &f.text)?;
        rows.ws
            .merge_range(rows.r, 4, rows.r, LAST_COL, &row.target, &f.center)?;
        rows.r += 1;
    }
    levels.write(rows.ws, first, &f.center)?;
    put(rows.ws, head, 0, rows.r - 1, 0, "绩效指标", &f.base.head)?;

    // 审核意见 and the 批复.
    for label in ["主管部门\n审核意见", "财政部门\n审核意见"] {
        rows.height(50.0)?;
        rows.ws
            .merge_range(rows.r, 0, rows.r, 1, label, &f.base.head)?;
        rows.ws
            .merge_range(rows.r, 2, rows.r, LAST_COL, REVIEW_FOOT, &f.review)?;
        rows.r += 1;
    }
    rows.labelled("批复情况", &approval_text(sheet), &f)?;

    let sign = rows.r + 1;
    signature_lines(rows.ws, sign, &[0, 2, 3, 4], &SIGNERS, None, &f.base.plain)?;
    let last_row = sign + 1;
    stamp_row(rows.ws, last_row, LAST_COL, stamp)?;
    let fits = rows.height + 70.0 <= ONE_PAGE_PT;

    let ws = rows.ws;
    ws.set_footer(stamped_footer(stamp));
    ws.set_paper_size(9); // A4
    ws.set_portrait();
    ws.set_margins(0.55, 0.55, 0.5, 0.5, 0.25, 0.25);
    ws.set_print_center_horizontally(true);
    ws.set_print_fit_to_pages(1, if fits { 1 } else { 0 });
    ws.set_print_area(0, 0, last_row, LAST_COL)?;
    wb.save(path)
}

/// The 批复情况 cell: the state, and the 文号 and date once approved.
fn approval_text(sheet: &DeclarationSheet) -> String {
    let d = &sheet.declaration;
    match &d.approval {
        Some(a) => format!(
            "已批复。批复文号：{}；批复日期：{}",
            a.doc_no,
            crate::domain::dates::chinese_date(a.date)
        ),
        None => format!("{}（尚未批复）", d.state.label()),
    }
}
