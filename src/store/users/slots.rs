//! Sign-in on an encrypted database: the password opens the user's key slot, and
//! the key in it opens the file. Failures and locks are counted in the key file,
//! since a wrong password cannot open the database to count itself, and are
//! written to the audit log at the next sign-in, each with the time it happened.

use std::path::Path;

use chrono::NaiveDateTime;
use serde_json::json;

use super::super::audit::AuditWriter;
use super::super::keyring::{KeyFile, MasterKey, PendingEvent, RecoveryCode, spend_one_check};
use super::super::{Actor, Result, Store, StoreError};
use super::SignIn;
use crate::domain::password;

/// What the password opened: the key, and the outcomes waiting for the audit log.
struct Opened {
    key: MasterKey,
    keys: KeyFile,
    pending: Vec<PendingEvent>,
}

/// Check `password` against `username`'s slot in the key file of `db`, counting a
/// failure (and locking after five) in the key file.
fn open_slot(db: &Path, username: &str, password: &str, now: NaiveDateTime) -> Result<Opened> {
    let mut keys = KeyFile::load(db)?;
    if let Some(until) = keys.locked_until(username, now) {
        keys.push_event(now, username, "login_locked", None);
        keys.save(db)?;
        return Err(StoreError::Locked(password::locked_message(until)));
    }
    if keys.disabled.contains(username) {
        spend_one_check(password);
        keys.push_event(now, username, "login_disabled", None);
        keys.save(db)?;
        return Err(StoreError::Disabled(username.to_owned()));
    }
    let key = match keys.slot(username) {
        Some(slot) => slot.unwrap_key(password).map_err(key_error)?,
        None => {
            spend_one_check(password);
            None
        }
    };
    let Some(key) = key else {
        let known = keys.slot(username).is_some();
        let reason = (!known).then(|| json!({"reason": "未知用户名"}).to_string());
        keys.push_event(now, username, "login_failed", reason);
        let until = if known {
            keys.count_failure(username, now)
        } else {
            None
        };
        if let Some(until) = until {
            let detail = json!({"locked_until": until.format("%Y-%m-%d %H:%M:%S").to_string()});
            keys.push_event(now, username, "lock", Some(detail.to_string()));
        }
        keys.save(db)?;
        return Err(until.map_or(StoreError::BadLogin, |u| {
            StoreError::Locked(password::locked_message(u))
        }));
    };
    keys.clear_failures(username);
    let pending = std::mem::take(&mut keys.pending);
    Ok(Opened { key, keys, pending })
}

fn key_error(e: super::super::keyring::SecretError) -> StoreError {
    StoreError::Invalid(e.to_string())
}

impl Store {
    /// Sign in to the encrypted database at `path`: the password opens the user's
    /// slot, its key opens the file. The same checks and audit rows as
    /// [`Store::login`] follow.
    pub fn sign_in(path: &Path, username: &str, password: &str) -> Result<(Store, SignIn)> {
        Self::sign_in_at(path, username, password, chrono::Local::now().naive_local())
    }

    /// [`Store::sign_in`] at `now` (tests inject the clock).
    pub fn sign_in_at(
        path: &Path,
        username: &str,
        password: &str,
        now: NaiveDateTime,
    ) -> Result<(Store, SignIn)> {
        let username = username.trim();
        let opened = open_slot(path, username, password, now)?;
        let store = Store::open_with_key(path, &opened.key)?;
        let signed_in = store.finish_slot_sign_in(username, opened, now)?;
        Ok((store, signed_in))
    }

    /// [`Store::login_at`] on an open encrypted database (another user at the
    /// locked window, or the same one resuming).
    pub(super) fn login_with_slot(
        &self,
        username: &str,
        password: &str,
        now: NaiveDateTime,
    ) -> Result<SignIn> {
        let opened = match open_slot(&self.path, username, password, now) {
            Ok(opened) => opened,
            Err(e) => {
                // The database is open: the failure goes to the log now.
                self.flush_pending()?;
                return Err(e);
            }
        };
        if Some(&opened.key) != self.master_key() {
            return Err(StoreError::WrongKey);
        }
        self.finish_slot_sign_in(username, opened, now)
    }

    /// Write what waited in the key file to the audit log, then the sign-in.
    fn finish_slot_sign_in(
        &self,
        username: &str,
        opened: Opened,
        now: NaiveDateTime,
    ) -> Result<SignIn> {
        self.log_pending(&opened.pending)?;
        // Written after the log has them, so that a failure in between loses none.
        opened.keys.save(&self.path)?;
        self.finish_sign_in(username, now)
    }

    /// Move the outcomes waiting in the key file into the audit log.
    fn flush_pending(&self) -> Result<()> {
        let Some(mut keys) = self.key_file()? else {
            return Ok(());
        };
        let pending = std::mem::take(&mut keys.pending);
        self.log_pending(&pending)?;
        keys.save(&self.path)?;
        Ok(())
    }

    /// Sign-in outcomes from the key file into the audit log, each with its time.
    fn log_pending(&self, pending: &[PendingEvent]) -> Result<()> {
        let tx = self.conn().unchecked_transaction()?;
        for event in pending {
            let id = super::user_id(&tx, &event.username).ok();
            let mut detail = event
                .detail
                .as_deref()
                .and_then(|d| serde_json::from_str::<serde_json::Value>(d).ok())
                .unwrap_or_else(|| json!({}));
            detail["username"] = json!(event.username);
            detail["at"] = json!(event.at);
            AuditWriter::new(&tx, &Actor::system())?.log(
                "user",
                id,
                &event.action,
                None,
                Some(detail.to_string()),
            )?;
        }
        self.commit(tx)?;
        Ok(())
    }

    /// The key file of an encrypted database; `None` for a plain one.
    pub(super) fn key_file(&self) -> Result<Option<KeyFile>> {
        if self.is_encrypted() {
            Ok(Some(KeyFile::load(&self.path)?))
        } else {
            Ok(None)
        }
    }

    /// Wrap the key under `username`'s new password, replacing their slot only.
    pub(crate) fn put_slot(&self, username: &str, password: &str) -> Result<()> {
        let (Some(key), Some(mut keys)) = (self.master_key(), self.key_file()?) else {
            return Ok(());
        };
        keys.set_slot(username, password, key)?;
        keys.save(&self.path)?;
        Ok(())
    }

    /// A disabled user's slot is removed: their password no longer opens the file.
    pub(super) fn drop_slot(&self, username: &str) -> Result<()> {
        if let Some(mut keys) = self.key_file()? {
            keys.disable(username);
            keys.save(&self.path)?;
        }
        Ok(())
    }

    /// An enabled user again: sign-in no longer says they are disabled (they sign
    /// in once the administrator has reset their password).
    pub(super) fn undisable_slot(&self, username: &str) -> Result<()> {
        if let Some(mut keys) = self.key_file()? {
            keys.disabled.remove(username);
            keys.save(&self.path)?;
        }
        Ok(())
    }

    /// Lift a lock counted in the key file.
    pub(super) fn clear_slot_failures(&self, username: &str) -> Result<()> {
        if let Some(mut keys) = self.key_file()? {
            keys.clear_failures(username);
            keys.save(&self.path)?;
        }
        Ok(())
    }

    /// Whether `password` is `username`'s: their slot on an encrypted database.
    pub(super) fn slot_opens(&self, username: &str, password: &str) -> Result<Option<bool>> {
        let Some(keys) = self.key_file()? else {
            return Ok(None);
        };
        let key = match keys.slot(username) {
            Some(slot) => slot.unwrap_key(password).map_err(key_error)?,
            None => None,
        };
        Ok(Some(key.is_some() && key.as_ref() == self.master_key()))
    }
}

impl Store {
    /// 恢复密钥: every password is lost. The recovery code opens the database, the
    /// administrator's new password (which must follow the rule) replaces their
    /// slot, and they are signed in; a lost key file is written anew. The other
    /// users' passwords the administrator then resets in 用户管理.
    pub fn recover(path: &Path, code: &RecoveryCode, new_password: &str) -> Result<(Store, Actor)> {
        password::check("admin", new_password).map_err(StoreError::Invalid)?;
        let key = code.master_key().map_err(key_error)?;
        let mut store = Store::open_with_key(path, &key)?;
        if !KeyFile::exists(path) {
            KeyFile::new(store.is_demo()?).save(path)?;
        }
        let admin = Actor::admin();
        store.write(|tx| {
            super::set_password_tx(tx, "admin", new_password, &admin)?;
            let id = super::user_id(tx, "admin")?;
            AuditWriter::new(tx, &admin)?.log(
                "user",
                Some(id),
                "recover",
                None,
                Some(json!({"username": "admin", "password": "（用恢复密钥重设）"}).to_string()),
            )
        })?;
        store.put_slot("admin", new_password)?;
        store.clear_slot_failures("admin")?;
        Ok((store, admin))
    }
}
