//! Which backups are kept: the last 7 daily, 4 weekly and 12 monthly copies.
//!
//! The rule works on the times the copies were taken (from their names), newest
//! first, so that it can be tested with any clock. Three rules each pick copies
//! from all of them, and a copy any rule picks is kept:
//! - **daily**: the newest copy of each of the 7 most recent days that have one;
//! - **weekly**: the newest copy of each of the 4 most recent ISO weeks (Monday to
//!   Sunday) that have one;
//! - **monthly**: the newest copy of each of the 12 most recent calendar months
//!   that have one.
//!
//! The rules overlap: the newest copy is that day's, that week's and that month's
//! at once, and is listed by the first rule that keeps it (每日 before 每周 before
//! 每月). Because a past day, week or month gets no newer copy, a copy picked once
//! stays picked until its day, week or month falls out of the count, so rotating
//! after every backup keeps the same copies as rotating once at the end. After a
//! year of daily starts 20 copies remain: the last 7 days, 2 more Sundays for the
//! weeks, and the last day of each of the 11 months before. Several copies on one
//! day (a start, then a backup before an import) keep only that day's newest.

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
    // The longest-lived rule first, so that a copy two rules keep is listed by
    // the shorter one.
    for (kind, count, bucket) in [
        (
            Kind::Monthly,
            MONTHLY,
            month as fn(&NaiveDateTime) -> (i32, u32),
        ),
        (Kind::Weekly, WEEKLY, week),
        (Kind::Daily, DAILY, day),
    ] {
        let mut last = None;
        let mut taken = 0;
        for &i in &order {
            let b = bucket(&stamps[i]);
            if last == Some(b) {
                continue;
            }
            if taken == count {
                break;
            }
            last = Some(b);
            taken += 1;
            kinds[i] = Some(kind);
        }
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
        let stamps = [
            at(2026, 3, 2),
            at(2026, 3, 1),
            at(2026, 3, 2) + chrono::TimeDelta::hours(1),
        ];
        assert_eq!(
            classify(&stamps),
            vec![None, Some(Kind::Daily), Some(Kind::Daily)]
        );
    }

    #[test]
    fn rotating_after_each_copy_keeps_what_one_rotation_at_the_end_keeps() {
        let mut all = Vec::new();
        let mut kept: Vec<NaiveDateTime> = Vec::new();
        let mut t = at(2024, 11, 20);
        for _ in 0..500 {
            all.push(t);
            kept.push(t);
            let kinds = classify(&kept);
            kept = kept
                .iter()
                .zip(kinds)
                .filter_map(|(s, k)| k.map(|_| *s))
                .collect();
            // Starts are irregular: every day to every third day.
            t += chrono::TimeDelta::hours(24 + (all.len() as i64 % 3) * 20);
        }
        let once: Vec<NaiveDateTime> = all
            .iter()
            .zip(classify(&all))
            .filter_map(|(s, k)| k.map(|_| *s))
            .collect();
        assert_eq!(kept, once);
    }
}
