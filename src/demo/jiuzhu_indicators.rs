//! The 自评表 indicators of the 医疗救助 demo (赫山区 2019, seed 004): 产出 50, 效益
//! 30, 满意度 10, 预算执行率 10. Counts and shares come from the data through their
//! metrics; the judged ones and every missed target carry the reasons seed 004's
//! 「存在的问题」 gives.

use rust_decimal::Decimal;

use crate::domain::scoring::{Actual, IndicatorLine, Nature, Tier};

const OUTPUT: &str = "产出指标";
const BENEFIT: &str = "效益指标";
const SATISFACTION: &str = "满意度指标";

/// A line with no target and no actual yet.
fn line(level1: &str, level2: &str, name: &str, weight: i64) -> IndicatorLine {
    IndicatorLine {
        level1: level1.into(),
        level2: level2.into(),
        name: name.into(),
        nature: Nature::Qualitative,
        target: None,
        target_text: String::new(),
        unit: String::new(),
        weight: Decimal::from(weight),
        metric: None,
        actual: Actual::Missing,
        actual_text: String::new(),
        reason: String::new(),
        budget_execution: false,
    }
}

/// A quantitative target (`nature`, `target` in `unit`) whose actual comes from
/// the metric `code`.
fn from_metric(
    l: IndicatorLine,
    nature: Nature,
    target: Decimal,
    unit: &str,
    code: &str,
) -> IndicatorLine {
    IndicatorLine {
        nature,
        target: Some(target),
        unit: unit.into(),
        metric: Some(code.into()),
        ..l
    }
}

/// A qualitative target judged 达成 with `score`.
fn achieved(l: IndicatorLine, target: &str, actual: &str, score: i64) -> IndicatorLine {
    IndicatorLine {
        target_text: target.into(),
        actual_text: actual.into(),
        actual: Actual::Judged {
            tier: Tier::Achieved,
            score: Decimal::from(score),
        },
        ..l
    }
}

fn because(l: IndicatorLine, reason: &str) -> IndicatorLine {
    IndicatorLine {
        reason: reason.into(),
        ..l
    }
}

/// The 2019 indicators. With seed 004's figures (59982 人次, 28050 资助参保,
/// 31932 直接救助, 2578 重特大, 61% 建档立卡, 特困住院率 149%, 执行率 79.05%) they
/// score 94.66, 优: the 特困 admission rate above last year's 145% and the
/// execution rate below 90% lose points, each with its reason.
pub fn indicators_2019() -> Vec<IndicatorLine> {
    use Nature::{AtLeast, AtMost, Equal};
    let n = Decimal::from;
    vec![
        from_metric(
            line(OUTPUT, "数量指标", "救助人次", 10),
            AtLeast,
            n(55_000),
            "人次",
            "assisted_person_times",
        ),
        from_metric(
            line(OUTPUT, "数量指标", "资助参保人数", 10),
            AtLeast,
            n(28_000),
            "人",
            "premium_persons",
        ),
        from_metric(
            line(OUTPUT, "数量指标", "直接救助人次", 5),
            AtLeast,
            n(30_000),
            "人次",
            "direct_person_times",
        ),
        from_metric(
            line(OUTPUT, "数量指标", "重特大疾病救助人次", 5),
            AtLeast,
            n(2_500),
            "人次",
            "catastrophic_person_times",
        ),
        from_metric(
            line(OUTPUT, "质量指标", "建档立卡贫困人口占直接救助比例", 5),
            AtLeast,
            n(60),
            "%",
            "direct_poor_share",
        ),
        from_metric(
            line(OUTPUT, "质量指标", "一站式结算率", 5),
            AtLeast,
            n(90),
            "%",
            "one_stop_rate",
        ),
        from_metric(
            line(OUTPUT, "质量指标", "费用审核率", 5),
            Equal,
            n(100),
            "%",
            "audit_rate",
        ),
        achieved(
            line(OUTPUT, "时效指标", "救助资金及时拨付", 5),
            "及时足额拨付",
            "及时足额拨付到位",
            5,
        ),
        because(
            achieved(
                line(BENEFIT, "社会效益指标", "困难群众医疗负担减轻", 10),
                "有效减轻",
                "有效减轻",
                8,
            ),
            "资金缺口大，部分救助比例未达上级要求；将争取加大投入，逐步提高救助标准。",
        ),
        because(
            achieved(
                line(BENEFIT, "社会效益指标", "防止因病致贫返贫", 10),
                "有效防止",
                "有效防止",
                9,
            ),
            "门诊救助按年累计实施，模式单一、滞后；恳请上级建立统一门诊救助平台。",
        ),
        because(
            from_metric(
                line(BENEFIT, "可持续影响指标", "特困供养人员住院率", 10),
                AtMost,
                n(145),
                "%",
                "tekun_admission_rate",
            ),
            "特困人员住院率持续增高（上年145%）；将会同卫健、财政等部门加强管控。",
        ),
        IndicatorLine {
            nature: AtLeast,
            target: Some(n(95)),
            unit: "%".into(),
            actual: Actual::Value(n(96)),
            ..line(SATISFACTION, "服务对象满意度指标", "救助对象满意度", 10)
        },
        because(
            IndicatorLine {
                budget_execution: true,
                ..from_metric(
                    line("预算执行率", "", "预算执行率", 10),
                    AtLeast,
                    n(100),
                    "%",
                    "execution_rate",
                )
            },
            "截至11月29日已支出，12月的医院救助费用次年初审核后拨付；将按月及时结算拨付，提高预算执行率。",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fund::{FundTotals, KindSums};
    use crate::domain::program::ProgramKind;
    use crate::domain::{Money, ratio::percent};
    use crate::report::evaluation::{resolve, score};
    use crate::report::metrics::metric;
    use crate::report::summary::Summary;
    use crate::store::assistance_stats::{AssistanceYearStats, TekunYear};
    use crate::store::claims::YearClaimStats;

    /// Seed 004's figures as the summary of the demo would hold them.
    fn seed_summary() -> Summary {
        let wan = |w: i64| Money::from_yuan(w * 10_000);
        let funds = FundTotals::from_sums(&KindSums {
            budget_initial: wan(2019),
            appropriation: wan(2019),
            premium_payment: wan(437),
            hospital_payment: wan(1159),
            ..Default::default()
        });
        let assistance = AssistanceYearStats {
            premium_persons: 28_050,
            premium_amount: wan(437),
            direct_person_times: 31_932,
            direct_amount: wan(1159),
            direct_poor_person_times: 19_514,
            catastrophic_person_times: 2_578,
            catastrophic_poor_person_times: 1_511,
            one_stop_person_times: 31_932,
            tekun: TekunYear {
                persons: 6_279,
                admissions: 9_336,
            },
            previous_tekun: TekunYear {
                persons: 6_380,
                admissions: 9_247,
            },
            paid_through: chrono::NaiveDate::from_ymd_opt(2019, 11, 29),
        };
        Summary {
            program: "jiuzhu".into(),
            kind: ProgramKind::Jiuzhu,
            year: 2019,
            roster_persons: 40_000,
            card_holders: 0,
            claims: YearClaimStats::default(),
            person_times: assistance.person_times(),
            audit_rate: percent(1, 1),
            funds,
            fund_sources: Default::default(),
            assistance: Some(assistance),
        }
    }

    #[test]
    fn weights_follow_the_practice_and_metrics_are_jiuzhus() {
        let lines = indicators_2019();
        let weight = |level1: &str| -> Decimal {
            lines
                .iter()
                .filter(|l| l.level1 == level1)
                .map(|l| l.weight)
                .sum()
        };
        assert_eq!(weight(OUTPUT), Decimal::from(50));
        assert_eq!(weight(BENEFIT), Decimal::from(30));
        assert_eq!(weight(SATISFACTION), Decimal::from(10));
        assert_eq!(weight("预算执行率"), Decimal::from(10));
        for code in lines.iter().filter_map(|l| l.metric.as_deref()) {
            let m = metric(code).unwrap_or_else(|| panic!("no metric {code}"));
            assert!(m.applies_to(ProgramKind::Jiuzhu), "{code}");
        }
    }

    #[test]
    fn seed_004s_figures_score_plausibly_with_every_miss_explained() {
        let mut lines = indicators_2019();
        resolve(&mut lines, &seed_summary());
        let ev = score(&lines);
        assert_eq!(ev.problems, Vec::<String>::new());
        let by_name = |name: &str| {
            let i = lines.iter().position(|l| l.name == name).unwrap();
            (
                lines[i].actual_label(),
                ev.scores[i].normalize().to_string(),
            )
        };
        assert_eq!(by_name("救助人次"), ("59982人次".into(), "10".into()));
        assert_eq!(
            by_name("建档立卡贫困人口占直接救助比例"),
            ("61.11%".into(), "5".into())
        );
        assert_eq!(
            by_name("特困供养人员住院率"),
            ("148.69%".into(), "9.75".into())
        );
        assert_eq!(by_name("预算执行率"), ("79.05%".into(), "7.91".into()));
        assert_eq!(ev.total.normalize().to_string(), "94.66");
        assert_eq!(ev.grade.label(), "优");
    }
}
