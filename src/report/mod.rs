//! Report models (figures and text) built from the store; `io` renders them.

pub mod summary;
pub mod transfers;
