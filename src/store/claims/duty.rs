//! The duty rules applied in the store: who entered and audited the claims and
//! who approved the month are read inside the write's transaction and checked by
//! [`crate::domain::duty::refusal`]. The system user (migrations, the demo's
//! build) is nobody, so the rules compare people only.

use rusqlite::{Connection, params};

use super::{ClaimRecord, doer};
use crate::domain::duty::{Doer, Step, refusal};
use crate::domain::user::{Action, Role};
use crate::store::{Actor, Result, StoreError};

/// Refuse `step` when the duty rule refuses it to `actor`.
fn require(actor: &Actor, step: Step<'_>) -> Result<()> {
    match duty_refusal(actor, step) {
        Some(why) => Err(StoreError::Invalid(why)),
        None => Ok(()),
    }
}

fn duty_refusal(actor: &Actor, step: Step<'_>) -> Option<String> {
    if actor.role == Role::System {
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
