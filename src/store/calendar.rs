//! The editable holiday calendar: 休 and 班 days that override Monday–Friday.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

use super::audit::AuditWriter;
use super::{Actor, Result, Store, StoreError};
use crate::domain::calendar::{DayKind, HolidayCalendar, OFFICIAL_CSV, SpecialDay, parse_csv};
use crate::domain::dates::iso;
use crate::domain::user::Action;

fn kind_code(k: DayKind) -> &'static str {
    match k {
        DayKind::Holiday => "holiday",
        DayKind::MakeUpWorkday => "workday",
    }
}

fn kind_from_code(code: &str) -> Option<DayKind> {
    match code {
        "holiday" => Some(DayKind::Holiday),
        "workday" => Some(DayKind::MakeUpWorkday),
        _ => None,
    }
}

/// Seed the shipped official dates (the migration hook).
pub(crate) fn seed_official(tx: &Connection) -> rusqlite::Result<()> {
    let days =
        parse_csv(OFFICIAL_CSV).map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?;
    let mut stmt = tx.prepare("INSERT INTO holidays (date, kind, name) VALUES (?1, ?2, ?3)")?;
    for d in days {
        stmt.execute(params![iso(d.date), kind_code(d.kind), d.name])?;
    }
    Ok(())
}

impl Store {
    /// The calendar as stored (the official dates plus the clerk's edits).
    pub fn holiday_calendar(&self) -> Result<HolidayCalendar> {
        load_calendar(self.conn())
    }

    /// Add or change one special day.
    pub fn set_special_day(&mut self, day: &SpecialDay, actor: &Actor) -> Result<()> {
        actor.require(Action::ManageSettings)?;
        self.write(|tx| {
            let old = special_day_json(tx, day.date)?;
            tx.execute(
                "INSERT INTO holidays (date, kind, name) VALUES (?1, ?2, ?3)
                 ON CONFLICT (date) DO UPDATE SET kind = excluded.kind, name = excluded.name",
                params![iso(day.date), kind_code(day.kind), day.name],
            )?;
            let new = json!({"date": iso(day.date), "kind": day.kind.label(), "name": day.name})
                .to_string();
            let action = if old.is_some() { "update" } else { "insert" };
            AuditWriter::new(tx, actor)?.log("holiday", None, action, old, Some(new))
        })
    }

    /// Remove one special day, so that the weekday rule applies again.
    pub fn remove_special_day(&mut self, date: NaiveDate, actor: &Actor) -> Result<()> {
        actor.require(Action::ManageSettings)?;
        self.write(|tx| {
            let Some(old) = special_day_json(tx, date)? else {
                return Err(StoreError::NotFound(format!("{} 的节假日设置", iso(date))));
            };
            tx.execute("DELETE FROM holidays WHERE date = ?1", [iso(date)])?;
            AuditWriter::new(tx, actor)?.log("holiday", None, "delete", Some(old), None)
        })
    }
}

fn special_day_json(conn: &Connection, date: NaiveDate) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT kind, name FROM holidays WHERE date = ?1",
            [iso(date)],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        )
        .optional()?
        .map(|(kind, name)| {
            let label = kind_from_code(&kind).map(DayKind::label).unwrap_or("?");
            json!({"date": iso(date), "kind": label, "name": name}).to_string()
        }))
}

/// The stored calendar, read on any connection (also inside a transaction).
pub(crate) fn load_calendar(conn: &Connection) -> Result<HolidayCalendar> {
    let mut stmt = conn.prepare("SELECT date, kind, name FROM holidays ORDER BY date")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut days = Vec::new();
    for row in rows {
        let (date, kind, name) = row?;
        let date = NaiveDate::parse_from_str(&date, "%Y-%m-%d")
            .map_err(|_| StoreError::Corrupt(format!("节假日日期 {date}")))?;
        let kind = kind_from_code(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("节假日类型 {kind}")))?;
        days.push(SpecialDay { date, kind, name });
    }
    Ok(HolidayCalendar::new(days))
}
