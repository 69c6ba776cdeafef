//! medfund — 医保专项资金绩效台账.
//!
//! An offline desktop ledger for a county medical-security bureau's special funds.
//! The crate is layered so that each layer only looks down:
//!
//! - [`domain`]: pure types and rules (money, ID numbers, categories, deadlines);
//! - [`store`]: SQLite, migrations, the audit log and backups — the only place with SQL;
//! - [`io`]: spreadsheet import with its dry-run preview, and the file writers;
//! - [`report`]: report models built from the store;
//! - [`ui`]: the egui pages; [`cli`]: the headless commands.

pub mod cli;
pub mod demo;
pub mod domain;
pub mod export;
pub mod io;
pub mod report;
pub mod store;
pub mod ui;
