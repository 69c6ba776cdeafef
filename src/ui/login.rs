//! 登录: the log-in card, on a new database the form that sets the
//! administrator's password, the forced password change after a sign-in with a
//! temporary or expired password, and the same card over a locked window.

use egui::{RichText, Ui};

use super::account::{PasswordChangeForm, password_row_ui};
use super::error::UiError;
use super::style;
use super::widgets::{FocusOnOpen, enter_pressed, form_row_ui, read_error_ui};
use crate::store::users::{PasswordChange, SignIn};
use crate::store::{Actor, Store};

/// A sign-in waiting for its password to be changed.
struct Pending {
    actor: Actor,
    reason: PasswordChange,
    /// The password typed at sign-in, to change from.
    current: String,
    form: PasswordChangeForm,
}

/// The log-in form's state.
#[derive(Default)]
pub struct LoginForm {
    username: String,
    password: String,
    confirm: String,
    error: Option<String>,
    focus: FocusOnOpen,
    /// After a refused attempt the cursor goes back to the password.
    retry: Option<FocusOnOpen>,
    pending: Option<Pending>,
    /// Set while the window is locked over this user's pages.
    locked_by: Option<String>,
}

impl LoginForm {
    /// The card over a window locked after the idle minutes: the user's name is
    /// filled in, their password resumes.
    pub fn locked(actor: &Actor) -> Self {
        Self {
            username: actor.username.clone(),
            locked_by: Some(actor.display_name.clone()),
            retry: Some(FocusOnOpen::new()),
            ..Self::default()
        }
    }

    /// Show the card; returns the user once they are logged in (and have changed
    /// a temporary or expired password).
    pub fn login_ui(&mut self, ui: &mut Ui, store: &mut Store) -> Option<Actor> {
        let mut read_errors = Vec::new();
        let first = store.needs_first_password().unwrap_or_else(|e| {
            read_errors.push(e);
            false
        });
        let demo = store.is_demo().unwrap_or_else(|e| {
            read_errors.push(e);
            false
        });
        let mut result = None;
        ui.add_space(60.0);
        ui.vertical_centered(|ui| {
            egui::Frame::group(ui.style()).inner_margin(24).show(ui, |ui| {
                ui.set_width(440.0);
                for e in &read_errors {
                    read_error_ui(ui, "数据库", e);
                }
                if let Some(pending) = &mut self.pending {
                    if change_ui(ui, store, pending) {
                        result = Some(pending.actor.clone());
                        *self = Self::default();
                    }
                    return;
                }
                let mut submit = false;
                if first {
                    ui.heading("设置管理员密码");
                    ui.label(RichText::new("这是新的数据库。请为管理员（admin）设置密码，之后用它登录并在“设置”中添加其他用户。").color(style::MUTED));
                    ui.add_space(8.0);
                    egui::Grid::new("first_password").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
                        let r = password_row_ui(ui, "密码", &mut self.password);
                        self.focus.apply(&r);
                        submit |= enter_pressed(ui, &r);
                        let r = password_row_ui(ui, "确认密码", &mut self.confirm);
                        submit |= enter_pressed(ui, &r);
                    });
                    submit |= ui.button("设置并登录").clicked();
                } else {
                    if let Some(name) = &self.locked_by {
                        ui.heading("窗口已锁定");
                        ui.label(RichText::new(format!("长时间无操作，窗口已锁定。{name} 输入密码即可继续，未保存的内容保留；以其他用户登录将放弃这些内容。")).color(style::MUTED));
                    } else {
                        ui.heading("登录");
                    }
                    ui.add_space(8.0);
                    egui::Grid::new("login").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
                        let r = form_row_ui(ui, "用户名", &mut self.username, "例如：admin", None, None);
                        if self.locked_by.is_none() {
                            self.focus.apply(&r);
                        }
                        submit |= enter_pressed(ui, &r);
                        let r = password_row_ui(ui, "密码", &mut self.password);
                        if let Some(f) = &mut self.retry {
                            f.apply(&r);
                        }
                        submit |= enter_pressed(ui, &r);
                    });
                    submit |= ui.button("登录（Enter）").clicked();
                    if demo {
                        ui.add_space(8.0);
                        ui.label(
                            RichText::new("示例数据库的用户：admin（管理员）、jingban（经办人）、shenhe（审核员）、caiwu（财务）、lingdao（分管领导）、shenji（安全审计员），密码均为 demo1234。")
                                .small()
                                .color(style::MUTED),
                        );
                    }
                }
                if let Some(e) = &self.error {
                    ui.label(RichText::new(e).color(style::ERROR));
                }
                if submit {
                    let outcome: Result<SignIn, UiError> = if first {
                        if self.password != self.confirm {
                            Err(UiError::Invalid("两次输入的密码不一致".to_owned()))
                        } else {
                            store
                                .set_first_admin_password(&self.password)
                                .map(|actor| SignIn { actor, change: None })
                                .map_err(UiError::from)
                        }
                    } else {
                        store.login(&self.username, &self.password).map_err(UiError::from)
                    };
                    match outcome {
                        Ok(SignIn { actor, change: Some(reason) }) => {
                            let current = std::mem::take(&mut self.password);
                            self.pending = Some(Pending { actor, reason, current, form: PasswordChangeForm::default() });
                        }
                        Ok(SignIn { actor, change: None }) => {
                            *self = Self::default();
                            result = Some(actor);
                        }
                        Err(e) => {
                            self.error = Some(e.to_string());
                            self.password.clear();
                            self.confirm.clear();
                            self.retry = Some(FocusOnOpen::new());
                        }
                    }
                }
            });
        });
        result
    }
}

/// The password change a sign-in asks for before anything else; true once done.
fn change_ui(ui: &mut Ui, store: &mut Store, pending: &mut Pending) -> bool {
    ui.heading("修改密码");
    let why = match pending.reason {
        PasswordChange::Temporary => "这是临时密码，请先设置您自己的密码。".to_owned(),
        PasswordChange::Expired => {
            let days = store.password_days().unwrap_or_default();
            format!("密码已使用超过 {days} 天，请先设置新密码。")
        }
    };
    ui.label(RichText::new(why).color(style::MUTED));
    ui.add_space(8.0);
    let mut submit = false;
    egui::Grid::new("forced_change")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| submit |= pending.form.fields_ui(ui, false));
    pending.form.notes_ui(ui);
    submit |= ui.button("修改并登录").clicked();
    submit
        && pending
            .form
            .submit(store, &pending.actor, Some(&pending.current))
}
