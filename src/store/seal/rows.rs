//! One seal per row of every other table money depends on: hospitals (bank name and
//! account included), the roster, its status rows and its 救助身份 rows, the months and their
//! approvals, the ledger, year and category parameters, 资助参保 rows, settlements,
//! users and roles, and the record of each exported document (its 核验码).
//!
//! A seal is `medfund_seal('row', table, rowid, every column…)`, kept in
//! `row_seals`. The app never seals a row by hand: SQLite's update hook on the app's
//! own connection notes every row the app inserts, changes or deletes, and
//! [`Tracker::flush`] reseals those rows just before the transaction commits. A row
//! changed through any other connection (the sqlite3 shell) is not noted, so its
//! seal no longer matches; a row added there has none; a row deleted there leaves
//! its seal behind. `medfund check` names each.
//!
//! The seal covers every column in the order the schema declares them, so a
//! migration that adds a column reseals every row ([`reseal_all`]).

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, PoisonError};

use rusqlite::{Connection, OptionalExtension, params};

use crate::store::Result;

/// A sealed table: its name, what one row is called in a problem, and what a row
/// is called once it is gone.
struct Sealed {
    table: &'static str,
    /// An SQL expression over the row `t` naming it for the clerk.
    label: &'static str,
    /// The kind of row, for one that was deleted.
    noun: &'static str,
}

const SEALED: &[Sealed] = &[
    Sealed {
        table: "programs",
        label: "'项目「' || t.name || '」'",
        noun: "项目",
    },
    Sealed {
        table: "program_years",
        label: "coalesce((SELECT name FROM programs p WHERE p.id = t.program_id), '') || t.year || '年度'",
        noun: "项目年度",
    },
    Sealed {
        table: "category_params",
        label: "'类别「' || t.category || '」的年度标准'",
        noun: "类别标准",
    },
    Sealed {
        table: "year_params",
        label: "'年度参数「' || t.key || '」'",
        noun: "年度参数",
    },
    Sealed {
        table: "layer_params",
        label: "'保障层次「' || t.layer || '」'",
        noun: "保障层次",
    },
    Sealed {
        table: "hospitals",
        label: "'医院「' || t.name || '」的资料（含开户行和账号）'",
        noun: "医院",
    },
    Sealed {
        table: "beneficiaries",
        label: "'人员「' || t.name || '」的资料'",
        noun: "人员",
    },
    Sealed {
        table: "beneficiary_status",
        label: "'人员状态变更记录第 ' || t.id || ' 条'",
        noun: "人员状态变更记录",
    },
    Sealed {
        table: "beneficiary_identities",
        label: "'人员救助身份记录第 ' || t.id || ' 条'",
        noun: "人员救助身份记录",
    },
    Sealed {
        table: "monthly_reports",
        label: "t.month || ' ' || coalesce((SELECT name FROM hospitals h WHERE h.id = t.hospital_id), '') || ' 的月报（含审批记录）'",
        noun: "月报",
    },
    Sealed {
        table: "claim_adjustments",
        label: "'报账调整第 ' || t.id || ' 笔'",
        noun: "报账调整",
    },
    Sealed {
        table: "fund_entries",
        label: "'资金台账第 ' || t.id || ' 笔'",
        noun: "资金台账记录",
    },
    Sealed {
        table: "settlements",
        label: "'年终清算第 ' || t.id || ' 次'",
        noun: "年终清算记录",
    },
    Sealed {
        table: "premium_subsidies",
        label: "'资助参保第 ' || t.id || ' 条'",
        noun: "资助参保记录",
    },
    Sealed {
        table: "users",
        label: "'用户「' || t.username || '」的账号'",
        noun: "用户",
    },
    Sealed {
        table: "user_roles",
        label: "'用户「' || coalesce((SELECT username FROM users u WHERE u.id = t.user_id), '') || '」的角色「' || t.role || '」'",
        noun: "用户角色",
    },
    Sealed {
        table: "exports",
        label: "'导出记录（核验码 ' || t.code || '）'",
        noun: "导出记录",
    },
];

/// The `medfund_seal(…)` expression of a row `t` of `table`, over its columns as
/// the schema declares them now.
fn seal_expr(conn: &Connection, table: &str) -> Result<String> {
    let columns: Vec<String> = conn
        .prepare(&format!("PRAGMA table_info({table})"))?
        .query_map([], |r| r.get::<_, String>(1))?
        .collect::<rusqlite::Result<_>>()?;
    let mut expr = format!("medfund_seal('row', '{table}', t.rowid");
    for c in columns {
        expr.push_str(", t.\"");
        expr.push_str(&c);
        expr.push('"');
    }
    expr.push(')');
    Ok(expr)
}

/// The rows the app changed since the last flush: (index into `SEALED`, rowid).
type Dirty = Arc<Mutex<BTreeSet<(usize, i64)>>>;

/// Notes the rows the app's connection changes and reseals them before commit.
pub(crate) struct Tracker {
    dirty: Dirty,
    /// `SELECT <seal> FROM <table> t WHERE t.rowid = ?1`, per sealed table.
    select: Vec<String>,
}

impl Tracker {
    /// Start noting changes on `conn` (after its migrations).
    pub(crate) fn install(conn: &Connection) -> Result<Self> {
        let mut select = Vec::with_capacity(SEALED.len());
        for s in SEALED {
            select.push(format!(
                "SELECT {} FROM {} t WHERE t.rowid = ?1",
                seal_expr(conn, s.table)?,
                s.table
            ));
        }
        let dirty: Dirty = Arc::default();
        let noted = Arc::clone(&dirty);
        conn.update_hook(Some(
            move |_: rusqlite::hooks::Action, _: &str, table: &str, rowid: i64| {
                if let Some(i) = SEALED.iter().position(|s| s.table == table) {
                    noted
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .insert((i, rowid));
                }
            },
        ))?;
        Ok(Self { dirty, select })
    }

    fn take(&self) -> BTreeSet<(usize, i64)> {
        std::mem::take(&mut *self.dirty.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Reseal every row noted since the last flush, inside the transaction about to
    /// commit: a row still there gets its seal, a row deleted loses it.
    pub(crate) fn flush(&self, conn: &Connection) -> Result<()> {
        for (i, rowid) in self.take() {
            let table = SEALED[i].table;
            let seal: Option<String> = conn
                .prepare_cached(&self.select[i])?
                .query_row([rowid], |r| r.get(0))
                .optional()?;
            match seal {
                Some(mac) => conn
                    .prepare_cached(
                        "INSERT INTO row_seals (tbl, row_id, mac) VALUES (?1, ?2, ?3)
                         ON CONFLICT (tbl, row_id) DO UPDATE SET mac = excluded.mac",
                    )?
                    .execute(params![table, rowid, mac])?,
                None => conn
                    .prepare_cached("DELETE FROM row_seals WHERE tbl = ?1 AND row_id = ?2")?
                    .execute(params![table, rowid])?,
            };
        }
        Ok(())
    }

    /// Forget the rows noted by a transaction that rolled back (they are as they
    /// were, and so are their seals).
    pub(crate) fn forget(&self) {
        self.take();
    }
}

/// Seal every row of every sealed table anew (after a migration, or when a plain
/// database is encrypted and its seals are rekeyed).
pub(crate) fn reseal_all(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM row_seals", [])?;
    for s in SEALED {
        conn.execute(
            &format!(
                "INSERT INTO row_seals (tbl, row_id, mac)
                 SELECT '{table}', t.rowid, {seal} FROM {table} t",
                table = s.table,
                seal = seal_expr(conn, s.table)?
            ),
            [],
        )?;
    }
    Ok(())
}

/// Every row whose seal fails, described in Chinese: changed, added or deleted
/// behind the app's back.
pub(crate) fn problems(conn: &Connection) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for s in SEALED {
        let sql = format!(
            "SELECT {label}, s.mac IS NULL FROM {table} t
             LEFT JOIN row_seals s ON s.tbl = '{table}' AND s.row_id = t.rowid
             WHERE s.mac IS NOT {seal} ORDER BY t.rowid",
            label = s.label,
            table = s.table,
            seal = seal_expr(conn, s.table)?
        );
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?)))?;
        for row in rows {
            let (label, unsealed) = row?;
            out.push(if unsealed {
                format!("{label}没有封签，是在系统之外添加的")
            } else {
                format!("{label}在系统之外被改动")
            });
        }
        let mut stmt = conn.prepare(&format!(
            "SELECT s.row_id FROM row_seals s WHERE s.tbl = '{table}'
               AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.rowid = s.row_id)
             ORDER BY s.row_id",
            table = s.table
        ))?;
        let gone = stmt.query_map([], |r| r.get::<_, i64>(0))?;
        for id in gone {
            out.push(format!("{}（第 {} 行）在系统之外被删除", s.noun, id?));
        }
    }
    Ok(out)
}
