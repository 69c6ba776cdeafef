//! The data metrics an indicator's 实际完成值 can be taken from, each one function of
//! the year summary. Adding a metric is adding one entry to [`METRICS`]. Some
//! metrics only mean something for one family of figures (the 医疗救助 figures, the
//! 离休 card coverage), which a program's kind names; [`metrics_for`] lists those a
//! program may use.

use rust_decimal::{Decimal, RoundingStrategy};

use super::summary::Summary;
use crate::domain::program::{Figures, ProgramKind};
use crate::domain::ratio::percent;
use crate::store::assistance_stats::AssistanceYearStats;

/// A named figure of a program-year.
pub struct Metric {
    /// Stable code, stored with an indicator and printed in the summary JSON.
    pub code: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub value: fn(&Summary) -> Decimal,
    /// The programs the metric means something for.
    pub scope: Scope,
}

/// The programs a metric means something for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every program.
    Every,
    /// Programs whose kind reports this family of figures.
    Of(Figures),
}

impl Metric {
    /// Whether a program of `kind` may take its actuals from this metric.
    pub fn applies_to(&self, kind: ProgramKind) -> bool {
        match self.scope {
            Scope::Every => true,
            Scope::Of(figures) => kind.figures() == figures,
        }
    }
}

fn roster_persons(s: &Summary) -> Decimal {
    Decimal::from(s.roster_persons)
}

fn reimbursed_persons(s: &Summary) -> Decimal {
    Decimal::from(s.claims.reimbursed_persons)
}

fn inpatient_persons(s: &Summary) -> Decimal {
    Decimal::from(s.claims.inpatient_persons)
}

fn inpatient_stays(s: &Summary) -> Decimal {
    Decimal::from(s.claims.inpatient_stays)
}

fn outpatient_visits(s: &Summary) -> Decimal {
    Decimal::from(s.claims.outpatient_visits)
}

fn person_times(s: &Summary) -> Decimal {
    Decimal::from(s.person_times)
}

fn audit_rate(s: &Summary) -> Decimal {
    s.audit_rate
}

fn on_time_report_rate(s: &Summary) -> Decimal {
    percent(s.claims.reports - s.claims.late_reports, s.claims.reports)
}

fn paid_by_next_month_rate(s: &Summary) -> Decimal {
    percent(s.claims.paid_by_next_month, s.claims.paid_reports)
}

fn execution_rate(s: &Summary) -> Decimal {
    s.funds.execution_rate
}

fn arrival_rate(s: &Summary) -> Decimal {
    s.funds.arrival_rate
}

fn coverage_rate(s: &Summary) -> Decimal {
    percent(s.card_holders, s.roster_persons)
}

fn average_paid_per_person(s: &Summary) -> Decimal {
    let paid = s.claims.inpatient_amount + s.claims.outpatient_amount;
    if s.claims.reimbursed_persons == 0 {
        return Decimal::new(0, 2);
    }
    let mut avg = (paid.decimal() / Decimal::from(s.claims.reimbursed_persons))
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    avg.rescale(2);
    avg
}

fn n(count: i64) -> Decimal {
    Decimal::from(count)
}

/// The 医疗救助 figures of the summary; zero for another kind.
fn aid(s: &Summary) -> AssistanceYearStats {
    s.assistance.unwrap_or_default()
}

/// A 医疗救助 metric.
const fn jiuzhu(
    code: &'static str,
    label: &'static str,
    unit: &'static str,
    value: fn(&Summary) -> Decimal,
) -> Metric {
    Metric {
        code,
        label,
        unit,
        value,
        scope: Scope::Of(Figures::Assistance),
    }
}

/// Every metric, in the order the indicator editor lists them.
#[rustfmt::skip]
pub const METRICS: &[Metric] = &[
    Metric {
        code: "roster_persons",
        label: "在册人数",
        unit: "人",
        value: roster_persons,
        scope: Scope::Every,
    },
    Metric {
        code: "reimbursed_persons",
        label: "报销人数",
        unit: "人",
        value: reimbursed_persons,
        scope: Scope::Every,
    },
    Metric {
        code: "inpatient_persons",
        label: "住院人数",
        unit: "人",
        value: inpatient_persons,
        scope: Scope::Every,
    },
    Metric {
        code: "inpatient_stays",
        label: "住院人次",
        unit: "人次",
        value: inpatient_stays,
        scope: Scope::Every,
    },
    Metric {
        code: "outpatient_visits",
        label: "门诊人次",
        unit: "人次",
        value: outpatient_visits,
        scope: Scope::Every,
    },
    Metric {
        code: "person_times",
        label: "报销人次",
        unit: "人次",
        value: person_times,
        scope: Scope::Of(Figures::Reimbursement),
    },
    Metric {
        code: "audit_rate",
        label: "费用审核率",
        unit: "%",
        value: audit_rate,
        scope: Scope::Every,
    },
    Metric {
        code: "on_time_report_rate",
        label: "按时报送率",
        unit: "%",
        value: on_time_report_rate,
        scope: Scope::Every,
    },
    Metric {
        code: "paid_by_next_month_rate",
        label: "次月拨付率",
        unit: "%",
        value: paid_by_next_month_rate,
        scope: Scope::Every,
    },
    Metric {
        code: "execution_rate",
        label: "预算执行率",
        unit: "%",
        value: execution_rate,
        scope: Scope::Every,
    },
    Metric {
        code: "arrival_rate",
        label: "资金到位率",
        unit: "%",
        value: arrival_rate,
        scope: Scope::Every,
    },
    Metric {
        code: "coverage_rate",
        label: "一站式结算覆盖率",
        unit: "%",
        value: coverage_rate,
        scope: Scope::Of(Figures::Reimbursement),
    },
    Metric {
        code: "average_paid_per_person",
        label: "人均报销金额",
        unit: "元",
        value: average_paid_per_person,
        scope: Scope::Of(Figures::Reimbursement),
    },
    jiuzhu("assisted_person_times", "救助人次", "人次", |s| n(s.person_times)),
    jiuzhu("premium_persons", "资助参保人数", "人", |s| n(aid(s).premium_persons)),
    jiuzhu("direct_person_times", "直接救助人次", "人次", |s| n(aid(s).direct_person_times)),
    jiuzhu("direct_poor_person_times", "建档立卡救助人次", "人次", |s| {
        n(aid(s).direct_poor_person_times)
    }),
    jiuzhu("direct_poor_share", "建档立卡占直接救助比例", "%", |s| aid(s).direct_poor_share()),
    jiuzhu("catastrophic_person_times", "重特大疾病救助人次", "人次", |s| {
        n(aid(s).catastrophic_person_times)
    }),
    jiuzhu("catastrophic_poor_share", "建档立卡占重特大救助比例", "%", |s| {
        aid(s).catastrophic_poor_share()
    }),
    jiuzhu("tekun_persons", "特困供养人数", "人", |s| n(aid(s).tekun.persons)),
    jiuzhu("tekun_admissions", "特困供养住院人次", "人次", |s| n(aid(s).tekun.admissions)),
    jiuzhu("tekun_admission_rate", "特困供养住院率", "%", |s| aid(s).tekun.admission_rate()),
    jiuzhu("one_stop_rate", "一站式结算率", "%", |s| aid(s).one_stop_rate()),
];

/// The metrics a program of `kind` may take its actuals from, in order.
pub fn metrics_for(kind: ProgramKind) -> impl Iterator<Item = &'static Metric> {
    METRICS.iter().filter(move |m| m.applies_to(kind))
}

/// The metric with this code.
pub fn metric(code: &str) -> Option<&'static Metric> {
    METRICS.iter().find(|m| m.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_codes_are_unique_and_found() {
        for (i, m) in METRICS.iter().enumerate() {
            assert!(
                METRICS[i + 1..].iter().all(|o| o.code != m.code),
                "{}",
                m.code
            );
            assert_eq!(metric(m.code).map(|f| f.label), Some(m.label));
        }
        assert!(metric("nothing").is_none());
    }

    #[test]
    fn each_kind_is_offered_its_own_metrics() {
        let codes = |kind| metrics_for(kind).map(|m| m.code).collect::<Vec<_>>();
        let lixiu = codes(ProgramKind::Lixiu);
        let jiuzhu = codes(ProgramKind::Jiuzhu);
        for common in ["roster_persons", "audit_rate", "execution_rate"] {
            assert!(
                lixiu.contains(&common) && jiuzhu.contains(&common),
                "{common}"
            );
        }
        for own in ["person_times", "coverage_rate", "average_paid_per_person"] {
            assert!(lixiu.contains(&own) && !jiuzhu.contains(&own), "{own}");
        }
        for own in ["assisted_person_times", "premium_persons", "one_stop_rate"] {
            assert!(jiuzhu.contains(&own) && !lixiu.contains(&own), "{own}");
        }
    }
}
