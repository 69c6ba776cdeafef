//! Which backups are kept: the last 7 daily, 4 weekly and 12 monthly copies.
//!
//! The rule works on the times the copies were taken (from their names), newest
//! first, so that it can be tested with any clock:
//! - **daily**: the newest copy of each of the 7 most recent days that have one;
//! - **weekly**: among the copies older than the oldest daily one, the newest of
//!   each of the 4 most recent ISO weeks (Monday to Sunday) that have one;
//! - **monthly**: among the copies older than the oldest weekly one, the newest of
//!   each of the 12 most recent calendar months that have one.
//!
//! The three kinds never overlap: a copy is counted once, so after a year of daily
//! starts exactly 7 + 4 + 12 = 23 copies remain, reaching back a little over a
//! year. Several copies on one day (a start, then a backup before an import) keep
//! only that day's newest. Everything else is deleted.

use chrono::{Datelike, NaiveDateTime};

/// How many copies of each kind are kept.
pub const DAILY: usize = 7;
pub const WEEKLY: usize = 4;
pub const MONTHLY: usize = 12;

/// Why a copy is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Daily,
    Weekly,
    Monthly,
}

impl Kind {
    /// The word 设置 shows.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Daily => "每日",
            Kind::Weekly => "每周",
            Kind::Monthly => "每月",
        }
    }
}

/// The kind of each copy taken at `stamps` (in any order): `Some` for the copies
/// kept, `None` for those to delete, in the order given.
pub fn classify(stamps: &[NaiveDateTime]) -> Vec<Option<Kind>> {
    let mut order: Vec<usize> = (0..stamps.len()).collect();
    order.sort_by(|a, b| stamps[*b].cmp(&stamps[*a]));
    let mut kinds = vec![None; stamps.len()];
    let mut rest: &[usize] = &order;
    for (kind, count, bucket) in [
        (Kind::Daily, DAILY, day as fn(&NaiveDateTime) -> (i32, u32)),
        (Kind::Weekly, WEEKLY, week),
        (Kind::Monthly, MONTHLY, month),
    ] {
        let mut last = None;
        let mut taken = 0;
        let mut consumed = 0;
        for (n, &i) in rest.iter().enumerate() {
            let b = bucket(&stamps[i]);
            if last == Some(b) {
                consumed = n + 1;
                continue;
            }
            if taken == count {
                break;
            }
            last = Some(b);
            taken += 1;
            kinds[i] = Some(kind);
            consumed = n + 1;
        }
        rest = &rest[consumed..];
    }
    kinds
}

fn day(t: &NaiveDateTime) -> (i32, u32) {
    (t.year(), t.ordinal())
}

fn week(t: &NaiveDateTime) -> (i32, u32) {
    let w = t.iso_week();
    (w.year(), w.week())
}

fn month(t: &NaiveDateTime) -> (i32, u32) {
    (t.year(), t.month())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap()
    }

    #[test]
    fn a_few_copies_are_all_daily_and_one_per_day() {
        let stamps = [at(2026, 3, 2), at(2026, 3, 1), at(2026, 3, 2) + chrono::TimeDelta::hours(1)];
        assert_eq!(
            classify(&stamps),
            vec![None, Some(Kind::Daily), Some(Kind::Daily)]
        );
    }

    #[test]
    fn the_rest_of_a_day_is_not_a_weekly_copy() {
        // Eight days of two copies each: the 8th day's newest becomes weekly; the
        // older copies of kept days are deleted, not promoted.
        let mut stamps = Vec::new();
        for d in 1..=8 {
            stamps.push(at(2026, 6, d));
            stamps.push(at(2026, 6, d) + chrono::TimeDelta::hours(2));
        }
        let kinds = classify(&stamps);
        let kept: Vec<_> = stamps
            .iter()
            .zip(&kinds)
            .filter_map(|(s, k)| k.map(|k| (*s, k)))
            .collect();
        assert_eq!(kept.len(), 8);
        assert_eq!(
            kept[0],
            (at(2026, 6, 1) + chrono::TimeDelta::hours(2), Kind::Weekly)
        );
    }
}
