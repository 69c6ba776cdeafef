//! 定点医疗机构 records.

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

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

impl Store {
    /// Add a hospital in its own transaction.
    pub fn add_hospital(&mut self, h: &Hospital, actor: &Actor) -> Result<i64> {
        self.write(|tx| add_hospital_tx(tx, h, actor))
    }

    /// Every hospital, by code.
    pub fn hospitals(&self) -> Result<Vec<Hospital>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, code, name, level, in_county, credit_code, bank_name, bank_account
             FROM hospitals ORDER BY code",
        )?;
        let rows = stmt.query_map([], |r| {
            let level: String = r.get(3)?;
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
                },
                level,
            ))
        })?;
        rows.map(|r| {
            let (mut h, level) = r?;
            h.level = level_from_code(&level)
                .ok_or_else(|| StoreError::Corrupt(format!("医院级别 {level}")))?;
            Ok(h)
        })
        .collect()
    }
}

/// Add a hospital inside a transaction. The code must be well-formed; a failed
/// credit-code check is the caller's warning to show, not a refusal.
pub fn add_hospital_tx(tx: &Connection, h: &Hospital, actor: &Actor) -> Result<i64> {
    actor.require(Action::ManageSettings)?;
    check_hospital_code(&h.code).map_err(StoreError::Invalid)?;
    let code = h.code.trim();
    let holder: Option<String> = tx
        .query_row("SELECT name FROM hospitals WHERE code = ?1", [code], |r| {
            r.get(0)
        })
        .optional()?;
    if let Some(name) = holder {
        return Err(StoreError::Invalid(format!(
            "定点医疗机构代码「{code}」已登记为「{name}」"
        )));
    }
    tx.execute(
        "INSERT INTO hospitals (code, name, level, in_county, credit_code, bank_name, bank_account)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
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
    AuditWriter::new(tx, actor)?.log(
        "hospital",
        Some(id),
        "insert",
        None,
        Some(
            json!({"code": h.code, "name": h.name, "level": h.level.label(), "in_county": h.in_county,
                   "credit_code": h.credit_code, "bank_name": h.bank_name, "bank_account": h.bank_account})
            .to_string(),
        ),
    )?;
    Ok(id)
}
