//! Today's date as the pages use it (ages, the calendar's year, the year the
//! selector falls back to): the local date, unless a test fixed it, so that the
//! 操作手册's screenshots (`tests/manual.rs`) do not change with the calendar.

use std::sync::OnceLock;

use chrono::NaiveDate;

static FIXED: OnceLock<NaiveDate> = OnceLock::new();

/// Today's local date, or the one fixed by [`fix_today`].
pub fn today() -> NaiveDate {
    FIXED
        .get()
        .copied()
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// Fix the date [`today`] gives for the rest of the process (for tests; the
/// program never calls it). A second call keeps the first date.
pub fn fix_today(date: NaiveDate) {
    let _ = FIXED.set(date);
}
