//! Users, their roles and log-in. Passwords are stored as argon2 hashes (the
//! `argon2` crate, a maintained RustCrypto implementation, rather than our own).

use argon2::password_hash::phc::PasswordHash;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

use super::audit::AuditWriter;
use super::{Actor, Result, Store, StoreError, now_stamp};
use crate::domain::user::{Action, Role};

/// A user as listed in 设置.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub has_password: bool,
}

fn hash(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Invalid(format!("无法保存密码：{e}")))
}

fn check_password(password: &str) -> Result<()> {
    if password.chars().count() < 6 {
        Err(StoreError::Invalid("密码至少 6 位".into()))
    } else {
        Ok(())
    }
}

/// Create a user with a password, inside a transaction.
pub fn create_user_tx(
    tx: &Connection,
    username: &str,
    display_name: &str,
    role: Role,
    password: &str,
    actor: &Actor,
) -> Result<()> {
    actor.require(Action::ManageSettings)?;
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
    tx.execute(
        "INSERT INTO users (username, display_name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![username, display_name.trim(), role.code(), hash(password)?, now_stamp()],
    )?;
    let id = tx.last_insert_rowid();
    AuditWriter::new(tx, actor)?.log(
        "user",
        Some(id),
        "insert",
        None,
        Some(json!({"username": username, "display_name": display_name.trim(), "role": role.label()}).to_string()),
    )
}

/// Set a user's password, inside a transaction. A user may set their own; the
/// administrator may set anyone's, including the first time on a new database.
pub fn set_password_tx(
    tx: &Connection,
    username: &str,
    password: &str,
    actor: &Actor,
) -> Result<()> {
    if actor.username != username {
        actor.require(Action::ManageSettings)?;
    }
    check_password(password)?;
    let id: i64 = tx
        .query_row(
            "SELECT id FROM users WHERE username = ?1",
            [username],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("用户「{username}」")))?;
    tx.execute(
        "UPDATE users SET password_hash = ?2 WHERE id = ?1",
        params![id, hash(password)?],
    )?;
    AuditWriter::new(tx, actor)?.log(
        "user",
        Some(id),
        "password",
        None,
        Some(json!({"username": username, "password": "（已更改）"}).to_string()),
    )
}

impl Store {
    /// Every user except the system one.
    pub fn users(&self) -> Result<Vec<User>> {
        let mut stmt = self.conn().prepare(
            "SELECT username, display_name, role, password_hash IS NOT NULL FROM users
             WHERE role <> 'system' AND active = 1 ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, bool>(3)?,
            ))
        })?;
        rows.map(|r| {
            let (username, display_name, role, has_password) = r?;
            let role = Role::from_code(&role)
                .ok_or_else(|| StoreError::Corrupt(format!("角色 {role}")))?;
            Ok(User {
                username,
                display_name,
                role,
                has_password,
            })
        })
        .collect()
    }

    /// Whether anyone can log in yet; a new database first asks for the
    /// administrator's password.
    pub fn needs_first_password(&self) -> Result<bool> {
        Ok(!self.users()?.iter().any(|u| u.has_password))
    }

    /// Check a user name and password; the same message for either mistake.
    pub fn login(&self, username: &str, password: &str) -> Result<Actor> {
        let row: Option<(String, String, Option<String>)> = self
            .conn()
            .query_row(
                "SELECT display_name, role, password_hash FROM users
                 WHERE username = ?1 AND active = 1 AND role <> 'system'",
                [username.trim()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((display_name, role, Some(stored))) = row else {
            return Err(StoreError::BadLogin);
        };
        let parsed =
            PasswordHash::new(&stored).map_err(|_| StoreError::Corrupt("密码记录".into()))?;
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .map_err(|_| StoreError::BadLogin)?;
        Ok(Actor {
            username: username.trim().to_owned(),
            display_name,
            role: Role::from_code(&role)
                .ok_or_else(|| StoreError::Corrupt(format!("角色 {role}")))?,
        })
    }

    /// Create a user with a password.
    pub fn create_user(
        &mut self,
        username: &str,
        display_name: &str,
        role: Role,
        password: &str,
        actor: &Actor,
    ) -> Result<()> {
        self.write(|tx| create_user_tx(tx, username, display_name, role, password, actor))
    }

    /// Set the administrator's password on a new database (nobody is logged in yet).
    pub fn set_first_admin_password(&mut self, password: &str) -> Result<Actor> {
        if !self.needs_first_password()? {
            return Err(StoreError::Invalid("管理员密码已设置，请登录".into()));
        }
        self.write(|tx| set_password_tx(tx, "admin", password, &Actor::admin()))?;
        Ok(Actor::admin())
    }
}
