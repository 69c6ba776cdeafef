//! The append-only audit log. Every insert, update and status change writes a row:
//! who, when, entity, old value, new value. Each row carries a keyed hash (HMAC,
//! `medfund_seal`, see `store::seal`) over its content and the previous row's hash,
//! so a row edited, or deleted from the middle, breaks the chain, and nobody without
//! the key can forge a new chain; a trigger keeps the newest row's id and hash in
//! `audit_head`, with a MAC of its own, so rows removed from the end show too.
//! Triggers refuse UPDATE and DELETE on the log, and this module offers no way to
//! edit or delete a row.

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

/// The unkeyed SHA-256 chain of the log before seals were keyed (migration 12
/// checks it once before rechaining under the key).
fn legacy_row_hash(prev: &str, e: &AuditEntry) -> String {
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

/// The keyed hash of a row, over ?1…?8: at, actor, entity, entity_id, action,
/// old_value, new_value, prev_hash.
const ROW_HASH: &str = "medfund_seal('audit-v2', ?8, ?1, ?2, ?3, ?4, ?5, ?6, ?7)";

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
        let mut stmt = self.conn.prepare_cached(&format!(
            "INSERT INTO audit_log (at, actor, entity, entity_id, action, old_value, new_value, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, {ROW_HASH}) RETURNING hash"
        ))?;
        self.prev = stmt.query_row(
            params![
                entry.at,
                entry.actor,
                entry.entity,
                entry.entity_id,
                entry.action,
                entry.old_value,
                entry.new_value,
                self.prev,
            ],
            |r| r.get(0),
        )?;
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
    walk_chain(conn, true)
}

/// Walk the chain with its keyed hashes or, before migration 12, the unkeyed ones.
fn walk_chain(conn: &Connection, keyed: bool) -> Result<Vec<String>> {
    let expected = if keyed {
        "medfund_seal('audit-v2', prev_hash, at, actor, entity, entity_id, action, old_value, new_value)"
    } else {
        "NULL"
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT id, at, actor, entity, entity_id, action, old_value, new_value, prev_hash, hash,
                {expected}
         FROM audit_log ORDER BY id"
    ))?;
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
        let expected = match r.get::<_, Option<String>>(10)? {
            Some(h) => h,
            None => legacy_row_hash(&stored_prev, &e),
        };
        if expected != stored_hash {
            problems.push(format!("审计日志第 {} 条的内容被改动过（哈希不符）", e.id));
        }
        prev = stored_hash;
        last_id = e.id;
    }
    Ok(problems)
}

/// Problems in the unkeyed chain of a log from before migration 12.
pub(crate) fn legacy_chain_problems(conn: &Connection) -> Result<Vec<String>> {
    walk_chain(conn, false)
}

/// The triggers that make the log append-only, as SQL. Migration 12 creates them;
/// rekeying the log drops and recreates them within its transaction.
pub(crate) const APPEND_ONLY: &str = "
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, '审计日志只能追加，不能修改');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, '审计日志只能追加，不能删除');
END;";

/// Hash the whole chain anew under this connection's key, and the head with it
/// (migration 12, and a plain database being encrypted). The append-only triggers
/// must be absent.
pub(crate) fn rechain(conn: &Connection) -> Result<()> {
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM audit_log ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = conn.prepare(
        "UPDATE audit_log SET prev_hash = ?2,
                hash = medfund_seal('audit-v2', ?2, at, actor, entity, entity_id, action,
                                    old_value, new_value)
         WHERE id = ?1 RETURNING hash",
    )?;
    let mut prev = GENESIS.to_owned();
    let mut last = 0_i64;
    for id in ids {
        prev = update.query_row(params![id, prev], |r| r.get(0))?;
        last = id;
    }
    conn.execute(
        "UPDATE audit_head SET last_id = ?1, last_hash = ?2,
                mac = medfund_seal('audit-head', ?1, ?2) WHERE id = 1",
        params![last, prev],
    )?;
    Ok(())
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
