//! Working days and report deadlines. The holiday calendar is data: the official
//! State Council dates for 2019–2026 ship in `assets/holidays.csv` and can be edited;
//! a 调休 make-up working day (班) on a weekend counts as a working day.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate, Weekday};

/// The official holiday and make-up dates shipped with medfund.
pub const OFFICIAL_CSV: &str = include_str!("../../assets/holidays.csv");

/// What a calendar date is, beyond its weekday.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DayKind {
    /// 休: a public holiday (or a day off around one).
    Holiday,
    /// 班: a make-up working day on a weekend (调休).
    MakeUpWorkday,
}

impl DayKind {
    pub fn label(self) -> &'static str {
        match self {
            DayKind::Holiday => "休",
            DayKind::MakeUpWorkday => "班",
        }
    }

    pub fn from_label(text: &str) -> Option<Self> {
        match text.trim() {
            "休" => Some(DayKind::Holiday),
            "班" => Some(DayKind::MakeUpWorkday),
            _ => None,
        }
    }
}

/// One special date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecialDay {
    pub date: NaiveDate,
    pub kind: DayKind,
    pub name: String,
}

/// The special dates that override the Monday–Friday rule.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HolidayCalendar {
    days: BTreeMap<NaiveDate, (DayKind, String)>,
}

impl HolidayCalendar {
    pub fn new(days: impl IntoIterator<Item = SpecialDay>) -> Self {
        Self {
            days: days
                .into_iter()
                .map(|d| (d.date, (d.kind, d.name)))
                .collect(),
        }
    }

    /// The shipped official calendar.
    pub fn official() -> Self {
        // The shipped file is checked by a test, so a bad line cannot reach a user.
        Self::new(parse_csv(OFFICIAL_CSV).unwrap_or_default())
    }

    pub fn days(&self) -> impl Iterator<Item = SpecialDay> + '_ {
        self.days.iter().map(|(date, (kind, name))| SpecialDay {
            date: *date,
            kind: *kind,
            name: name.clone(),
        })
    }

    /// Whether offices are open on `date`.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.days.get(&date) {
            Some((DayKind::Holiday, _)) => false,
            Some((DayKind::MakeUpWorkday, _)) => true,
            None => !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// `date` itself if it is a working day, else the next working day.
    pub fn next_working_day(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        // A year never has more than a fortnight of consecutive days off.
        for _ in 0..30 {
            if self.is_working_day(d) {
                return d;
            }
            d = d.succ_opt().unwrap_or(d);
        }
        d
    }

    /// The deadline of the monthly report for `year`-`month`: the 5th of the next
    /// month, moved to the next working day when the 5th is a weekend or holiday.
    pub fn report_deadline(&self, year: i32, month: u32) -> Option<NaiveDate> {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let fifth = first.checked_add_months(Months::new(1))?.with_day(5)?;
        Some(self.next_working_day(fifth))
    }
}

/// Parse `日期,类型,名称` lines (a header line is allowed). Errors name the line.
pub fn parse_csv(text: &str) -> Result<Vec<SpecialDay>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with("日期") {
            continue;
        }
        let mut parts = line.split(',');
        let (Some(date), Some(kind)) = (parts.next(), parts.next()) else {
            return Err(format!("第 {} 行「{line}」应为：日期,类型,名称", i + 1));
        };
        let date = super::dates::parse_date(date)
            .ok_or_else(|| format!("第 {} 行的日期「{date}」无效", i + 1))?;
        let kind = DayKind::from_label(kind)
            .ok_or_else(|| format!("第 {} 行的类型「{kind}」应为 休 或 班", i + 1))?;
        out.push(SpecialDay {
            date,
            kind,
            name: parts.next().unwrap_or("").trim().to_owned(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn shipped_calendar_parses_and_covers_2019_to_2026() {
        let days = parse_csv(OFFICIAL_CSV).unwrap();
        assert!(days.len() > 250);
        for year in 2019..=2026 {
            assert!(
                days.iter()
                    .any(|s| s.date.year() == year && s.name == "国庆节"
                        || s.date.year() == year && s.name.contains("国庆"))
            );
        }
        // Every 班 day is a weekend, or it would change nothing.
        for s in days.iter().filter(|s| s.kind == DayKind::MakeUpWorkday) {
            assert!(
                matches!(s.date.weekday(), Weekday::Sat | Weekday::Sun),
                "{:?}",
                s.date
            );
        }
    }

    #[test]
    fn september_2021_is_due_on_8_october() {
        let cal = HolidayCalendar::official();
        assert_eq!(cal.report_deadline(2021, 9), Some(d(2021, 10, 8)));
    }

    #[test]
    fn deadlines_move_past_weekends_and_holidays() {
        let cal = HolidayCalendar::official();
        // 2021-02-05 is a Friday: due that day.
        assert_eq!(cal.report_deadline(2021, 1), Some(d(2021, 2, 5)));
        // 2021-06-05 is a Saturday: Monday the 7th.
        assert_eq!(cal.report_deadline(2021, 5), Some(d(2021, 6, 7)));
        // 2020-05-05 is in the 劳动节 break: Wednesday the 6th.
        assert_eq!(cal.report_deadline(2020, 4), Some(d(2020, 5, 6)));
        // December's report is due in January of the next year.
        assert_eq!(cal.report_deadline(2021, 12), Some(d(2022, 1, 5)));
        // 2026-02-28 is a Saturday make-up day: a working day.
        assert!(cal.is_working_day(d(2026, 2, 28)));
        assert!(!cal.is_working_day(d(2026, 2, 16)));
        // Without the calendar only weekends count.
        assert_eq!(
            HolidayCalendar::default().report_deadline(2021, 9),
            Some(d(2021, 10, 5))
        );
    }

    #[test]
    fn bad_lines_are_named() {
        assert_eq!(
            parse_csv("2021-13-01,休,x"),
            Err("第 1 行的日期「2021-13-01」无效".into())
        );
        assert_eq!(
            parse_csv("日期,类型,名称\n2021-10-01,假,x"),
            Err("第 2 行的类型「假」应为 休 或 班".into())
        );
    }
}
