//! Backups by age, checked when written, in a second folder too; restoring a
//! chosen copy (and refusing a damaged one); files readable by their owner only.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use common::{assert_code, medfund_as};
use medfund::domain::program::{ProgramKind, YearParams};
use medfund::store::backup::{Folder, Kind, list_backups};
use medfund::store::programs::NewProgram;
use medfund::store::{Actor, Store};

fn at(y: i32, m: u32, d: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

/// The dates of the backups left in `backups/`, oldest first.
fn kept_dates(db: &Path) -> Vec<String> {
    list_backups(db)
        .unwrap()
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.split('-').nth(1).unwrap().to_owned()
        })
        .collect()
}

#[test]
fn a_year_of_daily_starts_keeps_the_last_7_days_4_weeks_and_12_months() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    let store = common::open(&path);
    let mut day = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    while day < common::date(2026, 1, 1) {
        store.backup_at(day.and_hms_opt(9, 0, 0).unwrap()).unwrap();
        day = day.succ_opt().unwrap();
    }
    // The newest copy is that day's, week's and month's at once (the weeks of
    // 12-28 and 12-31 are daily copies too, and so is December's).
    let expected_monthly = [
        "20250131", "20250228", "20250331", "20250430", "20250531", "20250630", "20250731",
        "20250831", "20250930", "20251031", "20251130",
    ];
    let expected_weekly = ["20251214", "20251221"];
    let expected_daily = [
        "20251225", "20251226", "20251227", "20251228", "20251229", "20251230", "20251231",
    ];
    let expected: Vec<&str> = expected_monthly
        .iter()
        .chain(&expected_weekly)
        .chain(&expected_daily)
        .copied()
        .collect();
    assert_eq!(kept_dates(&path), expected);
    // The list says which kind each copy is kept as, newest first.
    let listed = store.backups().unwrap();
    assert_eq!(listed.len(), 20);
    let kinds: Vec<Kind> = listed.iter().map(|b| b.kind).collect();
    let mut want = vec![Kind::Daily; 7];
    want.extend([Kind::Weekly; 2]);
    want.extend([Kind::Monthly; 11]);
    assert_eq!(kinds, want);
    assert_eq!(listed[0].taken, at(2025, 12, 31));
    assert!(
        listed
            .iter()
            .all(|b| b.folder == Folder::Main && b.size > 0)
    );
    // Half a year on, the oldest months have rolled off: the last 12 months
    // (June's copy is a daily one), and still 20 copies.
    while day < common::date(2026, 7, 1) {
        store.backup_at(day.and_hms_opt(9, 0, 0).unwrap()).unwrap();
        day = day.succ_opt().unwrap();
    }
    let monthly = store
        .backups()
        .unwrap()
        .iter()
        .filter(|b| b.kind == Kind::Monthly)
        .map(|b| b.taken.format("%Y%m%d").to_string())
        .collect::<Vec<_>>();
    assert_eq!(
        monthly,
        [
            "20260531", "20260430", "20260331", "20260228", "20260131", "20251231", "20251130",
            "20251031", "20250930", "20250831", "20250731"
        ]
    );
    assert_eq!(list_backups(&path).unwrap().len(), 7 + 2 + 11);
    // A second copy the same day replaces that day's first one.
    store
        .backup_at(at(2026, 6, 30) + chrono::TimeDelta::hours(3))
        .unwrap();
    assert_eq!(list_backups(&path).unwrap().len(), 20);
}

#[test]
fn the_second_folder_follows_the_same_policy_and_a_missing_one_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    let usb = tempfile::tempdir().unwrap();
    let mut store = common::open(&path);
    store
        .set_second_backup_folder(Some(usb.path()), &Actor::admin())
        .unwrap();
    for d in 1..=10 {
        let report = store.backup_at(at(2026, 3, d)).unwrap();
        assert!(report.warnings.is_empty(), "{:?}", report.warnings);
        assert!(report.second.unwrap().starts_with(usb.path()));
    }
    let second: Vec<_> = std::fs::read_dir(usb.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".db"))
        .collect();
    // 2026-03-01 is a Sunday: 03-04..03-10 daily, 03-01 the newest of its week;
    // 03-02 and 03-03 are gone (03-08 is their week's).
    assert_eq!(second.len(), 8, "{second:?}");
    assert!(
        usb.path().join("m.keys").exists(),
        "the key file goes along"
    );
    let listed = store.backups().unwrap();
    assert_eq!(
        listed.iter().filter(|b| b.folder == Folder::Second).count(),
        8
    );

    // The USB drive is unplugged: the first copy is still made.
    let gone = usb.path().to_owned();
    drop(usb);
    let report = store.backup_at(at(2026, 3, 11)).unwrap();
    assert!(report.path.exists());
    assert_eq!(report.second, None);
    assert_eq!(report.warnings.len(), 1);
    assert!(
        report.warnings[0].contains("第二备份文件夹")
            && report.warnings[0].contains("不存在或未连接")
            && report.warnings[0].contains(&gone.display().to_string()),
        "{}",
        report.warnings[0]
    );
    // Only an administrator sets the folder.
    let refused = store
        .set_second_backup_folder(None, &common::clerk())
        .unwrap_err();
    assert!(refused.to_string().contains("无权"), "{refused}");
}

fn add_program(store: &mut Store, code: &str) {
    store
        .create_program_with_year(
            &NewProgram {
                code: code.into(),
                name: format!("测试项目{code}"),
                kind: ProgramKind::Lixiu,
                department: "县医疗保障局".into(),
                unit: "县医疗保障局".into(),
            },
            2026,
            &YearParams::seed(ProgramKind::Lixiu),
            &Actor::admin(),
        )
        .unwrap();
}

fn program_codes(store: &Store) -> Vec<String> {
    store
        .programs()
        .unwrap()
        .into_iter()
        .map(|p| p.code)
        .collect()
}

#[test]
fn a_chosen_copy_is_restored_and_logged_without_the_stale_wal() {
    let db = common::demo_db();
    let mut store = common::open(&db.path);
    let before = program_codes(&store);
    let chosen = store.backup_and_rotate().unwrap().path;
    add_program(&mut store, "LATER");
    assert!(program_codes(&store).contains(&"LATER".to_owned()));
    let wal = db.path.with_file_name("demo.db-wal");
    assert!(wal.exists(), "the live file has its write-ahead log");

    let restored = store.restore(&chosen, &Actor::admin()).unwrap();
    assert_eq!(program_codes(&store), before, "the later program is gone");
    assert!(store.check(&|_, _| {}).unwrap().is_empty());
    // The restore is the newest row of the restored log, naming the copy and who.
    let log = store
        .audit_log_rows(&common::security(), &Default::default(), 0, 1)
        .unwrap();
    let row = &log[0].entry;
    assert_eq!(
        (row.actor.as_str(), row.action.as_str()),
        ("admin", "restore")
    );
    assert!(
        row.new_value
            .as_deref()
            .unwrap()
            .contains(&*chosen.file_name().unwrap().to_string_lossy()),
        "{row:?}"
    );
    // The file set aside kept its write-ahead log; the restored file had none.
    assert!(restored.set_aside.exists());
    assert!(restored.set_aside.to_string_lossy().ends_with("-aside.db"));
    drop(store);
    assert!(!wal.exists(), "no -wal left once the database is closed");
    let store = common::open(&db.path);
    assert_eq!(program_codes(&store), before);
    // The set-aside file still has the program added after the backup.
    let aside = Store::open_with_key(&restored.set_aside, common::test_key()).unwrap();
    assert!(program_codes(&aside).contains(&"LATER".to_owned()));
}

#[test]
fn a_damaged_copy_is_refused_in_chinese_and_the_database_is_untouched() {
    let db = common::demo_db();
    let mut store = common::open(&db.path);
    let copy = store.backup_and_rotate().unwrap().path;
    add_program(&mut store, "KEEP");
    let mut bytes = std::fs::read(&copy).unwrap();
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle..middle + 64] {
        *b ^= 0x5a;
    }
    std::fs::write(&copy, &bytes).unwrap();
    let backups_before = list_backups(&db.path).unwrap();

    let refused = store.restore(&copy, &Actor::admin()).unwrap_err();
    let message = refused.to_string();
    assert!(message.contains("已损坏或不完整"), "{message}");
    assert!(program_codes(&store).contains(&"KEEP".to_owned()));
    assert_eq!(list_backups(&db.path).unwrap(), backups_before);
    assert!(!db.path.with_file_name("demo.db.restoring").exists());
    // And a copy that is not a database of this key at all.
    let other = db.dir.path().join("backups/demo-20200101-000000-000.db");
    std::fs::write(&other, vec![7u8; 8192]).unwrap();
    let refused = store.restore(&other, &Actor::admin()).unwrap_err();
    assert!(
        refused.to_string().contains("无法用本数据库的密钥读取"),
        "{refused}"
    );
    // Only the administrator restores.
    let refused = store.restore(&copy, &common::clerk()).unwrap_err();
    assert!(refused.to_string().contains("无权"), "{refused}");
    drop(store);
    let store = common::open(&db.path);
    assert!(program_codes(&store).contains(&"KEEP".to_owned()));
    assert!(store.check(&|_, _| {}).unwrap().is_empty());
}

#[test]
fn the_cli_restores_a_copy_and_sets_the_second_folder() {
    let db = common::demo_db();
    let db_arg = db.path.to_str().unwrap();
    let usb = db.dir.path().join("usb");
    let out = medfund_as("admin")
        .args(["--db", db_arg, "backup", "--second-folder"])
        .arg(&usb)
        .output()
        .unwrap();
    assert_code(&out, 0);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("不存在或未连接"), "{stderr}");
    std::fs::create_dir(&usb).unwrap();
    let out = medfund_as("admin")
        .args(["--db", db_arg, "backup"])
        .output()
        .unwrap();
    assert_code(&out, 0);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("第二备份文件夹"), "{stdout}");
    let chosen = list_backups(&db.path).unwrap().pop().unwrap();
    let mut store = common::open(&db.path);
    add_program(&mut store, "LATER");
    drop(store);

    let out = medfund_as("admin")
        .args(["--db", db_arg, "restore"])
        .arg(&chosen)
        .output()
        .unwrap();
    assert_code(&out, 0);
    assert!(String::from_utf8_lossy(&out.stdout).contains("已从备份"));
    let store = common::open(&db.path);
    assert!(!program_codes(&store).contains(&"LATER".to_owned()));
    drop(store);
    // A clerk may not.
    let out = medfund_as("jingban")
        .args(["--db", db_arg, "restore"])
        .arg(&chosen)
        .output()
        .unwrap();
    assert_code(&out, 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("无权"));
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn the_files_are_readable_by_their_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    let mut store = common::open(&path);
    add_program(&mut store, "P1");
    let sidecars = [
        path.with_file_name("m.db-wal"),
        path.with_file_name("m.db-shm"),
    ];
    for file in [
        &path,
        &path.with_extension("keys"),
        &sidecars[0],
        &sidecars[1],
    ] {
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }
    let backup = store.backup_and_rotate().unwrap().path;
    assert_eq!(mode(&backup), 0o600);
    assert_eq!(mode(&dir.path().join("backups/m.keys")), 0o600);
    let restored = store.restore(&backup, &Actor::admin()).unwrap();
    for file in [&path, &restored.set_aside, &sidecars[0]] {
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }
    drop(store);

    // An old plain database (made with a wider mode) is encrypted into 0600 files.
    let plain = common::plain_demo_db();
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&plain.path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let store = Store::open_plain(&plain.path).unwrap();
    let (store, _) = store
        .encrypt(&Actor::admin(), medfund::demo::DEMO_PASSWORD)
        .unwrap();
    assert_eq!(mode(&plain.path), 0o600);
    assert_eq!(mode(&plain.path.with_extension("keys")), 0o600);
    for b in list_backups(&plain.path).unwrap() {
        assert_eq!(mode(&b), 0o600, "{}", b.display());
    }
    drop(store);
}

#[test]
fn a_backup_of_an_earlier_version_in_wal_mode_is_restored() {
    let db = common::demo_db();
    // Earlier versions' backups kept the database's WAL mode; the demo file is one.
    let old = db.dir.path().join("backups/demo-20200101-090000-000.db");
    std::fs::create_dir_all(old.parent().unwrap()).unwrap();
    std::fs::copy(&db.path, &old).unwrap();
    let mut store = common::open(&db.path);
    add_program(&mut store, "LATER");
    store.restore(&old, &Actor::admin()).unwrap();
    assert!(!program_codes(&store).contains(&"LATER".to_owned()));
    assert!(store.check(&|_, _| {}).unwrap().is_empty());
}
