//! A user's roles, kept one row each in `user_roles`: reading them, writing them,
//! and 用户管理's change of roles (audited with the old and new labels).

use rusqlite::{Connection, params};
use serde_json::json;

use super::{Actor, Result, Store, StoreError, refuse_self, user_id};
use crate::domain::user::{Role, Roles};
use crate::store::audit::AuditWriter;

/// Refuse a user without any role.
pub(super) fn require_one(roles: Roles) -> Result<()> {
    if roles.is_empty() {
        Err(StoreError::Invalid("请至少选择一个角色".into()))
    } else {
        Ok(())
    }
}

/// The roles from their codes joined by commas (`group_concat`).
pub(super) fn parse(codes: Option<String>) -> Result<Roles> {
    codes
        .unwrap_or_default()
        .split(',')
        .filter(|c| !c.is_empty())
        .map(|c| Role::from_code(c).ok_or_else(|| StoreError::Corrupt(format!("角色 {c}"))))
        .collect()
}

/// [`parse`] inside a row's mapping.
pub(super) fn parse_row(codes: Option<String>) -> rusqlite::Result<Roles> {
    parse(codes).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(
            2,
            rusqlite::types::Type::Text,
            Box::new(std::io::Error::other(e.to_string())),
        )
    })
}

/// Replace the roles of user `id` with `roles`.
pub(super) fn write_tx(tx: &Connection, id: i64, roles: Roles) -> Result<()> {
    tx.execute("DELETE FROM user_roles WHERE user_id = ?1", [id])?;
    for code in roles.codes() {
        tx.execute(
            "INSERT INTO user_roles (user_id, role) VALUES (?1, ?2)",
            params![id, code],
        )?;
    }
    Ok(())
}

impl Store {
    /// 用户管理: give a user another set of roles (at least one).
    pub fn set_roles(&mut self, username: &str, roles: Roles, actor: &Actor) -> Result<()> {
        refuse_self(username, actor, "修改")?;
        require_one(roles)?;
        let old = self.user(username)?.roles;
        self.write(|tx| {
            let id = user_id(tx, username)?;
            write_tx(tx, id, roles)?;
            AuditWriter::new(tx, actor)?.log(
                "user",
                Some(id),
                "roles",
                Some(json!({"username": username, "roles": old.label()}).to_string()),
                Some(json!({"username": username, "roles": roles.label()}).to_string()),
            )
        })
    }
}
