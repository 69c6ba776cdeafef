//! Small shared widgets: labelled form rows with inline errors.

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
