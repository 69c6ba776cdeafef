//! Importing claims: the roster and bill numbers an import is checked against, and
//! adding a checked batch to a hospital-month in one transaction.

use super::entry::add_claim_with_rule_tx;
use super::workflow::open_report_tx;
use super::{CLAIM_COLS, ClaimRecord, read_claim};
use crate::domain::claim::{ClaimInput, Month};
use crate::store::pay_rule::claim_rule;
use crate::store::{Actor, Result, Store, StoreError};

/// What the store knows about a person for checking an imported claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimPerson {
    pub id: i64,
    pub name: String,
    /// The roster category (the 资助参保 import's default).
    pub category: String,
    pub events: Vec<crate::domain::beneficiary::StatusEvent>,
    /// The 救助身份 rows (for a kind that has them).
    pub identities: Vec<crate::domain::identity::IdentitySpan>,
}

impl Store {
    /// A program's people keyed by ID number, with their status and identity rows, for the claims
    /// and 资助参保 import previews.
    pub fn claim_people(
        &self,
        program_id: i64,
    ) -> Result<std::collections::HashMap<String, ClaimPerson>> {
        let mut events =
            crate::store::beneficiaries::program_status_events(self.conn(), program_id)?;
        let mut identities = self.program_identities(program_id)?;
        let mut stmt = self.conn().prepare(
            "SELECT id, name, id_number, category FROM beneficiaries WHERE program_id = ?1",
        )?;
        let rows = stmt.query_map([program_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut people = std::collections::HashMap::new();
        for row in rows {
            let (id, name, number, category) = row?;
            let events = events.remove(&id).unwrap_or_default();
            let identities = identities
                .remove(&id)
                .unwrap_or_default()
                .into_iter()
                .map(|r| r.span)
                .collect();
            people.insert(
                number,
                ClaimPerson {
                    id,
                    name,
                    category,
                    events,
                    identities,
                },
            );
        }
        Ok(people)
    }

    /// The claims already stored at a hospital, keyed by 票据号.
    pub fn hospital_bills(
        &self,
        hospital_id: i64,
    ) -> Result<std::collections::HashMap<String, ClaimRecord>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {CLAIM_COLS} FROM claims c JOIN beneficiaries b ON b.id = c.beneficiary_id WHERE c.hospital_id = ?1"
        ))?;
        let rows = stmt.query_map([hospital_id], read_claim)?;
        rows.map(|r| r.map(|c| (c.bill_no.clone(), c)).map_err(StoreError::from))
            .collect()
    }
}

/// Which hospital-month a batch of claims belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportKey {
    pub program_id: i64,
    pub hospital_id: i64,
    pub month: Month,
}

/// Add checked claims to a hospital-month in one transaction, opening its report if
/// needed; `progress` is told how many are done and `cancel` rolls everything back.
pub fn add_claims(
    store: &mut Store,
    key: ReportKey,
    claims: &[ClaimInput],
    actor: &Actor,
    progress: &dyn Fn(usize),
    cancel: &std::sync::atomic::AtomicBool,
) -> Result<()> {
    store.write(|tx| {
        let report = open_report_tx(tx, key.program_id, key.hospital_id, key.month, None, actor)?;
        let rule = claim_rule(tx, key.program_id, key.month.year)?;
        for (i, c) in claims.iter().enumerate() {
            if i % 500 == 0 {
                if cancel.load(std::sync::atomic::Ordering::Relaxed) {
                    return Err(StoreError::Cancelled);
                }
                progress(i);
            }
            add_claim_with_rule_tx(tx, &report, &rule, c, actor)?;
        }
        if cancel.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(StoreError::Cancelled);
        }
        progress(claims.len());
        Ok(())
    })
}
