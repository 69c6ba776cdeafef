//! Dates as clerks write them: 1945-09-02, 1945/9/2, 1945.9.2, 1945年9月2日, 19450902.

use chrono::NaiveDate;

/// Parse a date written in any of the common Chinese office forms.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    // Drop a trailing time part such as "1945-09-02 00:00:00".
    let t = t.split_whitespace().next().unwrap_or(t);
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(t, "%Y%m%d").ok();
    }
    let t = t.strip_suffix('日').unwrap_or(t);
    let parts: Vec<&str> = t
        .split(['-', '/', '.', '年', '月'])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() != 3 {
        return None;
    }
    let y: i32 = parts[0].parse().ok()?;
    let m: u32 = parts[1].parse().ok()?;
    let d: u32 = parts[2].parse().ok()?;
    if !(1800..=2200).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

/// ISO form for storage and display, e.g. `1945-09-02`.
pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// A date as an official document writes it: `2022年1月20日`.
pub fn chinese_date(date: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_office_forms() {
        let d = NaiveDate::from_ymd_opt(1945, 9, 2);
        for t in [
            "1945-09-02",
            "1945/9/2",
            "1945.9.2",
            "1945年9月2日",
            "19450902",
            " 1945-9-2 00:00:00",
        ] {
            assert_eq!(parse_date(t), d, "{t}");
        }
        assert_eq!(parse_date("1945-02-30"), None);
        assert_eq!(parse_date("九月"), None);
        assert_eq!(parse_date(""), None);
    }
}
