//! The password rule and the sign-in lock-out policy: what a chosen password must
//! hold, when repeated failures lock an account, and when a password is too old.

use chrono::{Duration, NaiveDateTime};

/// The fewest characters a password may have.
pub const MIN_CHARS: usize = 8;
/// How many of the four kinds of character a password must mix.
pub const MIN_KINDS: usize = 3;
/// Failed sign-ins in a row that lock an account.
pub const MAX_FAILURES: u32 = 5;
/// How long a lock lasts.
pub const LOCK_MINUTES: i64 = 15;
/// Days a password lasts unless the setting says otherwise.
pub const DEFAULT_EXPIRY_DAYS: u32 = 90;
/// Minutes without input before the window locks unless the setting says otherwise.
pub const DEFAULT_IDLE_MINUTES: u32 = 10;

/// Check a password someone chose against the rule; the message names what is
/// missing.
pub fn check(username: &str, password: &str) -> Result<(), String> {
    let mut missing = Vec::new();
    if password.chars().count() < MIN_CHARS {
        missing.push(format!("至少 {MIN_CHARS} 位"));
    }
    let kinds = [
        ("大写字母", password.chars().any(|c| c.is_ascii_uppercase())),
        ("小写字母", password.chars().any(|c| c.is_ascii_lowercase())),
        ("数字", password.chars().any(|c| c.is_ascii_digit())),
        (
            "符号",
            password
                .chars()
                .any(|c| !c.is_ascii_alphanumeric() && !c.is_whitespace()),
        ),
    ];
    let have = kinds.iter().filter(|(_, has)| *has).count();
    if have < MIN_KINDS {
        let lacking: Vec<&str> = kinds
            .iter()
            .filter(|(_, has)| !has)
            .map(|(name, _)| *name)
            .collect();
        missing.push(format!(
            "大写字母、小写字母、数字、符号中至少含 {MIN_KINDS} 类（还缺少{}中的 {} 类）",
            lacking.join("、"),
            MIN_KINDS - have
        ));
    }
    if !username.trim().is_empty() && password.eq_ignore_ascii_case(username.trim()) {
        missing.push("不能与用户名相同".to_owned());
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("密码不符合要求：{}", missing.join("；")))
    }
}

/// A failed sign-in's effect: the failures counted so far and, once they reach
/// [`MAX_FAILURES`], the time the lock ends (the count then starts again).
pub fn after_failure(failures: u32, now: NaiveDateTime) -> (u32, Option<NaiveDateTime>) {
    let failures = failures + 1;
    if failures >= MAX_FAILURES {
        (0, Some(now + Duration::minutes(LOCK_MINUTES)))
    } else {
        (failures, None)
    }
}

/// Whether a lock ending at `until` still holds at `now`.
pub fn is_locked(until: Option<NaiveDateTime>, now: NaiveDateTime) -> bool {
    until.is_some_and(|u| now < u)
}

/// What a locked account is told.
pub fn locked_message(until: NaiveDateTime) -> String {
    format!(
        "连续 {MAX_FAILURES} 次密码错误，账号已锁定至 {}",
        until.format("%H:%M")
    )
}

/// Whether a password changed at `changed` is too old at `now`; `days` 0 means
/// passwords never expire.
pub fn is_expired(changed: NaiveDateTime, now: NaiveDateTime, days: u32) -> bool {
    days > 0 && now - changed >= Duration::days(i64::from(days))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn the_rule_names_what_is_missing() {
        assert!(check("jingban", "Abcdef12").is_ok());
        assert!(check("jingban", "abcdef1!").is_ok());
        let short = check("jingban", "Ab1!").unwrap_err();
        assert!(short.contains("至少 8 位"), "{short}");
        let two = check("jingban", "abcdefgh12").unwrap_err();
        assert!(two.contains("还缺少大写字母、符号中的 1 类"), "{two}");
        assert!(!two.contains("至少 8 位"), "{two}");
        let one = check("jingban", "abcdefghij").unwrap_err();
        assert!(one.contains("还缺少大写字母、数字、符号中的 2 类"), "{one}");
        let same = check("Admin_01", "admin_01").unwrap_err();
        assert!(same.contains("不能与用户名相同"), "{same}");
        assert!(check("demo", "demo1234").is_err());
    }

    #[test]
    fn five_failures_lock_for_fifteen_minutes() {
        let now = at("2026-03-01 14:20:00");
        let mut failures = 0;
        for _ in 0..4 {
            let (n, until) = after_failure(failures, now);
            assert_eq!(until, None);
            failures = n;
        }
        let (n, until) = after_failure(failures, now);
        assert_eq!(n, 0);
        assert_eq!(until, Some(at("2026-03-01 14:35:00")));
        assert!(is_locked(until, at("2026-03-01 14:34:59")));
        assert!(!is_locked(until, at("2026-03-01 14:35:00")));
        assert_eq!(
            locked_message(at("2026-03-01 14:35:00")),
            "连续 5 次密码错误，账号已锁定至 14:35"
        );
    }

    #[test]
    fn passwords_expire_after_the_set_days_unless_zero() {
        let changed = at("2026-01-01 09:00:00");
        assert!(!is_expired(changed, at("2026-03-31 08:59:59"), 90));
        assert!(is_expired(changed, at("2026-04-01 09:00:00"), 90));
        assert!(!is_expired(changed, at("2030-01-01 09:00:00"), 0));
    }
}
