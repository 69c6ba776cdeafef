//! The self-evaluation of a program-year put together: the summary, the indicator
//! lines with their metric actuals filled in, the scores, and the narrative with
//! its placeholders. From it come the 自评表 and the 绩效自评报告 models.

use std::cell::RefCell;
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::narrative::{Part, SectionDef, template};
use super::scoresheet::{ScoreRow, ScoreSheet};
use super::self_eval::{Block, ReportDoc};
use super::summary::{self, Summary};
use crate::domain::assistance::{DIBAO, DISHOURU, JIANDANG, QITA};
use crate::domain::declaration::{Adjustment, Declaration, target_cell};
use crate::domain::fund_sources::{fund_lines, received_text};
use crate::domain::money::Money;
use crate::domain::program::{CategoryParams, Program, ProgramYear};
use crate::domain::ratio::percent_dp;
use crate::domain::scoring::{Actual, Evaluation, IndicatorLine, evaluate};
use crate::domain::template::fill;
use crate::store::{Result, Store};

/// A ≥ actual at or above this share of its target (in %) needs a reason.
pub const FAR_EXCEEDED_PERCENT: u32 = 130;

/// Fill each line's actual from its metric, where it has one that the program's
/// kind has.
pub fn resolve(lines: &mut [IndicatorLine], summary: &Summary) {
    for l in lines {
        if let Some(m) = l
            .metric
            .as_deref()
            .and_then(super::metrics::metric)
            .filter(|m| m.applies_to(summary.kind))
        {
            l.actual = Actual::Value((m.value)(summary));
        }
    }
}

/// Score `lines` (their actuals already resolved).
pub fn score(lines: &[IndicatorLine]) -> Evaluation {
    evaluate(lines, FAR_EXCEEDED_PERCENT)
}

/// Everything the 绩效评分 and 报告导出 pages and the exports show.
#[derive(Clone, Debug)]
pub struct YearEvaluation {
    pub program: Program,
    pub program_year: ProgramYear,
    pub summary: Summary,
    /// The indicators, metric actuals filled in.
    pub lines: Vec<IndicatorLine>,
    pub evaluation: Evaluation,
    /// The narrative as saved: (section key, text). Sections not saved use the
    /// template's text.
    pub saved_text: Vec<(String, String)>,
    /// The 绩效目标申报 of the year and the 调整 of its approved targets.
    pub declaration: Declaration,
    pub adjustments: Vec<Adjustment>,
}

/// Load the self-evaluation of `program` for `year`.
pub fn load(store: &Store, program: &Program, year: i32) -> Result<YearEvaluation> {
    let program_year = store.program_year(program.id, year)?;
    let summary = summary::build(store, program, year)?;
    let mut lines = store.indicators(program_year.id)?;
    resolve(&mut lines, &summary);
    let evaluation = score(&lines);
    Ok(YearEvaluation {
        saved_text: store.narratives(program_year.id)?,
        declaration: store.declaration(program_year.id)?,
        adjustments: store.target_adjustments(program_year.id)?,
        program: program.clone(),
        program_year,
        summary,
        lines,
        evaluation,
    })
}

/// An amount in 万元 as the report writes it: `134`, `88.65`, `0`.
fn wan(m: Money) -> String {
    m.wan_rounded().normalize().to_string()
}

/// A rate as the report writes it: `100%`, `98.72%`.
fn rate(d: Decimal) -> String {
    format!("{}%", d.normalize())
}

/// A share of persons as seed 004 writes it, a whole percent: `61%`.
fn whole_rate(part: i64, whole: i64) -> String {
    rate(percent_dp(part, whole, 0))
}

pub use crate::domain::dates::chinese_date;

impl YearEvaluation {
    /// The template of this program's kind.
    pub fn sections(&self) -> &'static [SectionDef] {
        template(self.program.kind)
    }

    /// The text of a section: what was saved, else the template's.
    pub fn text(&self, def: &SectionDef) -> &str {
        self.saved_text
            .iter()
            .find(|(k, _)| k == def.key)
            .map(|(_, t)| t.as_str())
            .unwrap_or(def.default)
    }

    /// The value of a placeholder, `today` being the export date.
    pub fn value(&self, name: &str, today: NaiveDate) -> Option<String> {
        let s = &self.summary;
        let c = &s.claims;
        let f = &s.funds;
        let metric = |code: &str| super::metrics::metric(code).map(|m| (m.value)(s));
        if let Some(indicator) = name.strip_prefix("指标:").or(name.strip_prefix("指标：")) {
            return self
                .lines
                .iter()
                .find(|l| l.name == indicator.trim())
                .map(IndicatorLine::actual_label);
        }
        Some(match name {
            "年度" => s.year.to_string(),
            "项目名称" => self.program.name.clone(),
            "主管部门" => self.program.department.clone(),
            "实施单位" => self.program.unit.clone(),
            "年初预算万元" => wan(f.budget_initial),
            "全年预算万元" => wan(f.budget_full),
            "上年结转万元" => wan(f.carried),
            "到位万元" => wan(f.received),
            "支出万元" => wan(f.paid),
            "结余万元" => wan(f.balance),
            "到位率" => rate(f.arrival_rate),
            // 「中央1019万元、省级500万元、县级500万元」; empty when no source is stated.
            "资金来源" => received_text(&s.fund_sources),
            "执行率" => rate(f.execution_rate),
            // A kind without 统筹标准 prints 0.
            "统筹标准元" => self
                .program_year
                .params
                .pooling_standard()
                .unwrap_or(Money::ZERO)
                .decimal()
                .normalize()
                .to_string(),
            "在册人数" => s.roster_persons.to_string(),
            "报销人数" => c.reimbursed_persons.to_string(),
            "住院人数" => c.inpatient_persons.to_string(),
            "住院人次" => c.inpatient_stays.to_string(),
            "住院支出万元" => wan(c.inpatient_amount),
            "门诊人次" => c.outpatient_visits.to_string(),
            "门诊支出万元" => wan(c.outpatient_amount),
            "报销人次" => s.person_times.to_string(),
            "费用审核率" => rate(s.audit_rate),
            "按时报送率" => rate(metric("on_time_report_rate")?),
            "次月拨付率" => rate(metric("paid_by_next_month_rate")?),
            "覆盖率" => rate(metric("coverage_rate")?),
            "人均支出元" => metric("average_paid_per_person")?.normalize().to_string(),
            "自评得分" => self.evaluation.total.normalize().to_string(),
            "评价等级" => self.evaluation.grade.label().to_owned(),
            "今日" => chinese_date(today),
            "上年" => (s.year - 1).to_string(),
            "下年" => (s.year + 1).to_string(),
            _ => return self.assistance_value(name, today),
        })
    }

    /// The value of a 医疗救助 placeholder (see `narrative::JIUZHU_PLACEHOLDERS`);
    /// none for another kind.
    fn assistance_value(&self, name: &str, today: NaiveDate) -> Option<String> {
        let a = self.summary.assistance.as_ref()?;
        let f = &self.summary.funds;
        let categories = &self.program_year.params.categories;
        let category = |name: &str| categories.iter().find(|c| c.category == name);
        let lowest = |rate: fn(&CategoryParams) -> Decimal| categories.iter().map(rate).min();
        Some(match name {
            "收入万元" => wan(f.received + f.carried),
            "截至日期" => chinese_date(a.paid_through.unwrap_or(today)),
            "救助人次" => a.person_times().to_string(),
            "资助参保人数" => a.premium_persons.to_string(),
            "资助参保万元" => wan(a.premium_amount),
            "直接救助人次" => a.direct_person_times.to_string(),
            "直接救助万元" => wan(a.direct_amount),
            "建档立卡救助人次" => a.direct_poor_person_times.to_string(),
            "建档立卡占比" => whole_rate(a.direct_poor_person_times, a.direct_person_times),
            "重特大救助人次" => a.catastrophic_person_times.to_string(),
            "重特大建档立卡人次" => a.catastrophic_poor_person_times.to_string(),
            "重特大建档立卡占比" => whole_rate(
                a.catastrophic_poor_person_times,
                a.catastrophic_person_times,
            ),
            "一站式结算率" => whole_rate(a.one_stop_person_times, a.direct_person_times),
            "特困人数" => a.tekun.persons.to_string(),
            "特困住院人次" => a.tekun.admissions.to_string(),
            "特困住院率" => whole_rate(a.tekun.admissions, a.tekun.persons),
            "上年特困人数" => a.previous_tekun.persons.to_string(),
            "上年特困住院人次" => a.previous_tekun.admissions.to_string(),
            "上年特困住院率" => {
                whole_rate(a.previous_tekun.admissions, a.previous_tekun.persons)
            }
            "县乡住院救助比例" => rate(lowest(|c| c.inpatient.rate_local_percent)?),
            "县外住院救助比例" => rate(lowest(|c| c.inpatient.rate_above_percent)?),
            "低保重特大救助比例" => rate(category(DIBAO)?.catastrophic.rate_percent),
            "低收入重特大救助比例" => rate(category(DISHOURU)?.catastrophic.rate_percent),
            "其他重特大救助比例" => rate(category(QITA)?.catastrophic.rate_percent),
            "建档立卡起付线元" => {
                let deductible = category(JIANDANG)?.catastrophic.deductible;
                deductible.decimal().normalize().to_string()
            }
            "建档立卡救助比例" => rate(category(JIANDANG)?.catastrophic.rate_percent),
            "建档立卡限额万元" => {
                let cap = category(JIANDANG)?.catastrophic.cap.in_wan();
                cap.normalize().to_string()
            }
            _ => return None,
        })
    }

    /// The JSON `medfund summary` prints: the summary's figures, the total score
    /// (a number) and the grade.
    pub fn summary_json(&self) -> serde_json::Value {
        let mut out = self.summary.to_json();
        if let Some(map) = out.as_object_mut() {
            let score =
                serde_json::Number::from_str(&self.evaluation.total.normalize().to_string())
                    .map(serde_json::Value::Number)
                    .unwrap_or(serde_json::Value::Null);
            map.insert("score".into(), score);
            map.insert("grade".into(), self.evaluation.grade.label().into());
        }
        out
    }

    /// A section's text with its placeholders filled, and the names not known.
    pub fn filled(&self, def: &SectionDef, today: NaiveDate) -> (String, Vec<String>) {
        fill(self.text(def), |name| self.value(name, today))
    }

    fn part_text(&self, part: Part, key: &str, today: NaiveDate) -> String {
        self.sections()
            .iter()
            .find(|d| d.part == part && d.key == key)
            .map(|d| self.filled(d, today).0)
            .unwrap_or_default()
    }

    /// The 自评表.
    pub fn scoresheet(&self, today: NaiveDate) -> ScoreSheet {
        let f = &self.summary.funds;
        let mut rows = Vec::new();
        let (mut budget_weight, mut budget_score) = (Decimal::ZERO, Decimal::ZERO);
        for (i, (l, score)) in self.lines.iter().zip(&self.evaluation.scores).enumerate() {
            if l.budget_execution {
                budget_weight += l.weight;
                budget_score += *score;
                continue;
            }
            rows.push(ScoreRow {
                level1: l.level1.clone(),
                level2: l.level2.clone(),
                name: l.name.clone(),
                target: target_cell(&self.adjustments, i, l),
                adjusted: self.adjustments.iter().any(|a| a.position == i),
                actual: l.actual_label(),
                weight: l.weight,
                score: *score,
                reason: l.reason.clone(),
            });
        }
        ScoreSheet {
            year: self.summary.year,
            project: self.program.name.clone(),
            department: self.program.department.clone(),
            unit: self.program.unit.clone(),
            funds: fund_lines(f, &self.summary.fund_sources),
            budget_weight,
            execution_rate: f.execution_rate,
            budget_score,
            goal_expected: self.part_text(Part::Goal, "goal.expected", today),
            goal_actual: self.part_text(Part::Goal, "goal.actual", today),
            rows,
            total_weight: self.lines.iter().map(|l| l.weight).sum(),
            total: self.evaluation.total,
            grade: self.evaluation.grade.label(),
        }
    }

    /// The 绩效自评报告, dated `today`.
    pub fn report(&self, today: NaiveDate) -> ReportDoc {
        let mut title = Vec::new();
        let mut byline = Vec::new();
        let mut blocks = Vec::new();
        let mut closing = Vec::new();
        let lines = |text: String| -> Vec<String> {
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let used: RefCell<Vec<(String, String)>> = RefCell::default();
        for def in self.sections() {
            let (text, _) = fill(self.text(def), |name| {
                let value = self.value(name, today);
                if let Some(v) = &value {
                    let mut used = used.borrow_mut();
                    if !used.iter().any(|(n, _)| n == name) {
                        used.push((name.to_owned(), v.clone()));
                    }
                }
                value
            });
            match def.part {
                Part::Title => title = lines(text),
                Part::Byline => byline = lines(text),
                Part::Closing => closing = lines(text),
                Part::Goal => {}
                Part::Body => {
                    if !def.chapter.is_empty() {
                        blocks.push(Block::Heading1(def.chapter.to_owned()));
                    }
                    if !def.heading.is_empty() {
                        blocks.push(Block::Heading2(def.heading.to_owned()));
                    }
                    blocks.extend(lines(text).into_iter().map(Block::Paragraph));
                }
            }
        }
        ReportDoc {
            title,
            byline,
            blocks,
            closing,
            appendix: self.scoresheet(today),
            placeholders: used.into_inner(),
        }
    }

    /// Every placeholder name used in the narrative that is not known, with the
    /// section it is in.
    pub fn unknown_placeholders(&self, today: NaiveDate) -> Vec<(&'static str, String)> {
        self.sections()
            .iter()
            .flat_map(|d| {
                self.filled(d, today)
                    .1
                    .into_iter()
                    .map(move |name| (d.label, name))
            })
            .collect()
    }
}
