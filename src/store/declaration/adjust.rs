//! 调整: an approved target changed with a reason and a date. The indicator row
//! takes the new target; a `target_adjustments` row keeps the one before and after,
//! so the 自评表 can print what was approved beside what it became.

use chrono::NaiveDate;
use rusqlite::{Connection, params};
use serde_json::{Value, json};

use super::{corrupt, date_of, decimal_of};
use crate::domain::dates::iso;
use crate::domain::declaration::{Adjustment, Step, Target};
use crate::domain::scoring::Nature;
use crate::domain::user::Action;
use crate::store::audit::AuditWriter;
use crate::store::{Actor, Result, Store, StoreError, now_stamp};

/// The 调整 of a program-year's targets, oldest first.
pub(crate) fn adjustments_tx(conn: &Connection, program_year_id: i64) -> Result<Vec<Adjustment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT position, indicator, before_target, before_text, after_target, after_text,
                adjusted_on, reason, created_by
         FROM target_adjustments WHERE program_year_id = ?1 ORDER BY id",
    )?;
    type Raw = (
        i64,
        String,
        Option<String>,
        String,
        Option<String>,
        String,
        String,
        String,
        String,
    );
    let rows = stmt
        .query_map([program_year_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<Raw>>>()?;
    rows.into_iter()
        .map(
            |(position, indicator, bt, btext, at, atext, on, reason, by)| {
                Ok(Adjustment {
                    position: usize::try_from(position).map_err(|_| corrupt("调整位置", "负数"))?,
                    indicator,
                    before: Target {
                        value: decimal_of(bt)?,
                        text: btext,
                    },
                    after: Target {
                        value: decimal_of(at)?,
                        text: atext,
                    },
                    date: date_of(&on, "调整日期")?,
                    reason,
                    by,
                })
            },
        )
        .collect()
}

fn target_json(t: &Target) -> Value {
    json!({"target": t.value.map(|v| v.normalize().to_string()), "text": t.text})
}

/// 调整 the target of indicator `position` of an approved set to `after`, dated
/// `date`, for `reason`.
fn adjust_tx(
    conn: &Connection,
    program_year_id: i64,
    position: usize,
    after: &Target,
    date: NaiveDate,
    reason: &str,
    actor: &Actor,
) -> Result<()> {
    crate::store::target_lock::declaration_state_tx(conn, program_year_id)?
        .after(Step::Adjust)
        .map_err(StoreError::Invalid)?;
    let lines = crate::store::evaluation::indicators_tx(conn, program_year_id)?;
    let line = lines
        .get(position)
        .ok_or_else(|| StoreError::NotFound(format!("第 {} 项绩效指标", position + 1)))?;
    if reason.trim().is_empty() {
        return Err(StoreError::Invalid(format!(
            "调整「{}」的年度指标值须写明原因",
            line.name
        )));
    }
    let after = Target {
        value: after.value,
        text: after.text.trim().to_owned(),
    };
    match (line.nature, after.value) {
        (Nature::Qualitative, _) if after.text.is_empty() => {
            return Err(StoreError::Invalid(format!(
                "「{}」是定性指标，请写明调整后的年度指标值",
                line.name
            )));
        }
        (Nature::AtLeast | Nature::AtMost | Nature::Equal, None) => {
            return Err(StoreError::Invalid(format!(
                "「{}」调整后的年度指标值须是数字",
                line.name
            )));
        }
        _ => {}
    }
    let before = Target::of(line);
    if before == after {
        return Err(StoreError::Invalid(format!(
            "「{}」的年度指标值已是 {}，无需调整",
            line.name,
            after.label_for(line)
        )));
    }
    conn.execute(
        "UPDATE indicators SET target = ?3, target_text = ?4
         WHERE program_year_id = ?1 AND sort_order = ?2",
        params![
            program_year_id,
            position as i64,
            after.value.map(|v| v.to_string()),
            after.text
        ],
    )?;
    conn.execute(
        "INSERT INTO target_adjustments (program_year_id, position, indicator, before_target,
             before_text, after_target, after_text, adjusted_on, reason, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            program_year_id,
            position as i64,
            line.name,
            before.value.map(|v| v.to_string()),
            before.text,
            after.value.map(|v| v.to_string()),
            after.text,
            iso(date),
            reason.trim(),
            now_stamp(),
            actor.display_name,
        ],
    )?;
    AuditWriter::new(conn, actor)?.log(
        "declaration",
        Some(program_year_id),
        "adjust_target",
        Some(json!({"position": position + 1, "indicator": line.name, "target": target_json(&before)}).to_string()),
        Some(
            json!({"position": position + 1, "indicator": line.name, "target": target_json(&after),
                   "date": iso(date), "reason": reason.trim()})
            .to_string(),
        ),
    )
}

impl Store {
    /// The 调整 of a program-year's approved targets, oldest first.
    pub fn target_adjustments(&self, program_year_id: i64) -> Result<Vec<Adjustment>> {
        adjustments_tx(self.conn(), program_year_id)
    }

    /// 调整 the target of indicator `position` (0-based) of an approved set.
    pub fn adjust_target(
        &mut self,
        program_year_id: i64,
        position: usize,
        after: &Target,
        date: NaiveDate,
        reason: &str,
        actor: &Actor,
    ) -> Result<()> {
        actor.require(Action::EditEvaluation)?;
        self.write(|tx| adjust_tx(tx, program_year_id, position, after, date, reason, actor))
    }
}
