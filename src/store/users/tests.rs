//! Tests of sign-in, lock-out, passwords and 用户管理.

use chrono::{Duration, NaiveDateTime};

use super::*;
use crate::domain::user::Role;

const ADMIN_PASSWORD: &str = "Admin-2026";

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, STAMP).unwrap()
}

/// A new database whose admin has signed in, with one 经办人 `jingban` holding
/// the returned temporary password.
fn store_with_clerk() -> (tempfile::TempDir, Store, Actor, String) {
    let dir = tempfile::tempdir().unwrap();
    let code = crate::demo::demo_recovery_code().unwrap();
    let mut store = Store::create(&dir.path().join("u.db"), &code, false).unwrap();
    let admin = store.set_first_admin_password(ADMIN_PASSWORD).unwrap();
    let temporary = store
        .add_user("jingban", "张经办", Role::Clerk, &admin)
        .unwrap();
    (dir, store, admin, temporary)
}

fn audit_actions(store: &Store) -> Vec<String> {
    let mut stmt = store
        .conn()
        .prepare("SELECT action FROM audit_log WHERE entity = 'user' ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

#[test]
fn five_failures_lock_the_account_for_fifteen_minutes() {
    let (_dir, mut store, admin, temporary) = store_with_clerk();
    let now = at("2026-03-01 14:20:00");
    for _ in 0..4 {
        let e = store.login_at("jingban", "wrong", now).unwrap_err();
        assert_eq!(e.to_string(), "用户名或密码不正确");
    }
    let e = store.login_at("jingban", "wrong", now).unwrap_err();
    assert_eq!(e.to_string(), "连续 5 次密码错误，账号已锁定至 14:35");
    // Locked: even the right password is refused until then.
    let e = store
        .login_at("jingban", &temporary, at("2026-03-01 14:34:00"))
        .unwrap_err();
    assert_eq!(e.to_string(), "连续 5 次密码错误，账号已锁定至 14:35");
    let signed = store
        .login_at("jingban", &temporary, at("2026-03-01 14:35:00"))
        .unwrap();
    assert_eq!(signed.actor.roles, Role::Clerk.into());
    assert_eq!(signed.change, Some(PasswordChange::Temporary));
    // The administrator unlocks a lock before it ends.
    for _ in 0..5 {
        let _ = store.login_at("jingban", "wrong", now);
    }
    assert!(store.login_at("jingban", &temporary, now).is_err());
    store.unlock("jingban", &admin).unwrap();
    assert!(store.login_at("jingban", &temporary, now).is_ok());
    let actions = audit_actions(&store);
    for action in ["login_failed", "lock", "login_locked", "unlock", "login"] {
        assert!(actions.iter().any(|a| a == action), "{action}: {actions:?}");
    }
}

#[test]
fn an_unknown_user_gets_the_wrong_password_message() {
    let (_dir, store, _admin, _) = store_with_clerk();
    let now = at("2026-03-01 09:00:00");
    let unknown = store.login_at("nobody", "whatever", now).unwrap_err();
    let wrong = store.login_at("jingban", "whatever", now).unwrap_err();
    assert_eq!(unknown.to_string(), wrong.to_string());
    assert!(audit_actions(&store).iter().any(|a| a == "login_failed"));
}

#[test]
fn a_disabled_user_is_refused_and_re_enabled() {
    let (_dir, mut store, admin, temporary) = store_with_clerk();
    let now = at("2026-03-01 09:00:00");
    store.set_active("jingban", false, &admin).unwrap();
    let e = store.login_at("jingban", &temporary, now).unwrap_err();
    assert_eq!(e.to_string(), "账号「jingban」已停用，请联系管理员");
    assert!(!store.user("jingban").unwrap().active);
    store.set_active("jingban", true, &admin).unwrap();
    // Disabling removed the key slot: the old password no longer opens the
    // database, and a reset gives the user a new one.
    assert_eq!(
        store
            .login_at("jingban", &temporary, now)
            .unwrap_err()
            .to_string(),
        "用户名或密码不正确"
    );
    assert!(
        !store
            .users()
            .unwrap()
            .iter()
            .any(|u| u.username == "jingban" && u.has_password)
    );
    let reset = store.reset_password("jingban", &admin).unwrap();
    assert!(store.login_at("jingban", &reset, now).is_ok());
    assert!(store.set_active("admin", false, &admin).is_err());
}

#[test]
fn a_temporary_password_is_changed_under_the_rule() {
    let (_dir, mut store, admin, temporary) = store_with_clerk();
    let now = chrono::Local::now().naive_local();
    assert!(password::check("jingban", &temporary).is_ok());
    let clerk = store.login_at("jingban", &temporary, now).unwrap().actor;
    let weak = store
        .change_password(&clerk, &temporary, "abcdefgh")
        .unwrap_err();
    assert!(weak.to_string().contains("还缺少"), "{weak}");
    let wrong = store
        .change_password(&clerk, "nope", "Better-2026")
        .unwrap_err();
    assert_eq!(wrong.to_string(), "当前密码不正确");
    store
        .change_password(&clerk, &temporary, "Better-2026")
        .unwrap();
    let signed = store.login_at("jingban", "Better-2026", now).unwrap();
    assert_eq!(signed.change, None);
    // A reset gives a new temporary password, to be changed again.
    let reset = store.reset_password("jingban", &admin).unwrap();
    let signed = store.login_at("jingban", &reset, now).unwrap();
    assert_eq!(signed.change, Some(PasswordChange::Temporary));
    // Only the administrator manages users.
    assert!(store.add_user("x", "某", Role::Clerk, &clerk).is_err());
    assert!(
        store
            .set_roles("admin", Role::Clerk.into(), &clerk)
            .is_err()
    );
    store
        .set_roles("jingban", Role::Auditor.into(), &admin)
        .unwrap();
    assert_eq!(store.user("jingban").unwrap().roles, Role::Auditor.into());
}

#[test]
fn an_old_password_must_be_changed_unless_expiry_is_off() {
    let (_dir, mut store, admin, _) = store_with_clerk();
    let later = chrono::Local::now().naive_local() + Duration::days(91);
    let signed = store.login_at("admin", ADMIN_PASSWORD, later).unwrap();
    assert_eq!(signed.change, Some(PasswordChange::Expired));
    store.set_security_settings(0, 10, &admin).unwrap();
    let signed = store.login_at("admin", ADMIN_PASSWORD, later).unwrap();
    assert_eq!(signed.change, None);
    assert_eq!(store.idle_minutes().unwrap(), 10);
}
