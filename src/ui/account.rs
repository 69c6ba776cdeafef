//! The signed-in user's own account: 修改密码 (asked for at sign-in when the
//! password is temporary or too old, or chosen beside 退出登录), and the password
//! field both it and 登录 use.

use egui::{RichText, Ui};

use super::error::UiError;
use super::style;
use super::widgets::{DialogAction, FocusOnOpen, enter_pressed, escape_pressed, form_dialog_ui};
use crate::domain::password;
use crate::store::{Actor, Store};

/// A password field tied to its label, as one grid row.
pub fn password_row_ui(ui: &mut Ui, label: &str, value: &mut String) -> egui::Response {
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

/// What the rule asks of a new password, said under the form.
fn rule_text() -> String {
    format!(
        "新密码至少 {} 位，含大写字母、小写字母、数字、符号中的至少 {} 类，且不能与用户名相同。",
        password::MIN_CHARS,
        password::MIN_KINDS
    )
}

/// The new password typed twice, with the refusal if any.
#[derive(Default)]
pub struct PasswordChangeForm {
    current: String,
    new: String,
    confirm: String,
    error: Option<String>,
    focus: FocusOnOpen,
}

impl PasswordChangeForm {
    /// The fields as grid rows (the current password only when `ask_current`);
    /// true when a field's Enter submits.
    pub fn fields_ui(&mut self, ui: &mut Ui, ask_current: bool) -> bool {
        let mut submit = false;
        if ask_current {
            let r = password_row_ui(ui, "当前密码", &mut self.current);
            self.focus.apply(&r);
            submit |= enter_pressed(ui, &r);
        }
        let r = password_row_ui(ui, "新密码", &mut self.new);
        if !ask_current {
            self.focus.apply(&r);
        }
        submit |= enter_pressed(ui, &r);
        let r = password_row_ui(ui, "确认新密码", &mut self.confirm);
        submit |= enter_pressed(ui, &r);
        submit
    }

    /// The rule, and the refusal in red.
    pub fn notes_ui(&self, ui: &mut Ui) {
        ui.label(RichText::new(rule_text()).small().color(style::MUTED));
        if let Some(e) = &self.error {
            ui.label(RichText::new(e).color(style::ERROR));
        }
    }

    /// Change `actor`'s password; `current` is the one typed at sign-in, or the
    /// form's own field. Keeps the refusal to show; true once changed.
    pub fn submit(&mut self, store: &mut Store, actor: &Actor, current: Option<&str>) -> bool {
        let outcome = if self.new != self.confirm {
            Err(UiError::Invalid("两次输入的新密码不一致".to_owned()))
        } else {
            let current = current.unwrap_or(&self.current).to_owned();
            store
                .change_password(actor, &current, &self.new)
                .map_err(UiError::from)
        };
        match outcome {
            Ok(()) => true,
            Err(e) => {
                self.error = Some(e.to_string());
                self.new.clear();
                self.confirm.clear();
                false
            }
        }
    }
}

/// The 修改密码 dialog; `None` while closed.
#[derive(Default)]
pub struct PasswordDialog(Option<PasswordChangeForm>);

impl PasswordDialog {
    pub fn open(&mut self) {
        self.0 = Some(PasswordChangeForm::default());
    }

    /// Show the dialog while open; true on the frame the password was changed.
    pub fn dialog_ui(&mut self, ui: &mut Ui, store: &mut Store, actor: &Actor) -> bool {
        let Some(form) = &mut self.0 else {
            return false;
        };
        if escape_pressed(ui.ctx()) {
            self.0 = None;
            return false;
        }
        let action = form_dialog_ui(ui, 460.0, "修改密码", None, |ui, submit| {
            *submit |= form.fields_ui(ui, true);
            ui.label("");
            ui.vertical(|ui| form.notes_ui(ui));
            ui.end_row();
        });
        match action {
            DialogAction::Cancel => {
                self.0 = None;
                false
            }
            DialogAction::Submit if form.submit(store, actor, None) => {
                self.0 = None;
                true
            }
            _ => false,
        }
    }
}

/// Locks the window after the set minutes without input (0 = never), read from
/// egui's input time.
#[derive(Default)]
pub struct IdleTimer {
    minutes: u32,
    /// egui's time of the last input seen; `None` until the first frame.
    last_input: Option<f64>,
}

impl IdleTimer {
    pub fn new(minutes: u32) -> Self {
        Self {
            minutes,
            last_input: None,
        }
    }

    /// Note this frame's input; true once the minutes have passed without any.
    /// Until then it asks egui to repaint when they would have.
    pub fn idle(&mut self, ctx: &egui::Context) -> bool {
        if self.minutes == 0 {
            return false;
        }
        let (now, input) = ctx.input(|i| (i.time, !i.events.is_empty() || i.pointer.any_down()));
        let last = match self.last_input {
            Some(last) if !input => last,
            _ => {
                self.last_input = Some(now);
                now
            }
        };
        let left = f64::from(self.minutes) * 60.0 - (now - last);
        if left <= 0.0 {
            true
        } else {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(left));
            false
        }
    }
}
