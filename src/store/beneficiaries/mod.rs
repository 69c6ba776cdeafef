//! The beneficiary roster: records, status history and the import write; reading
//! the roster is in `roster`.

mod roster;

pub use roster::RosterSort;

use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

use super::audit::AuditWriter;
use super::{Actor, Result, Store, StoreError, now_stamp};
use crate::domain::beneficiary::{
    Beneficiary, BeneficiaryFields, Status, StatusEvent, name_sort_key,
};
use crate::domain::dates::iso;
use crate::domain::id_number::Gender;
use crate::domain::user::Action;

/// One row of a person's status history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusRow {
    pub status: Status,
    pub date: NaiveDate,
    pub note: String,
    pub entered_at: String,
    pub entered_by: String,
}

/// One write of an import, already checked.
#[derive(Clone, Debug)]
pub enum RosterChange {
    Insert {
        fields: BeneficiaryFields,
        status: Option<StatusEvent>,
    },
    Update {
        id: i64,
        old: BeneficiaryFields,
        fields: BeneficiaryFields,
        status: Option<StatusEvent>,
    },
}

pub(crate) fn status_code(s: Status) -> &'static str {
    match s {
        Status::Active => "active",
        Status::Deceased => "deceased",
        Status::MovedOut => "moved_out",
    }
}

fn status_from_code(code: &str) -> rusqlite::Result<Status> {
    match code {
        "active" => Ok(Status::Active),
        "deceased" => Ok(Status::Deceased),
        "moved_out" => Ok(Status::MovedOut),
        other => Err(rusqlite::Error::InvalidColumnType(
            0,
            format!("status {other}"),
            rusqlite::types::Type::Text,
        )),
    }
}

fn gender_code(g: Gender) -> &'static str {
    match g {
        Gender::Male => "M",
        Gender::Female => "F",
    }
}

fn gender_from_code(code: &str) -> Gender {
    if code == "M" {
        Gender::Male
    } else {
        Gender::Female
    }
}

fn date_col(text: Option<String>) -> Option<NaiveDate> {
    text.and_then(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok())
}

fn fields_json(f: &BeneficiaryFields) -> String {
    json!({
        "name": f.name,
        "id_number": f.id_number,
        "gender": f.gender.label(),
        "birth_date": iso(f.birth_date),
        "category": f.category,
        "work_date": f.work_date.map(iso),
        "card_no": f.card_no,
        "unit": f.unit,
        "phone": f.phone,
        "class_one": f.class_one,
    })
    .to_string()
}

const BENEFICIARY_COLS: &str = "id, program_id, name, id_number, gender, birth_date, category, work_date, card_no, unit, phone, status, status_date, class_one";

fn read_beneficiary(r: &rusqlite::Row<'_>) -> rusqlite::Result<Beneficiary> {
    Ok(Beneficiary {
        id: r.get(0)?,
        program_id: r.get(1)?,
        fields: BeneficiaryFields {
            name: r.get(2)?,
            id_number: r.get(3)?,
            gender: gender_from_code(&r.get::<_, String>(4)?),
            birth_date: date_col(r.get(5)?).unwrap_or_default(),
            category: r.get(6)?,
            work_date: date_col(r.get(7)?),
            card_no: r.get(8)?,
            unit: r.get(9)?,
            phone: r.get(10)?,
            class_one: r.get(13)?,
        },
        status: status_from_code(&r.get::<_, String>(11)?)?,
        status_date: date_col(r.get(12)?),
    })
}

pub(crate) fn like_pattern(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.trim().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

fn duplicate_check(
    conn: &Connection,
    program_id: i64,
    id_number: &str,
    except: Option<i64>,
) -> Result<()> {
    let holder: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, name FROM beneficiaries WHERE program_id = ?1 AND id_number = ?2",
            params![program_id, id_number],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match holder {
        Some((id, name)) if Some(id) != except => Err(StoreError::DuplicateIdNumber {
            id_number: id_number.to_owned(),
            name,
        }),
        _ => Ok(()),
    }
}

/// Bind a person's fields as ?2..?13 after `key` (?1), the order both statements use.
fn execute_with_fields(
    stmt: &mut rusqlite::CachedStatement<'_>,
    key: i64,
    f: &BeneficiaryFields,
    stamp: &str,
) -> Result<()> {
    stmt.execute(params![
        key,
        f.name,
        f.id_number,
        gender_code(f.gender),
        iso(f.birth_date),
        f.category,
        f.work_date.map(iso),
        f.card_no,
        f.unit,
        f.phone,
        stamp,
        name_sort_key(&f.name),
        f.class_one
    ])?;
    Ok(())
}

/// Insert a person with the 救助身份 row from their start (their category).
fn insert_tx(
    conn: &Connection,
    program_id: i64,
    f: &BeneficiaryFields,
    stamp: &str,
    by: &str,
) -> Result<i64> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO beneficiaries (program_id, name, id_number, gender, birth_date, category, work_date,
                                    card_no, unit, phone, created_at, name_key, class_one, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?11)",
    )?;
    execute_with_fields(&mut stmt, program_id, f, stamp)?;
    let id = conn.last_insert_rowid();
    super::identities::insert_from_start_tx(conn, id, &f.category, stamp, by)?;
    Ok(id)
}

/// Update a person; the 救助身份 row from the start follows a changed category.
fn update_tx(
    conn: &Connection,
    id: i64,
    old: &BeneficiaryFields,
    f: &BeneficiaryFields,
    stamp: &str,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "UPDATE beneficiaries SET name = ?2, id_number = ?3, gender = ?4, birth_date = ?5, category = ?6,
                work_date = ?7, card_no = ?8, unit = ?9, phone = ?10, updated_at = ?11, name_key = ?12,
                class_one = ?13
         WHERE id = ?1",
    )?;
    execute_with_fields(&mut stmt, id, f, stamp)?;
    super::identities::follow_category_tx(conn, id, &old.category, &f.category)
}

fn add_status_tx(
    conn: &Connection,
    audit: &mut AuditWriter<'_>,
    id: i64,
    event: &StatusEvent,
    note: &str,
    actor: &Actor,
    stamp: &str,
) -> Result<()> {
    let (old_status, old_date): (String, Option<String>) = conn.query_row(
        "SELECT status, status_date FROM beneficiaries WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    conn.prepare_cached(
        "INSERT INTO beneficiary_status (beneficiary_id, status, status_date, note, entered_at, entered_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        id,
        status_code(event.status),
        iso(event.date),
        note,
        stamp,
        actor.username
    ])?;
    // The newest row by date (then by entry) is the current status.
    conn.prepare_cached(
        "UPDATE beneficiaries SET (status, status_date) = (
            SELECT status, status_date FROM beneficiary_status WHERE beneficiary_id = ?1
            ORDER BY status_date DESC, id DESC LIMIT 1), updated_at = ?2
         WHERE id = ?1",
    )?
    .execute(params![id, stamp])?;
    let (new_status, new_date): (String, Option<String>) = conn.query_row(
        "SELECT status, status_date FROM beneficiaries WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    // The log keeps the row entered and the status that results from all rows.
    let entered =
        json!({"status": status_code(event.status), "status_date": iso(event.date), "note": note});
    audit.log(
        "beneficiary",
        Some(id),
        "status",
        Some(json!({"status": old_status, "status_date": old_date}).to_string()),
        Some(
            json!({"entered": entered, "status": new_status, "status_date": new_date}).to_string(),
        ),
    )
}

/// A person's dated status rows, for membership on a date.
pub(crate) fn status_events(conn: &Connection, id: i64) -> Result<Vec<StatusEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT status, status_date FROM beneficiary_status WHERE beneficiary_id = ?1",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(StatusEvent {
            status: status_from_code(&r.get::<_, String>(0)?)?,
            date: date_col(r.get(1)?).unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The status rows of every person of a program, by person.
pub(crate) fn program_status_events(
    conn: &Connection,
    program_id: i64,
) -> Result<std::collections::HashMap<i64, Vec<StatusEvent>>> {
    let mut stmt = conn.prepare(
        "SELECT s.beneficiary_id, s.status, s.status_date FROM beneficiary_status s
         JOIN beneficiaries b ON b.id = s.beneficiary_id WHERE b.program_id = ?1",
    )?;
    let rows = stmt.query_map([program_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            StatusEvent {
                status: status_from_code(&r.get::<_, String>(1)?)?,
                date: date_col(r.get(2)?).unwrap_or_default(),
            },
        ))
    })?;
    let mut out: std::collections::HashMap<i64, Vec<StatusEvent>> = Default::default();
    for row in rows {
        let (id, e) = row?;
        out.entry(id).or_default().push(e);
    }
    Ok(out)
}

fn conn_beneficiary(conn: &Connection, id: i64) -> Result<Beneficiary> {
    conn.query_row(
        &format!("SELECT {BENEFICIARY_COLS} FROM beneficiaries WHERE id = ?1"),
        [id],
        read_beneficiary,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("受益对象（编号 {id}）")))
}

/// Add a person inside a transaction; refuses an ID number the program already has.
pub fn add_beneficiary_tx(
    conn: &Connection,
    program_id: i64,
    f: &BeneficiaryFields,
    actor: &Actor,
) -> Result<i64> {
    actor.require(Action::EditRoster)?;
    duplicate_check(conn, program_id, &f.id_number, None)?;
    let id = insert_tx(conn, program_id, f, &now_stamp(), &actor.username)?;
    AuditWriter::new(conn, actor)?.log(
        "beneficiary",
        Some(id),
        "insert",
        None,
        Some(fields_json(f)),
    )?;
    Ok(id)
}

/// [`Store::add_status`] inside a transaction.
pub fn record_status_tx(
    conn: &Connection,
    id: i64,
    event: &StatusEvent,
    note: &str,
    actor: &Actor,
) -> Result<()> {
    actor.require(Action::EditRoster)?;
    let mut audit = AuditWriter::new(conn, actor)?;
    add_status_tx(conn, &mut audit, id, event, note, actor, &now_stamp())
}

impl Store {
    /// Add a person to a program's roster; refuses an ID number the program already has.
    pub fn add_beneficiary(
        &mut self,
        program_id: i64,
        f: &BeneficiaryFields,
        actor: &Actor,
    ) -> Result<i64> {
        self.write(|tx| add_beneficiary_tx(tx, program_id, f, actor))
    }

    /// Change a person's fields; the log keeps the old and new values.
    pub fn update_beneficiary(
        &mut self,
        id: i64,
        f: &BeneficiaryFields,
        actor: &Actor,
    ) -> Result<()> {
        actor.require(Action::EditRoster)?;
        let old = self.beneficiary(id)?;
        if old.fields == *f {
            return Ok(());
        }
        self.write(|tx| {
            duplicate_check(tx, old.program_id, &f.id_number, Some(id))?;
            update_tx(tx, id, &old.fields, f, &now_stamp())?;
            AuditWriter::new(tx, actor)?.log(
                "beneficiary",
                Some(id),
                "update",
                Some(fields_json(&old.fields)),
                Some(fields_json(f)),
            )
        })
    }

    /// Record a dated status row (在册 / 死亡 / 迁出). Returns the person as they
    /// stand afterwards: a back-dated row may leave the current status unchanged.
    pub fn add_status(
        &mut self,
        id: i64,
        event: &StatusEvent,
        note: &str,
        actor: &Actor,
    ) -> Result<Beneficiary> {
        actor.require(Action::EditRoster)?;
        self.beneficiary(id)?;
        self.write(|tx| record_status_tx(tx, id, event, note, actor))?;
        self.beneficiary(id)
    }

    /// One person.
    pub fn beneficiary(&self, id: i64) -> Result<Beneficiary> {
        conn_beneficiary(self.conn(), id)
    }

    /// A person's status history, newest first.
    pub fn status_history(&self, id: i64) -> Result<Vec<StatusRow>> {
        let mut stmt = self.conn().prepare(
            "SELECT status, status_date, note, entered_at, entered_by FROM beneficiary_status
             WHERE beneficiary_id = ?1 ORDER BY status_date DESC, id DESC",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(StatusRow {
                status: status_from_code(&r.get::<_, String>(0)?)?,
                date: date_col(r.get(1)?).unwrap_or_default(),
                note: r.get(2)?,
                entered_at: r.get(3)?,
                entered_by: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Write an import's checked changes in one transaction. `progress` is told how
    /// many changes are done; setting `cancel` rolls everything back.
    pub fn apply_roster_changes(
        &mut self,
        program_id: i64,
        changes: &[RosterChange],
        actor: &Actor,
        progress: &dyn Fn(usize),
        cancel: &AtomicBool,
    ) -> Result<()> {
        actor.require(Action::EditRoster)?;
        self.write(|tx| {
            let stamp = now_stamp();
            let mut audit = AuditWriter::new(tx, actor)?;
            for (i, change) in changes.iter().enumerate() {
                if i % 1000 == 0 {
                    if cancel.load(Ordering::Relaxed) {
                        return Err(StoreError::Cancelled);
                    }
                    progress(i);
                }
                let (id, status) = match change {
                    RosterChange::Insert { fields, status } => {
                        duplicate_check(tx, program_id, &fields.id_number, None)?;
                        let id = insert_tx(tx, program_id, fields, &stamp, &actor.username)?;
                        audit.log(
                            "beneficiary",
                            Some(id),
                            "insert",
                            None,
                            Some(fields_json(fields)),
                        )?;
                        (id, status)
                    }
                    RosterChange::Update {
                        id,
                        old,
                        fields,
                        status,
                    } => {
                        // The preview compared against what was stored then; if someone
                        // changed the record since, stop rather than overwrite it.
                        let now = conn_beneficiary(tx, *id)?;
                        if now.fields != *old {
                            return Err(StoreError::Invalid(format!(
                                "「{}」的记录在预览之后被修改过，请重新预览后再导入",
                                now.fields.name
                            )));
                        }
                        if old != fields {
                            update_tx(tx, *id, old, fields, &stamp)?;
                            audit.log(
                                "beneficiary",
                                Some(*id),
                                "update",
                                Some(fields_json(old)),
                                Some(fields_json(fields)),
                            )?;
                        }
                        (*id, status)
                    }
                };
                if let Some(ev) = status {
                    add_status_tx(tx, &mut audit, id, ev, "导入", actor, &stamp)?;
                }
            }
            // A cancel that arrives after the last row still rolls everything back.
            if cancel.load(Ordering::Relaxed) {
                return Err(StoreError::Cancelled);
            }
            progress(changes.len());
            Ok(())
        })
    }
}
