//! The demo's fast insert of generated claims; only `crate::demo` uses it.

use rusqlite::Connection;

use super::claim_json;
use super::entry::{EnteredBy, insert_claim};
use crate::domain::claim::ClaimInput;
use crate::domain::rules::Payable;
use crate::domain::user::Action;
use crate::store::audit::AuditWriter;
use crate::store::{Actor, Result};

/// Insert generated, already audited claims in bulk for the demo data sets: each
/// claim's payable amount was computed by the caller with the program's rule (the
/// person's person id comes first) and each gets its audit-log row, but the
/// per-claim refusal checks are skipped, as the generator makes only valid claims.
/// `clerk` enters them and `auditor` passes them.
pub(crate) fn bulk_insert_generated_claims_tx(
    tx: &Connection,
    report_id: i64,
    hospital_id: i64,
    claims: &[(i64, ClaimInput, Payable)],
    (clerk, auditor): (&Actor, &Actor),
) -> Result<()> {
    clerk.require(Action::EnterClaims)?;
    auditor.require(Action::AuditClaims)?;
    let by = EnteredBy {
        entered: &clerk.username,
        passed: Some(&auditor.username),
    };
    let mut audit = AuditWriter::new(tx, clerk)?;
    for (person_id, c, payable) in claims {
        let id = insert_claim(tx, (report_id, hospital_id, *person_id), c, payable, by)?;
        audit.log(
            "claim",
            Some(id),
            "insert",
            None,
            Some(claim_json(c, payable.amount)),
        )?;
    }
    Ok(())
}
