//! Users, their roles and sign-in. Passwords are stored as argon2id hashes (the
//! `argon2` crate, a maintained RustCrypto implementation, rather than our own).
//! 用户管理 (add, change the roles, disable, reset, unlock) is the administrator's;
//! each change is one transaction with its audit row. Sign-ins, failures, locks and
//! sign-outs are audited too.

use std::sync::OnceLock;

use argon2::password_hash::phc::PasswordHash;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

use super::audit::AuditWriter;
use super::{Actor, Result, Store, StoreError, now_stamp};
use crate::domain::password;
use crate::domain::user::{Action, Roles};

mod roles;
mod security;
mod slots;
#[cfg(test)]
mod tests;

pub use security::{SETTING_IDLE_MINUTES, SETTING_PASSWORD_DAYS};

const STAMP: &str = "%Y-%m-%d %H:%M:%S";

/// A user as listed in 用户管理.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub username: String,
    pub display_name: String,
    /// One or more roles.
    pub roles: Roles,
    pub has_password: bool,
    /// A disabled user cannot sign in; their name stays on what they did.
    pub active: bool,
    /// Until when repeated failures lock the account, if they do now.
    pub locked_until: Option<String>,
    /// The password is a temporary one, to be changed at the next sign-in.
    pub must_change: bool,
}

/// Why a user must choose a new password before anything else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordChange {
    /// A new user's or a reset password.
    Temporary,
    /// Older than the days the setting allows.
    Expired,
}

/// A successful sign-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignIn {
    pub actor: Actor,
    /// Set when the password must be changed first.
    pub change: Option<PasswordChange>,
}

/// What the audit log records about a session besides the sign-in itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionEvent {
    Logout,
    /// The window locked itself after the idle minutes.
    IdleLock,
    /// The same user unlocked the idle window.
    Resume,
}

impl SessionEvent {
    fn code(self) -> &'static str {
        match self {
            SessionEvent::Logout => "logout",
            SessionEvent::IdleLock => "idle_lock",
            SessionEvent::Resume => "resume",
        }
    }
}

fn hash(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Invalid(format!("无法保存密码：{e}")))
}

/// Whether `password` matches the stored hash.
fn verify(stored: &str, password: &str) -> Result<bool> {
    let parsed = PasswordHash::new(stored).map_err(|_| StoreError::Corrupt("密码记录".into()))?;
    Ok(Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok())
}

/// A hash no password is checked against except to make an unknown user name
/// cost the same time as a wrong password.
fn dummy_hash() -> Result<&'static str> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    if let Some(h) = DUMMY.get() {
        return Ok(h);
    }
    let h = hash("medfund-unknown-user")?;
    Ok(DUMMY.get_or_init(|| h))
}

fn check_password(password: &str) -> Result<()> {
    if password.chars().count() < 6 {
        Err(StoreError::Invalid("密码至少 6 位".into()))
    } else {
        Ok(())
    }
}

/// A new temporary password: ten characters mixing upper and lower case and
/// digits, without the ones easily confused (0/O, 1/l/I), drawn from the operating
/// system's random numbers (it guards a key slot until its first use).
fn temporary_password() -> Result<String> {
    const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    const LOWER: &[u8] = b"abcdefghijkmnpqrstuvwxyz";
    const DIGITS: &[u8] = b"23456789";
    let mut random = [0u8; 128];
    getrandom::fill(&mut random)
        .map_err(|e| StoreError::Invalid(format!("无法取得系统随机数：{e}")))?;
    let mut bytes = random.iter().copied();
    // A uniform index below `n` (n ≤ 256), by rejection sampling.
    let mut below = |n: usize| -> Result<usize> {
        let limit = 256 - 256 % n;
        bytes
            .by_ref()
            .map(usize::from)
            .find(|b| *b < limit)
            .map(|b| b % n)
            .ok_or_else(|| StoreError::Invalid("无法生成临时密码，请重试".into()))
    };
    let all = [UPPER, LOWER, DIGITS].concat();
    let mut chars = Vec::with_capacity(10);
    for set in [UPPER, LOWER, DIGITS]
        .into_iter()
        .chain(std::iter::repeat_n(all.as_slice(), 7))
    {
        chars.push(char::from(set[below(set.len())?]));
    }
    // Fisher–Yates, so that the three required kinds are not always first.
    for i in (1..chars.len()).rev() {
        chars.swap(i, below(i + 1)?);
    }
    Ok(chars.into_iter().collect())
}

fn user_id(tx: &Connection, username: &str) -> Result<i64> {
    tx.query_row(
        "SELECT id FROM users WHERE username = ?1 AND username <> 'system'",
        [username],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("用户「{username}」")))
}

/// Create a user with a password, inside a transaction. The password is kept as
/// given, without a forced change: the demo's and the tests' users. 用户管理
/// adds users with a temporary password through [`Store::add_user`].
pub fn create_user_tx(
    tx: &Connection,
    username: &str,
    display_name: &str,
    roles: Roles,
    password: &str,
    actor: &Actor,
) -> Result<()> {
    actor.require(Action::ManageSettings)?;
    roles::require_one(roles)?;
    let username = username.trim();
    if username.is_empty()
        || !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(StoreError::Invalid(format!(
            "用户名「{username}」只能由英文字母、数字或 _ 组成"
        )));
    }
    if display_name.trim().is_empty() {
        return Err(StoreError::Invalid("请填写姓名".into()));
    }
    check_password(password)?;
    let exists: Option<i64> = tx
        .query_row(
            "SELECT id FROM users WHERE username = ?1",
            [username],
            |r| r.get(0),
        )
        .optional()?;
    if exists.is_some() {
        return Err(StoreError::Invalid(format!("用户名「{username}」已存在")));
    }
    let now = now_stamp();
    tx.execute(
        "INSERT INTO users (username, display_name, password_hash, created_at, password_changed_at)
         VALUES (?1, ?2, ?3, ?4, ?4)",
        params![username, display_name.trim(), hash(password)?, now],
    )?;
    let id = tx.last_insert_rowid();
    roles::write_tx(tx, id, roles)?;
    AuditWriter::new(tx, actor)?.log(
        "user",
        Some(id),
        "insert",
        None,
        Some(json!({"username": username, "display_name": display_name.trim(), "roles": roles.label()}).to_string()),
    )
}

/// Set a user's password, inside a transaction. A user may set their own; the
/// administrator may set anyone's, including the first time on a new database.
/// `temporary` marks it to be changed at the next sign-in.
fn store_password_tx(
    tx: &Connection,
    username: &str,
    password: &str,
    temporary: bool,
    actor: &Actor,
) -> Result<()> {
    if actor.username != username {
        actor.require(Action::ManageSettings)?;
    }
    check_password(password)?;
    let id = user_id(tx, username)?;
    tx.execute(
        "UPDATE users SET password_hash = ?2, must_change_password = ?3,
                password_changed_at = ?4, failed_logins = 0, locked_until = NULL
         WHERE id = ?1",
        params![id, hash(password)?, temporary, now_stamp()],
    )?;
    let action = if temporary {
        "password_reset"
    } else {
        "password"
    };
    AuditWriter::new(tx, actor)?.log(
        "user",
        Some(id),
        action,
        None,
        Some(json!({"username": username, "password": "（已更改）"}).to_string()),
    )
}

/// Set a user's password as given, inside a transaction (the demo's users).
pub fn set_password_tx(
    tx: &Connection,
    username: &str,
    password: &str,
    actor: &Actor,
) -> Result<()> {
    store_password_tx(tx, username, password, false, actor)
}

/// One column of a user changed by the administrator, audited with its old and
/// new value.
fn update_user_tx(
    tx: &Connection,
    username: &str,
    column: &str,
    old: &str,
    new: &str,
    actor: &Actor,
) -> Result<()> {
    let id = user_id(tx, username)?;
    // `column` is one of this module's literals, never typed text.
    tx.execute(
        &format!("UPDATE users SET {column} = ?2 WHERE id = ?1"),
        params![id, new],
    )?;
    AuditWriter::new(tx, actor)?.log(
        "user",
        Some(id),
        column,
        Some(json!({"username": username, column: old}).to_string()),
        Some(json!({"username": username, column: new}).to_string()),
    )
}

/// The administrator may not take away their own access by mistake.
fn refuse_self(username: &str, actor: &Actor, what: &str) -> Result<()> {
    actor.require(Action::ManageSettings)?;
    if actor.username == username {
        Err(StoreError::Invalid(format!("不能{what}自己的账号")))
    } else {
        Ok(())
    }
}

fn parse_stamp(text: Option<String>) -> Option<NaiveDateTime> {
    text.and_then(|t| NaiveDateTime::parse_from_str(&t, STAMP).ok())
}

/// A user's row as sign-in reads it.
struct Account {
    id: i64,
    display_name: String,
    roles: Roles,
    password_hash: Option<String>,
    active: bool,
    failed_logins: u32,
    locked_until: Option<NaiveDateTime>,
    must_change: bool,
    changed_at: Option<NaiveDateTime>,
}

impl Account {
    fn actor(&self, username: &str) -> Result<Actor> {
        Ok(Actor {
            username: username.to_owned(),
            display_name: self.display_name.clone(),
            roles: self.roles,
        })
    }
}

impl Store {
    /// Every user except the system one, the disabled ones included.
    pub fn users(&self) -> Result<Vec<User>> {
        let mut stmt = self.conn().prepare(
            "SELECT username, display_name, (SELECT group_concat(role) FROM user_roles WHERE user_id = users.id),
                    password_hash IS NOT NULL, active, locked_until, must_change_password
             FROM users WHERE username <> 'system' ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                (r.get::<_, String>(0)?, r.get::<_, String>(1)?),
                r.get::<_, Option<String>>(2)?,
                (r.get::<_, bool>(3)?, r.get::<_, bool>(4)?),
                r.get::<_, Option<String>>(5)?,
                r.get::<_, bool>(6)?,
            ))
        })?;
        let now = chrono::Local::now().naive_local();
        let keys = self.key_file()?;
        rows.map(|r| {
            let ((username, display_name), roles, (has_password, active), locked, must_change) = r?;
            let roles = roles::parse(roles)?;
            let (has_password, locked_until) = match &keys {
                // An encrypted database: the slot is the password, the key file
                // counts the failures.
                Some(keys) => (
                    keys.slot(&username).is_some(),
                    keys.locked_until(&username, now)
                        .map(|u| u.format(STAMP).to_string()),
                ),
                None => (
                    has_password,
                    locked.filter(|t| password::is_locked(parse_stamp(Some(t.clone())), now)),
                ),
            };
            Ok(User {
                username,
                display_name,
                roles,
                has_password,
                active,
                locked_until,
                must_change,
            })
        })
        .collect()
    }

    /// Whether anyone can log in yet; a new database first asks for the
    /// administrator's password.
    pub fn needs_first_password(&self) -> Result<bool> {
        Ok(!self.users()?.iter().any(|u| u.has_password))
    }

    /// [`Store::login_at`] the current time: the window and the command line sign in
    /// through it, and both ask what [`SignIn::change`] says first.
    pub fn login(&self, username: &str, password: &str) -> Result<SignIn> {
        self.login_at(username, password, chrono::Local::now().naive_local())
    }

    /// Check a user name and password at `now`: five failures in a row lock the
    /// account for fifteen minutes, an unknown name costs the same time and gets
    /// the same message as a wrong password, and each outcome is audited.
    pub fn login_at(&self, username: &str, password: &str, now: NaiveDateTime) -> Result<SignIn> {
        let username = username.trim();
        if self.is_encrypted() {
            return self.login_with_slot(username, password, now);
        }
        let account = self.account(username)?;
        let tx = self.conn().unchecked_transaction()?;
        let Some((account, stored)) = account.and_then(|a| a.password_hash.clone().map(|h| (a, h)))
        else {
            verify(dummy_hash()?, password)?;
            AuditWriter::new(&tx, &Actor::system())?.log(
                "user",
                None,
                "login_failed",
                None,
                Some(json!({"username": username, "reason": "未知用户名"}).to_string()),
            )?;
            self.commit(tx)?;
            return Err(StoreError::BadLogin);
        };
        let actor = account.actor(username)?;
        let mut audit = AuditWriter::new(&tx, &actor)?;
        if let Some(until) = account
            .locked_until
            .filter(|u| password::is_locked(Some(*u), now))
        {
            audit.log("user", Some(account.id), "login_locked", None, None)?;
            self.commit(tx)?;
            return Err(StoreError::Locked(password::locked_message(until)));
        }
        if !verify(&stored, password)? {
            let (failures, until) = password::after_failure(account.failed_logins, now);
            tx.execute(
                "UPDATE users SET failed_logins = ?2, locked_until = ?3 WHERE id = ?1",
                params![
                    account.id,
                    failures,
                    until.map(|u| u.format(STAMP).to_string())
                ],
            )?;
            audit.log("user", Some(account.id), "login_failed", None, None)?;
            if let Some(until) = until {
                let until_text = until.format(STAMP).to_string();
                audit.log(
                    "user",
                    Some(account.id),
                    "lock",
                    None,
                    Some(json!({"locked_until": until_text}).to_string()),
                )?;
            }
            self.commit(tx)?;
            return Err(until.map_or(StoreError::BadLogin, |u| {
                StoreError::Locked(password::locked_message(u))
            }));
        }
        drop(audit);
        self.commit(tx)?;
        self.finish_sign_in(username, now)
    }

    /// The password was right: refuse a disabled user, else log the sign-in and
    /// say whether the password must be changed first.
    fn finish_sign_in(&self, username: &str, now: NaiveDateTime) -> Result<SignIn> {
        let account = self
            .account(username)?
            .ok_or_else(|| StoreError::NotFound(format!("用户「{username}」")))?;
        let actor = account.actor(username)?;
        let tx = self.conn().unchecked_transaction()?;
        let mut audit = AuditWriter::new(&tx, &actor)?;
        if !account.active {
            audit.log("user", Some(account.id), "login_disabled", None, None)?;
            self.commit(tx)?;
            return Err(StoreError::Disabled(username.to_owned()));
        }
        tx.execute(
            "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?1",
            [account.id],
        )?;
        audit.log("user", Some(account.id), "login", None, None)?;
        self.commit(tx)?;
        let days = self.password_days()?;
        // The demo's users keep demo1234 however old the demo is.
        let expired = !self.is_demo()?
            && account
                .changed_at
                .is_some_and(|c| password::is_expired(c, now, days));
        let change = if account.must_change {
            Some(PasswordChange::Temporary)
        } else if expired {
            Some(PasswordChange::Expired)
        } else {
            None
        };
        Ok(SignIn { actor, change })
    }

    fn account(&self, username: &str) -> Result<Option<Account>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id, display_name, (SELECT group_concat(role) FROM user_roles WHERE user_id = users.id),
                        password_hash, active, failed_logins,
                        locked_until, must_change_password, password_changed_at
                 FROM users WHERE username = ?1 AND username <> 'system'",
                [username],
                |r| {
                    Ok(Account {
                        id: r.get(0)?,
                        display_name: r.get(1)?,
                        roles: roles::parse_row(r.get(2)?)?,
                        password_hash: r.get(3)?,
                        active: r.get(4)?,
                        failed_logins: r.get(5)?,
                        locked_until: parse_stamp(r.get(6)?),
                        must_change: r.get(7)?,
                        changed_at: parse_stamp(r.get(8)?),
                    })
                },
            )
            .optional()?)
    }

    /// Write a sign-out, an idle lock or a resume to the audit log.
    pub fn log_session(&mut self, actor: &Actor, event: SessionEvent) -> Result<()> {
        self.write(|tx| {
            let id = user_id(tx, &actor.username)?;
            AuditWriter::new(tx, actor)?.log("user", Some(id), event.code(), None, None)
        })
    }

    /// Create a user with a password (the demo's and the tests' users).
    pub fn create_user(
        &mut self,
        username: &str,
        display_name: &str,
        roles: impl Into<Roles>,
        password: &str,
        actor: &Actor,
    ) -> Result<()> {
        let roles = roles.into();
        self.write(|tx| create_user_tx(tx, username, display_name, roles, password, actor))?;
        self.put_slot(username.trim(), password)
    }

    /// Set a user's password as given, without the rule or a forced change (the
    /// demo's and the tests' users): the hash and, on an encrypted file, the slot.
    pub fn set_password(&mut self, username: &str, password: &str, actor: &Actor) -> Result<()> {
        self.write(|tx| set_password_tx(tx, username, password, actor))?;
        self.put_slot(username, password)
    }

    /// 用户管理: add a user with one or more roles and a temporary password,
    /// returned to be shown once.
    pub fn add_user(
        &mut self,
        username: &str,
        display_name: &str,
        roles: impl Into<Roles>,
        actor: &Actor,
    ) -> Result<String> {
        let temporary = temporary_password()?;
        let roles = roles.into();
        self.write(|tx| {
            create_user_tx(tx, username, display_name, roles, &temporary, actor)?;
            tx.execute(
                "UPDATE users SET must_change_password = 1 WHERE username = ?1",
                [username.trim()],
            )?;
            Ok(())
        })?;
        self.put_slot(username.trim(), &temporary)?;
        Ok(temporary)
    }

    /// 用户管理: disable or re-enable a user.
    pub fn set_active(&mut self, username: &str, active: bool, actor: &Actor) -> Result<()> {
        refuse_self(username, actor, "停用")?;
        let old = self.user(username)?.active;
        let code = |a: bool| if a { "1" } else { "0" };
        self.write(|tx| update_user_tx(tx, username, "active", code(old), code(active), actor))?;
        // A disabled user's password no longer opens the file; on enabling them
        // again the administrator resets it (用户管理 says so).
        if active {
            self.undisable_slot(username)
        } else {
            self.drop_slot(username)
        }
    }

    /// 用户管理: unlock an account locked by failed sign-ins.
    pub fn unlock(&mut self, username: &str, actor: &Actor) -> Result<()> {
        actor.require(Action::ManageSettings)?;
        self.write(|tx| {
            let id = user_id(tx, username)?;
            tx.execute(
                "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?1",
                [id],
            )?;
            AuditWriter::new(tx, actor)?.log(
                "user",
                Some(id),
                "unlock",
                None,
                Some(json!({"username": username}).to_string()),
            )
        })?;
        self.clear_slot_failures(username)
    }

    /// 用户管理: reset a user's password to a temporary one, returned to be shown
    /// once; it also lifts a lock.
    pub fn reset_password(&mut self, username: &str, actor: &Actor) -> Result<String> {
        refuse_self(username, actor, "重置")?;
        let temporary = temporary_password()?;
        self.write(|tx| store_password_tx(tx, username, &temporary, true, actor))?;
        self.put_slot(username, &temporary)?;
        Ok(temporary)
    }

    /// 修改密码: a user replaces their own password, giving the current one; the
    /// new one must follow the rule and differ from the current.
    pub fn change_password(&mut self, actor: &Actor, current: &str, new: &str) -> Result<()> {
        let right = match self.slot_opens(&actor.username, current)? {
            Some(opens) => opens,
            None => {
                let stored = self
                    .account(&actor.username)?
                    .and_then(|a| a.password_hash)
                    .ok_or_else(|| StoreError::NotFound(format!("用户「{}」", actor.username)))?;
                verify(&stored, current)?
            }
        };
        if !right {
            return Err(StoreError::Invalid("当前密码不正确".into()));
        }
        if current == new {
            return Err(StoreError::Invalid("新密码不能与当前密码相同".into()));
        }
        password::check(&actor.username, new).map_err(StoreError::Invalid)?;
        self.write(|tx| store_password_tx(tx, &actor.username, new, false, actor))?;
        self.put_slot(&actor.username, new)
    }

    /// Whether `password` is `username`'s stored one (a plain database's hash).
    pub(crate) fn password_is(&self, username: &str, password: &str) -> Result<bool> {
        match self.account(username)?.and_then(|a| a.password_hash) {
            Some(stored) => verify(&stored, password),
            None => Ok(false),
        }
    }

    /// The active users who have a password, by name.
    pub(crate) fn users_with_passwords(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare(
            "SELECT username FROM users
             WHERE username <> 'system' AND active = 1 AND password_hash IS NOT NULL ORDER BY id",
        )?;
        let names = stmt.query_map([], |r| r.get(0))?;
        Ok(names.collect::<rusqlite::Result<Vec<String>>>()?)
    }

    fn user(&self, username: &str) -> Result<User> {
        self.users()?
            .into_iter()
            .find(|u| u.username == username)
            .ok_or_else(|| StoreError::NotFound(format!("用户「{username}」")))
    }

    /// Set the administrator's password on a new database (nobody is logged in
    /// yet); it must follow the rule.
    pub fn set_first_admin_password(&mut self, new: &str) -> Result<Actor> {
        if !self.needs_first_password()? {
            return Err(StoreError::Invalid("管理员密码已设置，请登录".into()));
        }
        password::check("admin", new).map_err(StoreError::Invalid)?;
        self.write(|tx| set_password_tx(tx, "admin", new, &Actor::admin()))?;
        self.put_slot("admin", new)?;
        Ok(Actor::admin())
    }
}
