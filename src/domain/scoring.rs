//! Indicator scoring for the performance self-evaluation (财预〔2020〕10号 practice):
//! each indicator's 得分 from its nature, target and actual; the total and grade;
//! and the 校验 list of what a reader of the 自评表 would object to.
//!
//! - ≥: met → full 分值; else actual ÷ target × 分值.
//! - ≤: met → full; target < actual < 2 × target → (1 − (actual − target) ÷ target) × 分值;
//!   else 0.
//! - =: equal → full, else 0.
//! - 定性: the clerk picks a tier and a score within its bounds: 达成 80–100 % of 分值,
//!   部分达成 60–80 %, 未达成 0–60 %.
//! - 预算执行率: min(rate, 100 %) × 分值.
//!
//! Each score is computed at full precision and rounded once, half away from zero
//! (四舍五入), to 0.01: the formula multiplies before it divides, so 5 ÷ 24 × 3 is
//! 15 ÷ 24 = 0.625 → 0.63, not 0.2083… × 3 = 0.6249… → 0.62.

use rust_decimal::{Decimal, RoundingStrategy};

/// The nature of an indicator's target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Nature {
    /// ≥: higher is better.
    AtLeast,
    /// ≤: lower is better.
    AtMost,
    /// =: exactly.
    Equal,
    /// 定性: judged in tiers.
    Qualitative,
}

impl Nature {
    pub const ALL: [Nature; 4] = [
        Nature::AtLeast,
        Nature::AtMost,
        Nature::Equal,
        Nature::Qualitative,
    ];

    pub fn symbol(self) -> &'static str {
        match self {
            Nature::AtLeast => "≥",
            Nature::AtMost => "≤",
            Nature::Equal => "=",
            Nature::Qualitative => "定性",
        }
    }

    pub fn from_symbol(text: &str) -> Option<Self> {
        let t = text.trim();
        Self::ALL.into_iter().find(|n| n.symbol() == t).or(match t {
            ">=" => Some(Nature::AtLeast),
            "<=" => Some(Nature::AtMost),
            _ => None,
        })
    }
}

/// The tiers of a qualitative indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tier {
    /// 达成: 80–100 % of 分值.
    Achieved,
    /// 部分达成: 60–80 %.
    Partial,
    /// 未达成: 0–60 %.
    Missed,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::Achieved, Tier::Partial, Tier::Missed];

    pub fn label(self) -> &'static str {
        match self {
            Tier::Achieved => "达成",
            Tier::Partial => "部分达成",
            Tier::Missed => "未达成",
        }
    }

    pub fn from_label(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.label() == text.trim())
    }

    /// The share of 分值 a score in this tier may take, in % (low, high).
    pub fn bounds_percent(self) -> (u32, u32) {
        match self {
            Tier::Achieved => (80, 100),
            Tier::Partial => (60, 80),
            Tier::Missed => (0, 60),
        }
    }

    /// Whether `score` lies within this tier for an indicator worth `weight`. The
    /// tiers are closed at both ends, as 财预〔2020〕10号 writes them: 80 % of 分值
    /// is 达成 or 部分达成, 60 % is 部分达成 or 未达成, whichever the clerk judged.
    pub fn admits(self, score: Decimal, weight: Decimal) -> bool {
        let (lo, hi) = self.bounds_percent();
        let lo = weight * Decimal::from(lo) / Decimal::ONE_HUNDRED;
        let hi = weight * Decimal::from(hi) / Decimal::ONE_HUNDRED;
        score >= lo && score <= hi
    }
}

/// What was achieved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actual {
    /// Not filled in yet.
    Missing,
    /// A measured value in the indicator's unit.
    Value(Decimal),
    /// A qualitative judgement: the tier and the score the clerk gives.
    Judged { tier: Tier, score: Decimal },
}

/// Read a number the clerk typed for a target, 分值, actual or score: `98`, `98.5`,
/// `98%` (the sign is dropped) or full-width digits. Empty text is `None`.
pub fn parse_number(text: &str, what: &str) -> Result<Option<Decimal>, String> {
    let t: String = text
        .trim()
        .trim_end_matches(['%', '％'])
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            c => c,
        })
        .filter(|c| *c != ',' && *c != '，')
        .collect();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<Decimal>()
        .map(Some)
        .map_err(|_| format!("{what}「{}」不是数字", text.trim()))
}

/// Round a score half away from zero to 0.01.
fn round2(d: Decimal) -> Decimal {
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r
}

/// `x × weight ÷ t`, multiplied first so an exact quotient stays exact; in the
/// other order should the product not fit a decimal (an absurd typed value).
fn times_over(x: Decimal, weight: Decimal, t: Decimal) -> Decimal {
    x.checked_mul(weight)
        .and_then(|p| p.checked_div(t))
        .unwrap_or_else(|| x / t * weight)
}

/// The 得分 of an indicator worth `weight` with `nature`, `target` and `actual`.
/// A missing actual, or a qualitative score outside its tier, scores 0 (the 校验
/// panel says why).
pub fn score(nature: Nature, target: Option<Decimal>, weight: Decimal, actual: &Actual) -> Decimal {
    let zero = round2(Decimal::ZERO);
    match (nature, actual) {
        (_, Actual::Missing) => zero,
        (Nature::Qualitative, Actual::Judged { tier, score }) => {
            if tier.admits(*score, weight) {
                round2(*score)
            } else {
                zero
            }
        }
        (Nature::Qualitative, Actual::Value(_)) | (_, Actual::Judged { .. }) => zero,
        (_, Actual::Value(a)) => {
            let Some(t) = target else {
                return zero;
            };
            let a = *a;
            round2(match nature {
                Nature::AtLeast if a >= t => weight,
                Nature::AtLeast if t > Decimal::ZERO => times_over(a, weight, t).max(Decimal::ZERO),
                Nature::AtLeast => Decimal::ZERO,
                Nature::AtMost if a <= t => weight,
                // a > t > 0 here, so a − t cannot overflow; (1 − (a − t) ÷ t) × 分值
                // is (t − (a − t)) × 分值 ÷ t.
                Nature::AtMost if t > Decimal::ZERO && a - t < t => {
                    times_over(t - (a - t), weight, t)
                }
                Nature::AtMost => Decimal::ZERO,
                Nature::Equal if a == t => weight,
                _ => Decimal::ZERO,
            })
        }
    }
}

/// 预算执行率's score: min(rate, 100 %) × `weight`; `rate_percent` is e.g. 100.00.
pub fn budget_execution_score(rate_percent: Decimal, weight: Decimal) -> Decimal {
    let rate = rate_percent.min(Decimal::ONE_HUNDRED).max(Decimal::ZERO);
    round2(times_over(rate, weight, Decimal::ONE_HUNDRED))
}

/// The grade of a total score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grade {
    /// 优: 90 and above.
    Excellent,
    /// 良: 80 to below 90.
    Good,
    /// 中: 60 to below 80.
    Fair,
    /// 差: below 60.
    Poor,
}

impl Grade {
    pub fn of(total: Decimal) -> Self {
        if total >= Decimal::from(90) {
            Grade::Excellent
        } else if total >= Decimal::from(80) {
            Grade::Good
        } else if total >= Decimal::from(60) {
            Grade::Fair
        } else {
            Grade::Poor
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Grade::Excellent => "优",
            Grade::Good => "良",
            Grade::Fair => "中",
            Grade::Poor => "差",
        }
    }
}

/// Whether a quantitative actual missed its target.
pub fn missed(nature: Nature, target: Option<Decimal>, actual: &Actual) -> bool {
    match (nature, target, actual) {
        (_, _, Actual::Missing) => false,
        (Nature::Qualitative, _, Actual::Judged { tier, .. }) => *tier != Tier::Achieved,
        (Nature::AtLeast, Some(t), Actual::Value(a)) => *a < t,
        (Nature::AtMost, Some(t), Actual::Value(a)) => *a > t,
        (Nature::Equal, Some(t), Actual::Value(a)) => *a != t,
        _ => false,
    }
}

/// Whether a ≥ actual is at or above `percent` % of its target (far exceeded).
pub fn far_exceeded(
    nature: Nature,
    target: Option<Decimal>,
    actual: &Actual,
    percent: u32,
) -> bool {
    match (nature, target, actual) {
        (Nature::AtLeast, Some(t), Actual::Value(a)) if t > Decimal::ZERO => {
            *a * Decimal::ONE_HUNDRED >= t * Decimal::from(percent)
        }
        _ => false,
    }
}

/// One indicator of the 自评表 as the clerk sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndicatorLine {
    /// 一级指标: 产出 / 效益 / 满意度, or 预算执行率.
    pub level1: String,
    /// 二级指标: 数量 / 质量 / 时效 / 成本 / 社会效益 / …
    pub level2: String,
    /// 三级指标: the named indicator.
    pub name: String,
    pub nature: Nature,
    /// The numeric target (none for 定性).
    pub target: Option<Decimal>,
    /// The target as written, e.g. 普遍知晓 for a qualitative one.
    pub target_text: String,
    pub unit: String,
    /// 分值.
    pub weight: Decimal,
    /// The data metric the actual is taken from (its code), or none when typed.
    pub metric: Option<String>,
    pub actual: Actual,
    /// What a qualitative indicator achieved, as written, e.g. 非现金支付.
    pub actual_text: String,
    /// 偏差原因分析及改进措施.
    pub reason: String,
    /// 预算执行率, scored by its own rule.
    pub budget_execution: bool,
}

impl IndicatorLine {
    /// This line's 得分.
    pub fn score(&self) -> Decimal {
        match (&self.actual, self.budget_execution) {
            (Actual::Value(rate), true) => budget_execution_score(*rate, self.weight),
            _ => score(self.nature, self.target, self.weight, &self.actual),
        }
    }

    /// The actual as the 自评表 prints it, e.g. `98.72%`, `25人` or `非现金支付`.
    pub fn actual_label(&self) -> String {
        match &self.actual {
            Actual::Missing => String::new(),
            Actual::Value(v) => format!("{}{}", v.normalize(), self.unit),
            Actual::Judged { tier, .. } if self.actual_text.trim().is_empty() => {
                tier.label().to_owned()
            }
            Actual::Judged { .. } => self.actual_text.trim().to_owned(),
        }
    }

    /// The target as the 自评表 prints it, e.g. `≥98%`, `8000元/人/年` (an = target
    /// is written bare) or `普遍知晓`.
    pub fn target_label(&self) -> String {
        match (self.nature, self.target) {
            (Nature::Qualitative, _) | (_, None) => self.target_text.clone(),
            (Nature::Equal, Some(t)) => format!("{}{}", t.normalize(), self.unit),
            (n, Some(t)) => format!("{}{}{}", n.symbol(), t.normalize(), self.unit),
        }
    }
}

/// The evaluated sheet: each line's score, the total, the grade and the 校验 list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    pub scores: Vec<Decimal>,
    pub total: Decimal,
    pub grade: Grade,
    pub problems: Vec<String>,
}

/// Score every line and list every problem. `far_percent` is the share of a ≥
/// target (130 by default) at which an actual needs a reason.
pub fn evaluate(lines: &[IndicatorLine], far_percent: u32) -> Evaluation {
    let scores: Vec<Decimal> = lines.iter().map(IndicatorLine::score).collect();
    let total = round2(scores.iter().copied().sum());
    let mut problems = Vec::new();
    let weights: Decimal = lines.iter().map(|l| l.weight).sum();
    if weights != Decimal::ONE_HUNDRED {
        problems.push(format!("分值合计为 {}，应为 100", weights.normalize()));
    }
    for l in lines {
        let no_reason = l.reason.trim().is_empty();
        match &l.actual {
            Actual::Missing => {
                problems.push(format!("「{}」尚未填写实际完成值", l.name));
                continue;
            }
            Actual::Judged { tier, score } if !tier.admits(*score, l.weight) => {
                let (lo, hi) = tier.bounds_percent();
                problems.push(format!(
                    "「{}」得分 {} 不在「{}」的范围内（分值的 {lo}%–{hi}%）",
                    l.name,
                    score.normalize(),
                    tier.label()
                ));
            }
            _ => {}
        }
        if l.budget_execution {
            if let Actual::Value(rate) = &l.actual
                && *rate < Decimal::from(90)
                && no_reason
            {
                problems.push(format!(
                    "预算执行率 {}% 低于 90%，须填写偏差原因分析及改进措施",
                    rate.normalize()
                ));
            }
            continue;
        }
        if no_reason && missed(l.nature, l.target, &l.actual) {
            problems.push(format!(
                "「{}」未完成年度指标值（{}），须填写偏差原因分析及改进措施",
                l.name,
                l.target_label()
            ));
        }
        if no_reason && far_exceeded(l.nature, l.target, &l.actual, far_percent) {
            problems.push(format!(
                "「{}」实际完成值达到年度指标值的 {far_percent}% 以上，须说明原因",
                l.name
            ));
        }
    }
    Evaluation {
        grade: Grade::of(total),
        scores,
        total,
        problems,
    }
}

#[cfg(test)]
mod tests;
