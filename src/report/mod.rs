//! Report models (figures and text) built from the store; `io` renders them.

pub mod evaluation;
pub mod funds;
pub mod metrics;
pub mod narrative;
pub mod scoresheet;
pub mod self_eval;
pub mod settlement;
pub mod summary;
pub mod transfers;
