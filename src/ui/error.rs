//! Why a page's action was refused, kept typed until the page shows it.

use crate::export::ExportError;
use crate::store::StoreError;
use crate::ui::jobs::JobDied;

/// What a form's submit or a page's background job can fail with.
#[derive(Debug, thiserror::Error)]
pub enum UiError {
    /// A field as typed cannot be taken; the message names it and says why.
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error(transparent)]
    JobDied(#[from] JobDied),
}
