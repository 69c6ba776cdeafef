//! Encrypting a plain database from before encryption, in place: the 管理员's
//! 加密数据库 in 设置 and `medfund encrypt`. The plain file is backed up first,
//! copied into a new encrypted file with `sqlcipher_export`, and replaced by it;
//! the plain backups are then encrypted or removed as the 管理员 chooses.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, params};
use serde_json::json;

use super::audit::AuditWriter;
use super::keyring::{KeyFile, MasterKey, RecoveryCode};
use super::open::FileKind;
use super::{Actor, Result, Store, StoreError, backup};
use crate::domain::user::Action;

/// What encrypting gave: the recovery code to show once, the temporary passwords
/// of the other users (their old ones cannot open the key), and the plain backups
/// still to encrypt or remove.
#[derive(Debug)]
pub struct Encryption {
    pub code: RecoveryCode,
    pub temporary: Vec<(String, String)>,
    pub plain_backups: Vec<PathBuf>,
}

/// Copy the database open on `conn` into a new encrypted file at `target`, with
/// its schema version.
fn export_encrypted(conn: &Connection, target: &Path, key: &MasterKey) -> Result<()> {
    super::private_file::remove_if_there(target)?;
    super::private_file::create(target)?;
    let target_text = target.to_string_lossy();
    {
        let _keying = super::open::keying_lock();
        conn.execute(
            "ATTACH DATABASE ?1 AS enc KEY ?2",
            params![target_text.as_ref(), key.pragma_value().as_str()],
        )?;
    }
    let exported = (|| -> Result<()> {
        conn.query_row("SELECT sqlcipher_export('enc')", [], |_| Ok(()))?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        conn.execute_batch(&format!("PRAGMA enc.user_version = {version};"))?;
        Ok(())
    })();
    conn.execute("DETACH DATABASE enc", [])?;
    exported
}

/// Seal an encrypted copy anew under `key`. A copy older than the keyed seals
/// (migration 12) is left as it is: that migration keys it when it is opened.
fn reseal_copy(path: &Path, key: &MasterKey) -> Result<()> {
    let mut conn = super::open::connect(path, Some(key))?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version >= super::KEYED_SEALS_VERSION {
        let tx = conn.transaction()?;
        super::seal::reseal_everything(&tx)?;
        tx.commit()?;
    }
    Ok(())
}

/// Replace the file at `path` (and its `-wal`/`-shm`) by `with`.
fn replace(path: &Path, with: &Path) -> Result<()> {
    super::private_file::remove_sidecars(path)?;
    std::fs::rename(with, path)?;
    Ok(())
}

/// The plain backups of the database at `path`.
pub fn plain_backups(path: &Path) -> Result<Vec<PathBuf>> {
    let mut plain = Vec::new();
    for file in backup::list_backups(path)? {
        if FileKind::of(&file)? == FileKind::Plain {
            plain.push(file);
        }
    }
    Ok(plain)
}

impl Store {
    /// 加密数据库: encrypt this plain database in place. `password` is the
    /// signed-in 管理员's, asked again: it becomes their key slot. The demo keeps
    /// its users' passwords and recovery code; elsewhere the other users get
    /// temporary passwords (returned, to hand out) and a new recovery code is made.
    pub fn encrypt(self, actor: &Actor, password: &str) -> Result<(Store, Encryption)> {
        actor.require(Action::ManageSettings)?;
        if self.is_encrypted() {
            return Err(StoreError::Invalid("数据库已经加密".into()));
        }
        if !self.password_is(&actor.username, password)? {
            return Err(StoreError::Invalid("管理员密码不正确".into()));
        }
        let demo = self.is_demo()?;
        let code = if demo {
            crate::demo::demo_recovery_code()?
        } else {
            RecoveryCode::generate().map_err(|e| StoreError::Invalid(e.to_string()))?
        };
        let key = code
            .master_key()
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        let others = self.users_with_passwords()?;
        // Nothing is lost: the plain file is backed up before it is replaced.
        self.backup_and_rotate()?;
        let path = self.path.clone();
        let temp = path.with_extension("encrypting");
        export_encrypted(&self.conn, &temp, &key)?;
        drop(self);
        replace(&path, &temp)?;
        KeyFile::new(demo).save(&path)?;
        let mut store = Store::open_with_key(&path, &key)?;
        // The seals were made under a plain file's stand-in key; now the real one.
        store.reseal_everything()?;
        store.put_slot(&actor.username, password)?;
        let mut temporary = Vec::new();
        for username in others.iter().filter(|u| **u != actor.username) {
            if demo {
                store.put_slot(username, crate::demo::DEMO_PASSWORD)?;
            } else {
                temporary.push((username.clone(), store.reset_password(username, actor)?));
            }
        }
        store.write(|tx| {
            AuditWriter::new(tx, actor)?.log(
                "database",
                None,
                "encrypt",
                None,
                Some(json!({"users_reset": temporary.len()}).to_string()),
            )
        })?;
        let plain_backups = plain_backups(&path)?;
        Ok((
            store,
            Encryption {
                code,
                temporary,
                plain_backups,
            },
        ))
    }

    /// Seal everything anew under this connection's key, in one transaction: a
    /// file just encrypted, and the benches' plain copy of an encrypted database
    /// (`sqlcipher_export`), whose seals were made under the real key and whose
    /// check, resealed under a plain file's stand-in key, does the encrypted one's work.
    #[doc(hidden)]
    pub fn reseal_everything(&mut self) -> Result<()> {
        self.write(|tx| super::seal::reseal_everything(tx))
    }

    /// Encrypt the plain backups `files` with this database's key, each in place.
    pub fn encrypt_backups(&self, files: &[PathBuf]) -> Result<()> {
        let key = self
            .master_key()
            .ok_or_else(|| StoreError::Invalid("数据库尚未加密".into()))?;
        for file in files {
            let conn = Connection::open(file)?;
            let temp = file.with_extension("encrypting");
            export_encrypted(&conn, &temp, key)?;
            drop(conn);
            reseal_copy(&temp, key)?;
            replace(file, &temp)?;
        }
        Ok(())
    }
}

/// Delete the plain backups `files` (after encrypting the database).
pub fn remove_backups(files: &[PathBuf]) -> Result<()> {
    for file in files {
        std::fs::remove_file(file)?;
    }
    Ok(())
}
