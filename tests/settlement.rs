//! The 离休 year-end settlement over a year that is not final yet: claims still 待审,
//! hospital-months not approved, a posting date inside the year. On the demo's 2022
//! (25 persons, no claims yet: every quota is topped up, 91,000.00 in all).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::date as d;
use medfund::domain::Money;
use medfund::domain::claim::{AuditDecision, Month};
use medfund::domain::fund::EntryKind;
use medfund::domain::user::Role;
use medfund::store::{Actor, Store, StoreError};

fn finance() -> Actor {
    Actor {
        username: "caiwu".into(),
        display_name: "张丽".into(),
        roles: Role::Finance.into(),
    }
}

const MARCH: Month = Month {
    year: 2022,
    month: 3,
};

/// 韩堃's three 门诊 claims of March 2022 at 丰都县人民医院, still 待审 (in-catalog,
/// so each pays its total): 300.00 + 434.00 + 500.00 = 1,234.00. Returns the report id.
fn pending_march(db: &std::path::Path) -> i64 {
    common::report_with_claims(
        db,
        MARCH,
        &[
            ("MZ220301", "300.00"),
            ("MZ220302", "434.00"),
            ("MZ220303", "500.00"),
        ],
        false,
    )
}

/// Pass MZ220301, refuse MZ220302 (拒付) and reduce MZ220303 by 120.00 (核减).
fn audit_march(store: &mut Store, report: i64) {
    let claims = store.report_claims(report).unwrap();
    let id = |bill: &str| claims.iter().find(|c| c.bill_no == bill).unwrap().id;
    store
        .audit_claims(
            &[id("MZ220301")],
            &AuditDecision::Passed,
            &common::auditor(),
        )
        .unwrap();
    store
        .audit_claims(
            &[id("MZ220302")],
            &AuditDecision::Refused {
                reason: "重复收费".into(),
            },
            &common::auditor(),
        )
        .unwrap();
    store
        .audit_claims(
            &[id("MZ220303")],
            &AuditDecision::Reduced {
                amount: Money::from_yuan(120),
                reason: "超标准收费".into(),
            },
            &common::auditor(),
        )
        .unwrap();
}

/// The 2022 ledger's balance and number of rows.
fn ledger(store: &Store) -> (Money, usize) {
    let program = store.program_by_code("lixiu").unwrap();
    let year = store.program_year(program.id, 2022).unwrap().id;
    (
        store.fund_totals(year).unwrap().balance,
        store.fund_entries(year).unwrap().len(),
    )
}

#[test]
fn pending_claims_are_shown_and_posting_over_them_is_refused_writing_nothing() {
    let db = common::demo_db();
    pending_march(&db.path);
    let mut store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();

    let s = store.settlement(program.id, 2022).unwrap();
    assert_eq!(s.not_final.pending_claims, 3);
    assert_eq!(s.not_final.pending_amount.plain(), "1234.00");
    let months = &s.not_final.unapproved_months;
    assert_eq!(months.len(), 1);
    assert_eq!(
        (
            months[0].month,
            months[0].hospital.as_str(),
            months[0].status.as_str()
        ),
        (MARCH, "丰都县人民医院", "待复核")
    );
    // Pending claims are not final and count nothing yet: 韩堃 keeps his whole quota.
    let han = s.lines.iter().find(|l| l.name == "韩堃").unwrap();
    assert_eq!(
        (han.used.plain(), han.top_up.plain()),
        ("0.00".into(), "5000.00".into())
    );
    assert_eq!(s.total_top_up.plain(), "91000.00");

    let before = ledger(&store);
    let err = store
        .post_settlement(program.id, 2022, d(2023, 1, 10), true, &finance())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "2022年度还有 3 条报账待审（应付 1,234.00 元），审核完毕后才能过账年终清算"
    );
    assert_eq!(ledger(&store), before, "nothing written");
    assert_eq!(store.posted_settlement(program.id, 2022).unwrap(), None);
}

#[test]
fn after_the_audit_top_ups_count_what_was_passed_or_reduced_and_an_unapproved_month_needs_confirming()
 {
    let db = common::demo_db();
    let report = pending_march(&db.path);
    let mut store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    audit_march(&mut store, report);

    // 韩堃 used 300.00 (passed) + 0 (拒付) + (500.00 − 120.00) (核减) = 680.00;
    // top-up 5000.00 − 680.00 = 4320.00; in all 91,000.00 − 680.00 = 90,320.00.
    let s = store.settlement(program.id, 2022).unwrap();
    assert_eq!(s.not_final.pending_claims, 0);
    assert_eq!(s.not_final.pending_amount, Money::ZERO);
    let han = s.lines.iter().find(|l| l.name == "韩堃").unwrap();
    assert_eq!(han.used.plain(), "680.00");
    assert_eq!(han.top_up.plain(), "4320.00");
    assert_eq!(s.total_top_up.plain(), "90320.00");
    // The month is audited but not approved: it can still change.
    let warning = s.not_final.unapproved_warning(2022).unwrap();
    assert_eq!(
        warning,
        "2022年度还有 1 个医院月份尚未批准：丰都县人民医院 2022年3月（待复核）；\
         这些月份的报账仍可能变动，清算不会随之调整"
    );

    let before = ledger(&store);
    let err = store
        .post_settlement(program.id, 2022, d(2023, 1, 10), false, &finance())
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::NeedsConfirmation(m) if m == &format!("{warning}。确认后才能过账")),
        "{err}"
    );
    assert_eq!(
        ledger(&store),
        before,
        "nothing written without the confirmation"
    );

    let (posted, _) = store
        .post_settlement(program.id, 2022, d(2023, 1, 10), true, &finance())
        .unwrap();
    assert_eq!(posted.total.plain(), "90320.00");
    let program_year = store.program_year(program.id, 2022).unwrap().id;
    let entries = store.fund_entries(program_year).unwrap();
    let han_cash = entries
        .iter()
        .find(|e| e.kind == EntryKind::CashPayment && e.person_name.as_deref() == Some("韩堃"))
        .unwrap();
    assert_eq!(han_cash.amount.plain(), "4320.00");
    assert_eq!(ledger(&store).0, before.0 - Money::from_fen(9_032_000));
}

#[test]
fn a_settlement_is_posted_only_after_its_year_ends() {
    let db = common::demo_db();
    let report = pending_march(&db.path);
    let mut store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    audit_march(&mut store, report);
    store.approve_report(report, &common::leader()).unwrap();
    assert!(
        store
            .settlement(program.id, 2022)
            .unwrap()
            .not_final
            .unapproved_months
            .is_empty()
    );

    let before = ledger(&store);
    let err = store
        .post_settlement(program.id, 2022, d(2022, 12, 31), false, &finance())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "过账日期 2022-12-31 在2022年度之内；年终清算须在年度结束后过账（2023-01-01 或以后）"
    );
    assert_eq!(ledger(&store), before);
    // The first day after the year, with every month approved: no confirmation needed.
    let (posted, _) = store
        .post_settlement(program.id, 2022, d(2023, 1, 1), false, &finance())
        .unwrap();
    assert_eq!(posted.total.plain(), "90320.00");
    assert!(store.check(&|_, _| {}).unwrap().is_empty());
}
