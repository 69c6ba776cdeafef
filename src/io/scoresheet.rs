//! The 项目支出绩效自评表 as XLSX, laid out like the bureau's paper form and set up
//! to print on one A4 landscape page: the header, the funds block in 万元 with
//! live formulas (cached results included, so any reader sees the figures), the
//! 年度总体目标, the indicator rows with merged 一级/二级 cells, 总分 and grade, and
//! the sign-off lines.

use std::path::Path;

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet, XlsxError, row_col_to_cell};

use super::FileError;
use super::xlsx::{Formats, signature_lines, write_err};
use crate::domain::money::Money;
use crate::report::scoresheet::{FUND_COLUMNS, FundRow, INDICATOR_COLUMNS, ScoreSheet};

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

/// Points per printed line of 11 pt text, and the padding of a row.
const LINE_PT: f64 = 14.5;
const ROW_PAD_PT: f64 = 6.0;
const MIN_ROW_PT: f64 = 22.0;

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
pub fn write_scoresheet(sheet: &ScoreSheet, path: &Path) -> Result<(), FileError> {
    render(sheet, path).map_err(write_err(path))
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

fn render(sheet: &ScoreSheet, path: &Path) -> Result<(), XlsxError> {
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
            let parts = &sheet.funds[1..];
            let amounts: [(Amount, u16); 3] =
                [(|x| x.initial, 3), (|x| x.full, 4), (|x| x.executed, 5)];
            for (get, c) in amounts {
                let total = get(row);
                let sum: Money = parts.iter().map(get).sum();
                if parts.is_empty() || sum != total {
                    // A total that is not the sum of its parts is printed as given.
                    ws.write_with_format(r, c, wan(total), &f.money)?;
                } else {
                    let formula = Formula::new(format!(
                        "=SUM({}:{})",
                        row_col_to_cell(r + 1, c),
                        row_col_to_cell(r + parts.len() as u32, c)
                    ))
                    .set_result(wan(total).to_string());
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
    let level1: Vec<&str> = sheet.rows.iter().map(|x| x.level1.as_str()).collect();
    let level2: Vec<(&str, &str)> = sheet
        .rows
        .iter()
        .map(|x| (x.level1.as_str(), x.level2.as_str()))
        .collect();
    let (runs1, runs2) = (runs(&level1), runs(&level2));
    // A 一级/二级 cell that is not merged must fit in its own row.
    let alone = |runs: &[(usize, usize)], i: usize| runs.iter().any(|&(a, b)| a == i && b == i);
    for (i, row) in sheet.rows.iter().enumerate() {
        let mut cells = vec![
            (row.name.as_str(), indented(3, 3)),
            (row.target.as_str(), span(4, 4)),
            (row.actual.as_str(), span(5, 5)),
            (row.reason.as_str(), indented(8, 8)),
        ];
        if alone(&runs1, i) {
            cells.push((row.level1.as_str(), span(1, 1)));
        }
        if alone(&runs2, i) {
            cells.push((row.level2.as_str(), span(2, 2)));
        }
        ws.set_row_height(r, fit_height(&cells))?;
        ws.write_string_with_format(r, 3, &row.name, &f.text)?;
        ws.write_string_with_format(r, 4, &row.target, &f.center)?;
        ws.write_string_with_format(r, 5, &row.actual, &f.center)?;
        ws.write_with_format(r, 6, row.weight, &f.score)?;
        ws.write_with_format(r, 7, row.score, &f.score)?;
        ws.write_string_with_format(r, 8, &row.reason, &f.text)?;
        r += 1;
    }
    let merges = runs1
        .into_iter()
        .map(|(a, b)| (a, b, 1, level1[a]))
        .chain(runs2.into_iter().map(|(a, b)| (a, b, 2, level2[a].1)));
    for (a, b, col, text) in merges {
        put(
            ws,
            ind_top + a as u32,
            col,
            ind_top + b as u32,
            col,
            text,
            &f.center,
        )?;
    }
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

    ws.set_paper_size(9); // A4
    ws.set_landscape();
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    ws.set_print_fit_to_pages(1, 1);
    ws.set_print_area(0, 0, last_row, LAST_COL)?;
    wb.save(path)
}

/// Write `text` into the range, merging only when it is more than one cell.
fn put(
    ws: &mut Worksheet,
    first_row: u32,
    first_col: u16,
    last_row: u32,
    last_col: u16,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if first_row == last_row && first_col == last_col {
        ws.write_string_with_format(first_row, first_col, text, format)?;
    } else {
        ws.merge_range(first_row, first_col, last_row, last_col, text, format)?;
    }
    Ok(())
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

/// A row height that shows every `(text, width)` cell wrapped in full.
fn fit_height(cells: &[(&str, f64)]) -> f64 {
    let lines = cells
        .iter()
        .map(|(text, width)| wrapped_lines(text, *width))
        .max()
        .unwrap_or(1);
    (lines as f64 * LINE_PT + ROW_PAD_PT).max(MIN_ROW_PT)
}

/// How many lines `text` takes in a cell `width` characters wide, erring on the
/// side of one line too many: an 11 pt CJK character is about 2.15 units of the
/// 7-pixel column width, anything else about 1.1.
fn wrapped_lines(text: &str, width: f64) -> usize {
    // Leave room for the cell padding.
    let usable = (width - 1.0).max(2.0);
    text.split('\n')
        .map(|line| {
            let units: f64 = line
                .chars()
                .map(|c| if c.is_ascii() { 1.1 } else { 2.15 })
                .sum();
            ((units / usable).ceil() as usize).max(1)
        })
        .sum()
}

/// Runs of equal consecutive keys, as inclusive index pairs.
fn runs<T: PartialEq>(keys: &[T]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=keys.len() {
        if i == keys.len() || keys[i] != keys[start] {
            if start < keys.len() {
                out.push((start, i - 1));
            }
            start = i;
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use calamine::{Data, Reader, open_workbook_auto};

    use super::*;
    use crate::report::scoresheet::ScoreRow;

    /// An indicator row from 一级, 二级, 三级, 年度指标值 and 实际完成值.
    fn row(cells: [&str; 5], weight: i64, score: Decimal, reason: &str) -> ScoreRow {
        let [level1, level2, name, target, actual] = cells.map(str::to_owned);
        ScoreRow {
            level1,
            level2,
            name,
            target,
            actual,
            weight: Decimal::from(weight),
            score,
            reason: reason.to_owned(),
        }
    }

    /// The 2021 离休人员医药费县级补助 sheet of seed 000.
    pub(crate) fn sample_sheet() -> ScoreSheet {
        let d = Decimal::from;
        let m = Money::from_yuan;
        ScoreSheet {
            year: 2021,
            project: "离休人员医药费县级补助".to_owned(),
            department: "丰都县医疗保障局".to_owned(),
            unit: "丰都县医疗保障局".to_owned(),
            funds: vec![
                FundRow {
                    label: "年度资金总额",
                    initial: m(1_340_000),
                    full: m(1_550_000),
                    executed: m(1_550_000),
                },
                FundRow {
                    label: "其中：本年财政拨款",
                    initial: m(1_340_000),
                    full: m(1_550_000),
                    executed: m(1_550_000),
                },
                FundRow {
                    label: "上年结转资金",
                    initial: Money::ZERO,
                    full: Money::ZERO,
                    executed: Money::ZERO,
                },
                FundRow {
                    label: "其他资金",
                    initial: Money::ZERO,
                    full: Money::ZERO,
                    executed: Money::ZERO,
                },
            ],
            budget_weight: d(10),
            execution_rate: Decimal::new(10_000, 2),
            budget_score: d(10),
            goal_expected: "保障全县25名离休干部医药费按规定报销：纳入报账人数25人，统筹支付标准8000元/人/年；\
                医药费非现金支付，费用审核率达100%，当月费用次月报销拨付；县内门诊和住院一站式结算，\
                离休干部覆盖率达100%；报销对象满意度达98%，政策普遍知晓。"
                .to_owned(),
            goal_actual: "全年住院25人、报销88.65万元，门诊1352人次、报销66.35万元，共1451人次、155万元；\
                费用审核率100%，次月拨付；离休干部覆盖率100%，一站式结算，报销方便程度明显提高；\
                满意度98%。"
                .to_owned(),
            rows: vec![
                row(["产出指标", "数量指标", "纳入报账人数", "25人", "25人"], 10, d(10), ""),
                row(["产出指标", "数量指标", "统筹支付标准", "8000元/人/年", "8000元/人/年"],
                    10,
                    d(10),
                    "",
                ),
                row(["产出指标", "质量指标", "医药费支付方式", "非现金支付", "非现金支付"],
                    10,
                    d(10),
                    "",
                ),
                row(["产出指标", "质量指标", "费用审核率", "100%", "100%"], 10, d(10), ""),
                row(["产出指标", "时效指标", "医药费支付时间", "当月费用次月拨付", "次月拨付"],
                    10,
                    d(10),
                    "",
                ),
                row(["效益指标", "社会效益指标", "离休干部覆盖率", "100%", "100%"],
                    10,
                    d(10),
                    "",
                ),
                row(["效益指标", "社会效益指标", "报销方便程度", "有所提高", "明显提高"],
                    10,
                    d(10),
                    "",
                ),
                row(["效益指标", "可持续影响指标", "对健全医疗保障制度体系的作用", "卓有成效", "取得一定成效"],
                    10,
                    Decimal::new(85, 1),
                    "县级财政资金紧张，制度探索仍在推进；下一步加强与财政、组织部门协作，完善报销政策。",
                ),
                row(["满意度指标", "服务对象满意度指标", "报销对象满意度", "≥98%", "98%"],
                    5,
                    d(5),
                    "",
                ),
                row(["满意度指标", "服务对象满意度指标", "报销对象政策知晓率", "普遍知晓", "基本知晓"],
                    5,
                    Decimal::new(45, 1),
                    "个别离休人员年事已高，对目录外费用政策了解不够；将上门宣讲并发放明白卡。",
                ),
            ],
            total_weight: d(100),
            total: d(98),
            grade: "优",
        }
    }

    fn text(range: &calamine::Range<Data>, r: u32, c: u32) -> String {
        range
            .get_value((r, c))
            .map(|v| v.to_string())
            .unwrap_or_default()
    }

    fn number(range: &calamine::Range<Data>, r: u32, c: u32) -> f64 {
        match range.get_value((r, c)) {
            Some(Data::Float(x)) => *x,
            Some(Data::Int(x)) => *x as f64,
            other => panic!("({r}, {c}) is not a number: {other:?}"),
        }
    }

    /// Where `label` sits in column `c`.
    fn find_row(range: &calamine::Range<Data>, c: u32, label: &str) -> u32 {
        (0..range.height() as u32)
            .find(|r| text(range, *r, c) == label)
            .unwrap_or_else(|| panic!("no {label} in column {c}"))
    }

    #[test]
    fn reads_back_as_the_form() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("自评表.xlsx");
        let sheet = sample_sheet();
        write_scoresheet(&sheet, &path).unwrap();

        let mut wb = open_workbook_auto(&path).unwrap();
        let range = wb.worksheet_range("绩效自评表").unwrap();
        assert_eq!(range.start(), Some((0, 0)));
        assert_eq!(text(&range, 0, 0), "2021年度项目支出绩效自评表");
        assert_eq!(text(&range, 1, 0), "项目名称");
        assert_eq!(text(&range, 1, 1), "离休人员医药费县级补助");
        assert_eq!(text(&range, 2, 6), "丰都县医疗保障局");

        let head = find_row(&range, 3, "年初预算数");
        assert_eq!(text(&range, head, 0), "项目资金\n（万元）");
        assert_eq!(text(&range, head + 1, 1), "年度资金总额");
        // The total is a formula; its cached result is what a reader sees.
        assert_eq!(number(&range, head + 1, 3), 134.0);
        assert_eq!(number(&range, head + 1, 4), 155.0);
        assert_eq!(number(&range, head + 1, 5), 155.0);
        assert_eq!(number(&range, head + 1, 6), 10.0);
        assert_eq!(number(&range, head + 1, 7), 1.0);
        assert_eq!(number(&range, head + 1, 8), 10.0);
        assert_eq!(number(&range, head + 2, 3), 134.0);
        assert_eq!(text(&range, head + 2, 6), "—");

        let goal = find_row(&range, 0, "年度总体\n目标");
        assert_eq!(text(&range, goal, 1), "预期目标");
        assert!(text(&range, goal + 1, 1).starts_with("保障全县25名离休干部"));

        let ind = find_row(&range, 0, "绩效指标");
        assert_eq!(text(&range, ind, 8), "偏差原因分析及改进措施");
        assert_eq!(text(&range, ind + 1, 1), "产出指标");
        // Merged 一级 cells keep the text only in the first cell.
        assert_eq!(text(&range, ind + 2, 1), "");
        assert_eq!(text(&range, ind + 8, 3), "对健全医疗保障制度体系的作用");
        assert_eq!(number(&range, ind + 8, 7), 8.5);

        let total = find_row(&range, 0, "总分");
        assert_eq!(total, ind + 11);
        assert_eq!(number(&range, total, 6), 100.0);
        assert_eq!(number(&range, total, 7), 98.0);
        assert_eq!(text(&range, total, 8), "自评等级：优");
        assert_eq!(text(&range, total + 2, 1), "项目负责人：");

        // The formulas are there for a clerk who edits a figure.
        let formulas = wb.worksheet_formula("绩效自评表").unwrap();
        let f = |r: u32, c: u32| formulas.get_value((r, c)).cloned().unwrap_or_default();
        assert_eq!(f(head + 1, 3), format!("SUM(D{}:D{})", head + 3, head + 5));
        assert_eq!(f(head + 1, 7), format!("IF(E{0}=0,0,F{0}/E{0})", head + 2));
        assert_eq!(
            f(head + 1, 8),
            format!("ROUND(MIN(H{0},1)*G{0},2)", head + 2)
        );
        assert_eq!(
            f(total, 7),
            format!("SUM(H{}:H{})+I{}", ind + 2, total, head + 2)
        );
    }

    #[test]
    fn a_total_that_is_not_its_parts_prints_as_given() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.xlsx");
        let mut sheet = sample_sheet();
        sheet.funds[0].initial = Money::from_yuan(1_400_000);
        write_scoresheet(&sheet, &path).unwrap();
        let mut wb = open_workbook_auto(&path).unwrap();
        let range = wb.worksheet_range("绩效自评表").unwrap();
        let head = find_row(&range, 3, "年初预算数");
        assert_eq!(number(&range, head + 1, 3), 140.0);
        let formulas = wb.worksheet_formula("绩效自评表").unwrap();
        assert_eq!(formulas.get_value((head + 1, 3)), None);
    }

    #[test]
    fn runs_group_equal_neighbours() {
        assert_eq!(runs(&["a", "a", "b", "a"]), vec![(0, 1), (2, 2), (3, 3)]);
        assert!(runs::<&str>(&[]).is_empty());
    }

    #[test]
    fn an_unwritable_path_is_a_write_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("t.xlsx");
        match write_scoresheet(&sample_sheet(), &path) {
            Err(FileError::Write { path: p, .. }) => assert!(p.ends_with("t.xlsx")),
            other => panic!("expected a write error, got {other:?}"),
        }
    }
}
