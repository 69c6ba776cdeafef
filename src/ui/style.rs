//! The look: a light, calm theme with readable Chinese text sizes.

use egui::{Color32, FontFamily, FontId, TextStyle};

/// The bureau blue used for the header bar and accents.
pub const ACCENT: Color32 = Color32::from_rgb(0x1F, 0x4E, 0x8C);
/// Text on the header bar.
pub const ON_ACCENT: Color32 = Color32::WHITE;
/// Inline error text.
pub const ERROR: Color32 = Color32::from_rgb(0xC0, 0x1C, 0x1C);
/// Good news inline (the audit chain intact).
pub const SUCCESS: Color32 = Color32::from_rgb(0x1E, 0x7B, 0x34);
/// Inline warning text.
pub const WARNING: Color32 = Color32::from_rgb(0x9A, 0x60, 0x00);
/// Muted secondary text.
pub const MUTED: Color32 = Color32::from_rgb(0x5F, 0x66, 0x70);

/// Apply the theme to every style of the context.
pub fn apply(ctx: &egui::Context) {
    ctx.set_theme(egui::Theme::Light);
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (
                TextStyle::Small,
                FontId::new(12.0, FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(15.0, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(15.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Heading,
                FontId::new(20.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(14.0, FontFamily::Monospace),
            ),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(10.0, 4.0);
        style.spacing.interact_size.y = 26.0;
        style.visuals.selection.bg_fill = Color32::from_rgb(0xCF, 0xE0, 0xF6);
        style.visuals.selection.stroke.color = ACCENT;
        style.visuals.hyperlink_color = ACCENT;
    });
}
