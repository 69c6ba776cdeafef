//! 恢复备份 (设置, 管理员) and `medfund restore`: bring a chosen backup in as the
//! database.
//!
//! The copy is verified before anything is touched: it must open with this
//! database's key, pass `PRAGMA integrity_check`, and pass the app's `check`
//! (seals, ledger, audit chain) once opened (and migrated, if it is older). Then
//! the current file is backed up, closed and set aside in `backups/` with its
//! `-wal` (`*-aside.db`, never rotated away), the verified copy is moved in with
//! no `-wal`/`-shm` beside it, and the restore is logged in the restored database:
//! which copy, what was set aside, and who.
//!
//! The key file `medfund.keys` stays: a backup has the same master key, and the
//! passwords are those of today. The users and roles, though, are the backup's,
//! so the window signs out after a restore and asks to sign in again.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde_json::json;

use super::super::audit::AuditWriter;
use super::super::private_file;
use super::super::{Actor, Result, Store, StoreError};
use crate::domain::user::Action;

/// What a restore did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restored {
    /// The backup brought in.
    pub from: PathBuf,
    /// Where the file it replaced was set aside.
    pub set_aside: PathBuf,
}

impl Store {
    /// Restore the backup at `backup` over this database (管理员 only). A copy
    /// that fails verification is refused and the current file is left as it
    /// was; on success `self` is the restored database.
    pub fn restore(&mut self, backup: &Path, actor: &Actor) -> Result<Restored> {
        actor.require(Action::ManageSettings)?;
        let path = self.path().to_owned();
        let key = self.master_key().cloned();
        if !backup.is_file() {
            return Err(StoreError::NotFound(format!(
                "备份文件 {}",
                backup.display()
            )));
        }
        super::verify_copy(backup, key.as_ref())?;
        let temp = private_file::sidecar(&path, ".restoring");
        remove_database(&temp)?;
        let prepared = prepare(backup, &temp, key.clone());
        if let Err(e) = prepared {
            let _ = remove_database(&temp);
            return Err(e);
        }
        // The current file is backed up, then closed before it is moved.
        self.backup_and_rotate()?;
        self.checkpoint()?;
        let closed = std::mem::replace(&mut self.conn, Connection::open_in_memory()?);
        drop(closed);
        let swapped = super::set_aside_with_keys(&path, false).and_then(|aside| {
            let moved_in = private_file::remove_sidecars(&path)
                .map_err(StoreError::from)
                .and_then(|()| std::fs::rename(&temp, &path).map_err(StoreError::from));
            match moved_in {
                Ok(()) => Ok(aside),
                Err(e) => {
                    // Put the current file back where it was.
                    let _ = std::fs::rename(&aside, &path);
                    let _ = std::fs::rename(
                        private_file::sidecar(&aside, "-wal"),
                        private_file::sidecar(&path, "-wal"),
                    );
                    Err(e)
                }
            }
        });
        // Whatever happened, the file at `path` is opened again.
        *self = Store::open_as(&path, key)?;
        let set_aside = swapped?;
        self.write(|tx| {
            AuditWriter::new(tx, actor)?.log(
                "database",
                None,
                "restore",
                None,
                Some(
                    json!({
                        "backup": backup.display().to_string(),
                        "set_aside": set_aside.display().to_string(),
                        "by": actor.display_name,
                    })
                    .to_string(),
                ),
            )
        })?;
        Ok(Restored {
            from: backup.to_owned(),
            set_aside,
        })
    }
}

/// Copy the backup into `temp` beside the database and run the app's `check` on
/// it; the file left at `temp` is one file with no `-wal`.
fn prepare(
    backup: &Path,
    temp: &Path,
    key: Option<super::super::keyring::MasterKey>,
) -> Result<()> {
    private_file::copy(backup, temp)?;
    let store = Store::open_as(temp, key)?;
    let problems = store.check(&|_, _| {})?;
    if let Some(first) = problems.first() {
        return Err(StoreError::Invalid(format!(
            "备份 {} 未通过数据检查（{} 个问题，例如：{first}），不能恢复，当前数据库未改动",
            backup.display(),
            problems.len()
        )));
    }
    store.checkpoint()?;
    drop(store);
    Ok(private_file::remove_sidecars(temp)?)
}

/// Remove a database file with its `-wal` and `-shm`, if any.
fn remove_database(db: &Path) -> Result<()> {
    private_file::remove_if_there(db)?;
    Ok(private_file::remove_sidecars(db)?)
}
