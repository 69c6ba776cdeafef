//! The 医疗救助 demo program (赫山区, seed 004): every figure of the seed as the
//! ledger, the 资助参保 list, the roster and the claims show it, every claim's amount
//! as the assistance rule computes it, and `medfund check` clean.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use common::date as d;
use medfund::domain::Money;
use medfund::domain::assistance::{
    AssistanceClaim, CATEGORIES, DIBAO, DISHOURU, JIANDANG, Person, QITA, TEKUN, assist,
};
use medfund::domain::beneficiary::{Beneficiary, Status};
use medfund::domain::claim::{AuditDecision, Month, VisitType};
use medfund::domain::credit_code::{CreditCodeCheck, check_credit_code};
use medfund::domain::fund::EntryKind;
use medfund::domain::hospital::HospitalLevel;
use medfund::domain::id_number::IdNumber;
use medfund::domain::program::{Program, ProgramKind, YearParams};
use medfund::store::Store;
use medfund::store::assistance::{claim_group, hospital_tier};
use medfund::store::claims::ClaimRecord;

/// The demo database with the 医疗救助 program.
struct Demo {
    db: common::DemoDb,
    store: Store,
    program: Program,
}

fn demo() -> Demo {
    let db = common::demo_db();
    let store = common::open(&db.path);
    let program = store.program_by_code("jiuzhu").unwrap();
    Demo { db, store, program }
}

/// A claim with what the rule needs besides the record: the hospital, the person's
/// category and 一类对象, and what the other layers paid (in 分).
struct Claim {
    record: ClaimRecord,
    hospital_id: i64,
    category: String,
    class_one: bool,
    layers: i64,
}

impl Claim {
    fn inpatient(&self) -> bool {
        self.record.visit_type == VisitType::Inpatient
    }
}

/// Every claim of the program in `year`, month by month and hospital by hospital.
fn claims(d: &Demo, year: i32) -> Vec<Claim> {
    let people: HashMap<i64, Beneficiary> = d
        .store
        .roster_all(d.program.id)
        .unwrap()
        .into_iter()
        .map(|b| (b.id, b))
        .collect();
    // No query gives a claim's layers yet: read their sums from the file.
    let conn = common::raw(&d.db.path);
    let layers: HashMap<i64, i64> = conn
        .prepare("SELECT claim_id, sum(amount_fen) FROM claim_layers GROUP BY claim_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut out = Vec::new();
    for month in 1..=12 {
        for t in d
            .store
            .transfer_rows(d.program.id, Month { year, month })
            .unwrap()
        {
            for record in d.store.report_claims(t.report.id).unwrap() {
                let person = &people[&record.beneficiary_id].fields;
                out.push(Claim {
                    hospital_id: t.report.hospital_id,
                    category: person.category.clone(),
                    class_one: person.class_one,
                    layers: layers.get(&record.id).copied().unwrap_or(0),
                    record,
                });
            }
        }
    }
    out
}

fn count(claims: &[Claim], f: impl Fn(&Claim) -> bool) -> usize {
    claims.iter().filter(|c| f(c)).count()
}

fn payable_sum(claims: &[Claim]) -> String {
    claims
        .iter()
        .map(|c| c.record.payable)
        .sum::<Money>()
        .plain()
}

#[test]
fn the_program_hospitals_and_roster() {
    let Demo { store, program, .. } = demo();
    assert_eq!(program.name, "赫山区城乡医疗救助");
    assert_eq!(program.kind, ProgramKind::Jiuzhu);
    assert_eq!(program.department, "赫山区医疗保障局");
    assert_eq!(program.unit, "赫山区医疗保障局");
    let years: Vec<(i32, YearParams)> = store
        .program_years(program.id)
        .unwrap()
        .into_iter()
        .map(|y| (y.year, y.params))
        .collect();
    let seed = YearParams::jiuzhu_seed();
    assert_eq!(years, [(2018, seed.clone()), (2019, seed)]);
    // The app still opens on 离休.
    assert_eq!(
        store.setting("ui.program").unwrap().as_deref(),
        Some("lixiu")
    );

    let hospitals = store.hospitals().unwrap();
    assert!(
        hospitals
            .iter()
            .filter(|h| h.code.starts_with("H430903"))
            .count()
            >= 4
    );
    for h in &hospitals {
        let valid = check_credit_code(&h.credit_code) == CreditCodeCheck::Valid;
        assert!(valid, "{} {}", h.name, h.credit_code);
    }
    let by_code = |code: &str| hospitals.iter().find(|h| h.code == code).unwrap();
    assert_eq!(by_code("H43090300001").level, HospitalLevel::County);
    assert_eq!(by_code("H43090300002").level, HospitalLevel::Township);
    let city = by_code("H43090000001");
    assert_eq!(
        (city.name.as_str(), city.level, city.in_county),
        ("益阳市中心医院", HospitalLevel::AboveCounty, false)
    );

    let roster = store.roster_all(program.id).unwrap();
    assert_eq!(roster.len(), 28_155);
    for b in &roster {
        let id = IdNumber::parse(&b.fields.id_number).unwrap();
        assert!(id.as_str().starts_with("430903"), "{}", id.as_str());
        assert!(CATEGORIES.contains(&b.fields.category.as_str()));
    }
    // 特困供养 on the roster during the year: not gone before it began.
    let tekun_in = |year: i32| {
        roster
            .iter()
            .filter(|b| b.fields.category == TEKUN)
            .filter(|b| b.status == Status::Active || b.status_date >= Some(d(year, 1, 1)))
            .count()
    };
    assert_eq!((tekun_in(2018), tekun_in(2019)), (6_380, 6_279));
    // 101 of them died in 2018.
    let died: Vec<(&str, i32)> = roster
        .iter()
        .filter(|b| b.status == Status::Deceased)
        .map(|b| (b.fields.category.as_str(), b.status_date.unwrap().year()))
        .collect();
    assert_eq!(died, vec![(TEKUN, 2018); 101]);
    let class_one = |category: &str| {
        roster
            .iter()
            .filter(|b| b.fields.category == category && b.fields.class_one)
            .count()
    };
    assert!(class_one(TEKUN) > 0 && class_one(JIANDANG) > 0);
    assert_eq!(class_one(DIBAO) + class_one(DISHOURU) + class_one(QITA), 0);
}

#[test]
fn money_2019_received_and_paid_by_november_29() {
    let Demo { store, program, .. } = demo();
    let year_id = |year: i32| store.program_year(program.id, year).unwrap().id;
    let t = store.fund_totals(year_id(2019)).unwrap();
    assert_eq!(t.budget_initial.plain(), "20190000.00");
    assert_eq!(t.received.plain(), "20190000.00");
    assert_eq!(t.paid.plain(), "15960000.00");
    assert_eq!(t.balance.plain(), "4230000.00");
    assert!(t.warnings().is_empty(), "{:?}", t.warnings());

    let entries = store.fund_entries(year_id(2019)).unwrap();
    let appropriations: Vec<_> = entries
        .iter()
        .filter(|e| e.kind == EntryKind::Appropriation)
        .collect();
    assert!(appropriations.len() >= 2);
    for e in &appropriations {
        assert!(e.doc_no.starts_with("益财社〔2019〕"), "{}", e.doc_no);
        assert!(e.quarter.is_some());
    }
    let paid_by = |kind: EntryKind| {
        entries
            .iter()
            .filter(|e| e.kind == kind && e.date <= d(2019, 11, 29))
            .map(|e| e.amount)
            .sum::<Money>()
            .plain()
    };
    assert_eq!(paid_by(EntryKind::PremiumPayment), "4370000.00");
    assert_eq!(paid_by(EntryKind::HospitalPayment), "11590000.00");
    assert!(entries.iter().all(|e| e.date <= d(2019, 11, 29)));
    // One payment to the insurer.
    let insurers: Vec<&str> = entries
        .iter()
        .filter_map(|e| (e.kind == EntryKind::PremiumPayment).then_some(e.counterparty.as_str()))
        .collect();
    assert_eq!(insurers, ["益阳市赫山区城乡居民基本医疗保险基金"]);

    // Neither year's balance ever goes below zero.
    for year in [2018, 2019] {
        for e in store.fund_entries(year_id(year)).unwrap() {
            assert!(!e.balance.is_negative(), "{} {}", e.date, e.balance.plain());
        }
        let t = store.fund_totals(year_id(year)).unwrap();
        assert!(t.warnings().is_empty(), "{year} {:?}", t.warnings());
    }
}

#[test]
fn premiums_2019_are_28050_persons_at_their_category_premium() {
    let Demo { store, program, .. } = demo();
    let t = store.premium_totals(program.id, 2019).unwrap();
    assert_eq!(t.persons, 28_050);
    assert_eq!(t.amount.plain(), "4370000.00");
    assert_eq!(t.paid_persons, 28_050);
    assert_eq!(t.paid_amount.plain(), "4370000.00");
    let params = store
        .program_year(program.id, 2019)
        .unwrap()
        .params
        .assistance(2019);
    let rows = store
        .search_premiums(program.id, 2019, "", 0, 30_000)
        .unwrap();
    assert_eq!(rows.len(), 28_050);
    let mut per_category: HashMap<String, usize> = HashMap::new();
    for r in &rows {
        assert_eq!(r.amount, params.category(&r.category).unwrap().premium);
        assert!(r.fund_entry_id.is_some());
        *per_category.entry(r.category.clone()).or_default() += 1;
    }
    assert_eq!(per_category[TEKUN], 6_275);
    assert_eq!(per_category[DIBAO] + per_category[JIANDANG], 19_930);
    assert_eq!(per_category[DISHOURU] + per_category[QITA], 1_845);
}

#[test]
fn claims_2019_reproduce_seed_004() {
    let d2019 = demo();
    let all = claims(&d2019, 2019);
    assert_eq!(all.len(), 31_932);
    assert_eq!(payable_sum(&all), "11590000.00");
    assert!(all.iter().all(|c| c.record.audit == AuditDecision::Passed));
    // Each claim is one assistance given: none pays nothing.
    assert!(all.iter().all(|c| c.record.payable > Money::ZERO));
    assert!(all.iter().all(|c| {
        let v = c.record.visit_date;
        v >= d(2019, 1, 1) && v <= d(2019, 11, 28)
    }));
    assert_eq!(count(&all, |c| c.category == JIANDANG), 19_514);
    assert_eq!(count(&all, |c| c.record.catastrophic), 2_578);
    assert_eq!(
        count(&all, |c| c.record.catastrophic && c.category == JIANDANG),
        1_511
    );
    assert_eq!(count(&all, |c| c.inpatient() && c.category == TEKUN), 9_336);
    assert!(count(&all, |c| !c.inpatient()) > 0);
    assert!(count(&all, |c| c.inpatient() && !c.record.catastrophic) > 0);
    // An inpatient stay is admitted and discharged within its report's month.
    assert!(all.iter().filter(|c| c.inpatient()).all(|c| {
        let (v, out) = (c.record.visit_date, c.record.discharge_date.unwrap());
        out >= v && out.month() == v.month()
    }));
    // The rule's deductible and caps show in the explanations.
    assert!(
        all.iter()
            .any(|c| c.category == JIANDANG && c.record.explanation.contains("− 起付线 4000.00"))
    );
    assert!(
        all.iter()
            .any(|c| c.record.explanation.contains("受限额控制实付"))
    );

    let Demo { store, program, .. } = d2019;
    let stats = store.year_claim_stats(program.id, 2019).unwrap();
    assert_eq!((stats.claims_total, stats.claims_audited), (31_932, 31_932));
    assert_eq!(
        (stats.inpatient_amount + stats.outpatient_amount).plain(),
        "11590000.00"
    );
    assert_eq!(stats.paid_reports, stats.reports);
    assert_eq!(stats.late_reports, 0);

    // Every hospital-month from January to November is paid by 11-29; December is open.
    for month in 1..=12 {
        let rows = store
            .transfer_rows(program.id, Month { year: 2019, month })
            .unwrap();
        assert_eq!(rows.is_empty(), month == 12);
        for r in rows {
            assert_eq!(r.report.status.label(), "已划拨");
            let paid = r.paid_date.unwrap();
            assert!(paid <= d(2019, 11, 29));
            assert!(month < 11 || paid == d(2019, 11, 29));
        }
    }
}

#[test]
fn claims_2018_are_the_tekun_admissions_paid_within_2018() {
    let d2018 = demo();
    let all = claims(&d2018, 2018);
    assert_eq!(count(&all, |c| c.inpatient() && c.category == TEKUN), 9_247);
    assert!(all.iter().all(|c| c.record.audit == AuditDecision::Passed));
    assert!(all.iter().all(|c| c.record.payable > Money::ZERO));
    let Demo { store, program, .. } = &d2018;
    // Nobody is treated after their death.
    let died: HashMap<i64, NaiveDate> = store
        .roster_all(program.id)
        .unwrap()
        .into_iter()
        .filter(|b| b.status == Status::Deceased)
        .map(|b| (b.id, b.status_date.unwrap()))
        .collect();
    for c in &all {
        if let Some(day) = died.get(&c.record.beneficiary_id) {
            assert!(c.record.discharge_date.unwrap() < *day);
        }
    }
    for month in 1..=12 {
        for r in store
            .transfer_rows(program.id, Month { year: 2018, month })
            .unwrap()
        {
            assert!(r.paid_date.unwrap() <= d(2018, 12, 31));
        }
    }
    let y2018 = store.program_year(program.id, 2018).unwrap().id;
    assert_eq!(
        store.fund_totals(y2018).unwrap().paid.plain(),
        payable_sum(&all)
    );
}

/// Every stored amount and explanation is what the rule gives over the person's
/// whole year, taken as the store's recompute takes it (by date, then entry order).
#[test]
fn every_claim_is_what_the_rule_computes() {
    let demo = demo();
    let tiers: HashMap<i64, _> = demo
        .store
        .hospitals()
        .unwrap()
        .into_iter()
        .map(|h| (h.id, hospital_tier(h.level, h.in_county)))
        .collect();
    for year in [2018, 2019] {
        let params = demo
            .store
            .program_year(demo.program.id, year)
            .unwrap()
            .params
            .assistance(year);
        let all = claims(&demo, year);
        let mut by_person: HashMap<i64, Vec<&Claim>> = HashMap::new();
        for c in &all {
            by_person
                .entry(c.record.beneficiary_id)
                .or_default()
                .push(c);
        }
        for mine in by_person.values() {
            let person = Person {
                category: mine[0].category.clone(),
                class_one: mine[0].class_one,
            };
            let input: Vec<AssistanceClaim> = mine
                .iter()
                .map(|c| AssistanceClaim {
                    id: c.record.id,
                    seq: c.record.id,
                    date: c.record.visit_date,
                    group: claim_group(c.inpatient(), c.record.catastrophic),
                    tier: tiers[&c.hospital_id],
                    total: c.record.total,
                    out_of_catalog: c.record.out_of_catalog,
                    basic: Money::ZERO,
                    serious: Money::ZERO,
                    other: Money::from_fen(c.layers),
                    reduction: c.record.audit.reduction(),
                })
                .collect();
            for (c, a) in mine.iter().zip(assist(&person, &input, &params).unwrap()) {
                assert_eq!(
                    (c.record.payable, c.record.explanation.as_str()),
                    (a.pay, a.explanation.as_str()),
                    "claim {}",
                    c.record.id
                );
            }
        }
    }
}

#[test]
fn check_passes_on_the_demo() {
    let db = common::demo_db();
    let out = common::medfund_as("admin")
        .arg("check")
        .arg("--db")
        .arg(&db.path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("检查通过"), "{text}");
}
