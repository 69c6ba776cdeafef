//! Whether a program-year's indicator targets are open: the state of its
//! 绩效目标申报 as stored. A leaf, so that the indicator set (`evaluation`), which
//! asks before it saves, and the declaration (`declaration`), which reads the set,
//! do not depend on each other both ways.

use rusqlite::{Connection, OptionalExtension};

use super::{Result, StoreError};
use crate::domain::declaration::DeclarationState;

/// The state of a program-year's declaration (编制 when none is saved).
pub(crate) fn declaration_state_tx(
    conn: &Connection,
    program_year_id: i64,
) -> Result<DeclarationState> {
    let code: Option<String> = conn
        .prepare_cached("SELECT state FROM declarations WHERE program_year_id = ?1")?
        .query_row([program_year_id], |r| r.get(0))
        .optional()?;
    match code {
        None => Ok(DeclarationState::Draft),
        Some(c) => DeclarationState::from_code(&c)
            .ok_or_else(|| StoreError::Corrupt(format!("绩效目标申报的状态「{c}」"))),
    }
}
