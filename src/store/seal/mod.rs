//! Seals: keyed MACs (HMAC-SHA256 under a key derived from the master key, see
//! [`function`]) that the app writes beside what money depends on, so that a change
//! made behind the app's back (say, with the sqlite3 shell and the database key)
//! shows up in `medfund check`, even when the one who made it recomputed every
//! unkeyed hash.
//!
//! - A claim's seal covers every column that says what the claim is and what it
//!   pays, its other layers included. The app reseals a claim whenever it writes it.
//! - An approved month's digest covers the seals of its claims, so a claim added to,
//!   removed from or changed in a locked month shows.
//! - Every other table money depends on has one seal per row ([`rows`]), written
//!   when the app's own connection changes the row.
//! - The audit log's chain is keyed too (`store::audit`), and so is its head.

pub(crate) mod function;
pub(crate) mod rows;

use rusqlite::{Connection, params};

use super::Result;

/// The keyed seal of claim `c`, as an SQL expression over `claims c`.
const CLAIM_SEAL: &str = "medfund_seal('claim-v2', c.id, c.report_id, c.hospital_id,
        c.beneficiary_id, c.visit_type, c.visit_date, c.discharge_date, c.total_fen,
        c.out_of_catalog_fen, c.bill_no, c.payable_fen, c.audit_status, c.reduction_fen,
        c.catastrophic,
        (SELECT group_concat(layer || '=' || amount_fen, ';')
           FROM (SELECT layer, amount_fen FROM claim_layers WHERE claim_id = c.id ORDER BY layer)))";

/// Write a claim's seal after the app has written the claim.
pub(crate) fn reseal_claim(conn: &Connection, claim_id: i64) -> Result<()> {
    conn.prepare_cached(&format!(
        "UPDATE claims AS c SET seal = {CLAIM_SEAL} WHERE c.id = ?1"
    ))?
    .execute([claim_id])?;
    Ok(())
}

/// Seal every claim (when the seals are first introduced or rekeyed).
pub(crate) fn reseal_all(conn: &Connection) -> Result<()> {
    conn.execute(&format!("UPDATE claims AS c SET seal = {CLAIM_SEAL}"), [])?;
    Ok(())
}

/// The digest over a month's claim seals, in claim order, as an SQL expression
/// over `?1` (the report id).
const REPORT_DIGEST: &str = "medfund_seal('month-v2', ?1,
        (SELECT group_concat(id || ':' || seal, ';')
           FROM (SELECT id, seal FROM claims WHERE report_id = ?1 ORDER BY id)))";

/// The digest over a month's claim seals.
pub(crate) fn report_digest(conn: &Connection, report_id: i64) -> Result<String> {
    Ok(conn
        .prepare_cached(&format!("SELECT {REPORT_DIGEST}"))?
        .query_row([report_id], |r| r.get(0))?)
}

/// Write an approved month's digest.
pub(crate) fn seal_report(conn: &Connection, report_id: i64) -> Result<()> {
    let digest = report_digest(conn, report_id)?;
    conn.prepare_cached("UPDATE monthly_reports SET approved_digest = ?2 WHERE id = ?1")?
        .execute(params![report_id, digest])?;
    Ok(())
}

/// Seal everything anew under this connection's key: the audit chain and its
/// head, every claim, every approved month and every sealed row (a plain database
/// being encrypted).
pub(crate) fn reseal_everything(conn: &Connection) -> Result<()> {
    reseal_log_and_claims(conn)?;
    rows::reseal_all(conn)
}

/// Rechain the audit log, reseal every claim and approved month. The log's
/// append-only triggers are dropped and made again around the rechaining, inside
/// the caller's transaction.
fn reseal_log_and_claims(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DROP TRIGGER IF EXISTS audit_log_no_update;
         DROP TRIGGER IF EXISTS audit_log_no_delete;",
    )?;
    super::audit::rechain(conn)?;
    conn.execute_batch(super::audit::APPEND_ONLY)?;
    reseal_all(conn)?;
    seal_all_reports(conn)
}

/// Migration 12: check the old unkeyed chain once, then seal the log, the claims
/// and the months under the key, and say in the log what the old chain was like.
/// The rows are sealed once every migration has run (`Store::open_as`), when every
/// sealed table exists.
pub(crate) fn key_the_seals(conn: &Connection) -> Result<()> {
    let old = super::audit::legacy_chain_problems(conn)?;
    reseal_log_and_claims(conn)?;
    if super::audit::count(conn)? == 0 {
        // A new database: there was nothing to upgrade.
        return Ok(());
    }
    let before = if old.is_empty() {
        serde_json::json!("完整")
    } else {
        serde_json::json!(old)
    };
    super::audit::AuditWriter::new(conn, &super::Actor::system())?.log(
        "database",
        None,
        "seals_keyed",
        None,
        Some(serde_json::json!({ "升级前日志链": before }).to_string()),
    )
}

/// Seal every approved or paid month (when the digests are first introduced).
pub(crate) fn seal_all_reports(conn: &Connection) -> Result<()> {
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM monthly_reports WHERE status IN ('approved', 'paid')")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        seal_report(conn, id)?;
    }
    Ok(())
}

/// The ids of claims whose content no longer matches their seal. `progress` gets
/// the number of claims looked at so far.
pub(crate) fn broken_claim_seals(conn: &Connection, progress: &dyn Fn(usize)) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT c.id, c.seal IS {CLAIM_SEAL} FROM claims c ORDER BY c.id"
    ))?;
    let mut rows = stmt.query([])?;
    let mut broken = Vec::new();
    let mut seen = 0_usize;
    while let Some(r) = rows.next()? {
        if !r.get::<_, bool>(1)? {
            broken.push(r.get(0)?);
        }
        seen += 1;
        if seen.is_multiple_of(50_000) {
            progress(seen);
        }
    }
    Ok(broken)
}

/// Approved or paid months whose claims changed after approval: (report id, label).
pub(crate) fn broken_report_digests(conn: &Connection) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT r.id, r.month || ' ' || h.name,
                r.approved_digest IS (SELECT {} )
         FROM monthly_reports r JOIN hospitals h ON h.id = r.hospital_id
         WHERE r.status IN ('approved', 'paid') ORDER BY r.month, h.code",
        REPORT_DIGEST.replace("?1", "r.id")
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, bool>(2)?,
        ))
    })?;
    let mut broken = Vec::new();
    for row in rows {
        let (id, label, intact) = row?;
        if !intact {
            broken.push((id, label));
        }
    }
    Ok(broken)
}
