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
mod tests {
    use super::*;

    #[test]
    fn typed_numbers_read_like_a_clerk_writes_them() {
        assert_eq!(
            parse_number(" 98% ", "实际完成值"),
            Ok(Some(Decimal::from(98)))
        );
        assert_eq!(
            parse_number("９８．５", "x"),
            Ok(Some(Decimal::new(985, 1)))
        );
        assert_eq!(parse_number("8,000", "x"), Ok(Some(Decimal::from(8000))));
        assert_eq!(parse_number("  ", "x"), Ok(None));
        assert_eq!(
            parse_number("九十八", "实际完成值"),
            Err("实际完成值「九十八」不是数字".to_owned())
        );
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn v(s: &str) -> Actual {
        Actual::Value(d(s))
    }

    #[test]
    fn at_least_is_proportional_below_the_target() {
        let w = d("10");
        assert_eq!(
            score(Nature::AtLeast, Some(d("25")), w, &v("25")),
            d("10.00")
        );
        assert_eq!(
            score(Nature::AtLeast, Some(d("25")), w, &v("40")),
            d("10.00")
        );
        assert_eq!(
            score(Nature::AtLeast, Some(d("98")), w, &v("97")).to_string(),
            "9.90"
        );
        // 2 ÷ 3 × 10 = 6.666… → 6.67
        assert_eq!(
            score(Nature::AtLeast, Some(d("3")), w, &v("2")).to_string(),
            "6.67"
        );
        assert_eq!(
            score(Nature::AtLeast, Some(d("3")), w, &v("0")).to_string(),
            "0.00"
        );
    }

    #[test]
    fn at_most_uses_the_reverse_formula_up_to_twice_the_target() {
        let w = d("10");
        let t = Some(d("30"));
        assert_eq!(score(Nature::AtMost, t, w, &v("20")).to_string(), "10.00");
        assert_eq!(score(Nature::AtMost, t, w, &v("30")).to_string(), "10.00");
        // 45: (1 − 15/30) × 10 = 5
        assert_eq!(score(Nature::AtMost, t, w, &v("45")).to_string(), "5.00");
        assert_eq!(score(Nature::AtMost, t, w, &v("59.99")).to_string(), "0.00");
        assert_eq!(score(Nature::AtMost, t, w, &v("60")).to_string(), "0.00");
        assert_eq!(score(Nature::AtMost, t, w, &v("90")).to_string(), "0.00");
    }

    #[test]
    fn a_score_is_rounded_once_at_full_precision() {
        let t = Some(d("24"));
        let w = d("3");
        // ≥: 5 × 3 ÷ 24 = 15 ÷ 24 = 0.625 → 0.63 (5 ÷ 24 first is 0.208333…3, × 3
        // is 0.624999…9 → 0.62).
        assert_eq!(score(Nature::AtLeast, t, w, &v("5")).to_string(), "0.63");
        // ≤: (1 − (31 − 24) ÷ 24) × 3 = (24 − 7) × 3 ÷ 24 = 51 ÷ 24 = 2.125 → 2.13
        // (7 ÷ 24 first leaves 0.708333…3 × 3 = 2.124999…9 → 2.12).
        assert_eq!(score(Nature::AtMost, t, w, &v("31")).to_string(), "2.13");
        // 预算执行率: 79.05 × 10 ÷ 100 = 7.905 → 7.91.
        assert_eq!(
            budget_execution_score(d("79.05"), d("10")).to_string(),
            "7.91"
        );
        // A typed value too large to multiply first still scores: 4e28 ÷ 7e28 × 3
        // = 1.714… → 1.71.
        let e28 = |n: i128| Decimal::from_i128_with_scale(n * 10_i128.pow(28), 0);
        let (big, bigger) = (e28(4), e28(7));
        assert_eq!(
            score(Nature::AtLeast, Some(bigger), w, &Actual::Value(big)).to_string(),
            "1.71"
        );
    }

    #[test]
    fn equal_scores_full_or_nothing() {
        let w = d("5");
        assert_eq!(
            score(Nature::Equal, Some(d("8000")), w, &v("8000")).to_string(),
            "5.00"
        );
        assert_eq!(
            score(Nature::Equal, Some(d("8000")), w, &v("7999.99")).to_string(),
            "0.00"
        );
    }

    #[test]
    fn qualitative_scores_must_stay_within_their_tier() {
        let w = d("10");
        let judged = |tier, s: &str| Actual::Judged { tier, score: d(s) };
        // Each tier is closed at both ends: 8 of 10 is 达成 or 部分达成, 6 of 10 is
        // 部分达成 or 未达成.
        for (tier, inside, outside) in [
            (Tier::Achieved, ["8", "10"], ["7.99", "10.01"]),
            (Tier::Partial, ["6", "8"], ["5.99", "8.01"]),
            (Tier::Missed, ["0", "6"], ["6.01", "-0.01"]),
        ] {
            for s in inside {
                assert_eq!(
                    score(Nature::Qualitative, None, w, &judged(tier, s)),
                    round2(d(s))
                );
                assert!(tier.admits(d(s), w), "{tier:?} {s}");
            }
            for s in outside {
                assert!(!tier.admits(d(s), w), "{tier:?} {s}");
                assert_eq!(
                    score(Nature::Qualitative, None, w, &judged(tier, s)),
                    round2(Decimal::ZERO)
                );
            }
        }
        // 部分达成 with 8 of 10, 未达成 with 6 of 10 (both scored 0 while the
        // upper edge belonged to the higher tier only).
        assert_eq!(
            score(Nature::Qualitative, None, w, &judged(Tier::Partial, "8")).to_string(),
            "8.00"
        );
        assert_eq!(
            score(Nature::Qualitative, None, w, &judged(Tier::Missed, "6")).to_string(),
            "6.00"
        );
        // The 校验 panel agrees: no "outside its tier" problem at the shared edges.
        let lines = [
            line(
                "政策知晓率",
                Nature::Qualitative,
                None,
                "10",
                judged(Tier::Partial, "8"),
            ),
            line(
                "群众获得感",
                Nature::Qualitative,
                None,
                "10",
                judged(Tier::Missed, "6"),
            ),
        ];
        let e = evaluate(&lines, 130);
        assert_eq!(e.scores, vec![d("8.00"), d("6.00")]);
        assert!(
            e.problems.iter().all(|p| !p.contains("不在")),
            "{:#?}",
            e.problems
        );
        assert!(missed(
            Nature::Qualitative,
            None,
            &judged(Tier::Partial, "7")
        ));
        assert!(!missed(
            Nature::Qualitative,
            None,
            &judged(Tier::Achieved, "9")
        ));
    }

    #[test]
    fn budget_execution_caps_at_100_percent() {
        let w = d("10");
        assert_eq!(budget_execution_score(d("100.00"), w).to_string(), "10.00");
        assert_eq!(budget_execution_score(d("120.00"), w).to_string(), "10.00");
        assert_eq!(budget_execution_score(d("88.65"), w).to_string(), "8.87");
        assert_eq!(budget_execution_score(d("0"), w).to_string(), "0.00");
    }

    #[test]
    fn grades_at_their_boundaries() {
        for (total, grade) in [
            ("100", "优"),
            ("98", "优"),
            ("90", "优"),
            ("89.99", "良"),
            ("80", "良"),
            ("79.99", "中"),
            ("60", "中"),
            ("59.99", "差"),
            ("0", "差"),
        ] {
            assert_eq!(Grade::of(d(total)).label(), grade, "{total}");
        }
    }

    fn line(
        name: &str,
        nature: Nature,
        target: Option<&str>,
        weight: &str,
        actual: Actual,
    ) -> IndicatorLine {
        IndicatorLine {
            level1: "产出".into(),
            level2: "数量".into(),
            name: name.into(),
            nature,
            target: target.map(d),
            target_text: "普遍知晓".into(),
            unit: "%".into(),
            weight: d(weight),
            metric: None,
            actual,
            actual_text: String::new(),
            reason: String::new(),
            budget_execution: false,
        }
    }

    #[test]
    fn the_evaluation_lists_every_problem() {
        let mut lines = vec![
            line("费用审核率", Nature::AtLeast, Some("100"), "30", v("100")),
            line("满意度", Nature::AtLeast, Some("98"), "20", v("97")),
            line("覆盖人数", Nature::AtLeast, Some("20"), "20", v("30")),
            line(
                "政策知晓率",
                Nature::Qualitative,
                None,
                "10",
                Actual::Judged {
                    tier: Tier::Partial,
                    score: d("8.5"),
                },
            ),
            line(
                "次月拨付率",
                Nature::AtLeast,
                Some("100"),
                "10",
                Actual::Missing,
            ),
            IndicatorLine {
                budget_execution: true,
                ..line("预算执行率", Nature::AtLeast, Some("100"), "10", v("85"))
            },
        ];
        let e = evaluate(&lines, 130);
        assert_eq!(e.scores[1].to_string(), "19.80");
        assert_eq!(e.scores[3].to_string(), "0.00", "outside its tier");
        assert_eq!(e.scores[5].to_string(), "8.50");
        assert_eq!(e.total.to_string(), "78.30");
        assert_eq!(e.grade, Grade::Fair);
        assert_eq!(e.problems.len(), 6, "{:#?}", e.problems);
        assert!(e.problems[0].contains("「满意度」未完成年度指标值（≥98%）"));
        assert!(e.problems[1].contains("「覆盖人数」实际完成值达到年度指标值的 130% 以上"));
        assert!(e.problems[2].contains("「政策知晓率」得分 8.5 不在「部分达成」的范围内"));
        assert!(e.problems[3].contains("「政策知晓率」未完成年度指标值（普遍知晓）"));
        assert!(e.problems[4].contains("「次月拨付率」尚未填写实际完成值"));
        assert!(e.problems[5].contains("预算执行率 85% 低于 90%"));
        // Reasons clear the reason problems; a wrong weight total is named.
        for l in &mut lines {
            l.reason = "已说明".into();
        }
        lines[0].weight = d("25");
        let e = evaluate(&lines, 130);
        assert!(
            e.problems[0].contains("分值合计为 95，应为 100"),
            "{:?}",
            e.problems
        );
        assert_eq!(e.problems.len(), 3, "{:#?}", e.problems);
    }

    #[test]
    fn misses_and_far_exceeded_targets_are_found() {
        assert!(missed(Nature::AtLeast, Some(d("98")), &v("97")));
        assert!(!missed(Nature::AtLeast, Some(d("98")), &v("98")));
        assert!(missed(Nature::AtMost, Some(d("30")), &v("31")));
        assert!(missed(Nature::Equal, Some(d("1")), &v("2")));
        assert!(!missed(Nature::AtLeast, Some(d("98")), &Actual::Missing));
        assert!(far_exceeded(
            Nature::AtLeast,
            Some(d("100")),
            &v("130"),
            130
        ));
        assert!(!far_exceeded(
            Nature::AtLeast,
            Some(d("100")),
            &v("129.99"),
            130
        ));
        assert!(!far_exceeded(
            Nature::AtMost,
            Some(d("100")),
            &v("200"),
            130
        ));
        assert_eq!(Nature::from_symbol(">="), Some(Nature::AtLeast));
        assert_eq!(Nature::from_symbol("定性"), Some(Nature::Qualitative));
        assert_eq!(Tier::from_label("部分达成"), Some(Tier::Partial));
    }
}
