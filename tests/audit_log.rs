//! The 操作日志 as its readers get it: the store's filtered, paged query, who may
//! read it, and the XLSX export read back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use calamine::{Data, Reader, open_workbook_auto};
use medfund::store::StoreError;
use medfund::store::audit_log::AuditFilter;

fn raw_count(path: &std::path::Path, clause: &str) -> usize {
    let n: i64 = common::raw(path)
        .query_row(
            &format!("SELECT count(*) FROM audit_log {clause}"),
            [],
            |r| r.get(0),
        )
        .unwrap();
    n as usize
}

fn filter_action(action: &str) -> AuditFilter {
    AuditFilter {
        action: Some(action.into()),
        ..AuditFilter::default()
    }
}

#[test]
fn the_log_is_filtered_by_user_action_and_date() {
    let db = common::demo_db();
    let store = common::open(&db.path);
    store.login("shenji", medfund::demo::DEMO_PASSWORD).unwrap();
    let reader = common::security();
    let all = store
        .audit_log_count(&reader, &AuditFilter::default())
        .unwrap();
    assert_eq!(all, raw_count(&db.path, ""));

    let jingban = AuditFilter {
        user: Some("jingban".into()),
        ..AuditFilter::default()
    };
    let n = store.audit_log_count(&reader, &jingban).unwrap();
    assert!(n > 0);
    assert_eq!(n, raw_count(&db.path, "WHERE actor = 'jingban'"));
    let rows = store.audit_log_rows(&reader, &jingban, 0, 50).unwrap();
    assert!(rows.iter().all(|r| r.entry.actor == "jingban"));
    assert_eq!(rows[0].display_name.as_deref(), Some("陈晓梅"));

    let logins = AuditFilter {
        user: Some("shenji".into()),
        ..filter_action("login")
    };
    let rows = store.audit_log_rows(&reader, &logins, 0, 50).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].entry.entity, "user");
    assert_eq!(rows[0].display_name.as_deref(), Some("孙志远"));

    let today = chrono::Local::now().date_naive();
    let on = |from, to| AuditFilter {
        from,
        to,
        ..logins.clone()
    };
    let count = |f: &AuditFilter| store.audit_log_count(&reader, f).unwrap();
    assert_eq!(count(&on(Some(today), Some(today))), 1);
    assert_eq!(count(&on(today.succ_opt(), None)), 0);
    assert_eq!(count(&on(None, today.pred_opt())), 0);

    let choices = store.audit_log_choices(&reader).unwrap();
    assert!(choices.users.contains(&("shenji".into(), "孙志远".into())));
    assert!(choices.actions.contains(&"login".into()));
    assert!(choices.entities.contains(&"claim".into()));
    assert!(store.audit_log_problems(&reader).unwrap().is_empty());
}

#[test]
fn pages_follow_each_other_newest_first() {
    let db = common::demo_db();
    let store = common::open(&db.path);
    let reader = common::security();
    let any = AuditFilter::default();
    let ten = store.audit_log_rows(&reader, &any, 0, 10).unwrap();
    let first = store.audit_log_rows(&reader, &any, 0, 5).unwrap();
    let second = store.audit_log_rows(&reader, &any, 5, 5).unwrap();
    assert_eq!(ten.len(), 10);
    assert_eq!([first, second].concat(), ten);
    assert!(ten.windows(2).all(|w| w[0].entry.id > w[1].entry.id));
    let total = store.audit_log_count(&reader, &any).unwrap();
    assert!(
        store
            .audit_log_rows(&reader, &any, total, 5)
            .unwrap()
            .is_empty()
    );
    let mut streamed = 0;
    store
        .audit_log_each::<StoreError>(&reader, &any, |_| {
            streamed += 1;
            Ok(())
        })
        .unwrap();
    assert_eq!(streamed, total);
}

#[test]
fn a_clerk_may_not_read_the_log_and_the_admin_may() {
    let db = common::demo_db();
    let store = common::open(&db.path);
    let any = AuditFilter::default();
    let refused = store.audit_log_count(&common::clerk(), &any).unwrap_err();
    assert_eq!(refused.to_string(), "「经办人」无权查看操作日志");
    assert!(
        store
            .audit_log_rows(&common::finance(), &any, 0, 5)
            .is_err()
    );
    assert!(store.audit_log_choices(&common::leader()).is_err());
    assert!(store.audit_log_problems(&common::auditor()).is_err());
    assert!(
        store
            .audit_log_count(&medfund::store::Actor::admin(), &any)
            .is_ok()
    );
}

#[test]
fn the_chain_problems_are_shown_to_the_reader() {
    let db = common::demo_db();
    common::raw(&db.path)
        .execute_batch(&format!(
            "{} UPDATE audit_log SET new_value = '{{}}' WHERE id = 3;",
            common::DROP_APPEND_ONLY
        ))
        .unwrap();
    let store = common::open(&db.path);
    let problems = store.audit_log_problems(&common::security()).unwrap();
    assert_eq!(problems, ["审计日志第 3 条的内容被改动过（哈希不符）"]);
}

#[test]
fn the_export_writes_the_filtered_rows_with_chinese_headers() {
    let db = common::demo_db();
    let store = common::open(&db.path);
    store.login("shenji", medfund::demo::DEMO_PASSWORD).unwrap();
    let out = db.dir.path().join("操作日志.xlsx");
    let filter = filter_action("login");
    let expected = store.audit_log_count(&common::security(), &filter).unwrap();
    let n =
        medfund::export::audit_log(&store, &common::security(), &filter, &out, &|_, _| {}).unwrap();
    assert_eq!(n, expected);
    let mut wb = open_workbook_auto(&out).unwrap();
    let sheet = wb.worksheet_range("操作日志").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(Data::to_string).collect())
        .collect();
    assert_eq!(rows[0][0], "操作日志（操作 登录）");
    assert_eq!(
        rows[1],
        [
            "时间", "用户", "姓名", "对象", "编号", "操作", "原值", "新值"
        ]
    );
    assert_eq!(rows.len(), 2 + n);
    assert_eq!(&rows[2][1..4], ["shenji", "孙志远", "用户"]);
    assert_eq!(rows[2][5], "登录");

    let refused = medfund::export::audit_log(
        &store,
        &common::clerk(),
        &filter,
        &db.dir.path().join("clerk.xlsx"),
        &|_, _| {},
    );
    assert!(refused.is_err());
    assert!(!db.dir.path().join("clerk.xlsx").exists());
}
