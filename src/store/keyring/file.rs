//! The key file beside the database (`medfund.keys` for `medfund.db`): each user's
//! key slot, the sign-in lock-out counters, and the sign-in failures waiting to be
//! written to the audit log. It is readable before the database is open, which is
//! why those live here: a wrong password cannot open the database to count itself.
//!
//! The file holds nothing that opens the database without a password: each slot
//! is the master key encrypted under one user's password. A copy is kept in the
//! backup folder, so losing either file only costs the passwords, and the
//! recovery code still opens the database and every backup.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::secret::{MasterKey, SecretError, Slot};
use crate::domain::password;

/// What the key file says it is, so that another JSON file is not taken for one.
const FORMAT: &str = "medfund-keys-1";
/// Failures kept for the audit log until the next sign-in; beyond this the oldest
/// go, so that a script typing passwords cannot fill the disk.
const MAX_PENDING: usize = 1000;
const STAMP: &str = "%Y-%m-%d %H:%M:%S";

/// The key file's path for a database file: the same name with `.keys`.
pub fn key_file_path(db: &Path) -> PathBuf {
    db.with_extension("keys")
}

/// The copy kept in the backup folder.
fn copy_path(db: &Path) -> PathBuf {
    let name = key_file_path(db)
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "medfund.keys".into());
    super::super::backup::backup_dir(db).join(name)
}

/// The error of reading or writing the key file.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    #[error("找不到密钥文件 {0}：请用恢复密钥打开数据库")]
    Missing(String),
    #[error("密钥文件 {path} 无法读取：{reason}")]
    Unreadable { path: String, reason: String },
    #[error("无法保存密钥文件 {path}：{reason}")]
    Write { path: String, reason: String },
    #[error(transparent)]
    Secret(#[from] SecretError),
}

/// A sign-in outcome recorded before the database could be opened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingEvent {
    pub at: String,
    pub username: String,
    /// `login_failed`, `lock` or `login_locked`, as the audit log names them.
    pub action: String,
    pub detail: Option<String>,
}

/// Failed sign-ins in a row for one user name, and their lock.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guard {
    pub failures: u32,
    pub locked_until: Option<String>,
}

/// The whole key file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyFile {
    format: String,
    /// The demo's database: the log-in card names its users.
    #[serde(default)]
    pub demo: bool,
    pub slots: Vec<Slot>,
    #[serde(default)]
    pub guards: std::collections::BTreeMap<String, Guard>,
    #[serde(default)]
    pub pending: Vec<PendingEvent>,
    /// Disabled users (their slots are gone): told so at sign-in, not only that the
    /// password is wrong.
    #[serde(default)]
    pub disabled: std::collections::BTreeSet<String>,
}

impl KeyFile {
    pub fn new(demo: bool) -> Self {
        Self {
            format: FORMAT.to_owned(),
            demo,
            slots: Vec::new(),
            guards: Default::default(),
            pending: Vec::new(),
            disabled: Default::default(),
        }
    }

    /// Read the key file of the database at `db`, or its copy in the backup
    /// folder when the file beside the database is gone.
    pub fn load(db: &Path) -> Result<Self, KeyFileError> {
        let main = key_file_path(db);
        let path = if main.exists() { main } else { copy_path(db) };
        let text = match std::fs::read(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(KeyFileError::Missing(
                    key_file_path(db).display().to_string(),
                ));
            }
            Err(e) => {
                return Err(KeyFileError::Unreadable {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                });
            }
        };
        let file: KeyFile =
            serde_json::from_slice(&text).map_err(|e| KeyFileError::Unreadable {
                path: path.display().to_string(),
                reason: e.to_string(),
            })?;
        if file.format != FORMAT {
            return Err(KeyFileError::Unreadable {
                path: path.display().to_string(),
                reason: format!("格式「{}」不是 medfund 的密钥文件", file.format),
            });
        }
        Ok(file)
    }

    /// Whether the database at `db` has a key file (or its copy).
    pub fn exists(db: &Path) -> bool {
        key_file_path(db).exists() || copy_path(db).exists()
    }

    /// Write the file beside the database through a temporary file renamed into
    /// place (a crash leaves the old or the new file, never half of one), then the
    /// copy in the backup folder.
    pub fn save(&self, db: &Path) -> Result<(), KeyFileError> {
        let text = serde_json::to_vec_pretty(self).map_err(|e| KeyFileError::Write {
            path: key_file_path(db).display().to_string(),
            reason: e.to_string(),
        })?;
        for path in [key_file_path(db), copy_path(db)] {
            write_atomically(&path, &text).map_err(|e| KeyFileError::Write {
                path: path.display().to_string(),
                reason: e.to_string(),
            })?;
        }
        Ok(())
    }

    pub fn slot(&self, username: &str) -> Option<&Slot> {
        self.slots.iter().find(|s| s.username == username)
    }

    /// Put `username`'s slot for `password`, replacing their old one only.
    pub fn set_slot(
        &mut self,
        username: &str,
        password: &str,
        key: &MasterKey,
    ) -> Result<(), KeyFileError> {
        let slot = Slot::wrap(username, password, key)?;
        self.slots.retain(|s| s.username != username);
        self.slots.push(slot);
        self.guards.remove(username);
        self.disabled.remove(username);
        Ok(())
    }

    /// A disabled user: their slot goes, and sign-in says they are disabled.
    pub fn disable(&mut self, username: &str) {
        self.slots.retain(|s| s.username != username);
        self.disabled.insert(username.to_owned());
    }

    /// Until when `username` is locked at `now`, if they are.
    pub fn locked_until(&self, username: &str, now: NaiveDateTime) -> Option<NaiveDateTime> {
        self.guards
            .get(username)
            .and_then(|g| g.locked_until.as_deref())
            .and_then(|t| NaiveDateTime::parse_from_str(t, STAMP).ok())
            .filter(|u| password::is_locked(Some(*u), now))
    }

    /// Count a failed sign-in of a known user; returns the lock's end when this
    /// failure locks the account.
    pub fn count_failure(&mut self, username: &str, now: NaiveDateTime) -> Option<NaiveDateTime> {
        let guard = self.guards.entry(username.to_owned()).or_default();
        let (failures, until) = password::after_failure(guard.failures, now);
        guard.failures = failures;
        if let Some(u) = until {
            guard.locked_until = Some(u.format(STAMP).to_string());
        }
        until
    }

    /// A successful sign-in or an administrator's unlock clears the count.
    pub fn clear_failures(&mut self, username: &str) {
        self.guards.remove(username);
    }

    /// Keep an outcome for the audit log.
    pub fn push_event(
        &mut self,
        at: NaiveDateTime,
        username: &str,
        action: &str,
        detail: Option<String>,
    ) {
        self.pending.push(PendingEvent {
            at: at.format(STAMP).to_string(),
            username: username.to_owned(),
            action: action.to_owned(),
            detail,
        });
        let extra = self.pending.len().saturating_sub(MAX_PENDING);
        self.pending.drain(..extra);
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)?;
    }
    let temp = path.with_extension("keys.tmp");
    {
        let mut f = super::super::private_file::write_new(&temp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&temp, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::keyring::RecoveryCode;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, STAMP).unwrap()
    }

    #[test]
    fn the_key_file_and_its_copy_are_written_and_either_is_enough() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("medfund.db");
        let key = RecoveryCode::generate().unwrap().master_key().unwrap();
        let mut file = KeyFile::new(false);
        file.set_slot("admin", "Admin#2026", &key).unwrap();
        file.save(&db).unwrap();
        assert!(dir.path().join("medfund.keys").exists());
        assert!(dir.path().join("backups/medfund.keys").exists());
        std::fs::remove_file(dir.path().join("medfund.keys")).unwrap();
        let back = KeyFile::load(&db).unwrap();
        assert_eq!(
            back.slot("admin")
                .unwrap()
                .unwrap_key("Admin#2026")
                .unwrap(),
            Some(key)
        );
        std::fs::remove_file(dir.path().join("backups/medfund.keys")).unwrap();
        assert!(matches!(KeyFile::load(&db), Err(KeyFileError::Missing(_))));
    }

    #[test]
    fn five_failures_lock_until_fifteen_minutes_later() {
        let mut file = KeyFile::new(false);
        let now = at("2026-12-03 09:00:00");
        for _ in 0..4 {
            assert_eq!(file.count_failure("jingban", now), None);
        }
        assert_eq!(
            file.count_failure("jingban", now),
            Some(at("2026-12-03 09:15:00"))
        );
        assert!(
            file.locked_until("jingban", at("2026-12-03 09:14:59"))
                .is_some()
        );
        assert!(
            file.locked_until("jingban", at("2026-12-03 09:15:00"))
                .is_none()
        );
        assert!(file.locked_until("shenhe", now).is_none());
    }

    #[test]
    fn pending_failures_are_bounded() {
        let mut file = KeyFile::new(false);
        let now = at("2026-12-03 09:00:00");
        for i in 0..(MAX_PENDING + 5) {
            file.push_event(now, &format!("u{i}"), "login_failed", None);
        }
        assert_eq!(file.pending.len(), MAX_PENDING);
        assert_eq!(file.pending[0].username, "u5");
    }
}
