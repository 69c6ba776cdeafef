//! 定点医疗机构 records: add, edit, disable and import, each change in the audit
//! log with its old and new values. A change of 开户行 or 账号 decides where the
//! hospital's money goes: it needs its own right and is logged as `update_bank`.

use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value, json};

use super::audit::AuditWriter;
use super::{Actor, Result, Store, StoreError};
use crate::domain::hospital::{Hospital, HospitalLevel, check_hospital_code};
use crate::domain::user::Action;

fn level_code(l: HospitalLevel) -> &'static str {
    match l {
        HospitalLevel::Township => "township",
        HospitalLevel::County => "county",
        HospitalLevel::AboveCounty => "above_county",
    }
}

pub(crate) fn level_from_code(code: &str) -> Option<HospitalLevel> {
    match code {
        "township" => Some(HospitalLevel::Township),
        "county" => Some(HospitalLevel::County),
        "above_county" => Some(HospitalLevel::AboveCounty),
        _ => None,
    }
}

/// One write of a hospital import, already checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HospitalChange {
    Insert(Hospital),
    /// `old` is the record as the preview read it; `new` keeps its id.
    Update {
        old: Hospital,
        new: Hospital,
    },
}

const COLS: &str = "id, code, name, level, in_county, credit_code, bank_name, bank_account, active";

fn read_hospital(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Hospital, String)> {
    Ok((
        Hospital {
            id: r.get(0)?,
            code: r.get(1)?,
            name: r.get(2)?,
            level: HospitalLevel::Township,
            in_county: r.get(4)?,
            credit_code: r.get(5)?,
            bank_name: r.get(6)?,
            bank_account: r.get(7)?,
            active: r.get(8)?,
        },
        r.get(3)?,
    ))
}

fn with_level((mut h, level): (Hospital, String)) -> Result<Hospital> {
    h.level =
        level_from_code(&level).ok_or_else(|| StoreError::Corrupt(format!("医院级别 {level}")))?;
    Ok(h)
}

fn hospital_tx(tx: &Connection, id: i64) -> Result<Hospital> {
    let row = tx
        .query_row(
            &format!("SELECT {COLS} FROM hospitals WHERE id = ?1"),
            [id],
            read_hospital,
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("定点医疗机构（编号 {id}）")))?;
    with_level(row)
}

/// The audit text of a whole record.
fn record_json(h: &Hospital) -> String {
    json!({"code": h.code, "name": h.name, "level": h.level.label(), "in_county": h.in_county,
           "credit_code": h.credit_code, "bank_name": h.bank_name, "bank_account": h.bank_account})
    .to_string()
}

impl Store {
    /// Add a hospital in its own transaction.
    pub fn add_hospital(&mut self, h: &Hospital, actor: &Actor) -> Result<i64> {
        self.write(|tx| add_hospital_tx(tx, h, actor))
    }

    /// Change a hospital's details (`h.id` says which) in its own transaction.
    pub fn update_hospital(&mut self, h: &Hospital, actor: &Actor) -> Result<()> {
        self.write(|tx| {
            let old = hospital_tx(tx, h.id)?;
            update_hospital_tx(tx, &old, h, actor)
        })
    }

    /// 停用 (`active` false) a hospital that left the scheme, or take it back.
    pub fn set_hospital_active(&mut self, id: i64, active: bool, actor: &Actor) -> Result<()> {
        actor.require(Action::ManageSettings)?;
        self.write(|tx| {
            let old = hospital_tx(tx, id)?;
            if old.active == active {
                return Ok(());
            }
            tx.execute(
                "UPDATE hospitals SET active = ?2 WHERE id = ?1",
                params![id, active],
            )?;
            AuditWriter::new(tx, actor)?.log(
                "hospital",
                Some(id),
                if active { "enable" } else { "disable" },
                Some(json!({"code": old.code, "active": old.active}).to_string()),
                Some(json!({"code": old.code, "active": active}).to_string()),
            )
        })
    }

    /// Write an import's checked rows in one transaction.
    pub fn apply_hospital_changes(
        &mut self,
        changes: &[HospitalChange],
        actor: &Actor,
        progress: &dyn Fn(usize),
        cancel: &AtomicBool,
    ) -> Result<()> {
        actor.require(Action::ManageSettings)?;
        self.write(|tx| {
            for (i, change) in changes.iter().enumerate() {
                if cancel.load(Ordering::Relaxed) {
                    return Err(StoreError::Cancelled);
                }
                progress(i);
                match change {
                    HospitalChange::Insert(h) => {
                        add_hospital_tx(tx, h, actor)?;
                    }
                    HospitalChange::Update { old, new } => {
                        // The preview compared against what was stored then; if someone
                        // changed the record since, stop rather than overwrite it.
                        if hospital_tx(tx, old.id)? != *old {
                            return Err(StoreError::Invalid(format!(
                                "「{}」在预览后被修改过，请重新预览",
                                old.name
                            )));
                        }
                        update_hospital_tx(tx, old, new, actor)?;
                    }
                }
            }
            progress(changes.len());
            Ok(())
        })
    }

    /// Every hospital, by code, the disabled ones too.
    pub fn hospitals(&self) -> Result<Vec<Hospital>> {
        let mut stmt = self
            .conn()
            .prepare(&format!("SELECT {COLS} FROM hospitals ORDER BY code"))?;
        let rows = stmt.query_map([], read_hospital)?;
        rows.map(|r| with_level(r?)).collect()
    }
}

/// Refuse a code that is malformed or held by another hospital.
fn check_code(tx: &Connection, code: &str, own_id: Option<i64>) -> Result<()> {
    check_hospital_code(code).map_err(StoreError::Invalid)?;
    let holder: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, name FROM hospitals WHERE code = ?1",
            [code],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match holder {
        Some((id, name)) if Some(id) != own_id => Err(StoreError::Invalid(format!(
            "定点医疗机构代码「{code}」已登记为「{name}」"
        ))),
        _ => Ok(()),
    }
}

/// Add a hospital inside a transaction. The code must be well-formed; a failed
/// credit-code check is the caller's warning to show, not a refusal.
pub fn add_hospital_tx(tx: &Connection, h: &Hospital, actor: &Actor) -> Result<i64> {
    actor.require(Action::ManageSettings)?;
    let code = h.code.trim();
    check_code(tx, code, None)?;
    tx.execute(
        "INSERT INTO hospitals (code, name, level, in_county, credit_code, bank_name, bank_account, active)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)",
        params![
            code,
            h.name,
            level_code(h.level),
            h.in_county,
            h.credit_code,
            h.bank_name,
            h.bank_account
        ],
    )?;
    let id = tx.last_insert_rowid();
    AuditWriter::new(tx, actor)?.log("hospital", Some(id), "insert", None, Some(record_json(h)))?;
    Ok(id)
}

/// Change `old` into `new` (its active flag is not changed here). The audit row
/// holds the changed fields' old and new values; a change of 开户行 or 账号 needs
/// [`Action::ChangeHospitalBank`] and is logged as `update_bank`.
fn update_hospital_tx(
    tx: &Connection,
    old: &Hospital,
    new: &Hospital,
    actor: &Actor,
) -> Result<()> {
    actor.require(Action::ManageSettings)?;
    let bank = new.bank_differs(old);
    if bank {
        actor.require(Action::ChangeHospitalBank)?;
    }
    let code = new.code.trim();
    check_code(tx, code, Some(old.id))?;
    let changes = new.changes_from(old);
    if changes.is_empty() {
        return Ok(());
    }
    tx.execute(
        "UPDATE hospitals SET code = ?2, name = ?3, level = ?4, in_county = ?5, credit_code = ?6,
                bank_name = ?7, bank_account = ?8
         WHERE id = ?1",
        params![
            old.id,
            code,
            new.name,
            level_code(new.level),
            new.in_county,
            new.credit_code,
            new.bank_name,
            new.bank_account
        ],
    )?;
    let (mut before, mut after) = (Map::new(), Map::new());
    before.insert("code".into(), Value::from(old.code.clone()));
    after.insert("code".into(), Value::from(code));
    for c in &changes {
        before.insert(c.label.into(), Value::from(c.old.clone()));
        after.insert(c.label.into(), Value::from(c.new.clone()));
    }
    AuditWriter::new(tx, actor)?.log(
        "hospital",
        Some(old.id),
        if bank { "update_bank" } else { "update" },
        Some(Value::Object(before).to_string()),
        Some(Value::Object(after).to_string()),
    )
}

/// Refuse a new monthly report from a hospital that has left the scheme.
pub(crate) fn require_active(tx: &Connection, hospital_id: i64) -> Result<()> {
    let h = hospital_tx(tx, hospital_id)?;
    if h.active {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "「{}」已停用（退出定点），不能登记新的月报表；已有的报账和划拨记录不受影响",
            h.name
        )))
    }
}
