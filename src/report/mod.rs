//! Report models (figures and text) built from the store; `io` renders them.

pub mod claims_detail;
pub mod declaration;
pub mod evaluation;
pub mod figures;
pub mod funds;
pub mod manual;
pub mod metrics;
pub mod narrative;
pub mod public_list;
pub mod scoresheet;
pub mod self_eval;
pub mod settlement;
pub mod summary;
pub mod transfers;
pub mod verify;
