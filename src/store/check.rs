//! `medfund check`: SQLite's own integrity check, then the invariants the app keeps,
//! each problem described in Chinese for the clerk.
//!
//! - Each 已划拨 hospital-month's ledger payment equals its audited payable claims,
//!   and a month not paid has no net payment.
//! - Each program-year's ledger adds up: every row's stored balance is the one
//!   before it plus the row's movement, and the last one is carried + received − paid.
//! - No claim changed behind the app's back (its seal), and no claim in a locked
//!   month changed after approval (the month's digest).
//! - The audit log's keyed hash chain is intact, up to its recorded newest row,
//!   whose record carries a MAC of its own.
//! - Every row of the other tables money depends on matches its keyed seal: none
//!   changed, added or deleted behind the app's back (`seal::rows`).

use rusqlite::OptionalExtension;

use super::{Result, Store, StoreError, audit, seal};
use crate::domain::Money;
use crate::domain::fund::{EntryKind, FundTotals, KindSums};

/// The page cache of the check, in KiB as SQLite's negative `cache_size` means:
/// 256 MiB, for the minutes the check runs.
const CHECK_CACHE_KIB: i64 = -262_144;

/// The steps of the check, for a progress bar: (fraction done, what runs now).
pub type Progress<'a> = &'a dyn Fn(f32, &str);

impl Store {
    /// Run every check; an empty list means the database is sound.
    pub fn check(&self, progress: Progress<'_>) -> Result<Vec<String>> {
        let conn = self.conn();
        // The check reads every page, many of them more than once; with a larger
        // page cache each encrypted page is decrypted once, not once per visit.
        let cache: i64 = conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
        conn.pragma_update(None, "cache_size", CHECK_CACHE_KIB)?;
        let problems = self.check_all(progress);
        conn.pragma_update(None, "cache_size", cache)?;
        problems
    }

    fn check_all(&self, progress: Progress<'_>) -> Result<Vec<String>> {
        let conn = self.conn();
        let mut problems = Vec::new();

        progress(0.0, "数据库完整性");
        let mut stmt = conn.prepare("PRAGMA integrity_check")?;
        let lines: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if lines != ["ok"] {
            problems.extend(lines.into_iter().map(|l| format!("数据库文件损坏：{l}")));
        }

        progress(0.1, "审计日志");
        problems.extend(audit::verify_chain(conn)?);
        let head: Option<(i64, String, bool)> = conn
            .query_row(
                "SELECT last_id, last_hash, mac IS medfund_seal('audit-head', last_id, last_hash)
                 FROM audit_head WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        if let Some((_, _, false)) = head {
            problems.push("审计日志的末条记录标记在系统之外被改动".into());
        }
        let head = head.map(|(id, hash, _)| (id, hash));
        let last: Option<(i64, String)> = conn
            .query_row(
                "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match (head, last) {
            (None, _) => problems.push("审计日志的末条记录标记丢失".into()),
            (Some((head_id, _)), None) if head_id > 0 => {
                problems.push(format!("审计日志被清空（原有 {head_id} 条记录）"))
            }
            (Some((head_id, head_hash)), Some((last_id, last_hash))) => {
                if last_id < head_id {
                    problems.push(format!(
                        "审计日志末尾的第 {} 至 {head_id} 条记录被删除",
                        last_id + 1
                    ));
                } else if last_id != head_id || last_hash != head_hash {
                    problems.push(format!("审计日志第 {last_id} 条与末条记录标记不符"));
                }
            }
            _ => {}
        }

        progress(0.4, "报账单封签");
        let total: i64 = conn.query_row("SELECT count(*) FROM claims", [], |r| r.get(0))?;
        let claims_progress = |seen: usize| {
            let share = if total > 0 {
                seen as f32 / total as f32
            } else {
                1.0
            };
            progress(0.4 + 0.4 * share, "报账单封签");
        };
        for id in seal::broken_claim_seals(conn, &claims_progress)? {
            problems.push(claim_problem(self, id)?);
        }

        progress(0.8, "已批准月份");
        for (_, label) in seal::broken_report_digests(conn)? {
            problems.push(format!("{label} 已批准锁定，但其报账单在批准后被改动"));
        }

        progress(0.82, "医院、人员、账号等记录封签");
        problems.extend(seal::rows::problems(conn)?);

        progress(0.85, "划拨与台账");
        problems.extend(payment_problems(self)?);

        progress(0.9, "资金台账");
        problems.extend(ledger_problems(self)?);

        progress(1.0, "完成");
        Ok(problems)
    }
}

fn claim_problem(store: &Store, id: i64) -> Result<String> {
    let row: Option<(String, String, String, String, bool)> = store
        .conn()
        .query_row(
            "SELECT c.bill_no, b.name, h.name, r.month, r.locked FROM claims c
             JOIN beneficiaries b ON b.id = c.beneficiary_id
             JOIN hospitals h ON h.id = c.hospital_id
             JOIN monthly_reports r ON r.id = c.report_id WHERE c.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    Ok(match row {
        Some((bill, name, hospital, month, true)) => format!(
            "{month} {hospital} 已批准锁定，但其报账单（票据号 {bill}，{name}）在批准后被改动"
        ),
        Some((bill, name, hospital, month, false)) => {
            format!("报账单（{hospital} {month}，票据号 {bill}，{name}）的内容在系统之外被改动")
        }
        None => format!("第 {id} 号报账单的内容在系统之外被改动"),
    })
}

fn payment_problems(store: &Store) -> Result<Vec<String>> {
    let mut stmt = store.conn().prepare(
        "SELECT r.month, h.name, r.status,
                (SELECT coalesce(sum(approved_fen), 0) FROM claim_payable c WHERE c.report_id = r.id)
                  + (SELECT coalesce(sum(amount_fen), 0) FROM claim_adjustments a WHERE a.report_id = r.id),
                -- A month whose carried adjustments outweigh it is settled by a refund.
                (SELECT coalesce(sum(CASE e.kind WHEN 'hospital_payment' THEN amount_fen
                                                 ELSE -amount_fen END), 0)
                   FROM fund_entries e
                  WHERE e.report_id = r.id AND e.kind IN ('hospital_payment', 'refund'))
         FROM monthly_reports r JOIN hospitals h ON h.id = r.hospital_id
         ORDER BY r.month, h.code",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            Money::from_fen(r.get(3)?),
            Money::from_fen(r.get(4)?),
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (month, hospital, status, claims, paid) = row?;
        if status == "paid" && paid != claims {
            out.push(format!(
                "{month} {hospital} 已划拨 {} 元，但审核后应付合计（含调整）为 {} 元",
                paid.grouped(),
                claims.grouped()
            ));
        } else if status != "paid" && !paid.is_zero() {
            out.push(format!(
                "{month} {hospital} 尚未划拨，台账中却有 {} 元拨付",
                paid.grouped()
            ));
        }
    }
    Ok(out)
}

fn ledger_problems(store: &Store) -> Result<Vec<String>> {
    let mut stmt = store.conn().prepare(
        "SELECT e.id, e.program_year_id, p.name, y.year, e.kind, e.amount_fen, e.balance_fen
         FROM fund_entries e JOIN program_years y ON y.id = e.program_year_id
         JOIN programs p ON p.id = y.program_id
         ORDER BY e.program_year_id, e.id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    // (program-year, label, running balance, sums, stored balance of the last row)
    let mut current: Option<(i64, String, Money, KindSums, Money)> = None;
    let finish = |c: &(i64, String, Money, KindSums, Money), out: &mut Vec<String>| {
        let t = FundTotals::from_sums(&c.3);
        if t.balance != c.4 {
            out.push(format!(
                "{}：余额 {} 元不等于结转 {} + 到位 {} − 支付 {} 元",
                c.1,
                c.4.grouped(),
                t.carried.grouped(),
                t.received.grouped(),
                t.paid.grouped()
            ));
        }
    };
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let year_id: i64 = r.get(1)?;
        let name: String = r.get(2)?;
        let year: i32 = r.get(3)?;
        let kind: String = r.get(4)?;
        let amount = Money::from_fen(r.get(5)?);
        let stored = Money::from_fen(r.get(6)?);
        let kind = EntryKind::from_code(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("资金台账类型 {kind}")))?;
        if current.as_ref().is_none_or(|c| c.0 != year_id) {
            if let Some(c) = current.take() {
                finish(&c, &mut out);
            }
            current = Some((
                year_id,
                format!("{name}{year}年度资金台账"),
                Money::ZERO,
                KindSums::default(),
                Money::ZERO,
            ));
        }
        if let Some(c) = current.as_mut() {
            c.2 = c.2 + kind.balance_effect(amount);
            c.3.add(kind, amount);
            if c.2 != stored {
                out.push(format!(
                    "{}第 {id} 笔：记录的余额 {} 元与收支推算的 {} 元不符（金额或余额被改动）",
                    c.1,
                    stored.grouped(),
                    c.2.grouped()
                ));
                // Go on from the stored figure so one edit is reported once.
                c.2 = stored;
            }
            c.4 = stored;
        }
    }
    if let Some(c) = current.take() {
        finish(&c, &mut out);
    }
    Ok(out)
}
