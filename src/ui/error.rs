//! Why a page's action was refused, kept typed until the page shows it.

use crate::store::StoreError;

/// What a form's submit can fail with.
#[derive(Debug, thiserror::Error)]
pub enum UiError {
    /// A field as typed cannot be taken; the message names it and says why.
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}
