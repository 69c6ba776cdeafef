//! Encryption at rest, checked on real files: what someone who has the database,
//! its log and its backups but no password can read (nothing), and what the
//! passwords and the recovery code open.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use common::{assert_code, finance, medfund, medfund_as};
use medfund::demo::{DEMO_PASSWORD, DEMO_RECOVERY_CODE, demo_id_number};
use medfund::domain::Money;
use medfund::domain::fund::EntryKind;
use medfund::store::funds::NewEntry;
use medfund::store::keyring::RecoveryCode;
use medfund::store::open::FileKind;
use medfund::store::{Store, StoreError};

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// What an outsider gets from a file: SQLite without the key cannot read it.
fn unreadable_without_key(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let e = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap_err();
    assert_eq!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase),
        "{}",
        path.display()
    );
    // The sqlite3 shell, where it is installed, says the same.
    if let Ok(out) = std::process::Command::new("sqlite3")
        .arg(path)
        .arg(".tables")
        .output()
    {
        assert!(!out.status.success(), "{}", path.display());
        assert!(String::from_utf8_lossy(&out.stderr).contains("file is not a database"));
    }
}

#[test]
fn the_database_its_log_and_a_backup_hold_no_name_or_id_number() {
    let db = common::demo_db();
    let id = demo_id_number("19230315", 11);
    let (mut store, _) = Store::sign_in(&db.path, "caiwu", DEMO_PASSWORD).unwrap();
    // A payment naming a person, so that the write-ahead log holds their ID number.
    let year = store
        .program_years(store.program_by_code("lixiu").unwrap().id)
        .unwrap()
        .into_iter()
        .find(|y| y.year == 2022)
        .unwrap();
    let entry = NewEntry {
        kind: EntryKind::CashPayment,
        date: common::date(2022, 5, 6),
        doc_no: "记-2022-05-009".into(),
        quarter: None,
        amount: Money::parse("1234").unwrap(),
        id_number: Some(id.clone()),
        counterparty: "韩堃".into(),
        note: "手工报销".into(),
        source: None,
    };
    store.record_entry(year.id, &entry, &finance()).unwrap();
    let backup = store.backup_and_rotate().unwrap().path;
    let wal = PathBuf::from(format!("{}-wal", db.path.display()));
    let files = [db.path.clone(), wal.clone(), backup.clone()];
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        assert!(bytes.len() > 4096, "{} holds data", file.display());
        for secret in [
            id.as_str(),
            "韩堃",
            "陈晓梅",
            "丰都县人民政府办公室",
            "SQLite format 3",
        ] {
            assert!(!contains(&bytes, secret), "{secret} in {}", file.display());
        }
    }
    drop(store);
    unreadable_without_key(&db.path);
    unreadable_without_key(&backup);
    // The backup opens with the same passwords.
    assert!(Store::open_with_key(&backup, common::test_key()).is_ok());
}

#[test]
fn a_wrong_password_does_not_open_it_and_the_recovery_code_does() {
    let db = common::demo_db();
    let e = Store::sign_in(&db.path, "admin", "Wrong-2026").unwrap_err();
    assert!(matches!(e, StoreError::BadLogin));
    // Every password lost, and the key file too: the recovery code opens the file
    // and the 管理员 sets a new password.
    std::fs::remove_file(db.path.with_extension("keys")).unwrap();
    std::fs::remove_file(db.dir.path().join("backups/demo.keys")).unwrap();
    let e = Store::sign_in(&db.path, "admin", DEMO_PASSWORD).unwrap_err();
    assert!(e.to_string().contains("找不到密钥文件"), "{e}");
    let wrong = RecoveryCode::parse("ABCDE-FGHJK-MNPQR-STVWX-YZ012-34567").unwrap();
    assert!(matches!(
        Store::recover(&db.path, &wrong, "New-Admin-2026").unwrap_err(),
        StoreError::WrongKey
    ));
    let code = RecoveryCode::parse(&DEMO_RECOVERY_CODE.to_lowercase()).unwrap();
    let weak = Store::recover(&db.path, &code, "short").unwrap_err();
    assert!(weak.to_string().contains("密码不符合要求"), "{weak}");
    let (store, admin) = Store::recover(&db.path, &code, "New-Admin-2026").unwrap();
    assert_eq!(admin.username, "admin");
    drop(store);
    let (_, signed) = Store::sign_in(&db.path, "admin", "New-Admin-2026").unwrap();
    assert_eq!(signed.actor.username, "admin");
    assert!(Store::sign_in(&db.path, "admin", DEMO_PASSWORD).is_err());
    // The other users' slots went with the key file: the 管理员 resets them.
    assert!(Store::sign_in(&db.path, "jingban", DEMO_PASSWORD).is_err());
}

#[test]
fn losing_the_key_file_beside_the_database_keeps_every_password() {
    let db = common::demo_db();
    Store::sign_in(&db.path, "admin", DEMO_PASSWORD).unwrap();
    std::fs::remove_file(db.path.with_extension("keys")).unwrap();
    let (_, signed) = Store::sign_in(&db.path, "jingban", DEMO_PASSWORD).unwrap();
    assert_eq!(signed.actor.display_name, "陈晓梅");
    assert!(
        db.path.with_extension("keys").exists(),
        "written again from the copy"
    );
}

#[test]
fn a_password_change_rewraps_one_slot_and_leaves_the_database_as_it_was() {
    let db = common::demo_db();
    let (mut store, signed) = Store::sign_in(&db.path, "jingban", DEMO_PASSWORD).unwrap();
    store.checkpoint().unwrap();
    let before = std::fs::read(&db.path).unwrap();
    let keys_before: serde_json::Value =
        serde_json::from_slice(&std::fs::read(db.path.with_extension("keys")).unwrap()).unwrap();
    store
        .change_password(&signed.actor, DEMO_PASSWORD, "Chen-Xiaomei-2026")
        .unwrap();
    // No page is encrypted again: the file is the same bytes (the change's log row
    // waits in the write-ahead log) ...
    assert_eq!(std::fs::read(&db.path).unwrap(), before);
    // ... and once the log is folded in, only the pages that row touched differ.
    store.checkpoint().unwrap();
    drop(store);
    let after = std::fs::read(&db.path).unwrap();
    let pages = before.len() / 4096;
    let changed = before
        .chunks(4096)
        .zip(after.chunks(4096))
        .filter(|(a, b)| a != b)
        .count();
    assert!(changed * 20 < pages, "{changed} of {pages} pages changed");
    let keys_after: serde_json::Value =
        serde_json::from_slice(&std::fs::read(db.path.with_extension("keys")).unwrap()).unwrap();
    let slot = |keys: &serde_json::Value, user: &str| {
        keys["slots"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["username"] == user)
            .cloned()
            .unwrap()
    };
    assert_ne!(slot(&keys_before, "jingban"), slot(&keys_after, "jingban"));
    assert_eq!(slot(&keys_before, "shenhe"), slot(&keys_after, "shenhe"));
    assert!(Store::sign_in(&db.path, "jingban", DEMO_PASSWORD).is_err());
    assert!(Store::sign_in(&db.path, "jingban", "Chen-Xiaomei-2026").is_ok());
}

#[test]
fn a_disabled_users_password_no_longer_opens_the_file() {
    let db = common::demo_db();
    let (mut store, admin) = Store::sign_in(&db.path, "admin", DEMO_PASSWORD).unwrap();
    store.set_active("shenhe", false, &admin.actor).unwrap();
    drop(store);
    let e = Store::sign_in(&db.path, "shenhe", DEMO_PASSWORD).unwrap_err();
    assert_eq!(e.to_string(), "账号「shenhe」已停用，请联系管理员");
    let keys: serde_json::Value =
        serde_json::from_slice(&std::fs::read(db.path.with_extension("keys")).unwrap()).unwrap();
    let slots = keys["slots"].as_array().unwrap();
    assert!(
        slots.iter().all(|s| s["username"] != "shenhe"),
        "the slot is gone"
    );
    assert!(slots.iter().any(|s| s["username"] == "jingban"));
}

#[test]
fn an_old_plain_database_is_encrypted_in_place_and_works_as_before() {
    let db = common::plain_demo_db();
    assert_eq!(FileKind::of(&db.path).unwrap(), FileKind::Plain);
    let summary = |db: &Path| {
        let out = medfund_as("jingban")
            .args(["summary", "--program", "lixiu", "--year", "2021", "--db"])
            .arg(db)
            .output()
            .unwrap();
        assert_code(&out, 0);
        String::from_utf8(out.stdout).unwrap()
    };
    let before = summary(&db.path);
    // Without a terminal to ask on, the choice for the old backups must be given.
    let out = medfund_as("admin")
        .args(["encrypt", "--db"])
        .arg(&db.path)
        .output()
        .unwrap();
    assert_code(&out, 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--old-backups"));
    assert_eq!(FileKind::of(&db.path).unwrap(), FileKind::Plain);
    // Only the 管理员 encrypts.
    let out = medfund_as("jingban")
        .args(["encrypt", "--old-backups", "encrypt", "--db"])
        .arg(&db.path)
        .output()
        .unwrap();
    assert_code(&out, 2);
    let out = medfund_as("admin")
        .args(["encrypt", "--old-backups", "encrypt", "--db"])
        .arg(&db.path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_code(&out, 0);
    assert!(stdout.contains("恢复密钥（只显示这一次"), "{stdout}");
    assert!(
        stdout.contains(DEMO_RECOVERY_CODE),
        "the demo keeps its code: {stdout}"
    );
    assert!(stdout.contains("1 个未加密的旧备份已加密"), "{stdout}");
    assert_eq!(FileKind::of(&db.path).unwrap(), FileKind::Encrypted);
    unreadable_without_key(&db.path);
    for backup in medfund::store::backup::list_backups(&db.path).unwrap() {
        assert_eq!(
            FileKind::of(&backup).unwrap(),
            FileKind::Encrypted,
            "{}",
            backup.display()
        );
    }
    // Everything as before, with the same passwords.
    assert_eq!(summary(&db.path), before);
    let out = medfund_as("shenji")
        .arg("check")
        .arg("--db")
        .arg(&db.path)
        .output()
        .unwrap();
    assert_code(&out, 0);
    // An encrypted database is not encrypted twice.
    let out = medfund_as("admin")
        .args(["encrypt", "--old-backups", "keep", "--db"])
        .arg(&db.path)
        .output()
        .unwrap();
    assert_code(&out, 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("数据库已经加密"));
}

#[test]
fn medfund_demo_prints_its_users_and_recovery_code() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = medfund().args(["demo", "--db"]).arg(&db).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(stdout.contains("（已加密）"), "{stdout}");
    assert!(
        stdout.contains(&format!("恢复密钥：{DEMO_RECOVERY_CODE}")),
        "{stdout}"
    );
    assert!(stdout.contains("密码均为 demo1234"), "{stdout}");
    unreadable_without_key(&db);
}

#[test]
fn the_recovery_sheet_prints_the_code_and_where_to_sign() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("恢复密钥单.docx");
    let code = "ABCDE-FGHJK-MNPQR-STVWX-YZ012-34567";
    medfund::io::recovery_sheet::write_recovery_sheet(
        &out,
        code,
        Path::new("D:/医保/medfund.db"),
        common::date(2026, 12, 4),
    )
    .unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    for text in [
        code,
        "恢复密钥单",
        "D:/医保/medfund.db",
        "2026年12月04日",
        "保管人（签字）",
    ] {
        assert!(xml.contains(text), "{text}");
    }
}
