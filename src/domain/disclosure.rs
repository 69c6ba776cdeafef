//! 公示 (public disclosure of 医疗救助 recipients): the kinds of assistance a list
//! names and the period it covers.

use super::assistance::Group;
use super::claim::Month;

/// 救助类型 on a public list, in the list's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AidType {
    /// 资助参保: the premium the fund paid for the person.
    Premium,
    /// 普通住院救助.
    Inpatient,
    /// 重特大疾病救助.
    Catastrophic,
    /// 门诊救助.
    Outpatient,
}

impl AidType {
    pub const ALL: [AidType; 4] = [
        AidType::Premium,
        AidType::Inpatient,
        AidType::Catastrophic,
        AidType::Outpatient,
    ];

    /// The name printed on the list.
    pub fn label(self) -> &'static str {
        match self {
            AidType::Premium => "资助参保",
            AidType::Inpatient => "普通住院救助",
            AidType::Catastrophic => "重特大疾病救助",
            AidType::Outpatient => "门诊救助",
        }
    }

    /// The position in the list's order, 0 for 资助参保.
    pub fn order(self) -> i64 {
        match self {
            AidType::Premium => 0,
            AidType::Inpatient => 1,
            AidType::Catastrophic => 2,
            AidType::Outpatient => 3,
        }
    }

    pub fn from_order(order: i64) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.order() == order)
    }
}

impl From<Group> for AidType {
    fn from(group: Group) -> Self {
        match group {
            Group::Inpatient => AidType::Inpatient,
            Group::Catastrophic => AidType::Catastrophic,
            Group::Outpatient => AidType::Outpatient,
        }
    }
}

/// The period of a public list: one report month (its claims only) or a whole
/// year (its claims and its 资助参保 list).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListScope {
    Month(Month),
    Year(i32),
}

impl ListScope {
    /// The scope of `year`, narrowed to `month` when given; a month of another
    /// year is refused in the clerk's words.
    pub fn new(year: i32, month: Option<Month>) -> Result<Self, String> {
        match month {
            None => Ok(ListScope::Year(year)),
            Some(m) if m.year == year => Ok(ListScope::Month(m)),
            Some(m) => Err(format!(
                "月份 {} 不在 {year} 年度内，请选择 {year} 年的月份",
                m.code()
            )),
        }
    }

    pub fn year(self) -> i32 {
        match self {
            ListScope::Month(m) => m.year,
            ListScope::Year(y) => y,
        }
    }

    /// The first and last report month covered.
    pub fn months(self) -> (Month, Month) {
        match self {
            ListScope::Month(m) => (m, m),
            ListScope::Year(year) => (Month { year, month: 1 }, Month { year, month: 12 }),
        }
    }

    /// Whether the year's 资助参保 list is part of it.
    pub fn includes_premiums(self) -> bool {
        matches!(self, ListScope::Year(_))
    }

    /// `2019年11月` or `2019年度`, as titles print it.
    pub fn label(self) -> String {
        match self {
            ListScope::Month(m) => m.label(),
            ListScope::Year(y) => format!("{y}年度"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_and_their_labels() {
        let [jan, nov, dec] = ["2019-01", "2019-11", "2019-12"].map(|t| Month::parse(t).unwrap());
        let month = ListScope::new(2019, Some(nov)).unwrap();
        assert_eq!(month.label(), "2019年11月");
        assert_eq!(month.months(), (nov, nov));
        assert!(!month.includes_premiums());
        let year = ListScope::new(2019, None).unwrap();
        assert_eq!(year.label(), "2019年度");
        assert_eq!(year.months(), (jan, dec));
        assert!(year.includes_premiums());
        assert_eq!(year.year(), 2019);
    }

    #[test]
    fn a_month_outside_the_year_is_refused() {
        assert_eq!(
            ListScope::new(2019, Month::parse("2020-01")).unwrap_err(),
            "月份 2020-01 不在 2019 年度内，请选择 2019 年的月份"
        );
    }

    #[test]
    fn aid_types_follow_the_rule_groups() {
        assert_eq!(AidType::from(Group::Catastrophic).label(), "重特大疾病救助");
        assert_eq!(AidType::from(Group::Inpatient).label(), "普通住院救助");
        assert_eq!(AidType::from(Group::Outpatient).label(), "门诊救助");
        for a in AidType::ALL {
            assert_eq!(AidType::from_order(a.order()), Some(a));
        }
        assert_eq!(AidType::from_order(9), None);
    }
}
