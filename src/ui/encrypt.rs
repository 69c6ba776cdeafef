//! 加密数据库: on a plain database from before encryption, a banner says what is
//! exposed, and the 管理员 encrypts it in place (the same `Store::encrypt` as
//! `medfund encrypt`), choosing what becomes of the plain backups; the new
//! recovery code and the other users' temporary passwords are then shown once.

use egui::{RichText, Ui};

use super::account::password_row_ui;
use super::style;
use super::widgets::{DialogAction, form_dialog_ui};
use crate::store::encrypt::Encryption;

/// What the 管理员 asked for, for the shell to carry out (it owns the store).
pub struct EncryptRequest {
    pub password: String,
    /// Encrypt the plain backups (else delete them).
    pub encrypt_backups: bool,
}

/// The banner, the dialog and, once done, the recovery code.
#[derive(Default)]
pub struct EncryptPrompt {
    form: Option<Form>,
    done: Option<Done>,
}

struct Form {
    password: String,
    encrypt_backups: bool,
    error: Option<String>,
}

struct Done {
    encryption: Encryption,
    backups: String,
    kept: bool,
}

impl EncryptPrompt {
    /// The banner over the page; `may` is whether this user may encrypt (the
    /// 管理员). Returns the request when the dialog is submitted.
    pub fn prompt_ui(&mut self, ui: &mut Ui, may: bool) -> Option<EncryptRequest> {
        if let Some(done) = &mut self.done {
            if done_ui(ui, done) {
                self.done = None;
            }
            return None;
        }
        egui::Frame::new()
            .fill(egui::Color32::from_rgb(0xFD, 0xEC, 0xEA))
            .inner_margin(8)
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new("数据库尚未加密：得到这个文件或它的备份的人，不需要密码就能读出全部人员的身份证号和医疗费用。")
                            .color(style::ERROR),
                    );
                    if may {
                        if ui.button("加密数据库…").clicked() {
                            self.form = Some(Form {
                                password: String::new(),
                                encrypt_backups: true,
                                error: None,
                            });
                        }
                    } else {
                        ui.label("请管理员登录后加密。");
                    }
                });
            });
        ui.add_space(6.0);
        let form = self.form.as_mut()?;
        let action = form_dialog_ui(
            ui,
            520.0,
            "加密数据库",
            Some(
                "先备份，再把数据库原地加密。之后打开数据库需要用户密码或恢复密钥；其他用户将得到临时密码（示例数据库的用户保留 demo1234）。",
            ),
            |ui, submit| {
                let r = password_row_ui(ui, "管理员密码", &mut form.password);
                *submit |= super::widgets::enter_pressed(ui, &r);
                ui.label("未加密的旧备份");
                ui.horizontal(|ui| {
                    ui.radio_value(&mut form.encrypt_backups, true, "加密");
                    ui.radio_value(&mut form.encrypt_backups, false, "删除");
                });
                ui.end_row();
                if let Some(e) = &form.error {
                    ui.label("");
                    ui.label(RichText::new(e).color(style::ERROR));
                    ui.end_row();
                }
            },
        );
        match action {
            DialogAction::Submit => Some(EncryptRequest {
                password: std::mem::take(&mut form.password),
                encrypt_backups: form.encrypt_backups,
            }),
            DialogAction::Cancel => {
                self.form = None;
                None
            }
            DialogAction::None => None,
        }
    }

    /// The request was refused: say why in the dialog.
    pub fn refused(&mut self, message: String) {
        if let Some(form) = &mut self.form {
            form.error = Some(message);
        }
    }

    /// The database is encrypted: show the code and the temporary passwords.
    pub fn done(&mut self, encryption: Encryption, backups: String) {
        self.form = None;
        self.done = Some(Done {
            encryption,
            backups,
            kept: false,
        });
    }

    /// Whether the recovery code is still on screen.
    pub fn showing_code(&self) -> bool {
        self.done.is_some()
    }
}

/// The recovery code and the temporary passwords, shown once; true on 继续.
fn done_ui(ui: &mut Ui, done: &mut Done) -> bool {
    let mut go_on = false;
    egui::Modal::new(egui::Id::unique("encrypted")).show(ui.ctx(), |ui| {
        ui.set_width(560.0);
        ui.heading("数据库已加密");
        ui.label(RichText::new(&done.backups).color(style::MUTED));
        ui.add_space(6.0);
        ui.label("忘记所有密码时，只有恢复密钥能打开数据库和它的备份。它只显示这一次：请抄写或打印后存放在保险柜中。");
        super::login::recovery_code_label_ui(ui, &done.encryption.code);
        if !done.encryption.temporary.is_empty() {
            ui.add_space(6.0);
            ui.label("其他用户的旧密码已不能打开数据库，请把临时密码交给本人（首次登录时须修改）：");
            for (user, password) in &done.encryption.temporary {
                ui.label(RichText::new(format!("{user}：{password}")).monospace());
            }
        }
        ui.add_space(6.0);
        ui.checkbox(&mut done.kept, "我已打印或抄写恢复密钥并妥善保管");
        go_on = ui.add_enabled(done.kept, egui::Button::new("继续")).clicked();
    });
    go_on
}
