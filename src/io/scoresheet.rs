//! The 项目支出绩效自评表 as XLSX, laid out like the bureau's paper form and set up
//! to print on one A4 landscape page: the header, the funds block in 万元 with
//! live formulas (cached results included, so any reader sees the figures), the
//! 年度总体目标, the indicator rows with merged 一级/二级 cells, 总分 and grade, and
//! the sign-off lines.

use std::path::Path;

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet, XlsxError, row_col_to_cell};

use super::FileError;
use super::sheet_layout::{IndicatorLevels, MIN_ROW_PT, fit_height, put};
use super::xlsx::{Formats, signature_lines, stamp_row, stamped_footer, write_err};
use crate::domain::money::Money;
use crate::report::scoresheet::{FUND_COLUMNS, FundRow, INDICATOR_COLUMNS, ScoreSheet};
use crate::store::exports::Stamp;

/// Column widths A..I: section label, 一级, 二级, 三级, 年度指标值, 实际完成值, 分值,
/// 得分, 偏差原因分析及改进措施. The funds block reuses D..I for its figures.
const WIDTHS: [f64; 9] = [9.0, 9.0, 11.0, 24.0, 15.0, 15.0, 8.0, 9.0, 33.0];
const LAST_COL: u16 = 8;

/// The sign-offs under the sheet.
const SIGNERS: [&str; 4] = [
    "项目负责人：",
    "财务负责人：",
    "填表人：",
    "填报日期：　　　　年　　月　　日",
];

/// Reads one amount of a funds row.
type Amount = fn(&FundRow) -> Money;

/// Column titles in row `r` from column `first` on.
fn header_row(
    ws: &mut Worksheet,
    r: u32,
    first: u16,
    titles: &[&str],
    format: &Format,
) -> Result<(), XlsxError> {
    for (c, h) in titles.iter().enumerate() {
        ws.write_string_with_format(r, first + c as u16, *h, format)?;
    }
    Ok(())
}

/// Write `sheet` as a one-page A4 landscape XLSX at `path`.
pub fn write_scoresheet(sheet: &ScoreSheet, path: &Path, stamp: &Stamp) -> Result<(), FileError> {
    render(sheet, path, stamp).map_err(write_err(path))
}

/// The cell formats of this sheet, derived from the shared [`Formats`].
struct SheetFormats {
    base: Formats,
    title: Format,
    text: Format,
    center: Format,
    score: Format,
    rate: Format,
    bold_score: Format,
    money: Format,
}

impl SheetFormats {
    fn new() -> Self {
        let base = Formats::new();
        let title = base.title.clone().set_font_size(16);
        let text = base.cell.clone().set_text_wrap().set_indent(1);
        let center = base.center.clone().set_text_wrap();
        // General shows 98 as "98" and 8.5 as "8.5", as the paper form does.
        let score = base.center.clone();
        let rate = base.center.clone().set_num_format("0.00%");
        let bold_score = base.bold.clone();
        let money = base.money.clone().set_indent(1);
        Self {
            base,
            title,
            text,
            center,
            score,
            rate,
            bold_score,
            money,
        }
    }
}

fn render(sheet: &ScoreSheet, path: &Path, stamp: &Stamp) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("绩效自评表")?;
    let f = SheetFormats::new();
    for (c, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }

    ws.set_row_height(0, 36)?;
    ws.merge_range(0, 0, 0, LAST_COL, &sheet.title(), &f.title)?;

    // Header block.
    let mut r = 1_u32;
    ws.set_row_height(r, fit_height(&[(&sheet.project, indented(1, 8))]))?;
    ws.write_string_with_format(r, 0, "项目名称", &f.base.head)?;
    ws.merge_range(r, 1, r, LAST_COL, &sheet.project, &f.text)?;
    r += 1;
    ws.set_row_height(
        r,
        fit_height(&[
            (&sheet.department, indented(1, 4)),
            (&sheet.unit, indented(6, 8)),
        ]),
    )?;
    ws.write_string_with_format(r, 0, "主管部门", &f.base.head)?;
    ws.merge_range(r, 1, r, 4, &sheet.department, &f.text)?;
    ws.write_string_with_format(r, 5, "实施单位", &f.base.head)?;
    ws.merge_range(r, 6, r, LAST_COL, &sheet.unit, &f.text)?;
    r += 1;

    // Funds block: a header row, then 年度资金总额 and its 其中 rows.
    let fund_head = r;
    ws.set_row_height(r, MIN_ROW_PT)?;
    ws.merge_range(r, 1, r, 2, "", &f.base.head)?;
    header_row(ws, r, 3, &FUND_COLUMNS, &f.base.head)?;
    r += 1;
    let fund_top = r;
    for (i, row) in sheet.funds.iter().enumerate() {
        ws.set_row_height(r, MIN_ROW_PT)?;
        ws.merge_range(r, 1, r, 2, row.label, &f.text)?;
        if i == 0 {
            // The rows the total adds up: not the 其中 lines under 本年财政拨款.
            let parts: Vec<(u32, &FundRow)> = (r + 1..)
                .zip(&sheet.funds[1..])
                .filter(|(_, p)| !p.detail)
                .collect();
            let contiguous = parts.len() + 1 == sheet.funds.len();
            let amounts: [(Amount, u16); 3] =
                [(|x| x.initial, 3), (|x| x.full, 4), (|x| x.executed, 5)];
            for (get, c) in amounts {
                let total = get(row);
                let sum: Money = parts.iter().map(|(_, p)| get(p)).sum();
                if parts.is_empty() || sum != total {
                    // A total that is not the sum of its parts is printed as given.
                    ws.write_with_format(r, c, wan(total), &f.money)?;
                } else {
                    let cells: Vec<String> = parts
                        .iter()
                        .map(|(pr, _)| row_col_to_cell(*pr, c))
                        .collect();
                    let sum = if contiguous {
                        format!("=SUM({}:{})", cells[0], cells[cells.len() - 1])
                    } else {
                        format!("={}", cells.join("+"))
                    };
                    let formula = Formula::new(sum).set_result(wan(total).to_string());
                    ws.write_formula_with_format(r, c, formula, &f.money)?;
                }
            }
            let full = row_col_to_cell(r, 4);
            let executed = row_col_to_cell(r, 5);
            let weight = row_col_to_cell(r, 6);
            let rate = row_col_to_cell(r, 7);
            ws.write_with_format(r, 6, sheet.budget_weight, &f.score)?;
            let rate_formula = Formula::new(format!("=IF({full}=0,0,{executed}/{full})"))
                .set_result(
                    (sheet.execution_rate / Decimal::ONE_HUNDRED)
                        .normalize()
                        .to_string(),
                );
            ws.write_formula_with_format(r, 7, rate_formula, &f.rate)?;
            let score_formula = Formula::new(format!("=ROUND(MIN({rate},1)*{weight},2)"))
                .set_result(sheet.budget_score.normalize().to_string());
            ws.write_formula_with_format(r, 8, score_formula, &f.score)?;
        } else {
            ws.write_with_format(r, 3, wan(row.initial), &f.money)?;
            ws.write_with_format(r, 4, wan(row.full), &f.money)?;
            ws.write_with_format(r, 5, wan(row.executed), &f.money)?;
            for c in 6..=8 {
                ws.write_string_with_format(r, c, "—", &f.center)?;
            }
        }
        r += 1;
    }
    put(
        ws,
        fund_head,
        0,
        r - 1,
        0,
        "项目资金\n（万元）",
        &f.base.head,
    )?;

    // 年度总体目标: a header row and the two texts.
    ws.set_row_height(r, MIN_ROW_PT)?;
    put(ws, r, 0, r + 1, 0, "年度总体\n目标", &f.base.head)?;
    ws.merge_range(r, 1, r, 4, "预期目标", &f.base.head)?;
    ws.merge_range(r, 5, r, LAST_COL, "实际完成情况", &f.base.head)?;
    r += 1;
    ws.set_row_height(
        r,
        fit_height(&[
            (&sheet.goal_expected, indented(1, 4)),
            (&sheet.goal_actual, indented(5, 8)),
        ]),
    )?;
    ws.merge_range(r, 1, r, 4, &sheet.goal_expected, &f.text)?;
    ws.merge_range(r, 5, r, LAST_COL, &sheet.goal_actual, &f.text)?;
    r += 1;

    // Indicator rows.
    let ind_head = r;
    ws.set_row_height(r, 30)?;
    header_row(ws, r, 1, &INDICATOR_COLUMNS, &f.base.head)?;
    r += 1;
    let ind_top = r;
    let levels = IndicatorLevels::new(
        sheet
            .rows
            .iter()
            .map(|x| (x.level1.as_str(), x.level2.as_str())),
    );
    for (i, row) in sheet.rows.iter().enumerate() {
        let mut cells = vec![
            (row.name.as_str(), indented(3, 3)),
            (row.target.as_str(), span(4, 4)),
            (row.actual.as_str(), span(5, 5)),
            (row.reason.as_str(), indented(8, 8)),
        ];
        cells.extend(
            levels
                .alone(i)
                .into_iter()
                .map(|(t, c)| (t, span(usize::from(c), usize::from(c)))),
        );
        ws.set_row_height(r, fit_height(&cells))?;
        ws.write_string_with_format(r, 3, &row.name, &f.text)?;
        ws.write_string_with_format(r, 4, &row.target, &f.center)?;
        ws.write_string_with_format(r, 5, &row.actual, &f.center)?;
        ws.write_with_format(r, 6, row.weight, &f.score)?;
        ws.write_with_format(r, 7, row.score, &f.score)?;
        ws.write_string_with_format(r, 8, &row.reason, &f.text)?;
        r += 1;
    }
    levels.write(ws, ind_top, &f.center)?;
    put(ws, ind_head, 0, r - 1, 0, "绩效指标", &f.base.head)?;

    // 总分: the sums of the indicator rows plus the budget line, then the grade.
    ws.set_row_height(r, 26)?;
    ws.merge_range(r, 0, r, 5, "总分", &f.base.bold)?;
    let (weight_sum, score_sum) = if sheet.rows.is_empty() {
        (
            format!("={}", row_col_to_cell(fund_top, 6)),
            format!("={}", row_col_to_cell(fund_top, 8)),
        )
    } else {
        (
            format!(
                "=SUM({}:{})+{}",
                row_col_to_cell(ind_top, 6),
                row_col_to_cell(r - 1, 6),
                row_col_to_cell(fund_top, 6)
            ),
            format!(
                "=SUM({}:{})+{}",
                row_col_to_cell(ind_top, 7),
                row_col_to_cell(r - 1, 7),
                row_col_to_cell(fund_top, 8)
            ),
        )
    };
    ws.write_formula_with_format(
        r,
        6,
        Formula::new(weight_sum).set_result(sheet.total_weight.normalize().to_string()),
        &f.bold_score,
    )?;
    ws.write_formula_with_format(
        r,
        7,
        Formula::new(score_sum).set_result(sheet.total.normalize().to_string()),
        &f.bold_score,
    )?;
    ws.write_string_with_format(r, 8, format!("自评等级：{}", sheet.grade), &f.base.bold)?;
    let last_row = r + 2;
    signature_lines(ws, last_row, &[1, 3, 5, 8], &SIGNERS, None, &f.base.plain)?;
    let last_row = last_row + 1;
    stamp_row(ws, last_row, LAST_COL, stamp)?;
    ws.set_footer(stamped_footer(stamp));

    ws.set_paper_size(9); // A4
    ws.set_landscape();
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    ws.set_print_fit_to_pages(1, 1);
    ws.set_print_area(0, 0, last_row, LAST_COL)?;
    wb.save(path)
}

/// The amount in 万元, exact.
fn wan(m: Money) -> Decimal {
    m.in_wan().normalize()
}

/// The width in character units of columns `first..=last`.
fn span(first: usize, last: usize) -> f64 {
    WIDTHS[first..=last].iter().sum()
}

/// The width left for text in columns `first..=last` with a one-character indent.
fn indented(first: usize, last: usize) -> f64 {
    span(first, last) - 1.0
}

#[cfg(test)]
pub(crate) mod tests;
