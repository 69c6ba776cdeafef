//! Programs, program years and their year-versioned parameters, the lookup of a
//! program-year's id, and starting the next year (its balance carried in).

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

use super::audit::AuditWriter;
use super::funds::{Links, Posting, insert_entry_tx, kind_sums};
use super::{Actor, Result, Store, StoreError, now_stamp};
use rust_decimal::Decimal;

use crate::domain::Money;
use crate::domain::assistance::{GroupParams, InpatientParams};
use crate::domain::fund::{EntryKind, FundTotals};
use crate::domain::program::{
    CategoryParams, KindParams, ParamRows, Program, ProgramKind, ProgramYear, YearParams,
};
use crate::domain::user::Action;

/// What a new program is made of.
#[derive(Clone, Debug)]
pub struct NewProgram {
    pub code: String,
    pub name: String,
    pub kind: ProgramKind,
    pub department: String,
    pub unit: String,
}

fn read_program(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Program, String)> {
    let kind: String = r.get(3)?;
    Ok((
        Program {
            id: r.get(0)?,
            code: r.get(1)?,
            name: r.get(2)?,
            kind: ProgramKind::Lixiu,
            department: r.get(4)?,
            unit: r.get(5)?,
        },
        kind,
    ))
}

fn with_kind((mut p, kind): (Program, String)) -> Result<Program> {
    p.kind = ProgramKind::from_code(&kind)
        .ok_or_else(|| StoreError::Corrupt(format!("项目类型 {kind}")))?;
    Ok(p)
}

/// The kind of a program, by id.
pub(crate) fn program_kind(conn: &Connection, program_id: i64) -> Result<ProgramKind> {
    let kind: String = conn.query_row(
        "SELECT kind FROM programs WHERE id = ?1",
        [program_id],
        |r| r.get(0),
    )?;
    ProgramKind::from_code(&kind).ok_or_else(|| StoreError::Corrupt(format!("项目类型 {kind}")))
}

const PROGRAM_COLS: &str = "id, code, name, kind, department, unit";

const CATEGORY_COLS: &str = "category, quota_fen, premium_fen,
    inpatient_deductible_fen, inpatient_rate_local, inpatient_rate_above, inpatient_cap_fen,
    catastrophic_deductible_fen, catastrophic_rate, catastrophic_cap_fen,
    outpatient_deductible_fen, outpatient_rate, outpatient_cap_fen";

/// The id of a program's year, or a clear error when the year is not open.
pub(crate) fn program_year_id(conn: &Connection, program_id: i64, year: i32) -> Result<i64> {
    conn.query_row(
        "SELECT id FROM program_years WHERE program_id = ?1 AND year = ?2",
        params![program_id, year],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("{year}年度")))
}

fn rate(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Decimal> {
    let text: String = r.get(i)?;
    text.parse::<Decimal>().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn read_category(r: &rusqlite::Row<'_>) -> rusqlite::Result<CategoryParams> {
    let fen = |i: usize| -> rusqlite::Result<Money> { Ok(Money::from_fen(r.get(i)?)) };
    Ok(CategoryParams {
        category: r.get(0)?,
        quota: fen(1)?,
        premium: fen(2)?,
        inpatient: InpatientParams {
            deductible: fen(3)?,
            rate_local_percent: rate(r, 4)?,
            rate_above_percent: rate(r, 5)?,
            cap: fen(6)?,
        },
        catastrophic: GroupParams {
            deductible: fen(7)?,
            rate_percent: rate(r, 8)?,
            cap: fen(9)?,
        },
        outpatient: GroupParams {
            deductible: fen(10)?,
            rate_percent: rate(r, 11)?,
            cap: fen(12)?,
        },
    })
}

/// Write a year's categories (replacing what it had).
fn write_categories(
    tx: &Connection,
    program_year_id: i64,
    categories: &[CategoryParams],
) -> Result<()> {
    tx.execute(
        "DELETE FROM category_params WHERE program_year_id = ?1",
        [program_year_id],
    )?;
    let mut stmt = tx.prepare_cached(&format!(
        "INSERT INTO category_params (program_year_id, sort_order, {CATEGORY_COLS})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
    ))?;
    for (i, c) in categories.iter().enumerate() {
        stmt.execute(params![
            program_year_id,
            i as i64,
            c.category,
            c.quota.fen(),
            c.premium.fen(),
            c.inpatient.deductible.fen(),
            c.inpatient.rate_local_percent.normalize().to_string(),
            c.inpatient.rate_above_percent.normalize().to_string(),
            c.inpatient.cap.fen(),
            c.catastrophic.deductible.fen(),
            c.catastrophic.rate_percent.normalize().to_string(),
            c.catastrophic.cap.fen(),
            c.outpatient.deductible.fen(),
            c.outpatient.rate_percent.normalize().to_string(),
            c.outpatient.cap.fen(),
        ])?;
    }
    Ok(())
}

/// Write all of a year's parameters (replacing what it had): categories, layers
/// and the scalars.
fn write_params(tx: &Connection, program_year_id: i64, params: &YearParams) -> Result<()> {
    let kind = program_kind(tx, year_program_id(tx, program_year_id)?)?;
    if !params.is_of(kind) {
        return Err(StoreError::Invalid(format!(
            "政策参数与项目类型「{}」不符",
            kind.label()
        )));
    }
    write_categories(tx, program_year_id, &params.categories)?;
    write_layers(tx, program_year_id, &params.layers)?;
    for (key, value) in params.scalar_rows() {
        tx.execute(
            "INSERT INTO year_params (program_year_id, key, int_value) VALUES (?1, ?2, ?3)
             ON CONFLICT (program_year_id, key) DO UPDATE SET int_value = excluded.int_value",
            params![program_year_id, key, value],
        )?;
    }
    Ok(())
}

/// Write a year's other protection layers (replacing what it had).
fn write_layers(tx: &Connection, program_year_id: i64, layers: &[String]) -> Result<()> {
    tx.execute(
        "DELETE FROM layer_params WHERE program_year_id = ?1",
        [program_year_id],
    )?;
    for (i, layer) in layers.iter().enumerate() {
        tx.execute(
            "INSERT INTO layer_params (program_year_id, layer, sort_order) VALUES (?1, ?2, ?3)",
            params![program_year_id, layer, i as i64],
        )?;
    }
    Ok(())
}

/// The program a program-year belongs to.
fn year_program_id(conn: &Connection, program_year_id: i64) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT program_id FROM program_years WHERE id = ?1",
        [program_year_id],
        |r| r.get(0),
    )?)
}

pub(crate) fn year_params(conn: &Connection, program_year_id: i64) -> Result<YearParams> {
    let kind = program_kind(conn, year_program_id(conn, program_year_id)?)?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CATEGORY_COLS} FROM category_params
         WHERE program_year_id = ?1 ORDER BY sort_order, category"
    ))?;
    let categories = stmt
        .query_map([program_year_id], read_category)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT layer FROM layer_params WHERE program_year_id = ?1 ORDER BY sort_order",
    )?;
    let layers = stmt
        .query_map([program_year_id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT key, int_value FROM year_params
         WHERE program_year_id = ?1 AND int_value IS NOT NULL",
    )?;
    let scalars = stmt
        .query_map([program_year_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<(String, i64)>>>()?;
    Ok(YearParams::from_rows(
        kind,
        ParamRows {
            categories,
            layers,
            scalars,
        },
    ))
}

fn category_json(c: &CategoryParams) -> serde_json::Value {
    json!({
        "category": c.category, "quota": c.quota.plain(), "premium": c.premium.plain(),
        "inpatient": [c.inpatient.deductible.plain(), c.inpatient.rate_local_percent.normalize().to_string(),
                      c.inpatient.rate_above_percent.normalize().to_string(), c.inpatient.cap.plain()],
        "catastrophic": [c.catastrophic.deductible.plain(), c.catastrophic.rate_percent.normalize().to_string(), c.catastrophic.cap.plain()],
        "outpatient": [c.outpatient.deductible.plain(), c.outpatient.rate_percent.normalize().to_string(), c.outpatient.cap.plain()],
    })
}

fn params_json(p: &YearParams) -> String {
    let mut value = json!({
        "categories": p.categories.iter().map(category_json).collect::<Vec<_>>(),
        "layers": p.layers,
    });
    match &p.kind {
        KindParams::Lixiu(l) => {
            value["pooling_standard"] = json!(l.pooling_standard.plain());
            value["out_of_catalog_percent"] = json!(l.out_of_catalog_percent);
        }
        KindParams::Jiuzhu => {}
    }
    value.to_string()
}

impl Store {
    /// Every program, by code.
    pub fn programs(&self) -> Result<Vec<Program>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {PROGRAM_COLS} FROM programs ORDER BY code"
        ))?;
        let rows = stmt.query_map([], read_program)?;
        rows.map(|r| with_kind(r?)).collect()
    }

    /// The program with this code.
    pub fn program_by_code(&self, code: &str) -> Result<Program> {
        let row = self
            .conn()
            .query_row(
                &format!("SELECT {PROGRAM_COLS} FROM programs WHERE code = ?1"),
                [code],
                read_program,
            )
            .optional()?;
        with_kind(row.ok_or_else(|| StoreError::NotFound(format!("项目代码「{code}」")))?)
    }

    /// Create a program; refuses a code already used.
    pub fn create_program(&mut self, p: &NewProgram, actor: &Actor) -> Result<i64> {
        self.write(|tx| create_program_tx(tx, p, actor))
    }

    /// Create a program with its first year, in one transaction.
    pub fn create_program_with_year(
        &mut self,
        p: &NewProgram,
        year: i32,
        params: &YearParams,
        actor: &Actor,
    ) -> Result<i64> {
        self.write(|tx| {
            let id = create_program_tx(tx, p, actor)?;
            add_year_tx(tx, id, year, params, actor)?;
            Ok(id)
        })
    }

    /// The years of a program, oldest first.
    pub fn program_years(&self, program_id: i64) -> Result<Vec<ProgramYear>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id, year FROM program_years WHERE program_id = ?1 ORDER BY year")?;
        let ids = stmt
            .query_map([program_id], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i32>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        ids.into_iter()
            .map(|(id, year)| {
                Ok(ProgramYear {
                    id,
                    program_id,
                    year,
                    params: year_params(self.conn(), id)?,
                })
            })
            .collect()
    }

    /// One year of a program.
    pub fn program_year(&self, program_id: i64, year: i32) -> Result<ProgramYear> {
        self.program_years(program_id)?
            .into_iter()
            .find(|y| y.year == year)
            .ok_or_else(|| StoreError::NotFound(format!("{year}年度")))
    }

    /// Open a year with its parameters.
    pub fn add_program_year(
        &mut self,
        program_id: i64,
        year: i32,
        params: &YearParams,
        actor: &Actor,
    ) -> Result<i64> {
        self.write(|tx| add_year_tx(tx, program_id, year, params, actor))
    }
}

pub fn create_program_tx(tx: &Connection, p: &NewProgram, actor: &Actor) -> Result<i64> {
    actor.require(Action::ManageSettings)?;
    // Both head the 自评表 and the 绩效自评报告.
    for (label, value) in [("主管部门", &p.department), ("实施单位", &p.unit)] {
        if value.trim().is_empty() {
            return Err(StoreError::Invalid(format!(
                "{label}不能为空：它印在绩效自评表和自评报告的表头"
            )));
        }
    }
    let exists: Option<i64> = tx
        .query_row("SELECT id FROM programs WHERE code = ?1", [&p.code], |r| {
            r.get(0)
        })
        .optional()?;
    if exists.is_some() {
        return Err(StoreError::DuplicateProgram(p.code.clone()));
    }
    tx.execute(
        "INSERT INTO programs (code, name, kind, department, unit, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            p.code,
            p.name,
            p.kind.code(),
            p.department,
            p.unit,
            now_stamp()
        ],
    )?;
    let id = tx.last_insert_rowid();
    AuditWriter::new(tx, actor)?.log(
        "program",
        Some(id),
        "insert",
        None,
        Some(
            json!({"code": p.code, "name": p.name, "kind": p.kind.code(), "department": p.department, "unit": p.unit})
                .to_string(),
        ),
    )?;
    Ok(id)
}

pub fn add_year_tx(
    tx: &Connection,
    program_id: i64,
    year: i32,
    params: &YearParams,
    actor: &Actor,
) -> Result<i64> {
    actor.require(Action::ManageSettings)?;
    let exists: Option<i64> = tx
        .query_row(
            "SELECT id FROM program_years WHERE program_id = ?1 AND year = ?2",
            params![program_id, year],
            |r| r.get(0),
        )
        .optional()?;
    if exists.is_some() {
        return Err(StoreError::DuplicateYear(year));
    }
    tx.execute(
        "INSERT INTO program_years (program_id, year) VALUES (?1, ?2)",
        params![program_id, year],
    )?;
    let id = tx.last_insert_rowid();
    write_params(tx, id, params)?;
    AuditWriter::new(tx, actor)?.log(
        "program_year",
        Some(id),
        "insert",
        None,
        Some(
            json!({"program_id": program_id, "year": year, "params": params_json(params)})
                .to_string(),
        ),
    )?;
    Ok(id)
}

impl Store {
    /// Replace a program-year's parameters (政策参数): categories with their quota,
    /// premium, deductibles, rates and caps, the layers and the scalars, in one
    /// transaction with one audit row (old and new). Claims already stored keep
    /// their amounts until they are recomputed.
    pub fn save_year_params(
        &mut self,
        program_year_id: i64,
        params: &YearParams,
        actor: &Actor,
    ) -> Result<()> {
        actor.require(Action::ManageSettings)?;
        params.check().map_err(StoreError::Invalid)?;
        self.write(|tx| {
            let old = year_params(tx, program_year_id)?;
            if &old == params {
                return Ok(());
            }
            write_params(tx, program_year_id, params)?;
            AuditWriter::new(tx, actor)?.log(
                "program_year",
                Some(program_year_id),
                "params",
                Some(params_json(&old)),
                Some(params_json(params)),
            )
        })
    }
}

impl Store {
    /// Start year `year + 1` of a program from `year`: the same parameters, the
    /// indicator set and narrative (actuals cleared), the 绩效目标申报 in 编制, and
    /// the year's balance carried in. Returns the new program-year's id.
    pub fn start_next_year(&mut self, program_id: i64, year: i32, actor: &Actor) -> Result<i64> {
        actor.require(Action::ManageSettings)?;
        self.write(|tx| {
            let from = program_year_id(tx, program_id, year)?;
            let params = year_params(tx, from)?;
            let next = add_year_tx(tx, program_id, year + 1, &params, actor)?;
            super::evaluation::copy_evaluation_tx(tx, from, next, actor)?;
            super::declaration::copy_declaration_tx(tx, from, next, actor)?;
            let balance = FundTotals::from_sums(&kind_sums(tx, from)?).balance;
            let date = NaiveDate::from_ymd_opt(year + 1, 1, 1)
                .ok_or_else(|| StoreError::Invalid(format!("年度 {year} 无效")))?;
            let mut audit = AuditWriter::new(tx, actor)?;
            insert_entry_tx(
                tx,
                &mut audit,
                next,
                &Posting {
                    kind: EntryKind::CarryIn,
                    date,
                    doc_no: "",
                    quarter: None,
                    amount: balance,
                    counterparty: "",
                    note: &format!("{year}年度结余结转"),
                    source: None,
                },
                Links::default(),
            )?;
            Ok(next)
        })
    }
}
