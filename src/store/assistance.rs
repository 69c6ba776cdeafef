//! 医疗救助 in the store: recomputing a person's year of claims with the
//! assistance rule, the adjustments that carry a recomputed difference of a locked
//! month into the hospital's next transfer; the write of a 救助身份 import, which
//! recomputes the claims of the people it changed. The 资助参保 list is the premiums
//! module's, re-exported here.

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;
use rusqlite::{Connection, params};
use serde_json::json;

use super::audit::AuditWriter;
use super::identities::{IdentityChange, apply_change_tx};
use super::pay_rule::{ClaimRule, claim_rule};
use super::{Actor, Result, Store, StoreError, now_stamp};
use crate::domain::Money;
use crate::domain::assistance::{
    AssistanceClaim, AssistanceParams, DatedPerson, Group, HospitalTier, assist_dated,
};
use crate::domain::hospital::HospitalLevel;
use crate::domain::user::Action;

pub use super::premiums::{NewPremium, PremiumRow, PremiumTotals, add_premiums_tx};

/// The tier of a hospital for the ordinary-inpatient rate: 乡镇 and 县级 hospitals
/// inside the county pay the local rate; the rest pay the rate above county level.
pub fn hospital_tier(level: HospitalLevel, in_county: bool) -> HospitalTier {
    match (level, in_county) {
        (HospitalLevel::Township | HospitalLevel::County, true) => HospitalTier::TownshipOrCounty,
        _ => HospitalTier::AboveCountyOrOutside,
    }
}

/// The rule group of a claim.
pub fn claim_group(inpatient: bool, catastrophic: bool) -> Group {
    match (inpatient, catastrophic) {
        (true, true) => Group::Catastrophic,
        (true, false) => Group::Inpatient,
        (false, _) => Group::Outpatient,
    }
}

/// One stored claim as the recompute reads it.
struct Stored {
    claim: AssistanceClaim,
    locked: bool,
    program_id: i64,
    hospital_id: i64,
    payable: Money,
    explanation: String,
    /// Adjustments already recorded for the claim.
    adjusted: Money,
}

fn stored_claims(tx: &Connection, person_id: i64, year: i32) -> Result<Vec<Stored>> {
    let mut stmt = tx.prepare_cached(
        "SELECT c.id, c.visit_type, c.catastrophic, c.visit_date, c.total_fen, c.out_of_catalog_fen,
                (SELECT coalesce(sum(amount_fen), 0) FROM claim_layers l WHERE l.claim_id = c.id),
                h.level, h.in_county, r.locked, r.program_id, c.hospital_id, c.payable_fen, c.explanation,
                (SELECT coalesce(sum(amount_fen), 0) FROM claim_adjustments a WHERE a.claim_id = c.id),
                CASE c.audit_status WHEN 'reduced' THEN c.reduction_fen ELSE 0 END
         FROM claims c
         JOIN monthly_reports r ON r.id = c.report_id
         JOIN hospitals h ON h.id = c.hospital_id
         WHERE c.beneficiary_id = ?1 AND r.month LIKE ?2 AND c.audit_status <> 'refused'",
    )?;
    let rows = stmt.query_map(params![person_id, format!("{year:04}-%")], |r| {
        let visit: String = r.get(1)?;
        let level: String = r.get(7)?;
        let date: String = r.get(3)?;
        Ok((
            r.get::<_, i64>(0)?,
            visit == "inpatient",
            r.get::<_, bool>(2)?,
            date,
            [r.get::<_, i64>(4)?, r.get(5)?, r.get(6)?],
            (level, r.get::<_, bool>(8)?),
            r.get::<_, bool>(9)?,
            (r.get::<_, i64>(10)?, r.get::<_, i64>(11)?),
            (
                r.get::<_, i64>(12)?,
                r.get::<_, String>(13)?,
                r.get::<_, i64>(14)?,
            ),
            r.get::<_, i64>(15)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (
            id,
            inpatient,
            catastrophic,
            date,
            [total, out_of_catalog, layers],
            (level, in_county),
            locked,
            (program_id, hospital_id),
            (payable, explanation, adjusted),
            reduction,
        ) = row?;
        let level = super::hospitals::level_from_code(&level)
            .ok_or_else(|| StoreError::Corrupt(format!("医院级别 {level}")))?;
        let date = NaiveDate::parse_from_str(&date, "%Y-%m-%d")
            .map_err(|_| StoreError::Corrupt(format!("就诊日期 {date}")))?;
        out.push(Stored {
            claim: AssistanceClaim {
                id,
                seq: id,
                date,
                group: claim_group(inpatient, catastrophic),
                tier: hospital_tier(level, in_county),
                total: Money::from_fen(total),
                out_of_catalog: Money::from_fen(out_of_catalog),
                basic: Money::ZERO,
                serious: Money::ZERO,
                // Only the layers' sum matters to the base.
                other: Money::from_fen(layers),
                reduction: Money::from_fen(reduction),
            },
            locked,
            program_id,
            hospital_id,
            payable: Money::from_fen(payable),
            explanation,
            adjusted: Money::from_fen(adjusted),
        });
    }
    Ok(out)
}

fn person_tx(tx: &Connection, person_id: i64) -> Result<(String, DatedPerson)> {
    let (name, class_one): (String, bool) = tx.query_row(
        "SELECT name, class_one FROM beneficiaries WHERE id = ?1",
        [person_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((
        name,
        DatedPerson {
            identities: super::identities::person_spans(tx, person_id)?,
            class_one,
        },
    ))
}

/// Recompute every claim of a person in a year (all three groups) from the full
/// list, after a claim was added or audited (通过, 核减, 拒付 or back to 待审): a
/// 核减 counts against the cap at the audited amount.
///
/// - A claim of an open month gets its new amount and explanation, logged, except
///   `fresh` (the claim being added, which the caller logs).
/// - A claim of a locked month keeps what was approved: the difference becomes an
///   adjustment that the hospital's next approved month carries.
pub(crate) fn recompute_tx(
    tx: &Connection,
    audit: &mut AuditWriter<'_>,
    person_id: i64,
    year: i32,
    params: &AssistanceParams,
    fresh: Option<i64>,
) -> Result<Recomputed> {
    let mut done = Recomputed {
        persons: 1,
        ..Default::default()
    };
    let (name, person) = person_tx(tx, person_id)?;
    let stored = stored_claims(tx, person_id, year)?;
    let claims: Vec<AssistanceClaim> = stored.iter().map(|s| s.claim.clone()).collect();
    let results = assist_dated(&person, &claims, params)
        .map_err(|e| StoreError::Invalid(format!("「{name}」：{e}")))?;
    for (s, r) in stored.iter().zip(results) {
        let effective = s.payable + s.adjusted;
        if s.locked {
            let diff = r.pay - effective;
            if diff.is_zero() {
                continue;
            }
            let explanation = format!(
                "重新计算：{}；已核定 {}，调整 {}",
                r.explanation,
                effective.plain(),
                diff.plain()
            );
            tx.prepare_cached(
                "INSERT INTO claim_adjustments (claim_id, program_id, hospital_id, amount_fen, explanation, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                s.claim.id,
                s.program_id,
                s.hospital_id,
                diff.fen(),
                explanation,
                now_stamp()
            ])?;
            let adj_id = tx.last_insert_rowid();
            done.adjustments += 1;
            audit.log(
                "claim_adjustment",
                Some(adj_id),
                "insert",
                None,
                Some(json!({"claim_id": s.claim.id, "amount": diff.plain(), "explanation": explanation}).to_string()),
            )?;
        } else if r.pay != effective || r.explanation != s.explanation {
            let payable = r.pay - s.adjusted;
            tx.prepare_cached(
                "UPDATE claims SET payable_fen = ?2, explanation = ?3 WHERE id = ?1",
            )?
            .execute(params![s.claim.id, payable.fen(), r.explanation])?;
            super::seal::reseal_claim(tx, s.claim.id)?;
            if Some(s.claim.id) != fresh {
                done.changed += 1;
                audit.log(
                    "claim",
                    Some(s.claim.id),
                    "recompute",
                    Some(
                        json!({"payable": s.payable.plain(), "explanation": s.explanation})
                            .to_string(),
                    ),
                    Some(
                        json!({"payable": payable.plain(), "explanation": r.explanation})
                            .to_string(),
                    ),
                )?;
            }
        }
    }
    Ok(done)
}

/// What recomputing a year changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Recomputed {
    /// Persons whose claims were recomputed.
    pub persons: usize,
    /// Claims of open months whose amount changed.
    pub changed: usize,
    /// Adjustments recorded for claims of locked months.
    pub adjustments: usize,
}

impl Store {
    /// Recompute every 医疗救助 claim of a program-year with the year's current
    /// parameters (after 政策参数 changed), in one transaction: open months get the
    /// new amounts, locked months get adjustments. `progress` is told persons done.
    pub fn recompute_year(
        &mut self,
        program_id: i64,
        year: i32,
        actor: &Actor,
        progress: &dyn Fn(usize, usize),
    ) -> Result<Recomputed> {
        actor.require(Action::AuditClaims)?;
        self.backup_and_rotate()?;
        self.write(|tx| {
            let super::pay_rule::ClaimRule::Assistance(params) =
                super::pay_rule::claim_rule(tx, program_id, year)?
            else {
                return Err(StoreError::Invalid(
                    "只有城乡医疗救助项目按年度重新计算救助金额".into(),
                ));
            };
            let persons: Vec<i64> = tx
                .prepare(
                    "SELECT DISTINCT c.beneficiary_id FROM claims c
                     JOIN monthly_reports r ON r.id = c.report_id
                     WHERE r.program_id = ?1 AND r.month LIKE ?2",
                )?
                .query_map(params![program_id, format!("{year:04}-%")], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut audit = AuditWriter::new(tx, actor)?;
            let mut total = Recomputed::default();
            for (i, person) in persons.iter().enumerate() {
                if i % 200 == 0 {
                    progress(i, persons.len());
                }
                let one = recompute_tx(tx, &mut audit, *person, year, &params, None)?;
                total.persons += 1;
                total.changed += one.changed;
                total.adjustments += one.adjustments;
            }
            progress(persons.len(), persons.len());
            Ok(total)
        })
    }
}

/// One recorded adjustment of a claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Adjustment {
    pub id: i64,
    pub claim_id: i64,
    pub amount: Money,
    pub explanation: String,
    /// The month that carries it, once approved.
    pub report_id: Option<i64>,
    pub created_at: String,
}

impl Store {
    /// The adjustments of a claim, oldest first.
    pub fn claim_adjustments(&self, claim_id: i64) -> Result<Vec<Adjustment>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, claim_id, amount_fen, explanation, report_id, created_at
             FROM claim_adjustments WHERE claim_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([claim_id], |r| {
            Ok(Adjustment {
                id: r.get(0)?,
                claim_id: r.get(1)?,
                amount: Money::from_fen(r.get(2)?),
                explanation: r.get(3)?,
                report_id: r.get(4)?,
                created_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// The years in which a person has claims.
fn claim_years(conn: &Connection, person_id: i64) -> Result<Vec<i32>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT CAST(substr(r.month, 1, 4) AS INTEGER) FROM claims c
         JOIN monthly_reports r ON r.id = c.report_id
         WHERE c.beneficiary_id = ?1 ORDER BY 1",
    )?;
    let rows = stmt.query_map([person_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// Write an identity import's checked changes in one transaction, then
    /// recompute every year of claims of each person it changed (open months get
    /// new amounts, locked months adjustments). `progress` is told how many
    /// changes are done; setting `cancel` rolls everything back.
    pub fn apply_identity_changes(
        &mut self,
        program_id: i64,
        changes: &[IdentityChange],
        actor: &Actor,
        progress: &dyn Fn(usize),
        cancel: &AtomicBool,
    ) -> Result<Recomputed> {
        actor.require(Action::EditRoster)?;
        self.write(|tx| {
            let stamp = now_stamp();
            let mut audit = AuditWriter::new(tx, actor)?;
            let mut people = BTreeSet::new();
            for (i, change) in changes.iter().enumerate() {
                if i % 1000 == 0 {
                    if cancel.load(Ordering::Relaxed) {
                        return Err(StoreError::Cancelled);
                    }
                    progress(i);
                }
                people.insert(apply_change_tx(
                    tx, &mut audit, program_id, change, actor, &stamp,
                )?);
            }
            let mut rules: HashMap<i32, ClaimRule> = HashMap::new();
            let mut done = Recomputed::default();
            for person in people {
                for year in claim_years(tx, person)? {
                    let rule = match rules.entry(year) {
                        std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                        std::collections::hash_map::Entry::Vacant(e) => {
                            e.insert(claim_rule(tx, program_id, year)?)
                        }
                    };
                    if let ClaimRule::Assistance(params) = rule {
                        let one = recompute_tx(tx, &mut audit, person, year, params, None)?;
                        done.persons += 1;
                        done.changed += one.changed;
                        done.adjustments += one.adjustments;
                    }
                }
            }
            if cancel.load(Ordering::Relaxed) {
                return Err(StoreError::Cancelled);
            }
            progress(changes.len());
            Ok(done)
        })
    }
}
