//! Tests of [`super`].

use super::*;
use crate::domain::identity::IdentitySpan;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2019, m, day).unwrap()
}

fn person(category: &str, class_one: bool) -> Person {
    Person {
        category: category.into(),
        class_one,
    }
}

/// A claim whose base is `base_fen` (all of 总费用 in policy, nothing paid by
/// insurance).
fn claim(id: i64, seq: i64, date: NaiveDate, group: Group, base_fen: i64) -> AssistanceClaim {
    AssistanceClaim {
        id,
        seq,
        date,
        group,
        tier: HospitalTier::TownshipOrCounty,
        total: Money::from_fen(base_fen),
        out_of_catalog: Money::ZERO,
        basic: Money::ZERO,
        serious: Money::ZERO,
        other: Money::ZERO,
        reduction: Money::ZERO,
    }
}

fn run(p: &Person, claims: &[AssistanceClaim]) -> Vec<Assisted> {
    assist(p, claims, &AssistanceParams::seed_2019()).unwrap()
}

fn by_id(results: &[Assisted], id: i64) -> &Assisted {
    results.iter().find(|r| r.id == id).unwrap()
}

#[test]
fn deductible_spans_two_claims() {
    let claims = [
        claim(1, 1, d(3, 1), Group::Catastrophic, 300_000),
        claim(2, 2, d(5, 1), Group::Catastrophic, 1_200_000),
    ];
    let r = run(&person(JIANDANG, false), &claims);
    assert_eq!(r[0].deductible.plain(), "3000.00");
    assert_eq!(r[0].pay.plain(), "0.00");
    assert_eq!(
        r[0].explanation,
        "自付 3000.00 − 起付线 3000.00 = 0.00 × 50% = 0.00（年度已救助 0.00，限额 50000.00）"
    );
    assert_eq!(r[1].deductible.plain(), "1000.00");
    assert_eq!(r[1].pay.plain(), "5500.00");
    assert_eq!(
        r[1].explanation,
        "自付 12000.00 − 起付线 1000.00 = 11000.00 × 50% = 5500.00（年度已救助 0.00，限额 50000.00）"
    );
}

#[test]
fn cap_reached_midway_through_a_claim() {
    let claims = [
        // (96000 − 4000) × 50% = 46000.
        claim(1, 1, d(2, 1), Group::Catastrophic, 9_600_000),
        claim(2, 2, d(6, 1), Group::Catastrophic, 1_600_000),
        claim(3, 3, d(9, 1), Group::Catastrophic, 100_000),
    ];
    let r = run(&person(JIANDANG, false), &claims);
    assert_eq!(r[0].pay.plain(), "46000.00");
    assert_eq!(
        r[0].explanation,
        "自付 96000.00 − 起付线 4000.00 = 92000.00 × 50% = 46000.00（年度已救助 0.00，限额 50000.00）"
    );
    assert_eq!(r[1].raw.plain(), "8000.00");
    assert_eq!(r[1].pay.plain(), "4000.00");
    assert_eq!(
        r[1].explanation,
        "自付 16000.00 × 50% = 8000.00（年度已救助 46000.00，限额 50000.00），受限额控制实付 4000.00"
    );
    // The cap is used up: nothing more this year.
    assert_eq!(r[2].pay.plain(), "0.00");
    assert_eq!(
        r[2].explanation,
        "自付 1000.00 × 50% = 500.00（年度已救助 50000.00，限额 50000.00），受限额控制实付 0.00"
    );
}

#[test]
fn ordinary_inpatient_rate_follows_hospital_tier() {
    let mut above = claim(2, 2, d(4, 1), Group::Inpatient, 400_000);
    above.tier = HospitalTier::AboveCountyOrOutside;
    let claims = [claim(1, 1, d(3, 1), Group::Inpatient, 300_000), above];
    let r = run(&person(DIBAO, false), &claims);
    assert_eq!(r[0].pay.plain(), "2100.00");
    assert_eq!(
        r[0].explanation,
        "自付 3000.00 × 70% = 2100.00（年度已救助 0.00，限额 10000.00）"
    );
    assert_eq!(r[1].pay.plain(), "2000.00");
    assert_eq!(
        r[1].explanation,
        "自付 4000.00 × 50% = 2000.00（年度已救助 2100.00，限额 10000.00）"
    );
}

#[test]
fn class_one_has_no_deductible() {
    let claims = [claim(1, 1, d(3, 1), Group::Catastrophic, 1_200_000)];
    let r = run(&person(JIANDANG, true), &claims);
    assert_eq!(r[0].deductible, Money::ZERO);
    assert_eq!(r[0].pay.plain(), "6000.00");
    assert_eq!(
        r[0].explanation,
        "自付 12000.00 × 50% = 6000.00（年度已救助 0.00，限额 50000.00）"
    );
    // The same claim for a person who is not 一类对象 pays the 起付线.
    let r = run(&person(JIANDANG, false), &claims);
    assert_eq!(r[0].pay.plain(), "4000.00");
}

#[test]
fn recompute_after_deleting_an_earlier_claim() {
    let first = claim(1, 1, d(2, 1), Group::Catastrophic, 9_600_000);
    let second = claim(2, 2, d(6, 1), Group::Catastrophic, 1_600_000);
    let p = person(JIANDANG, false);
    let before = run(&p, &[first, second.clone()]);
    assert_eq!(by_id(&before, 2).deductible, Money::ZERO);
    assert_eq!(by_id(&before, 2).pay.plain(), "4000.00");

    // The first claim is deleted: the second gets the deductible and the cap room.
    let after = run(&p, &[second]);
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].deductible.plain(), "4000.00");
    assert_eq!(after[0].pay.plain(), "6000.00");
    assert_eq!(
        after[0].explanation,
        "自付 16000.00 − 起付线 4000.00 = 12000.00 × 50% = 6000.00（年度已救助 0.00，限额 50000.00）"
    );
}

#[test]
fn claims_are_taken_by_date_then_entry_sequence() {
    // Given out of order: id 3 is earliest; ids 1 and 2 share a date, 2 was entered first.
    let claims = [
        claim(1, 7, d(3, 1), Group::Catastrophic, 200_000),
        claim(2, 5, d(3, 1), Group::Catastrophic, 250_000),
        claim(3, 9, d(1, 10), Group::Catastrophic, 100_000),
    ];
    let r = run(&person(JIANDANG, false), &claims);
    // Results follow the input order.
    assert_eq!(r.iter().map(|a| a.id).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(by_id(&r, 3).deductible.plain(), "1000.00");
    assert_eq!(by_id(&r, 3).pay.plain(), "0.00");
    assert_eq!(by_id(&r, 2).deductible.plain(), "2500.00");
    assert_eq!(by_id(&r, 2).pay.plain(), "0.00");
    assert_eq!(by_id(&r, 1).deductible.plain(), "500.00");
    assert_eq!(by_id(&r, 1).pay.plain(), "750.00");
    assert_eq!(
        by_id(&r, 1).explanation,
        "自付 2000.00 − 起付线 500.00 = 1500.00 × 50% = 750.00（年度已救助 0.00，限额 50000.00）"
    );
}

/// Issue 12's worked example (建档立卡, 重特大疾病, 起付线 4000, 50 %, cap 50000):
/// A (100000 − 4000) × 50 % = 48000, 核减 10000 → 38000 paid; cap left 12000.
/// B 20000 × 50 % = 10000 ≤ 12000 → 10000; cap left 2000. C 8000 × 50 % = 4000,
/// capped at 2000.
#[test]
fn reduction_counts_against_the_cap_at_its_audited_amount() {
    let a = AssistanceClaim {
        reduction: Money::from_yuan(10_000),
        ..claim(1, 1, d(3, 1), Group::Catastrophic, 10_000_000)
    };
    let b = claim(2, 2, d(5, 1), Group::Catastrophic, 2_000_000);
    let c = claim(3, 3, d(7, 1), Group::Catastrophic, 800_000);
    let r = run(&person(JIANDANG, false), &[a, b, c]);
    assert_eq!(r[0].deductible.plain(), "4000.00");
    assert_eq!(r[0].pay.plain(), "48000.00");
    assert_eq!(r[1].deductible, Money::ZERO);
    assert_eq!(r[1].pay.plain(), "10000.00");
    assert_eq!(
        r[1].explanation,
        "自付 20000.00 × 50% = 10000.00（年度已救助 38000.00，限额 50000.00）"
    );
    assert_eq!(r[2].pay.plain(), "2000.00");
    assert_eq!(
        r[2].explanation,
        "自付 8000.00 × 50% = 4000.00（年度已救助 48000.00，限额 50000.00），受限额控制实付 2000.00"
    );
}

#[test]
fn base_is_never_negative() {
    let c = AssistanceClaim {
        total: Money::from_yuan(1_000),
        out_of_catalog: Money::from_yuan(100),
        basic: Money::from_yuan(800),
        serious: Money::from_yuan(200),
        other: Money::from_yuan(50),
        ..claim(1, 1, d(3, 1), Group::Catastrophic, 0)
    };
    assert_eq!(c.base(), Money::ZERO);
    let later = claim(2, 2, d(4, 1), Group::Catastrophic, 1_000_000);
    let r = run(&person(JIANDANG, false), &[c, later]);
    assert_eq!(r[0].base.plain(), "0.00");
    assert_eq!(r[0].deductible, Money::ZERO);
    assert_eq!(r[0].pay.plain(), "0.00");
    assert_eq!(
        r[0].explanation,
        "自付 0.00 × 50% = 0.00（年度已救助 0.00，限额 50000.00）"
    );
    // The whole 起付线 is still there for the next claim.
    assert_eq!(r[1].deductible.plain(), "4000.00");
    assert_eq!(r[1].pay.plain(), "3000.00");
}

#[test]
fn rounds_half_away_from_zero() {
    let r = run(
        &person(QITA, false),
        &[claim(1, 1, d(3, 1), Group::Outpatient, 5)],
    );
    assert_eq!(r[0].pay.plain(), "0.03");
    assert_eq!(
        r[0].explanation,
        "自付 0.05 × 50% = 0.03（年度已救助 0.00，限额 1000.00）"
    );
}

#[test]
fn outpatient_cap_across_visits() {
    let claims = [
        claim(1, 1, d(1, 5), Group::Outpatient, 80_000),
        claim(2, 2, d(2, 5), Group::Outpatient, 90_000),
        claim(3, 3, d(3, 5), Group::Outpatient, 70_000),
        claim(4, 4, d(4, 5), Group::Outpatient, 20_000),
        // Other groups keep their own caps.
        claim(5, 5, d(4, 6), Group::Inpatient, 100_000),
    ];
    let r = run(&person(TEKUN, false), &claims);
    let pays: Vec<String> = r.iter().map(|a| a.pay.plain()).collect();
    assert_eq!(pays, ["400.00", "450.00", "150.00", "0.00", "700.00"]);
    assert_eq!(
        r[2].explanation,
        "自付 700.00 × 50% = 350.00（年度已救助 850.00，限额 1000.00），受限额控制实付 150.00"
    );
    assert_eq!(
        r[3].explanation,
        "自付 200.00 × 50% = 100.00（年度已救助 1000.00，限额 1000.00），受限额控制实付 0.00"
    );
    assert_eq!(
        r[4].explanation,
        "自付 1000.00 × 70% = 700.00（年度已救助 0.00，限额 10000.00）"
    );
}

#[test]
fn unknown_category_is_an_error_in_chinese() {
    let err = assist(
        &person("五保户", false),
        &[claim(1, 1, d(3, 1), Group::Outpatient, 100)],
        &AssistanceParams::seed_2019(),
    )
    .unwrap_err();
    assert_eq!(err, "救助类别「五保户」没有 2019 年度的救助参数");
}

#[test]
fn repeated_claim_id_is_an_error() {
    let c = claim(1, 1, d(3, 1), Group::Outpatient, 100);
    let err = assist(
        &person(DIBAO, false),
        &[c.clone(), c],
        &AssistanceParams::seed_2019(),
    )
    .unwrap_err();
    assert_eq!(err, "救助记录编号 1 重复");
}

#[test]
fn seed_2019_parameters() {
    let p = AssistanceParams::seed_2019();
    assert_eq!(p.year, 2019);
    let premiums: Vec<(String, String)> = p
        .categories
        .iter()
        .map(|c| (c.category.clone(), c.premium.plain()))
        .collect();
    assert_eq!(
        premiums,
        [
            (TEKUN.to_owned(), "220.00".to_owned()),
            (DIBAO.to_owned(), "150.00".to_owned()),
            (DISHOURU.to_owned(), "0.00".to_owned()),
            (JIANDANG.to_owned(), "150.00".to_owned()),
            (QITA.to_owned(), "0.00".to_owned()),
        ]
    );
    let rates: Vec<Decimal> = CATEGORIES
        .iter()
        .map(|c| p.category(c).unwrap().catastrophic.rate_percent)
        .collect();
    assert_eq!(rates, [70, 70, 60, 50, 50].map(Decimal::from));
    let jd = p.category(JIANDANG).unwrap();
    assert_eq!(jd.catastrophic.deductible.plain(), "4000.00");
    assert_eq!(jd.catastrophic.cap.plain(), "50000.00");
    assert_eq!(
        p.category(DIBAO).unwrap().catastrophic.deductible,
        Money::ZERO
    );
    let local = jd.for_claim(Group::Inpatient, HospitalTier::TownshipOrCounty);
    let above = jd.for_claim(Group::Inpatient, HospitalTier::AboveCountyOrOutside);
    assert_eq!(local.rate_percent, Decimal::from(70));
    assert_eq!(above.rate_percent, Decimal::from(50));
    assert_eq!(local.cap.plain(), "10000.00");
    assert_eq!(jd.outpatient.cap.plain(), "1000.00");
    assert_eq!(jd.outpatient.rate_percent, Decimal::from(50));
}

fn dated(rows: &[(&str, Option<NaiveDate>, Option<NaiveDate>)]) -> DatedPerson {
    DatedPerson {
        identities: rows
            .iter()
            .map(|(identity, start, end)| IdentitySpan {
                identity: (*identity).into(),
                start: *start,
                end: *end,
            })
            .collect(),
        class_one: false,
    }
}

#[test]
fn an_identity_change_mid_year_changes_the_rate_and_the_deductible() {
    let params = AssistanceParams::seed_2019();
    // 建档立卡 until 31 May, 低保 from 1 June; two 重特大疾病 stays each way round.
    let p = dated(&[
        (JIANDANG, None, Some(d(5, 31))),
        (DIBAO, Some(d(6, 1)), None),
    ]);
    let claims = [
        claim(1, 1, d(3, 1), Group::Catastrophic, 500_000),
        claim(2, 2, d(7, 1), Group::Catastrophic, 1_000_000),
    ];
    let r = assist_dated(&p, &claims, &params).unwrap();
    // March under 建档立卡: 起付线 4000, 50 %: (5000 − 4000) × 50% = 500.
    assert_eq!(r[0].pay.plain(), "500.00");
    assert_eq!(
        r[0].explanation,
        "按「建档立卡贫困人口」：自付 5000.00 − 起付线 4000.00 = 1000.00 × 50% = 500.00（年度已救助 0.00，限额 50000.00）"
    );
    // July under 低保: 起付线 0 (what is left of 0 after 4000 used is 0), 70 %:
    // 10000 × 70% = 7000; 500 already paid of the 50000 cap.
    assert_eq!(r[1].pay.plain(), "7000.00");
    assert_eq!(
        r[1].explanation,
        "按「低保」：自付 10000.00 × 70% = 7000.00（年度已救助 500.00，限额 50000.00）"
    );

    // The other way round: 低保 first uses no 起付线, so the 建档立卡 stay after
    // it meets the whole 4000: 5000 × 70% = 3500, then (5000 − 4000) × 50% = 500.
    let p = dated(&[
        (DIBAO, None, Some(d(5, 31))),
        (JIANDANG, Some(d(6, 1)), None),
    ]);
    let claims = [
        claim(1, 1, d(3, 1), Group::Catastrophic, 500_000),
        claim(2, 2, d(7, 1), Group::Catastrophic, 500_000),
    ];
    let r = assist_dated(&p, &claims, &params).unwrap();
    assert_eq!(r[0].pay.plain(), "3500.00");
    assert_eq!(r[0].deductible, Money::ZERO);
    assert_eq!(r[1].deductible.plain(), "4000.00");
    assert_eq!(r[1].pay.plain(), "500.00");
}

#[test]
fn of_two_valid_identities_the_first_in_the_years_order_wins() {
    let params = AssistanceParams::seed_2019();
    // 建档立卡 all year, 低保 in April only; 低保 comes before 建档立卡 in 2019.
    let p = dated(&[
        (JIANDANG, None, None),
        (DIBAO, Some(d(4, 1)), Some(d(4, 30))),
    ]);
    let claims = [
        claim(1, 1, d(4, 15), Group::Catastrophic, 500_000),
        claim(2, 2, d(5, 2), Group::Catastrophic, 500_000),
    ];
    let r = assist_dated(&p, &claims, &params).unwrap();
    // 15 April, 低保: 5000 × 70% = 3500.
    assert_eq!(r[0].pay.plain(), "3500.00");
    assert!(r[0].explanation.starts_with("按「低保」："));
    // 2 May, 建档立卡 only: (5000 − 4000) × 50% = 500.
    assert_eq!(r[1].pay.plain(), "500.00");
    assert!(r[1].explanation.starts_with("按「建档立卡贫困人口」："));
}

#[test]
fn a_claim_on_a_day_without_an_identity_is_refused() {
    let p = dated(&[(DIBAO, Some(d(6, 1)), None)]);
    let err = assist_dated(
        &p,
        &[claim(1, 1, d(3, 1), Group::Outpatient, 100)],
        &AssistanceParams::seed_2019(),
    )
    .unwrap_err();
    assert_eq!(err, "该人员在就诊日期无有效救助身份（就诊日期 2019-03-01）");
    // One identity from the start, as the roster's category: no name in the text.
    let r = assist(
        &person(DIBAO, false),
        &[claim(1, 1, d(3, 1), Group::Outpatient, 10_000)],
        &AssistanceParams::seed_2019(),
    )
    .unwrap();
    assert_eq!(
        r[0].explanation,
        "自付 100.00 × 50% = 50.00（年度已救助 0.00，限额 1000.00）"
    );
}
