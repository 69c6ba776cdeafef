//! The security settings 用户管理 keeps: how many days a password lasts and how
//! many idle minutes lock the window.

use serde_json::json;

use crate::domain::password;
use crate::domain::user::Action;
use crate::store::audit::AuditWriter;
use crate::store::{Actor, Result, Store, set_setting_tx};

/// The setting: days a password lasts (0 = never expires).
pub const SETTING_PASSWORD_DAYS: &str = "security.password_days";
/// The setting: minutes without input before the window locks.
pub const SETTING_IDLE_MINUTES: &str = "security.idle_minutes";

impl Store {
    /// Days a password lasts, 0 for never.
    pub fn password_days(&self) -> Result<u32> {
        self.number_setting(SETTING_PASSWORD_DAYS, password::DEFAULT_EXPIRY_DAYS)
    }

    /// Minutes without input before the window locks, 0 for never.
    pub fn idle_minutes(&self) -> Result<u32> {
        self.number_setting(SETTING_IDLE_MINUTES, password::DEFAULT_IDLE_MINUTES)
    }

    /// A whole-number setting; the default when unset or not a number.
    fn number_setting(&self, key: &str, default: u32) -> Result<u32> {
        Ok(self
            .setting(key)?
            .and_then(|text| text.trim().parse().ok())
            .unwrap_or(default))
    }

    /// 用户管理: the password days and idle minutes, audited.
    pub fn set_security_settings(
        &mut self,
        password_days: u32,
        idle_minutes: u32,
        actor: &Actor,
    ) -> Result<()> {
        actor.require(Action::ManageSettings)?;
        self.write(|tx| {
            set_setting_tx(tx, SETTING_PASSWORD_DAYS, &password_days.to_string())?;
            set_setting_tx(tx, SETTING_IDLE_MINUTES, &idle_minutes.to_string())?;
            AuditWriter::new(tx, actor)?.log(
                "setting",
                None,
                "security",
                None,
                Some(
                    json!({"password_days": password_days, "idle_minutes": idle_minutes})
                        .to_string(),
                ),
            )
        })
    }
}
