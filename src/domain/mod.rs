//! Pure domain types and rules: no egui, no SQL, no files.

pub mod assistance;
pub mod beneficiary;
pub mod calendar;
pub mod capital;
pub mod category;
pub mod claim;
pub mod credit_code;
pub mod dates;
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
