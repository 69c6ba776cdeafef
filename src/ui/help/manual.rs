//! The 操作手册 inside the window (帮助 → 操作手册, or F1): its sections on the left,
//! the chosen one on the right with its screenshots, and 导出打印版 (`export::manual`:
//! a Word file, or a PDF where LibreOffice is installed).

use std::path::Path;

use egui::{RichText, Ui};

use crate::report::manual::{Block, Manual, manual, screenshot};
use crate::ui::export_buttons::{file_export_running, file_export_ui, start_file_export};
use crate::ui::style;
use crate::ui::toasts::Toasts;

/// The export job's id.
const EXPORT: &str = "manual_export";

/// The window's title.
pub const TITLE: &str = "操作手册";

/// The manual window: open or not, the section shown.
#[derive(Default)]
pub struct ManualWindow {
    open: bool,
    /// `None` is the introduction.
    section: Option<usize>,
    /// Parsed on first open.
    manual: Option<Manual>,
}

impl ManualWindow {
    pub fn open(&mut self) {
        self.open = true;
    }

    /// The window, while open. `db` is the database, beside which exports default.
    pub fn window_ui(&mut self, ctx: &egui::Context, db: &Path, toasts: &mut Toasts) {
        if !self.open {
            return;
        }
        let mut open = self.open;
        let m = self.manual.get_or_insert_with(manual);
        let section = &mut self.section;
        egui::Window::new(TITLE)
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .default_size([1120.0, 680.0])
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(&m.title).strong().size(18.0));
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        let idle = !file_export_running(ui.ctx(), EXPORT);
                        if ui
                            .add_enabled(idle, egui::Button::new("导出打印版（Word 或 PDF）…"))
                            .clicked()
                        {
                            export_ui(ui.ctx(), db);
                        }
                    });
                });
                file_export_ui(ui, EXPORT, toasts);
                ui.separator();
                egui::Panel::left("manual_sections")
                    .resizable(false)
                    .exact_size(220.0)
                    .show(ui, |ui| sections_ui(ui, m, section));
                egui::CentralPanel::default().show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .id_salt(("manual_text", *section))
                        .auto_shrink([false, false])
                        .show(ui, |ui| match section.and_then(|i| m.sections.get(i)) {
                            Some(s) => {
                                ui.heading(&s.title);
                                blocks_ui(ui, &s.blocks);
                            }
                            None => blocks_ui(ui, &m.intro),
                        });
                });
            });
        self.open &= open;
    }
}

fn sections_ui(ui: &mut Ui, m: &Manual, section: &mut Option<usize>) {
    egui::ScrollArea::vertical()
        .id_salt("manual_toc")
        .show(ui, |ui| {
            if ui.selectable_label(section.is_none(), "简介").clicked() {
                *section = None;
            }
            for (i, s) in m.sections.iter().enumerate() {
                if ui.selectable_label(*section == Some(i), &s.title).clicked() {
                    *section = Some(i);
                }
            }
        });
}

fn blocks_ui(ui: &mut Ui, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Subheading(text) => {
                ui.add_space(6.0);
                ui.label(RichText::new(text).strong().size(16.0));
            }
            Block::Paragraph(text) => {
                ui.label(text);
            }
            Block::Item(text) => {
                ui.label(format!("· {text}"));
            }
            Block::Step(number, text) => {
                ui.label(format!("{number}. {text}"));
            }
            Block::Note(text) => {
                egui::Frame::new()
                    .fill(egui::Color32::from_rgb(0xFF, 0xF6, 0xE0))
                    .inner_margin(egui::Margin::symmetric(8, 4))
                    .show(ui, |ui| ui.label(format!("提示：{text}")));
            }
            Block::Screenshot { file, caption } => screenshot_ui(ui, file, caption),
        }
        ui.add_space(2.0);
    }
}

fn screenshot_ui(ui: &mut Ui, file: &str, caption: &str) {
    ui.add_space(4.0);
    match screenshot(file) {
        Some(bytes) => {
            let width = ui.available_width().min(1280.0);
            ui.add(
                egui::Image::from_bytes(format!("bytes://manual/{file}"), bytes)
                    .max_width(width)
                    .alt_text(caption),
            );
        }
        None => {
            ui.label(RichText::new(format!("（缺少插图 {file}）")).color(style::ERROR));
        }
    }
    ui.label(RichText::new(caption).small().color(style::MUTED));
    ui.add_space(4.0);
}

/// Ask where, then write it off the UI thread (a PDF waits for LibreOffice).
fn export_ui(ctx: &egui::Context, db: &Path) {
    let Some(path) = rfd::FileDialog::new()
        .set_directory(crate::export::default_dir(db))
        .set_file_name(crate::export::MANUAL_FILE_NAME)
        .add_filter("Word 文档", &["docx"])
        .add_filter("PDF（需安装 LibreOffice）", &["pdf"])
        .save_file()
    else {
        return;
    };
    start_file_export(ctx, EXPORT, "导出操作手册", move || {
        crate::export::manual(&path)?;
        Ok(format!(
            "已导出操作手册：{}（可用 WPS 或 Word 打开后打印，或另存为 PDF）",
            path.display()
        ))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_has_its_section() {
        let m = manual();
        let titles: Vec<&str> = m.sections.iter().map(|s| s.title.as_str()).collect();
        for page in crate::ui::page::all() {
            assert!(
                titles.iter().any(|t| t.contains(page.title())),
                "{}: {titles:?}",
                page.title()
            );
        }
    }
}
