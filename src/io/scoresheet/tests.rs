//! Tests of the 自评表 XLSX: its layout, formulas and printing set-up, read back.

use calamine::{Data, Reader, open_workbook_auto};

use super::*;
use crate::io::sheet_layout::runs;
use crate::report::scoresheet::ScoreRow;

/// An indicator row from 一级, 二级, 三级, 年度指标值 and 实际完成值.
fn row(cells: [&str; 5], weight: i64, score: Decimal, reason: &str) -> ScoreRow {
    let [level1, level2, name, target, actual] = cells.map(str::to_owned);
    ScoreRow {
        level1,
        level2,
        name,
        target,
        adjusted: false,
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
                detail: false,
            },
            FundRow {
                label: "其中：本年财政拨款",
                initial: m(1_340_000),
                full: m(1_550_000),
                executed: m(1_550_000),
                detail: false,
            },
            FundRow {
                label: "上年结转资金",
                initial: Money::ZERO,
                full: Money::ZERO,
                executed: Money::ZERO,
                detail: false,
            },
            FundRow {
                label: "其他资金",
                initial: Money::ZERO,
                full: Money::ZERO,
                executed: Money::ZERO,
                detail: false,
            },
        ],
        budget_weight: d(10),
        execution_rate: Decimal::new(10_000, 2),
        budget_score: d(10),
        goal_expected:
            "保障全县25名离休干部医药费按规定报销：纳入报账人数25人，统筹支付标准8000元/人/年；\
            医药费非现金支付，费用审核率达100%，当月费用次月报销拨付；县内门诊和住院一站式结算，\
            离休干部覆盖率达100%；报销对象满意度达98%，政策普遍知晓。"
                .to_owned(),
        goal_actual:
            "全年住院25人、报销88.65万元，门诊1352人次、报销66.35万元，共1451人次、155万元；\
            费用审核率100%，次月拨付；离休干部覆盖率100%，一站式结算，报销方便程度明显提高；\
            满意度98%。"
                .to_owned(),
        rows: vec![
            row(
                ["产出指标", "数量指标", "纳入报账人数", "25人", "25人"],
                10,
                d(10),
                "",
            ),
            row(
                [
                    "产出指标",
                    "数量指标",
                    "统筹支付标准",
                    "8000元/人/年",
                    "8000元/人/年",
                ],
                10,
                d(10),
                "",
            ),
            row(
                [
                    "产出指标",
                    "质量指标",
                    "医药费支付方式",
                    "非现金支付",
                    "非现金支付",
                ],
                10,
                d(10),
                "",
            ),
            row(
                ["产出指标", "质量指标", "费用审核率", "100%", "100%"],
                10,
                d(10),
                "",
            ),
            row(
                [
                    "产出指标",
                    "时效指标",
                    "医药费支付时间",
                    "当月费用次月拨付",
                    "次月拨付",
                ],
                10,
                d(10),
                "",
            ),
            row(
                ["效益指标", "社会效益指标", "离休干部覆盖率", "100%", "100%"],
                10,
                d(10),
                "",
            ),
            row(
                [
                    "效益指标",
                    "社会效益指标",
                    "报销方便程度",
                    "有所提高",
                    "明显提高",
                ],
                10,
                d(10),
                "",
            ),
            row(
                [
                    "效益指标",
                    "可持续影响指标",
                    "对健全医疗保障制度体系的作用",
                    "卓有成效",
                    "取得一定成效",
                ],
                10,
                Decimal::new(85, 1),
                "县级财政资金紧张，制度探索仍在推进；下一步加强与财政、组织部门协作，完善报销政策。",
            ),
            row(
                [
                    "满意度指标",
                    "服务对象满意度指标",
                    "报销对象满意度",
                    "≥98%",
                    "98%",
                ],
                5,
                d(5),
                "",
            ),
            row(
                [
                    "满意度指标",
                    "服务对象满意度指标",
                    "报销对象政策知晓率",
                    "普遍知晓",
                    "基本知晓",
                ],
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
    write_scoresheet(&sheet, &path, &Stamp::example()).unwrap();

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
    write_scoresheet(&sheet, &path, &Stamp::example()).unwrap();
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
    match write_scoresheet(&sample_sheet(), &path, &Stamp::example()) {
        Err(FileError::Write { path: p, .. }) => assert!(p.ends_with("t.xlsx")),
        other => panic!("expected a write error, got {other:?}"),
    }
}
