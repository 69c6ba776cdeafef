//! Pure domain types and rules: no egui, no SQL, no files.

pub mod assistance;
pub mod beneficiary;
pub mod calendar;
pub mod capital;
pub mod category;
pub mod claim;
pub mod credit_code;
pub mod dates;
pub mod disclosure;
pub mod fund;
pub mod hospital;
pub mod id_number;
pub mod mask;
pub mod money;
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

/// 是 or 否.
pub fn yes_no(value: bool) -> &'static str {
    if value { "是" } else { "否" }
}
