//! Separation of duties in the store: nobody audits a claim they entered,
//! approves a month in which they entered or audited a claim, or pays a month
//! they approved; each refusal names who did the earlier step, and a step nobody
//! is known to have done is skipped. The demo's history follows the rules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use medfund::domain::claim::{AuditDecision, Month};
use medfund::domain::user::{Role, Roles};
use medfund::store::{Actor, Store, StoreError};

const OCTOBER: Month = Month {
    year: 2022,
    month: 10,
};

/// A demo user whose role has since changed to `role` (the duty rules compare
/// people, not roles).
fn now_as(actor: Actor, role: Role) -> Actor {
    Actor {
        roles: role.into(),
        ..actor
    }
}

fn refusal(e: StoreError) -> String {
    match e {
        StoreError::Invalid(why) => why,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// October 2022 at 丰都县人民医院 with two claims entered by jingban; the store on it.
fn entered() -> (common::DemoDb, Store, i64) {
    let db = common::demo_db();
    let report = common::report_with_claims(
        &db.path,
        OCTOBER,
        &[("MZD1", "100.00"), ("MZD2", "80.00")],
        false,
    );
    let store = common::open(&db.path);
    (db, store, report)
}

fn claim_ids(store: &Store, report: i64) -> Vec<i64> {
    store
        .report_claims(report)
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect()
}

#[test]
fn nobody_audits_a_claim_they_entered() {
    let (_db, mut store, report) = entered();
    let ids = claim_ids(&store, report);
    let err = store
        .audit_claims(&ids, &AuditDecision::Passed, &common::clerk())
        .unwrap_err();
    assert_eq!(refusal(err), "该笔报账由 陈晓梅 录入，不能由同一人审核");
    let claims = store.report_claims(report).unwrap();
    assert!(claims.iter().all(|c| c.audit == AuditDecision::Pending));
    assert!(!claims[0].may_audit(&common::clerk()));
    assert!(claims[0].may_audit(&common::auditor()));

    // Another 经办人 may; the record says who entered and who audited.
    store
        .audit_decisions(&[(ids[0], AuditDecision::Passed)], &common::auditor())
        .unwrap();
    let colleague = Actor {
        username: "jingban2".into(),
        display_name: "王芳".into(),
        roles: Role::Clerk.into(),
    };
    store
        .audit_claims(&ids[1..], &AuditDecision::Passed, &colleague)
        .unwrap();
    let claims = store.report_claims(report).unwrap();
    assert_eq!(claims[0].entered_by.as_ref().unwrap().name, "陈晓梅");
    assert_eq!(claims[0].audited_by.as_ref().unwrap().name, "刘建军");
    assert_eq!(claims[1].audited_by.as_ref().unwrap().username, "jingban2");
}

#[test]
fn a_user_with_several_roles_is_still_one_person_to_the_duty_rules() {
    let (db, mut store, report) = entered();
    let admin = Actor::admin();
    let both: Roles = [Role::Clerk, Role::Auditor].into_iter().collect();
    store.set_roles("jingban", both, &admin).unwrap();
    let jingban = store
        .login("jingban", medfund::demo::DEMO_PASSWORD)
        .unwrap()
        .actor;
    assert_eq!(jingban.roles.label(), "经办人、审核员");
    let ids = claim_ids(&store, report);
    let err = store
        .audit_claims(&ids, &AuditDecision::Passed, &jingban)
        .unwrap_err();
    assert_eq!(refusal(err), "该笔报账由 陈晓梅 录入，不能由同一人审核");
    assert!(!store.report_claims(report).unwrap()[0].may_audit(&jingban));
    // What none of the roles may do is refused in the roles' names.
    let err = store.approve_report(report, &jingban).unwrap_err();
    assert_eq!(err.to_string(), "「经办人、审核员」无权批准或退回划拨");
    // Every user keeps at least one role; the change is in the audit log.
    let err = store
        .set_roles("jingban", Roles::default(), &admin)
        .unwrap_err();
    assert_eq!(err.to_string(), "请至少选择一个角色");
    let user = store
        .users()
        .unwrap()
        .into_iter()
        .find(|u| u.username == "jingban")
        .unwrap();
    assert_eq!(user.roles, both);
    let id: i64 = common::raw(&db.path)
        .query_row("SELECT id FROM users WHERE username = 'jingban'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let entries = store.audit_entries("user", id).unwrap();
    let change = entries.iter().find(|e| e.action == "roles").unwrap();
    assert!(change.old_value.as_deref().unwrap().contains("经办人"));
    assert!(
        change
            .new_value
            .as_deref()
            .unwrap()
            .contains("经办人、审核员")
    );
}

#[test]
fn nobody_approves_a_month_in_which_they_entered_or_audited_a_claim() {
    let (_db, mut store, report) = entered();
    common::pass_all(&mut store, report);
    let err = store
        .approve_report(report, &now_as(common::clerk(), Role::Leader))
        .unwrap_err();
    assert_eq!(refusal(err), "该月报账由 陈晓梅 录入，不能由同一人批准");
    let err = store
        .approve_report(report, &now_as(common::auditor(), Role::Leader))
        .unwrap_err();
    assert_eq!(refusal(err), "该月报账由 刘建军 审核，不能由同一人批准");
    assert!(!store.report(report).unwrap().locked);
    store.approve_report(report, &common::leader()).unwrap();
    assert!(store.report(report).unwrap().locked);
}

#[test]
fn nobody_pays_a_month_they_approved() {
    let (_db, mut store, report) = entered();
    common::pass_all(&mut store, report);
    store.approve_report(report, &common::leader()).unwrap();
    let paid = common::date(2022, 11, 10);
    let err = store
        .mark_paid(
            report,
            "记-2022-11-001",
            paid,
            &now_as(common::leader(), Role::Finance),
        )
        .unwrap_err();
    assert_eq!(refusal(err), "该月由 周国强 批准，不能由同一人支付");
    store
        .mark_paid(report, "记-2022-11-001", paid, &common::finance())
        .unwrap();
    let program = store.program_by_code("lixiu").unwrap();
    let doers = store.month_doers(program.id, OCTOBER).unwrap();
    assert_eq!(doers.entered, ["陈晓梅"]);
    assert_eq!(doers.audited, ["刘建军"]);
    assert_eq!(doers.approved, ["周国强"]);
    assert_eq!(doers.paid, ["张丽"]);
}

#[test]
fn a_step_nobody_is_known_to_have_done_is_skipped() {
    let (db, mut store, report) = entered();
    // As for claims entered before the store recorded who entered them.
    let conn = common::raw(&db.path);
    conn.execute("UPDATE claims SET entered_by = NULL", [])
        .unwrap();
    let ids = claim_ids(&store, report);
    store
        .audit_claims(&ids, &AuditDecision::Passed, &common::clerk())
        .unwrap();
    conn.execute("UPDATE claims SET audited_by = NULL", [])
        .unwrap();
    store
        .approve_report(report, &now_as(common::clerk(), Role::Leader))
        .unwrap();
    conn.execute("UPDATE monthly_reports SET approved_by = NULL", [])
        .unwrap();
    store
        .mark_paid(
            report,
            "记-2022-11-002",
            common::date(2022, 11, 10),
            &now_as(common::clerk(), Role::Finance),
        )
        .unwrap();
}

#[test]
fn the_demo_history_follows_the_duty_rules() {
    let db = common::demo_db();
    let store = common::open(&db.path);
    for code in ["lixiu", "jiuzhu"] {
        let program = store.program_by_code(code).unwrap();
        let year = store.latest_report_year(program.id).unwrap().unwrap();
        let month = Month { year, month: 3 };
        let doers = store.month_doers(program.id, month).unwrap();
        assert_eq!(doers.entered, ["陈晓梅"], "{code}");
        assert_eq!(doers.audited, ["刘建军"], "{code}");
        assert_eq!(doers.approved, ["周国强"], "{code}");
        assert_eq!(doers.paid, ["张丽"], "{code}");
    }
    // The 支付汇总表 prints them under the lines left blank for the signatures.
    let program = store.program_by_code("lixiu").unwrap();
    let out = db.dir.path().join("支付汇总表.xlsx");
    let month = Month {
        year: 2021,
        month: 3,
    };
    medfund::export::payment_summary(&store, &common::finance(), &program, month, &out).unwrap();
    let range = common::read_sheet(&out, "支付汇总表");
    let rows = range.height() as u32;
    let signed = (0..rows).find(|r| common::cell_text(&range, *r, 1) == "经办人：");
    let signed = signed.unwrap();
    assert_eq!(
        common::cell_text(&range, signed + 1, 0),
        "录入：陈晓梅　审核：刘建军　批准：周国强　支付：张丽"
    );
    for (username, role) in [("shenji", Role::Security), ("admin", Role::Admin)] {
        let actor = store
            .login(username, medfund::demo::DEMO_PASSWORD)
            .unwrap()
            .actor;
        assert_eq!(actor.roles, role.into());
    }
}
