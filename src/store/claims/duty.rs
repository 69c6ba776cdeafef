//! The duty rules applied in the store: who entered and audited the claims and
//! who approved the month are read inside the write's transaction and checked by
//! [`crate::domain::duty::refusal`]. The system user (migrations, the demo's
//! build) is nobody, so the rules compare people only.

use rusqlite::{Connection, params};

use super::{ClaimRecord, doer};
use crate::domain::claim::Month;
use crate::domain::duty::{Doer, Step, refusal};
use crate::domain::user::Action;
use crate::store::{Actor, Result, Store, StoreError};

/// Refuse `step` when the duty rule refuses it to `actor`.
fn require(actor: &Actor, step: Step<'_>) -> Result<()> {
    match duty_refusal(actor, step) {
        Some(why) => Err(StoreError::Invalid(why)),
        None => Ok(()),
    }
}

fn duty_refusal(actor: &Actor, step: Step<'_>) -> Option<String> {
    if actor.is_system() {
        None
    } else {
        refusal(&actor.username, step)
    }
}

impl ClaimRecord {
    /// Whether `actor` may audit this claim: their role audits, and they did not
    /// enter it. The pages hide the 审核 controls when not.
    pub fn may_audit(&self, actor: &Actor) -> bool {
        actor.may(Action::AuditClaims) && duty_refusal(actor, self.audit_step()).is_none()
    }

    fn audit_step(&self) -> Step<'_> {
        Step::Audit {
            entered: self.entered_by.as_ref(),
        }
    }
}

/// Refuse `actor` auditing `claim` when they entered it.
pub(super) fn require_auditor(claim: &ClaimRecord, actor: &Actor) -> Result<()> {
    require(actor, claim.audit_step())
}

/// Refuse `actor` approving a month in which they entered or audited a claim.
pub(super) fn require_approver(tx: &Connection, report_id: i64, actor: &Actor) -> Result<()> {
    let entered = claim_doers(tx, report_id, "entered_by")?;
    let audited = claim_doers(tx, report_id, "audited_by")?;
    require(
        actor,
        Step::Approve {
            entered: &entered,
            audited: &audited,
        },
    )
}

/// Refuse `actor` marking paid a month they approved.
pub(crate) fn require_payer(tx: &Connection, report_id: i64, actor: &Actor) -> Result<()> {
    let approved = tx.query_row(
        "SELECT approved_by, (SELECT display_name FROM users WHERE username = approved_by)
         FROM monthly_reports WHERE id = ?1",
        [report_id],
        |r| Ok(doer(r.get(0)?, r.get(1)?)),
    )?;
    require(
        actor,
        Step::Pay {
            approved: approved.as_ref(),
        },
    )
}

/// Who did each step of a program's month, over all its hospitals: display names,
/// each once, for the 支付汇总表's signature lines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MonthDoers {
    pub entered: Vec<String>,
    pub audited: Vec<String>,
    pub approved: Vec<String>,
    pub paid: Vec<String>,
}

impl Store {
    /// Who entered, audited, approved and paid the hospital-months of a program's
    /// month (steps nobody is known to have done are left out).
    pub fn month_doers(&self, program_id: i64, month: Month) -> Result<MonthDoers> {
        let names = |sql: &str, column: &str| -> Result<Vec<String>> {
            let mut stmt = self.conn().prepare(&format!(
                "SELECT DISTINCT coalesce((SELECT display_name FROM users WHERE username = x.{column}), x.{column})
                 {sql} AND x.{column} IS NOT NULL ORDER BY 1"
            ))?;
            let rows = stmt.query_map(params![program_id, month.code()], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let claims = "FROM claims x JOIN monthly_reports r ON r.id = x.report_id
                      WHERE r.program_id = ?1 AND r.month = ?2";
        let reports = "FROM monthly_reports x WHERE x.program_id = ?1 AND x.month = ?2";
        Ok(MonthDoers {
            entered: names(claims, "entered_by")?,
            audited: names(claims, "audited_by")?,
            approved: names(reports, "approved_by")?,
            paid: names(reports, "paid_by")?,
        })
    }
}

/// Everyone known to have done the step kept in `column` on a month's claims.
fn claim_doers(tx: &Connection, report_id: i64, column: &str) -> Result<Vec<Doer>> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT DISTINCT c.{column}, (SELECT display_name FROM users WHERE username = c.{column})
         FROM claims c WHERE c.report_id = ?1 AND c.{column} IS NOT NULL"
    ))?;
    let rows = stmt.query_map(params![report_id], |r| Ok(doer(r.get(0)?, r.get(1)?)))?;
    Ok(rows
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect())
}
