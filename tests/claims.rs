//! Monthly reports and claims in a real temp database: deadlines, the payable
//! amount with its explanation, every refusal, and the audit decisions.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use medfund::domain::Money;
use medfund::domain::beneficiary::{Status, StatusEvent};
use medfund::domain::claim::{AuditDecision, ClaimDraft, Month};
use medfund::store::{Actor, Store};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

struct Fixture {
    _db: common::DemoDb,
    store: Store,
    report: i64,
    han_id: i64,
    han_number: String,
}

fn fixture() -> Fixture {
    let db = common::demo_db();
    let mut store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let hospital = common::hospital_id(&store, "H50023000001");
    let sept = Month::parse("2022-09").unwrap();
    let report = store
        .open_report(
            program.id,
            hospital,
            sept,
            Some(d(2022, 10, 9)),
            &common::clerk(),
        )
        .unwrap();
    let people = store.beneficiaries_by_id_number(program.id).unwrap();
    let han = people.values().find(|b| b.fields.name == "韩堃").unwrap();
    Fixture {
        han_id: han.id,
        han_number: han.fields.id_number.clone(),
        _db: db,
        store,
        report: report.id,
    }
}

fn draft(id_number: &str, bill: &str) -> ClaimDraft {
    ClaimDraft {
        id_number: id_number.into(),
        visit_type: "门诊".into(),
        visit_date: "2022-09-03".into(),
        total: "256.40".into(),
        out_of_catalog: "6.40".into(),
        bill_no: bill.into(),
        ..Default::default()
    }
}

#[test]
fn a_report_knows_its_deadline_and_lateness() {
    let f = fixture();
    let r = f.store.report(f.report).unwrap();
    assert_eq!(
        r.deadline,
        d(2022, 10, 8),
        "National Day moves the 5th to the 8th"
    );
    assert!(r.is_late());
    assert_eq!(r.hospital_name, "丰都县人民医院");
    assert_eq!(r.status.label(), "待复核");
}

#[test]
fn a_claim_gets_its_payable_amount_and_explanation() {
    let mut f = fixture();
    let sept = Month::parse("2022-09").unwrap();
    let input = draft(&f.han_number, "MZ0001").validate(sept).unwrap();
    let before = f.store.audit_count().unwrap();
    let c = f
        .store
        .add_claim(f.report, &input, &common::clerk())
        .unwrap();
    assert_eq!(c.name, "韩堃");
    assert_eq!(c.payable.plain(), "250.00");
    assert_eq!(
        c.explanation,
        "目录内 256.40 − 6.40 = 250.00 × 100% = 250.00；目录外 6.40 × 0% = 0.00；应付 250.00"
    );
    assert_eq!(c.audit.label(), "待审");
    assert_eq!(c.payable_after_audit(), Money::ZERO);
    assert_eq!(f.store.audit_count().unwrap(), before + 1);
    assert_eq!(f.store.report_claims(f.report).unwrap().len(), 1);
}

#[test]
fn refusals_say_why_and_write_nothing() {
    let mut f = fixture();
    let sept = Month::parse("2022-09").unwrap();
    let ok = draft(&f.han_number, "MZ0001").validate(sept).unwrap();
    f.store.add_claim(f.report, &ok, &common::clerk()).unwrap();
    let before = f.store.audit_count().unwrap();

    // The same bill number at the same hospital.
    let again = draft(&f.han_number, "MZ0001").validate(sept).unwrap();
    let err = f
        .store
        .add_claim(f.report, &again, &common::clerk())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "票据号 MZ0001 在丰都县人民医院已使用（韩堃 2022-09-03 就诊）"
    );

    // Someone not on the roster.
    let stranger = draft("110105194912310021", "MZ0002")
        .validate(sept)
        .unwrap();
    let err = f
        .store
        .add_claim(f.report, &stranger, &common::clerk())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "身份证号 110105194912310021 不在本项目名册中"
    );

    // Someone who died before the visit.
    f.store
        .add_status(
            f.han_id,
            &StatusEvent {
                status: Status::Deceased,
                date: d(2022, 9, 1),
            },
            "",
            &common::clerk(),
        )
        .unwrap();
    let after_death = draft(&f.han_number, "MZ0003").validate(sept).unwrap();
    let err = f
        .store
        .add_claim(f.report, &after_death, &common::clerk())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "「韩堃」在 2022-09-03 已死亡，不在册，不能报账"
    );

    assert_eq!(f.store.report_claims(f.report).unwrap().len(), 1);
    // Only the status change was logged.
    assert_eq!(f.store.audit_count().unwrap(), before + 1);
}

#[test]
fn audit_pass_reduce_refuse_and_bulk() {
    let mut f = fixture();
    let sept = Month::parse("2022-09").unwrap();
    let mut ids = Vec::new();
    for bill in ["A1", "A2", "A3", "A4"] {
        let input = draft(&f.han_number, bill).validate(sept).unwrap();
        ids.push(
            f.store
                .add_claim(f.report, &input, &common::clerk())
                .unwrap()
                .id,
        );
    }
    f.store
        .audit_claims(&ids[..2], &AuditDecision::Passed, &common::auditor())
        .unwrap();
    let cut = AuditDecision::Reduced {
        amount: Money::parse("50").unwrap(),
        reason: "超限价".into(),
    };
    f.store
        .audit_claims(&ids[2..3], &cut, &common::auditor())
        .unwrap();
    let too_much = AuditDecision::Reduced {
        amount: Money::parse("500").unwrap(),
        reason: "x".into(),
    };
    let err = f
        .store
        .audit_claims(&ids[3..], &too_much, &common::auditor())
        .unwrap_err();
    assert_eq!(err.to_string(), "核减金额 500.00 大于应付金额 250.00");
    f.store
        .audit_claims(
            &ids[3..],
            &AuditDecision::Refused {
                reason: "非本人就诊".into(),
            },
            &common::auditor(),
        )
        .unwrap();
    let claims = f.store.report_claims(f.report).unwrap();
    let after: Vec<String> = claims
        .iter()
        .map(|c| c.payable_after_audit().plain())
        .collect();
    assert_eq!(after, vec!["250.00", "250.00", "200.00", "0.00"]);
    let labels: Vec<&str> = claims.iter().map(|c| c.audit.label()).collect();
    assert_eq!(labels, vec!["通过", "通过", "核减", "拒付"]);
    assert!(f.store.verify_audit_chain().unwrap().is_empty());
}

#[test]
fn approve_locks_the_month_then_finance_pays_it() {
    let mut f = fixture();
    let sept = Month::parse("2022-09").unwrap();
    let a = draft(&f.han_number, "B1").validate(sept).unwrap();
    let id = f
        .store
        .add_claim(f.report, &a, &common::clerk())
        .unwrap()
        .id;
    let program = f.store.program_by_code("lixiu").unwrap();

    let err = f
        .store
        .approve_report(f.report, &common::leader())
        .unwrap_err();
    assert_eq!(err.to_string(), "还有 1 条报账未审核，审核完毕才能批准");
    f.store
        .audit_claims(&[id], &AuditDecision::Passed, &common::auditor())
        .unwrap();
    let err = f
        .store
        .mark_paid(
            f.report,
            "记-2022-10-001",
            d(2022, 10, 20),
            &common::finance(),
        )
        .unwrap_err();
    assert_eq!(err.to_string(), "只有已批准的报账可以划拨，当前为待复核");
    f.store.approve_report(f.report, &common::leader()).unwrap();

    let rows = f.store.transfer_rows(program.id, sept).unwrap();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.report.status.label(), "已批准");
    assert!(row.report.locked);
    assert!(row.report.is_late());
    assert_eq!((row.claims, row.audited), (1, 1));
    assert_eq!(row.total_cost.plain(), "256.40");
    assert_eq!(row.payable.plain(), "250.00");

    // A locked month refuses changes.
    let b = draft(&f.han_number, "B2").validate(sept).unwrap();
    let err = f
        .store
        .add_claim(f.report, &b, &common::clerk())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "2022年9月 丰都县人民医院 的报账已批准锁定，不能修改"
    );
    let err = f
        .store
        .audit_claims(
            &[id],
            &AuditDecision::Refused { reason: "x".into() },
            &common::auditor(),
        )
        .unwrap_err();
    assert!(err.to_string().contains("已批准锁定"));

    // Reopening needs a reason and is logged; then it can be approved and paid.
    assert!(
        f.store
            .reopen_report(f.report, " ", &common::leader())
            .is_err()
    );
    f.store
        .reopen_report(f.report, "医院补报一张票据", &common::leader())
        .unwrap();
    f.store.add_claim(f.report, &b, &common::clerk()).unwrap();
    let ids: Vec<i64> = f
        .store
        .report_claims(f.report)
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    f.store
        .audit_claims(&ids, &AuditDecision::Passed, &common::auditor())
        .unwrap();
    f.store.approve_report(f.report, &common::leader()).unwrap();
    f.store
        .mark_paid(
            f.report,
            "记-2022-10-001",
            d(2022, 10, 20),
            &common::finance(),
        )
        .unwrap();
    let row = &f.store.transfer_rows(program.id, sept).unwrap()[0];
    assert_eq!(row.report.status.label(), "已划拨");
    assert_eq!(row.payable.plain(), "500.00");
    assert_eq!(row.voucher_no.as_deref(), Some("记-2022-10-001"));
    let log = f.store.audit_entries("monthly_report", f.report).unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        vec!["paid", "approve", "reopen", "approve", "update", "insert"]
    );
    assert!(
        log[2]
            .new_value
            .as_deref()
            .unwrap()
            .contains("医院补报一张票据")
    );
}

#[test]
fn a_returned_month_carries_the_comment() {
    let mut f = fixture();
    let program = f.store.program_by_code("lixiu").unwrap();
    let sept = Month::parse("2022-09").unwrap();
    assert!(
        f.store
            .return_report(f.report, "", &common::leader())
            .is_err()
    );
    f.store
        .return_report(f.report, "缺少住院费用清单", &common::leader())
        .unwrap();
    let row = &f.store.transfer_rows(program.id, sept).unwrap()[0];
    assert_eq!(row.report.status.label(), "退回");
    assert_eq!(row.review_comment, "缺少住院费用清单");
    assert!(!row.report.locked);
}

#[test]
fn the_demo_year_is_fully_transferred() {
    let db = common::demo_db();
    let store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let mut paid = Money::ZERO;
    let mut late = Vec::new();
    for m in 1..=12 {
        let month = Month {
            year: 2021,
            month: m,
        };
        for row in store.transfer_rows(program.id, month).unwrap() {
            assert_eq!(
                row.report.status.label(),
                "已划拨",
                "{} {}",
                month.label(),
                row.report.hospital_name
            );
            assert!(row.report.locked);
            assert_eq!(row.claims, row.audited);
            paid = paid + row.payable;
            if row.report.is_late() {
                late.push(format!("{} {}", month.label(), row.report.hospital_name));
            }
        }
    }
    assert_eq!(paid.plain(), "1550000.00");
    assert_eq!(late, vec!["2021年9月 丰都县中医院"]);
    // The September report of 丰都县中医院 was due 8 October (National Day).
    let sept = store
        .transfer_rows(
            program.id,
            Month {
                year: 2021,
                month: 9,
            },
        )
        .unwrap();
    let tcm = sept
        .iter()
        .find(|r| r.report.hospital_name == "丰都县中医院")
        .unwrap();
    assert_eq!(tcm.report.deadline, d(2021, 10, 8));
    assert_eq!(tcm.report.received, Some(d(2021, 10, 11)));
}

#[test]
fn warnings_do_not_stop_a_claim() {
    let mut f = fixture();
    let sept = Month::parse("2022-09").unwrap();
    let mut last = 0;
    for (bill, total) in [("W1", "100"), ("W2", "120"), ("W3", "90")] {
        let d = ClaimDraft {
            total: total.into(),
            out_of_catalog: "".into(),
            ..draft(&f.han_number, bill)
        };
        last = f
            .store
            .add_claim(f.report, &d.validate(sept).unwrap(), &common::clerk())
            .unwrap()
            .id;
    }
    assert!(f.store.claim_warnings(last).unwrap().is_empty());
    // Far over 10× the median of his claims (the demo's 2021 ones and these three).
    let big = ClaimDraft {
        total: "200000".into(),
        out_of_catalog: "".into(),
        ..draft(&f.han_number, "W4")
    };
    let id = f
        .store
        .add_claim(f.report, &big.validate(sept).unwrap(), &common::clerk())
        .unwrap()
        .id;
    let w = f.store.claim_warnings(id).unwrap();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].starts_with("医疗总费用 200000.00 超过该人以往报账中位数"),
        "{}",
        w[0]
    );
    // The same day at another hospital.
    let program = f.store.program_by_code("lixiu").unwrap();
    let tcm = common::hospital_id(&f.store, "H50023000002");
    let other = f
        .store
        .open_report(program.id, tcm, sept, None, &common::clerk())
        .unwrap();
    let same_day = ClaimDraft {
        total: "80".into(),
        out_of_catalog: "".into(),
        ..draft(&f.han_number, "T1")
    };
    let id = f
        .store
        .add_claim(
            other.id,
            &same_day.validate(sept).unwrap(),
            &common::clerk(),
        )
        .unwrap()
        .id;
    assert_eq!(
        f.store.claim_warnings(id).unwrap(),
        vec!["韩堃 同日（2022-09-03）也在丰都县人民医院就诊，请核实".to_owned()]
    );
}

#[test]
fn other_layers_of_a_year_are_recorded_and_not_paid_twice() {
    use medfund::domain::program::{ProgramKind, YearParams};
    use medfund::store::programs::NewProgram;
    let mut f = fixture();
    let admin = Actor::admin();
    // A county that records what basic insurance paid before the subsidy.
    let mut params = YearParams::lixiu_seed();
    params.layers = vec!["基本医疗保险".into()];
    let program_id = f
        .store
        .create_program_with_year(
            &NewProgram {
                code: "lixiu2".into(),
                name: "试点项目".into(),
                kind: ProgramKind::Lixiu,
                department: "丰都县医疗保障局".into(),
                unit: "丰都县医疗保障局".into(),
            },
            2022,
            &params,
            &admin,
        )
        .unwrap();
    assert_eq!(
        f.store
            .program_year(program_id, 2022)
            .unwrap()
            .params
            .layers,
        vec!["基本医疗保险"]
    );
    let han = f.store.beneficiary(f.han_id).unwrap().fields;
    f.store
        .add_beneficiary(program_id, &han, &common::clerk())
        .unwrap();
    let hospital = f.store.hospitals().unwrap()[1].id;
    let sept = Month::parse("2022-09").unwrap();
    let report = f
        .store
        .open_report(program_id, hospital, sept, None, &common::clerk())
        .unwrap();
    let d = ClaimDraft {
        total: "1000".into(),
        out_of_catalog: "100".into(),
        other_layers: vec![("基本医疗保险".into(), "600".into())],
        ..draft(&f.han_number, "L1")
    };
    let c = f
        .store
        .add_claim(report.id, &d.validate(sept).unwrap(), &common::clerk())
        .unwrap();
    assert_eq!(c.payable.plain(), "300.00");
    assert!(
        c.explanation.contains("− 其他保障 600.00"),
        "{}",
        c.explanation
    );
    let log = f.store.audit_entries("claim", c.id).unwrap();
    assert!(
        log[0]
            .new_value
            .as_deref()
            .unwrap()
            .contains("基本医疗保险")
    );
}
