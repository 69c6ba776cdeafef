//! The append-only audit log. Every insert, update and status change writes a row:
//! who, when, entity, old value, new value. Each row carries a SHA-256 hash over its
//! content and the previous row's hash, so a row edited, or deleted from the middle,
//! breaks the chain; a trigger keeps the newest row's id and hash in `audit_head`, so
//! rows removed from the end show too. This module offers no way to edit or delete a
//! row.

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::{Actor, Result, now_stamp};

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit row as read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub action: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

fn row_hash(prev: &str, e: &AuditEntry) -> String {
    let mut h = Sha256::new();
    for part in [
        prev,
        &e.at,
        &e.actor,
        &e.entity,
        &e.entity_id.map(|i| i.to_string()).unwrap_or_default(),
        &e.action,
        e.old_value.as_deref().unwrap_or("\u{0}"),
        e.new_value.as_deref().unwrap_or("\u{0}"),
    ] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    format!("{:x}", h.finalize())
}

/// Appends rows inside one transaction, keeping the hash chain in memory.
pub struct AuditWriter<'c> {
    conn: &'c Connection,
    actor: String,
    at: String,
    prev: String,
}

impl<'c> AuditWriter<'c> {
    /// Start appending on `conn` (normally an open transaction) as `actor`.
    pub fn new(conn: &'c Connection, actor: &Actor) -> Result<Self> {
        let prev: Option<String> = conn
            .query_row(
                "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(Self {
            conn,
            actor: actor.username.clone(),
            at: now_stamp(),
            prev: prev.unwrap_or_else(|| GENESIS.to_owned()),
        })
    }

    /// The username written to every row.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// Append one row. `old` and `new` are JSON texts, `None` where there is none.
    pub fn log(
        &mut self,
        entity: &str,
        entity_id: Option<i64>,
        action: &str,
        old: Option<String>,
        new: Option<String>,
    ) -> Result<()> {
        let entry = AuditEntry {
            id: 0,
            at: self.at.clone(),
            actor: self.actor.clone(),
            entity: entity.to_owned(),
            entity_id,
            action: action.to_owned(),
            old_value: old,
            new_value: new,
        };
        let hash = row_hash(&self.prev, &entry);
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO audit_log (at, actor, entity, entity_id, action, old_value, new_value, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        stmt.execute(params![
            entry.at,
            entry.actor,
            entry.entity,
            entry.entity_id,
            entry.action,
            entry.old_value,
            entry.new_value,
            self.prev,
            hash
        ])?;
        self.prev = hash;
        Ok(())
    }
}

/// The newest rows for one entity, newest first.
pub fn entries_for(conn: &Connection, entity: &str, entity_id: i64) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, entity, entity_id, action, old_value, new_value
         FROM audit_log WHERE entity = ?1 AND entity_id = ?2 ORDER BY id DESC",
    )?;
    let rows = stmt.query_map(params![entity, entity_id], read_entry)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An entry from the first eight columns of a row: id, at, actor, entity,
/// entity_id, action, old_value, new_value.
pub(super) fn read_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        entity: r.get(3)?,
        entity_id: r.get(4)?,
        action: r.get(5)?,
        old_value: r.get(6)?,
        new_value: r.get(7)?,
    })
}

/// Walk the whole chain; each problem is described in Chinese.
pub fn verify_chain(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, entity, entity_id, action, old_value, new_value, prev_hash, hash
         FROM audit_log ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut problems = Vec::new();
    let mut prev = GENESIS.to_owned();
    let mut last_id = 0_i64;
    while let Some(r) = rows.next()? {
        let e = read_entry(r)?;
        let stored_prev: String = r.get(8)?;
        let stored_hash: String = r.get(9)?;
        if e.id != last_id + 1 || stored_prev != prev {
            problems.push(format!(
                "审计日志第 {} 条之前有记录被删除或篡改（哈希链断开）",
                e.id
            ));
        }
        if row_hash(&stored_prev, &e) != stored_hash {
            problems.push(format!("审计日志第 {} 条的内容被改动过（哈希不符）", e.id));
        }
        prev = stored_hash;
        last_id = e.id;
    }
    Ok(problems)
}

/// The number of rows in the log.
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?)
}

impl super::Store {
    /// The log rows for one record, newest first (for the detail view).
    pub fn audit_entries(&self, entity: &str, entity_id: i64) -> Result<Vec<AuditEntry>> {
        entries_for(self.conn(), entity, entity_id)
    }

    /// Problems found in the audit log's hash chain; empty when intact.
    pub fn verify_audit_chain(&self) -> Result<Vec<String>> {
        verify_chain(self.conn())
    }

    pub fn audit_count(&self) -> Result<i64> {
        count(self.conn())
    }
}
