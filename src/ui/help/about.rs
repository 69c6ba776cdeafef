//! 关于: the version, the database's path and schema version, and the licences of
//! what is bundled: the Noto Sans SC font (SIL OFL 1.1) and the Rust crates, whose
//! list `build.rs` writes from `Cargo.lock` at build time.

use std::path::Path;

use egui::{RichText, Ui};

use crate::store::Store;
use crate::ui::style;

include!(concat!(env!("OUT_DIR"), "/crates.rs"));

/// The font's licence, shipped beside it.
const OFL: &str = include_str!("../../../assets/fonts/OFL.txt");

/// The program's version, as Cargo.toml gives it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The 关于 window's state: open or not, and the crate filter.
#[derive(Default)]
pub struct About {
    open: bool,
    filter: String,
}

impl About {
    pub fn open(&mut self) {
        self.open = true;
    }

    /// The window, while open. `store` is `None` before anyone signs in.
    pub fn window_ui(&mut self, ctx: &egui::Context, path: &Path, store: Option<&Store>) {
        let mut open = self.open;
        egui::Window::new("关于")
            .open(&mut open)
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .collapsible(false)
            .resizable(true)
            .default_width(620.0)
            .default_height(560.0)
            .show(ctx, |ui| self.contents_ui(ui, path, store));
        self.open &= open;
    }

    fn contents_ui(&mut self, ui: &mut Ui, path: &Path, store: Option<&Store>) {
        ui.heading(crate::ui::TITLE);
        ui.label(format!("版本：{VERSION}"));
        ui.label(format!("数据库：{}", path.display()));
        let latest = Store::latest_schema_version();
        let schema = match store.map(Store::schema_version) {
            Some(Ok(v)) => format!("数据库结构版本：{v}（本程序为 {latest}）"),
            Some(Err(e)) => format!("数据库结构版本：读取失败（{e}）"),
            None => format!("数据库结构版本：登录后显示（本程序为 {latest}）"),
        };
        ui.label(schema);
        ui.label("本程序以 MIT 许可证发布。");
        ui.add_space(8.0);
        ui.label(RichText::new("随附的第三方组件").strong());
        ui.label("字体：Noto Sans SC（思源黑体简体中文子集），SIL Open Font License 1.1");
        egui::CollapsingHeader::new("查看字体许可证全文")
            .id_salt("ofl")
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("ofl_text")
                    .max_height(200.0)
                    .show(ui, |ui| ui.label(RichText::new(OFL).small().monospace()));
            });
        ui.add_space(6.0);
        ui.label(format!(
            "Rust 组件 {} 个（编译时据 Cargo.lock 列出）：",
            CRATES.len()
        ));
        ui.horizontal(|ui| {
            let label = ui.label("筛选组件");
            ui.add(egui::TextEdit::singleline(&mut self.filter).desired_width(200.0))
                .labelled_by(label.id);
        });
        let needle = self.filter.trim().to_lowercase();
        let rows: Vec<_> = CRATES
            .iter()
            .filter(|(name, _, licence)| {
                needle.is_empty()
                    || name.to_lowercase().contains(&needle)
                    || licence.to_lowercase().contains(&needle)
            })
            .collect();
        if rows.is_empty() {
            ui.label(RichText::new("没有符合筛选的组件").color(style::MUTED));
        }
        let row_height = ui.spacing().interact_size.y;
        egui::ScrollArea::vertical()
            .id_salt("crates")
            .max_height(240.0)
            .auto_shrink([false, true])
            .show_rows(ui, row_height, rows.len(), |ui, range| {
                for (name, version, licence) in &rows[range] {
                    ui.horizontal(|ui| {
                        let cell = |ui: &mut Ui, width: f32, text: &str| {
                            let size = egui::vec2(width, row_height);
                            let layout = egui::Layout::left_to_right(egui::Align::Center);
                            ui.allocate_ui_with_layout(size, layout, |ui| {
                                ui.set_min_width(width);
                                ui.add(egui::Label::new(text).truncate());
                            });
                        };
                        cell(ui, 240.0, name);
                        cell(ui, 110.0, version);
                        ui.label(*licence);
                    });
                }
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crate_list_names_what_medfund_is_built_from() {
        let find = |name: &str| CRATES.iter().find(|c| c.0 == name);
        // Direct dependencies, and one reached only through them.
        for name in ["rusqlite", "egui", "docx-rs", "calamine", "libsqlite3-sys"] {
            let (_, version, licence) = find(name).unwrap_or_else(|| panic!("{name}"));
            assert!(!version.is_empty(), "{name}");
            assert_ne!(*licence, "未声明", "{name}");
        }
        assert_eq!(find("rusqlite").map(|c| c.2), Some("MIT"));
        // Test-only and build-only crates are not listed.
        assert!(find("egui_kittest").is_none());
        assert!(find("winresource").is_none());
        assert!(find("medfund").is_none());
    }
}
