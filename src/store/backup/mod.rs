//! Backups with SQLite's online backup API, into `backups/` beside the database
//! and, when the 管理员 has set one, a second folder (a USB drive, a share). Each
//! copy is checked (`PRAGMA integrity_check`, opened with the same key) when
//! written; a copy that fails is deleted and the failure reported and logged.
//! Both folders keep the last 7 daily, 4 weekly and 12 monthly copies
//! ([`retention`]). The copy of an encrypted database is encrypted with the same
//! key, so the same passwords and recovery code open it.
//!
//! [`Store::backup_and_rotate`] is the one backup: at start-up, 立即备份, and
//! before every import commit, settlement posting, recompute and restore.

pub mod restore;
pub mod retention;

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::{Connection, OpenFlags};
use serde_json::json;

use super::keyring::MasterKey;
use super::private_file;
use super::{Actor, Result, Store, StoreError};
pub use retention::Kind;

/// The setting that holds the second backup folder.
pub const SETTING_SECOND_FOLDER: &str = "backup.second_folder";

/// The time format in a backup's name, after `<stem>-`.
const STAMP: &str = "%Y%m%d-%H%M%S-%3f";

/// The backup folder for a database file.
pub fn backup_dir(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("backups")
}

/// Which folder a backup is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Folder {
    /// `backups/` beside the database.
    Main,
    /// The second folder the 管理员 set.
    Second,
}

impl Folder {
    pub fn label(self) -> &'static str {
        match self {
            Folder::Main => "本机备份文件夹",
            Folder::Second => "第二备份文件夹",
        }
    }
}

/// One backup as 设置 and `medfund backup` list it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupFile {
    pub path: PathBuf,
    pub taken: NaiveDateTime,
    pub size: u64,
    pub kind: Kind,
    pub folder: Folder,
}

/// What a backup wrote, and what went wrong without failing it (the second
/// folder missing or its copy failing), in the clerk's words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BackupReport {
    pub path: PathBuf,
    pub second: Option<PathBuf>,
    pub warnings: Vec<String>,
}

impl Store {
    /// Back the database up into `backups/<name>-YYYYMMDD-HHMMSS-mmm.db` (for
    /// `medfund.db`, `medfund-20261123-…db`), check the copy, keep the copies the
    /// [`retention`] rule keeps, and do the same in the second folder if one is
    /// set.
    pub fn backup_and_rotate(&self) -> Result<BackupReport> {
        self.backup_at(chrono::Local::now().naive_local())
    }

    /// [`Store::backup_and_rotate`] as if it were `now` (tests inject the clock).
    pub fn backup_at(&self, now: NaiveDateTime) -> Result<BackupReport> {
        backup_connection(self.conn(), self.path(), self.master_key(), now)
    }

    /// The second backup folder, if the 管理员 set one.
    pub fn second_backup_folder(&self) -> Result<Option<PathBuf>> {
        second_folder(self.conn())
    }

    /// Set (or, with `None`, clear) the second backup folder; 管理员 only, and
    /// logged. The folder need not be there now (a USB drive may be unplugged).
    pub fn set_second_backup_folder(&mut self, folder: Option<&Path>, actor: &Actor) -> Result<()> {
        actor.require(crate::domain::user::Action::ManageSettings)?;
        let old = self.second_backup_folder()?;
        let new = folder
            .map(|f| f.to_string_lossy().trim().to_owned())
            .filter(|f| !f.is_empty());
        self.write(|tx| {
            match &new {
                Some(f) => super::set_setting_tx(tx, SETTING_SECOND_FOLDER, f)?,
                None => {
                    tx.execute(
                        "DELETE FROM settings WHERE key = ?1",
                        [SETTING_SECOND_FOLDER],
                    )?;
                }
            }
            super::audit::AuditWriter::new(tx, actor)?.log(
                "setting",
                None,
                "second_backup_folder",
                old.map(|o| json!({ "folder": o }).to_string()),
                new.as_ref().map(|n| json!({ "folder": n }).to_string()),
            )
        })
    }

    /// The backups in both folders, newest first.
    pub fn backups(&self) -> Result<Vec<BackupFile>> {
        let mut all = listed(&backup_dir(self.path()), self.path(), Folder::Main)?;
        if let Some(second) = self.second_backup_folder()?
            && second.is_dir()
        {
            all.extend(listed(&second, self.path(), Folder::Second)?);
        }
        all.sort_by_key(|b| std::cmp::Reverse(b.taken));
        Ok(all)
    }
}

fn second_folder(conn: &Connection) -> Result<Option<PathBuf>> {
    use rusqlite::OptionalExtension;
    let value: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [SETTING_SECOND_FOLDER],
            |r| r.get(0),
        )
        .optional()?;
    Ok(value.filter(|v| !v.is_empty()).map(PathBuf::from))
}

/// Back up an open connection to the database at `db_path` and rotate; used by
/// [`Store::backup_and_rotate`] and before a migration changes an existing file.
pub(crate) fn backup_connection(
    conn: &Connection,
    db_path: &Path,
    key: Option<&MasterKey>,
    now: NaiveDateTime,
) -> Result<BackupReport> {
    let dir = backup_dir(db_path);
    let target = new_backup_path(&dir, db_path, now)?;
    write_copy(conn, &target, key)?;
    if let Err(e) = verify_copy(&target, key) {
        let _ = std::fs::remove_file(&target);
        log_failure(conn, &target, &e);
        return Err(e);
    }
    rotate(&dir, db_path)?;
    let mut report = BackupReport {
        path: target.clone(),
        ..BackupReport::default()
    };
    // Before a migration the settings may not be readable yet: no second copy then.
    if let Ok(Some(second)) = second_folder(conn) {
        match copy_to_second(&target, &second, db_path, key) {
            Ok(copy) => report.second = Some(copy),
            Err(e) => {
                log_failure(conn, &second, &e);
                report.warnings.push(e.to_string());
            }
        }
    }
    Ok(report)
}

/// Write the copy of the open connection into a new file at `target`, readable
/// by its owner only, as one file (rollback journal, no `-wal`).
fn write_copy(conn: &Connection, target: &Path, key: Option<&MasterKey>) -> Result<()> {
    private_file::create(target)?;
    let mut copy = Connection::open(target)?;
    if let Some(key) = key {
        let _keying = super::open::keying_lock();
        copy.pragma_update(None, "key", key.pragma_value().as_str())?;
        copy.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })?;
    }
    rusqlite::backup::Backup::new(conn, &mut copy)?.run_to_completion(
        256,
        std::time::Duration::ZERO,
        None,
    )?;
    copy.pragma_update(None, "journal_mode", "DELETE")?;
    drop(copy);
    private_file::restrict_database(target)?;
    Ok(())
}

/// Open the copy at `path` read-only with `key` and run `PRAGMA integrity_check`;
/// a wrong key or a damaged page is refused in the clerk's words.
pub fn verify_copy(path: &Path, key: Option<&MasterKey>) -> Result<()> {
    let refuse =
        |why: String| StoreError::Invalid(format!("备份 {} 已损坏或不完整：{why}", path.display()));
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    if let Some(key) = key {
        let _keying = super::open::keying_lock();
        conn.pragma_update(None, "key", key.pragma_value().as_str())?;
    }
    let first = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    });
    if let Err(e) = first {
        return Err(match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => {
                refuse("无法用本数据库的密钥读取（文件被改动，或不是本数据库的备份）".into())
            }
            _ => refuse(e.to_string()),
        });
    }
    let mut stmt = conn
        .prepare("PRAGMA integrity_check")
        .map_err(|e| refuse(e.to_string()))?;
    let lines: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .and_then(|rows| rows.collect())
        .map_err(|e| refuse(e.to_string()))?;
    if lines.len() == 1 && lines[0] == "ok" {
        Ok(())
    } else {
        Err(refuse(
            lines.into_iter().take(3).collect::<Vec<_>>().join("；"),
        ))
    }
}

/// A failed backup goes to the audit log too (as the system; best effort: the
/// error is returned to the caller either way).
fn log_failure(conn: &Connection, target: &Path, e: &StoreError) {
    let _ = (|| -> Result<()> {
        let tx = conn.unchecked_transaction()?;
        super::audit::AuditWriter::new(&tx, &Actor::system())?.log(
            "database",
            None,
            "backup_failed",
            None,
            Some(
                json!({ "file": target.display().to_string(), "reason": e.to_string() })
                    .to_string(),
            ),
        )?;
        tx.commit()?;
        Ok(())
    })();
}

/// Copy the checked backup `first` into the second folder, check that copy, keep
/// the key file beside it, and rotate there. A missing folder is said plainly.
fn copy_to_second(
    first: &Path,
    second: &Path,
    db_path: &Path,
    key: Option<&MasterKey>,
) -> Result<PathBuf> {
    if !second.is_dir() {
        return Err(StoreError::Invalid(format!(
            "第二备份文件夹 {} 不存在或未连接（U 盘未插入？），本次只备份到 {}",
            second.display(),
            backup_dir(db_path).display()
        )));
    }
    let fail = |e: &dyn std::fmt::Display| {
        StoreError::Invalid(format!(
            "备份到第二备份文件夹 {} 失败：{e}",
            second.display()
        ))
    };
    let name = first.file_name().ok_or_else(|| fail(&"备份文件名无效"))?;
    let target = second.join(name);
    private_file::copy(first, &target).map_err(|e| fail(&e))?;
    if let Err(e) = verify_copy(&target, key) {
        let _ = std::fs::remove_file(&target);
        return Err(fail(&e));
    }
    let keys = super::keyring::key_file_path(db_path);
    if let Some(keys_name) = keys.file_name()
        && keys.exists()
    {
        private_file::copy(&keys, &second.join(keys_name)).map_err(|e| fail(&e))?;
    }
    rotate(second, db_path)?;
    Ok(target)
}

/// Delete the copies of the database at `db_path` in `dir` that [`retention`]
/// does not keep.
fn rotate(dir: &Path, db_path: &Path) -> Result<()> {
    let files = stamped(dir, db_path)?;
    let stamps: Vec<NaiveDateTime> = files.iter().map(|(_, t)| *t).collect();
    for ((path, _), kind) in files.iter().zip(retention::classify(&stamps)) {
        if kind.is_none() {
            std::fs::remove_file(path)?;
        }
    }
    Ok(())
}

/// A new backup's name in `dir`: the time `now` to the millisecond, so that names
/// sort by age; a name taken already moves on a millisecond.
fn new_backup_path(dir: &Path, db_path: &Path, now: NaiveDateTime) -> Result<PathBuf> {
    free_name(dir, db_path, now, ".db")
}

/// `<stem>-<time><suffix>` in `dir` (created if needed) at `now` or the first
/// free millisecond after.
fn free_name(dir: &Path, db_path: &Path, now: NaiveDateTime, suffix: &str) -> Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let prefix = backup_prefix(db_path);
    let mut at = now;
    Ok(loop {
        let candidate = dir.join(format!("{prefix}{}{suffix}", at.format(STAMP)));
        if !candidate.exists() {
            break candidate;
        }
        at += chrono::TimeDelta::milliseconds(1);
    })
}

/// Move the database at `db_path` into the backup folder under a set-aside name
/// (`<name>-<timestamp>-aside.db`, which rotation never deletes), with its `-wal`
/// (which SQLite then reads with it) and its key file beside it; the `-shm` is
/// only an index and is removed. Nothing is deleted: `medfund demo --force` sets
/// an old file aside this way, whatever key it has.
pub fn set_aside(db_path: &Path) -> Result<PathBuf> {
    set_aside_with_keys(db_path, true)
}

/// [`set_aside`], moving the key file with the database (`move_keys`) or leaving
/// it in place with a copy beside the set-aside file (a restore keeps the key
/// file: the restored copy has the same master key).
pub(crate) fn set_aside_with_keys(db_path: &Path, move_keys: bool) -> Result<PathBuf> {
    let now = chrono::Local::now().naive_local();
    let target = free_name(&backup_dir(db_path), db_path, now, "-aside.db")?;
    std::fs::rename(db_path, &target)?;
    let wal = private_file::sidecar(db_path, "-wal");
    if wal.exists() {
        std::fs::rename(wal, private_file::sidecar(&target, "-wal"))?;
    }
    private_file::remove_if_there(&private_file::sidecar(db_path, "-shm"))?;
    let keys = super::keyring::key_file_path(db_path);
    if keys.exists() {
        let beside = target.with_extension("keys");
        if move_keys {
            std::fs::rename(&keys, beside)?;
        } else {
            std::fs::copy(&keys, &beside)?;
            private_file::restrict(&beside)?;
        }
    }
    Ok(target)
}

/// Backups of `a.db` are named `a-<timestamp>.db`, so databases that share a
/// folder keep their backups apart.
fn backup_prefix(db_path: &Path) -> String {
    let stem = db_path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("medfund");
    format!("{stem}-")
}

/// The backups of the database at `db_path` in `dir` with the times in their
/// names, oldest first. Exactly `YYYYMMDD-HHMMSS-mmm.db` after the prefix, so
/// that the backups of `ledger-2021.db` are not taken for those of `ledger.db`,
/// and set-aside files are not listed.
fn stamped(dir: &Path, db_path: &Path) -> Result<Vec<(PathBuf, NaiveDateTime)>> {
    let prefix = backup_prefix(db_path);
    let stamp_of = |rest: &str| {
        let stamp = rest.strip_suffix(".db")?;
        (stamp.len() == 19)
            .then(|| NaiveDateTime::parse_from_str(stamp, STAMP).ok())
            .flatten()
    };
    let mut files: Vec<(PathBuf, NaiveDateTime)> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter_map(|p| {
                let taken = p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.strip_prefix(&prefix))
                    .and_then(stamp_of)?;
                Some((p, taken))
            })
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    files.sort_by_key(|a| a.1);
    Ok(files)
}

/// The backups in `dir` with their kinds, as [`Store::backups`] lists them.
fn listed(dir: &Path, db_path: &Path, folder: Folder) -> Result<Vec<BackupFile>> {
    let files = stamped(dir, db_path)?;
    let stamps: Vec<NaiveDateTime> = files.iter().map(|(_, t)| *t).collect();
    let mut out = Vec::new();
    for ((path, taken), kind) in files.into_iter().zip(retention::classify(&stamps)) {
        // Between rotations every copy is kept; one the rule would drop next is
        // listed as daily.
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        out.push(BackupFile {
            path,
            taken,
            size,
            kind: kind.unwrap_or(Kind::Daily),
            folder,
        });
    }
    Ok(out)
}

/// The backups of the database at `db_path` in `backups/`, oldest first.
pub fn list_backups(db_path: &Path) -> Result<Vec<PathBuf>> {
    Ok(stamped(&backup_dir(db_path), db_path)?
        .into_iter()
        .map(|(p, _)| p)
        .collect())
}
