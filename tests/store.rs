//! The store on real temp-file databases: audit rows, backups, and atomic imports.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::atomic::AtomicBool;

use medfund::demo::demo_id_number;
use medfund::domain::beneficiary::{BeneficiaryDraft, Status, StatusEvent};
use medfund::domain::program::ProgramKind;
use medfund::store::beneficiaries::RosterChange;
use medfund::store::{Actor, StoreError};

fn fields(name: &str, birth: &str, seq: u32) -> medfund::domain::beneficiary::BeneficiaryFields {
    BeneficiaryDraft {
        name: name.into(),
        id_number: demo_id_number(birth, seq),
        work_date: "1946-01-01".into(),
        ..Default::default()
    }
    .validate(ProgramKind::Lixiu, &[])
    .unwrap()
}

#[test]
fn every_change_writes_an_audit_row_with_who_old_and_new() {
    let db = common::demo_db();
    let mut store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let before = store.audit_count().unwrap();
    let clerk = Actor {
        username: "clerk01".into(),
        display_name: "经办人".into(),
        roles: medfund::domain::user::Role::Clerk.into(),
    };

    let id = store
        .add_beneficiary(program.id, &fields("孟玥", "19290101", 601), &clerk)
        .unwrap();
    let mut changed = store.beneficiary(id).unwrap().fields;
    changed.unit = "丰都县老干部局".into();
    store.update_beneficiary(id, &changed, &clerk).unwrap();
    let date = chrono::NaiveDate::from_ymd_opt(2022, 6, 15).unwrap();
    store
        .add_status(
            id,
            &StatusEvent {
                status: Status::Deceased,
                date,
            },
            "死亡证明",
            &clerk,
        )
        .unwrap();
    assert_eq!(store.audit_count().unwrap(), before + 3);

    let log = store.audit_entries("beneficiary", id).unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["status", "update", "insert"]);
    assert!(log.iter().all(|e| e.actor == "clerk01"));
    assert!(
        log[1]
            .old_value
            .as_deref()
            .unwrap()
            .contains("\"unit\":\"\"")
    );
    assert!(
        log[1]
            .new_value
            .as_deref()
            .unwrap()
            .contains("丰都县老干部局")
    );
    assert!(log[0].new_value.as_deref().unwrap().contains("2022-06-15"));
    assert!(store.verify_audit_chain().unwrap().is_empty());

    let p = store.beneficiary(id).unwrap();
    assert_eq!(p.status, Status::Deceased);
    assert_eq!(store.status_history(id).unwrap()[0].note, "死亡证明");
}

#[test]
fn duplicate_id_is_refused_naming_the_holder() {
    let db = common::demo_db();
    let mut store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let han = store.beneficiaries_by_id_number(program.id).unwrap();
    let han = han.values().find(|b| b.fields.name == "韩堃").unwrap();
    let mut dup = fields("韩某", "19230315", 11);
    dup.id_number = han.fields.id_number.clone();
    let before = store.audit_count().unwrap();
    let err = store
        .add_beneficiary(program.id, &dup, &common::clerk())
        .unwrap_err();
    assert!(matches!(err, StoreError::DuplicateIdNumber { .. }));
    assert!(err.to_string().contains("已登记为「韩堃」"), "{err}");
    assert_eq!(store.roster_count(program.id).unwrap(), 25);
    assert_eq!(store.audit_count().unwrap(), before);
}

#[test]
fn backups_of_one_day_keep_the_newest_and_each_database_its_own() {
    let db = common::demo_db();
    let store = common::open(&db.path);
    let day = common::date(2026, 5, 6).and_hms_opt(9, 0, 0).unwrap();
    let mut made = Vec::new();
    for i in 0..3 {
        let at = day + chrono::TimeDelta::hours(i);
        made.push(store.backup_at(at).unwrap().path);
    }
    made.push(
        store
            .backup_at(day + chrono::TimeDelta::days(1))
            .unwrap()
            .path,
    );
    // Another database in the same folder keeps its own backups.
    let other = common::open(&db.dir.path().join("other.db"));
    let other_backup = other.backup_and_rotate().unwrap().path;
    let kept = medfund::store::backup::list_backups(&db.path).unwrap();
    assert_eq!(
        kept,
        vec![made[2].clone(), made[3].clone()],
        "a day keeps its newest"
    );
    assert!(other_backup.is_file());
    // Nor does `demo-2.db`, whose backups start with `demo-2-`.
    let sibling_path = db.dir.path().join("demo-2.db");
    let sibling = common::open(&sibling_path);
    for d in 0..3 {
        sibling.backup_at(day + chrono::TimeDelta::days(d)).unwrap();
    }
    assert_eq!(
        medfund::store::backup::list_backups(&db.path).unwrap(),
        kept
    );
    assert_eq!(
        medfund::store::backup::list_backups(&sibling_path)
            .unwrap()
            .len(),
        3
    );
    store.backup_and_rotate().unwrap();
    assert_eq!(
        medfund::store::backup::list_backups(&sibling_path)
            .unwrap()
            .len(),
        3
    );
    let first = kept[0].file_name().unwrap().to_str().unwrap().to_owned();
    assert!(first.starts_with("demo-20"), "{first}");
    // A backup is a complete database.
    let copy = common::open(&kept[1]);
    let program = copy.program_by_code("lixiu").unwrap();
    assert_eq!(copy.roster_count(program.id).unwrap(), 25);
}

#[test]
fn an_import_that_fails_midway_writes_nothing() {
    let db = common::demo_db();
    let mut store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let audit_before = store.audit_count().unwrap();
    let existing = store.beneficiaries_by_id_number(program.id).unwrap();
    let han = existing.values().find(|b| b.fields.name == "韩堃").unwrap();
    let mut changes: Vec<RosterChange> = (0..50)
        .map(|i| RosterChange::Insert {
            fields: fields("测试", "19290202", 700 + i),
            status: None,
        })
        .collect();
    // The 51st change collides with a person already stored.
    let mut clash = fields("冲突", "19290202", 800);
    clash.id_number = han.fields.id_number.clone();
    changes.push(RosterChange::Insert {
        fields: clash,
        status: None,
    });
    let cancel = AtomicBool::new(false);
    let err = store
        .apply_roster_changes(program.id, &changes, &common::clerk(), &|_| {}, &cancel)
        .unwrap_err();
    assert!(err.to_string().contains("已登记为「韩堃」"));
    assert_eq!(store.roster_count(program.id).unwrap(), 25);
    assert_eq!(store.audit_count().unwrap(), audit_before);

    // Cancelling part-way (after 1,000 rows are written) rolls back as well.
    let many: Vec<RosterChange> = (0..2500_u32)
        .map(|i| {
            let mut f = fields("测试", "19290303", 0);
            // Vary the birth date so all 2,500 ID numbers differ.
            let birth = chrono::NaiveDate::from_ymd_opt(1929, 1, 1).unwrap()
                + chrono::Duration::days(i64::from(i / 900));
            f.id_number = demo_id_number(&birth.format("%Y%m%d").to_string(), i % 900);
            RosterChange::Insert {
                fields: f,
                status: None,
            }
        })
        .collect();
    let cancel = AtomicBool::new(false);
    let err = store
        .apply_roster_changes(
            program.id,
            &many,
            &common::clerk(),
            &|done| {
                if done >= 1000 {
                    cancel.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            },
            &cancel,
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Cancelled));
    assert_eq!(store.roster_count(program.id).unwrap(), 25);
    assert_eq!(store.audit_count().unwrap(), audit_before);
}

#[test]
fn search_by_name_partial_id_and_card() {
    let db = common::demo_db();
    let store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let all = store
        .search_roster(program.id, "", Default::default(), false)
        .unwrap();
    assert_eq!(all.len(), 25);
    let han = store
        .search_roster(program.id, "韩", Default::default(), false)
        .unwrap();
    assert_eq!(store.roster_rows(&han).unwrap()[0].fields.name, "韩堃");
    let by_id = store
        .search_roster(program.id, "19230315", Default::default(), false)
        .unwrap();
    assert_eq!(by_id, han);
    let by_card = store
        .search_roster(program.id, "a500230", Default::default(), false)
        .unwrap();
    assert_eq!(by_card.len(), 25);
    // Sorting by 个人定额 puts the 3,000 quotas before the 5,000 ones.
    let by_quota = store
        .search_roster(
            program.id,
            "",
            medfund::store::beneficiaries::RosterSort::Quota,
            false,
        )
        .unwrap();
    let rows = store.roster_rows(&by_quota).unwrap();
    assert_eq!(rows.first().unwrap().fields.category, "解放战争时期");
    assert_eq!(rows.last().unwrap().fields.category, "抗日战争时期");
    // LIKE wildcards typed by the user are taken literally.
    assert!(
        store
            .search_roster(program.id, "%", Default::default(), false)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn holiday_calendar_ships_official_dates_and_edits_are_audited() {
    use medfund::domain::calendar::{DayKind, SpecialDay};
    let db = common::demo_db();
    let mut store = common::open(&db.path);
    let cal = store.holiday_calendar().unwrap();
    let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
    assert_eq!(cal.report_deadline(2021, 9), Some(d(2021, 10, 8)));

    // A county adds a local day off on Friday 2021-10-08: the deadline moves to
    // Saturday 2021-10-09, a 调休 make-up working day.
    let before = store.audit_count().unwrap();
    let local = SpecialDay {
        date: d(2021, 10, 8),
        kind: DayKind::Holiday,
        name: "县内调休".into(),
    };
    store.set_special_day(&local, &Actor::admin()).unwrap();
    let cal = store.holiday_calendar().unwrap();
    assert_eq!(cal.report_deadline(2021, 9), Some(d(2021, 10, 9)));
    store
        .remove_special_day(local.date, &Actor::admin())
        .unwrap();
    assert_eq!(
        store.holiday_calendar().unwrap().report_deadline(2021, 9),
        Some(d(2021, 10, 8))
    );
    assert_eq!(store.audit_count().unwrap(), before + 2);
    assert!(store.verify_audit_chain().unwrap().is_empty());
    let err = store
        .remove_special_day(d(2021, 10, 8), &Actor::admin())
        .unwrap_err();
    assert_eq!(err.to_string(), "找不到2021-10-08 的节假日设置");
}

#[test]
fn a_database_is_backed_up_before_a_migration_changes_it() {
    let db = common::demo_db();
    // Make it look like a database from before migration 2: drop everything that
    // version 1 did not have.
    let conn = common::raw(&db.path);
    conn.execute_batch("PRAGMA foreign_keys = OFF;").unwrap();
    // Version 1 kept each user's one role in users.role (migration 10 moved it).
    conn.execute_batch(
        "ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT '';
         UPDATE users SET role = (SELECT min(role) FROM user_roles WHERE user_id = users.id);",
    )
    .unwrap();
    let v1 = [
        "users",
        "programs",
        "program_years",
        "category_params",
        "year_params",
        "hospitals",
        "beneficiaries",
        "beneficiary_status",
        "audit_log",
        "settings",
    ];
    let later: Vec<(String, String)> = conn
        .prepare("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view', 'trigger') AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| Ok((r.get(0).unwrap(), r.get(1).unwrap())))
        .unwrap()
        .map(Result::unwrap)
        .filter(|(_, name): &(String, String)| !v1.contains(&name.as_str()))
        .collect();
    for (kind, name) in later
        .iter()
        .filter(|(k, _)| k == "trigger")
        .chain(later.iter().filter(|(k, _)| k == "view"))
        .chain(later.iter().filter(|(k, _)| k == "table"))
    {
        conn.execute_batch(&format!("DROP {} {name};", kind.to_uppercase()))
            .unwrap();
    }
    // Indexes later versions put on version-1 tables.
    for index in ["ix_audit_actor", "ix_audit_action", "ix_audit_at"] {
        conn.execute_batch(&format!("DROP INDEX {index};")).unwrap();
    }
    // Columns later versions added to version-1 tables.
    for (table, column) in [
        ("beneficiaries", "class_one"),
        ("category_params", "premium_fen"),
        ("category_params", "inpatient_deductible_fen"),
        ("category_params", "inpatient_rate_local"),
        ("category_params", "inpatient_rate_above"),
        ("category_params", "inpatient_cap_fen"),
        ("category_params", "catastrophic_deductible_fen"),
        ("category_params", "catastrophic_rate"),
        ("category_params", "catastrophic_cap_fen"),
        ("category_params", "outpatient_deductible_fen"),
        ("category_params", "outpatient_rate"),
        ("category_params", "outpatient_cap_fen"),
        ("hospitals", "active"),
        ("users", "must_change_password"),
        ("users", "password_changed_at"),
        ("users", "failed_logins"),
        ("users", "locked_until"),
    ] {
        conn.execute_batch(&format!("ALTER TABLE {table} DROP COLUMN {column};"))
            .unwrap();
    }
    conn.execute_batch("PRAGMA user_version = 1;").unwrap();
    drop(conn);
    assert!(
        medfund::store::backup::list_backups(&db.path)
            .unwrap()
            .is_empty()
    );
    let store = common::open(&db.path);
    let backups = medfund::store::backup::list_backups(&db.path).unwrap();
    assert_eq!(backups.len(), 1);
    // The backup is the old version; the live database is migrated.
    let old = common::raw(&backups[0]);
    let v: i64 = old
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1);
    assert!(
        !store
            .holiday_calendar()
            .unwrap()
            .is_working_day(chrono::NaiveDate::from_ymd_opt(2021, 10, 1).unwrap())
    );
}

#[test]
fn category_counts_follow_the_roster() {
    let db = common::demo_db();
    let store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let counts = store.category_counts(program.id).unwrap();
    assert_eq!(
        counts,
        [
            ("抗日战争时期".to_owned(), 8),
            ("解放战争时期".to_owned(), 17)
        ]
    );
}

#[test]
fn a_hospital_is_edited_its_account_changed_and_disabled_with_its_history_kept() {
    use medfund::domain::claim::Month;
    let db = common::demo_db();
    let mut store = common::open(&db.path);
    let admin = Actor::admin();
    let id = common::hospital_id(&store, "H50023000001");
    let old = store
        .hospitals()
        .unwrap()
        .into_iter()
        .find(|h| h.id == id)
        .unwrap();

    // A new name: one audit row with the old and the new value.
    let renamed = medfund::domain::hospital::Hospital {
        name: "丰都县人民医院（新院区）".into(),
        ..old.clone()
    };
    store.update_hospital(&renamed, &admin).unwrap();
    let row = &store.audit_entries("hospital", id).unwrap()[0];
    assert_eq!(row.action, "update");
    assert!(
        row.old_value
            .as_deref()
            .unwrap()
            .contains("\"机构名称\":\"丰都县人民医院\"")
    );
    assert!(
        row.new_value
            .as_deref()
            .unwrap()
            .contains("\"机构名称\":\"丰都县人民医院（新院区）\"")
    );

    // A new account is its own kind of row, with both accounts.
    let moved = medfund::domain::hospital::Hospital {
        bank_account: "6228480000000000001".into(),
        ..renamed.clone()
    };
    store.update_hospital(&moved, &admin).unwrap();
    let row = &store.audit_entries("hospital", id).unwrap()[0];
    assert_eq!(row.action, "update_bank");
    assert!(
        row.old_value
            .as_deref()
            .unwrap()
            .contains(&old.bank_account)
    );
    assert!(
        row.new_value
            .as_deref()
            .unwrap()
            .contains("6228480000000000001")
    );
    // Not by a clerk, and not onto another hospital's code.
    let clerk = store
        .login("jingban", medfund::demo::DEMO_PASSWORD)
        .unwrap()
        .actor;
    assert_eq!(
        store.update_hospital(&old, &clerk).unwrap_err().to_string(),
        "「经办人」无权修改设置"
    );
    let other = store
        .hospitals()
        .unwrap()
        .into_iter()
        .find(|h| h.id != id)
        .unwrap();
    let taken = medfund::domain::hospital::Hospital {
        code: other.code.clone(),
        ..moved.clone()
    };
    let err = store.update_hospital(&taken, &admin).unwrap_err();
    assert!(err.to_string().contains("已登记为"), "{err}");

    // Disabled: its months stay, a month it has no report for is refused.
    let program = store.program_by_code("lixiu").unwrap();
    let september = Month {
        year: 2021,
        month: 9,
    };
    let before = store.transfer_rows(program.id, september).unwrap();
    store.set_hospital_active(id, false, &admin).unwrap();
    assert_eq!(
        store.audit_entries("hospital", id).unwrap()[0].action,
        "disable"
    );
    assert_eq!(store.transfer_rows(program.id, september).unwrap(), before);
    assert!(
        store
            .open_report(program.id, id, september, None, &common::clerk())
            .is_ok(),
        "an existing month opens as before"
    );
    let next = Month {
        year: 2022,
        month: 11,
    };
    let err = store
        .open_report(program.id, id, next, None, &common::clerk())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "「丰都县人民医院（新院区）」已停用（退出定点），不能登记新的月报表；已有的报账和划拨记录不受影响"
    );
    let listed = store.hospitals().unwrap();
    assert!(!listed.iter().find(|h| h.id == id).unwrap().active);
    // Taken back into the scheme, it reports again.
    store.set_hospital_active(id, true, &admin).unwrap();
    store
        .open_report(program.id, id, next, None, &common::clerk())
        .unwrap();
}
