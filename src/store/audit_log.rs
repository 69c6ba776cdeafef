//! The 操作日志 as its readers see it: the whole audit log filtered by user,
//! entity, action and date range, counted and read a page at a time (newest
//! first), the values its filters offer, and every matching row streamed for the
//! export. Only those who may [`Action::ReadAuditLog`] read it.

use chrono::NaiveDate;
use rusqlite::types::Value;

use super::audit::{AuditEntry, read_entry};
use super::{Actor, Result, StoreError};
use crate::domain::user::Action;

/// Which rows to show; `None` is any.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// The acting user's username.
    pub user: Option<String>,
    pub entity: Option<String>,
    pub action: Option<String>,
    /// The first day shown.
    pub from: Option<NaiveDate>,
    /// The last day shown (inclusive).
    pub to: Option<NaiveDate>,
}

/// One row of the log with the acting user's 姓名 (系统 for the system user;
/// `None` where the username is no user's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRow {
    pub entry: AuditEntry,
    pub display_name: Option<String>,
}

/// The values the filters offer, as found in the log.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditChoices {
    /// Username and 姓名 (empty where unknown), by username.
    pub users: Vec<(String, String)>,
    pub entities: Vec<String>,
    pub actions: Vec<String>,
}

/// The rows read for the export at a time.
const EXPORT_PAGE: usize = 1000;

/// The WHERE clause of `filter` (on `audit_log a`) and its values, numbered from 1.
fn where_clause(filter: &AuditFilter) -> (String, Vec<Value>) {
    let mut terms = Vec::new();
    let mut values = Vec::new();
    let mut add = |term: &str, value: Value| {
        values.push(value);
        terms.push(format!("{term} ?{}", values.len()));
    };
    if let Some(u) = &filter.user {
        add("a.actor =", Value::Text(u.clone()));
    }
    if let Some(e) = &filter.entity {
        add("a.entity =", Value::Text(e.clone()));
    }
    if let Some(a) = &filter.action {
        add("a.action =", Value::Text(a.clone()));
    }
    if let Some(from) = filter.from {
        add("a.at >=", Value::Text(from.format("%Y-%m-%d").to_string()));
    }
    if let Some(next) = filter.to.and_then(|d| d.succ_opt()) {
        add("a.at <", Value::Text(next.format("%Y-%m-%d").to_string()));
    }
    if terms.is_empty() {
        (String::new(), values)
    } else {
        (format!("WHERE {}", terms.join(" AND ")), values)
    }
}

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditRow> {
    let entry = read_entry(r)?;
    let display_name: Option<String> = r.get(8)?;
    let display_name = display_name.or_else(|| {
        (entry.actor == Actor::system().username).then(|| Actor::system().display_name)
    });
    Ok(AuditRow {
        entry,
        display_name,
    })
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl super::Store {
    /// How many rows of the log `filter` matches.
    pub fn audit_log_count(&self, actor: &Actor, filter: &AuditFilter) -> Result<usize> {
        actor.require(Action::ReadAuditLog)?;
        let (clause, values) = where_clause(filter);
        let n: i64 = self.conn().query_row(
            &format!("SELECT count(*) FROM audit_log a {clause}"),
            rusqlite::params_from_iter(values),
            |r| r.get(0),
        )?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// The `limit` matching rows from `offset` on, newest first.
    pub fn audit_log_rows(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<AuditRow>> {
        actor.require(Action::ReadAuditLog)?;
        self.audit_page(filter, None, offset, limit)
    }

    /// Every matching row, newest first, handed to `row` one by one; read from the
    /// database a page at a time (each page starts below the last id read, so
    /// rows written meanwhile neither repeat nor shift it).
    pub fn audit_log_each<E: From<StoreError>>(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
        mut row: impl FnMut(AuditRow) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        actor.require(Action::ReadAuditLog)?;
        let mut below = None;
        loop {
            let page = self.audit_page(filter, below, 0, EXPORT_PAGE)?;
            let Some(last) = page.last().map(|r| r.entry.id) else {
                return Ok(());
            };
            let full = page.len() == EXPORT_PAGE;
            for r in page {
                row(r)?;
            }
            if !full {
                return Ok(());
            }
            below = Some(last);
        }
    }

    fn audit_page(
        &self,
        filter: &AuditFilter,
        below: Option<i64>,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<AuditRow>> {
        let (mut clause, mut values) = where_clause(filter);
        if let Some(id) = below {
            values.push(Value::Integer(id));
            let join = if clause.is_empty() { "WHERE" } else { " AND" };
            clause.push_str(&format!("{join} a.id < ?{}", values.len()));
        }
        values.push(Value::Integer(to_i64(limit)));
        values.push(Value::Integer(to_i64(offset)));
        let n = values.len();
        let sql = format!(
            "SELECT a.id, a.at, a.actor, a.entity, a.entity_id, a.action, a.old_value,
                    a.new_value, u.display_name
             FROM audit_log a LEFT JOIN users u ON u.username = a.actor
             {clause} ORDER BY a.id DESC LIMIT ?{} OFFSET ?{n}",
            n - 1
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(values), read_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The users, entities and actions found in the log, for the filters.
    pub fn audit_log_choices(&self, actor: &Actor) -> Result<AuditChoices> {
        actor.require(Action::ReadAuditLog)?;
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT a.actor, coalesce(u.display_name, '')
             FROM (SELECT DISTINCT actor FROM audit_log) a
             LEFT JOIN users u ON u.username = a.actor ORDER BY a.actor",
        )?;
        let users = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let distinct = |column: &str| -> Result<Vec<String>> {
            // `column` is one of the two literals below, never typed text.
            let mut stmt = conn.prepare(&format!(
                "SELECT DISTINCT {column} FROM audit_log ORDER BY {column}"
            ))?;
            let values = stmt
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(values)
        };
        Ok(AuditChoices {
            users,
            entities: distinct("entity")?,
            actions: distinct("action")?,
        })
    }

    /// Problems in the log's hash chain (empty when intact), for its readers.
    pub fn audit_log_problems(&self, actor: &Actor) -> Result<Vec<String>> {
        actor.require(Action::ReadAuditLog)?;
        self.verify_audit_chain()
    }
}
