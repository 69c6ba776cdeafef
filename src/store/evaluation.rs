//! The self-evaluation of a program-year: its indicator set and the narrative of
//! its report. Saving either is one transaction with one audit row per changed
//! indicator or section.

use std::str::FromStr;

use rusqlite::{Connection, params};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::audit::AuditWriter;
use super::{Actor, Result, Store, StoreError};
use crate::domain::declaration::locked_change;
use crate::domain::scoring::{Actual, IndicatorLine, Nature, Tier};
use crate::domain::user::Action;

fn decimal(text: Option<String>, what: &str) -> Result<Option<Decimal>> {
    text.map(|t| {
        Decimal::from_str(&t).map_err(|_| StoreError::Invalid(format!("{what}「{t}」不是数字")))
    })
    .transpose()
}

/// An actual as its three columns: the typed value, the tier and the judged score.
fn actual_columns(actual: &Actual) -> (Option<String>, Option<&'static str>, Option<String>) {
    match actual {
        Actual::Missing => (None, None, None),
        Actual::Value(v) => (Some(v.to_string()), None, None),
        Actual::Judged { tier, score } => (None, Some(tier.label()), Some(score.to_string())),
    }
}

/// The JSON an audit row holds for a line.
fn line_json(l: &IndicatorLine) -> Value {
    let (actual, tier, judged) = actual_columns(&l.actual);
    json!({
        "level1": l.level1, "level2": l.level2, "name": l.name,
        "nature": l.nature.symbol(), "target": l.target.map(|t| t.to_string()),
        "target_text": l.target_text, "unit": l.unit, "weight": l.weight.to_string(),
        "metric": l.metric, "actual": actual, "actual_text": l.actual_text,
        "tier": tier, "judged_score": judged, "reason": l.reason,
        "budget_execution": l.budget_execution,
    })
}

/// The indicators of a program-year in print order. A line with a metric keeps
/// what was last typed as its actual; the report layer replaces it with the
/// metric's value.
pub(crate) fn indicators_tx(conn: &Connection, program_year_id: i64) -> Result<Vec<IndicatorLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT level1, level2, name, nature, target, target_text, unit, weight, metric,
                actual, actual_text, tier, judged_score, reason, budget_execution
         FROM indicators WHERE program_year_id = ?1 ORDER BY sort_order, id",
    )?;
    type Row = (
        String,
        String,
        String,
        String,
        Option<String>,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        String,
        Option<String>,
        Option<String>,
        String,
        bool,
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
                r.get(9)?,
                r.get(10)?,
                r.get(11)?,
                r.get(12)?,
                r.get(13)?,
                r.get(14)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<Row>>>()?;
    rows.into_iter()
        .map(
            |(
                level1,
                level2,
                name,
                nature,
                target,
                target_text,
                unit,
                weight,
                metric,
                actual,
                actual_text,
                tier,
                judged,
                reason,
                budget_execution,
            )| {
                let nature = Nature::from_symbol(&nature)
                    .ok_or_else(|| StoreError::Invalid(format!("指标性质「{nature}」无效")))?;
                let actual = match (tier.as_deref().and_then(Tier::from_label), judged) {
                    (Some(tier), Some(score)) => Actual::Judged {
                        tier,
                        score: decimal(Some(score), "得分")?.unwrap_or_default(),
                    },
                    _ => match decimal(actual, "实际完成值")? {
                        Some(v) => Actual::Value(v),
                        None => Actual::Missing,
                    },
                };
                Ok(IndicatorLine {
                    target: decimal(target, "年度指标值")?,
                    weight: decimal(Some(weight), "分值")?.unwrap_or_default(),
                    level1,
                    level2,
                    name,
                    nature,
                    target_text,
                    unit,
                    metric,
                    actual,
                    actual_text,
                    reason,
                    budget_execution,
                })
            },
        )
        .collect()
}

fn insert_line(
    conn: &Connection,
    program_year_id: i64,
    order: usize,
    l: &IndicatorLine,
) -> Result<()> {
    let (actual, tier, judged) = actual_columns(&l.actual);
    conn.prepare_cached(
        "INSERT INTO indicators (program_year_id, sort_order, level1, level2, name, nature,
             target, target_text, unit, weight, metric, actual, actual_text, tier,
             judged_score, reason, budget_execution)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?
    .execute(params![
        program_year_id,
        order as i64,
        l.level1.trim(),
        l.level2.trim(),
        l.name.trim(),
        l.nature.symbol(),
        l.target.map(|t| t.to_string()),
        l.target_text.trim(),
        l.unit.trim(),
        l.weight.to_string(),
        l.metric,
        actual,
        l.actual_text.trim(),
        tier,
        judged,
        l.reason.trim(),
        l.budget_execution,
    ])?;
    Ok(())
}

/// Replace a program-year's indicator set with `lines`, logging each line that was
/// added, changed or removed.
pub(crate) fn save_indicators_tx(
    conn: &Connection,
    program_year_id: i64,
    lines: &[IndicatorLine],
    actor: &Actor,
) -> Result<()> {
    for l in lines {
        if l.name.trim().is_empty() {
            return Err(StoreError::Invalid("三级指标名称不能为空".into()));
        }
    }
    let old = indicators_tx(conn, program_year_id)?;
    let state = super::target_lock::declaration_state_tx(conn, program_year_id)?;
    if let Some(why) = locked_change(state, &old, lines) {
        return Err(StoreError::Invalid(why));
    }
    conn.execute(
        "DELETE FROM indicators WHERE program_year_id = ?1",
        [program_year_id],
    )?;
    for (i, l) in lines.iter().enumerate() {
        insert_line(conn, program_year_id, i, l)?;
    }
    let mut audit = AuditWriter::new(conn, actor)?;
    for i in 0..old.len().max(lines.len()) {
        let (before, after) = (old.get(i), lines.get(i));
        if before == after {
            continue;
        }
        let action = match (before, after) {
            (None, _) => "insert",
            (_, None) => "delete",
            _ => "update",
        };
        audit.log(
            "indicator",
            Some(program_year_id),
            action,
            before.map(|l| json!({"position": i + 1, "line": line_json(l)}).to_string()),
            after.map(|l| json!({"position": i + 1, "line": line_json(l)}).to_string()),
        )?;
    }
    Ok(())
}

/// The narrative sections saved for a program-year: (section key, text).
pub(crate) fn narratives_tx(
    conn: &Connection,
    program_year_id: i64,
) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT section, body FROM narratives WHERE program_year_id = ?1 ORDER BY section",
    )?;
    let rows = stmt
        .query_map([program_year_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Save narrative sections: each (key, text) replaces what was saved under that
/// key. A section whose text is unchanged writes nothing.
pub(crate) fn save_narratives_tx(
    conn: &Connection,
    program_year_id: i64,
    sections: &[(String, String)],
    actor: &Actor,
) -> Result<()> {
    let old = narratives_tx(conn, program_year_id)?;
    let mut audit = AuditWriter::new(conn, actor)?;
    for (key, body) in sections {
        let before = old.iter().find(|(k, _)| k == key).map(|(_, b)| b);
        if before == Some(body) {
            continue;
        }
        conn.prepare_cached(
            "INSERT INTO narratives (program_year_id, section, body) VALUES (?1, ?2, ?3)
             ON CONFLICT (program_year_id, section) DO UPDATE SET body = excluded.body",
        )?
        .execute(params![program_year_id, key, body])?;
        audit.log(
            "narrative",
            Some(program_year_id),
            if before.is_some() { "update" } else { "insert" },
            before.map(|b| json!({"section": key, "body": b}).to_string()),
            Some(json!({"section": key, "body": body}).to_string()),
        )?;
    }
    Ok(())
}

/// Copy a program-year's indicator set and narrative into the next year: the
/// targets (as adjusted), weights, metrics and text stay; typed actuals,
/// judgements and reasons are cleared. (`declaration::copy_declaration_tx` copies
/// the declaration beside it.)
pub(crate) fn copy_evaluation_tx(
    conn: &Connection,
    from: i64,
    to: i64,
    actor: &Actor,
) -> Result<()> {
    let lines: Vec<IndicatorLine> = indicators_tx(conn, from)?
        .into_iter()
        .map(|l| IndicatorLine {
            actual: Actual::Missing,
            actual_text: String::new(),
            reason: String::new(),
            ..l
        })
        .collect();
    if !lines.is_empty() {
        save_indicators_tx(conn, to, &lines, actor)?;
    }
    let text = narratives_tx(conn, from)?;
    if !text.is_empty() {
        save_narratives_tx(conn, to, &text, actor)?;
    }
    Ok(())
}

impl Store {
    /// The indicator set of a program-year, in print order.
    pub fn indicators(&self, program_year_id: i64) -> Result<Vec<IndicatorLine>> {
        indicators_tx(self.conn(), program_year_id)
    }

    /// Save the whole indicator set of a program-year.
    pub fn save_indicators(
        &mut self,
        program_year_id: i64,
        lines: &[IndicatorLine],
        actor: &Actor,
    ) -> Result<()> {
        actor.require(Action::EditEvaluation)?;
        self.write(|tx| save_indicators_tx(tx, program_year_id, lines, actor))
    }

    /// The narrative sections saved for a program-year.
    pub fn narratives(&self, program_year_id: i64) -> Result<Vec<(String, String)>> {
        narratives_tx(self.conn(), program_year_id)
    }

    /// Save narrative sections of a program-year.
    pub fn save_narratives(
        &mut self,
        program_year_id: i64,
        sections: &[(String, String)],
        actor: &Actor,
    ) -> Result<()> {
        actor.require(Action::EditEvaluation)?;
        self.write(|tx| save_narratives_tx(tx, program_year_id, sections, actor))
    }
}
