//! The data metrics an indicator's 实际完成值 can be taken from, each one function of
//! the year summary. Adding a metric is adding one entry to [`METRICS`].

use rust_decimal::{Decimal, RoundingStrategy};

use super::summary::Summary;
use crate::domain::ratio::percent;

/// A named figure of a program-year.
pub struct Metric {
    /// Stable code, stored with an indicator and printed in the summary JSON.
    pub code: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub value: fn(&Summary) -> Decimal,
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

/// Every metric, in the order the indicator editor lists them.
pub const METRICS: &[Metric] = &[
    Metric {
        code: "roster_persons",
        label: "在册人数",
        unit: "人",
        value: roster_persons,
    },
    Metric {
        code: "reimbursed_persons",
        label: "报销人数",
        unit: "人",
        value: reimbursed_persons,
    },
    Metric {
        code: "inpatient_persons",
        label: "住院人数",
        unit: "人",
        value: inpatient_persons,
    },
    Metric {
        code: "inpatient_stays",
        label: "住院人次",
        unit: "人次",
        value: inpatient_stays,
    },
    Metric {
        code: "outpatient_visits",
        label: "门诊人次",
        unit: "人次",
        value: outpatient_visits,
    },
    Metric {
        code: "person_times",
        label: "报销人次",
        unit: "人次",
        value: person_times,
    },
    Metric {
        code: "audit_rate",
        label: "费用审核率",
        unit: "%",
        value: audit_rate,
    },
    Metric {
        code: "on_time_report_rate",
        label: "按时报送率",
        unit: "%",
        value: on_time_report_rate,
    },
    Metric {
        code: "paid_by_next_month_rate",
        label: "次月拨付率",
        unit: "%",
        value: paid_by_next_month_rate,
    },
    Metric {
        code: "execution_rate",
        label: "预算执行率",
        unit: "%",
        value: execution_rate,
    },
    Metric {
        code: "arrival_rate",
        label: "资金到位率",
        unit: "%",
        value: arrival_rate,
    },
    Metric {
        code: "coverage_rate",
        label: "一站式结算覆盖率",
        unit: "%",
        value: coverage_rate,
    },
    Metric {
        code: "average_paid_per_person",
        label: "人均报销金额",
        unit: "元",
        value: average_paid_per_person,
    },
];

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
}
