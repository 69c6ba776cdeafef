//! 绩效目标申报 (DOMAIN.md §9): a program-year's declaration on the standard
//! 项目支出绩效目标申报表, its state 编制 → 已申报 → 已批复, and the lock that
//! 批复 puts on the indicator targets: once approved, a target changes only by an
//! 调整 with a reason and a date.
//!
//! The indicator rows are the ones 绩效评分 scores (`scoring::IndicatorLine`); the
//! declaration adds the project's facts, its money by source, its goals and its
//! 实施进度计划.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::Money;
use super::dates::chinese_date;
use super::scoring::{IndicatorLine, Nature};

/// Where the state of a declaration stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DeclarationState {
    /// 编制: being written; everything may change.
    Draft,
    /// 已申报: sent to the finance bureau; nothing changes until it is approved
    /// or withdrawn.
    Declared,
    /// 已批复: approved (date and 文号); targets change only by 调整.
    Approved,
}

impl DeclarationState {
    pub const ALL: [DeclarationState; 3] = [
        DeclarationState::Draft,
        DeclarationState::Declared,
        DeclarationState::Approved,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DeclarationState::Draft => "draft",
            DeclarationState::Declared => "declared",
            DeclarationState::Approved => "approved",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            DeclarationState::Draft => "编制",
            DeclarationState::Declared => "已申报",
            DeclarationState::Approved => "已批复",
        }
    }

    /// Whether the declaration's fields and the indicator targets may be edited
    /// directly.
    pub fn editable(self) -> bool {
        match self {
            DeclarationState::Draft => true,
            DeclarationState::Declared | DeclarationState::Approved => false,
        }
    }

    /// The state after `step`, or why the step is refused in this state.
    pub fn after(self, step: Step) -> Result<Self, String> {
        use DeclarationState::{Approved, Declared, Draft};
        match (self, step) {
            (Draft, Step::Declare) => Ok(Declared),
            (Declared, Step::Approve) => Ok(Approved),
            (Declared, Step::Withdraw) => Ok(Draft),
            (Approved, Step::Adjust) => Ok(Approved),
            (Draft, Step::Approve) => Err("尚未申报，不能登记批复：请先申报".into()),
            (Draft, Step::Withdraw) => Err("尚未申报，无需撤回".into()),
            (Draft | Declared, Step::Adjust) => {
                Err("绩效目标尚未批复：批复前请直接修改，不需要调整".into())
            }
            (Declared | Approved, Step::Declare) => {
                Err(format!("绩效目标已是「{}」，不能重复申报", self.label()))
            }
            (Approved, Step::Approve) => Err("绩效目标已批复，不能重复登记批复".into()),
            (Approved, Step::Withdraw) => Err("绩效目标已批复，不能撤回申报".into()),
        }
    }
}

/// A step of the declaration's life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// 申报: 编制 → 已申报.
    Declare,
    /// 撤回申报 (returned for changes): 已申报 → 编制.
    Withdraw,
    /// 登记批复: 已申报 → 已批复.
    Approve,
    /// 调整 an approved target.
    Adjust,
}

/// 项目属性.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Attribute {
    /// 新增.
    New,
    /// 延续.
    Continuing,
}

impl Attribute {
    pub const ALL: [Attribute; 2] = [Attribute::New, Attribute::Continuing];

    pub fn code(self) -> &'static str {
        match self {
            Attribute::New => "new",
            Attribute::Continuing => "continuing",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Attribute::New => "新增",
            Attribute::Continuing => "延续",
        }
    }
}

/// Where money comes from: the four levels of 财政拨款 and 其他资金.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FundSource {
    Central,
    Provincial,
    City,
    County,
    Other,
}

impl FundSource {
    /// In the order the forms print them, which is also the order money is
    /// counted as spent (transfers from above first).
    pub const ALL: [FundSource; 5] = [
        FundSource::Central,
        FundSource::Provincial,
        FundSource::City,
        FundSource::County,
        FundSource::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FundSource::Central => "central",
            FundSource::Provincial => "provincial",
            FundSource::City => "city",
            FundSource::County => "county",
            FundSource::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// 中央, 省级, 市级, 县级, 其他.
    pub fn label(self) -> &'static str {
        match self {
            FundSource::Central => "中央",
            FundSource::Provincial => "省级",
            FundSource::City => "市级",
            FundSource::County => "县级",
            FundSource::Other => "其他",
        }
    }

    /// The name of its amount on a form: 中央资金 … 其他资金.
    pub fn funds_label(self) -> &'static str {
        match self {
            FundSource::Central => "中央资金",
            FundSource::Provincial => "省级资金",
            FundSource::City => "市级资金",
            FundSource::County => "县级资金",
            FundSource::Other => "其他资金",
        }
    }

    /// Whether it is 财政拨款 (every level but 其他).
    pub fn is_fiscal(self) -> bool {
        match self {
            FundSource::Central
            | FundSource::Provincial
            | FundSource::City
            | FundSource::County => true,
            FundSource::Other => false,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// An amount per source.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SourceAmounts(pub [Money; 5]);

impl SourceAmounts {
    pub fn get(&self, source: FundSource) -> Money {
        self.0[source.index()]
    }

    pub fn set(&mut self, source: FundSource, amount: Money) {
        self.0[source.index()] = amount;
    }

    pub fn add(&mut self, source: FundSource, amount: Money) {
        self.0[source.index()] = self.0[source.index()] + amount;
    }

    /// 资金总额.
    pub fn total(&self) -> Money {
        self.0.iter().copied().sum()
    }

    /// 财政拨款: the four levels.
    pub fn fiscal(&self) -> Money {
        FundSource::ALL
            .into_iter()
            .filter(|s| s.is_fiscal())
            .map(|s| self.get(s))
            .sum()
    }
}

/// One stage of the 实施进度计划.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    /// What is done in it.
    pub task: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Stage {
    /// `2021.01.01—2021.03.31`, as the forms' narrow 起止时间 column prints it.
    pub fn period_label(&self) -> String {
        let dotted = |d: NaiveDate| d.format("%Y.%m.%d").to_string();
        format!("{}—{}", dotted(self.start), dotted(self.end))
    }
}

/// What the clerk fills in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeclarationFields {
    /// 项目名称.
    pub project: String,
    /// 主管部门.
    pub department: String,
    /// 实施单位.
    pub unit: String,
    /// 项目属性.
    pub attribute: Attribute,
    /// 项目期限, as written: 2021年1月—2021年12月, 长期.
    pub term: String,
    /// 资金总额 by source.
    pub funds: SourceAmounts,
    /// 总目标: for the project's whole term.
    pub overall_goal: String,
    /// 年度目标.
    pub annual_goal: String,
    /// 实施进度计划.
    pub stages: Vec<Stage>,
}

impl DeclarationFields {
    /// The fields of a year not declared yet: the program's names, the whole year
    /// as its term, nothing else.
    pub fn blank(project: &str, department: &str, unit: &str, year: i32) -> Self {
        Self {
            project: project.to_owned(),
            department: department.to_owned(),
            unit: unit.to_owned(),
            attribute: Attribute::Continuing,
            term: format!("{year}年1月—{year}年12月"),
            funds: SourceAmounts::default(),
            overall_goal: String::new(),
            annual_goal: String::new(),
            stages: Vec::new(),
        }
    }

    /// What is wrong with these fields as saved: a stage that ends before it
    /// starts, a stage with no task, a negative amount. Each message names the
    /// row and the value.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (i, s) in self.stages.iter().enumerate() {
            if s.task.trim().is_empty() {
                out.push(format!("实施进度计划第 {} 行：进度安排不能为空", i + 1));
            }
            if s.end < s.start {
                out.push(format!(
                    "实施进度计划第 {} 行：结束日期 {} 早于开始日期 {}",
                    i + 1,
                    s.end,
                    s.start
                ));
            }
        }
        for source in FundSource::ALL {
            if self.funds.get(source).is_negative() {
                out.push(format!(
                    "资金总额「{}」为 {}，不能为负数",
                    source.funds_label(),
                    self.funds.get(source).plain()
                ));
            }
        }
        out
    }

    /// What must be filled in before the declaration is sent (besides
    /// [`Self::problems`]): the names, the money, both goals, a plan and the
    /// indicators.
    pub fn missing_for_declaring(&self, indicators: &[IndicatorLine]) -> Vec<String> {
        let mut out = self.problems();
        for (label, value) in [
            ("项目名称", &self.project),
            ("主管部门", &self.department),
            ("实施单位", &self.unit),
            ("项目期限", &self.term),
            ("总目标", &self.overall_goal),
            ("年度目标", &self.annual_goal),
        ] {
            if value.trim().is_empty() {
                out.push(format!("{label}不能为空"));
            }
        }
        if self.funds.total().is_zero() {
            out.push("资金总额不能为 0：请按来源填写中央、省级、市级、县级或其他资金".into());
        }
        if self.stages.is_empty() {
            out.push("实施进度计划至少要有一个阶段".into());
        }
        if indicators.is_empty() {
            out.push("还没有绩效指标：请先在“绩效评分”页填写指标和年度指标值".into());
        }
        for l in indicators {
            if l.nature != Nature::Qualitative && l.target.is_none() {
                out.push(format!("「{}」没有年度指标值", l.name));
            }
            if l.nature == Nature::Qualitative && l.target_text.trim().is_empty() {
                out.push(format!(
                    "「{}」没有年度指标值（定性指标请写明目标）",
                    l.name
                ));
            }
        }
        out
    }
}

/// The 批复: its date and 文号, and who recorded it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Approval {
    pub date: NaiveDate,
    pub doc_no: String,
    pub recorded_by: String,
}

/// A program-year's declaration as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declaration {
    pub state: DeclarationState,
    pub fields: DeclarationFields,
    /// When it was sent and by whom (姓名).
    pub declared: Option<(String, String)>,
    pub approval: Option<Approval>,
}

impl Declaration {
    /// 「已批复（渝丰财〔2021〕12号，2021年2月10日）」, 「已申报」, 「编制」.
    pub fn state_line(&self) -> String {
        match (&self.state, &self.approval) {
            (DeclarationState::Approved, Some(a)) => format!(
                "{}（{}，{}）",
                self.state.label(),
                a.doc_no,
                chinese_date(a.date)
            ),
            (s, _) => s.label().to_owned(),
        }
    }
}

/// An indicator's target: the number (none for 定性) and the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub value: Option<Decimal>,
    pub text: String,
}

impl Target {
    pub fn of(line: &IndicatorLine) -> Self {
        Self {
            value: line.target,
            text: line.target_text.clone(),
        }
    }

    /// `line`'s target as the forms print it, were it this one.
    pub fn label_for(&self, line: &IndicatorLine) -> String {
        IndicatorLine {
            target: self.value,
            target_text: self.text.clone(),
            ..line.clone()
        }
        .target_label()
    }
}

/// An 调整 of an approved target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Adjustment {
    /// The indicator's place in the set (0-based) and its name.
    pub position: usize,
    pub indicator: String,
    pub before: Target,
    pub after: Target,
    pub date: NaiveDate,
    pub reason: String,
    /// Who made it (姓名).
    pub by: String,
}

/// What an approved indicator set shows for line `position`: the approved
/// target and, if it was adjusted since, the target now.
pub fn approved_and_adjusted(
    adjustments: &[Adjustment],
    position: usize,
    line: &IndicatorLine,
) -> (Target, Option<Target>) {
    let mut of_line = adjustments.iter().filter(|a| a.position == position);
    match of_line.next() {
        Some(first) => (first.before.clone(), Some(Target::of(line))),
        None => (Target::of(line), None),
    }
}

/// The target cell of a form: `≥98%`, or `≥98%（调整为≥95%）` after an 调整.
pub fn target_cell(adjustments: &[Adjustment], position: usize, line: &IndicatorLine) -> String {
    match approved_and_adjusted(adjustments, position, line) {
        (approved, Some(now)) => format!(
            "{}\n（调整为{}）",
            approved.label_for(line),
            now.label_for(line)
        ),
        (approved, None) => approved.label_for(line),
    }
}

/// Why `new` may not replace `old` once the targets are locked: the set, its
/// order, and each line's names, nature, unit, 分值 and target stay; actuals,
/// judgements, metrics and reasons may change. `None` when it may.
pub fn locked_change(
    state: DeclarationState,
    old: &[IndicatorLine],
    new: &[IndicatorLine],
) -> Option<String> {
    if state.editable() {
        return None;
    }
    let why = match state {
        DeclarationState::Approved => {
            "绩效目标已批复，年度指标值只能通过“调整”修改（须写明原因和日期）"
        }
        DeclarationState::Declared | DeclarationState::Draft => {
            "绩效目标已申报，指标不能修改；如需修改，请先撤回申报"
        }
    };
    if old.len() != new.len() {
        return Some(format!(
            "{why}：不能增加或删除指标（原有 {} 项，现为 {} 项）",
            old.len(),
            new.len()
        ));
    }
    for (i, (o, n)) in old.iter().zip(new).enumerate() {
        let fields: [(&str, bool); 8] = [
            ("一级指标", o.level1.trim() == n.level1.trim()),
            ("二级指标", o.level2.trim() == n.level2.trim()),
            ("三级指标", o.name.trim() == n.name.trim()),
            ("指标性质", o.nature == n.nature),
            ("年度指标值", Target::of(o) == Target::of(n)),
            ("单位", o.unit.trim() == n.unit.trim()),
            ("分值", o.weight == n.weight),
            ("预算执行率", o.budget_execution == n.budget_execution),
        ];
        if let Some((field, _)) = fields.iter().find(|(_, same)| !same) {
            return Some(format!(
                "{why}：第 {} 项「{}」的{field}不能修改",
                i + 1,
                o.name
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests;
