//! Seals: hashes the app writes beside every claim and every approved month, so
//! that a change made behind the app's back (say, with the sqlite3 shell) shows up
//! in `medfund check`.
//!
//! - A claim's seal covers every column that says what the claim is and what it
//!   pays, its other layers included. The app reseals a claim whenever it writes it.
//! - An approved month's digest covers the seals of its claims, so a claim added to,
//!   removed from or changed in a locked month shows.

use rusqlite::types::ValueRef;
use rusqlite::{Connection, params};
use sha2::{Digest, Sha256};

use super::Result;

/// Every sealed column of a claim, then its stored seal (last).
const SEAL_SELECT: &str = "SELECT c.id, c.report_id, c.hospital_id, c.beneficiary_id, c.visit_type,
        c.visit_date, c.discharge_date, c.total_fen, c.out_of_catalog_fen, c.bill_no,
        c.payable_fen, c.audit_status, c.reduction_fen, c.catastrophic,
        (SELECT group_concat(layer || '=' || amount_fen, ';')
           FROM (SELECT layer, amount_fen FROM claim_layers WHERE claim_id = c.id ORDER BY layer)),
        c.seal
     FROM claims c";
const SEALED_COLUMNS: usize = 15;

fn seal_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<String> {
    let mut h = Sha256::new();
    h.update(b"medfund-claim-v1");
    for i in 0..SEALED_COLUMNS {
        match r.get_ref(i)? {
            ValueRef::Null => h.update([0u8]),
            ValueRef::Integer(n) => h.update(n.to_string().as_bytes()),
            ValueRef::Real(x) => h.update(x.to_string().as_bytes()),
            ValueRef::Text(t) | ValueRef::Blob(t) => h.update(t),
        }
        h.update([0x1f]);
    }
    Ok(format!("{:x}", h.finalize()))
}

/// Write a claim's seal after the app has written the claim.
pub(crate) fn reseal_claim(conn: &Connection, claim_id: i64) -> Result<()> {
    let seal = conn
        .prepare_cached(&format!("{SEAL_SELECT} WHERE c.id = ?1"))?
        .query_row([claim_id], seal_of)?;
    conn.prepare_cached("UPDATE claims SET seal = ?2 WHERE id = ?1")?
        .execute(params![claim_id, seal])?;
    Ok(())
}

/// Seal every claim (when the seals are first introduced).
pub(crate) fn reseal_all(conn: &Connection) -> Result<()> {
    let seals = {
        let mut stmt = conn.prepare(SEAL_SELECT)?;
        stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, seal_of(r)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?
    };
    let mut update = conn.prepare("UPDATE claims SET seal = ?2 WHERE id = ?1")?;
    for (id, seal) in seals {
        update.execute(params![id, seal])?;
    }
    Ok(())
}

/// The digest over a month's claim seals, in claim order.
pub(crate) fn report_digest(conn: &Connection, report_id: i64) -> Result<String> {
    let mut h = Sha256::new();
    h.update(format!("medfund-month-v1:{report_id}").as_bytes());
    let mut stmt =
        conn.prepare_cached("SELECT id, seal FROM claims WHERE report_id = ?1 ORDER BY id")?;
    let mut rows = stmt.query([report_id])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let seal: String = r.get(1)?;
        h.update(format!("{id}:{seal};").as_bytes());
    }
    Ok(format!("{:x}", h.finalize()))
}

/// Write an approved month's digest.
pub(crate) fn seal_report(conn: &Connection, report_id: i64) -> Result<()> {
    let digest = report_digest(conn, report_id)?;
    conn.prepare_cached("UPDATE monthly_reports SET approved_digest = ?2 WHERE id = ?1")?
        .execute(params![report_id, digest])?;
    Ok(())
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
    let mut stmt = conn.prepare(&format!("{SEAL_SELECT} ORDER BY c.id"))?;
    let mut rows = stmt.query([])?;
    let mut broken = Vec::new();
    let mut seen = 0_usize;
    while let Some(r) = rows.next()? {
        let stored: String = r.get(SEALED_COLUMNS)?;
        if seal_of(r)? != stored {
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
    let reports: Vec<(i64, String, String, Option<String>)> = conn
        .prepare(
            "SELECT r.id, r.month, h.name, r.approved_digest FROM monthly_reports r
             JOIN hospitals h ON h.id = r.hospital_id
             WHERE r.status IN ('approved', 'paid') ORDER BY r.month, h.code",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut broken = Vec::new();
    for (id, month, hospital, stored) in reports {
        if stored.as_deref() != Some(report_digest(conn, id)?.as_str()) {
            broken.push((id, format!("{month} {hospital}")));
        }
    }
    Ok(broken)
}
