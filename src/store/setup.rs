//! How far a database started blank has been set up: what the first screens'
//! guide ticks off (项目和年度, 政策参数, 定点医疗机构, the users' accounts, the
//! roster, the budget).

use rusqlite::{ToSql, params};

use super::{Result, Store};

/// The setting that keeps the set-up guide on: written by 空白开始, cleared by
/// 不再显示.
pub const SETTING_SETUP_GUIDE: &str = "ui.setup_guide";

/// Which set-up steps have been done for a program-year.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SetupProgress {
    /// A program with at least one year.
    pub program_year: bool,
    /// The year's 政策参数 were saved with a change.
    pub params: bool,
    /// At least one 定点医疗机构 in the scheme.
    pub hospitals: bool,
    /// Active users hold each of 经办人, 审核员, 分管领导 and 财务.
    pub accounts: bool,
    /// At least one person on the program's roster.
    pub roster: bool,
    /// The year's 年初预算 is in the ledger.
    pub budget: bool,
}

impl Store {
    /// A stamp that changes whenever anything is written, on this connection or on
    /// another (an import's): the guide re-reads its progress only then.
    pub fn change_stamp(&self) -> Result<(u64, i64)> {
        let version: i64 = self
            .conn()
            .pragma_query_value(None, "data_version", |r| r.get(0))?;
        Ok((self.conn().total_changes(), version))
    }

    /// What has been set up for `program_id`'s year `program_year_id` (none yet:
    /// `None`).
    pub fn setup_progress(
        &self,
        program_id: Option<i64>,
        program_year_id: Option<i64>,
    ) -> Result<SetupProgress> {
        let exists = |sql: &str, args: &[&dyn ToSql]| -> Result<bool> {
            Ok(self
                .conn()
                .query_row(&format!("SELECT EXISTS ({sql})"), args, |r| r.get(0))?)
        };
        let (program, year) = (program_id.unwrap_or(0), program_year_id.unwrap_or(0));
        Ok(SetupProgress {
            program_year: program_id.is_some() && program_year_id.is_some(),
            params: exists(
                "SELECT 1 FROM audit_log WHERE entity = 'program_year' AND entity_id = ?1 AND action = 'params'",
                params![year],
            )?,
            hospitals: exists("SELECT 1 FROM hospitals WHERE active = 1", params![])?,
            accounts: self.conn().query_row(
                "SELECT count(DISTINCT r.role) = 4 FROM user_roles r JOIN users u ON u.id = r.user_id
                 WHERE u.active = 1 AND r.role IN ('clerk', 'auditor', 'leader', 'finance')",
                [],
                |r| r.get(0),
            )?,
            roster: exists(
                "SELECT 1 FROM beneficiaries WHERE program_id = ?1",
                params![program],
            )?,
            budget: exists(
                "SELECT 1 FROM fund_entries WHERE program_year_id = ?1 AND kind = 'budget_initial'",
                params![year],
            )?,
        })
    }
}
