//! SQLite storage: migrations, queries, transactions, the audit log and backups.
//! This module is the only place in medfund that holds SQL.

pub mod assistance;
pub mod assistance_stats;
pub mod audit;
pub mod audit_log;
pub mod backup;
pub mod beneficiaries;
pub mod calendar;
pub mod check;
pub mod claims;
pub mod declaration;
pub mod encrypt;
pub mod evaluation;
pub mod exports;
pub mod funds;
pub mod hospitals;
pub mod identities;
pub mod keyring;
pub mod lists;
pub mod location;
pub mod open;
pub mod pay_rule;
pub mod posting;
pub mod premiums;
pub mod private_file;
pub mod programs;
mod seal;
pub mod settlement;
pub mod setup;
mod target_lock;
pub mod users;

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

pub use rusqlite::Transaction;

use crate::domain::user::{Action, Role, Roles, may_any};

/// Who is acting: written to every audit row, and checked against what their roles
/// may do (any of them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub username: String,
    pub display_name: String,
    pub roles: Roles,
}

impl Actor {
    /// The system user: migrations and building the demo act as it.
    pub fn system() -> Self {
        Self {
            username: "system".into(),
            display_name: "系统".into(),
            roles: Role::System.into(),
        }
    }

    /// The administrator created on the first start.
    pub fn admin() -> Self {
        Self {
            username: "admin".into(),
            display_name: "管理员".into(),
            roles: Role::Admin.into(),
        }
    }

    /// Whether this user may do `action`.
    pub fn may(&self, action: Action) -> bool {
        may_any(self.roles, action)
    }

    /// The system user of migrations and the demo's build, whom the duty rules
    /// do not compare.
    pub fn is_system(&self) -> bool {
        self.roles.contains(Role::System)
    }

    /// Refuse, in the user's words, what none of their roles may do.
    pub fn require(&self, action: Action) -> Result<()> {
        if self.may(action) {
            Ok(())
        } else {
            Err(StoreError::Forbidden {
                roles: self.roles.label(),
                action: action.label(),
            })
        }
    }
}

/// Everything that can go wrong in the store, in the clerk's words.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("数据库错误：{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("数据库升级失败：{0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("无法打开数据库 {path}：{source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("文件操作失败：{0}")]
    Io(#[from] std::io::Error),
    #[error("身份证号 {id_number} 已登记为「{name}」，同一项目内不能重复")]
    DuplicateIdNumber { id_number: String, name: String },
    #[error("项目代码「{0}」已存在")]
    DuplicateProgram(String),
    #[error("{0}年度已存在")]
    DuplicateYear(i32),
    #[error("找不到{0}")]
    NotFound(String),
    #[error("数据库中有无法识别的值：{0}")]
    Corrupt(String),
    #[error("{0}")]
    Invalid(String),
    /// Refused unless the caller confirms it has seen this warning.
    #[error("{0}")]
    NeedsConfirmation(String),
    #[error("「{roles}」无权{action}")]
    Forbidden { roles: String, action: &'static str },
    #[error("用户名或密码不正确")]
    BadLogin,
    /// The key does not open the file: a wrong recovery code, or another
    /// database's key file.
    #[error("密钥不能打开这个数据库（恢复密钥不对，或密钥文件不属于这个数据库）")]
    WrongKey,
    #[error(transparent)]
    KeyFile(#[from] keyring::KeyFileError),
    /// Too many failed sign-ins; the message says until when.
    #[error("{0}")]
    Locked(String),
    #[error("账号「{0}」已停用，请联系管理员")]
    Disabled(String),
    #[error("操作已取消，未写入任何数据")]
    Cancelled,
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// How many migrations there are; the database's `user_version` after the last.
const MIGRATION_COUNT: usize = 16;

/// The schema version from which seals are keyed (`keyed_seals.sql`).
const KEYED_SEALS_VERSION: i64 = 12;

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("schema.sql")),
        M::up_with_hook(
            include_str!("holidays.sql"),
            |tx: &rusqlite::Transaction<'_>| {
                calendar::seed_official(tx)?;
                Ok(())
            },
        ),
        M::up(include_str!("claims.sql")),
        M::up_with_hook(
            include_str!("funds.sql"),
            |tx: &rusqlite::Transaction<'_>| {
                // The seals are written by migration 6, whose seal covers more.
                let hook = |e: StoreError| rusqlite_migration::HookError::Hook(e.to_string());
                posting::post_paid_reports(tx).map_err(hook)?;
                Ok(())
            },
        ),
        M::up(include_str!("evaluation.sql")),
        M::up_with_hook(
            include_str!("assistance.sql"),
            |tx: &rusqlite::Transaction<'_>| {
                // Seal every claim and approved month (the seal now covers 重特大疾病).
                let hook = |e: StoreError| rusqlite_migration::HookError::Hook(e.to_string());
                seal::reseal_all(tx).map_err(hook)?;
                seal::seal_all_reports(tx).map_err(hook)?;
                Ok(())
            },
        ),
        M::up(include_str!("hospitals.sql")),
        M::up(include_str!("duties.sql")),
        M::up(include_str!("accounts.sql")),
        M::up(include_str!("user_roles.sql")),
        M::up(include_str!("audit_index.sql")),
        M::up_with_hook(
            include_str!("keyed_seals.sql"),
            |tx: &rusqlite::Transaction<'_>| {
                let hook = |e: StoreError| rusqlite_migration::HookError::Hook(e.to_string());
                seal::key_the_seals(tx).map_err(hook)
            },
        ),
        M::up(include_str!("exports.sql")),
        M::up(include_str!("claim_totals_index.sql")),
        M::up(include_str!("declaration.sql")),
        M::up(include_str!("identities.sql")),
    ])
}

/// An open medfund database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The master key of an encrypted file; `None` for a plain file from before
    /// encryption.
    key: Option<keyring::MasterKey>,
    /// Notes the rows this connection writes, to seal them at commit.
    seals: seal::rows::Tracker,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("encrypted", &self.key.is_some())
            .finish()
    }
}

impl Store {
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The HMAC key for `purpose`, derived from this database's master key.
    pub(crate) fn mac_key(&self, purpose: keyring::Purpose) -> keyring::MacKey {
        keyring::MacKey::derive(self.key.as_ref(), purpose)
    }

    /// Whether the database holds no program yet (a first start).
    pub fn is_empty(&self) -> Result<bool> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM programs", [], |r| r.get(0))?;
        Ok(n == 0)
    }

    /// Run `f` inside one transaction; it commits only when `f` succeeds, with
    /// the seals of every row it wrote.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction()?;
        match f(&tx) {
            Ok(out) => {
                self.seals.flush(&tx)?;
                tx.commit()?;
                Ok(out)
            }
            Err(e) => {
                self.seals.forget();
                Err(e)
            }
        }
    }

    /// Commit a transaction opened on a shared borrow (sign-in), with the seals of
    /// the rows it wrote.
    pub(crate) fn commit(&self, tx: Transaction<'_>) -> Result<()> {
        self.seals.flush(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// A stored setting, e.g. the last program the user chose.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Remember a UI setting. Settings are preferences, not records, so they are not audited.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        set_setting_tx(&self.conn, key, value)
    }

    /// Whether this database holds the demo data (the log-in screen then names the
    /// demo users).
    pub fn is_demo(&self) -> Result<bool> {
        Ok(self.setting(SETTING_DEMO)?.as_deref() == Some("1"))
    }
}

/// The setting that marks a demo database.
pub const SETTING_DEMO: &str = "demo";

/// The setting that remembers the program the user last chose (the demo starts on
/// 离休).
pub const SETTING_PROGRAM: &str = "ui.program";

/// Store a setting on any connection (also inside a transaction).
pub fn set_setting_tx(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

/// The local time now, as written in the log and record stamps.
pub(crate) fn now_stamp() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        // Not `validate()`: its own connection lacks `medfund_seal`, which the
        // migrations' hooks and triggers call.
        let mut conn = Connection::open_in_memory().unwrap();
        seal::function::register(&conn, None).unwrap();
        migrations().to_latest(&mut conn).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, MIGRATION_COUNT as i64);
    }

    #[test]
    fn opens_from_empty_with_pragmas() {
        let dir = tempfile::tempdir().unwrap();
        let code = crate::demo::demo_recovery_code().unwrap();
        let store = Store::create(&dir.path().join("sub/m.db"), &code, false).unwrap();
        assert!(store.is_empty().unwrap());
        let mode: String = store
            .conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = store
            .conn()
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        let sync: i64 = store
            .conn()
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        assert_eq!(sync, 2, "synchronous=FULL");
        drop(store);
        // Reopening an existing database migrates nothing and keeps data.
        let key = code.master_key().unwrap();
        let store = Store::open_with_key(&dir.path().join("sub/m.db"), &key).unwrap();
        store.set_setting("k", "v").unwrap();
        assert_eq!(store.setting("k").unwrap().as_deref(), Some("v"));
    }
}
