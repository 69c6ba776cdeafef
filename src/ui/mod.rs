//! The desktop GUI: `app.rs` holds the state, navigation and command queue; each
//! page is its own module implementing `page::Page`, listed once in `page::all`,
//! and calls the same service functions as the CLI.

pub mod account;
pub mod app;
pub mod audit_log;
pub mod backups;
pub mod claim_table;
pub mod claims;
pub mod clock;
pub mod declaration;
pub mod encrypt;
pub mod error;
pub mod export_buttons;
pub mod fonts;
pub mod funds;
pub mod help;
pub mod hospitals;
pub mod import_dialog;
pub mod jobs;
pub mod login;
pub mod page;
pub mod params;
pub mod premiums;
pub mod reports;
pub mod roster;
pub mod scoring;
pub mod settings;
pub mod setup_guide;
pub mod startup_check;
pub mod style;
pub mod toasts;
pub mod transfers;
pub mod users;
pub mod verify;
pub mod widgets;
pub mod year_draft;

use std::path::Path;

use anyhow::Context as _;

pub use app::MedfundApp;

use crate::store::location::default_db_path;

/// The window title.
pub const TITLE: &str = "医保专项资金绩效台账";

/// The icon of the window and the taskbar (`assets/icon/`, drawn as SVG).
pub const ICON_PNG: &[u8] = include_bytes!("../../assets/icon/medfund-256.png");

/// Run the window on the database until it closes (the database opens, and is
/// backed up, when someone signs in).
pub fn run(db: Option<&Path>) -> anyhow::Result<()> {
    let path = default_db_path(db).context("无法确定数据库位置，请用 --db 指定")?;
    let mut viewport = egui::ViewportBuilder::default();
    // A bad icon is no reason not to start: the window keeps the system's.
    if let Ok(icon) = eframe::icon_data::from_png_bytes(ICON_PNG) {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport: viewport
            .with_title(TITLE)
            // The desktop entry's name, so that the taskbar groups the window with it.
            .with_app_id("medfund")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([960.0, 600.0]),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        TITLE,
        options,
        Box::new(move |cc| {
            fonts::install(&cc.egui_ctx, fonts::FontChoice::System);
            Ok(Box::new(MedfundApp::new(path, cc.egui_ctx.clone())))
        }),
    )
    .map_err(|e| anyhow::anyhow!("无法打开窗口：{e}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_window_icon_decodes_at_256_pixels() {
        let icon = eframe::icon_data::from_png_bytes(super::ICON_PNG).unwrap();
        assert_eq!((icon.width, icon.height), (256, 256));
        assert_eq!(icon.rgba.len(), 256 * 256 * 4);
    }
}
