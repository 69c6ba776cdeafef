//! 绩效目标申报: a program-year's declaration, its 实施进度计划, its state
//! (编制 → 已申报 → 已批复) and the 调整 of approved targets. Each step is one
//! transaction with its audit row, refused unless the actor may edit the
//! evaluation and the state allows it (`domain::declaration`). The lock on the
//! indicator set itself is checked where the set is saved (`evaluation`).

use std::str::FromStr;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use rust_decimal::Decimal;
use serde_json::{Value, json};

mod adjust;

use super::audit::AuditWriter;
use super::{Actor, Result, Store, StoreError, now_stamp};
use crate::domain::Money;
use crate::domain::dates::iso;
use crate::domain::declaration::{
    Approval, Attribute, Declaration, DeclarationFields, DeclarationState, FundSource,
    SourceAmounts, Stage, Step,
};
use crate::domain::user::Action;

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("绩效目标申报的{what}「{value}」"))
}

fn date_of(text: &str, what: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| corrupt(what, text))
}

fn decimal_of(text: Option<String>) -> Result<Option<Decimal>> {
    text.map(|t| Decimal::from_str(&t).map_err(|_| corrupt("指标值", &t)))
        .transpose()
}

/// The fields as the audit log holds them.
fn fields_json(f: &DeclarationFields) -> Value {
    json!({
        "project": f.project, "department": f.department, "unit": f.unit,
        "attribute": f.attribute.code(), "term": f.term,
        "funds": FundSource::ALL.iter()
            .map(|s| (s.code().to_owned(), Value::from(f.funds.get(*s).plain())))
            .collect::<serde_json::Map<_, _>>(),
        "overall_goal": f.overall_goal, "annual_goal": f.annual_goal,
        "stages": f.stages.iter().map(|s| json!({
            "task": s.task, "start": iso(s.start), "end": iso(s.end)
        })).collect::<Vec<_>>(),
    })
}

fn stages_tx(conn: &Connection, program_year_id: i64) -> Result<Vec<Stage>> {
    let mut stmt = conn.prepare_cached(
        "SELECT task, start_date, end_date FROM declaration_stages
         WHERE program_year_id = ?1 ORDER BY sort_order, id",
    )?;
    let rows = stmt
        .query_map([program_year_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(task, start, end)| {
            Ok(Stage {
                task,
                start: date_of(&start, "开始日期")?,
                end: date_of(&end, "结束日期")?,
            })
        })
        .collect()
}

/// The columns of a declarations row, read as text and 分.
struct Row {
    state: String,
    project: String,
    department: String,
    unit: String,
    attribute: String,
    term: String,
    fen: [i64; 5],
    overall_goal: String,
    annual_goal: String,
    declared_at: Option<String>,
    declared_by: Option<String>,
    approved_date: Option<String>,
    doc_no: Option<String>,
    approved_by: Option<String>,
}

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        state: r.get(0)?,
        project: r.get(1)?,
        department: r.get(2)?,
        unit: r.get(3)?,
        attribute: r.get(4)?,
        term: r.get(5)?,
        fen: [r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?],
        overall_goal: r.get(11)?,
        annual_goal: r.get(12)?,
        declared_at: r.get(13)?,
        declared_by: r.get(14)?,
        approved_date: r.get(15)?,
        doc_no: r.get(16)?,
        approved_by: r.get(17)?,
    })
}

/// A program-year's declaration; a year with none saved is in 编制 with the
/// program's names and the year as its term.
pub(crate) fn declaration_tx(conn: &Connection, program_year_id: i64) -> Result<Declaration> {
    let row = conn
        .prepare_cached(
            "SELECT state, project, department, unit, attribute, term, central_fen,
                    provincial_fen, city_fen, county_fen, other_fen, overall_goal, annual_goal,
                    declared_at, declared_by, approved_date, approval_doc_no, approved_by
             FROM declarations WHERE program_year_id = ?1",
        )?
        .query_row([program_year_id], read_row)
        .optional()?;
    let Some(row) = row else {
        let (name, department, unit, year): (String, String, String, i32) = conn.query_row(
            "SELECT p.name, p.department, p.unit, y.year FROM program_years y
             JOIN programs p ON p.id = y.program_id WHERE y.id = ?1",
            [program_year_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        return Ok(Declaration {
            state: DeclarationState::Draft,
            fields: DeclarationFields::blank(&name, &department, &unit, year),
            declared: None,
            approval: None,
        });
    };
    let mut funds = SourceAmounts::default();
    for (source, fen) in FundSource::ALL.into_iter().zip(row.fen) {
        funds.set(source, Money::from_fen(fen));
    }
    let approval = match (row.approved_date, row.doc_no) {
        (Some(date), Some(doc_no)) => Some(Approval {
            date: date_of(&date, "批复日期")?,
            doc_no,
            recorded_by: row.approved_by.unwrap_or_default(),
        }),
        _ => None,
    };
    Ok(Declaration {
        state: DeclarationState::from_code(&row.state)
            .ok_or_else(|| corrupt("状态", &row.state))?,
        fields: DeclarationFields {
            project: row.project,
            department: row.department,
            unit: row.unit,
            attribute: Attribute::from_code(&row.attribute)
                .ok_or_else(|| corrupt("项目属性", &row.attribute))?,
            term: row.term,
            funds,
            overall_goal: row.overall_goal,
            annual_goal: row.annual_goal,
            stages: stages_tx(conn, program_year_id)?,
        },
        declared: row.declared_at.zip(row.declared_by),
        approval,
    })
}

/// Write the fields (the row made if there is none, in 编制) and the stages.
fn write_fields(conn: &Connection, program_year_id: i64, f: &DeclarationFields) -> Result<()> {
    let fen = FundSource::ALL.map(|s| f.funds.get(s).fen());
    conn.prepare_cached(
        "INSERT INTO declarations (program_year_id, project, department, unit, attribute, term,
             central_fen, provincial_fen, city_fen, county_fen, other_fen, overall_goal, annual_goal)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
         ON CONFLICT (program_year_id) DO UPDATE SET project = excluded.project,
             department = excluded.department, unit = excluded.unit,
             attribute = excluded.attribute, term = excluded.term,
             central_fen = excluded.central_fen, provincial_fen = excluded.provincial_fen,
             city_fen = excluded.city_fen, county_fen = excluded.county_fen,
             other_fen = excluded.other_fen, overall_goal = excluded.overall_goal,
             annual_goal = excluded.annual_goal",
    )?
    .execute(params![
        program_year_id,
        f.project.trim(),
        f.department.trim(),
        f.unit.trim(),
        f.attribute.code(),
        f.term.trim(),
        fen[0],
        fen[1],
        fen[2],
        fen[3],
        fen[4],
        f.overall_goal.trim(),
        f.annual_goal.trim(),
    ])?;
    conn.execute(
        "DELETE FROM declaration_stages WHERE program_year_id = ?1",
        [program_year_id],
    )?;
    for (i, s) in f.stages.iter().enumerate() {
        conn.prepare_cached(
            "INSERT INTO declaration_stages (program_year_id, sort_order, task, start_date, end_date)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            program_year_id,
            i as i64,
            s.task.trim(),
            iso(s.start),
            iso(s.end)
        ])?;
    }
    Ok(())
}

/// Save the fields of a declaration in 编制, logging the change.
pub(crate) fn save_fields_tx(
    conn: &Connection,
    program_year_id: i64,
    fields: &DeclarationFields,
    actor: &Actor,
) -> Result<()> {
    let old = declaration_tx(conn, program_year_id)?;
    if !old.state.editable() {
        return Err(StoreError::Invalid(format!(
            "绩效目标已是「{}」，申报内容不能修改{}",
            old.state.label(),
            match old.state {
                DeclarationState::Declared => "；如需修改，请先撤回申报",
                DeclarationState::Draft | DeclarationState::Approved => "",
            }
        )));
    }
    if let Some(p) = fields.problems().into_iter().next() {
        return Err(StoreError::Invalid(p));
    }
    let saved: bool = conn.query_row(
        "SELECT count(*) > 0 FROM declarations WHERE program_year_id = ?1",
        [program_year_id],
        |r| r.get(0),
    )?;
    if saved && &old.fields == fields {
        return Ok(());
    }
    write_fields(conn, program_year_id, fields)?;
    AuditWriter::new(conn, actor)?.log(
        "declaration",
        Some(program_year_id),
        if saved { "update" } else { "insert" },
        saved.then(|| fields_json(&old.fields).to_string()),
        Some(fields_json(fields).to_string()),
    )
}

/// Move the declaration by `step` (申报, 撤回, 批复), checking that the state
/// allows it, and log it.
fn step_tx(
    conn: &Connection,
    program_year_id: i64,
    step: Step,
    actor: &Actor,
    approval: Option<(NaiveDate, &str)>,
) -> Result<DeclarationState> {
    let old = declaration_tx(conn, program_year_id)?;
    let state = old.state.after(step).map_err(StoreError::Invalid)?;
    if step == Step::Declare {
        let lines = super::evaluation::indicators_tx(conn, program_year_id)?;
        let missing = old.fields.missing_for_declaring(&lines);
        if !missing.is_empty() {
            return Err(StoreError::Invalid(format!(
                "还不能申报：{}",
                missing.join("；")
            )));
        }
        // A year never saved gets its row now, with the fields shown.
        write_fields(conn, program_year_id, &old.fields)?;
    }
    let now = now_stamp();
    let (action, new) = match (step, approval) {
        (Step::Declare, _) => {
            conn.execute(
                "UPDATE declarations SET state = ?2, declared_at = ?3, declared_by = ?4
                 WHERE program_year_id = ?1",
                params![program_year_id, state.code(), now, actor.display_name],
            )?;
            ("declare", json!({"state": state.code()}))
        }
        (Step::Withdraw, _) => {
            conn.execute(
                "UPDATE declarations SET state = ?2, declared_at = NULL, declared_by = NULL
                 WHERE program_year_id = ?1",
                params![program_year_id, state.code()],
            )?;
            ("withdraw", json!({"state": state.code()}))
        }
        (Step::Approve, Some((_, doc_no))) if doc_no.trim().is_empty() => {
            return Err(StoreError::Invalid("请填写批复文号".into()));
        }
        (Step::Approve, Some((date, doc_no))) => {
            let doc_no = doc_no.trim();
            conn.execute(
                "UPDATE declarations SET state = ?2, approved_date = ?3, approval_doc_no = ?4,
                     approved_by = ?5
                 WHERE program_year_id = ?1",
                params![
                    program_year_id,
                    state.code(),
                    iso(date),
                    doc_no,
                    actor.display_name
                ],
            )?;
            (
                "approve_targets",
                json!({"state": state.code(), "date": iso(date), "doc_no": doc_no}),
            )
        }
        (Step::Approve | Step::Adjust, _) => {
            return Err(StoreError::Invalid("缺少批复日期或文号".into()));
        }
    };
    AuditWriter::new(conn, actor)?.log(
        "declaration",
        Some(program_year_id),
        action,
        Some(json!({"state": old.state.code()}).to_string()),
        Some(new.to_string()),
    )?;
    Ok(state)
}

/// 申报 inside a transaction (the demo's build).
pub(crate) fn declare_tx(conn: &Connection, program_year_id: i64, actor: &Actor) -> Result<()> {
    actor.require(Action::EditEvaluation)?;
    step_tx(conn, program_year_id, Step::Declare, actor, None).map(drop)
}

/// 登记批复 inside a transaction (the demo's build).
pub(crate) fn approve_tx(
    conn: &Connection,
    program_year_id: i64,
    date: NaiveDate,
    doc_no: &str,
    actor: &Actor,
) -> Result<()> {
    actor.require(Action::EditEvaluation)?;
    step_tx(
        conn,
        program_year_id,
        Step::Approve,
        actor,
        Some((date, doc_no)),
    )
    .map(drop)
}

/// Start the next year's declaration from `from`'s: the same fields (stages a
/// year later), in 编制. Nothing is written when `from` has none saved.
pub(crate) fn copy_declaration_tx(
    conn: &Connection,
    from: i64,
    to: i64,
    actor: &Actor,
) -> Result<()> {
    let saved: bool = conn.query_row(
        "SELECT count(*) > 0 FROM declarations WHERE program_year_id = ?1",
        [from],
        |r| r.get(0),
    )?;
    if !saved {
        return Ok(());
    }
    let old = declaration_tx(conn, from)?.fields;
    let next = |d: NaiveDate| d.checked_add_months(chrono::Months::new(12)).unwrap_or(d);
    let to_year: i32 =
        conn.query_row("SELECT year FROM program_years WHERE id = ?1", [to], |r| {
            r.get(0)
        })?;
    let fields = DeclarationFields {
        term: DeclarationFields::blank("", "", "", to_year).term,
        stages: old
            .stages
            .iter()
            .map(|s| Stage {
                task: s.task.clone(),
                start: next(s.start),
                end: next(s.end),
            })
            .collect(),
        ..old
    };
    save_fields_tx(conn, to, &fields, actor)
}

impl Store {
    /// A program-year's declaration (编制 with the program's names if none is
    /// saved).
    pub fn declaration(&self, program_year_id: i64) -> Result<Declaration> {
        declaration_tx(self.conn(), program_year_id)
    }

    /// Save the declaration's fields; only in 编制.
    pub fn save_declaration(
        &mut self,
        program_year_id: i64,
        fields: &DeclarationFields,
        actor: &Actor,
    ) -> Result<()> {
        actor.require(Action::EditEvaluation)?;
        self.write(|tx| save_fields_tx(tx, program_year_id, fields, actor))
    }

    /// 申报: 编制 → 已申报, once every field, the plan and each target is there.
    pub fn declare(&mut self, program_year_id: i64, actor: &Actor) -> Result<()> {
        self.write(|tx| declare_tx(tx, program_year_id, actor))
    }

    /// 撤回申报: 已申报 → 编制 (returned for changes).
    pub fn withdraw_declaration(&mut self, program_year_id: i64, actor: &Actor) -> Result<()> {
        actor.require(Action::EditEvaluation)?;
        self.write(|tx| step_tx(tx, program_year_id, Step::Withdraw, actor, None))
            .map(drop)
    }

    /// 登记批复: 已申报 → 已批复 on `date` under 文号 `doc_no`; the targets are
    /// locked from then on.
    pub fn approve_declaration(
        &mut self,
        program_year_id: i64,
        date: NaiveDate,
        doc_no: &str,
        actor: &Actor,
    ) -> Result<()> {
        self.write(|tx| approve_tx(tx, program_year_id, date, doc_no, actor))
    }
}
