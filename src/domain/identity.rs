//! 救助身份 (dated identities): a person of a 医疗救助 program holds one or more
//! identities, each recognised (认定日期) and perhaps ended (终止日期, the last valid
//! day) by 民政 or 乡村振兴. A claim is assisted under the identity valid on its date
//! (入院日期 or 就诊日期); when several are valid, the one listed first in the year's
//! category order (政策参数) wins; when none is, the claim is refused.
//!
//! The roster's 救助类别 is the row from the person's start: no 认定日期 (自始) and
//! no 终止日期, so a person with no dated rows is assisted as before.
//!
//! A monthly list's row is merged into the person's rows of the same identity
//! ([`merge`]): rows of one identity never overlap.

use chrono::NaiveDate;

use super::dates::iso;

/// The import's and the page's column names.
pub const IDENTITY: &str = "救助身份";
pub const START: &str = "认定日期";
pub const END: &str = "终止日期";

/// Why a claim is refused when no identity is valid on its date.
pub const NO_IDENTITY: &str = "该人员在就诊日期无有效救助身份";

/// One identity row: from `start` (None: from the person's start) to `end`
/// inclusive (None: not ended).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IdentitySpan {
    pub identity: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

impl IdentitySpan {
    /// The roster's 救助类别 as an identity from the person's start, never ended.
    pub fn from_start(identity: &str) -> Self {
        Self {
            identity: identity.to_owned(),
            start: None,
            end: None,
        }
    }

    /// Whether the identity is valid on `day` (both ends included).
    pub fn valid_on(&self, day: NaiveDate) -> bool {
        self.start.is_none_or(|s| s <= day) && self.end.is_none_or(|e| day <= e)
    }

    /// Whether the two periods share a day (the identities are not compared).
    pub fn overlaps(&self, other: &IdentitySpan) -> bool {
        let starts_before_other_ends = match (self.start, other.end) {
            (Some(s), Some(e)) => s <= e,
            _ => true,
        };
        let other_starts_before_end = match (other.start, self.end) {
            (Some(s), Some(e)) => s <= e,
            _ => true,
        };
        starts_before_other_ends && other_starts_before_end
    }

    /// 认定日期 as shown: the date, or 自始 for the row from the person's start.
    pub fn start_label(&self) -> String {
        self.start.map_or_else(|| "自始".to_owned(), iso)
    }

    /// 终止日期 as shown: the date, or 至今 when not ended.
    pub fn end_label(&self) -> String {
        self.end.map_or_else(|| "至今".to_owned(), iso)
    }

    /// E.g. 「低保对象 2025-01-01 至 2025-06-30」.
    pub fn describe(&self) -> String {
        format!(
            "{} {} 至 {}",
            self.identity,
            self.start_label(),
            self.end_label()
        )
    }
}

/// The identity a claim dated `day` is assisted under: of the rows valid that
/// day, the first in `order` (the year's categories); a valid identity the year
/// does not list is taken only when no listed one is valid (the rule then names
/// it as having no parameters). `None` when no row is valid.
pub fn identity_on<'a>(
    spans: &'a [IdentitySpan],
    day: NaiveDate,
    order: &[&str],
) -> Option<&'a str> {
    let valid = || spans.iter().filter(|s| s.valid_on(day));
    let rank = |identity: &str| order.iter().position(|o| *o == identity);
    valid()
        .filter_map(|s| rank(&s.identity).map(|r| (r, s.identity.as_str())))
        .min_by_key(|(r, _)| *r)
        .map(|(_, identity)| identity)
        .or_else(|| valid().next().map(|s| s.identity.as_str()))
}

/// What a list's row does to the person's rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Merge {
    /// No row of the identity overlaps it: a new row.
    New,
    /// A row of the identity already says it (the same period, or a closed
    /// period that holds it).
    Unchanged,
    /// The row at `index` of the person's rows becomes `to`: their union, where
    /// the list's 终止日期 ends a row that had none.
    Change { index: usize, to: IdentitySpan },
    /// It overlaps more than one row of the identity.
    Ambiguous(String),
}

/// Merge a list's row into a person's rows (all identities; only those of the
/// row's identity are looked at). The list is the newer word: an open row it
/// overlaps takes its 终止日期; otherwise the periods are joined.
pub fn merge(rows: &[IdentitySpan], row: &IdentitySpan) -> Merge {
    let overlapping: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.identity == row.identity && r.overlaps(row))
        .map(|(i, _)| i)
        .collect();
    match overlapping[..] {
        [] => Merge::New,
        [index] => {
            let old = &rows[index];
            let start = match (old.start, row.start) {
                (Some(a), Some(b)) => Some(a.min(b)),
                _ => None,
            };
            let end = match (old.end, row.end) {
                (None, end) => end,
                (Some(a), Some(b)) => Some(a.max(b)),
                (Some(_), None) => None,
            };
            let to = IdentitySpan {
                identity: row.identity.clone(),
                start,
                end,
            };
            if to == *old {
                Merge::Unchanged
            } else {
                Merge::Change { index, to }
            }
        }
        _ => Merge::Ambiguous(format!(
            "与已有的 {} 段「{}」身份重叠（{}），请核对后逐段导入",
            overlapping.len(),
            row.identity,
            overlapping
                .iter()
                .map(|&i| format!("{} 至 {}", rows[i].start_label(), rows[i].end_label()))
                .collect::<Vec<_>>()
                .join("、")
        )),
    }
}

/// Check a row's dates: the end is not before the start. The message names the
/// values (the caller names the row and the 终止日期 column).
pub fn check_dates(start: NaiveDate, end: Option<NaiveDate>) -> Result<(), String> {
    match end {
        Some(e) if e < start => Err(format!("终止日期 {} 早于认定日期 {}", iso(e), iso(start))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn span(identity: &str, start: Option<NaiveDate>, end: Option<NaiveDate>) -> IdentitySpan {
        IdentitySpan {
            identity: identity.into(),
            start,
            end,
        }
    }

    #[test]
    fn both_ends_are_valid_days() {
        let s = span("低保对象", Some(d(2025, 3, 1)), Some(d(2025, 6, 30)));
        assert!(!s.valid_on(d(2025, 2, 28)));
        assert!(s.valid_on(d(2025, 3, 1)));
        assert!(s.valid_on(d(2025, 6, 30)));
        assert!(!s.valid_on(d(2025, 7, 1)));
        assert!(IdentitySpan::from_start("低保").valid_on(d(1900, 1, 1)));
        assert_eq!(s.describe(), "低保对象 2025-03-01 至 2025-06-30");
        assert_eq!(
            IdentitySpan::from_start("低保").describe(),
            "低保 自始 至 至今"
        );
    }

    #[test]
    fn the_years_order_decides_between_valid_identities() {
        let order = ["特困人员", "低保对象", "防止返贫监测对象"];
        let rows = [
            span("防止返贫监测对象", Some(d(2025, 1, 1)), None),
            span("低保对象", Some(d(2025, 4, 1)), Some(d(2025, 8, 31))),
        ];
        assert_eq!(
            identity_on(&rows, d(2025, 3, 31), &order),
            Some("防止返贫监测对象")
        );
        // Both valid: 低保对象 comes first in the year's order.
        assert_eq!(identity_on(&rows, d(2025, 4, 1), &order), Some("低保对象"));
        assert_eq!(
            identity_on(&rows, d(2025, 9, 1), &order),
            Some("防止返贫监测对象")
        );
        assert_eq!(identity_on(&rows, d(2024, 12, 31), &order), None);
        // A valid identity the year does not list is named only when alone.
        let odd = [span("五保", None, None)];
        assert_eq!(identity_on(&odd, d(2025, 1, 1), &order), Some("五保"));
    }

    #[test]
    fn a_list_row_merges_into_the_rows_of_its_identity() {
        let open = span("防止返贫监测对象", Some(d(2025, 1, 1)), None);
        let closed = span("低保对象", Some(d(2025, 1, 1)), Some(d(2025, 6, 30)));
        let rows = vec![open.clone(), closed.clone()];
        // The same row again, and a row inside a closed period: 无变化.
        assert_eq!(merge(&rows, &open), Merge::Unchanged);
        let inside = span("低保对象", Some(d(2025, 2, 1)), Some(d(2025, 5, 31)));
        assert_eq!(merge(&rows, &inside), Merge::Unchanged);
        // The list ends the open row.
        let ended = span(
            "防止返贫监测对象",
            Some(d(2025, 1, 1)),
            Some(d(2025, 7, 31)),
        );
        assert_eq!(
            merge(&rows, &ended),
            Merge::Change {
                index: 0,
                to: ended.clone()
            }
        );
        // A later overlapping period extends the closed one.
        let later = span("低保对象", Some(d(2025, 6, 1)), Some(d(2025, 12, 31)));
        assert_eq!(
            merge(&rows, &later),
            Merge::Change {
                index: 1,
                to: span("低保对象", Some(d(2025, 1, 1)), Some(d(2025, 12, 31)))
            }
        );
        // Another identity, or no overlap: a new row.
        let other = span("特困人员", Some(d(2025, 3, 1)), None);
        assert_eq!(merge(&rows, &other), Merge::New);
        let after = span("低保对象", Some(d(2025, 7, 1)), None);
        assert_eq!(merge(&rows, &after), Merge::New);
        // Bridging two rows is refused.
        let two = vec![closed.clone(), after.clone()];
        let bridge = span("低保对象", Some(d(2025, 6, 1)), Some(d(2025, 7, 31)));
        assert!(matches!(merge(&two, &bridge), Merge::Ambiguous(m) if m.contains("2 段")));
        // The roster's row from the start is ended by the list.
        let roster = vec![IdentitySpan::from_start("低保对象")];
        assert_eq!(
            merge(&roster, &closed),
            Merge::Change {
                index: 0,
                to: span("低保对象", None, Some(d(2025, 6, 30)))
            }
        );
    }

    #[test]
    fn an_end_before_the_start_is_refused() {
        assert_eq!(
            check_dates(d(2025, 3, 1), Some(d(2025, 2, 28))),
            Err("终止日期 2025-02-28 早于认定日期 2025-03-01".into())
        );
        assert!(check_dates(d(2025, 3, 1), Some(d(2025, 3, 1))).is_ok());
        assert!(check_dates(d(2025, 3, 1), None).is_ok());
    }
}
