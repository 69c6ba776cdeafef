//! The 项目支出绩效自评表 of a program-year as printed (DOMAIN.md §5): the header,
//! the funds block in 万元, the 年度总体目标, the indicator rows, 总分 and grade.
//! `io::scoresheet` writes it as XLSX; the report DOCX carries it as its 附件.

use rust_decimal::Decimal;

/// The funds block's column titles (after its row label).
pub const FUND_COLUMNS: [&str; 6] = [
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "分值",
    "执行率",
    "得分",
];

/// The indicator block's column titles.
pub const INDICATOR_COLUMNS: [&str; 8] = [
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
];

/// One row of the funds block: 年度资金总额, 其中 本年财政拨款 (with its levels
/// once sources are stated: 其中：中央补助 …), 上年结转资金, 其他资金.
pub use crate::domain::fund_sources::FundLine as FundRow;

/// One indicator row, every cell as it prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScoreRow {
    pub level1: String,
    pub level2: String,
    pub name: String,
    /// 年度指标值, e.g. `≥98%` or `普遍知晓`: the approved target, and the
    /// adjusted one under it after an 调整 (`≥98%\n（调整为≥95%）`).
    pub target: String,
    /// Whether the target was adjusted after 批复.
    pub adjusted: bool,
    /// 实际完成值, e.g. `100%` or `达成`.
    pub actual: String,
    /// 分值.
    pub weight: Decimal,
    /// 得分.
    pub score: Decimal,
    /// 偏差原因分析及改进措施.
    pub reason: String,
}

/// The whole sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScoreSheet {
    pub year: i32,
    /// 项目名称.
    pub project: String,
    /// 主管部门.
    pub department: String,
    /// 实施单位.
    pub unit: String,
    /// 年度资金总额 first, then 本年财政拨款, 上年结转资金, 其他资金.
    pub funds: Vec<FundRow>,
    /// 预算执行率: 分值, rate in % (e.g. 100.00) and 得分.
    pub budget_weight: Decimal,
    pub execution_rate: Decimal,
    pub budget_score: Decimal,
    /// 年度总体目标: 预期目标 and 实际完成情况.
    pub goal_expected: String,
    pub goal_actual: String,
    /// The indicator rows in order, without the 预算执行率 line (it is in the funds
    /// block).
    pub rows: Vec<ScoreRow>,
    /// 总分: the 分值 sum (100) and the 得分 sum, the budget line included.
    pub total_weight: Decimal,
    pub total: Decimal,
    /// 优 / 良 / 中 / 差.
    pub grade: &'static str,
}

impl ScoreSheet {
    /// `2021年度项目支出绩效自评表`.
    pub fn title(&self) -> String {
        format!("{}年度项目支出绩效自评表", self.year)
    }
}
