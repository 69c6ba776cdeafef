//! Claim entry and audit: adding a checked claim with its computed payable
//! amount, the audit decision on each claim, and warnings that do not stop a claim.

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

use super::duty::require_auditor;
use super::{
    CLAIM_COLS, ClaimRecord, MonthlyReport, audit_parts, claim_json, ensure_unlocked, read_claim,
    report_tx, visit_code,
};
use crate::domain::Money;
use crate::domain::beneficiary::{Status, status_on};
use crate::domain::claim::{AuditDecision, ClaimInput, VisitType};
use crate::domain::dates::iso;
use crate::domain::rules::{ClaimAmounts, PayRule, Payable, YearUse};
use crate::domain::user::Action;
use crate::store::audit::AuditWriter;
use crate::store::beneficiaries::status_events;
use crate::store::pay_rule::{ClaimRule, claim_rule};
use crate::store::{Actor, Result, Store, StoreError, now_stamp};

impl Store {
    /// Add a claim to a report, refused with the reason when the person is not on the
    /// roster or not 在册 on the visit date, the bill number is already used at the
    /// hospital, or the month is locked. The payable amount comes from the program's
    /// rule and the year's parameters.
    pub fn add_claim(
        &mut self,
        report_id: i64,
        c: &ClaimInput,
        actor: &Actor,
    ) -> Result<ClaimRecord> {
        self.write(|tx| add_claim_tx(tx, report_id, c, actor))
    }

    /// The claims of a report, in entry order.
    pub fn report_claims(&self, report_id: i64) -> Result<Vec<ClaimRecord>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {CLAIM_COLS} FROM claims c JOIN beneficiaries b ON b.id = c.beneficiary_id
             WHERE c.report_id = ?1 ORDER BY c.id"
        ))?;
        let rows = stmt.query_map([report_id], read_claim)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Record the audit decision on claims (one, or a selection for bulk 通过), in one
    /// transaction; refused in a locked month.
    pub fn audit_claims(
        &mut self,
        claim_ids: &[i64],
        decision: &AuditDecision,
        actor: &Actor,
    ) -> Result<()> {
        self.write(|tx| audit_claims_tx(tx, claim_ids, decision, actor))
    }

    /// Record a different decision on each claim (a file of 审核结论), in one
    /// transaction, with the same role rule, audit rows and recompute as
    /// [`Store::audit_claims`].
    pub fn audit_decisions(
        &mut self,
        decisions: &[(i64, AuditDecision)],
        actor: &Actor,
    ) -> Result<()> {
        self.write(|tx| audit_each_tx(tx, decisions.iter().map(|(id, d)| (*id, d)), actor))
    }
}

fn claim_tx(conn: &Connection, id: i64) -> Result<ClaimRecord> {
    conn.query_row(
        &format!("SELECT {CLAIM_COLS} FROM claims c JOIN beneficiaries b ON b.id = c.beneficiary_id WHERE c.id = ?1"),
        [id],
        read_claim,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("报账记录（编号 {id}）")))
}

/// [`Store::add_claim`] inside a transaction.
pub fn add_claim_tx(
    tx: &Connection,
    report_id: i64,
    c: &ClaimInput,
    actor: &Actor,
) -> Result<ClaimRecord> {
    let report = report_tx(tx, report_id)?;
    let rule = claim_rule(tx, report.program_id, report.month.year)?;
    add_claim_with_rule_tx(tx, &report, &rule, c, actor)
}

/// [`add_claim_tx`] with the report and its year's rule already read (a batch
/// reads them once).
pub(super) fn add_claim_with_rule_tx(
    tx: &Connection,
    report: &MonthlyReport,
    rule: &ClaimRule,
    c: &ClaimInput,
    actor: &Actor,
) -> Result<ClaimRecord> {
    actor.require(Action::EnterClaims)?;
    ensure_unlocked(report)?;
    let report_id = report.id;
    let program_id = report.program_id;
    let person: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, name FROM beneficiaries WHERE program_id = ?1 AND id_number = ?2",
            params![program_id, c.id_number],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((person_id, name)) = person else {
        return Err(StoreError::Invalid(format!(
            "身份证号 {} 不在本项目名册中",
            c.id_number
        )));
    };
    let events = status_events(tx, person_id)?;
    let on = c.visit_date;
    let status = status_on(&events, on);
    if status != Status::Active {
        return Err(StoreError::Invalid(format!(
            "「{name}」在 {} 已{}，不在册，不能报账",
            iso(on),
            status.label()
        )));
    }
    let used: Option<(String, String)> = tx
        .query_row(
            "SELECT b.name, c.visit_date FROM claims c JOIN beneficiaries b ON b.id = c.beneficiary_id
             WHERE c.hospital_id = ?1 AND c.bill_no = ?2",
            params![report.hospital_id, c.bill_no],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((who, when)) = used {
        return Err(StoreError::Invalid(format!(
            "票据号 {} 在{}已使用（{who} {when} 就诊）",
            c.bill_no, report.hospital_name
        )));
    }
    let mut audit = AuditWriter::new(tx, actor)?;
    let at = (report_id, report.hospital_id, person_id);
    let by = EnteredBy {
        entered: &actor.username,
        passed: None,
    };
    let id = match rule {
        ClaimRule::PerClaim(rule) => insert_claim(tx, at, c, &compute(rule, c)?, by)?,
        ClaimRule::Assistance(params) => {
            if c.catastrophic && c.visit_type != VisitType::Inpatient {
                // Checked again: a ClaimInput need not come from ClaimDraft::validate.
                return Err(StoreError::Invalid(
                    crate::domain::claim::CATASTROPHIC_OUTPATIENT.into(),
                ));
            }
            let unset = Payable {
                amount: Money::ZERO,
                explanation: String::new(),
            };
            let id = insert_claim(tx, at, c, &unset, by)?;
            crate::store::assistance::recompute_tx(
                tx,
                &mut audit,
                person_id,
                report.month.year,
                params,
                Some(id),
            )?;
            id
        }
    };
    let claim = claim_tx(tx, id)?;
    audit.log(
        "claim",
        Some(id),
        "insert",
        None,
        Some(claim_json(c, claim.payable)),
    )?;
    Ok(claim)
}

/// A claim's payable amount by a per-claim rule.
pub fn compute(rule: &PayRule, c: &ClaimInput) -> Result<Payable> {
    let amounts = ClaimAmounts {
        total: c.total,
        out_of_catalog: c.out_of_catalog,
        other_layers: c.other_layers.clone(),
    };
    rule.compute(&amounts, &mut YearUse::default())
        .map_err(|e| StoreError::Invalid(e.to_string()))
}

/// [`Store::audit_claims`] inside a transaction.
pub fn audit_claims_tx(
    tx: &Connection,
    claim_ids: &[i64],
    decision: &AuditDecision,
    actor: &Actor,
) -> Result<()> {
    audit_each_tx(tx, claim_ids.iter().map(|id| (*id, decision)), actor)
}

/// Record a decision on each claim (they may differ), then recompute each 医疗救助
/// person's year once: a 核减 or 拒付 gives later claims cap room back.
fn audit_each_tx<'d>(
    tx: &Connection,
    decisions: impl Iterator<Item = (i64, &'d AuditDecision)>,
    actor: &Actor,
) -> Result<()> {
    actor.require(Action::AuditClaims)?;
    let mut audit = AuditWriter::new(tx, actor)?;
    let mut people: std::collections::BTreeSet<(i64, i32, i64)> = Default::default();
    for (id, decision) in decisions {
        let claim = claim_tx(tx, id)?;
        let report = report_tx(tx, claim.report_id)?;
        ensure_unlocked(&report)?;
        require_auditor(&claim, actor)?;
        people.insert((report.program_id, report.month.year, claim.beneficiary_id));
        decision.check(claim.payable).map_err(StoreError::Invalid)?;
        let (code, reduction, reason) = audit_parts(decision);
        // A decision taken back to 待审 has no 审核人.
        let auditor = (*decision != AuditDecision::Pending).then_some(&actor.username);
        tx.execute(
            "UPDATE claims SET audit_status = ?2, reduction_fen = ?3, audit_reason = ?4, audited_by = ?5
             WHERE id = ?1",
            params![id, code, reduction, reason, auditor],
        )?;
        crate::store::seal::reseal_claim(tx, id)?;
        let (old_code, old_reduction, old_reason) = audit_parts(&claim.audit);
        audit.log(
            "claim",
            Some(id),
            "audit",
            Some(json!({"audit": old_code, "reduction": Money::from_fen(old_reduction).plain(), "reason": old_reason}).to_string()),
            Some(json!({"audit": code, "reduction": Money::from_fen(reduction).plain(), "reason": reason}).to_string()),
        )?;
    }
    // Ordered by program-year, so each year's rule is read once.
    let mut rule: Option<((i64, i32), ClaimRule)> = None;
    for (program_id, year, person_id) in people {
        if rule
            .as_ref()
            .is_none_or(|(key, _)| *key != (program_id, year))
        {
            rule = Some(((program_id, year), claim_rule(tx, program_id, year)?));
        }
        if let Some((_, ClaimRule::Assistance(params))) = &rule {
            crate::store::assistance::recompute_tx(tx, &mut audit, person_id, year, params, None)?;
        }
    }
    Ok(())
}

/// Who enters a claim, and who passed it when it is entered already audited (the
/// demo's generated claims).
#[derive(Clone, Copy)]
pub(super) struct EnteredBy<'a> {
    pub entered: &'a str,
    pub passed: Option<&'a str>,
}

/// Insert a claim with its payable amount, 待审 or passed by `by.passed`; the
/// caller logs it. `at` is (report, hospital, person). Returns the new claim's id.
pub(super) fn insert_claim(
    tx: &Connection,
    (report_id, hospital_id, person_id): (i64, i64, i64),
    c: &ClaimInput,
    payable: &Payable,
    by: EnteredBy<'_>,
) -> Result<i64> {
    let audit_status = if by.passed.is_some() {
        "passed"
    } else {
        "pending"
    };
    tx.prepare_cached(
        "INSERT INTO claims (report_id, hospital_id, beneficiary_id, visit_type, visit_date, discharge_date,
                             total_fen, out_of_catalog_fen, bill_no, payable_fen, explanation, audit_status,
                             created_at, catastrophic, entered_by, audited_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        report_id,
        hospital_id,
        person_id,
        visit_code(c.visit_type),
        iso(c.visit_date),
        c.discharge_date.map(iso),
        c.total.fen(),
        c.out_of_catalog.fen(),
        c.bill_no,
        payable.amount.fen(),
        payable.explanation,
        audit_status,
        now_stamp(),
        c.catastrophic,
        by.entered,
        by.passed
    ])?;
    let id = tx.last_insert_rowid();
    for l in &c.other_layers {
        tx.prepare_cached(
            "INSERT INTO claim_layers (claim_id, layer, amount_fen) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![id, l.layer, l.amount.fen()])?;
    }
    crate::store::seal::reseal_claim(tx, id)?;
    Ok(id)
}

impl Store {
    /// Warnings about a stored claim that do not stop it: the same person at another
    /// hospital on the same day, or a total over 10× the person's median claim.
    pub fn claim_warnings(&self, claim_id: i64) -> Result<Vec<String>> {
        let claim = claim_tx(self.conn(), claim_id)?;
        let mut out = Vec::new();
        let mut stmt = self.conn().prepare_cached(
            "SELECT DISTINCT h.name FROM claims c JOIN hospitals h ON h.id = c.hospital_id
             WHERE c.beneficiary_id = ?1 AND c.visit_date = ?2 AND c.id <> ?3
               AND c.hospital_id <> (SELECT hospital_id FROM claims WHERE id = ?3)",
        )?;
        let others: Vec<String> = stmt
            .query_map(
                params![claim.beneficiary_id, iso(claim.visit_date), claim_id],
                |r| r.get(0),
            )?
            .collect::<rusqlite::Result<_>>()?;
        for h in others {
            out.push(format!(
                "{} 同日（{}）也在{}就诊，请核实",
                claim.name,
                iso(claim.visit_date),
                h
            ));
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT total_fen FROM claims WHERE beneficiary_id = ?1 AND id <> ?2 ORDER BY visit_date DESC LIMIT 200",
        )?;
        let earlier: Vec<Money> = stmt
            .query_map(params![claim.beneficiary_id, claim_id], |r| {
                Ok(Money::from_fen(r.get(0)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        out.extend(crate::domain::claim::outlier_warning(claim.total, &earlier));
        Ok(out)
    }
}
