//! Small shared widgets: labelled form rows with inline errors, and a failed read
//! said where its figures would be.

use egui::{Response, RichText, TextEdit, Ui};

use super::style;

/// One form row in a two-column grid: the label, then the field tied to it with
/// `labelled_by` (so screen readers and tests find it by its Chinese label), then
/// the inline error or note below the field.
pub fn form_row_ui(
    ui: &mut Ui,
    label: &str,
    value: &mut String,
    hint: &str,
    error: Option<&str>,
    note: Option<&str>,
) -> Response {
    let label_id = ui.label(label).id;
    let response = ui
        .vertical(|ui| {
            let r = ui
                .add(
                    TextEdit::singleline(value)
                        .hint_text(hint)
                        .desired_width(280.0),
                )
                .labelled_by(label_id);
            if let Some(e) = error {
                ui.label(RichText::new(e).color(style::ERROR).small());
            } else if let Some(n) = note {
                ui.label(RichText::new(n).color(style::MUTED).small());
            }
            r
        })
        .inner;
    ui.end_row();
    response
}

/// A read from the store that failed, said inline in red where its data would be
/// shown: 「读取{what}失败：{err}」. A page shows this instead of an empty table.
pub fn read_error_ui(ui: &mut Ui, what: &str, err: &dyn std::fmt::Display) {
    ui.label(RichText::new(format!("读取{what}失败：{err}")).color(style::ERROR));
}

/// A read-only label/value row in a grid.
pub fn value_row_ui(ui: &mut Ui, label: &str, value: impl Into<egui::WidgetText>) {
    ui.label(RichText::new(label).color(style::MUTED));
    ui.label(value);
    ui.end_row();
}

/// Whether Enter was pressed while `response`'s text field had focus.
pub fn enter_pressed(ui: &Ui, response: &Response) -> bool {
    response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
}

/// Moves the keyboard focus to a field when a form opens. A modal's first frame is
/// a hidden sizing pass that ignores focus requests, so this asks for a few frames.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FocusOnOpen(u8);

impl FocusOnOpen {
    pub fn new() -> Self {
        Self(3)
    }

    /// Call with the field that should receive the focus.
    pub fn apply(&mut self, field: &Response) {
        if self.0 == 0 {
            return;
        }
        if field.has_focus() {
            self.0 = 0;
        } else {
            field.request_focus();
            self.0 -= 1;
        }
    }
}

impl Default for FocusOnOpen {
    fn default() -> Self {
        Self::new()
    }
}

/// Whether Escape was pressed this frame. Dialogs close on Escape or their own
/// buttons, never on a stray click beside them, so typed work is not lost.
/// Read this before showing an `egui::Modal`, which consumes the key.
pub fn escape_pressed(ctx: &egui::Context) -> bool {
    ctx.input(|i| i.key_pressed(egui::Key::Escape))
}

/// ‹ 上月 · 2021年9月 · 下月 › within the month's year; returns the month chosen.
pub fn month_nav_ui(
    ui: &mut Ui,
    month: crate::domain::claim::Month,
) -> Option<crate::domain::claim::Month> {
    let mut picked = None;
    if ui
        .add_enabled(month.month > 1, egui::Button::new("‹ 上月"))
        .clicked()
    {
        picked = Some(crate::domain::claim::Month {
            month: month.month - 1,
            ..month
        });
    }
    ui.label(RichText::new(month.label()).strong().size(17.0));
    if ui
        .add_enabled(month.month < 12, egui::Button::new("下月 ›"))
        .clicked()
    {
        picked = Some(crate::domain::claim::Month {
            month: month.month + 1,
            ..month
        });
    }
    picked
}

/// Add `columns` to a table together with their bold header titles, so a column
/// and its title cannot drift apart.
pub fn with_header<'a>(
    builder: egui_extras::TableBuilder<'a>,
    height: f32,
    columns: &[(egui_extras::Column, &str)],
) -> egui_extras::Table<'a> {
    let builder = columns
        .iter()
        .fold(builder, |b, (column, _)| b.column(*column));
    builder.header(height, |mut h| {
        for (_, title) in columns {
            h.col(|ui| {
                ui.strong(*title);
            });
        }
    })
}

/// What the user did with a [`form_dialog_ui`] this frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogAction {
    None,
    Submit,
    Cancel,
}

/// A modal form: the title, an optional `intro` paragraph, a two-column grid filled
/// by `body`, then 确定 / 取消.
/// `body` gets the grid and a flag to set when a field's Enter submits. Escape is
/// the caller's to read (with [`escape_pressed`]) before this runs.
pub fn form_dialog_ui(
    ui: &mut Ui,
    width: f32,
    title: &str,
    intro: Option<&str>,
    body: impl FnOnce(&mut Ui, &mut bool),
) -> DialogAction {
    let mut submit = false;
    let mut cancel = false;
    egui::Modal::new(egui::Id::unique("form_dialog")).show(ui.ctx(), |ui| {
        ui.set_width(width);
        ui.heading(title);
        ui.add_space(6.0);
        if let Some(text) = intro {
            ui.label(text);
            ui.add_space(4.0);
        }
        egui::Grid::new("form_dialog_grid")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| body(ui, &mut submit));
        ui.add_space(8.0);
        let buttons = confirm_buttons_ui(ui, "确定", "取消");
        submit |= buttons == DialogAction::Submit;
        cancel = buttons == DialogAction::Cancel;
    });
    if cancel {
        DialogAction::Cancel
    } else if submit {
        DialogAction::Submit
    } else {
        DialogAction::None
    }
}

/// A confirmation's two buttons side by side: `yes` submits, `no` cancels.
pub fn confirm_buttons_ui(ui: &mut Ui, yes: &str, no: &str) -> DialogAction {
    ui.horizontal(|ui| {
        let yes = ui.button(yes).clicked();
        let no = ui.button(no).clicked();
        match (yes, no) {
            (true, _) => DialogAction::Submit,
            (_, true) => DialogAction::Cancel,
            _ => DialogAction::None,
        }
    })
    .inner
}

/// Rows of a long list fetched from the store a page at a time, as they scroll into
/// view, and kept until the list is reloaded.
pub struct PagedRows<T> {
    page_len: usize,
    pages: std::collections::HashMap<usize, Vec<T>>,
}

impl<T> PagedRows<T> {
    pub fn new(page_len: usize) -> Self {
        Self {
            page_len: page_len.max(1),
            pages: Default::default(),
        }
    }

    /// Row `index`; its page is fetched with `fetch(offset, limit)` the first time
    /// (and again next time if that read failed).
    pub fn get<E>(
        &mut self,
        index: usize,
        fetch: impl FnOnce(usize, usize) -> Result<Vec<T>, E>,
    ) -> Result<Option<&T>, E> {
        let n = self.page_len;
        let rows = match self.pages.entry(index / n) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(fetch(index / n * n, n)?),
        };
        Ok(rows.get(index % n))
    }
}

/// 「搜索」 and its field, with Ctrl+F to reach it (unless `shortcut` is off, e.g.
/// while a dialog is open) and 清除 once something is typed.
pub fn search_box_ui(
    ui: &mut Ui,
    text: &mut String,
    hint: &str,
    width: f32,
    shortcut: bool,
) -> Response {
    let label_id = ui.label("搜索").id;
    let edit = TextEdit::singleline(text)
        .hint_text(hint)
        .desired_width(width);
    let response = ui.add(edit).labelled_by(label_id);
    if shortcut && ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::F)) {
        response.request_focus();
    }
    if !text.is_empty() && ui.small_button("清除").clicked() {
        text.clear();
    }
    response
}

/// The chosen program and year, or a note that there is none (under `title`).
pub fn program_year_ui(
    ui: &mut Ui,
    ctx: &super::app::PageCtx<'_>,
    title: &str,
) -> Option<(crate::domain::program::Program, i32)> {
    let chosen = ctx.program.cloned().zip(ctx.year.map(|y| y.year));
    if chosen.is_none() {
        ui.heading(title);
        ui.label("请先选择项目和年度。");
    }
    chosen
}
