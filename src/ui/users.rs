//! 用户管理 in 设置 (管理员 only): the users with their roles and state, adding a
//! user with one or more roles and a temporary password, changing the roles,
//! disabling and re-enabling, resetting a password, unlocking, and the
//! password-age and idle-lock settings.
//!
//! Each row's checkboxes and buttons say the same words as the next row's, so
//! their accessible names carry the user name too (「停用 jingban」).

use egui::{RichText, Ui};

use super::app::PageCtx;
use super::style;
use super::widgets::{form_row_ui, read_error_ui};
use crate::domain::user::{Action, Role, Roles};
use crate::store::users::User;
use crate::store::{Actor, Result as StoreResult, Store};

/// The 用户管理 section's own state.
#[derive(Default)]
pub struct UsersSection {
    /// The users, read once and again after a change (not every frame).
    users: Option<StoreResult<Vec<User>>>,
    username: String,
    display_name: String,
    roles: Roles,
    /// A temporary password just given, shown until dismissed: (username, password).
    temporary: Option<(String, String)>,
    error: Option<String>,
    /// The two security settings as typed, read when the section first shows.
    settings: Option<(String, String)>,
}

/// A change picked in the list, done after the list is drawn.
enum Change {
    Roles(String, Roles),
    Active(String, bool),
    Reset(String),
    Unlock(String),
}

impl UsersSection {
    /// Reload the list on the next frame.
    pub fn reload(&mut self) {
        self.users = None;
    }

    /// Whether a new user is being typed.
    pub fn has_unsaved_edits(&self) -> bool {
        !self.username.is_empty() || !self.display_name.is_empty() || !self.roles.is_empty()
    }

    pub fn section_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        if !ctx.actor.may(Action::ManageSettings) {
            return;
        }
        if let Some((username, password)) = &self.temporary {
            let mut dismissed = false;
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.label(format!("用户 {username} 的临时密码：{password}"));
                ui.label(
                    RichText::new("只显示这一次，请当面转告本人；首次登录时须修改。")
                        .color(style::MUTED),
                );
                dismissed = ui.button("我已记下").clicked();
            });
            if dismissed {
                self.temporary = None;
            }
        }
        if let Some(e) = &self.error {
            ui.label(RichText::new(e).color(style::ERROR));
        }
        if self.users.is_none() {
            self.users = Some(ctx.store.users());
        }
        let change = match &self.users {
            Some(Ok(users)) => users_table_ui(ui, users, ctx.actor),
            Some(Err(e)) => {
                read_error_ui(ui, "用户", e);
                None
            }
            None => None,
        };
        if let Some(change) = change {
            self.apply(change, ctx);
        }
        ui.add_space(6.0);
        self.add_form_ui(ui, ctx);
        ui.add_space(6.0);
        self.settings_ui(ui, ctx);
    }

    fn apply(&mut self, change: Change, ctx: &mut PageCtx<'_>) {
        let store = &mut *ctx.store;
        let actor = ctx.actor;
        let outcome = match change {
            Change::Roles(name, roles) => store.set_roles(&name, roles, actor).map(|()| None),
            Change::Active(name, active) => store.set_active(&name, active, actor).map(|()| None),
            Change::Unlock(name) => store.unlock(&name, actor).map(|()| None),
            Change::Reset(name) => store
                .reset_password(&name, actor)
                .map(|password| Some((name, password))),
        };
        self.finish(outcome);
        if self.error.is_none() {
            ctx.toasts.success("用户已更新");
        }
    }

    /// After a change: the refusal, or the list reloaded (and a new temporary
    /// password to show).
    fn finish(&mut self, outcome: StoreResult<Option<(String, String)>>) {
        match outcome {
            Ok(temporary) => {
                self.error = None;
                if temporary.is_some() {
                    self.temporary = temporary;
                }
                self.users = None;
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    fn add_form_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        ui.label(RichText::new("新用户").strong());
        let mut submit = false;
        egui::Grid::new("add_user")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                form_row_ui(
                    ui,
                    "新用户名",
                    &mut self.username,
                    "英文字母、数字或 _",
                    None,
                    None,
                );
                form_row_ui(ui, "姓名", &mut self.display_name, "例如：张三", None, None);
                ui.label("角色");
                ui.horizontal(|ui| self.roles = roles_picker_ui(ui, self.roles, None));
                ui.end_row();
            });
        submit |= ui.button("添加用户").clicked();
        if submit {
            let outcome = ctx
                .store
                .add_user(&self.username, &self.display_name, self.roles, ctx.actor)
                .map(|password| Some((self.username.trim().to_owned(), password)));
            self.finish(outcome);
            if self.error.is_none() {
                ctx.toasts.success("已添加用户");
                self.username.clear();
                self.display_name.clear();
                self.roles = Roles::default();
            }
        }
    }

    fn settings_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        let (days, minutes) = self
            .settings
            .get_or_insert_with(|| security_settings(ctx.store));
        egui::Grid::new("security_settings")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                form_row_ui(
                    ui,
                    "密码有效期（天）",
                    days,
                    "90",
                    None,
                    Some("0 表示不过期"),
                );
                form_row_ui(
                    ui,
                    "无操作锁定（分钟）",
                    minutes,
                    "10",
                    None,
                    Some("0 表示不锁定"),
                );
            });
        if ui.button("保存安全设置").clicked() {
            let parsed = (days.trim().parse::<u32>(), minutes.trim().parse::<u32>());
            match parsed {
                (Ok(d), Ok(m)) => match ctx.store.set_security_settings(d, m, ctx.actor) {
                    Ok(()) => ctx.toasts.success("安全设置已保存"),
                    Err(e) => ctx.toasts.error(e.to_string()),
                },
                _ => ctx.toasts.error("天数和分钟数须为不小于 0 的整数"),
            }
        }
    }
}

/// The two security settings as text for the form.
fn security_settings(store: &Store) -> (String, String) {
    let text = |n: StoreResult<u32>| n.map(|n| n.to_string()).unwrap_or_default();
    (text(store.password_days()), text(store.idle_minutes()))
}

/// A checkbox per role a person can be given; a row's carry its user's name in
/// their accessible names. Returns the roles as ticked.
fn roles_picker_ui(ui: &mut Ui, current: Roles, user: Option<&str>) -> Roles {
    let mut chosen = current;
    for role in Role::ASSIGNABLE {
        let mut on = current.contains(role);
        let response = ui.checkbox(&mut on, role.label());
        if let Some(user) = user {
            response.widget_info(|| {
                egui::WidgetInfo::selected(
                    egui::accesskit::Role::CheckBox,
                    true,
                    on,
                    format!("{user} {}", role.label()),
                )
            });
        }
        chosen = chosen.with(role, on);
    }
    chosen
}

/// A row's button, named for assistive technology with its user (「停用 jingban」).
fn row_button_ui(ui: &mut Ui, text: &str, user: &str) -> bool {
    let response = ui.button(text);
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::accesskit::Role::Button,
            true,
            format!("{text} {user}"),
        )
    });
    response.clicked()
}

/// The users with their roles, state and buttons; returns the change picked.
fn users_table_ui(ui: &mut Ui, users: &[User], actor: &Actor) -> Option<Change> {
    let mut change = None;
    egui::Grid::new("users")
        .num_columns(5)
        .striped(true)
        .spacing([16.0, 6.0])
        .show(ui, |ui| {
            for head in ["用户名", "姓名", "角色", "状态", "操作"] {
                ui.label(RichText::new(head).strong());
            }
            ui.end_row();
            for user in users {
                let name = user.username.as_str();
                let own = name == actor.username;
                ui.label(name);
                ui.label(&user.display_name);
                if own {
                    ui.label(user.roles.label());
                } else {
                    ui.horizontal(|ui| {
                        let roles = roles_picker_ui(ui, user.roles, Some(name));
                        if roles != user.roles {
                            change = Some(Change::Roles(name.to_owned(), roles));
                        }
                    });
                }
                ui.label(state_text(user));
                ui.horizontal(|ui| {
                    if own {
                        ui.label(RichText::new("（本人）").color(style::MUTED));
                        return;
                    }
                    let toggle = if user.active { "停用" } else { "启用" };
                    if row_button_ui(ui, toggle, name) {
                        change = Some(Change::Active(name.to_owned(), !user.active));
                    }
                    if row_button_ui(ui, "重置密码", name) {
                        change = Some(Change::Reset(name.to_owned()));
                    }
                    if user.locked_until.is_some() && row_button_ui(ui, "解锁", name) {
                        change = Some(Change::Unlock(name.to_owned()));
                    }
                });
                ui.end_row();
            }
        });
    change
}
/// 正常, 已停用, 锁定至 …, 待修改临时密码.
fn state_text(user: &User) -> String {
    if !user.active {
        "已停用".to_owned()
    } else if let Some(until) = &user.locked_until {
        format!("锁定至 {until}")
    } else if user.must_change {
        "待修改临时密码".to_owned()
    } else {
        "正常".to_owned()
    }
}
