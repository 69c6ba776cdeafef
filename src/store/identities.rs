//! 救助身份 in the store: each person's dated identity rows (table
//! `beneficiary_identities`), read for the assistance rule, the roster page and the
//! list import, and written by the roster (the row from the start) and by the
//! import (whose transaction, in `assistance`, also recomputes the claims).
//!
//! Every person has the row from their start that is the roster's 救助类别
//! (written with the person; when the roster's category changes, that row
//! follows it). Dated rows come from the monthly lists of 民政 and 乡村振兴.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

use super::audit::AuditWriter;
use super::{Actor, Result, Store, StoreError};
use crate::domain::dates::iso;
use crate::domain::identity::IdentitySpan;

/// One stored identity row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdentityRow {
    pub id: i64,
    pub beneficiary_id: i64,
    pub span: IdentitySpan,
    pub entered_at: String,
    pub entered_by: String,
}

/// One write of an identity import, already checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdentityChange {
    Insert {
        beneficiary_id: i64,
        span: IdentitySpan,
    },
    /// Row `id` goes from `old` (as the preview read it) to `new`.
    Update {
        id: i64,
        beneficiary_id: i64,
        old: IdentitySpan,
        new: IdentitySpan,
    },
}

const IDENTITY_COLS: &str =
    "id, beneficiary_id, identity, start_date, end_date, entered_at, entered_by";

/// Rows of one person from their start, then by 认定日期, then by entry.
const IDENTITY_ORDER: &str = "start_date IS NOT NULL, start_date, id";

fn date_col(text: Option<String>) -> rusqlite::Result<Option<NaiveDate>> {
    text.map(|t| {
        NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|_| {
            rusqlite::Error::InvalidColumnType(0, format!("日期 {t}"), rusqlite::types::Type::Text)
        })
    })
    .transpose()
}

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<IdentityRow> {
    Ok(IdentityRow {
        id: r.get(0)?,
        beneficiary_id: r.get(1)?,
        span: IdentitySpan {
            identity: r.get(2)?,
            start: date_col(r.get(3)?)?,
            end: date_col(r.get(4)?)?,
        },
        entered_at: r.get(5)?,
        entered_by: r.get(6)?,
    })
}

fn span_json(s: &IdentitySpan) -> serde_json::Value {
    json!({"identity": s.identity, "start_date": s.start.map(iso), "end_date": s.end.map(iso)})
}

/// A person's identity rows (see [`IDENTITY_ORDER`]).
pub(crate) fn person_identities(conn: &Connection, person_id: i64) -> Result<Vec<IdentityRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {IDENTITY_COLS} FROM beneficiary_identities WHERE beneficiary_id = ?1
         ORDER BY {IDENTITY_ORDER}"
    ))?;
    let rows = stmt.query_map([person_id], read_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A person's identities as the rule reads them.
pub(crate) fn person_spans(conn: &Connection, person_id: i64) -> Result<Vec<IdentitySpan>> {
    Ok(person_identities(conn, person_id)?
        .into_iter()
        .map(|r| r.span)
        .collect())
}

/// The row from the start for a new person's roster category (the person's own
/// insert is logged with the category).
pub(crate) fn insert_from_start_tx(
    conn: &Connection,
    person_id: i64,
    category: &str,
    stamp: &str,
    by: &str,
) -> Result<()> {
    insert_tx(
        conn,
        person_id,
        &IdentitySpan::from_start(category),
        stamp,
        by,
    )?;
    Ok(())
}

fn insert_tx(
    conn: &Connection,
    person_id: i64,
    span: &IdentitySpan,
    stamp: &str,
    by: &str,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO beneficiary_identities (beneficiary_id, identity, start_date, end_date, entered_at, entered_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        person_id,
        span.identity,
        span.start.map(iso),
        span.end.map(iso),
        stamp,
        by
    ])?;
    Ok(conn.last_insert_rowid())
}

/// The roster's category changed from `old` to `new`: the row from the start
/// that held `old` follows (the person's update is logged with both).
pub(crate) fn follow_category_tx(
    conn: &Connection,
    person_id: i64,
    old: &str,
    new: &str,
) -> Result<()> {
    if old != new {
        conn.prepare_cached(
            "UPDATE beneficiary_identities SET identity = ?3
             WHERE beneficiary_id = ?1 AND identity = ?2 AND start_date IS NULL",
        )?
        .execute(params![person_id, old, new])?;
    }
    Ok(())
}

/// The program a person belongs to.
fn person_program(conn: &Connection, person_id: i64) -> Result<i64> {
    conn.query_row(
        "SELECT program_id FROM beneficiaries WHERE id = ?1",
        [person_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("受益对象（编号 {person_id}）")))
}

/// Write one change of an identity import and log it under the person;
/// returns the person.
pub(crate) fn apply_change_tx(
    tx: &Connection,
    audit: &mut AuditWriter<'_>,
    program_id: i64,
    change: &IdentityChange,
    actor: &Actor,
    stamp: &str,
) -> Result<i64> {
    match change {
        IdentityChange::Insert {
            beneficiary_id,
            span,
        } => {
            if person_program(tx, *beneficiary_id)? != program_id {
                return Err(StoreError::Invalid("该人员不在本项目名册中".into()));
            }
            let id = insert_tx(tx, *beneficiary_id, span, stamp, &actor.username)?;
            let new = json!({"identity_id": id, "new": span_json(span)});
            audit.log(
                "beneficiary",
                Some(*beneficiary_id),
                "identity",
                None,
                Some(new.to_string()),
            )?;
            Ok(*beneficiary_id)
        }
        IdentityChange::Update {
            id,
            beneficiary_id,
            old,
            new,
        } => {
            let now = tx
                .query_row(
                    &format!("SELECT {IDENTITY_COLS} FROM beneficiary_identities WHERE id = ?1"),
                    [id],
                    read_row,
                )
                .optional()?
                .ok_or_else(|| StoreError::NotFound(format!("救助身份记录（编号 {id}）")))?;
            // The preview read `old`; a row changed since is not overwritten.
            if now.span != *old || now.beneficiary_id != *beneficiary_id {
                return Err(StoreError::Invalid(format!(
                    "救助身份「{}」在预览之后被修改过，请重新预览后再导入",
                    now.span.describe()
                )));
            }
            if person_program(tx, *beneficiary_id)? != program_id {
                return Err(StoreError::Invalid("该人员不在本项目名册中".into()));
            }
            tx.prepare_cached(
                "UPDATE beneficiary_identities SET identity = ?2, start_date = ?3, end_date = ?4,
                        entered_at = ?5, entered_by = ?6
                 WHERE id = ?1",
            )?
            .execute(params![
                id,
                new.identity,
                new.start.map(iso),
                new.end.map(iso),
                stamp,
                actor.username
            ])?;
            audit.log(
                "beneficiary",
                Some(*beneficiary_id),
                "identity",
                Some(json!({"identity_id": id, "old": span_json(old)}).to_string()),
                Some(json!({"identity_id": id, "new": span_json(new)}).to_string()),
            )?;
            Ok(*beneficiary_id)
        }
    }
}

impl Store {
    /// A person's identity rows: the one from the start first, then by 认定日期.
    pub fn identities(&self, person_id: i64) -> Result<Vec<IdentityRow>> {
        person_identities(self.conn(), person_id)
    }

    /// Every identity row of a program's people, by person, for the imports.
    pub fn program_identities(&self, program_id: i64) -> Result<HashMap<i64, Vec<IdentityRow>>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {cols} FROM beneficiary_identities
             WHERE beneficiary_id IN (SELECT id FROM beneficiaries WHERE program_id = ?1)
             ORDER BY beneficiary_id, {IDENTITY_ORDER}",
            cols = IDENTITY_COLS
        ))?;
        let rows = stmt.query_map([program_id], read_row)?;
        let mut out: HashMap<i64, Vec<IdentityRow>> = HashMap::new();
        for row in rows {
            let row = row?;
            out.entry(row.beneficiary_id).or_default().push(row);
        }
        Ok(out)
    }

    /// The dates (入院日期 or 就诊日期) of the claims of a program's people that
    /// count (not 拒付), by person: an identity import must leave each with an
    /// identity.
    pub fn claim_dates(&self, program_id: i64) -> Result<HashMap<i64, Vec<NaiveDate>>> {
        let mut stmt = self.conn().prepare(
            "SELECT c.beneficiary_id, c.visit_date FROM claims c
             JOIN beneficiaries b ON b.id = c.beneficiary_id
             WHERE b.program_id = ?1 AND c.audit_status <> 'refused'",
        )?;
        let rows = stmt.query_map([program_id], |r| {
            Ok((r.get::<_, i64>(0)?, date_col(Some(r.get(1)?))?))
        })?;
        let mut out: HashMap<i64, Vec<NaiveDate>> = HashMap::new();
        for row in rows {
            if let (person, Some(date)) = row? {
                out.entry(person).or_default().push(date);
            }
        }
        Ok(out)
    }
}
