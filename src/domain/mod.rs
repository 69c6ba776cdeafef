//! Pure domain types and rules: no egui, no SQL, no files.

pub mod assistance;
pub mod audit_label;
pub mod beneficiary;
pub mod calendar;
pub mod capital;
pub mod category;
pub mod claim;
pub mod credit_code;
pub mod dates;
pub mod declaration;
pub mod disclosure;
pub mod duty;
pub mod fund;
pub mod fund_sources;
pub mod hospital;
pub mod id_number;
pub mod identity;
pub mod mask;
pub mod money;
pub mod password;
pub mod program;
pub mod ratio;
pub mod rules;
pub mod scoring;
pub mod settlement;
pub mod template;
pub mod user;

pub use money::Money;

/// A 是/否 cell: 是, 否, Y, N, 1, 0, true or false; empty is 否. `None` for
/// anything else.
pub fn parse_yes_no(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "是" | "y" | "yes" | "1" | "true" | "√" => Some(true),
        "否" | "" | "n" | "no" | "0" | "false" => Some(false),
        _ => None,
    }
}

/// The most characters of a typed or imported value a message quotes.
pub const QUOTED_CHARS: usize = 50;

/// A value as a message quotes it: whole up to [`QUOTED_CHARS`] characters, a
/// longer one (a pasted paragraph, a cell of a broken file) cut there with "…".
pub fn quoted(value: &str) -> String {
    match value.char_indices().nth(QUOTED_CHARS) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value.to_owned(),
    }
}

/// 是 or 否.
pub fn yes_no(value: bool) -> &'static str {
    if value { "是" } else { "否" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_value_is_cut_at_50_characters() {
        assert_eq!(quoted("低保"), "低保");
        let fifty = "保".repeat(50);
        assert_eq!(quoted(&fifty), fifty);
        let long = format!("{fifty}多出来的字");
        assert_eq!(quoted(&long), format!("{fifty}…"));
        assert_eq!(quoted(&"x".repeat(200)).chars().count(), 51);
    }
}
