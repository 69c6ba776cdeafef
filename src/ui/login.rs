//! 登录: the log-in card, and on a new database the form that sets the
//! administrator's password.

use egui::{RichText, Ui};

use super::error::UiError;
use super::style;
use super::widgets::{FocusOnOpen, enter_pressed, form_row_ui, read_error_ui};
use crate::store::{Actor, Store};

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
}

impl LoginForm {
    /// Show the card; returns the user once they are logged in.
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
                    ui.heading("登录");
                    ui.add_space(8.0);
                    egui::Grid::new("login").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
                        let r = form_row_ui(ui, "用户名", &mut self.username, "例如：admin", None, None);
                        self.focus.apply(&r);
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
                            RichText::new("示例数据库的用户：admin（管理员）、jingban（经办人）、shenhe（审核员）、caiwu（财务）、lingdao（分管领导），密码均为 demo1234。")
                                .small()
                                .color(style::MUTED),
                        );
                    }
                }
                if let Some(e) = &self.error {
                    ui.label(RichText::new(e).color(style::ERROR));
                }
                if submit {
                    let outcome: Result<Actor, UiError> = if first {
                        if self.password != self.confirm {
                            Err(UiError::Invalid("两次输入的密码不一致".to_owned()))
                        } else {
                            store.set_first_admin_password(&self.password).map_err(UiError::from)
                        }
                    } else {
                        store.login(&self.username, &self.password).map_err(UiError::from)
                    };
                    match outcome {
                        Ok(actor) => {
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

/// A password field tied to its label.
fn password_row_ui(ui: &mut Ui, label: &str, value: &mut String) -> egui::Response {
    let l = ui.label(label);
    let r = ui
        .add(
            egui::TextEdit::singleline(value)
                .password(true)
                .desired_width(280.0),
        )
        .labelled_by(l.id);
    ui.end_row();
    r
}
