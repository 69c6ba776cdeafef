//! Chinese fonts. On Windows, Microsoft YaHei is loaded when present, then SimSun
//! and SimSun-ExtB for rare characters; the bundled Noto Sans SC is always the last
//! resort, and the only CJK font in tests. eframe's system-font fallback stays on.

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

/// The bundled Noto Sans SC subset (every GBK character plus rare name characters).
pub const NOTO_SANS_SC: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-Regular.otf");

/// Which fonts to look for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FontChoice {
    /// System CJK fonts when present, the bundled font last.
    System,
    /// Only the bundled font: deterministic, for tests.
    BundledOnly,
}

/// System font files to try, in order, with the face index inside a collection.
#[cfg(windows)]
fn system_candidates() -> Vec<(&'static str, std::path::PathBuf, u32)> {
    let dir = std::env::var_os("WINDIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(r"C:\Windows"))
        .join("Fonts");
    vec![
        ("Microsoft YaHei", dir.join("msyh.ttc"), 0),
        ("SimSun", dir.join("simsun.ttc"), 0),
        ("SimSun-ExtB", dir.join("simsunb.ttf"), 0),
    ]
}

#[cfg(not(windows))]
fn system_candidates() -> Vec<(&'static str, std::path::PathBuf, u32)> {
    Vec::new()
}

/// Font definitions with the CJK chain first in the proportional family and after
/// the monospace font, so Chinese renders everywhere.
pub fn definitions(choice: FontChoice) -> FontDefinitions {
    let mut defs = FontDefinitions::default();
    let mut chain: Vec<String> = Vec::new();
    if choice == FontChoice::System {
        for (name, path, index) in system_candidates() {
            if let Ok(bytes) = std::fs::read(&path) {
                let mut data = FontData::from_owned(bytes);
                data.index = index;
                defs.font_data.insert(name.to_owned(), Arc::new(data));
                chain.push(name.to_owned());
            }
        }
    }
    defs.font_data.insert(
        "Noto Sans SC".to_owned(),
        Arc::new(FontData::from_static(NOTO_SANS_SC)),
    );
    chain.push("Noto Sans SC".to_owned());
    if let Some(prop) = defs.families.get_mut(&FontFamily::Proportional) {
        for (i, name) in chain.iter().enumerate() {
            prop.insert(i, name.clone());
        }
    }
    if let Some(mono) = defs.families.get_mut(&FontFamily::Monospace) {
        mono.extend(chain.iter().cloned());
    }
    defs
}

/// Install the fonts on a context.
pub fn install(ctx: &egui::Context, choice: FontChoice) {
    ctx.set_fonts(definitions(choice));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_font_covers_rare_name_characters() {
        let defs = definitions(FontChoice::BundledOnly);
        assert_eq!(defs.families[&FontFamily::Proportional][0], "Noto Sans SC");
        let mut fonts = egui::epaint::text::Fonts::new(Default::default(), defs);
        let body = egui::FontId::proportional(14.0);
        let mono = egui::FontId::monospace(14.0);
        for text in [
            "堃喆玥珺昇犇旻镕",
            "医保专项资金绩效台账",
            "受益对象￥（）：，。",
        ] {
            assert!(fonts.has_glyphs(&body, text), "{text}");
            assert!(fonts.has_glyphs(&mono, text), "{text}");
        }
    }
}
