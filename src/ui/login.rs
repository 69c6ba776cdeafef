//! 登录: the log-in card, on a new database the form that sets the
//! administrator's password and then shows the 恢复密钥 once, the recovery form
//! for when every password is lost, the forced password change after a sign-in
//! with a temporary or expired password, and the same card over a locked window.
//!
//! Before anyone signs in the database is closed: an encrypted file opens only
//! with a password ([`Door::File`]); over a locked window, or on a plain file from
//! before encryption, the card checks the password on the open store
//! ([`Door::Open`]).

use egui::{RichText, Ui};

use super::account::{PasswordChangeForm, password_row_ui};
use super::error::UiError;
use super::style;
use super::widgets::{FocusOnOpen, enter_pressed, form_row_ui, read_error_ui};
use crate::store::keyring::RecoveryCode;
use crate::store::users::{PasswordChange, SignIn};
use crate::store::{Actor, Store};

/// What the card signs in to.
pub enum Door<'a> {
    /// The open store: a locked window, a plain file, or the demo just loaded.
    Open(&'a mut Store),
    /// The encrypted file at `path`, or none yet (`new`): a new database.
    File {
        path: &'a std::path::Path,
        new: bool,
        demo: bool,
    },
}

/// A user who signed in, with the store when the card opened it.
pub struct Entered {
    pub actor: Actor,
    pub opened: Option<Store>,
}

/// A sign-in waiting for its password to be changed.
struct Pending {
    /// The store the sign-in opened, if the card opened it.
    opened: Option<Store>,
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
    /// A new database's 恢复密钥, shown once before anything else.
    recovery: Option<Created>,
    /// The recovery form is open (every password lost).
    recovering: Option<RecoveryForm>,
    /// Set while the window is locked over this user's pages.
    locked_by: Option<String>,
}

/// A database just created, with its recovery code still on screen.
struct Created {
    store: Store,
    actor: Actor,
    code: RecoveryCode,
    kept: bool,
    error: Option<String>,
}

/// 使用恢复密钥: the code and the administrator's new password.
#[derive(Default)]
struct RecoveryForm {
    code: String,
    password: String,
    confirm: String,
    error: Option<String>,
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
    /// a temporary or expired password), with the store if the card opened it.
    pub fn login_ui(&mut self, ui: &mut Ui, mut door: Door<'_>) -> Option<Entered> {
        let mut read_errors = Vec::new();
        let (first, demo) = match &door {
            Door::Open(store) => (
                store.needs_first_password().unwrap_or_else(|e| {
                    read_errors.push(e);
                    false
                }),
                store.is_demo().unwrap_or_else(|e| {
                    read_errors.push(e);
                    false
                }),
            ),
            Door::File { new, demo, .. } => (*new, *demo),
        };
        let mut result = None;
        ui.add_space(60.0);
        ui.vertical_centered(|ui| {
            egui::Frame::group(ui.style()).inner_margin(24).show(ui, |ui| {
                ui.set_width(480.0);
                for e in &read_errors {
                    read_error_ui(ui, "数据库", e);
                }
                if let Some(created) = &mut self.recovery {
                    if recovery_code_ui(ui, created) {
                        result = self.recovery.take().map(|c| Entered {
                            actor: c.actor,
                            opened: Some(c.store),
                        });
                        *self = Self::default();
                    }
                    return;
                }
                if let Some(pending) = &mut self.pending {
                    let store: &mut Store = match (&mut pending.opened, &mut door) {
                        (Some(store), _) => store,
                        (None, Door::Open(store)) => store,
                        (None, Door::File { .. }) => return,
                    };
                    if change_ui(ui, store, &pending.actor, &pending.current, pending.reason, &mut pending.form) {
                        result = self.pending.take().map(|p| Entered {
                            actor: p.actor,
                            opened: p.opened,
                        });
                        *self = Self::default();
                    }
                    return;
                }
                if let (Some(form), Door::File { path, .. }) = (&mut self.recovering, &door) {
                    match recover_ui(ui, form, path) {
                        Some(Ok(entered)) => {
                            result = Some(entered);
                            *self = Self::default();
                        }
                        Some(Err(())) => self.recovering = None,
                        None => {}
                    }
                    return;
                }
                let mut submit = false;
                if first {
                    ui.heading("设置管理员密码");
                    ui.label(RichText::new("这是新的数据库。请为管理员（admin）设置密码，之后用它登录并在“设置”中添加其他用户。数据库将加密保存，并生成一个恢复密钥。").color(style::MUTED));
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
                    ui.horizontal(|ui| {
                        submit |= ui.button("登录（Enter）").clicked();
                        if matches!(door, Door::File { .. }) && ui.link("忘记密码？使用恢复密钥").clicked() {
                            self.recovering = Some(RecoveryForm::default());
                        }
                    });
                    if demo {
                        ui.add_space(8.0);
                        ui.label(
                            RichText::new(format!("示例数据库的用户：admin（管理员）、jingban（经办人）、shenhe（审核员）、caiwu（财务）、lingdao（分管领导）、shenji（安全审计员），密码均为 demo1234；恢复密钥 {}。", crate::demo::DEMO_RECOVERY_CODE))
                                .small()
                                .color(style::MUTED),
                        );
                    }
                }
                if let Some(e) = &self.error {
                    ui.label(RichText::new(e).color(style::ERROR));
                }
                if submit {
                    self.submit(first, &mut door, &mut result);
                }
            });
        });
        result
    }

    /// The card's button or Enter: set the first password or sign in.
    fn submit(&mut self, first: bool, door: &mut Door<'_>, result: &mut Option<Entered>) {
        if first && self.password != self.confirm {
            return self.refused(UiError::Invalid("两次输入的密码不一致".to_owned()));
        }
        let outcome: Result<(SignIn, Option<Store>), UiError> = match door {
            Door::File {
                path, new: true, ..
            } => match create(path, &self.password) {
                Ok(created) => {
                    self.recovery = Some(created);
                    return;
                }
                Err(e) => Err(e),
            },
            Door::File { path, .. } => Store::sign_in(path, &self.username, &self.password)
                .map(|(store, signed)| (signed, Some(store)))
                .map_err(UiError::from),
            Door::Open(store) if first => store
                .set_first_admin_password(&self.password)
                .map(|actor| {
                    (
                        SignIn {
                            actor,
                            change: None,
                        },
                        None,
                    )
                })
                .map_err(UiError::from),
            Door::Open(store) => store
                .login(&self.username, &self.password)
                .map(|signed| (signed, None))
                .map_err(UiError::from),
        };
        match outcome {
            Ok((
                SignIn {
                    actor,
                    change: Some(reason),
                },
                opened,
            )) => {
                let current = std::mem::take(&mut self.password);
                self.pending = Some(Pending {
                    opened,
                    actor,
                    reason,
                    current,
                    form: PasswordChangeForm::default(),
                });
            }
            Ok((
                SignIn {
                    actor,
                    change: None,
                },
                opened,
            )) => {
                *self = Self::default();
                *result = Some(Entered { actor, opened });
            }
            Err(e) => self.refused(e),
        }
    }

    fn refused(&mut self, e: UiError) {
        self.error = Some(e.to_string());
        self.password.clear();
        self.confirm.clear();
        self.retry = Some(FocusOnOpen::new());
    }
}

/// A new encrypted database with the administrator's password, and its code.
fn create(path: &std::path::Path, password: &str) -> Result<Created, UiError> {
    // The rule first, so that a refused password leaves no file behind.
    crate::domain::password::check("admin", password).map_err(UiError::Invalid)?;
    let code = RecoveryCode::generate().map_err(|e| UiError::Invalid(e.to_string()))?;
    let mut store = Store::create(path, &code, false)?;
    let actor = store.set_first_admin_password(password)?;
    Ok(Created {
        store,
        actor,
        code,
        kept: false,
        error: None,
    })
}

/// The new database's 恢复密钥, shown once; true when the administrator has
/// said it is kept and goes on.
fn recovery_code_ui(ui: &mut Ui, created: &mut Created) -> bool {
    ui.heading("请保存恢复密钥");
    ui.label(RichText::new("数据库已加密。忘记所有密码时，只有这个恢复密钥能打开数据库和它的备份。它只显示这一次：请打印或抄写下来，存放在保险柜中，不要与电脑放在一起。").color(style::MUTED));
    ui.add_space(8.0);
    recovery_code_label_ui(ui, &created.code);
    ui.add_space(8.0);
    if ui.button("打印恢复密钥…").clicked() {
        created.error = save_recovery_sheet(&created.store, &created.code).err();
    }
    if let Some(e) = &created.error {
        ui.label(RichText::new(e).color(style::ERROR));
    }
    ui.checkbox(&mut created.kept, "我已打印或抄写恢复密钥并妥善保管");
    ui.add_enabled(created.kept, egui::Button::new("继续"))
        .clicked()
}

/// The recovery code on one line, large enough to copy without a mistake.
pub(super) fn recovery_code_label_ui(ui: &mut Ui, code: &RecoveryCode) {
    ui.add(
        egui::Label::new(
            RichText::new(format!("恢复密钥：{}", code.grouped().as_str()))
                .monospace()
                .size(17.0)
                .strong(),
        )
        .wrap_mode(egui::TextWrapMode::Extend),
    );
}

/// Ask where to save the 恢复密钥单 (a one-page DOCX), write it and open it for
/// printing.
fn save_recovery_sheet(store: &Store, code: &RecoveryCode) -> Result<(), String> {
    let Some(out) = rfd::FileDialog::new()
        .set_file_name("恢复密钥单.docx")
        .add_filter("Word 文档", &["docx"])
        .save_file()
    else {
        return Ok(());
    };
    let today = chrono::Local::now().date_naive();
    crate::io::recovery_sheet::write_recovery_sheet(&out, &code.grouped(), store.path(), today)
        .map_err(|e| e.to_string())?;
    opener::open(&out).map_err(|e| format!("恢复密钥单已保存到 {}，但无法打开：{e}", out.display()))
}

/// 使用恢复密钥: `Some(Ok)` once the administrator is signed in with the new
/// password, `Some(Err)` when the form is left.
fn recover_ui(
    ui: &mut Ui,
    form: &mut RecoveryForm,
    path: &std::path::Path,
) -> Option<Result<Entered, ()>> {
    ui.heading("使用恢复密钥");
    ui.label(RichText::new("输入保存的恢复密钥（字母不分大小写，短横线可省略），并为管理员（admin）设置新密码。其他用户的密码之后在“设置 → 用户管理”中重置。").color(style::MUTED));
    ui.add_space(8.0);
    let mut submit = false;
    egui::Grid::new("recover")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            let r = form_row_ui(
                ui,
                "恢复密钥",
                &mut form.code,
                "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX",
                None,
                None,
            );
            submit |= enter_pressed(ui, &r);
            let r = password_row_ui(ui, "管理员新密码", &mut form.password);
            submit |= enter_pressed(ui, &r);
            let r = password_row_ui(ui, "确认新密码", &mut form.confirm);
            submit |= enter_pressed(ui, &r);
        });
    let mut back = false;
    ui.horizontal(|ui| {
        submit |= ui.button("恢复并登录").clicked();
        back = ui.button("返回登录").clicked();
    });
    if let Some(e) = &form.error {
        ui.label(RichText::new(e).color(style::ERROR));
    }
    if back {
        return Some(Err(()));
    }
    if !submit {
        return None;
    }
    let outcome = if form.password != form.confirm {
        Err(UiError::Invalid("两次输入的密码不一致".to_owned()))
    } else {
        RecoveryCode::parse(&form.code)
            .map_err(|e| UiError::Invalid(e.to_string()))
            .and_then(|code| Store::recover(path, &code, &form.password).map_err(UiError::from))
    };
    match outcome {
        Ok((store, actor)) => Some(Ok(Entered {
            actor,
            opened: Some(store),
        })),
        Err(e) => {
            form.error = Some(e.to_string());
            form.password.clear();
            form.confirm.clear();
            None
        }
    }
}

/// The password change a sign-in asks for before anything else; true once done.
fn change_ui(
    ui: &mut Ui,
    store: &mut Store,
    actor: &Actor,
    current: &str,
    reason: PasswordChange,
    form: &mut PasswordChangeForm,
) -> bool {
    ui.heading("修改密码");
    let why = match reason {
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
        .show(ui, |ui| submit |= form.fields_ui(ui, false));
    form.notes_ui(ui);
    submit |= ui.button("修改并登录").clicked();
    submit && form.submit(store, actor, Some(current))
}
