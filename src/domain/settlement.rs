//! 年终清算 of the 离休 program: each person's cash top-up (节约奖励, 以现金补足)
//! and the spending above the pooling standard (年底追加).
//!
//! - A person's quota is prorated by the months they were on the roster that year,
//!   counting the month of a status date (death on 2022-06-15 gives 6 months).
//! - top-up = max(0, prorated quota − what the program paid for the person),
//!   rounded half away from zero to 0.01. What was paid counts audited claims only
//!   (passed, or reduced by 核减; 拒付 pays nothing): a claim still 待审 is not final,
//!   so it is shown beside the settlement and blocks posting until it is audited.
//! - It is posted after the year ends; hospital-months not yet approved can still
//!   change, so posting over them needs the poster's confirmation.

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

use super::Money;
use super::beneficiary::{Status, StatusEvent, status_on};
use super::claim::Month;
use super::dates::iso;

/// How many months of `year` the person was 在册 for at least one day.
pub fn months_on_roster(events: &[StatusEvent], year: i32) -> u32 {
    (1..=12)
        .filter(|&m| on_roster_in_month(events, year, m))
        .count() as u32
}

fn on_roster_in_month(events: &[StatusEvent], year: i32, month: u32) -> bool {
    let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else {
        return false;
    };
    if status_on(events, first) == Status::Active {
        return true;
    }
    // A row dated inside the month: a return to 在册, or the end of a membership
    // that was still running the day before.
    events
        .iter()
        .filter(|e| e.date.year() == year && e.date.month() == month)
        .any(|e| {
            e.status == Status::Active
                || e.date
                    .pred_opt()
                    .is_some_and(|before| status_on(events, before) == Status::Active)
        })
}

/// `quota × months ÷ 12`, rounded half away from zero to 0.01.
pub fn prorate(quota: Money, months: u32) -> Money {
    let d = (quota.decimal() * Decimal::from(months) / Decimal::from(12))
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    Money::from_decimal(d).unwrap_or(quota)
}

/// What a settlement needs to know of one person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonYear {
    pub beneficiary_id: i64,
    pub id_number: String,
    pub name: String,
    pub category: String,
    /// The category's yearly 个人医疗定额.
    pub quota: Money,
    pub events: Vec<StatusEvent>,
    /// What the program paid for the person's medical costs in the year (after audit).
    pub used: Money,
}

/// One line of the settlement sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettlementLine {
    pub beneficiary_id: i64,
    pub id_number: String,
    pub name: String,
    pub category: String,
    pub quota: Money,
    pub months: u32,
    pub prorated_quota: Money,
    pub used: Money,
    pub top_up: Money,
}

/// A hospital-month of the year that is not approved (or paid) yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnapprovedMonth {
    pub month: Month,
    pub hospital_code: String,
    pub hospital: String,
    /// Where it stands, as shown (待复核, 退回).
    pub status: String,
}

/// What of the year is not final when its settlement is computed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NotFinal {
    /// Claims of the year still 待审, and what they would pay as entered.
    pub pending_claims: u32,
    pub pending_amount: Money,
    pub unapproved_months: Vec<UnapprovedMonth>,
}

/// How many unapproved months a message names before it says 等.
const MONTHS_NAMED: usize = 5;

impl NotFinal {
    /// Why the settlement cannot be posted while claims wait for audit.
    pub fn pending_refusal(&self, year: i32) -> Option<String> {
        (self.pending_claims > 0).then(|| {
            format!(
                "{year}年度还有 {} 条报账待审（应付 {} 元），审核完毕后才能过账年终清算",
                self.pending_claims,
                self.pending_amount.grouped()
            )
        })
    }

    /// The warning about hospital-months not yet approved, naming them.
    pub fn unapproved_warning(&self, year: i32) -> Option<String> {
        let months = &self.unapproved_months;
        if months.is_empty() {
            return None;
        }
        let mut named = months
            .iter()
            .take(MONTHS_NAMED)
            .map(|m| format!("{} {}（{}）", m.hospital, m.month.label(), m.status))
            .collect::<Vec<_>>()
            .join("、");
        if months.len() > MONTHS_NAMED {
            named.push('等');
        }
        Some(format!(
            "{year}年度还有 {} 个医院月份尚未批准：{named}；这些月份的报账仍可能变动，清算不会随之调整",
            months.len(),
        ))
    }
}

/// Why a settlement of `year` cannot be posted on `date`: it is posted after the
/// year ends.
pub fn posting_date_refusal(year: i32, date: NaiveDate) -> Option<String> {
    let end = NaiveDate::from_ymd_opt(year, 12, 31)?;
    (date <= end).then(|| {
        format!(
            "过账日期 {} 在{year}年度之内；年终清算须在年度结束后过账（{}-01-01 或以后）",
            iso(date),
            year + 1
        )
    })
}

/// A program-year's settlement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settlement {
    pub year: i32,
    pub lines: Vec<SettlementLine>,
    /// What is not final yet: the top-ups count audited claims only.
    pub not_final: NotFinal,
    pub total_used: Money,
    pub total_top_up: Money,
    /// 统筹标准 × persons on the roster.
    pub pooling_limit: Money,
    /// Spending above the pooling limit: the 年底追加 need.
    pub pooling_excess: Money,
}

/// Settle `year` for these persons; those not on the roster in any month of the
/// year are left out.
pub fn settle(year: i32, persons: &[PersonYear], pooling_standard: Money) -> Settlement {
    let lines: Vec<SettlementLine> = persons
        .iter()
        .filter_map(|p| {
            let months = months_on_roster(&p.events, year);
            if months == 0 {
                return None;
            }
            let prorated = prorate(p.quota, months);
            Some(SettlementLine {
                beneficiary_id: p.beneficiary_id,
                id_number: p.id_number.clone(),
                name: p.name.clone(),
                category: p.category.clone(),
                quota: p.quota,
                months,
                prorated_quota: prorated,
                used: p.used,
                top_up: (prorated - p.used).max(Money::ZERO),
            })
        })
        .collect();
    let total_used: Money = lines.iter().map(|l| l.used).sum();
    let total_top_up = lines.iter().map(|l| l.top_up).sum();
    let persons = i64::try_from(lines.len()).unwrap_or(i64::MAX);
    let pooling_limit = Money::from_fen(pooling_standard.fen().saturating_mul(persons));
    Settlement {
        year,
        total_used,
        total_top_up,
        pooling_limit,
        pooling_excess: (total_used - pooling_limit).max(Money::ZERO),
        lines,
        not_final: NotFinal::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn ev(status: Status, date: NaiveDate) -> StatusEvent {
        StatusEvent { status, date }
    }

    fn person(quota: i64, used_fen: i64, events: Vec<StatusEvent>) -> PersonYear {
        PersonYear {
            beneficiary_id: 1,
            id_number: "x".into(),
            name: "张三".into(),
            category: "抗日战争时期".into(),
            quota: Money::from_yuan(quota),
            events,
            used: Money::from_fen(used_fen),
        }
    }

    #[test]
    fn months_count_the_month_of_the_status_date() {
        assert_eq!(months_on_roster(&[], 2022), 12);
        let died = [ev(Status::Deceased, d(2022, 6, 15))];
        assert_eq!(months_on_roster(&died, 2022), 6);
        // Dying on the 1st still counts that month.
        assert_eq!(
            months_on_roster(&[ev(Status::Deceased, d(2022, 6, 1))], 2022),
            6
        );
        assert_eq!(
            months_on_roster(&[ev(Status::Deceased, d(2021, 12, 31))], 2022),
            0
        );
        // Moved out in March, back in October: Jan–Mar and Oct–Dec.
        let back = [
            ev(Status::MovedOut, d(2022, 3, 10)),
            ev(Status::Active, d(2022, 10, 20)),
        ];
        assert_eq!(months_on_roster(&back, 2022), 6);
        // Died in a month when already moved out: that month does not count.
        let gone = [
            ev(Status::MovedOut, d(2022, 2, 10)),
            ev(Status::Deceased, d(2022, 5, 3)),
        ];
        assert_eq!(months_on_roster(&gone, 2022), 2);
    }

    #[test]
    fn quota_is_prorated_and_rounded_half_away_from_zero() {
        assert_eq!(prorate(Money::from_yuan(5000), 6), Money::from_yuan(2500));
        assert_eq!(prorate(Money::from_yuan(5000), 12), Money::from_yuan(5000));
        // 5000 × 7 / 12 = 2916.666… → 2916.67; 3000 × 5 / 12 = 1250.
        assert_eq!(prorate(Money::from_yuan(5000), 7).plain(), "2916.67");
        assert_eq!(prorate(Money::from_yuan(3000), 5).plain(), "1250.00");
        // A half cent rounds away from zero: 0.30 × 5 / 12 = 0.125 → 0.13.
        assert_eq!(prorate(Money::from_fen(30), 5).plain(), "0.13");
    }

    #[test]
    fn what_is_not_final_is_named_and_a_date_inside_the_year_refused() {
        let none = NotFinal::default();
        assert_eq!(none.pending_refusal(2022), None);
        assert_eq!(none.unapproved_warning(2022), None);
        let month = |m| UnapprovedMonth {
            month: Month {
                year: 2022,
                month: m,
            },
            hospital_code: "H50023000001".into(),
            hospital: "丰都县人民医院".into(),
            status: "待复核".into(),
        };
        let open = NotFinal {
            pending_claims: 3,
            pending_amount: Money::from_fen(123_400),
            unapproved_months: (1..=7).map(month).collect(),
        };
        assert_eq!(
            open.pending_refusal(2022).unwrap(),
            "2022年度还有 3 条报账待审（应付 1,234.00 元），审核完毕后才能过账年终清算"
        );
        // Five months are named, then 等.
        let w = open.unapproved_warning(2022).unwrap();
        assert!(
            w.starts_with(
                "2022年度还有 7 个医院月份尚未批准：丰都县人民医院 2022年1月（待复核）、"
            ),
            "{w}"
        );
        assert!(w.contains("2022年5月（待复核）等；"), "{w}");
        assert!(!w.contains("2022年6月"), "{w}");
        assert_eq!(
            posting_date_refusal(2022, d(2022, 12, 31)).unwrap(),
            "过账日期 2022-12-31 在2022年度之内；年终清算须在年度结束后过账（2023-01-01 或以后）"
        );
        assert!(posting_date_refusal(2022, d(2022, 1, 1)).is_some());
        assert_eq!(posting_date_refusal(2022, d(2023, 1, 1)), None);
    }

    #[test]
    fn top_ups_and_pooling_excess() {
        let people = [
            person(5000, 25_640, vec![]),
            person(5000, 100_000, vec![ev(Status::Deceased, d(2022, 6, 15))]),
            person(3000, 1_000_000, vec![]),
            person(3000, 0, vec![ev(Status::Deceased, d(2020, 1, 5))]),
        ];
        let s = settle(2022, &people, Money::from_yuan(8000));
        assert_eq!(
            s.lines.len(),
            3,
            "the person who died in 2020 is not settled"
        );
        assert_eq!(s.lines[0].top_up.plain(), "4743.60");
        assert_eq!(s.lines[1].months, 6);
        assert_eq!(s.lines[1].prorated_quota.plain(), "2500.00");
        assert_eq!(s.lines[1].top_up.plain(), "1500.00");
        assert_eq!(s.lines[2].top_up, Money::ZERO, "used more than the quota");
        assert_eq!(s.total_top_up.plain(), "6243.60");
        assert_eq!(s.total_used.plain(), "11256.40");
        assert_eq!(s.pooling_limit.plain(), "24000.00");
        assert_eq!(s.pooling_excess, Money::ZERO);
        let heavy = [person(5000, 100_000_000, vec![])];
        let s = settle(2022, &heavy, Money::from_yuan(8000));
        assert_eq!(s.pooling_excess.plain(), "992000.00");
    }
}
