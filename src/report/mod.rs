//! Report models (figures and text) built from the store; `io` renders them.

pub mod funds;
pub mod metrics;
pub mod scoresheet;
pub mod self_eval;
pub mod settlement;
pub mod summary;
pub mod transfers;
