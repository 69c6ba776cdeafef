//! 帮助: the menu in the header (操作手册, 关于), F1 for the 操作手册, and the two
//! windows, which open before and after signing in alike.

pub mod about;
pub mod manual;

use std::path::Path;

use egui::Ui;

use crate::store::Store;
use crate::ui::toasts::Toasts;

/// The help windows' state.
#[derive(Default)]
pub struct Help {
    pub about: about::About,
    pub manual: manual::ManualWindow,
}

impl Help {
    /// The 帮助 menu.
    pub fn menu_ui(&mut self, ui: &mut Ui) {
        ui.menu_button("帮助", |ui| {
            if ui.button("操作手册（F1）").clicked() {
                self.manual.open();
                ui.close();
            }
            if ui.button("关于").clicked() {
                self.about.open();
                ui.close();
            }
        });
    }

    /// F1, and the windows that are open.
    pub fn windows_ui(
        &mut self,
        ctx: &egui::Context,
        db: &Path,
        store: Option<&Store>,
        toasts: &mut Toasts,
    ) {
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::F1)) {
            self.manual.open();
        }
        self.about.window_ui(ctx, db, store);
        self.manual.window_ui(ctx, db, toasts);
    }
}
